"""Result formats of `kg query`: an aligned table, CSV, TSV and SPARQL 1.1 JSON results."""
from __future__ import annotations

import csv
import io
import json

from ..iris import compact
from ..store.embedded import Rows, Term


def _plain(term: Term | None) -> str:
    return "" if term is None else term.value


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
    """SPARQL 1.1 Query Results CSV: plain values."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(rows.variables)
    for row in rows.rows:
        w.writerow([_plain(t) for t in row])
    return buf.getvalue()


def to_tsv(rows: Rows) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples syntax."""
    out = ["\t".join("?" + v for v in rows.variables)]
    out += ["\t".join("" if t is None else t.n3() for t in row) for row in rows.rows]
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
