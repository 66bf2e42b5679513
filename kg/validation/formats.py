"""Formats of the validation report: human lines, a table, JSON and a SHACL `sh:ValidationReport` in Turtle."""
from __future__ import annotations

import json

from ..iris import compact
from .validate import Report


def _c(v: str | None) -> str:
    return compact(v) if v and ("://" in v or v.startswith("urn:")) else (v or "")


def _clip(value: str, most: int = 60) -> str:
    """A long offending value cut to `most` characters, saying how many were left out (JSON and Turtle keep it whole)."""
    return value if len(value) <= most else f"{value[:most]}… ({len(value) - most} more characters)"


def format_human(report: Report, fail_on: str = "Violation") -> str:
    lines = []
    for f in report.findings:
        where = " ".join(x for x in (_c(f.focus), _c(f.path)) if x)
        lines.append(f"{f.severity.upper()}: {where + ': ' if where else ''}{f.message}"
                     f"{' [value ' + _clip(_c(f.value)) + ']' if f.value and f.value != f.focus else ''}"
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
                       (f.severity, _c(f.focus), _c(f.path), _clip(_c(f.value)), f.message, _c(f.source)))
                 for f in report.findings])
    verdict = "Conforms" if report.conforms(fail_on) else "Does not conform"
    return to_table(rows) + f"{verdict}.\n"


def format_json(report: Report, fail_on: str = "Violation") -> str:
    fields = ("severity", "source", "focus", "path", "value", "message", "component")
    return json.dumps({"conforms": report.conforms(fail_on), "checks": report.checks,
                       "violations": report.count("Violation"), "warnings": report.count("Warning"),
                       "results": [{k: getattr(f, k) for k in fields} for f in report.findings]},
                      indent=1, ensure_ascii=False) + "\n"


def format_turtle(report: Report, fail_on: str = "Violation") -> str:
    """A W3C SHACL validation report (sh:ValidationReport): sh:conforms is false as soon as there is
    any result (the exit code is --fail-on's business, not the report's)."""
    from ..shacl.report import report_graph, turtle

    graph = report.graph if report.graph is not None else report_graph(report.findings, report.shapes,
                                                                          report.data_bnodes)
    return turtle(graph, report.prefixes)


def format_junit(report: Report, fail_on: str = "Violation") -> str:
    """JUnit XML: one test case per shape, one failure per violation (CI systems show them natively)."""
    from ..shacl.report import junit_xml

    return junit_xml(report.findings)


FORMATS = {"human": format_human, "table": format_table, "json": format_json, "turtle": format_turtle,
           "junit": format_junit}

