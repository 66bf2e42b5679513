"""Result formats of `kg query`: an aligned table for people, CSV, TSV, SPARQL 1.1 JSON and XML results,
and a CONSTRUCT or DESCRIBE answer as RDF (Turtle, N-Triples, JSON-LD).

CSV and TSV are made for spreadsheets, which run a cell starting with `=`, `+`, `-` or `@` (or a tab,
carriage return or NUL) as a formula: `=HYPERLINK(...)` in the data would phone home when the file is
opened. Such a value gets a leading `'` (OWASP's CSV injection rule: the spreadsheet shows it as text),
unless the whole value is a number (`-3.5`, `+1E3`: inert, and numeric columns stay numbers). JSON and
XML keep every value exactly. (`kg serve` answers with Oxigraph's own SPARQL CSV/TSV, a protocol format
that must stay exact: it is not changed.)

The table is drawn by rich: on a terminal, as wide as the terminal, long values wrapped (never cut),
headings in bold (colour unless NO_COLOR is set); anywhere else, plain aligned columns holding every
value whole, no colour and no box characters.
"""
from __future__ import annotations

import json
import re

from ..errors import KgError
from ..iris import compact
from ..store.embedded import Rows, Term
from .lexical import IRIREF, STRING


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


MIN_COLUMN = 12  # characters a wrapped column keeps at least on a terminal
DRAWN_ROWS = 2000  # rich's Table takes about 1 ms a row: a longer answer is shown as plain columns
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def shown(text: str) -> str:
    """`text` on one line of a table: line breaks, tabs and other control characters (a terminal would run an
    escape sequence) spelled out, as `\\n` or `\\x1b`."""
    return CONTROL.sub(lambda m: ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


def text_table(headers: list[str] | None, rows: list[list[str]], terminal: bool = False, width: int | None = None,
               right: tuple[int, ...] = ()) -> str:
    """Aligned columns holding every value whole; columns numbered in `right` are right-aligned (numbers).

    On a terminal `width` wide, rich draws the table: long values wrapped (never cut), a rule under bold
    headings, colour unless NO_COLOR is set. Elsewhere (a pipe, a file), and for a terminal too narrow to
    give each column MIN_COLUMN characters or an answer longer than DRAWN_ROWS, plain columns as wide as
    their longest value, padded by rich's measure of each character's width (a CJK character takes two)."""
    cells = [[shown(c) for c in row] for row in rows]
    heads = [shown(h) for h in headers] if headers else []
    count = len(heads) or max((len(r) for r in cells), default=0)
    if not count:
        return ""
    natural = [max((cell_len(r[i]) for r in ([heads] if heads else []) + cells), default=0) for i in range(count)]
    least = [min(n, MIN_COLUMN) for n in natural]
    if terminal and width and len(cells) <= DRAWN_ROWS and sum(least) + 3 * (count - 1) <= width:
        return drawn(heads, cells, width, right, least)

    def line(values: list[str]) -> str:
        return "  ".join(" " * (natural[i] - cell_len(v)) + v if i in right else v + " " * (natural[i] - cell_len(v))
                         for i, v in enumerate(values)).rstrip() + "\n"

    return "".join(line(r) for r in ([heads] if heads else []) + cells)


def cell_len(value: str) -> int:
    """Terminal cells `value` takes: its length when ASCII, else rich's measure (a CJK character takes two); rich's
    import (7 ms) only then."""
    if value.isascii():
        return len(value)
    from rich.cells import cell_len as measured

    return measured(value)


def drawn(heads: list[str], cells: list[list[str]], width: int, right: tuple[int, ...], least: list[int]) -> str:
    """The table drawn by rich for a terminal `width` wide: values wrapped within their column (at least `least`
    characters wide), a rule under the headings, bold cyan headings unless NO_COLOR is set."""
    import io
    import os

    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    colour = not os.environ.get("NO_COLOR")
    table = Table(box=box.SIMPLE_HEAD, show_header=bool(heads), show_edge=False, pad_edge=False,
                  header_style="bold cyan" if colour else "")
    for i, least_width in enumerate(least):
        table.add_column(Text(heads[i]) if heads else "", justify="right" if i in right else "left", overflow="fold",
                         min_width=least_width)
    for row in cells:
        table.add_row(*(Text(value) for value in row))
    out = io.StringIO()
    Console(file=out, width=width, force_terminal=True, color_system="auto" if colour else None, no_color=not colour,
            markup=False, emoji=False, highlight=False, legacy_windows=False).print(table)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def to_table(rows: Rows, terminal: bool = False, width: int | None = None) -> str:
    """The rows as an aligned table for people (text_table), IRIs as CURIEs, then `(N rows)`."""
    body = text_table(rows.variables, [[_short(t) for t in row] for row in rows.rows], terminal, width)
    count = len(rows.rows)
    return body + f"({count} row{'s' if count != 1 else ''})\n"


def to_csv(rows: Rows) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, formula-like ones neutralised."""
    lines = [_csv_line(rows.variables)] + [_csv_line([_plain(t) for t in row]) for row in rows.rows]
    return "".join(lines)


def to_tsv(rows: Rows) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples syntax, formula-like literals neutralised."""
    out = ["\t".join("?" + v for v in rows.variables)]
    out += ["\t".join(_ntriples(t) for t in row) for row in rows.rows]
    return "\n".join(out) + "\n"


def to_json(rows: Rows, ask: bool = False) -> str:
    """SPARQL 1.1 Query Results JSON; the answer of an ASK query (`ask`) as its boolean."""
    if ask:
        return json.dumps({"head": {}, "boolean": answer_of(rows)}) + "\n"
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


def answer_of(rows: Rows) -> bool:
    """The yes or no of an ASK query's one boolean row."""
    return bool(rows.rows) and rows.rows[0][0] is not None and rows.rows[0][0].value == "true"


def to_xml(rows: Rows, ask: bool = False) -> str:
    """SPARQL 1.1 Query Results XML; the answer of an ASK query (`ask`) as its boolean. A value holding a
    character XML 1.0 cannot carry (most control characters) is refused (KgError), never dropped."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n']
    if ask:
        out.append(f" <head/>\n <boolean>{'true' if answer_of(rows) else 'false'}</boolean>\n</sparql>\n")
        return "".join(out)
    out.append(" <head>\n" + "".join(f"  <variable name={_xml_attribute(v)}/>\n" for v in rows.variables)
               + " </head>\n <results>\n")
    for number, row in enumerate(rows.rows, 1):
        out.append("  <result>\n")
        for var, t in zip(rows.variables, row):
            if t is not None:
                term = _xml_term(t, f"row {number}, ?{var}")
                out.append(f"   <binding name={_xml_attribute(var)}>{term}</binding>\n")
        out.append("  </result>\n")
    out.append(" </results>\n</sparql>\n")
    return "".join(out)


NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str, where: str) -> str:
    """Element content: escaped, a carriage return as `&#13;` (an XML parser turns a raw one into a line feed)."""
    bad = NOT_XML.search(text)
    if bad:
        raise KgError(f"{where}: the value holds U+{ord(bad.group()):04X}, a character XML 1.0 cannot carry; "
                      "use -f json")
    from xml.sax.saxutils import escape

    return escape(text, {"\r": "&#13;"})


def _xml_attribute(text: str) -> str:
    return '"' + _xml_text(text, text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


def _xml_term(t: Term, where: str) -> str:
    if t.kind == "uri":
        return f"<uri>{_xml_text(t.value, where)}</uri>"
    if t.kind == "bnode":
        return f"<bnode>{_xml_text(t.value, where)}</bnode>"
    tag = (f"literal xml:lang={_xml_attribute(t.lang)}" if t.lang else
           f"literal datatype={_xml_attribute(t.datatype)}" if t.datatype else "literal")
    return f"<{tag}>{_xml_text(t.value, where)}</literal>"


FORMATTERS = {"table": to_table, "csv": to_csv, "tsv": to_tsv, "json": to_json, "xml": to_xml}
GRAPH_FORMATS = ("turtle", "nt", "jsonld")  # a CONSTRUCT or DESCRIBE answer as RDF
ANSWER_GRAPH = "urn:kg:answer"  # the named graph the triples of an answer are gathered in to be written
_NOT_CODE = re.compile(f"{STRING.pattern}|{IRIREF.pattern}|#[^\n]*", re.S)  # strings, IRIs, comments
_FORM = re.compile(r"(?<![\w:?$])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:-])", re.I)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's first keyword after its prologue (strings, IRIs and
    comments skipped)."""
    found = _FORM.search(_NOT_CODE.sub(" ", text))
    return found.group(1).upper() if found else "SELECT"


def to_rdf(rows: Rows, fmt: str) -> bytes:
    """The triples of a CONSTRUCT or DESCRIBE answer (subject/predicate/object rows) written as `kg export`
    writes a graph: Turtle, N-Triples or JSON-LD, sorted, blank nodes labelled canonically."""
    from ..store.embedded import Store
    from ..store.export import serialize

    graph = Store.memory()
    for subject, predicate, obj in rows.rows:
        graph.add(subject, predicate, obj, ANSWER_GRAPH)
    return serialize(graph, fmt)


def format_answer(rows: Rows, fmt: str | None, form: str, terminal: bool = False,
                  width: int | None = None) -> str | bytes:
    """The answer to a query of `form` (query_form) in format `fmt`: a graph in GRAPH_FORMATS (Turtle when
    None), rows in FORMATTERS (a table when None). A format the answer cannot take is a KgError."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    fmt = fmt or ("turtle" if graph else "table")
    if fmt in GRAPH_FORMATS:
        if not graph:
            what = "a yes or no" if form == "ASK" else "rows of variable bindings"
            raise KgError(f"-f {fmt}: the answer to {'an' if form == 'ASK' else 'a'} {form} query is {what}, not a "
                          f"graph; choose table, csv, tsv, json or xml ({', '.join(GRAPH_FORMATS)} are for CONSTRUCT "
                          "and DESCRIBE)")
        return to_rdf(rows, fmt)
    if fmt == "xml" and graph:
        raise KgError(f"-f xml: SPARQL XML results are for SELECT and ASK; the answer to a {form} query is a graph: "
                      f"choose {', '.join(GRAPH_FORMATS)} (or table, csv, tsv, json for its triples as rows)")
    if fmt not in FORMATTERS:
        raise KgError(f"-f {fmt}: unknown format (choose from {', '.join([*FORMATTERS, *GRAPH_FORMATS])})")
    if fmt == "table":
        return to_table(rows, terminal, width)
    if fmt in ("json", "xml"):
        return FORMATTERS[fmt](rows, ask=form == "ASK")
    return FORMATTERS[fmt](rows)
