"""Servers for the remote-store tests: the real Oxigraph server (PyPI `oxigraph`) on 127.0.0.1, and
a small scriptable HTTP server that misbehaves on purpose (errors, HTML pages, slowness, a proxy
that breaks a push half-way)."""
from __future__ import annotations

import http.server
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from kg.remote.serve import free_port, wait_for_port


def oxigraph_executable() -> str:
    """The `oxigraph` server command (PyPI `oxigraph`, a test dependency) next to this Python, else on PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.is_file() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the remote-store tests need Oxigraph's server: pip install -e '.[test]'")
    return found


@contextmanager
def oxigraph_server(location: Path, read_only: bool = False, timeout: int = 30, union: bool = False):
    """A real `oxigraph serve` on a free port of 127.0.0.1, with stock settings (its default graph is
    its own, not the union of the named graphs) unless `union`; yields its base URL; stopped afterwards."""
    port = free_port()
    command = [oxigraph_executable(), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}", *(["--union-default-graph"] if union else []),
               "--timeout-s", str(timeout)]
    with listening(command, port) as base:
        yield base


@contextmanager
def listening(command: list[str], port: int):
    """Run a server process until it listens on 127.0.0.1:`port`; yield its base URL; stop it afterwards."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port("127.0.0.1", port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM to a process that still runs, then SIGKILL if it has not ended within `timeout` seconds;
    its pipes are read meanwhile (a full stderr pipe never holds it)."""
    if process.poll() is None:
        process.terminate()
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate(timeout=10)


class Scripted(http.server.BaseHTTPRequestHandler):
    """Answers every request with `server.behave(handler, body)`; records what it received."""

    def log_message(self, *args):  # quiet
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append({"method": self.command, "path": self.path,
                                     "headers": dict(self.headers), "body": body})
        self.server.behave(self, body)

    do_GET = do_POST = do_PUT = do_DELETE = _handle

    def reply(self, status: int, body: bytes, ctype: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def scripted_server(behave):
    """A threaded HTTP server on 127.0.0.1 whose every answer is `behave(handler, body)`."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    server.daemon_threads = True
    server.behave, server.requests = behave, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def forward(handler, body: bytes, upstream: str) -> None:
    """Pass a request on to the real server and its answer back."""
    request = urllib.request.Request(upstream + handler.path, data=body or None, method=handler.command,
                                     headers={k: v for k, v in handler.headers.items()
                                              if k.lower() not in ("host", "content-length", "connection")})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            handler.reply(response.status, response.read(), response.headers.get("Content-Type", "text/plain"))
    except urllib.error.HTTPError as exc:
        handler.reply(exc.code, exc.read(), exc.headers.get("Content-Type", "text/plain"))


def slow(seconds: float):
    def behave(handler, body):
        time.sleep(seconds)
        try:
            handler.reply(200, b'{"head": {"vars": []}, "results": {"bindings": []}}', "application/sparql-results+json")
        except (BrokenPipeError, ConnectionResetError):
            pass
    return behave


APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")


@contextmanager
def apache_server(site: Path):
    """A real Apache httpd (Debian `apache2`) on a free port of 127.0.0.1 serving `site` with
    .htaccess files allowed, as w3id.org serves its registry; yields the base URL; stopped afterwards."""
    import os
    import pwd

    port = free_port()
    conf = site.parent / "httpd.conf"
    user = "www-data" if os.geteuid() == 0 and _has_user("www-data") else pwd.getpwuid(os.geteuid()).pw_name
    modules = "".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so\n"
                      for name in ("mpm_event", "authz_core", "rewrite", "headers", "mime"))
    conf.write_text(f"""{modules}ServerName 127.0.0.1
Listen 127.0.0.1:{port}
User {user}
PidFile {site.parent}/httpd.pid
ErrorLog {site.parent}/error.log
LogLevel warn rewrite:trace2
TypesConfig /etc/mime.types
DocumentRoot {site}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {site}>
    AllowOverride All
    Require all granted
</Directory>
""")
    with listening([str(APACHE), "-f", str(conf), "-DFOREGROUND"], port) as base:
        yield base


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def default_signals() -> None:
    """In the child: SIGHUP, SIGINT and SIGQUIT back to their defaults, as a shell's foreground command gets them,
    whatever the test run ignores (under nohup, or as a background job, they arrive ignored and kg serve keeps
    them so, as it should)."""
    for sig in (signal.SIGHUP, signal.SIGINT, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_DFL)


@contextmanager
def kg_serve(root: Path, *args: str):
    """`kg serve` on a free port of 127.0.0.1 for the project at `root`; yields (port, process), its
    stderr left for the caller; stopped with SIGTERM afterwards (if it still runs)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port), *args], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=default_signals)
    try:
        wait_for_port("127.0.0.1", port, process, timeout=120)
        yield port, process
    finally:
        stop(process, timeout=30)


def children(pid: int) -> list[int]:
    """The direct children of a process (Linux /proc)."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out
