"""`--timeout` is one total deadline per request (connect, send, the whole answer), not a per-read
socket timeout that a server answering one byte a second restarts forever."""
from __future__ import annotations

import socket
import time
import urllib.request

import pytest

from kg.errors import KgError
from kg.remote.client import Endpoint

from ..conftest import kg
from ..servers import forward, scripted_server
from .test_remote import GRAPH, built, named_graphs, push, server, update  # noqa: F401 - fixtures

TIMEOUT = 3
MARGIN = 2  # the push's clean-up request (DROP of the staging graph) and the process's exit
ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 50\r\n\r\n"
          b'{"head":{"vars":["n"]},"results":{"bindings":[]}}')


def trickle(handler, where: str, started: list) -> None:
    """One byte a second, for 20 s at most: of the status line and headers, or of the body after them."""
    started.append(time.monotonic())
    head, body = ANSWER.split(b"\r\n\r\n")
    now, slow = (b"", ANSWER) if where == "head" else (head + b"\r\n\r\n", body)
    try:
        handler.wfile.write(now)
        for byte in slow[:20]:
            handler.wfile.write(bytes([byte]))
            time.sleep(1)
    except (BrokenPipeError, ConnectionResetError):
        pass
    handler.close_connection = True


@pytest.mark.parametrize("where", ["head", "body"])
def test_a_trickling_answer_ends_at_the_deadline(where):
    """What `kg push`'s counts and `kg query --endpoint` send: Endpoint.select gives up at --timeout."""
    started = []
    with scripted_server(lambda handler, body: trickle(handler, where, started)) as (_, url):
        begin = time.monotonic()
        with pytest.raises(KgError) as failed:
            Endpoint(f"{url}/query", timeout=TIMEOUT).select("ASK { ?s ?p ?o }")
        took = time.monotonic() - begin
    assert TIMEOUT - 0.5 < took < TIMEOUT + 1, took
    assert str(failed.value) == (f"{url}/query: no complete answer within {TIMEOUT} s (the deadline of one request, "
                                 "connection and whole answer included; --timeout sets it)")


def test_sending_to_a_server_that_never_reads_ends_at_the_deadline():
    """The send phase: a 50 MB body to a server that accepts and never reads (passed before too:
    urllib's sendall has bounded the whole send since Python 3.5)."""
    from kg.remote.connection import fetch

    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/store"
    try:
        begin = time.monotonic()
        with pytest.raises(KgError, match=f"no complete answer within {TIMEOUT} s"):
            fetch(urllib.request.Request(url, data=b"x" * 50_000_000, method="POST"), TIMEOUT)
        assert time.monotonic() - begin < TIMEOUT + 1
    finally:
        listener.close()


@pytest.mark.parametrize("step", ["third chunk", "count", "insert", "swap"])
def test_push_ends_at_the_deadline_with_the_graph_as_it_was(built, server, step):
    update(server, f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/old> <http://example.org/p> 1, 2, 3 }} }}")
    posts, started = [], []

    def behave(handler, body):
        if handler.path.startswith("/store") or b"INSERT" in body:
            posts.append(handler.path)
        held = {"third chunk": len(posts) == 3 and handler.path.startswith("/store"),
                "count": handler.path.startswith("/query") and b"COUNT" in body,
                "insert": len(posts) == 2 and handler.path.startswith("/update") and b"INSERT" in body,
                "swap": b"MOVE" in body}[step]
        if held:  # never passed on: the store does not see it
            return trickle(handler, "head" if step in ("third chunk", "swap") else "body", started)
        forward(handler, body, server)

    with scripted_server(behave) as (_, proxy):
        extra = ["--protocol", "update"] if step == "insert" else []
        res = push(built, proxy, "--chunk-size", "1000", "--timeout", str(TIMEOUT), *extra)
        ended = time.monotonic()
    assert started, res.stderr
    assert ended - started[0] < TIMEOUT + MARGIN, (ended - started[0], res.stderr)
    errors = [line for line in res.stderr.splitlines() if "error" in line]  # the others: "kg: sent n of m"
    assert res.returncode == 2 and len(errors) == 1 and "Traceback" not in res.stderr, res.stderr
    assert "left as it was" in errors[0] and f"no complete answer within {TIMEOUT} s" in errors[0]
    rows = Endpoint(f"{server}/query").select(f"SELECT ?o WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} ORDER BY ?o")
    assert [r[0].value for r in rows.rows] == ["1", "2", "3"]
    assert named_graphs(server) == [GRAPH]  # the staging graph is gone


def test_query_endpoint_ends_at_the_deadline(built):
    started = []
    with scripted_server(lambda handler, body: trickle(handler, "body", started)) as (_, url):
        res = kg("query", "provider_pledges", "--endpoint", f"{url}/query", "--timeout", str(TIMEOUT),
                 cwd=built.root)
        ended = time.monotonic()
    assert ended - started[0] < TIMEOUT + MARGIN
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and res.stdout == "", res.stderr
    # kg.sparql.run's own timer or the request's deadline, whichever fires first: both name it
    assert (f"no complete answer within {TIMEOUT} s" in res.stderr
            or f"stopped after {TIMEOUT} s (the query timeout)" in res.stderr), res.stderr
