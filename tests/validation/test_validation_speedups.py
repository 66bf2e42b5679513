"""Speed-ups of `kg validate` (issue 18) give the findings the previous formulation gave.

The qualified-count shapes over evidence selectors (`[ sh:class C ]` as sh:qualifiedValueShape)
are counted by a hash join of the values with the instances of C (QualifiedC._class_counts)
instead of the generic query that probes EXISTS per value (QualifiedC._counts, kept: the
reference here). Both run on the curated graph and on mutated copies with failing qualified
counts injected (too few, too many, none, a literal value, a blank-node selector); the findings
must be identical, and equal pySHACL's on the mutated graph.
"""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.shacl.components.shape_based import QualifiedC
from kg.shacl.engine import run_sparql_shacl
from kg.store.embedded import Store
from kg.validation import load_shapes, rdflib_graph, run_shacl

from ..shacl.test_engine import normalise

SH = "http://www.w3.org/ns/shacl#"
GRAPH = "urn:test:speedups"
PREFIXES = """PREFIX cckg: <https://w3id.org/climate-commitments/ontology#>
PREFIX kgr: <https://w3id.org/climate-commitments/id/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# Each edit is applied to the evidence nodes picked by its WHERE clause (the first few, in IRI order).
MUTATIONS = {
    "position selector untyped (qualifiedMinCount)": """
        DELETE { GRAPH ?g { ?sel rdf:type oa:TextPositionSelector } }
        WHERE { { SELECT ?ev WHERE { GRAPH <urn:test:speedups> { ?ev a cckg:Evidence } } ORDER BY ?ev LIMIT 2 }
                GRAPH ?g { ?ev oa:hasSelector ?sel . ?sel rdf:type oa:TextPositionSelector } }""",
    "second quote selector (qualifiedMaxCount)": """
        INSERT { GRAPH <urn:test:speedups> { ?ev oa:hasSelector ?extra . ?extra a oa:TextQuoteSelector } }
        WHERE { { SELECT ?ev WHERE { GRAPH <urn:test:speedups> { ?ev a cckg:Evidence } } ORDER BY DESC(?ev) LIMIT 2 }
                BIND (IRI(CONCAT(STR(?ev), "-extra-quote")) AS ?extra) }""",
    "evidence without selectors (both minimums)": """
        INSERT DATA { GRAPH <urn:test:speedups> { kgr:ev-speedups-0-1 a cckg:Evidence } }""",
    "literal and blank-node selectors": """
        INSERT { GRAPH <urn:test:speedups> { ?ev oa:hasSelector "not a selector" , _:b .
                                             _:b a oa:TextPositionSelector } }
        WHERE { { SELECT ?ev WHERE { GRAPH <urn:test:speedups> { ?ev a cckg:Evidence } } ORDER BY ?ev OFFSET 2 LIMIT 1 } }""",
    "selector typed both ways (max on one, fine on the other)": """
        INSERT { GRAPH ?g { ?sel a oa:TextQuoteSelector } }
        WHERE { { SELECT ?ev WHERE { GRAPH <urn:test:speedups> { ?ev a cckg:Evidence } } ORDER BY ?ev OFFSET 3 LIMIT 1 }
                GRAPH ?g { ?ev oa:hasSelector ?sel . ?sel a oa:TextPositionSelector } }""",
}


@pytest.fixture(scope="module")
def shapes(project):
    return load_shapes(project)


def mutated(seed_store: Store, *edits: str) -> Store:
    backend = ox.Store()
    backend.load(seed_store.ntriples(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    for edit in edits:
        backend.update(PREFIXES + edit)
    return Store(backend)


def exact(findings) -> list:
    return sorted((f.severity, f.source, f.focus, f.path, f.value, f.message, f.component, f.key) for f in findings)


def both(store: Store, shapes, monkeypatch) -> tuple[list, list, int]:
    """(findings with the hash-join counts, findings with the generic query, fast-path calls)."""
    calls = []
    fast = QualifiedC._class_counts

    def counted(self, eng, focus, cls):
        calls.append(self)
        return fast(self, eng, focus, cls)

    with monkeypatch.context() as m:
        m.setattr(QualifiedC, "_class_counts", counted)
        new = run_sparql_shacl(store, shapes)
    with monkeypatch.context() as m:
        m.setattr(QualifiedC, "_class_only", lambda self, eng: None)  # the generic formulation only
        old = run_sparql_shacl(store, shapes)
    return new, old, len(calls)


def qualified(findings) -> list:
    return [f for f in findings if f.component in (SH + "QualifiedMinCountConstraintComponent",
                                                   SH + "QualifiedMaxCountConstraintComponent")]


def test_curated_graph_same_findings_and_the_fast_path_runs(seed_store, shapes, monkeypatch):
    new, old, calls = both(seed_store, shapes, monkeypatch)
    assert calls >= 2  # both selector shapes took the hash-join path
    assert exact(new) == exact(old)
    assert not qualified(new)


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_injected_qualified_count_failure_same_findings(seed_store, shapes, monkeypatch, name):
    store = mutated(seed_store, MUTATIONS[name])
    new, old, calls = both(store, shapes, monkeypatch)
    assert calls >= 2
    assert exact(new) == exact(old)
    assert qualified(new), f"{name}: the injected failure was not found"


def test_all_mutations_together_equal_the_generic_path_and_pyshacl(seed_store, shapes, monkeypatch):
    store = mutated(seed_store, *MUTATIONS.values())
    new, old, _ = both(store, shapes, monkeypatch)
    assert exact(new) == exact(old)
    kinds = {(f.component.rsplit("#", 1)[-1], f.source) for f in qualified(new)}
    assert {k for k, _ in kinds} == {"QualifiedMinCountConstraintComponent", "QualifiedMaxCountConstraintComponent"}
    assert len({s for _, s in kinds}) == 2  # the quote and the position selector shapes
    assert normalise(new) == normalise(run_shacl(rdflib_graph(store.ntriples()), shapes))
