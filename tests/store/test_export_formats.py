"""`kg export -f` takes the names riot and rapper take, or the -o file's suffix; a wrong one is one line,
exit 2. JSON-LD is compacted with an @context of our prefixes, and pyld, the JSON-LD reference processor,
reads back exactly the triples of `-f nt`: on the curated build and on graphs built to break it."""
from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
import rdflib
from pyld import jsonld as pyld
from rdflib.compare import isomorphic

import kg.store.embedded as embedded
from kg.cli import main
from kg.errors import KgError
from kg.iris import CCKG_NS, KGR_NS, PREFIXES
from kg.store import Store
from kg.store.build import open_built
from kg.store.export import ALIASES, AMBIGUOUS, FORMATS, SUFFIXES, export, format_named

from .test_export_stream import HOSTILE
from .test_export_stream import built  # noqa: F401 (the module fixture: a built copy)
from .test_export_stream import streamed as exported

XSD = PREFIXES["xsd"]




def canonical(data: bytes, fmt) -> set[str]:
    """The triples of an RDF document, blank nodes labelled by RDFC-1.0 (pyoxigraph), as N-Triples."""
    dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in dataset}


def read_by_pyld(data: bytes) -> bytes:
    """The N-Quads pyld makes of a JSON-LD document (no document loader: the @context is inline)."""
    return pyld.to_rdf(json.loads(data), {"format": "application/n-quads"}).encode()


def assert_pyld_reads_the_nt_export(store: Store) -> dict:
    nt, document = exported(store, "nt"), exported(store, "jsonld")
    nquads = read_by_pyld(document)
    assert canonical(nquads, ox.RdfFormat.N_QUADS) == canonical(nt, ox.RdfFormat.N_TRIPLES)
    # default-graph N-Quads are N-Triples (a graph name would fail the parse)
    assert isomorphic(rdflib.Graph().parse(data=nquads, format="nt"), rdflib.Graph().parse(data=nt, format="nt"))
    return json.loads(document)


def test_pyld_reads_the_jsonld_export_of_the_curated_build_as_its_nt_export(built):
    store = open_built(built)
    nt = exported(store, "nt").decode()
    for kind in ("decimal", "date", "gYear", "integer"):  # the terms a JSON-LD writer most easily re-spells
        assert f"^^<{XSD}{kind}>" in nt, kind
    assert '"@fr ' in nt and '"@en ' in nt and "_:c14n" in nt
    assert_pyld_reads_the_nt_export(store)
    assert len(nt.splitlines()) > 4000


def test_the_jsonld_export_is_compacted_with_our_prefixes(built):
    document = json.loads(exported(open_built(built), "jsonld"))
    assert document["@context"] == {"@vocab": CCKG_NS, **PREFIXES} and list(document) == ["@context", "@graph"]
    nodes = {node["@id"]: node for node in document["@graph"]}
    netflix = nodes["kgr:org-netflix"]
    assert netflix["@type"] == "Company" and "rdfs:label" in netflix
    keys = {key for node in nodes.values() for key in node}
    assert "targetYear" in keys and "skos:prefLabel" in keys
    namespaces = tuple(PREFIXES.values())
    assert not [k for k in keys if k.startswith(namespaces)], "every key in our namespaces is compacted"
    assert not [i for i in nodes if i.startswith(namespaces)], "every @id in our namespaces is compacted"
    values = [v for node in nodes.values() for vs in node.values() for v in (vs if isinstance(vs, list) else [vs])
              if isinstance(v, dict) and "@value" in v]
    assert {v.get("@type") for v in values} >= {"xsd:decimal", "xsd:date", "xsd:gYear", "xsd:integer", None}
    assert all(isinstance(v["@value"], str) for v in values), "typed values stay strings, never JSON numbers"
    assert {v["@language"] for v in values if "@language" in v} == {"en", "fr"}


EDGES = f"""
@prefix cckg: <{CCKG_NS}> .
@prefix kgr: <{KGR_NS}> .
@prefix xsd: <{XSD}> .
@prefix ex: <http://example.org/> .
kgr:x a cckg:Organisation, cckg:org, cckg:time, <{CCKG_NS}a:b>, ex:Thing, [ ex:p 1 ] ;
    a "a literal type" ;
    cckg:org kgr:y ; cckg:value "01"^^xsd:integer, "true"^^xsd:boolean, "1"^^xsd:decimal, "1.5"^^xsd:float ;
    cckg:rdf "the local name of a prefix" ; <{CCKG_NS}> "the namespace itself" ; <{CCKG_NS}@id> "not @id" ;
    <{CCKG_NS}a:b> "a colon" ; cckg:x "x"@en-GB, "{{\\"a\\": 1}}"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON> ;
    <https://schema.org//double> "a suffix starting //" ; ex:date "2024-01-31"^^xsd:date ;
    ex:list ( 1 "two" kgr:three ) ; ex:typed "t"^^cckg:Custom, "s"^^<http://example.org/dt> .
<http://example.org/s> ex:p "no prefix" .
"""


@pytest.mark.parametrize("graph", ["edges", *HOSTILE])
def test_pyld_reads_jsonld_built_to_break_it_as_the_nt_export(graph, monkeypatch):
    store = Store.memory()
    if graph == "edges":
        store.load_turtle_bytes(EDGES.encode(), "urn:test:edges", "edges")
    else:
        store.load_turtle_bytes(HOSTILE[graph].encode(), graph, graph)
    document = assert_pyld_reads_the_nt_export(store)
    monkeypatch.setattr(embedded, "SORT_RUN_BYTES", 1)  # every line its own run: still one node per subject
    assert json.loads(exported(store, "jsonld")) == document
    ids = [node["@id"] for node in document["@graph"]]
    assert len(ids) == len(set(ids)), "one node object per subject"
    if graph == "edges":
        x = next(node for node in document["@graph"] if node["@id"] == "kgr:x")
        assert x["cckg:org"] == {"@id": "kgr:y"} and "cckg:org" in x["@type"], "a prefix's name is no key"
        assert {"@value": "1", "@type": "xsd:integer"} in x["value"], "no JSON number: the same literal"


def test_an_xsd_double_is_written_as_stored_and_pyld_respells_only_its_lexical_form():
    """pyld (3.x, to_rdf) rewrites every xsd:double string in canonical form ("1" -> "1.0E0"): the same
    value, so the export is right; the other processors read it as written."""
    store = Store.memory()
    store.load_turtle_bytes(f'<{KGR_NS}x> <{CCKG_NS}value> "1.0E0"^^<{XSD}double> .'.encode(), "urn:test:g", "g")
    document = json.loads(exported(store, "jsonld"))
    assert document["@graph"][0]["value"] == {"@value": "1", "@type": "xsd:double"}  # as the store gives it
    assert exported(store, "nt").endswith(f'"1"^^<{XSD}double> .\n'.encode())
    assert read_by_pyld(exported(store, "jsonld")).endswith(f'"1.0E0"^^<{XSD}double> .\n'.encode())
    assert isomorphic(rdflib.Graph().parse(data=exported(store, "jsonld"), format="json-ld"),
                      rdflib.Graph().parse(data=exported(store, "nt"), format="nt"))


def test_the_pages_jsonld_has_the_same_context_and_triples():
    from kg.web.linked import serialise

    store = Store.memory()
    store.load_turtle_bytes(EDGES.encode(), "urn:test:edges", "edges")
    nt = exported(store, "nt")
    page = serialise(nt, "JSON_LD", f"{KGR_NS}x")
    assert json.loads(page)["@context"] == json.loads(exported(store, "jsonld"))["@context"]
    assert json.loads(page)["@graph"][0]["@id"] == "kgr:x", "the page's resource first"
    assert canonical(read_by_pyld(page), ox.RdfFormat.N_QUADS) == canonical(nt, ox.RdfFormat.N_TRIPLES)


def test_an_empty_graph_is_an_empty_jsonld_graph():
    document = json.loads(exported(Store.memory(), "jsonld"))
    assert document["@graph"] == [] and read_by_pyld(exported(Store.memory(), "jsonld")) == b""


def test_an_iri_jsonld_would_read_as_a_compact_iri_is_refused():
    store = Store.memory()
    store.load_turtle_bytes(b"<kgr:org-x> <http://example.org/p> 1 .", "urn:test:g", "g")
    with pytest.raises(KgError, match="kgr:org-x"):
        exported(store, "jsonld")


def test_help_lists_every_format_with_its_names_and_every_suffix(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    lines = capsys.readouterr().out.splitlines()
    for fmt in FORMATS:
        line = next(line for line in lines if line.startswith(f"  {fmt} "))
        assert ", ".join(ALIASES[fmt]) in line and max(map(len, lines)) <= 80, line
    assert f"  {' '.join(SUFFIXES)}" in lines


@pytest.mark.parametrize("name", [n for f in FORMATS for n in ALIASES[f]] + ["Turtle", "RDF/XML", "JSON-LD", "N-Quads"])
def test_every_alias_exports_the_same_bytes_as_its_format(built, name, tmp_path):
    target = tmp_path / "out.data"
    assert main(["--root", str(built.root), "export", "-f", name, "-o", str(target)]) == 0
    assert target.read_bytes() == exported(open_built(built), format_named(name))


def test_a_wrong_format_is_one_line_naming_it_and_the_accepted_ones(built, capsys):
    assert main(["--root", str(built.root), "export", "-f", "turtel"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and "turtel" in lines[0]
    assert all(name in lines[0] for fmt in FORMATS for name in (fmt, *ALIASES[fmt]))


@pytest.mark.parametrize("suffix", list(SUFFIXES))
def test_without_f_the_format_comes_from_the_output_suffix(built, suffix, tmp_path, capsys):
    target = tmp_path / f"graph{suffix.upper() if suffix == '.ttl' else suffix}"
    assert main(["--root", str(built.root), "export", "-o", str(target)]) == 0
    assert target.read_bytes() == exported(open_built(built), SUFFIXES[suffix])
    said = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("kg: wrote")]
    assert len(said) == (1 if suffix in AMBIGUOUS else 0), said


@pytest.mark.parametrize("name", ["graph.n3", "graph", "graph.ttl.bak"])
def test_an_unknown_suffix_without_f_is_one_line_and_no_file(built, name, tmp_path, capsys):
    target = tmp_path / name
    assert main(["--root", str(built.root), "export", "-o", str(target)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and name in lines[0] and "-f" in lines[0] and ".ttl" in lines[0], lines
    assert not target.exists()
    assert main(["--root", str(built.root), "export", "-f", "nt", "-o", str(target)]) == 0  # -f decides
    assert target.read_bytes() == exported(open_built(built), "nt")
