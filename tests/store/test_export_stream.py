"""`kg export` streams (Store.write, an external merge sort) and gives the bytes the in-memory
serialisation gave (Store.serialize / Store.dataset): on the curated graph, on graphs built to
break it (blank nodes, a triple in two graphs, graph IRIs that prefix each other, odd literals),
with runs spilled to disk; and an interrupted export leaves nothing under the file's name."""
from __future__ import annotations

import io

import pytest
import rdflib
from rdflib.compare import isomorphic

import kg.store.embedded as embedded
from kg.cli import main
from kg.iris import PREFIXES
from kg.store import Store
from kg.store.build import open_built
from kg.store.export import FORMATS, export, serialize

from ..conftest import built_copy

RDFLIB = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml", "trig": "trig", "nquads": "nquads"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_copy(tmp_path_factory.mktemp("export") / "project")


def streamed(store: Store, fmt: str) -> bytes:
    out = io.BytesIO()
    export(store, fmt, out)
    return out.getvalue()


def same_rdf(fmt: str, new: bytes, old: bytes) -> bool:
    """Isomorphic as rdflib reads them: graph by graph for the formats that keep named graphs."""
    if fmt in ("trig", "nquads"):
        a, b = rdflib.Dataset(), rdflib.Dataset()
        a.parse(data=new, format=RDFLIB[fmt])
        b.parse(data=old, format=RDFLIB[fmt])
        names = {g.identifier for g in a.graphs()}
        return names == {g.identifier for g in b.graphs()} and all(
            isomorphic(a.graph(n), b.graph(n)) for n in names)
    return isomorphic(rdflib.Graph().parse(data=new, format=RDFLIB[fmt]),
                      rdflib.Graph().parse(data=old, format=RDFLIB[fmt]))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_streamed_export_of_the_curated_graph_is_the_old_one_byte_for_byte(built, fmt, monkeypatch):
    store = open_built(built)
    old = serialize(store, fmt)
    assert streamed(store, fmt) == old
    monkeypatch.setattr(embedded, "SORT_RUN_BYTES", 20_000)  # dozens of runs spilled to temporary files
    new = streamed(store, fmt)
    assert new == old and len(old) > 100_000
    assert same_rdf(fmt, new, old)


HOSTILE = {
    "http://example.org/g/a": """
        @prefix ex: <http://example.org/> .
        ex:s ex:p "tab\\there", "line\\nbreak", "quote \\" and \\\\", "é ☃ 𝄞"@fr, "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
        ex:s ex:q [ ex:r "in a blank node" ; ex:t [ ex:u ex:s ] ] .
        ex:list ex:items ( ex:a "b" ex:c ) .
        ex:shared ex:p ex:o .
    """,
    "http://example.org/g/a#b": """
        @prefix ex: <http://example.org/> .
        ex:shared ex:p ex:o .
        ex:s ex:q [ ex:r "in a blank node" ] .
        _:x ex:p _:y . _:y ex:p _:x .
    """,
    "http://example.org/g/a/c": """
        @prefix ex: <http://example.org/> .
        ex:s ex:p "tab\\there" ; ex:p "tab" .
    """,
    "http://example.org/g/": "",
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("run_bytes", [1, 200, 16 * 2**20])
def test_the_streamed_export_of_a_hostile_dataset_is_the_old_one_byte_for_byte(fmt, run_bytes, monkeypatch):
    store = Store.memory()
    for graph, turtle in HOSTILE.items():
        store.load_turtle_bytes(turtle.encode(), graph, graph)
    old = serialize(store, fmt)
    monkeypatch.setattr(embedded, "SORT_RUN_BYTES", run_bytes)
    new = streamed(store, fmt)
    assert new == old
    assert same_rdf(fmt, new, old)
    if fmt == "nt":  # the triple in two graphs once, the blank nodes there
        assert new.count(b"<http://example.org/shared> <http://example.org/p> <http://example.org/o> .") == 1
        assert b"_:" in new


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_view_without_some_graphs_and_an_empty_store_stream_as_before(fmt):
    store = Store.memory()
    for graph, turtle in HOSTILE.items():
        store.load_turtle_bytes(turtle.encode(), graph, graph)
    view = store.without("http://example.org/g/a")
    assert streamed(view, fmt) == serialize(view, fmt)
    empty = Store.memory()
    assert streamed(empty, fmt) == serialize(empty, fmt)
    out = io.BytesIO()
    empty.write(fmt, out, PREFIXES)


def test_an_interrupted_export_leaves_no_partial_file_under_its_name(built, monkeypatch, capsys):
    target = built.root / "export.nt"

    def interrupted(self, fmt, out, prefixes=None):
        out.write(b"<http://example.org/s> <http://example.org/p> ")  # half a line, then ^C
        raise KeyboardInterrupt

    assert main(["--root", str(built.root), "export", "-f", "nt", "-o", str(target)]) == 0
    complete = target.read_bytes()
    monkeypatch.setattr(Store, "write", interrupted)
    target.unlink()
    assert main(["--root", str(built.root), "export", "-f", "nt", "-o", str(target)]) == 130
    assert not target.exists()
    target.write_bytes(complete)  # over an earlier export: that one is left whole
    assert main(["--root", str(built.root), "export", "-f", "nt", "-o", str(target)]) == 130
    assert target.read_bytes() == complete
    assert [p.name for p in built.root.iterdir() if p.name.startswith(".export.nt")] == []  # no temporary left
    assert "interrupted" in capsys.readouterr().err
