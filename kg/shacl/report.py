"""Validation results (`Finding`) and the W3C `sh:ValidationReport` they are written as (Turtle, JUnit XML)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .sparql_text import SH


@dataclass(frozen=True, order=True)
class Finding:
    """One result of `kg validate` or `kg shacl` (a SHACL validation result, a quality-query row, an OWL
    clash). The text fields serve the human, table and JSON formats; the `shape`, `component`, `*_term`
    and `path_node` fields carry the W3C result's own terms (None for quality queries and OWL clashes)."""

    severity: str  # Violation | Warning | Info
    source: str  # shape IRI (a blank-node property shape: its node shape), query file name, or "owl:consistency"
    focus: str | None
    path: str | None
    value: str | None
    message: str
    # The W3C result's own terms. Not compared: two engines' findings are equal when the text fields are
    # (pySHACL's report copies blank nodes under new labels); an engine keeps results apart by `key`.
    key: str = field(default="", compare=False)  # source shape, component and RDF terms, as one string
    component: str | None = field(default=None, compare=False)  # sh:sourceConstraintComponent
    shape: object = field(default=None, compare=False)  # sh:sourceShape: the node of the shapes graph
    focus_term: object = field(default=None, compare=False)  # kg.store.Term of the data graph
    value_term: object = field(default=None, compare=False)
    path_node: object = field(default=None, compare=False)  # sh:resultPath: a node of the shapes graph
    constraint: object = field(default=None, compare=False)  # sh:sourceConstraint (SPARQL-based constraints)
    severity_iri: str | None = field(default=None, compare=False)  # sh:resultSeverity (any IRI a shape gives)
    nested: bool = field(default=False, compare=False)  # a result of a shape that sh:node points to: a sh:detail


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


def _copy_description(target, source, node, seen=None) -> None:
    """Copy the triples describing blank node `node` in `source` (recursively through blank nodes:
    paths, lists, nested shapes) into `target`, so that the report stands on its own."""
    import rdflib

    seen = set() if seen is None else seen
    if not isinstance(node, rdflib.BNode) or node in seen or source is None:
        return
    seen.add(node)
    for p, o in source.predicate_objects(node):
        target.add((node, p, o))
        _copy_description(target, source, o, seen)


def _copy_path(target, source, node) -> None:
    """Copy a SHACL path as the engine reads it: a list is a sequence path (and nothing else about that
    node counts), otherwise the one path operator the node has (SHACL 2.3.1)."""
    import rdflib

    if not isinstance(node, rdflib.BNode) or source is None:
        return
    if source.value(node, rdflib.RDF.first) is not None:
        _copy_list(target, source, node)
        return
    for op in ("inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"):
        value = source.value(node, rdflib.URIRef(SH + op))
        if value is not None:
            target.add((node, rdflib.URIRef(SH + op), value))
            (_copy_list if op == "alternativePath" else _copy_path)(target, source, value)
            return


def _copy_list(target, source, node) -> None:
    import rdflib

    item = node
    while isinstance(item, rdflib.BNode):
        first, rest = source.value(item, rdflib.RDF.first), source.value(item, rdflib.RDF.rest)
        target.add((item, rdflib.RDF.first, first))
        target.add((item, rdflib.RDF.rest, rest))
        _copy_path(target, source, first)
        item = rest


def report_graph(findings: list[Finding], shapes=None, data_bnodes=None, base: str | None = None):
    """The findings as a W3C sh:ValidationReport (an rdflib Graph). `sh:conforms` is true only when
    there is no result at all, of any severity (SHACL 3.6.1); whether that fails a run is the caller's
    `--fail-on`. Blank-node shapes and paths are described from `shapes`, blank-node focus nodes and
    values by `data_bnodes(term) -> [(p, o)]`, so the report can be read without its inputs."""
    import rdflib

    sh = rdflib.Namespace(SH)
    g = rdflib.Graph(base=base)
    g.bind("sh", sh)
    report = rdflib.BNode()
    g.add((report, rdflib.RDF.type, sh.ValidationReport))
    g.add((report, sh.conforms, rdflib.Literal(not findings)))
    described: set = set()
    top = [f for f in findings if not f.nested]
    parents = {}  # a nested result's focus node -> the sh:node results whose value it is
    for f in top:
        if f.component == SH + "NodeConstraintComponent" and f.value_term is not None:
            parents.setdefault(f.value_term, []).append(f)
    nodes = {}
    for f in top + [f for f in findings if f.nested]:
        r = rdflib.BNode()
        nodes[id(f)] = r
        above = parents.get(f.focus_term, []) if f.nested else []
        for parent in above:
            g.add((nodes[id(parent)], sh.detail, r))
        if not above:
            g.add((report, sh.result, r))
        g.add((r, rdflib.RDF.type, sh.ValidationResult))
        g.add((r, sh.resultSeverity, rdflib.URIRef(f.severity_iri) if f.severity_iri else sh[f.severity]))
        g.add((r, sh.resultMessage, rdflib.Literal(f.message)))
        shape = f.shape if isinstance(f.shape, rdflib.term.Node) else _node(f.shape or f.source)
        g.add((r, sh.sourceShape, shape))
        _copy_description(g, shapes, shape, described)
        g.add((r, sh.sourceConstraintComponent, rdflib.URIRef(f.component or SH + "SPARQLConstraintComponent")))
        if f.constraint is not None:
            g.add((r, sh.sourceConstraint, f.constraint))
            _copy_description(g, shapes, f.constraint, described)
        focus = rdflib_term(f.focus_term) if f.focus_term is not None else (_node(f.focus) if f.focus else None)
        if focus is not None:
            g.add((r, sh.focusNode, focus))
        path = f.path_node if f.path_node is not None else (rdflib.URIRef(f.path) if f.path else None)
        if path is not None:
            g.add((r, sh.resultPath, path))
            _copy_path(g, shapes, path)
        value = rdflib_term(f.value_term) if f.value_term is not None else (_node(f.value) if f.value else None)
        if value is not None:
            g.add((r, sh.value, value))
        for term in (f.focus_term, f.value_term):
            if term is not None and term.kind == "bnode" and data_bnodes is not None and term not in described:
                described.add(term)
                for p, o in data_bnodes(term):
                    g.add((rdflib_term(term), rdflib_term(p), rdflib_term(o)))
    return g


def turtle(graph, prefixes: dict[str, str] | None = None) -> str:
    """A report graph as Turtle, written by pyoxigraph: rdflib's Turtle writer spells an ill-formed
    literal ("none"^^xsd:boolean) as a bare `none`, which is no Turtle at all."""
    import pyoxigraph as ox

    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    dataset = ox.Dataset(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)  # the same report, the same bytes
    report = {q.subject for q in dataset if q.object == ox.NamedNode(SH + "ValidationReport")}
    results = {q.object for q in dataset if q.predicate == ox.NamedNode(SH + "result")}

    def order(q):  # the report, then its results, then what describes their nodes; rdf:type first
        rank = 0 if q.subject in report else 1 if q.subject in results else 2
        return rank, str(q.subject), q.predicate.value != rdf + "type", str(q.predicate), str(q.object)

    used = {"sh": SH, "rdf": rdf, "xsd": "http://www.w3.org/2001/XMLSchema#", **(prefixes or {})}
    return ox.serialize(sorted(dataset, key=order), format=ox.RdfFormat.TURTLE, prefixes=used).decode("utf-8")


def rdflib_term(term):
    """The rdflib term of a store term, its lexical form kept as it is ("none"^^xsd:boolean stays so:
    rdflib would otherwise normalise an ill-formed literal to another one)."""
    import rdflib

    if term.kind == "uri":
        return rdflib.URIRef(term.value)
    if term.kind == "bnode":
        return rdflib.BNode(term.value)
    return rdflib.Literal(term.value, lang=term.lang, datatype=term.datatype, normalize=False)


def _node(text: str):
    import rdflib

    return rdflib.URIRef(text) if "://" in text or text.startswith("urn:") else rdflib.Literal(text)


def junit_xml(findings: list[Finding], suite: str = "kg shacl") -> str:
    """JUnit XML, as CI systems show test results: one test case per source shape, one failure per
    result of severity Violation (warnings and infos are listed in the case's system-out)."""
    from xml.sax.saxutils import quoteattr, escape

    by_shape: dict[str, list[Finding]] = {}
    for f in findings:
        by_shape.setdefault(f.source, []).append(f)
    failures = sum(1 for f in findings if f.severity == "Violation")
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name={quoteattr(suite)} tests="{len(by_shape)}" failures="{failures}">',
           f'<testsuite name={quoteattr(suite)} tests="{len(by_shape)}" failures="{failures}" errors="0">']
    for source, items in sorted(by_shape.items()):
        out.append(f"<testcase classname={quoteattr('shape')} name={quoteattr(source)}>")
        notes = []
        for f in items:
            where = " ".join(x for x in (f.focus, f.path) if x)
            text = f"{where}: {f.message}" + (f" [value {f.value}]" if f.value and f.value != f.focus else "")
            if f.severity == "Violation":
                out.append(f"<failure type={quoteattr(f.component or 'Violation')} message={quoteattr(f.message)}>"
                           f"{escape(text)}</failure>")
            else:
                notes.append(f"{f.severity.upper()}: {text}")
        if notes:
            out.append(f"<system-out>{escape(chr(10).join(notes))}</system-out>")
        out.append("</testcase>")
    out += ["</testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"
