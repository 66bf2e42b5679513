"""What the pages read through: `select(sparql) -> Rows` and `graph(sparql) -> N-Triples bytes`, over
the engine processes of `kg serve` (EngineSource) or over another store's SPARQL endpoint
(EndpointSource, `kg serve --endpoint URL`). Every query the pages send is their own text, its
values bound as RDF terms in VALUES blocks written by pyoxigraph's serialiser; to the engines they
travel beside the text, which the guard then checks once and for all values.
Users' own queries go to /query.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
import time

import pyoxigraph as ox

from ..errors import KgError
from ..remote.connection import NTRIPLES, fetch
from ..store.embedded import XSD, Rows, Term, TooManyRows, from_ox

PAGE_MAX_ROWS = 100_000  # no page needs more; a query that returns more is a bug, stopped
ENDPOINT_CACHE_SECONDS = 300  # how long answers derived from a remote store are kept (it may change)


def listed(value) -> list[Term]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def bound(sparql: str, bindings: dict | None) -> str:
    """The text with its values in VALUES blocks (for a store that has no other way to take them)."""
    from ..remote.engine import with_bindings

    if not bindings:
        return sparql
    return with_bindings(sparql, {n: [[t.kind, t.value, t.datatype, t.lang] for t in listed(v)]
                                  for n, v in bindings.items()})


def parse_tsv(body: bytes) -> Rows:
    """SPARQL TSV results (what the engines write first) as Rows of Terms."""
    try:
        solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
    except (SyntaxError, ValueError) as exc:
        raise KgError(f"the query engine answered results that do not parse: {exc}") from None
    if isinstance(solutions, ox.QueryBoolean):  # an ASK: one boolean row, as kg.remote.client answers it
        return Rows(["result"], [(Term.literal("true" if bool(solutions) else "false", XSD + "boolean"),)])
    names = [v.value for v in solutions.variables]
    return Rows(names, [tuple(from_ox(s[n]) for n in names) for s in solutions])


class Source:
    """What pages read through; `key` changes when the data may have changed (caches key on it)."""

    key: str = ""
    parallel = 4  # queries run at once by many()

    def select(self, sparql: str, max_rows: int | None = None, bindings: dict | None = None) -> Rows:
        """A query's rows, `bindings` ({variable: Term or [Term, ...]}) bound as RDF terms in VALUES
        blocks written by pyoxigraph's serialiser: data, never pasted text."""
        raise NotImplementedError

    def graph(self, sparql: str, bindings: dict | None = None) -> bytes:
        """A CONSTRUCT or DESCRIBE query's triples as N-Triples, `bindings` bound as in select."""
        raise NotImplementedError

    def many(self, work: dict) -> dict:
        """{name: fn(self)} run at once (queries go to several engines in parallel): {name: result}."""
        if len(work) <= 1:
            return {name: fn(self) for name, fn in work.items()}
        with ThreadPoolExecutor(max_workers=min(len(work), self.parallel)) as pool:
            futures = {name: pool.submit(fn, self) for name, fn in work.items()}
            return {name: future.result() for name, future in futures.items()}


class EngineSource(Source):
    """The engine processes of `kg serve` (kg.remote.pool.Engines): the same snapshot, limits and guard
    as /query; answers travel as TSV (rows) and N-Triples (graphs), the engines' own first form."""

    def __init__(self, engines, timeout: float, max_bytes: int = 512 * 2**20):
        self.engines, self.timeout, self.max_bytes = engines, timeout, max_bytes
        self.parallel = max(1, getattr(engines, "size", 4))

    @property
    def key(self) -> str:
        """The snapshot the engines serve ("" until they have started)."""
        store = getattr(self.engines, "store", None)
        return str(store) if store else ""

    def ask(self, sparql: str, results: str | None, graphs: str | None, max_rows: int | None,
            bindings: dict | None = None) -> bytes:
        """The engine's answer. Values travel beside the text, and the engine adds them as VALUES blocks
        after its guard has checked the text (which is then the same for every value)."""
        job = {"query": sparql, "default": None, "named": None, "allow_service": False, "max_rows": max_rows,
               "max_bytes": self.max_bytes, "results": results, "graphs": graphs,
               "bindings": {n: [[t.kind, t.value, t.datatype, t.lang] for t in listed(v)]
                            for n, v in (bindings or {}).items()}}
        status, _, body = self.engines.ask(job, self.timeout)
        if status != 200:
            message = body.decode("utf-8", "replace").strip().removeprefix("kg serve: ")
            if status == 422:
                raise TooManyRows(message)
            raise KgError(message or f"the query engine answered HTTP {status}")
        return body

    def select(self, sparql: str, max_rows: int | None = None, bindings: dict | None = None) -> Rows:
        return parse_tsv(self.ask(sparql, "TSV", None, max_rows or PAGE_MAX_ROWS, bindings))

    def graph(self, sparql: str, bindings: dict | None = None) -> bytes:
        return self.ask(sparql, None, "N_TRIPLES", PAGE_MAX_ROWS, bindings)


class EndpointSource(Source):
    """Another store's SPARQL endpoint (kg.remote.client.Endpoint): `kg serve --endpoint URL`."""

    def __init__(self, endpoint):
        self.endpoint = endpoint

    @property
    def key(self) -> str:
        return f"{self.endpoint.url}@{int(time.time() // ENDPOINT_CACHE_SECONDS)}"

    def select(self, sparql: str, max_rows: int | None = None, bindings: dict | None = None) -> Rows:
        return self.endpoint.select(bound(sparql, bindings), max_rows=max_rows or PAGE_MAX_ROWS)

    def graph(self, sparql: str, bindings: dict | None = None) -> bytes:
        text = bound(sparql, bindings)
        request = self.endpoint.request(text, f"{NTRIPLES}, text/turtle;q=0.9")
        body, headers = fetch(request, self.endpoint.timeout)
        ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == NTRIPLES:
            return body
        try:
            triples = [ox.Triple(q.subject, q.predicate, q.object)
                       for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
        except (SyntaxError, ValueError) as exc:
            raise KgError(f"the endpoint's answer is not N-Triples or Turtle ({ctype or 'no type'}): {exc}") from None
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
