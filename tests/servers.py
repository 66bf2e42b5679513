"""Servers for the remote-store tests: the real Oxigraph server (PyPI `oxigraph`) on 127.0.0.1, and
a small scriptable HTTP server that misbehaves on purpose (errors, HTML pages, slowness, a proxy
that breaks a push half-way)."""
from __future__ import annotations

import http.server
import subprocess
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from kg.remote.serve import free_port, oxigraph_executable, wait_for_port


@contextmanager
def oxigraph_server(location: Path, read_only: bool = False, timeout: int = 30):
    """A real `oxigraph serve` on a free port of 127.0.0.1; yields its base URL; stopped afterwards."""
    port = free_port()
    command = [oxigraph_executable(), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", str(timeout)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port("127.0.0.1", port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


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
