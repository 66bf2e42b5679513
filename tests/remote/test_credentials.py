"""Credentials against hostile endpoints: never sent to another origin on a redirect, and never shown
in any message about an answer, whatever part of it (content type, results, RDF, error page,
redirect target, status reason, Server header, rows) the server echoes them into."""
from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs

import pyoxigraph
import pytest

from kg.remote.client import Endpoint

from ..conftest import kg
from ..servers import forward, scripted_server
from .test_remote import GRAPH, built, push, server, update  # noqa: F401 - fixtures

TOKEN = "tok-S3cret-0123456789abcdef"
USER, PASSWORD = "analyst", 'pa55-W0rd!"x\\'
BASIC = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
CREDENTIALS = {"bearer": {"KG_ENDPOINT_TOKEN": TOKEN},
               "basic": {"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD}}
JSON_RESULTS = "application/sparql-results+json"


def leaked(text: str) -> list[str]:
    """Every 8-character piece of a secret (token, password, base64 user:password) found in `text`,
    whatever its letter case: a cut or lower-cased echo is a leak too."""
    text = text.lower()
    return [piece for secret in (TOKEN, PASSWORD, BASIC) for i in range(len(secret) - 7)
            if (piece := secret[i:i + 8].lower()) in text]


# -- redirects ---------------------------------------------------------------------------------------

def reached(server) -> list[tuple]:
    """(method, Authorization header) of every request that reached `server`."""
    return [(r["method"], r["headers"].get("Authorization")) for r in server.requests]


def _results(handler, body):
    handler.reply(200, b'{"head":{"vars":["n"]},"results":{"bindings":[]}}', JSON_RESULTS)


def _redirect(code: int, location: str):
    def behave(handler, body):
        handler.send_response(code)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return behave


@pytest.mark.parametrize("creds", CREDENTIALS)
@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_query_is_not_redirected_to_another_origin(built, creds, code):
    """302/303 (and 301) would make urllib re-send the POST as a GET with the Authorization header,
    307/308 as a POST: neither reaches the other server."""
    with scripted_server(_results) as (second, other), \
            scripted_server(_redirect(code, f"{other}/query")) as (first, url):
        res = kg("query", "provider_pledges", "--endpoint", f"{url}/query", cwd=built.root, env=CREDENTIALS[creds])
    assert first.requests and first.requests[0]["headers"].get("Authorization")  # sent where we said
    assert reached(second) == []  # nothing, so no Authorization header, reached the other origin
    assert res.returncode == 2 and res.stdout == "" and res.stderr.count("\n") == 1, res.stderr
    assert f"HTTP {code} redirects to {other}/query, which kg does not follow" in res.stderr
    assert not leaked(res.stderr)


@pytest.mark.parametrize("target", ["other host", "other scheme", "same origin, POST made a GET"])
def test_query_redirects_that_change_the_origin_or_the_request_are_refused(built, target):
    with scripted_server(_results) as (first, url):
        port = url.rsplit(":", 1)[1]
        location, code = {"other host": (f"http://localhost:{port}/query", 307),
                          "other scheme": (f"https://127.0.0.1:{port}/query", 307),
                          "same origin, POST made a GET": (f"{url}/elsewhere", 302)}[target]
        first.behave = lambda handler, body: (_redirect(code, location) if handler.path == "/query" else _results)(
            handler, body)
        res = kg("query", "provider_pledges", "--endpoint", f"{url}/query", cwd=built.root,
                 env=CREDENTIALS["bearer"])
    assert [r["path"] for r in first.requests] == ["/query"]
    assert res.returncode == 2 and "which kg does not follow" in res.stderr and res.stderr.count("\n") == 1


def test_a_redirect_within_the_origin_keeping_the_request_is_followed(built):
    """307 to another path of the same server: the same POST, body and credentials, and the rows."""
    def behave(handler, body):
        if handler.path == "/query":
            return _redirect(307, "/sparql")(handler, body)
        _results(handler, body)

    with scripted_server(behave) as (first, url):
        res = kg("query", "provider_pledges", "--endpoint", f"{url}/query", "-f", "csv", cwd=built.root,
                 env=CREDENTIALS["bearer"])
    assert res.returncode == 0, res.stderr
    old, new = first.requests
    assert (old["method"], new["method"], new["path"]) == ("POST", "POST", "/sparql")
    assert new["body"] == old["body"] and b"query=" in new["body"]
    assert new["headers"]["Authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize("creds", CREDENTIALS)
@pytest.mark.parametrize("step", ["gsp post", "sparql update", "count query", "swap"])
def test_push_is_not_redirected_to_another_origin(built, server, creds, step):
    """A proxy in front of a real Oxigraph server redirects one kind of request of the push to another
    server: it gets nothing, and the push fails with the remote graph as it was."""
    update(server, f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/old> <http://example.org/p> 1, 2, 3 }} }}")

    def diverted(handler, body) -> bool:
        return {"gsp post": handler.path.startswith("/store"),
                "sparql update": handler.path.startswith("/update") and b"INSERT" in body,
                "count query": handler.path.startswith("/query") and b"COUNT" in body,
                "swap": b"MOVE" in body}[step]

    with scripted_server(_results) as (second, other):
        def behave(handler, body):
            if diverted(handler, body):
                return _redirect(302, f"{other}{handler.path}")(handler, body)
            forward(handler, body, server)

        with scripted_server(behave) as (first, proxy):
            res = push(built, proxy, *(["--protocol", "update"] if step == "sparql update" else []),
                       env=CREDENTIALS[creds])
    assert reached(second) == []
    assert all(r["headers"].get("Authorization") for r in first.requests)
    assert res.returncode == 2 and "which kg does not follow" in res.stderr and "left as it was" in res.stderr
    assert not leaked(res.stdout + res.stderr)
    rows = Endpoint(f"{server}/query").select(f"SELECT ?o WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} ORDER BY ?o")
    assert [r[0].value for r in rows.rows] == ["1", "2", "3"]


def test_endpoint_check_is_not_redirected_to_another_origin(built):
    with scripted_server(_results) as (second, other), \
            scripted_server(_redirect(302, f"{other}/query")) as (first, url):
        res = kg("endpoint-check", "--endpoint", f"{url}/query", cwd=built.root, env=CREDENTIALS["basic"])
    assert reached(second) == [] and first.requests
    assert res.returncode == 1 and "which kg does not follow" in res.stdout and "agrees" not in res.stdout


# -- every message scrubbed --------------------------------------------------------------------------

def _status(handler, code: int, body: bytes, ctype: str, reason: str | None = None, **headers) -> None:
    if "Server" in headers:  # in place of the handler's own
        handler.server_version, handler.sys_version = headers.pop("Server"), ""
    handler.send_response(code, reason)
    for name, value in {"Content-Type": ctype, "Content-Length": str(len(body)), **headers}.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def _echo(kind: str):
    """A server that puts the Authorization header it got into one part of its every answer."""
    def behave(handler, body):
        auth = handler.headers.get("Authorization", "")
        secret = auth.split(" ", 1)[-1]
        if kind == "content type":
            return _status(handler, 200, b"not results", f"text/html+{auth}")
        if kind == "term type":
            cell = {"type": auth, "value": "x"}
            answer = {"head": {"vars": ["n", "g"]}, "results": {"bindings": [{"n": cell, "g": cell}]}}
            return _status(handler, 200, json.dumps(answer).encode(), JSON_RESULTS)
        if kind == "rdf":  # Turtle: "<secret> is not a valid subject"
            return _status(handler, 200, f"{secret} <http://e/p> <http://e/o> .\n".encode(), "text/turtle")
        if kind == "error page":  # the secret where the hint is cut (157 characters of words): 12 of it before
            words = f"<h1>Error</h1><p>{'x' * (138 - len(auth) + len(secret))} {auth}</p>"
            return _status(handler, 500, f"<html><body>{words}</body></html>".encode(), "text/html")
        if kind == "redirect, other scheme":  # urllib refuses it, naming the URL
            return _status(handler, 302, b"", "text/plain", Location=f"gopher://127.0.0.1/{auth}")
        if kind == "redirect, other origin":
            return _status(handler, 302, b"", "text/plain", Location=f"http://127.0.0.1:1/{secret}")
        if kind == "status reason":
            return _status(handler, 503, b"", "text/plain", reason=auth)
        if kind == "server header":  # provider_pledges is known wrong on Virtuoso: the message names it
            return _status(handler, 200, b'{"head":{"vars":["n"]},"results":{"bindings":[]}}', JSON_RESULTS,
                           Server=f"Virtuoso/{auth}")
        if kind == "rows":  # the query's own columns, so that endpoint-check shows the first row that differs
            names = [v.value for v in pyoxigraph.Store().query(parse_qs(body.decode())["query"][0]).variables]
            answer = {"head": {"vars": names}, "results": {"bindings": [
                {n: {"type": "literal", "value": auth} for n in names}]}}
            return _status(handler, 200, json.dumps(answer).encode(), JSON_RESULTS)
        raise AssertionError(kind)
    return behave


KINDS = ["content type", "term type", "rdf", "error page", "redirect, other scheme", "redirect, other origin",
         "status reason", "server header", "rows"]
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 10\n"


# kg query prints the rows a store sends as they are (they are the answer, not a message): no "rows" case
CASES = [(kind, command) for kind in KINDS for command in ("query", "push", "endpoint-check")
         if (kind, command) != ("rows", "query")]


@pytest.mark.parametrize("creds", CREDENTIALS)
@pytest.mark.parametrize(("kind", "command"), CASES)
def test_no_message_about_an_answer_shows_the_credentials(built, tmp_path, kind, command, creds):
    query = "provider_pledges"
    if kind == "rdf" and command == "query":  # a graph answer, parsed as Turtle
        query = str(tmp_path / "graph.rq")
        (tmp_path / "graph.rq").write_text(CONSTRUCT)
    with scripted_server(_echo(kind)) as (echo, url):
        args = {"query": ("query", query), "push": ("push",), "endpoint-check": ("endpoint-check",)}[command]
        res = kg(*args, "--endpoint", f"{url}/query", "--timeout", "10", cwd=built.root, env=CREDENTIALS[creds])
    assert echo.requests and all(r["headers"].get("Authorization") for r in echo.requests)
    assert res.returncode == (1 if command == "endpoint-check" else 2), res.stdout + res.stderr
    assert "Traceback" not in res.stderr and res.stderr.count("kg: error:") <= 1
    assert not leaked(res.stdout + res.stderr), res.stdout + res.stderr


def test_scrub_replaces_every_form_of_a_secret(monkeypatch):
    from urllib.parse import quote

    from kg.remote.connection import body_hint, scrub

    monkeypatch.setenv("KG_ENDPOINT_TOKEN", TOKEN)
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PASSWORD)
    monkeypatch.setenv("KG_ENDPOINT_USER", USER)
    for form in (TOKEN, TOKEN.upper(), PASSWORD, quote(PASSWORD, safe=""), json.dumps(PASSWORD)[1:-1],
                 repr(PASSWORD)[1:-1], BASIC, BASIC.lower()):
        assert scrub(f"a {form} b") == "a *** b", form
    cut = body_hint(("x" * 150 + " " + TOKEN).encode())  # cut after 157 characters: scrubbed first
    assert not leaked(cut) and cut.endswith("***")
