"""`kg validate`: SHACL shapes, quality-control queries and the OWL consistency check.

Three kinds of check, one report:
- shapes/*.ttl over ontology + data, inference none, by one of two engines (ENGINES): "sparql"
  (the default, kg.shacl: each shape's constraints run as set-oriented SPARQL on the store) or
  "pyshacl" (the reference SHACL engine, over an rdflib copy of the graph); both give the same
  findings (tests/shacl/test_engine.py, docs/validation.md);
- shapes/sparql/*-violation.rq, ODK-style: each SELECT must return zero rows; `#+ severity:`
  says whether a row is an error (Violation) or a warning;
- OWL 2 DL consistency of ontology + data with HermiT (kg.reason), when Java is present.
Exit status follows pySHACL: 0 conforms, 1 does not, 2 error.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KgError
from ..iris import ONTOLOGY_IRI, PREFIXES, SHAPES_NS
from ..project import Project
from ..shacl.report import Finding
from ..sparql import parse_metadata
from ..store.build import add_article_texts, graph_iri, load_files
from ..store.embedded import Store
from .pyshacl_engine import load_shapes, rdflib_graph, run_shacl

SH = "http://www.w3.org/ns/shacl#"
# the source shape and component of an OWL clash in the W3C report (no SHACL shape checks consistency)
OWL_COMPONENT = SHAPES_NS + "OWLConsistencyConstraintComponent"
ENGINES = ("sparql", "pyshacl")  # SHACL engines of validate_store; the first is the default
SEVERITIES = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)
    shapes: object = None  # the rdflib shapes graph: blank-node shapes and paths are described from it
    data_bnodes: object = None  # term -> [(predicate, object)]: blank-node focus nodes and values described
    graph: object = None  # the engine's own W3C report graph, when it made one (pySHACL)
    prefixes: dict | None = None  # for the Turtle report
    notes: list[str] = field(default_factory=list)  # what the user should know about how it was judged

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def conforms(self, fail_on: str = "Violation") -> bool:
        limit = SEVERITIES[fail_on]
        return not any(SEVERITIES.get(f.severity, 2) <= limit for f in self.findings)


# -- quality-control queries --------------------------------------------------------------------

def is_global(meta: dict) -> bool:
    """A quality query marked `#+ reach: global`: its rows about an entity depend on nodes far from it
    (two organisations with the same label), so an incremental validation runs it on the whole graph."""
    return str(meta.get("reach", "")).lower() == "global"


def run_violation_queries(store: Store, project: Project, which: str = "all") -> list[Finding]:
    """The rows of the quality-control queries as findings: `which` all, "local" or "global" ones."""
    from ..progress import progress

    findings = []
    for path in progress(project.violation_queries(), desc="quality queries", unit="query"):
        name = project.rel(path)
        text = path.read_text(encoding="utf-8")
        meta = parse_metadata(text, name)
        if which != "all" and is_global(meta) != (which == "global"):
            continue
        severity = {"error": "Violation", "violation": "Violation", "warning": "Warning",
                    "info": "Info"}.get(str(meta.get("severity", "error")).lower())
        if severity is None:
            raise KgError(f"{name}: severity must be error, warning or info, not {meta.get('severity')!r}")
        from ..sparql.guard import safe_query

        text = safe_query(text, name, embedded=True)  # a rule under review must not write or reach the network
        try:
            rows = store.select(text)
        except KgError as exc:
            raise KgError(f"{name}: {exc}") from exc
        for row in rows.dicts():
            entity, prop, value, message = (row[k].value if row.get(k) else None
                                            for k in ("entity", "property", "value", "message"))
            findings.append(Finding(severity, path.name, entity, prop, value,
                                    message or str(meta.get("summary", path.stem)),
                                    key=path.stem, component=SH + "SPARQLConstraintComponent",
                                    shape=SHAPES_NS + path.stem))
    return findings


# -- putting it together ------------------------------------------------------------------------

def validate_store(store: Store, project: Project, owl: bool = True, engine: str = ENGINES[0],
                   shapes=None, queries: str = "all") -> Report:
    """Every check on the store's graph: the SHACL shapes (`shapes`, an rdflib graph, or shapes/ read
    anew), the quality-control queries (`queries`: all, "local" or "global"), HermiT if `owl`."""
    if engine not in ENGINES:
        raise KgError(f"unknown SHACL engine {engine!r}: choose {' or '.join(ENGINES)}")
    report = Report()
    shapes = load_shapes(project) if shapes is None else shapes
    report.shapes, report.prefixes = shapes, PREFIXES
    report.data_bnodes = store.outgoing
    ntriples = None
    # the quality queries run beside the shapes, in a thread: the store releases the GIL while it
    # evaluates, so the two use both cores (1M triples: about half the wall time; docs/benchmarks.md)
    with ThreadPoolExecutor(1, thread_name_prefix="kg-rules") as pool:
        rules = pool.submit(run_violation_queries, store, project, queries)
        if engine == "sparql":
            from ..shacl.engine import run_sparql_shacl

            report.findings += run_sparql_shacl(store, shapes)
        else:
            from ..progress import spinner

            with spinner("validating with pySHACL"):
                ntriples = store.ntriples()
                report.findings += run_shacl(rdflib_graph(ntriples), shapes)
        report.findings += rules.result()
    report.checks["shacl"] = ", ".join(project.rel(f) for f in project.shapes_files()) + f" ({engine})"
    report.checks["queries"] = f"{len(project.violation_queries())} quality-control queries"
    if owl:
        check_owl(store, report, ntriples)
    else:
        report.checks["owl"] = "skipped (--no-owl)"
    report.findings.sort(key=finding_order)
    return report


def check_owl(store: Store, report: Report, ntriples: bytes | None = None) -> None:
    """HermiT's consistency check of the whole graph, its clashes added to the report."""
    from ..progress import spinner
    from ..reason import JavaMissing, check_consistency

    try:
        with spinner("OWL consistency check (HermiT)"):
            clashes = check_consistency(ntriples if ntriples is not None else store.ntriples())
    except JavaMissing as exc:
        report.checks["owl"] = f"skipped: {exc}"
        report.findings.append(Finding("Warning", "owl:consistency", None, None, None,
                                       f"OWL consistency not checked: {exc}"))
    else:
        report.checks["owl"] = "HermiT: " + ("inconsistent" if clashes else "consistent")
        report.findings += [Finding("Violation", "owl:consistency", c.individual, c.prop, c.other,
                                    "OWL inconsistency: " + c.message, component=OWL_COMPONENT,
                                    shape=ONTOLOGY_IRI) for c in clashes]


def finding_order(f: Finding) -> tuple:
    return (SEVERITIES.get(f.severity, 3), f.source, f.focus or "", f.path or "", f.value or "", f.message)


STDIN_GRAPH = "stdin"  # the named graph of Turtle read from standard input


def store_for_files(project: Project, files: list[Path], stdin: bytes | None = None) -> Store:
    """An in-memory graph of the ontology plus the given Turtle files (fixtures, drafts) and, if given,
    the Turtle read from standard input (its own graph, `stdin`)."""
    missing = [str(f) for f in files if not Path(f).is_file()]
    if missing:
        raise KgError(f"{missing[0]}: no such file")
    store = Store.memory()
    load_files(store, project, project.ontology_files() + [Path(f) for f in files])
    if stdin is not None:
        store.load_turtle_bytes(stdin, graph_iri(STDIN_GRAPH), "<stdin>")
    add_article_texts(store, project, missing_ok=True)
    return store


# -- formats ------------------------------------------------------------------------------------
