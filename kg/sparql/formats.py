"""Result formats of `kg query`: an aligned table, CSV, TSV and SPARQL 1.1 JSON results.

CSV and TSV are made for spreadsheets, which run a cell starting with `=`, `+`, `-` or `@` (or a tab,
carriage return or NUL) as a formula: `=HYPERLINK(...)` in the data would phone home when the file is
opened. Such a value gets a leading `'` (OWASP's CSV injection rule: the spreadsheet shows it as text),
unless the whole value is a number (`-3.5`, `+1E3`: inert, and numeric columns stay numbers). JSON
keeps every value exactly. (`kg serve` answers with Oxigraph's own SPARQL CSV/TSV, a protocol format
that must stay exact: it is not changed.)
"""
from __future__ import annotations

import json
import re

from ..iris import compact
from ..store.embedded import Rows, Term


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN")


def spreadsheet_safe(text: str) -> str:
    """`text` with a leading `'` if a spreadsheet would take it for a formula, unless it is a number."""
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def _plain(term: Term | None) -> str:
    return "" if term is None else spreadsheet_safe(term.value)


def _csv_field(text: str) -> str:
    """RFC 4180 quoting, and `;` quoted too: Excel splits on it where it is the list separator."""
    if any(c in text for c in ',";\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_line(fields: list[str]) -> str:
    """One CSV record; a lone empty field is `""`, so the line is not taken for a blank one."""
    if fields == [""]:
        return '""\r\n'
    return ",".join(_csv_field(f) for f in fields) + "\r\n"


def _ntriples(term: Term | None) -> str:
    """The term in N-Triples syntax, a literal's value made spreadsheet-safe."""
    if term is None:
        return ""
    if term.kind == "literal":
        return Term("literal", spreadsheet_safe(term.value), term.datatype, term.lang).n3()
    return term.n3()


def _short(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return compact(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value  # language tags and datatypes are in the csv/tsv/json formats


def to_table(rows: Rows) -> str:
    cells = [[_short(t).replace("\n", " ") for t in row] for row in rows.rows]
    widths = [len(v) for v in rows.variables]
    for row in cells:
        widths = [max(w, min(len(c), 80)) for w, c in zip(widths, row)]
    def line(values):
        return "  ".join((v if len(v) <= 80 else v[:77] + "...").ljust(w) for v, w in zip(values, widths)).rstrip()
    out = [line(rows.variables), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(rows.rows)} row{'s' if len(rows.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def to_csv(rows: Rows) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, formula-like ones neutralised."""
    lines = [_csv_line(rows.variables)] + [_csv_line([_plain(t) for t in row]) for row in rows.rows]
    return "".join(lines)


def to_tsv(rows: Rows) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples syntax, formula-like literals neutralised."""
    out = ["\t".join("?" + v for v in rows.variables)]
    out += ["\t".join(_ntriples(t) for t in row) for row in rows.rows]
    return "\n".join(out) + "\n"


def to_json(rows: Rows) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = []
    for row in rows.rows:
        b = {}
        for var, t in zip(rows.variables, row):
            if t is None:
                continue
            cell = {"type": t.kind, "value": t.value}
            if t.lang:
                cell["xml:lang"] = t.lang
            elif t.datatype:
                cell["datatype"] = t.datatype
            b[var] = cell
        bindings.append(b)
    return json.dumps({"head": {"vars": rows.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


FORMATTERS = {"table": to_table, "csv": to_csv, "tsv": to_tsv, "json": to_json}
