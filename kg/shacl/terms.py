"""Store terms as pySHACL sees them: as rdflib terms, in its reports' text; blank nodes of the shapes graph."""
from __future__ import annotations

from ..store.embedded import Term


def rdflib_term(term: Term):
    """The rdflib term pySHACL sees for a store term (rdflib parses kg's N-Triples the same way)."""
    import rdflib

    if term.kind == "uri":
        return rdflib.URIRef(term.value)
    if term.kind == "bnode":
        return rdflib.BNode(term.value)
    return rdflib.Literal(term.value, lang=term.lang, datatype=term.datatype)


def from_rdflib(node) -> Term | None:
    """The store term for an rdflib term (None stays None)."""
    import rdflib

    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return Term.iri(str(node))
    if isinstance(node, rdflib.BNode):
        return Term("bnode", str(node))
    return Term.literal(str(node), str(node.datatype) if node.datatype else None, node.language)


def term_text(term: Term | None) -> str | None:
    """str() of the term as pySHACL reports it: rdflib's (normalised) lexical form for literals."""
    if term is None:
        return None
    if term.kind == "literal" and term.datatype:
        return str(rdflib_term(term))
    return term.value


def is_bnode(node) -> bool:
    import rdflib

    return isinstance(node, rdflib.BNode)
