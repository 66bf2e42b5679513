"""Query results on the web pages: cells as text and links, pages of 50 rows, CSV, JSON and XML downloads,
and a small cache so that turning a page does not run the query again."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
import threading
import urllib.parse

from ..iris import CCKG_NS, KGR_NS, ONTOLOGY_IRI, compact
from ..remote.protocol import Response
from ..sparql import FORMATTERS
from ..store.embedded import Rows, Term

PAGE_SIZE = 50
DOWNLOADS = {"csv": "text/csv; charset=utf-8", "json": "application/sparql-results+json; charset=utf-8",
             "xml": "application/sparql-results+xml; charset=utf-8"}
LINKABLE = ("http://", "https://")  # other schemes (javascript:, data:) are shown, never linked
CACHED_ANSWERS = 16
CACHED_ROWS = 50_000  # rows kept in all (~1.5 KB a row of long quotes: ~75 MB at most); a longer answer is not kept


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, where it links to (None: no link) and what a tooltip says of it."""

    text: str
    href: str | None = None
    title: str | None = None


def cell(term: Term | None) -> Cell:
    """A result term as a cell: our resources link to their page /id/..., other web IRIs link out."""
    if term is None:
        return Cell("")
    if term.kind == "uri":
        return Cell(compact(term.value), href(term.value), term.value)
    if term.kind == "bnode":
        return Cell(f"_:{term.value}")
    title = f"@{term.lang}" if term.lang else compact(term.datatype) if term.datatype else None
    return Cell(term.value, None, title)


def href(iri: str) -> str | None:
    """Where a result IRI links to: our resources to /id/..., ontology terms to /ontology/..., other web
    IRIs out; an IRI of another scheme (javascript:, data:) to nothing."""
    for ns, path in ((KGR_NS, "/id/"), (CCKG_NS, "/ontology/")):
        if iri.startswith(ns) and len(iri) > len(ns):
            return path + urllib.parse.quote(iri[len(ns):], safe="-._~/!$&'()*+,;=:@")
    if iri == ONTOLOGY_IRI:
        return "/ontology"
    return iri if iri.lower().startswith(LINKABLE) else None


@dataclass
class Page:
    """One page of an answer: its rows as cells, which page it is and how many there are."""

    variables: list[str]
    rows: list[list[Cell]]
    number: int
    pages: int
    total: int
    size: int = PAGE_SIZE

    @property
    def first_row(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last_row(self) -> int:
        return min(self.total, self.number * self.size)


def page_number(raw: str | None) -> int:
    """The page asked for (1 when none); ValueError for anything but a positive whole number."""
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise ValueError(f"page {raw[:40]!r}: give a page number, 1 or more")
    return int(raw)


def page_of(rows: Rows, number: int, size: int = PAGE_SIZE) -> Page:
    """Page `number` (from 1; past the last one: the last one) of the rows, `size` to a page."""
    total = len(rows.rows)
    pages = max(1, -(-total // size))
    number = min(number, pages)
    chosen = rows.rows[(number - 1) * size: number * size]
    return Page(list(rows.variables), [[cell(t) for t in row] for row in chosen], number, pages, total, size)


def download(rows: Rows, fmt: str, name: str) -> Response:
    """The whole answer as SPARQL 1.1 CSV (formula-like cells neutralised), JSON or XML results, as a file."""
    body = FORMATTERS[fmt](rows)
    return Response(200, body, DOWNLOADS[fmt],
                    [("Content-Disposition", f'attachment; filename="{name}.{fmt}"'),
                     ("X-Content-Type-Options", "nosniff")])


def link(path: str, params: list[tuple[str, str]], **changes: str | None) -> str:
    """`path` with the query string `params`, some changed (None: left out)."""
    kept = [(k, v) for k, v in params if k not in changes]
    kept += [(k, v) for k, v in changes.items() if v is not None]
    return path + ("?" + urllib.parse.urlencode(kept) if kept else "")


class Answers:
    """The last few answers (50,000 rows in all at most), by (data version, query, parameters), for
    paging and downloads."""

    def __init__(self, size: int = CACHED_ANSWERS):
        self.size = size
        self._answers: OrderedDict[tuple, Rows] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, compute) -> Rows:
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        rows = compute()  # outside the lock: other pages go on meanwhile
        if len(rows.rows) > CACHED_ROWS:
            return rows
        with self._lock:
            self._answers[key] = rows
            while len(self._answers) > self.size or sum(len(r.rows) for r in self._answers.values()) > CACHED_ROWS:
                self._answers.popitem(last=False)
        return rows
