"""`kg validate`: SHACL shapes, quality-control queries and the OWL consistency check.

Three kinds of check, one report:
- shapes/*.ttl over ontology + data, inference none, by one of two engines (ENGINES): "sparql"
  (the default, kg.shacl: each shape's constraints run as set-oriented SPARQL on the store) or
  "pyshacl" (the reference SHACL engine, over an rdflib copy of the graph); both give the same
  findings (tests/test_shacl_engine.py, docs/validation.md);
- shapes/sparql/*-violation.rq, ODK-style: each SELECT must return zero rows; `#+ severity:`
  says whether a row is an error (Violation) or a warning;
- OWL 2 DL consistency of ontology + data with HermiT (kg.reason), when Java is present.
Exit status follows pySHACL: 0 conforms, 1 does not, 2 error.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..store.build import assemble
from ..errors import KgError
from ..iris import compact
from ..project import Project
from ..sparql.saved import parse_metadata
from ..store.embedded import Store

SH = "http://www.w3.org/ns/shacl#"
ENGINES = ("sparql", "pyshacl")  # SHACL engines of validate_store; the first is the default
SEVERITIES = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True, order=True)
class Finding:
    severity: str  # Violation | Warning | Info
    source: str  # shape IRI, query file name, or "owl:consistency"
    focus: str | None
    path: str | None
    value: str | None
    message: str


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def conforms(self, fail_on: str = "Violation") -> bool:
        limit = SEVERITIES[fail_on]
        return not any(SEVERITIES.get(f.severity, 2) <= limit for f in self.findings)


# -- SHACL --------------------------------------------------------------------------------------

def _rdflib_graph(ntriples: bytes):
    import rdflib

    g = rdflib.Graph()
    g.parse(data=ntriples.decode("utf-8"), format="nt")
    return g


def _load_shapes(project: Project):
    import rdflib

    files = project.shapes_files()
    if not files:
        raise KgError(f"{project.rel(project.shapes_dir)}: no SHACL shapes (*.ttl)")
    shapes = rdflib.Graph()
    for f in files:
        try:
            shapes.parse(f, format="turtle")
        except Exception as exc:  # rdflib raises several types; one line is what matters
            raise KgError(f"{project.rel(f)}: invalid Turtle: {str(exc).splitlines()[0]}") from exc
    return shapes


def _named_shape(shapes, node):
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


def run_shacl(data_graph, shapes) -> list[Finding]:
    import rdflib
    from pyshacl import validate

    _, results, _ = validate(data_graph, shacl_graph=shapes, inference="none", advanced=True,
                             allow_warnings=True, abort_on_first=False, meta_shacl=False)
    sh = rdflib.Namespace(SH)
    findings = []
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = results.value(r, sh.resultSeverity)
        shape = _named_shape(shapes, results.value(r, sh.sourceShape))
        path = results.value(r, sh.resultPath)
        value = results.value(r, sh.value)
        message = results.value(r, sh.resultMessage)
        component = results.value(r, sh.sourceConstraintComponent)
        findings.append(Finding(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            source=str(shape),
            focus=_text(results.value(r, sh.focusNode)),
            path=_text(path) if path is not None and not isinstance(path, rdflib.BNode) else None,
            value=_text(value),
            message=str(message) if message else f"fails {compact(str(component))}"))
    return findings


def _text(term) -> str | None:
    if term is None:
        return None
    return str(term)


# -- quality-control queries --------------------------------------------------------------------

def run_violation_queries(store: Store, project: Project) -> list[Finding]:
    findings = []
    for path in project.violation_queries():
        name = project.rel(path)
        text = path.read_text(encoding="utf-8")
        meta = parse_metadata(text, name)
        severity = {"error": "Violation", "violation": "Violation", "warning": "Warning",
                    "info": "Info"}.get(str(meta.get("severity", "error")).lower())
        if severity is None:
            raise KgError(f"{name}: severity must be error, warning or info, not {meta.get('severity')!r}")
        from ..sparql.guard import check_query

        check_query(text, name)  # a rule under review must not write or reach the network either
        try:
            rows = store.select(text)
        except KgError as exc:
            raise KgError(f"{name}: {exc}") from exc
        for row in rows.dicts():
            entity, prop, value, message = (row[k].value if row.get(k) else None
                                            for k in ("entity", "property", "value", "message"))
            findings.append(Finding(severity, path.name, entity, prop, value,
                                    message or str(meta.get("summary", path.stem))))
    return findings


# -- putting it together ------------------------------------------------------------------------

def validate_store(store: Store, project: Project, owl: bool = True, engine: str = ENGINES[0]) -> Report:
    if engine not in ENGINES:
        raise KgError(f"unknown SHACL engine {engine!r}: choose {' or '.join(ENGINES)}")
    report = Report()
    shapes = _load_shapes(project)
    ntriples = None
    if engine == "sparql":
        from ..shacl.engine import run_sparql_shacl

        report.findings += run_sparql_shacl(store, shapes)
    else:
        ntriples = store.ntriples()
        report.findings += run_shacl(_rdflib_graph(ntriples), shapes)
    report.checks["shacl"] = ", ".join(project.rel(f) for f in project.shapes_files()) + f" ({engine})"
    report.findings += run_violation_queries(store, project)
    report.checks["queries"] = f"{len(project.violation_queries())} quality-control queries"
    if owl:
        from ..reason.reasoner import JavaMissing, check_consistency

        try:
            clashes = check_consistency(ntriples if ntriples is not None else store.ntriples())
        except JavaMissing as exc:
            report.checks["owl"] = f"skipped: {exc}"
            report.findings.append(Finding("Warning", "owl:consistency", None, None, None,
                                           f"OWL consistency not checked: {exc}"))
        else:
            report.checks["owl"] = "HermiT: " + ("inconsistent" if clashes else "consistent")
            report.findings += [Finding("Violation", "owl:consistency", c.individual, c.prop, c.other,
                                        "OWL inconsistency: " + c.message) for c in clashes]
    else:
        report.checks["owl"] = "skipped (--no-owl)"
    report.findings.sort(key=lambda f: (SEVERITIES.get(f.severity, 3), f.source, f.focus or "", f.path or "",
                                        f.value or "", f.message))
    return report


def store_for_files(project: Project, files: list[Path]) -> Store:
    """An in-memory graph of the ontology plus the given Turtle files (fixtures, drafts)."""
    missing = [str(f) for f in files if not Path(f).is_file()]
    if missing:
        raise KgError(f"{missing[0]}: no such file")
    store = Store.memory()
    assemble(store, project, project.ontology_files() + [Path(f) for f in files], missing_texts_ok=True)
    return store


# -- formats ------------------------------------------------------------------------------------

def _c(v: str | None) -> str:
    return compact(v) if v and ("://" in v or v.startswith("urn:")) else (v or "")


def format_human(report: Report, fail_on: str = "Violation") -> str:
    lines = []
    for f in report.findings:
        where = " ".join(x for x in (_c(f.focus), _c(f.path)) if x)
        lines.append(f"{f.severity.upper()}: {where + ': ' if where else ''}{f.message}"
                     f"{' [value ' + _c(f.value)[:60] + ']' if f.value and f.value != f.focus else ''}"
                     f"  ({_c(f.source)})")
    verdict = "Conforms" if report.conforms(fail_on) else "Does not conform"
    lines.append(f"{verdict}: {report.count('Violation')} violation(s), {report.count('Warning')} warning(s), "
                 f"{report.count('Info')} info. Checks: " + "; ".join(f"{k}: {v}" for k, v in report.checks.items()))
    return "\n".join(lines) + "\n"


def format_table(report: Report, fail_on: str = "Violation") -> str:
    from ..sparql.saved import to_table
    from ..store.embedded import Rows, Term

    rows = Rows(["severity", "focus", "path", "value", "message", "source"],
                [tuple(Term.literal(x) if x else None for x in
                       (f.severity, _c(f.focus), _c(f.path), _c(f.value)[:60], f.message, _c(f.source)))
                 for f in report.findings])
    verdict = "Conforms" if report.conforms(fail_on) else "Does not conform"
    return to_table(rows) + f"{verdict}.\n"


def format_json(report: Report, fail_on: str = "Violation") -> str:
    return json.dumps({"conforms": report.conforms(fail_on), "checks": report.checks,
                       "violations": report.count("Violation"), "warnings": report.count("Warning"),
                       "results": [asdict(f) for f in report.findings]}, indent=1, ensure_ascii=False) + "\n"


def format_turtle(report: Report, fail_on: str = "Violation") -> str:
    """A SHACL validation report (sh:ValidationReport) holding every finding."""
    import rdflib

    sh = rdflib.Namespace(SH)
    g = rdflib.Graph()
    g.bind("sh", sh)
    rep = rdflib.BNode()
    g.add((rep, rdflib.RDF.type, sh.ValidationReport))
    g.add((rep, sh.conforms, rdflib.Literal(report.conforms(fail_on))))
    for f in report.findings:
        r = rdflib.BNode()
        g.add((rep, sh.result, r))
        g.add((r, rdflib.RDF.type, sh.ValidationResult))
        g.add((r, sh.resultSeverity, sh[f.severity]))
        g.add((r, sh.resultMessage, rdflib.Literal(f.message)))
        src = f.source
        g.add((r, sh.sourceShape, rdflib.URIRef(src) if "://" in src else rdflib.Literal(src)))
        if f.focus:
            g.add((r, sh.focusNode, rdflib.URIRef(f.focus) if "://" in f.focus else rdflib.Literal(f.focus)))
        if f.path:
            g.add((r, sh.resultPath, rdflib.URIRef(f.path)))
        if f.value:
            g.add((r, sh.value, rdflib.URIRef(f.value) if "://" in f.value and " " not in f.value
                   else rdflib.Literal(f.value)))
    return g.serialize(format="turtle")


FORMATS = {"human": format_human, "table": format_table, "json": format_json, "turtle": format_turtle}
