"""Formats of the validation report: human lines, a table, JSON and a SHACL `sh:ValidationReport` in Turtle."""
from __future__ import annotations

from dataclasses import asdict
import json

from ..iris import compact
from .validate import SH, Report


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
    from ..sparql import to_table
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

