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

from pathlib import Path
import shutil
import signal
import socket
import subprocess
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
    """A private checkpoint of the build to serve, without the inferred graph when infer is False;
    its folder is claimed by this process (kg.project.claim)."""
    import tempfile

    from ..iris import INFERRED_GRAPH
    from ..project import claim
    from ..store.build import open_built
    from ..store.embedded import Store

    store = open_built(project, log=log, infer=infer)
    drop = INFERRED_GRAPH not in store.graphs()
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


def serve(project, host: str, port: int, timeout: float, infer: bool | None, log, max_rows: int | None = 100_000,
          allow_service: bool = False, max_bytes: int = 512 * 2**20, cors: tuple[str, ...] = (),
          memory: int | None = None, workers: int = 4) -> int:
    """Run the read-only server until SIGINT, SIGTERM or SIGHUP; the snapshot is removed afterwards."""
    from .confine import DEFAULT_MEMORY, show_size
    from .pool import Engines
    from .protocol import App, Settings

    memory = DEFAULT_MEMORY if memory is None else memory
    if host not in LOOPBACK:
        log(f"warning: listening on {host}, not the loopback interface: anyone who can reach this machine "
            "can query the graph")
    settings = Settings(timeout=timeout, max_rows=max_rows, max_bytes=max_bytes, allow_service=allow_service,
                        cors=tuple(cors))
    engines = Engines(workers, memory, network=allow_service, log=log)
    server = listen(App(engines, settings), host, port, threads=workers + 2)  # before the snapshot: fail fast
    location = None

    def stop(signum, frame):
        engines.close()  # queries in flight end at once
        raise KeyboardInterrupt

    stops = [s for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
             if signal.getsignal(s) is not signal.SIG_IGN]  # nohup's SIGHUP, a background job's SIGINT stay ignored
    previous = {s: signal.signal(s, stop) for s in stops}
    try:
        location = snapshot(project, infer, log)
        engines.start(location)
        shown = f"[{host}]" if ":" in host else host
        limit = f"at most {max_rows:,} rows" if max_rows else "no row limit"
        log(f"serving the graph read-only at http://{shown}:{bound_port(server, port)}/query (SPARQL 1.1 "
            f"Protocol; query timeout {timeout:g} s, {limit}, {workers} query engine"
            f"{'s, each' if workers != 1 else ','} capped at {show_size(memory)} of memory"
            f"{', SERVICE allowed' if allow_service else ''}); Ctrl-C stops")
        server.run()  # returns on KeyboardInterrupt (Ctrl-C, SIGTERM, SIGHUP)
        log("stopping the server")
        return 0
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        engines.close()
        server.close()
        if location is not None:
            shutil.rmtree(location.parent, ignore_errors=True)
