"""A validation result as kg reports it (`Finding`), and the named shape it is reported under."""
from __future__ import annotations

from dataclasses import dataclass

from .sparql_text import SH


@dataclass(frozen=True, order=True)
class Finding:
    """One result of `kg validate` (a SHACL validation result, a quality-query row, an OWL clash)."""

    severity: str  # Violation | Warning | Info
    source: str  # shape IRI, query file name, or "owl:consistency"
    focus: str | None
    path: str | None
    value: str | None
    message: str


def named_shape(shapes, node):
    """Property shapes are often blank nodes: report the node shape that holds them."""
    import rdflib

    seen = set()
    while isinstance(node, rdflib.BNode) and node not in seen:
        seen.add(node)
        parents = list(shapes.subjects(rdflib.URIRef(SH + "property"), node))
        if not parents:
            break
        node = parents[0]
    return node
