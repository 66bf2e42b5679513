"""The web application of `kg serve` (WSGI): the SPARQL 1.1 Protocol at /query, read-only, its
service description, and CORS for the origins allowed. Routes are a table of paths and of path
prefixes, so pages (kg.web, mounted by the CLI) sit beside /query; waitress (kg.remote.serve) runs
it with bounded threads and connections.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from http import HTTPStatus
import re
import urllib.parse

from .media import GRAPHS, RESULTS, negotiate

READ_ONLY = "kg serve is read-only: SPARQL Update and Graph Store writes are refused\n"
TEXT = "text/plain; charset=utf-8"
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


@dataclass
class Settings:
    """What one query may take, and who may call from a browser."""

    timeout: float = 30.0
    max_rows: int | None = 100_000
    max_bytes: int = 512 * 2**20
    allow_service: bool = False
    cors: tuple[str, ...] = ()


@dataclass
class Response:
    status: int
    body: bytes | str = b""
    type: str = TEXT
    headers: list[tuple[str, str]] = field(default_factory=list)


class Request:
    """What a WSGI request holds that the routes read: method, path, parameters, headers, body."""

    def __init__(self, environ: dict):
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        self.path = environ.get("PATH_INFO", "/").rstrip("/") or "/"
        self.params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)

    def header(self, name: str) -> str | None:
        key = name.upper().replace("-", "_")
        return self.environ.get(key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key)

    @property
    def media_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    def body(self) -> bytes:
        """The request body (waitress has read it whole, within its max_request_body_size)."""
        length = int(self.environ.get("CONTENT_LENGTH") or 0)
        return self.environ["wsgi.input"].read(length) if length > 0 else b""


def read_request(request: Request) -> tuple[list[str], list[str], list[str], bool]:
    """The queries of a SPARQL 1.1 Protocol request (GET ?query=, POST form, POST sparql-query),
    its dataset (default-graph-uri and named-graph-uri, URL or form) and whether it asks for an update."""
    params = {k: list(v) for k, v in request.params.items()}
    queries = params.get("query", []) if request.method in ("GET", "HEAD") else []
    update = "update" in params or request.media_type == "application/sparql-update"
    if request.method == "POST" and request.media_type == "application/sparql-query":
        queries = [request.body().decode("utf-8", "replace")]
    elif request.method == "POST" and request.media_type == "application/x-www-form-urlencoded":
        form = urllib.parse.parse_qs(request.body().decode("utf-8", "replace"), keep_blank_values=True)
        queries = form.get("query", [])
        update = update or "update" in form
        for key in ("default-graph-uri", "named-graph-uri"):
            params[key] = params.get(key, []) + form.get(key, [])
    return queries, params.get("default-graph-uri", []), params.get("named-graph-uri", []), update


def dataset(defaults: list[str], named: list[str]) -> tuple[list[str] | None, list[str] | None]:
    """The graphs to query: (default graph, named graphs), None meaning the build's own (the union
    of its named graphs, and all of them). The build as one graph goes by the name `kg push` gives
    it (kg.iris.PUSH_GRAPH): asking for that graph is asking for the union."""
    from ..iris import PUSH_GRAPH

    chosen = None if not defaults or PUSH_GRAPH in defaults else defaults
    reachable = [g for g in named if g != PUSH_GRAPH]
    return chosen, reachable or None


def service_description(endpoint: str) -> str:
    """A SPARQL 1.1 Service Description of `kg serve` (Turtle), answered for a GET without a query."""
    from ..iris import PUSH_GRAPH

    formats = " , ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in (
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
        "N-Triples", "RDF_XML", "JSON-LD"))
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {formats} ;
    dcterms:description "kg serve: the Climate Commitments Knowledge Graph, read-only. The default graph is the union of the build's named graphs, also reachable as <{PUSH_GRAPH}> (default-graph-uri)." ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


class App:
    """The WSGI application: `routes` maps a path to a function of a Request giving a Response."""

    def __init__(self, engines, settings: Settings):
        self.engines, self.settings = engines, settings
        self.routes = {"/query": self.sparql, "/update": self.read_only, "/store": self.graph_store}
        self.prefixes: dict = {}  # "/id/" -> handler of every path under it (the pages, kg.web)

    def __call__(self, environ: dict, start_response):
        request = Request(environ)
        if request.method == "OPTIONS":
            response = self.preflight(request)
        elif request.method not in ("GET", "HEAD", "POST"):
            response = self.read_only(request)
        else:
            response = self.route(request.path)(request)
        body = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
        headers = [("Content-Type", response.type), ("Content-Length", str(len(body))),
                   *self.cors_headers(request), *response.headers]
        start_response(f"{response.status} {HTTPStatus(response.status).phrase}", headers)
        return [b"" if request.method == "HEAD" else body]

    def route(self, path: str):
        """The handler of a path: its own route, else the longest prefix route it falls under."""
        if path in self.routes:
            return self.routes[path]
        under = [p for p in self.prefixes if path.startswith(p)]
        return self.prefixes[max(under, key=len)] if under else self.not_found

    # -- routes ----------------------------------------------------------------------------------
    def sparql(self, request: Request) -> Response:
        """SPARQL 1.1 Protocol query operation; a GET without a query gets the service description."""
        queries, defaults, named, update = read_request(request)
        if update:
            return self.read_only(request)
        if not queries and request.method in ("GET", "HEAD"):
            return Response(200, service_description(self.endpoint(request)), "text/turtle; charset=utf-8")
        if len(queries) != 1 or not queries[0].strip():
            return Response(400, "kg serve: send one query (query=... or an application/sparql-query body)\n")
        accept = request.header("Accept")
        default, reachable = dataset(defaults, named)
        s = self.settings
        job = {"query": queries[0], "default": default, "named": reachable, "allow_service": s.allow_service,
               "max_rows": s.max_rows, "max_bytes": s.max_bytes,
               "results": _format(negotiate(accept, RESULTS), RESULTS),
               "graphs": _format(negotiate(accept, GRAPHS), GRAPHS)}
        gone = request.environ.get("waitress.client_disconnected") or (lambda: False)
        status, media, body = self.engines.ask(job, s.timeout, gone)
        return Response(status, body, media)

    def read_only(self, request: Request) -> Response:
        return Response(403, READ_ONLY)

    def graph_store(self, request: Request) -> Response:
        return self.read_only(request) if request.method == "POST" else self.not_found(request)

    def not_found(self, request: Request) -> Response:
        return Response(404, "kg serve answers SPARQL queries at /query (SPARQL 1.1 Protocol)\n")

    # -- CORS ------------------------------------------------------------------------------------
    def allowed_origin(self, request: Request) -> str | None:
        origin, cors = request.header("Origin"), self.settings.cors
        if origin and ("*" in cors or origin in cors):
            return "*" if "*" in cors else origin
        return None

    def cors_headers(self, request: Request) -> list[tuple[str, str]]:
        allowed = self.allowed_origin(request)
        return [("Access-Control-Allow-Origin", allowed), ("Vary", "Origin")] if allowed else []

    def preflight(self, request: Request) -> Response:
        """A CORS preflight (browser tools such as YASGUI send one before a POST): allowed origins
        (kg serve --cors) may GET and POST queries; others get no CORS headers, so the browser refuses."""
        headers = [("Allow", "GET, POST, OPTIONS")]
        if self.allowed_origin(request):
            headers += [("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                        ("Access-Control-Allow-Headers", "Content-Type, Accept"),
                        ("Access-Control-Max-Age", "600")]
        return Response(204, b"", TEXT, headers)

    def endpoint(self, request: Request) -> str:
        """This endpoint's URL as the client reached it (a Host header that is not a host is ignored)."""
        host = request.header("Host") or ""
        if not _HOST.fullmatch(host):
            host = f"{request.environ.get('SERVER_NAME', '127.0.0.1')}:{request.environ.get('SERVER_PORT', '')}"
        return f"http://{host}/query"


def _format(media: str | None, table: dict) -> str | None:
    return None if media is None else table[media]
