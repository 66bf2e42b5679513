"""RDF terms the reasoner needs: vocabulary IRIs, what is not an individual, N-Triples as tuples."""
from __future__ import annotations

from collections import deque

import pyoxigraph as ox

from ..iris import OWL, RDF, RDFS

TYPE = RDF + "type"
NOT_INDIVIDUALS = {OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty",
                   OWL + "Ontology", OWL + "Restriction", OWL + "AllDisjointClasses", OWL + "AllDifferent",
                   OWL + "FunctionalProperty", OWL + "TransitiveProperty", OWL + "InverseFunctionalProperty",
                   OWL + "SymmetricProperty", OWL + "AsymmetricProperty", OWL + "ReflexiveProperty",
                   OWL + "IrreflexiveProperty", RDFS + "Datatype", RDFS + "Class", RDF + "Property",
                   RDF + "List", OWL + "AllDisjointProperties", OWL + "NegativePropertyAssertion"}
TRIVIAL_CLASSES = {OWL + "Thing", OWL + "NamedIndividual"}



def read_triples(ntriples: bytes) -> list[tuple]:
    """N-Triples as (subject, predicate, object) tuples of pyoxigraph terms."""
    return [(t.subject, t.predicate, t.object) for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]


def closure(start, edges: dict) -> set:
    """Every node reachable from `start` along `edges` (node -> successors), `start` itself excluded unless on a cycle."""
    seen, todo = set(), deque(start)
    while todo:
        node = todo.popleft()
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
