"""`kg serve`: the built graph as a read-only SPARQL 1.1 Protocol endpoint.

A WSGI application (kg.remote.protocol) served by waitress, a pure-Python server with a bounded
thread pool, a connection limit, a timeout for idle or slow connections, a listen backlog and a
request size limit. Queries run in engine workers (kg.remote.pool, kg.remote.engine): pyoxigraph
processes with a memory cap, killed and replaced when a query runs past the timeout, dying with
the server whatever signal ends it, reached over socketpairs (no port), with no network where the
kernel allows. They read a snapshot of the build (a RocksDB checkpoint: hard links, no copy), so
`kg build` can run meanwhile; the snapshot is removed when the server stops, or by the next kg
command if the server was killed (kg.project.sweep_stale).
"""
from __future__ import annotations

import faulthandler
import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import threading
import time

from ..errors import KgError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
CHANNEL_TIMEOUT = 20  # seconds a connection may stay silent with no request in progress
MAX_QUERY_BYTES = 1_000_000


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for_port(host: str, port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = (process.stderr.read() if process.stderr else b"")
            err = (err.decode("utf-8", "replace") if isinstance(err, bytes) else err).strip()
            last = err.splitlines()[-1] if err else f"exit status {process.returncode}"
            raise KgError(f"the SPARQL server stopped at start: {last}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise KgError(f"the SPARQL server did not listen on {host}:{port} within {timeout:g} s")


def snapshot(project, infer: bool | None, log) -> Path:
    """A private checkpoint of the build to serve, with the inferred graph only when `infer` is true
    (`kg serve --infer`), whatever the last build held; its folder is claimed by this process (kg.project.claim)."""
    import tempfile

    from ..iris import INFERRED_GRAPH
    from ..project import claim
    from ..store.build import open_built
    from ..store.embedded import Store

    store = open_built(project, log=log, infer=infer or False)  # "rl": kg serve --infer --engine rl
    drop = not infer
    folder = Path(tempfile.mkdtemp(prefix="serve-", dir=project.build_dir))
    claim(folder)
    target = folder / "store"
    store.backup(target)
    store.close()
    if drop:
        copy = Store.create(target)
        if INFERRED_GRAPH in copy.graphs():
            copy.remove_graph(INFERRED_GRAPH)
        copy.close()
    return target


def connection_limit() -> int:
    """How many connections waitress may hold open: as many as the file-descriptor limit allows
    (raised to its hard limit), keeping room for the engines, up to 10,000."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 10_064 if hard == resource.RLIM_INFINITY else min(hard, 10_064)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return max(50, min(10_000, (soft if soft != resource.RLIM_INFINITY else wanted) - 64))


def listen(app, host: str, port: int, threads: int):
    """The waitress server for `app` on host:port (bound, not yet running)."""
    import logging

    from waitress.server import create_server

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth": expected under load
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        return create_server(app, listen=bind, threads=threads, connection_limit=connection_limit(),
                             channel_timeout=CHANNEL_TIMEOUT, cleanup_interval=5, backlog=1024,
                             max_request_body_size=MAX_QUERY_BYTES, max_request_header_size=MAX_QUERY_BYTES,
                             asyncore_use_poll=True, ident="kg-serve", expose_tracebacks=False,
                             channel_request_lookahead=1)  # reading on: a client that hangs up is seen
    except OSError as exc:
        raise KgError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc


def bound_port(server, port: int) -> int:
    """The port waitress listens on (the one it picked for port 0)."""
    if hasattr(server, "effective_port"):
        return int(server.effective_port)
    listening = getattr(server, "effective_listen", None)
    return int(listening[0][1]) if listening else port


class Forward:
    """The engines' `ask` over another store's SPARQL endpoint (`kg serve --endpoint URL`): each query
    passes the guard here, then goes there as `query=` (never as an update), answered as the client asked."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.size = 4
        self.closed = False

    def ask(self, job: dict, timeout: float, gone=lambda: False) -> tuple[int, str, bytes]:
        from ..sparql.guard import safe_query
        from .connection import fetch
        from .media import CONTENT_TYPES

        text_type = "text/plain; charset=utf-8"
        if self.closed:
            return 503, text_type, b"kg serve: the server is stopping\n"
        try:
            text = safe_query(job["query"], "query", job.get("allow_service", False), embedded=False)
        except KgError as exc:
            return 403, text_type, f"kg serve: {exc}\n".encode()
        wanted = [CONTENT_TYPES[f].split(";")[0] for f in (job.get("results"), job.get("graphs")) if f]
        if not wanted:
            return 406, text_type, b"kg serve: no answer format the Accept header lists is offered\n"
        try:
            body, headers = fetch(self.dataset(job).request(text, ", ".join(wanted)),
                                  min(timeout, self.endpoint.timeout), job["max_bytes"])
        except KgError as exc:
            return 502, text_type, f"kg serve: {exc}\n".encode()
        if len(body) > job["max_bytes"]:
            return 422, text_type, b"kg serve: the answer is larger than the size limit: add a LIMIT\n"
        return 200, headers.get("Content-Type") or wanted[0], body

    def dataset(self, job: dict):
        """The endpoint with the client's dataset (default-graph-uri, named-graph-uri) in place of the
        configured one where the client gave one: another graph's rows, never the configured graph's."""
        import dataclasses

        changes = {}
        if job.get("default") is not None:
            changes["default_graphs"] = tuple(job["default"])
        if job.get("named") is not None:
            changes["named_graphs"] = tuple(job["named"])
        return dataclasses.replace(self.endpoint, **changes) if changes else self.endpoint

    def close(self) -> None:
        self.closed = True


def serve(project, host: str, port: int, timeout: float, infer: bool | None, log, max_rows: int | None = 100_000,
          allow_service: bool = False, max_bytes: int = 512 * 2**20, cors: tuple[str, ...] = (),
          memory: int | None = None, workers: int = 4, mount=None, endpoint=None) -> int:
    """Run the read-only server until SIGINT, SIGTERM or SIGHUP; the snapshot is removed afterwards.
    `mount(app)` adds routes (the pages, kg.web); with `endpoint` (kg.remote.client.Endpoint) the
    queries go to that store instead of a snapshot of the build."""
    from .confine import DEFAULT_MEMORY, show_size
    from .pool import Engines
    from .protocol import App, Settings

    memory = DEFAULT_MEMORY if memory is None else memory
    if host not in LOOPBACK:
        log(f"warning: listening on {host}, not the loopback interface: anyone who can reach this machine "
            "can query the graph")
    settings = Settings(timeout=timeout, max_rows=max_rows, max_bytes=max_bytes, allow_service=allow_service,
                        cors=tuple(cors))
    engines = Forward(endpoint) if endpoint is not None else Engines(workers, memory, network=allow_service, log=log)
    app = App(engines, settings)
    if mount is not None:
        mount(app)
    server = listen(app, host, port, threads=workers + 2)  # before the snapshot: fail fast
    location = None
    serving = threading.Event()
    stopping = threading.Event()

    def stop(signum, frame):
        # While serving, only set a flag and wake the poll: an exception raised in waitress's loop could
        # leave one of its locks held, and the shutdown would then wait forever. While starting, raise.
        if stopping.is_set():  # a second signal: stop now (the engines die with us, the next command sweeps)
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        stopping.set()
        if not serving.is_set():
            raise KeyboardInterrupt
        server.pull_trigger()

    stops = [s for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
             if signal.getsignal(s) is not signal.SIG_IGN]  # nohup's SIGHUP, a background job's SIGINT stay ignored
    previous = {s: signal.signal(s, stop) for s in stops}
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # `kill -USR1 PID`: every thread's stack on stderr
    try:
        shown = f"[{host}]" if ":" in host else host
        base = f"http://{shown}:{bound_port(server, port)}"
        pages = f"; pages at {base}/" if mount is not None else ""
        if endpoint is not None:
            from .connection import safe_url

            log(f"serving {safe_url(endpoint.url)} read-only at {base}/query (each query checked here, then "
                f"sent there; timeout {min(timeout, endpoint.timeout):g} s){pages}; Ctrl-C stops")
        else:
            location = snapshot(project, infer, log)
            engines.start(location)
            limit = f"at most {max_rows:,} rows" if max_rows else "no row limit"
            log(f"serving the graph read-only at {base}/query (SPARQL 1.1 Protocol; query timeout {timeout:g} s, "
                f"{limit}, {workers} query engine{'s, each' if workers != 1 else ','} capped at "
                f"{show_size(memory)} of memory{', SERVICE allowed' if allow_service else ''}){pages}; Ctrl-C stops")
        serving.set()
        run_until(server, stopping)
        log("stopping the server")
        return 0
    finally:
        serving.set()  # a signal from here on only sets the flag (or, the second one, ends the process)
        engines.close()  # first: queries in flight end at once, so waitress's threads are free to stop
        server.task_dispatcher.shutdown(timeout=5)
        server.close()
        if location is not None:
            shutil.rmtree(location.parent, ignore_errors=True)
        faulthandler.unregister(signal.SIGUSR1)
        for s, handler in previous.items():
            signal.signal(s, handler)


def run_until(server, stopping: threading.Event) -> None:
    """waitress's main loop (server.run), one poll at a time until `stopping` is set; the signal handler
    that sets it also pulls waitress's trigger, which ends the poll at once."""
    while not stopping.is_set():
        server.asyncore.loop(timeout=server.adj.asyncore_loop_timeout, map=server._map,
                             use_poll=server.adj.asyncore_use_poll, count=1)
