"""`kg serve`: the built graph as a read-only SPARQL 1.1 Protocol endpoint (Oxigraph's server).

Oxigraph's server (`oxigraph serve-read-only`, the `oxigraph` package on PyPI) runs the same
engine as the embedded store, so a query gives the same rows through HTTP as in `kg query`; it is
one Rust binary with a query timeout and no Python in the request path. It serves a snapshot of
the build (a RocksDB checkpoint: hard links, no copy), so `kg build` can run meanwhile; the
snapshot is removed when the server stops.
"""
from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .errors import KgError

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

    from .build import open_built
    from .reason import INFERRED_GRAPH
    from .store import Store

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


def serve(project, host: str, port: int, timeout: float, infer: bool | None, log) -> int:
    """Run the read-only server until interrupted; the snapshot is removed afterwards."""
    if host not in LOOPBACK:
        log(f"warning: listening on {host}, not the loopback interface: anyone who can reach this machine "
            "can query the graph")
    if port == 0:
        port = free_port(host)
    location = snapshot(project, infer, log)
    process = None
    try:
        process = subprocess.Popen(server_command(location, host, port, timeout), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        wait_for_port("127.0.0.1" if host in ("0.0.0.0", "localhost") else host, port, process)
        shown = f"[{host}]" if ":" in host else host
        log(f"serving the graph read-only at http://{shown}:{port}/query (SPARQL 1.1 Protocol; query "
            f"timeout {timeout:g} s); Ctrl-C stops")
        previous = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        try:
            return process.wait()
        except KeyboardInterrupt:
            log("stopping the server")
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(location.parent, ignore_errors=True)
