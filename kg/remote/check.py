"""`kg endpoint-check`: every saved query's test cases on another store against the built graph."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import KgError
from ..sparql import run, saved_queries
from ..sparql.cases import cases
from ..store.embedded import Rows
from .connection import one_line


@dataclass
class Outcome:
    """How one test case of one saved query went on the store."""

    query: str
    given: dict
    agrees: bool
    detail: str  # "n rows", or the first difference, or the store's error


def comparable(rows: Rows) -> list:
    """Rows as sorted tuples of RDF terms, blank-node labels hidden (two stores label them apart)."""
    def cell(t):
        return None if t is None else ("bnode",) if t.kind == "bnode" else (t.kind, t.value, t.datatype, t.lang)
    return sorted((tuple(cell(t) for t in row) for row in rows.rows), key=repr)


def check(local, endpoint, queries_dir, timeout: float | None = None) -> list[Outcome]:
    """Run each saved query's test cases (kg.sparql.cases) on both; compare rows as RDF terms."""
    out = []
    for name, query in sorted(saved_queries(queries_dir).items()):
        for given in cases(query):
            ours = run(local, query, given, timeout=timeout)
            try:
                theirs = run(endpoint, query, given, timeout=timeout)
            except KgError as exc:
                out.append(Outcome(name, given, False, f"error: {exc}"))
                continue
            mine, other = comparable(ours), comparable(theirs)
            if theirs.variables != ours.variables:
                detail = f"columns {theirs.variables} instead of {ours.variables}"
            elif mine != other:
                missing = [r for r in mine if r not in other]
                extra = [r for r in other if r not in mine]
                detail = (f"{len(other)} rows instead of {len(mine)}; first missing {missing[0] if missing else '-'}; "
                          f"first extra {extra[0] if extra else '-'}")
            else:
                out.append(Outcome(name, given, True, f"{len(mine)} rows"))
                continue
            out.append(Outcome(name, given, False, one_line(detail)))  # rows the store sent: scrubbed
    return out
