"""`kg serve`: the built graph as a read-only SPARQL 1.1 Protocol endpoint (Oxigraph's server).

Oxigraph's server (`oxigraph serve-read-only`, the `oxigraph` package on PyPI) runs the same
engine as the embedded store, so a query gives the same rows through HTTP as in `kg query`; it is
one Rust binary with a query timeout and no Python in the request path. It serves a snapshot of
the build (a RocksDB checkpoint: hard links, no copy), so `kg build` can run meanwhile; the
snapshot is removed when the server stops.
"""
from __future__ import annotations

from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
import time

from ..errors import KgError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def oxigraph_executable() -> str:
    """The `oxigraph` command of this environment (next to the Python running kg), else on PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file():
        return str(here)
    found = shutil.which("oxigraph")
    if not found:
        raise KgError("kg serve needs Oxigraph's server: `pip install oxigraph` (it is a dependency of this "
                      "package; reinstall with the README command)")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for_port(host: str, port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = (process.stderr.read() if process.stderr else b"").decode("utf-8", "replace").strip()
            last = err.splitlines()[-1] if err else f"exit status {process.returncode}"
            raise KgError(f"the SPARQL server stopped at start: {last}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise KgError(f"the SPARQL server did not listen on {host}:{port} within {timeout:g} s")


def server_command(location: Path, host: str, port: int, timeout: float, writable: bool = False) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [oxigraph_executable(), "serve" if writable else "serve-read-only", "--location", str(location),
            "--bind", bind, "--union-default-graph", "--timeout-s", str(max(1, int(round(timeout))))]


def snapshot(project, infer: bool | None, log) -> Path:
    """A private checkpoint of the build to serve, without the inferred graph when infer is False."""
    import tempfile

    from ..iris import INFERRED_GRAPH
    from ..store.build import open_built
    from ..store.embedded import Store

    store = open_built(project, log=log, infer=infer)
    drop = INFERRED_GRAPH not in store.graphs()
    target = Path(tempfile.mkdtemp(prefix="serve-", dir=project.build_dir)) / "store"
    store.backup(target)
    store.close()
    if drop:
        copy = Store.create(target)
        if INFERRED_GRAPH in copy.graphs():
            copy.remove_graph(INFERRED_GRAPH)
        copy.close()
    return target


def read_request(method: str, path: str, headers, body: bytes) -> tuple[str | None, list[str], list[str]]:
    """The query of a SPARQL 1.1 Protocol request (GET ?query=, POST form, POST sparql-query) and its
    dataset: the default-graph-uri and named-graph-uri parameters (URL or form)."""
    import urllib.parse

    params = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    query = (params.get("query") or [None])[0] if method == "GET" else None
    if method == "POST" and ctype == "application/sparql-query":
        query = body.decode("utf-8", "replace")
    elif method == "POST" and ctype == "application/x-www-form-urlencoded":
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        query = (form.get("query") or [None])[0]
        for key in ("default-graph-uri", "named-graph-uri"):
            params[key] = params.get(key, []) + form.get(key, [])
    return query, params.get("default-graph-uri", []), params.get("named-graph-uri", [])


def dataset_params(defaults: list[str], named: list[str]) -> dict[str, list[str]]:
    """The dataset to ask the engine for. The build as one graph goes by the name `kg push` gives it
    (kg.iris.PUSH_GRAPH): asking for that graph is asking for the union, the engine's default graph."""
    from ..iris import PUSH_GRAPH

    out = {}
    if defaults and defaults != [PUSH_GRAPH]:
        out["default-graph-uri"] = defaults
    if named and named != [PUSH_GRAPH]:
        out["named-graph-uri"] = named
    return out


def service_description(endpoint: str) -> str:
    """A SPARQL 1.1 Service Description of `kg serve` (Turtle), answered for a GET without a query."""
    from ..iris import PUSH_GRAPH

    formats = " , ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in (
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
        "N-Triples", "RDF_XML"))
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


def count_answer(body: bytes, ctype: str) -> int:
    """Rows (or triples) in a SPARQL answer; ValueError if it is not a complete answer."""
    import pyoxigraph as ox

    media = ctype.split(";")[0].strip().lower()
    try:
        if media == "text/csv":
            text = body.decode("utf-8")
            if not text.endswith("\n") and text.count("\n") > 0 or "cancelled" in text[-200:]:
                raise ValueError("truncated")
            return max(0, len([ln for ln in text.splitlines() if ln]) - 1)
        results = ox.QueryResultsFormat.from_media_type(media)
        if results is not None:
            answer = ox.parse_query_results(body, format=results)
            return 1 if isinstance(answer, ox.QueryBoolean) else sum(1 for _ in answer)
        rdf = ox.RdfFormat.from_media_type(media)
        if rdf is not None:
            return sum(1 for _ in ox.parse(body, format=rdf))
    except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from exc
    return 0


def guard_handler(upstream: str, timeout: float, max_rows: int | None, allow_service: bool, max_bytes: int,
                  cors: tuple[str, ...] = ()):
    """The public face of `kg serve`: only SPARQL queries pass, checked by `kg.sparql.guard`, and only
    complete answers within the row limit come back."""
    import http.server
    import urllib.error
    import urllib.request

    from ..sparql.guard import check_query

    class Guard(http.server.BaseHTTPRequestHandler):
        server_version = "kg-serve"
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _cors_headers(self) -> None:
            origin = self.headers.get("Origin")
            if origin and ("*" in cors or origin in cors):
                self.send_header("Access-Control-Allow-Origin", "*" if "*" in cors else origin)
                self.send_header("Vary", "Origin")

        def _reply(self, status: int, text: str | bytes, ctype: str = "text/plain; charset=utf-8") -> None:
            data = text.encode("utf-8") if isinstance(text, str) else text
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self._cors_headers()
            self.end_headers()
            self.wfile.write(data)

        def do_OPTIONS(self) -> None:
            """A CORS preflight (browser tools such as YASGUI send one before a POST): allowed origins
            (kg serve --cors) may GET and POST queries; others get no CORS headers, so the browser refuses."""
            self.send_response(204)
            self.send_header("Allow", "GET, POST, OPTIONS")
            self._cors_headers()
            if self.headers.get("Origin") and ("*" in cors or self.headers.get("Origin") in cors):
                self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
                self.send_header("Access-Control-Max-Age", "600")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > 1_000_000:
                return self._reply(413, "kg serve: a query of more than 1 MB is refused\n")
            body = self.rfile.read(length) if length else b""
            path = self.path.split("?", 1)[0].rstrip("/")
            if path == "/update" or self.command not in ("GET", "POST") or path == "/store" and self.command != "GET":
                return self._reply(403, "kg serve is read-only: SPARQL Update and Graph Store writes are refused\n")
            if path != "/query":
                return self._reply(404, "kg serve answers SPARQL queries at /query (SPARQL 1.1 Protocol)\n")
            query, defaults, named = read_request(self.command, self.path, self.headers, body)
            if not query and self.command == "GET":  # SPARQL 1.1 Service Description
                host = self.headers.get("Host") or "127.0.0.1"
                return self._reply(200, service_description(f"http://{host}/query"), "text/turtle; charset=utf-8")
            if not query:
                return self._reply(400, "kg serve: no query (send query=... or an application/sparql-query body)\n")
            try:
                check_query(query, "query", allow_service)
            except Exception as exc:  # KgError: refused
                return self._reply(403, f"kg serve: {exc}\n")
            self._forward(query, dataset_params(defaults, named))

        def _forward(self, query: str, dataset: dict) -> None:
            import time as _time
            import urllib.parse

            data = urllib.parse.urlencode({"query": query, **dataset}, doseq=True).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded",
                       "Accept": self.headers.get("Accept") or "application/sparql-results+json"}
            started = _time.monotonic()
            try:
                with urllib.request.urlopen(urllib.request.Request(upstream, data=data, headers=headers),
                                            timeout=timeout + 10) as response:
                    status, ctype = response.status, response.headers.get("Content-Type", "")
                    answer = response.read(max_bytes + 1)
            except urllib.error.HTTPError as exc:
                return self._reply(exc.code, exc.read(), exc.headers.get("Content-Type", "text/plain"))
            except OSError as exc:
                return self._reply(502, f"kg serve: the query engine did not answer ({exc})\n")
            if len(answer) > max_bytes:
                return self._reply(422, f"kg serve: the answer is larger than {max_bytes // 2**20} MB: add a LIMIT\n")
            try:
                rows = count_answer(answer, ctype)
            except ValueError:
                if _time.monotonic() - started >= timeout * 0.9 or b"cancelled" in answer[-200:]:
                    return self._reply(503, f"kg serve: the query was stopped after {timeout:g} s (the query "
                                            "timeout, kg serve --timeout)\n")
                return self._reply(502, "kg serve: the query engine sent an incomplete answer\n")
            if max_rows and rows > max_rows:
                return self._reply(422, f"kg serve: the answer has more than {max_rows:,} rows (the row limit, "
                                        "kg serve --max-rows): add a LIMIT\n")
            self._reply(status, answer, ctype)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    return Guard


def serve(project, host: str, port: int, timeout: float, infer: bool | None, log, max_rows: int | None = 100_000,
          allow_service: bool = False, max_bytes: int = 512 * 2**20, cors: tuple[str, ...] = ()) -> int:
    """Run the read-only server until interrupted; the snapshot is removed afterwards.

    Oxigraph's server listens on a private loopback port; the public port is a small guard that
    refuses updates and SERVICE (kg.sparql.guard), enforces the row limit and turns a timed-out answer
    (Oxigraph ends it mid-body) into a clear 503.
    """
    import http.server
    import threading

    if host not in LOOPBACK:
        log(f"warning: listening on {host}, not the loopback interface: anyone who can reach this machine "
            "can query the graph")
    class Server(http.server.ThreadingHTTPServer):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        daemon_threads = True

    started = False
    try:
        public = Server((host, port), None)
    except OSError as exc:
        raise KgError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc
    location = snapshot(project, infer, log)
    private = free_port()
    process = None
    try:
        process = subprocess.Popen(server_command(location, "127.0.0.1", private, timeout),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for_port("127.0.0.1", private, process)
        public.RequestHandlerClass = guard_handler(f"http://127.0.0.1:{private}/query", timeout, max_rows,
                                                   allow_service, max_bytes, tuple(cors))
        thread = threading.Thread(target=public.serve_forever, daemon=True)
        thread.start()
        started = True
        port = public.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        limit = f"at most {max_rows:,} rows" if max_rows else "no row limit"
        log(f"serving the graph read-only at http://{shown}:{port}/query (SPARQL 1.1 Protocol; query "
            f"timeout {timeout:g} s, {limit}{', SERVICE allowed' if allow_service else ''}); Ctrl-C stops")
        previous = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        try:
            return process.wait()
        except KeyboardInterrupt:
            log("stopping the server")
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
    finally:
        if started:
            public.shutdown()
        public.server_close()
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(location.parent, ignore_errors=True)
