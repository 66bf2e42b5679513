"""Remote triple stores: `kg push`, `kg query --endpoint` and `kg serve` against the real Oxigraph
server on 127.0.0.1, and endpoints that fail in every way we know of."""
from __future__ import annotations

import base64
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from kg.project import Project
from kg.sparql import run, saved_queries
from kg.remote.client import Endpoint
from kg.remote.push import chunks
from kg.remote.serve import free_port, wait_for_port
from kg.store.embedded import Store

from ..conftest import ROOT, kg
from ..servers import forward, oxigraph_server, scripted_server, slow
from ..sparql.test_saved_queries import INJECTIONS, SAMPLE_VALUES

GRAPH = "https://w3id.org/climate-commitments/graph/kg"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    """A clean copy of the curated sources, built once for the module."""
    root = tmp_path_factory.mktemp("remote") / "project"
    for name in ("ontology", "seeds", "data", "shapes", "queries"):
        shutil.copytree(ROOT / name, root / name)
    res = kg("build", cwd=root)
    assert res.returncode == 0, res.stderr
    return Project(root)


@pytest.fixture(scope="module")
def local(built) -> Store:
    store = Store.open_read_only(built.build_dir / "store")
    yield store
    store.close()


@pytest.fixture
def server(tmp_path):
    with oxigraph_server(tmp_path / "oxigraph") as url:
        yield url


def distinct_triples(store: Store) -> int:
    return store.ntriples().count(b"\n")


def normalised(rows) -> list:
    """Rows with blank-node labels hidden, sorted: the same answer from two stores compares equal."""
    def cell(t):
        return None if t is None else ("bnode",) if t.kind == "bnode" else (t.kind, t.value, t.datatype, t.lang)
    return sorted((tuple(cell(t) for t in row) for row in rows.rows), key=repr)


def push(project, url, *extra, env=None):
    return kg("push", "--endpoint", f"{url}/query", *extra, cwd=project.root, env=env)


def named_graphs(url: str) -> list[str]:
    rows = Endpoint(f"{url}/query").select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    return [r[0].value for r in rows.rows]


def update(url: str, text: str) -> None:
    request = urllib.request.Request(f"{url}/update", data=text.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(request, timeout=10).read()


# -- pushing, then querying through the endpoint ------------------------------------------------

def test_push_then_every_saved_query_answers_as_the_embedded_store(built, local, server):
    res = push(built, server, "--chunk-size", "1000")
    assert res.returncode == 0, res.stderr
    n = distinct_triples(local)
    assert f"pushed {n:,} triples to {GRAPH} in {-(-n // 1000)} chunk(s) (gsp)" in res.stderr
    assert f"the store now holds {n:,} triples" in res.stderr
    endpoint = Endpoint(f"{server}/query")
    assert endpoint.count(GRAPH) == n and named_graphs(server) == [GRAPH]
    queries = saved_queries(built.queries_dir)
    assert len(queries) >= 20
    compared = 0
    for query in queries.values():
        for given in ({p.name: SAMPLE_VALUES[p.name] for p in query.params if p.required},
                      {p.name: SAMPLE_VALUES[p.name] for p in query.params}):
            ours, theirs = run(local, query, given), run(endpoint, query, given)
            assert theirs.variables == ours.variables, query.name
            assert normalised(theirs) == normalised(ours), (query.name, given)
            compared += bool(ours.rows)
    assert compared >= 20  # most queries return rows on the seed graph: the comparison means something


def test_query_endpoint_cli_gives_the_same_output_in_every_format(built, server):
    assert push(built, server).returncode == 0
    for fmt in ("table", "csv", "tsv", "json"):
        args = ("query", "pledges_by_target_year", "-p", "year=2040", "-f", fmt)
        here, there = kg(*args, cwd=built.root), kg(*args, "--endpoint", f"{server}/query", cwd=built.root)
        assert there.returncode == 0, there.stderr
        assert there.stdout == here.stdout and "Amazon" in there.stdout


def test_push_by_sparql_update_replaces_what_the_graph_held(built, local, server):
    update(server, f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/old> <http://example.org/p> 1 }} }}")
    for _ in range(2):  # twice: replaced, never added to
        res = push(built, server, "--protocol", "update", "--chunk-size", "1500")
        assert res.returncode == 0, res.stderr
    endpoint = Endpoint(f"{server}/query")
    assert endpoint.count(GRAPH) == distinct_triples(local)
    assert not endpoint.select("ASK { <http://example.org/old> ?p ?o }").rows[0][0].value == "true"
    assert named_graphs(server) == [GRAPH]


def test_blank_nodes_stay_one_node_across_chunks(built, local, server):
    data = local.ntriples()
    docs = chunks(data, 100)
    assert len(docs) > 10 and b"_:" in docs[0] and not any(b"_:c14n" in d for d in docs[1:])
    assert push(built, server, "--chunk-size", "100").returncode == 0
    # every blank node has the same number of triples as in the build
    query = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b ?p ?o FILTER(isBlank(?b)) }"
    assert Endpoint(f"{server}/query").select(query).rows == local.select(query).rows


@pytest.mark.parametrize("when", ["third chunk", "dropped connection", "count", "swap"])
def test_a_push_that_breaks_half_way_leaves_the_remote_graph_as_it_was(built, server, when):
    update(server, f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/old> <http://example.org/p> 1, 2, 3 }} }}")
    posts = []

    def behave(handler, body):
        if handler.command == "POST" and handler.path.startswith("/store"):
            posts.append(handler.path)
            if when == "third chunk" and len(posts) == 3:
                return handler.reply(503, b"<html><body><h1>Service Unavailable</h1></body></html>", "text/html")
            if when == "dropped connection" and len(posts) == 3:
                handler.close_connection = True
                return handler.connection.shutdown(2)
        if when == "count" and handler.path.startswith("/query") and b"COUNT" in body:
            return handler.reply(200, b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal",'
                                      b'"value":"7","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}',
                                 "application/sparql-results+json")
        if when == "swap" and b"MOVE" in body:
            return handler.reply(500, b"disk full", "text/plain")
        forward(handler, body, server)

    with scripted_server(behave) as (_, proxy):
        res = push(built, proxy, "--chunk-size", "1000", "--timeout", "5")
    assert res.returncode == 2
    errors = [line for line in res.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "left as it was" in errors[0], res.stderr
    assert "Traceback" not in res.stderr and "<html" not in res.stderr
    rows = Endpoint(f"{server}/query").select(f"SELECT ?o WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} ORDER BY ?o")
    assert [r[0].value for r in rows.rows] == ["1", "2", "3"]
    assert named_graphs(server) == [GRAPH]  # the staging graph is gone


# -- endpoints that fail --------------------------------------------------------------------------

def _html_500(handler, body):
    handler.reply(500, b"<!DOCTYPE html><html><head><title>Error</title><style>p{}</style></head>"
                       b"<body><h1>Internal Server Error</h1><p>Query engine crashed</p></body></html>", "text/html")


def _html_200(handler, body):
    handler.reply(200, b"<html><body><h1>Welcome to our triple store</h1><a href=/login>log in</a></body></html>",
                  "text/html; charset=utf-8")


def _garbage(handler, body):
    handler.reply(200, b"this is not json", "application/sparql-results+json")


def _not_found(handler, body):
    handler.reply(404, b"no such dataset", "text/plain")


FAILURES = {
    "500 with an HTML page": (_html_500, "HTTP 500 (server error): Internal Server Error Query engine crashed"),
    "HTML page instead of results": (_html_200, "answered with an HTML page (text/html), not SPARQL results"),
    "not SPARQL JSON": (_garbage, "the answer is not SPARQL JSON results"),
    "404": (_not_found, "HTTP 404 (no endpoint at this URL): no such dataset"),
    "timeout": (slow(5), "provider_pledges: stopped after 1 s (the query timeout)"),
}


@pytest.mark.parametrize("case", FAILURES)
def test_endpoint_failures_are_one_clear_line(built, case):
    behave, expected = FAILURES[case]
    with scripted_server(behave) as (_, url):
        res = kg("query", "provider_pledges", "--endpoint", f"{url}/sparql", "--timeout", "1", cwd=built.root)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("kg: error: "), res.stderr
    assert expected in res.stderr and (case == "timeout" or f"{url}/sparql: " in res.stderr)


def test_endpoint_down_is_one_clear_line(built):
    port = free_port()  # nothing listens there
    for args in (("query", "provider_pledges"), ("push",)):
        res = kg(*args, "--endpoint", f"http://127.0.0.1:{port}/query", cwd=built.root)
        assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
        assert "connection refused (is the server running?)" in res.stderr


def test_bad_endpoint_urls_are_refused(built):
    for url, message in (("ftp://example.org/sparql", "not an http(s) URL"), ("not a url", "not an http(s) URL")):
        res = kg("query", "provider_pledges", "--endpoint", url, cwd=built.root)
        assert res.returncode == 2 and message in res.stderr


# -- credentials -----------------------------------------------------------------------------------

def _echo_401(handler, body):
    """A hostile server: refuses and echoes the credentials it got back in its error page."""
    handler.reply(401, f"<html><body>denied for {handler.headers.get('Authorization')}</body></html>".encode(),
                  "text/html")


def test_bearer_token_is_sent_and_never_shown(built):
    token = "tok-s3cret-0123456789"
    with scripted_server(_echo_401) as (server, url):
        res = kg("query", "provider_pledges", "--endpoint", f"{url}/query", cwd=built.root,
                 env={"KG_ENDPOINT_TOKEN": token})
    assert server.requests[0]["headers"]["Authorization"] == f"Bearer {token}"
    assert res.returncode == 2 and "HTTP 401" in res.stderr and "***" in res.stderr
    assert token not in res.stderr + res.stdout


def test_basic_credentials_are_sent_and_never_shown(built):
    user, password = "analyst", "pa55-w0rd-!x"
    encoded = base64.b64encode(f"{user}:{password}".encode()).decode()
    with scripted_server(_echo_401) as (server, url):
        env = {"KG_ENDPOINT_USER": user, "KG_ENDPOINT_PASSWORD": password}
        res = kg("push", "--endpoint", f"{url}/query", cwd=built.root, env=env)
    assert server.requests[0]["headers"]["Authorization"] == f"Basic {encoded}"
    assert server.requests[0]["path"].startswith("/store?graph=")
    assert res.returncode == 2 and password not in res.stderr + res.stdout and encoded not in res.stderr


def test_credentials_in_the_url_are_refused_without_echoing_them(built):
    res = kg("query", "provider_pledges", "--endpoint", "http://analyst:hunter2@127.0.0.1:1/query", cwd=built.root)
    assert res.returncode == 2 and "KG_ENDPOINT_USER" in res.stderr and "hunter2" not in res.stderr


# -- parameters travel as RDF terms ----------------------------------------------------------------

def test_injection_strings_stay_literals_on_a_writable_store(built, local, server):
    assert push(built, server).returncode == 0
    endpoint = Endpoint(f"{server}/query")
    before = endpoint.count(GRAPH)
    queries = saved_queries(built.queries_dir)
    for value in INJECTIONS + ["multi\nline 'quote' \"double\" \\ back", "x" * 1500]:
        assert run(endpoint, queries["quotes_mentioning"], {"text": value}).rows == []
        res = kg("query", "quotes_mentioning", "-p", f"text={value}", "--endpoint", f"{server}/query",
                 "-f", "csv", cwd=built.root)
        assert res.returncode == 0 and res.stdout.count("\n") == 1, res.stderr
    assert endpoint.count(GRAPH) == before == distinct_triples(local)


# -- kg serve ----------------------------------------------------------------------------------------

def test_serve_answers_like_the_embedded_store_read_only_and_cleans_up(built, local):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port), "--timeout", "5"],
                               cwd=built.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port("127.0.0.1", port, process)
        endpoint = Endpoint(f"http://127.0.0.1:{port}/query")
        for name in ("provider_pledges", "who_said_what", "emissions_rose_after_pledge"):
            query = saved_queries(built.queries_dir)[name]
            assert normalised(run(endpoint, query, {})) == normalised(run(local, query, {}))
        # read-only: an update is refused and changes nothing
        with pytest.raises(urllib.error.HTTPError) as refused:
            update(f"http://127.0.0.1:{port}", "DROP ALL")
        assert 400 <= refused.value.code < 600
        assert endpoint.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value != "0"
        assert [p.name for p in built.build_dir.iterdir() if p.name.startswith("serve-")]  # the snapshot
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert f"serving the graph read-only at http://127.0.0.1:{port}/query" in err
    assert "query timeout 5 s" in err
    assert not [p for p in built.build_dir.iterdir() if p.name.startswith("serve-")]


def test_serve_refuses_a_bad_port_or_timeout(built):
    for args, message in ((("--port", "70000"), "not a TCP port"), (("--timeout", "0"), "more than 0")):
        res = kg("serve", *args, cwd=built.root)
        assert res.returncode == 2 and message in res.stderr


def test_serve_is_on_loopback_unless_told(built):
    from kg.cli import parser

    assert parser().parse_args(["serve"]).host == "127.0.0.1"
