"""`kg shacl`: any RDF files validated against any SHACL shapes, independent of our ontology and project."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KgError
from ..shacl.report import Finding
from ..store.embedded import Store, Term
from .validate import ENGINES, Report

# file suffix -> (pyoxigraph format name, rdflib format name)
SUFFIXES = {".ttl": ("TURTLE", "turtle"), ".turtle": ("TURTLE", "turtle"), ".nt": ("N_TRIPLES", "nt"),
            ".ntriples": ("N_TRIPLES", "nt"), ".nq": ("N_QUADS", "nquads"), ".trig": ("TRIG", "trig"),
            ".rdf": ("RDF_XML", "xml"), ".owl": ("RDF_XML", "xml"), ".xml": ("RDF_XML", "xml"),
            ".jsonld": ("JSON_LD", "json-ld"), ".json": ("JSON_LD", "json-ld"), ".n3": ("N3", "n3")}
INPUT_FORMATS = {"turtle": ".ttl", "nt": ".nt", "nquads": ".nq", "trig": ".trig", "xml": ".rdf", "json-ld": ".jsonld"}


@dataclass
class Source:
    """One input: its bytes, its base IRI (the file's own file:// URL) and its format."""

    name: str
    data: bytes
    base: str
    suffix: str

    @classmethod
    def read(cls, path: str, input_format: str | None = None) -> "Source":
        if path == "-":
            suffix = INPUT_FORMATS.get(input_format or "turtle", ".ttl")
            return cls("<stdin>", sys.stdin.buffer.read(), Path.cwd().resolve().as_uri() + "/stdin", suffix)
        p = Path(path)
        if not p.is_file():
            raise KgError(f"{path}: no such file" if not p.exists() else f"{path}: not a file")
        suffix = INPUT_FORMATS[input_format] if input_format else p.suffix.lower()
        if suffix not in SUFFIXES:
            raise KgError(f"{path}: unknown RDF format {p.suffix or '(no suffix)'}; use --input-format "
                          f"({', '.join(INPUT_FORMATS)})")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise KgError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        return cls(path, data, p.resolve().as_uri(), suffix)

    def rdflib_graph(self, into=None):
        import rdflib

        g = into if into is not None else rdflib.Graph()
        try:
            g.parse(data=self.data, format=SUFFIXES[self.suffix][1], publicID=self.base)
        except Exception as exc:  # rdflib raises many types; one line naming the file is what matters
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise KgError(f"{self.name}: invalid RDF: {first}") from exc
        return g


@dataclass
class Originals:
    """The literals of the data as written, by the canonical form the store keeps ("4.0"^^xsd:decimal
    is stored as "4"): the report gives back the data graph's own term where it is unambiguous."""

    written: dict = field(default_factory=dict)  # canonical Term -> set of Terms as written

    def original(self, term: Term | None) -> Term | None:
        forms = self.written.get(term)
        return next(iter(forms)) if forms and len(forms) == 1 else term


def load_data(sources: list[Source]) -> tuple[Store, Originals]:
    """The data graph in an in-memory store, one named graph per file, and its literals as written."""
    import pyoxigraph as ox

    from ..store.embedded import from_ox

    store, originals = Store.memory(), Originals()
    for n, src in enumerate(sources):
        fmt = getattr(ox.RdfFormat, SUFFIXES[src.suffix][0])
        try:
            quads = list(ox.parse(src.data, format=fmt, base_iri=src.base))
        except (SyntaxError, ValueError) as exc:
            raise KgError(f"{src.name}: invalid RDF: {str(exc).strip().splitlines()[0]}") from exc
        graph = ox.NamedNode(f"urn:kg:shacl:data:{n}")
        written = [q.object for q in quads if isinstance(q.object, ox.Literal)]
        store.add_quads(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
        if written:  # the canonical form of each literal, as the store keeps it
            probe = ox.Store()
            probe.extend(ox.Quad(ox.NamedNode(f"urn:kg:l:{i}"), ox.NamedNode("urn:kg:v"), lit, ox.DefaultGraph())
                         for i, lit in enumerate(written))
            for q in probe:
                lit = written[int(q.subject.value.rsplit(":", 1)[1])]
                if q.object != lit:  # another lexical form, or even another datatype (ill-formed "300"^^xsd:byte)
                    originals.written.setdefault(from_ox(q.object), set()).add(from_ox(lit))
    return store, originals


def read_shapes(sources: list[Source]):
    import rdflib

    shapes = rdflib.Graph()
    for src in sources:
        src.rdflib_graph(shapes)
    return shapes


def validate_files(data: list[str], shapes: list[str] | None, engine: str = ENGINES[0],
                   input_format: str | None = None) -> Report:
    """Validate the union of the data files against the union of the shapes files (the data files
    themselves when no shapes are given, as pySHACL does)."""
    if engine not in ENGINES:
        raise KgError(f"unknown SHACL engine {engine!r}: choose {' or '.join(ENGINES)}")
    if list(data).count("-") + list(shapes or []).count("-") > 1:
        raise KgError("standard input (-) can be read once")
    data_sources = [Source.read(p, input_format) for p in data]
    shape_sources = [Source.read(p, input_format) for p in shapes] if shapes else data_sources
    shapes_graph = read_shapes(shape_sources)
    report = Report()
    report.shapes = shapes_graph
    report.checks["shacl"] = f"{len(shape_sources)} shapes file(s) ({engine})"
    with exact_literals():
        _run(report, engine, data_sources, shapes_graph)
    return report


@contextmanager
def exact_literals():
    """rdflib keeps each data literal's lexical form as written while the engines judge it (SHACL reads
    the lexical form: sh:pattern "^m" matches "maybe"^^xsd:boolean, which rdflib would make "false").
    The shapes are read before, normalised as usual, so that their literals compare with the store's."""
    import rdflib

    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def _run(report: Report, engine: str, data_sources: list, shapes_graph) -> None:
    if engine == "sparql":
        from ..shacl.engine import run_sparql_shacl

        store, originals = load_data(data_sources)
        store.add_quads(_shapes_quads(shapes_graph))  # a graph of its own, for $shapesGraph
        store = store.without(SHAPES_GRAPH, still_named=True)
        found = run_sparql_shacl(store, shapes_graph, allow_warnings=False, shapes_graph_iri=SHAPES_GRAPH)
        report.findings = [_as_written(f, originals) for f in found]
        if originals.written:
            canonical, written = next(iter(sorted(originals.written.items(), key=lambda kv: kv[0].n3())))
            report.notes.append(
                f"{sum(len(v) for v in originals.written.values())} literal(s) of the data are not in the "
                f"store's canonical form (e.g. {sorted(t.n3() for t in written)[0]} is kept as {canonical.n3()}): "
                "the sparql engine judges the canonical form and counts equal values once; the report gives "
                "them back as written; --engine pyshacl judges them as written")

        def data_bnodes(term: Term):
            return [(p, originals.original(o)) for p, o in store.outgoing(term)]

        report.data_bnodes = data_bnodes
    else:
        import rdflib

        from .pyshacl_engine import run_shacl

        graph = rdflib.Graph()
        for src in data_sources:
            src.rdflib_graph(graph)
        report.findings = run_shacl(graph, shapes_graph, allow_warnings=False, report=report)


SHAPES_GRAPH = "urn:kg:shacl:shapes"


def _shapes_quads(shapes_graph):
    import pyoxigraph as ox

    data = shapes_graph.serialize(format="nt", encoding="utf-8")
    graph = ox.NamedNode(SHAPES_GRAPH)
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def _as_written(f: Finding, originals: Originals) -> Finding:
    from dataclasses import replace

    focus, value = originals.original(f.focus_term), originals.original(f.value_term)
    if focus is f.focus_term and value is f.value_term:
        return f
    return replace(f, focus_term=focus, value_term=value)
