"""`kg query --endpoint`: saved queries on another store, by the SPARQL 1.1 Protocol (POST, `query=`).

`Endpoint.select` answers the same call as `Store.select` (rows of `Term`s), so kg.sparql.run
works unchanged on Fuseki, GraphDB, Virtuoso, Neptune or Oxigraph. Parameters travel inside the
query text as a VALUES block written by pyoxigraph's serialiser (kg.sparql.with_values).
"""
from __future__ import annotations

from dataclasses import dataclass
import json
import urllib.parse
import urllib.request

from ..errors import KgError
from ..store.embedded import XSD, Rows, Term
from .connection import (DEFAULT_TIMEOUT, MAX_ANSWER_BYTES, NTRIPLES, USER_AGENT, auth_header, body_hint, check_url,
                         fetch, one_line, safe_url)

RESULTS_JSON = "application/sparql-results+json, application/json;q=0.9"
TURTLE = "text/turtle"
ACCEPT = f"{RESULTS_JSON}, {NTRIPLES};q=0.8, {TURTLE};q=0.7"


def _term(cell: dict) -> Term:
    kind = cell.get("type")
    value = cell.get("value", "")
    if kind == "uri":
        return Term.iri(value)
    if kind == "bnode":
        return Term("bnode", value)
    if kind in ("literal", "typed-literal"):
        return Term.literal(value, cell.get("datatype"), cell.get("xml:lang"))
    raise KgError(f"unexpected term type {one_line(kind)[:40]!r} in the endpoint's results")


@dataclass
class Endpoint:
    """A SPARQL 1.1 query endpoint that answers `select` like the embedded store."""

    url: str
    timeout: float = DEFAULT_TIMEOUT
    # the dataset of every query (SPARQL 1.1 Protocol default-graph-uri / named-graph-uri); empty:
    # the store's own default graph, which on most stores is not the graph `kg push` wrote
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __post_init__(self):
        check_url(self.url)
        self._auth = auth_header()
        self.server: str | None = None

    def request(self, text: str, accept: str) -> urllib.request.Request:
        """A SPARQL 1.1 Protocol query by POST, form-encoded (long queries never hit URL length limits):
        the text always goes as `query=`, never as `update=`, with the dataset of every query."""
        form = [("query", text), *(("default-graph-uri", g) for g in self.default_graphs),
                *(("named-graph-uri", g) for g in self.named_graphs)]
        return urllib.request.Request(self.url, data=urllib.parse.urlencode(form).encode("utf-8"), method="POST",
                                      headers={"Content-Type": "application/x-www-form-urlencoded",
                                               "Accept": accept, "User-Agent": USER_AGENT, **self._auth})

    def select(self, sparql: str, max_rows: int | None = None) -> Rows:
        """SELECT rows, ASK as one boolean row, CONSTRUCT/DESCRIBE as subject/predicate/object rows."""
        # one Accept for every query form: the store answers results for SELECT/ASK and a graph for
        # CONSTRUCT/DESCRIBE, and the answer's content type says which (no guessing from keywords)
        body, headers = fetch(self.request(sparql, ACCEPT), self.timeout)  # one deadline, same-origin redirects
        shown = one_line((headers.get("Content-Type") or "").split(";")[0])  # for messages: scrubbed
        ctype = shown.lower()
        self.server = one_line(headers.get("Server") or "") or None  # which store answered (kg.remote.stores)
        if len(body) > MAX_ANSWER_BYTES:
            raise KgError(f"{safe_url(self.url)}: the answer is larger than {MAX_ANSWER_BYTES // 2**20} MB: "
                          "narrow the query")
        if "html" in ctype or body.lstrip()[:1] == b"<" and b"<html" in body[:2000].lower():
            raise KgError(f"{safe_url(self.url)}: answered with an HTML page ({shown or 'no content type'}), "
                          f"not SPARQL results: is this the SPARQL endpoint URL? {body_hint(body)}".rstrip())
        graph_form = ctype in (NTRIPLES, TURTLE)
        rows = _triple_rows(body, ctype, shown, self.url) if graph_form else _json_rows(body, self.url)
        if max_rows and len(rows.rows) > max_rows:
            from ..store.embedded import TooManyRows, capped

            list(capped(rows.rows, max_rows))  # raises TooManyRows with the usual message
            raise TooManyRows("unreachable")
        return rows

    def count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {Term.iri(graph).n3()} {{ ?s ?p ?o }} }}")
        try:
            return int(rows.rows[0][0].value)
        except (IndexError, TypeError, ValueError, AttributeError) as exc:
            raise KgError(f"{safe_url(self.url)}: could not count the triples of {graph}") from exc


def _json_rows(body: bytes, url: str) -> Rows:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise KgError(f"{safe_url(url)}: the answer is not SPARQL JSON results: {body_hint(body)}") from exc
    if not isinstance(data, dict):
        raise KgError(f"{safe_url(url)}: the answer is not SPARQL JSON results")
    if "boolean" in data:
        return Rows(["result"], [(Term.literal("true" if data["boolean"] else "false", XSD + "boolean"),)])
    try:
        names = list(data["head"].get("vars", []))
        rows = [tuple(_term(b[n]) if n in b else None for n in names) for b in data["results"]["bindings"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise KgError(f"{safe_url(url)}: the answer is not SPARQL JSON results (no head/results)") from exc
    return Rows(names, rows)


def _triple_rows(body: bytes, ctype: str, shown: str, url: str) -> Rows:
    import pyoxigraph as ox

    from ..store.embedded import from_ox

    fmt = ox.RdfFormat.N_TRIPLES if ctype == NTRIPLES else ox.RdfFormat.TURTLE
    try:
        triples = list(ox.parse(body, format=fmt))
    except (SyntaxError, ValueError) as exc:
        raise KgError(f"{safe_url(url)}: the answer is not RDF ({shown}): {one_line(exc)}") from None
    return Rows(["subject", "predicate", "object"],
                [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in triples])


