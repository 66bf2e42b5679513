"""The store's deterministic serialisation: one line per distinct triple, canonical blank nodes."""
from __future__ import annotations

import os
import stat

import pyoxigraph as ox

from kg.files import write_atomic
from kg.store.embedded import Store, Term

EX = "http://example.org/"
G1, G2 = EX + "graph/1", EX + "graph/2"


def _store(turtle_by_graph: dict[str, str]) -> Store:
    store = Store.memory()
    for graph, text in turtle_by_graph.items():
        store.load_turtle_bytes(text.encode(), graph, graph)
    return store


def _reference(store: Store) -> bytes:
    """What the export must equal: every triple once, RDFC-1.0 over the whole graph, sorted."""
    union = store._query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in union)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return b"".join(sorted(f"{ox.Triple(q.subject, q.predicate, q.object)} .\n".encode() for q in dataset))


def test_a_triple_in_two_graphs_is_written_once():
    store = _store({G1: f"<{EX}a> <{EX}p> <{EX}b> , 'x' .", G2: f"<{EX}a> <{EX}p> <{EX}b> ."})
    assert store.ntriples() == _reference(store)
    assert store.ntriples().count(b"\n") == 2


def test_blank_nodes_get_canonical_labels_whatever_the_input_labels():
    text = (f"<{EX}s> <{EX}q> [ <{EX}v> 1 ; <{EX}w> [ <{EX}v> 2 ] ] . "
            f"<{EX}t> <{EX}label> 'has _:fake inside' . <{EX}t> <{EX}q> _:{{}} . _:{{}} <{EX}v> \"_:x\" .")
    first, second = _store({G1: text.format("b1", "b1")}), _store({G2: text.format("zz", "zz")})
    assert first.ntriples() == second.ntriples() == _reference(first)
    out = first.ntriples().decode()
    assert "_:c14n" in out and "has _:fake inside" in out and '"_:x"' in out
    assert len(out.splitlines()) == len(set(out.splitlines())) == 7


def test_turtle_and_other_formats_hold_the_same_triples():
    store = _store({G1: f"<{EX}a> <{EX}p> [ <{EX}q> 'é' ] .", G2: f"<{EX}a> <{EX}r> 'x'@fr ."})
    expected = {str(t) for t in ox.parse(store.ntriples(), format=ox.RdfFormat.N_TRIPLES)}
    for fmt, oxfmt in (("turtle", ox.RdfFormat.TURTLE), ("xml", ox.RdfFormat.RDF_XML),
                       ("jsonld", ox.RdfFormat.JSON_LD)):
        data = store.serialize(fmt, {"ex": EX})
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object)
                             for t in ox.parse(data, format=oxfmt))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        assert {str(ox.Triple(q.subject, q.predicate, q.object)) for q in dataset} == expected, fmt
        assert data == store.serialize(fmt, {"ex": EX})


def test_atomic_write_gives_the_usual_file_mode(tmp_path):
    target = tmp_path / "out.ttl"
    mask = os.umask(0o022)
    try:
        write_atomic(target, b"x", force=False, root=tmp_path)
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o600)
        write_atomic(target, b"y", force=False, root=tmp_path)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_bytes() == b"y"
    finally:
        os.umask(mask)


def test_terms_round_trip_through_the_store():
    store = Store.memory()
    store.add(Term.iri(EX + "a"), Term.iri(EX + "p"), Term.literal("1", "http://www.w3.org/2001/XMLSchema#integer"), G1)
    store.flush()
    assert store.ntriples() == f'<{EX}a> <{EX}p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'.encode()
