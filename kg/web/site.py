"""The site: the query source, the Jinja2 templates (autoescaped), page and error responses, the
static files, per-snapshot caches, saved queries run with their parameters bound as RDF terms, and
the template helpers that turn IRIs into links."""
from __future__ import annotations

import mimetypes
from pathlib import Path
import sys
import threading
import time
import traceback

from ..errors import KgError
from ..iris import CCKG_NS, KGR_NS, ONTOLOGY_IRI, compact
from ..remote.media import negotiate
from ..remote.protocol import Request, Response
from ..store.embedded import XSD, Rows, Term

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
HTML = "text/html; charset=utf-8"
TITLE = "Climate Commitments Knowledge Graph"
CACHE_WAIT = 300  # seconds a page waits for another thread's computation of the same cached part
# what every page answers with: no framing by other sites, no type sniffing, no referrer to other sites
SECURITY_HEADERS = [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"),
                    ("Content-Security-Policy", "frame-ancestors 'none'; object-src 'none'; base-uri 'none'; "
                                                "form-action 'self'")]


def href(iri) -> str:
    """Where a link to an IRI goes: our resources and ontology terms to their pages here, others out."""
    value = iri.value if isinstance(iri, Term) else str(iri)
    if value.startswith(KGR_NS):
        return "/id/" + value[len(KGR_NS):]
    if value.startswith(CCKG_NS):
        return "/ontology/" + value[len(CCKG_NS):]
    if value == ONTOLOGY_IRI:
        return "/ontology"
    return value if value.lower().startswith(("http://", "https://")) else "#"  # no javascript:, data:...


def local(iri) -> str:
    """The local name of one of our IRIs (after /id/ or #), else the IRI."""
    value = iri.value if isinstance(iri, Term) else str(iri)
    for ns in (KGR_NS, CCKG_NS):
        if value.startswith(ns):
            return value[len(ns):]
    return value


def show(term) -> str:
    """A term as a person reads it: a number without trailing zeros, a CURIE for an IRI."""
    if term is None:
        return ""
    if not isinstance(term, Term):
        return str(term)
    if term.kind == "uri":
        return compact(term.value)
    if term.datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
        try:
            number = float(term.value)
        except ValueError:
            return term.value
        return f"{number:,.2f}".rstrip("0").rstrip(".") if number % 1 else f"{number:,.0f}"
    return term.value


def value(term):
    """A term's Python value: int, float, str; None for None."""
    if term is None:
        return None
    if term.kind == "literal" and term.datatype == XSD + "integer":
        try:
            return int(term.value)
        except ValueError:
            return term.value
    if term.kind == "literal" and term.datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
        try:
            return float(term.value)
        except ValueError:
            return term.value
    return term.value


class Site:
    """What every page shares: the source, the templates, the caches, the saved queries."""

    def __init__(self, source, queries_dir: Path):
        import jinja2

        self.source, self.queries_dir = source, Path(queries_dir)
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                      trim_blocks=True, lstrip_blocks=True, undefined=jinja2.ChainableUndefined)
        self.env.globals.update(href=href, local=local, show=show, compact=compact, site_title=TITLE)
        self.env.filters.update(href=href, local=local, show=show)
        self._cache: dict = {}
        self._running: dict = {}  # key -> (thread, Event set when it ends) of each computation under way
        self._lock = threading.Lock()
        self._queries: dict | None = None

    # -- routes and responses --------------------------------------------------------------------
    def add(self, app, path: str, handler) -> None:
        """Route `path` (a prefix when it ends in "/") to handler, whose failures become error pages."""
        def guarded(request: Request) -> Response:
            began = time.perf_counter()
            try:
                response = handler(request)
            except KgError as exc:
                response = self.error(request, 502, f"the graph could not answer: {exc}")
            except Exception:  # noqa: BLE001 - a page that fails must not take the server down
                traceback.print_exc(file=sys.stderr)
                response = self.error(request, 500, "this page failed; the error is in the server's log")
            spent = (time.perf_counter() - began) * 1000
            response.headers.append(("Server-Timing", f"app;dur={spent:.1f}"))  # for benchmarks and browsers' tools
            return response

        if path.endswith("/") and path != "/":
            app.prefixes[path] = guarded
        else:
            app.routes[path] = guarded

    def precompile(self) -> int:
        """Compile every template now (a page's first render would otherwise compile its own: ~0.1 to 0.2 s);
        how many there are."""
        import jinja2

        names = self.env.list_templates(filter_func=lambda name: name.endswith(".html"))
        for name in names:
            try:
                self.env.get_template(name)
            except jinja2.TemplateError:
                pass  # its pages will show the error
        return len(names)

    def ready_engines(self) -> int:
        """Send each of kg serve's engine processes a query its guard must parse (past the fast path's budget of
        operator characters: a comment of dots), so that each readies its parser now (rdflib's import and
        grammar: 0.3 to 0.5 s) rather than at a page's first query with its values written in (the charts').
        The queries go at once, one per engine; how many were sent (none for another store)."""
        from ..sparql.guard import FAST_BUDGET
        from .source import EngineSource

        if not isinstance(self.source, EngineSource):
            return 0
        dots = "." * (FAST_BUDGET + 1)
        queries = {n: f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT 1\n# kg serve readies engine {n}: {dots}"
                   for n in range(self.source.parallel)}  # a text each: no engine answers from its parse cache
        self.source.many({n: lambda source, text=text: source.select(text, max_rows=1)
                          for n, text in queries.items()})
        return len(queries)

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    def page(self, request: Request, template: str, status: int = 200, headers=(), **context) -> Response:
        """An HTML page (Vary: Accept: the same URL answers RDF to linked-data clients)."""
        context.setdefault("path", request.path)
        return Response(status, self.render(template, **context), HTML,
                        [("Vary", "Accept"), *SECURITY_HEADERS, *headers])

    def error(self, request: Request, status: int, message: str) -> Response:
        """An error page in HTML for a browser, one line of text for other clients."""
        if negotiate(request.header("Accept"), ["text/html", "text/plain"]) == "text/plain":
            return Response(status, f"kg serve: {message}\n")
        return self.page(request, "error.html", status, title=f"{status}", code=status, message=message)

    def not_found(self, request: Request) -> Response:
        return self.error(request, 404, f"nothing at {request.path}: pages are at /, SPARQL queries at /query")

    # -- caches and queries ----------------------------------------------------------------------
    def cached(self, name: str, compute):
        """compute(), kept until the source's data changes (another snapshot, or the endpoint's cache time).
        Computed once at a time: a caller that comes while another thread computes it (the start-up warm,
        another visitor) waits for that answer instead of asking the graph again."""
        key, mine = (name, self.source.key), None
        while mine is None:
            with self._lock:
                if key in self._cache:
                    return self._cache[key]
                other = self._running.get(key)
                if other is None:
                    mine = threading.Event()
                    self._running[key] = (threading.current_thread(), mine)
                    break
            if other[0] is threading.current_thread() or not other[1].wait(CACHE_WAIT):
                break  # asked again inside its own computation, or stuck: computed here (if it failed, the loop tries)
        try:
            result = compute()
            with self._lock:
                if len(self._cache) > 1000:
                    self._cache.clear()
                self._cache[key] = result
            return result
        finally:
            if mine is not None:
                with self._lock:
                    del self._running[key]
                mine.set()

    def saved_queries(self) -> dict:
        from ..sparql import saved_queries

        if self._queries is None:
            self._queries = saved_queries(self.queries_dir)
        return self._queries

    def run_saved(self, name: str, **given: str) -> Rows:
        """A saved query's rows, its parameters bound as RDF terms (kg.sparql.bind; pre-bound by the engines)."""
        from ..sparql import bind

        query = self.saved_queries().get(name)
        if query is None:
            raise KgError(f"no saved query {name} in {self.queries_dir}")
        bindings = bind(query, {k: v for k, v in given.items() if v is not None}, self.source)
        return self.source.select(query.text, bindings=bindings or None)


def static(request: Request) -> Response:
    """A file of kg/web/static (no dotfiles, nothing outside it), cached by browsers for an hour."""
    name = request.path[len("/static/"):]
    parts = name.split("/")
    target = (STATIC / name).resolve()
    if (not name or any(p.startswith(".") or not p for p in parts) or not target.is_file()
            or STATIC not in target.parents):
        return Response(404, "kg serve: no such static file\n")
    ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
        ctype += "; charset=utf-8"
    return Response(200, target.read_bytes(), ctype, [("Cache-Control", "public, max-age=3600"),
                                                       ("X-Content-Type-Options", "nosniff")])


def routes(site: Site) -> dict:
    return {"/static/": static}
