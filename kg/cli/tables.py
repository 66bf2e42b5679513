"""What `kg` shows people: tables drawn by rich on a terminal, plain aligned columns in a pipe or a file; and
`kg queries`, in text or JSON.

Colour and box characters only on a terminal (never with NO_COLOR set); machine formats (csv, tsv, json,
xml, RDF) never pass through here. Values are never cut: a terminal wraps them (kg.sparql.formats.text_table).
"""
from __future__ import annotations

import shutil
import sys

from ..sparql.formats import format_answer, query_form, text_table


def on_terminal(output: str | None = None) -> bool:
    """Whether what is printed reaches a terminal: standard output (no `-o FILE`) and a TTY."""
    return (not output or output == "-") and sys.stdout.isatty()


def table(headers: list[str] | None, rows: list[list[str]], right: tuple[int, ...] = ()) -> str:
    """An aligned table for standard output: drawn for a terminal as wide as the terminal, plain otherwise."""
    terminal = on_terminal()
    return text_table(headers, rows, terminal, shutil.get_terminal_size().columns if terminal else None, right)


def counts(numbers: dict[str, int]) -> str:
    """`name  number` lines (underscores as spaces), the numbers right-aligned."""
    return table(None, [[key.replace("_", " "), str(value)] for key, value in numbers.items()], right=(1,))


def answer(rows, fmt: str | None, query_text: str, output: str | None) -> str | bytes:
    """A query's answer in `fmt` (None: a table, or Turtle for a graph), a table drawn if it reaches a terminal."""
    terminal = on_terminal(output)
    return format_answer(rows, fmt, query_form(query_text), terminal,
                         shutil.get_terminal_size().columns if terminal else None)


def saved_queries_shown(project, name: str | None, fmt: str) -> str:
    """`kg queries [NAME]`: every saved query, or the one named (a did-you-mean KgError if none), as text or JSON."""
    import json

    from ..sparql import find_query, saved_queries

    if name:
        query = find_query(name, project.queries_dir)
        if fmt == "json":
            return json.dumps(query.as_dict(), indent=1, ensure_ascii=False) + "\n"
        return query_detail(query, project.rel(query.path))
    queries = saved_queries(project.queries_dir).values()
    if fmt == "json":
        return json.dumps([q.as_dict() for q in queries], indent=1, ensure_ascii=False) + "\n"
    return query_list(queries)


def query_list(queries) -> str:
    """The saved queries as a table: name, summary and parameters, then how to read one in full."""
    rows = [[q.name, q.summary, "; ".join(p.describe() for p in q.params)] for q in queries]
    return (table(["name", "summary", "parameters"], rows)
            + f"({len(rows)} saved quer{'y' if len(rows) == 1 else 'ies'}; `kg queries NAME` shows one in full)\n")


def query_detail(query, shown_path: str) -> str:
    """One saved query in full: summary, file, tags, description, parameters and SPARQL text."""
    out = [f"{query.name}: {query.summary}\n", f"file: {shown_path}\n"]
    if query.tags:
        out.append(f"tags: {', '.join(query.tags)}\n")
    if query.description:
        out.append("\n" + query.description + "\n")
    out.append("\nparameters:" + (" none\n" if not query.params else "\n"))
    if query.params:
        out.append(table(["name", "type", "required", "default", "values"],
                         [[p.name, "IRI, CURIE or label" if p.kind == "iri" else p.type_name
                           + (f"@{p.lang}" if p.lang else ""), "yes" if p.required else "no",
                           p.default if p.default is not None else "", ", ".join(p.choices or []) or "any"]
                          for p in query.params]))
    out.append("\nSPARQL:\n" + query.sparql)
    return "".join(out)
