"""Remote triple stores: `kg push`, `kg query --endpoint` and `kg serve` against the real Oxigraph
server on 127.0.0.1, and endpoints that fail in every way we know of."""
from __future__ import annotations

import base64
import json
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from kg.project import Project
from kg.sparql import run, saved_queries
from kg.sparql.cases import cases
from kg.remote.check import comparable
from kg.remote.client import Endpoint
from kg.remote.push import chunks
from kg.remote.serve import free_port, wait_for_port
from kg.store.embedded import Store

from ..conftest import built_copy, kg
from ..servers import forward, oxigraph_server, scripted_server, slow
from ..sparql.test_saved_queries import INJECTIONS, SAMPLE_VALUES

GRAPH = "https://w3id.org/climate-commitments/graph/kg"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    """A clean copy of the curated sources, built once for the module."""
    return built_copy(tmp_path_factory.mktemp("remote") / "project")


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


normalised = comparable  # rows as sorted RDF terms, blank-node labels hidden (kg endpoint-check's comparison)


def push(project, url, *extra, env=None):
    return kg("push", "--endpoint", f"{url}/query", *extra, cwd=project.root, env=env)


def pushed(url: str) -> Endpoint:
    """The endpoint read as `kg query --endpoint` reads it: the graph `kg push` wrote."""
    return Endpoint(f"{url}/query", default_graphs=(GRAPH,), named_graphs=(GRAPH,))


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
    assert Endpoint(f"{server}/query").count(GRAPH) == n and named_graphs(server) == [GRAPH]
    endpoint = pushed(server)
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


def test_a_stock_store_is_read_through_the_pushed_graph_not_its_empty_default_graph(built, server):
    """Stock Oxigraph keeps a default graph of its own: without the protocol's default-graph-uri a query
    of the pushed data finds nothing (exit 0, no rows: the failure to avoid). kg query sends it."""
    assert push(built, server).returncode == 0
    args = ("query", "pledges_by_target_year", "-p", "year=2040", "-f", "csv", "--endpoint", f"{server}/query")
    bare = Endpoint(f"{server}/query").select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value
    assert bare == "0"
    default, chosen = kg(*args, cwd=built.root), kg(*args, "--graph", GRAPH, cwd=built.root)
    assert default.returncode == chosen.returncode == 0 and "Amazon" in default.stdout
    assert default.stdout == chosen.stdout
    other = kg(*args, "--graph", GRAPH + "-elsewhere", cwd=built.root)
    assert other.returncode == 0 and "Amazon" not in other.stdout  # a graph that holds nothing: no rows
    assert kg(*args, "--graph", GRAPH, "--union", cwd=built.root).returncode == 2


def test_union_reads_a_store_whose_default_graph_is_the_union(built, tmp_path):
    with oxigraph_server(tmp_path / "union", union=True) as url:
        assert push(built, url).returncode == 0
        args = ("query", "pledges_by_target_year", "-p", "year=2040", "--endpoint", f"{url}/query")
        union, pushed = kg(*args, "--union", cwd=built.root), kg(*args, cwd=built.root)
        assert union.returncode == pushed.returncode == 0
        assert union.stdout == pushed.stdout and "Amazon" in union.stdout


def test_push_by_sparql_update_replaces_what_the_graph_held(built, local, server):
    update(server, f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/old> <http://example.org/p> 1 }} }}")
    for _ in range(2):  # twice: replaced, never added to
        res = push(built, server, "--protocol", "update", "--chunk-size", "1500")
        assert res.returncode == 0, res.stderr
    endpoint = pushed(server)
    assert endpoint.count(GRAPH) == distinct_triples(local)
    assert endpoint.select("ASK { ?s ?p ?o }").rows[0][0].value == "true"  # the graph is read, and holds data
    assert not endpoint.select("ASK { <http://example.org/old> ?p ?o }").rows[0][0].value == "true"
    assert named_graphs(server) == [GRAPH]


def test_blank_nodes_stay_one_node_across_chunks(built, local, server):
    data = local.ntriples()
    docs = chunks(data, 100)
    assert len(docs) > 10 and b"_:" in docs[0] and not any(b"_:c14n" in d for d in docs[1:])
    assert push(built, server, "--chunk-size", "100").returncode == 0
    # every blank node has the same number of triples as in the build
    query = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b ?p ?o FILTER(isBlank(?b)) }"
    assert pushed(server).select(query).rows == local.select(query).rows


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
        if when == "swap" and (b"MOVE" in body or b"DROP GRAPH" in body):  # MOVE, then MOVE by its definition
            return handler.reply(500, b"disk full", "text/plain")
        forward(handler, body, server)

    with scripted_server(behave) as (_, proxy):
        res = push(built, proxy, "--chunk-size", "1000", "--timeout", "5")
    assert res.returncode == 2
    errors = [line for line in res.stderr.splitlines() if line.startswith("kg: error")]
    assert len(errors) == 1 and "left as it was" in errors[0], res.stderr
    assert "Traceback" not in res.stderr and "<html" not in res.stderr
    rows = Endpoint(f"{server}/query").select(f"SELECT ?o WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} ORDER BY ?o")
    assert [r[0].value for r in rows.rows] == ["1", "2", "3"]
    assert named_graphs(server) == [GRAPH]  # the staging graph is gone


def test_a_store_that_refuses_move_gets_moves_definition_in_one_request(built, server, local):
    update(server, f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/old> <http://example.org/p> 1 }} }}")
    moves = []

    def behave(handler, body):
        if b"MOVE" in body:  # as Debian's Jena 4.5 answers every graph-to-graph update
            moves.append(body)
            return handler.reply(400, b"UpdateException: Invalid source target for operation", "text/plain")
        forward(handler, body, server)

    with scripted_server(behave) as (_, proxy):
        res = push(built, proxy, "--chunk-size", "1000")
    assert res.returncode == 0 and len(moves) == 1, res.stderr
    assert "refused MOVE" in res.stderr and "Invalid source target" in res.stderr
    query = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?b) AS ?blank) WHERE { ?s ?p ?o OPTIONAL { FILTER(isBlank(?s)) BIND(?s AS ?b) } }"
    assert pushed(server).select(query).rows == local.select(query).rows  # the old triple gone, blank nodes kept
    assert named_graphs(server) == [GRAPH]  # no staging graph left


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
    if case == "timeout":  # the query's timeout and the request's deadline are both 1 s: either may end it first
        assert expected in res.stderr or "no complete answer within 1 s" in res.stderr, res.stderr
    else:
        assert expected in res.stderr and f"{url}/sparql: " in res.stderr


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
    assert res.returncode == 2 and "HTTP 401 (unauthorised" in res.stderr and "***" in res.stderr, res.stderr
    assert password not in res.stderr + res.stdout and encoded.lower() not in (res.stderr + res.stdout).lower()


def test_credentials_in_the_url_are_refused_without_echoing_them(built):
    res = kg("query", "provider_pledges", "--endpoint", "http://analyst:hunter2@127.0.0.1:1/query", cwd=built.root)
    assert res.returncode == 2 and "KG_ENDPOINT_USER" in res.stderr and "hunter2" not in res.stderr


# -- parameters travel as RDF terms ----------------------------------------------------------------

def test_injection_strings_stay_literals_on_a_writable_store(built, local, server):
    assert push(built, server).returncode == 0
    endpoint = pushed(server)
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


@pytest.fixture(scope="module")
def served(built):
    """`kg serve --cors https://yasgui.example` on a free port, for the protocol tests; stopped afterwards."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port), "--cors",
                                "https://yasgui.example"], cwd=built.root, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port("127.0.0.1", port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)


def curl(*args: str) -> subprocess.CompletedProcess:
    """curl, a client no one here wrote (skips where it is not installed)."""
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    return subprocess.run(["curl", "-s", "-S", "-i", "--max-time", "20", *args], capture_output=True, text=True)


def test_serve_honours_default_graph_uri_and_named_graph_uri(built, local, served):
    """SPARQL 1.1 Protocol dataset parameters, sent by SPARQLWrapper (kg query's client) and by curl."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    graph = next(g for g in local.graphs() if g.endswith("data/000-netflix.ttl"))
    one = int(Endpoint(f"{served}/query", default_graphs=(graph,)).select(count).rows[0][0].value)
    everything = int(Endpoint(f"{served}/query").select(count).rows[0][0].value)
    expected = int(local.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows[0][0].value)
    assert one == expected and 0 < one < everything
    assert int(Endpoint(f"{served}/query", default_graphs=(GRAPH,)).select(count).rows[0][0].value) == everything
    named = Endpoint(f"{served}/query", named_graphs=(graph,)).select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert [r[0].value for r in named] == [graph]
    res = curl("-G", f"{served}/query", "--data-urlencode", f"query={count}", "--data-urlencode",
               f"default-graph-uri={graph}", "-H", "Accept: text/csv")
    assert res.stdout.rstrip().splitlines()[-1] == str(expected)
    # kg query --endpoint reads the build through its push name: the same rows as the embedded store
    args = ("query", "pledges_by_target_year", "-p", "year=2040", "-f", "csv")
    assert kg(*args, "--endpoint", f"{served}/query", cwd=built.root).stdout == kg(*args, cwd=built.root).stdout


def test_serve_answers_a_cors_preflight_for_allowed_origins_only(served):
    allowed = curl("-X", "OPTIONS", f"{served}/query", "-H", "Origin: https://yasgui.example",
                   "-H", "Access-Control-Request-Method: POST", "-H", "Access-Control-Request-Headers: content-type")
    assert allowed.stdout.startswith("HTTP/1.1 204")
    assert "Access-Control-Allow-Origin: https://yasgui.example" in allowed.stdout
    assert "Access-Control-Allow-Methods: GET, POST, OPTIONS" in allowed.stdout
    other = curl("-X", "OPTIONS", f"{served}/query", "-H", "Origin: https://elsewhere.example",
                 "-H", "Access-Control-Request-Method: POST")
    assert other.stdout.startswith("HTTP/1.1 204") and "Access-Control-Allow-Origin" not in other.stdout
    answer = curl(f"{served}/query", "--data-urlencode", "query=ASK { ?s ?p ?o }",
                  "-H", "Origin: https://yasgui.example", "-H", "Accept: application/sparql-results+json")
    assert "Access-Control-Allow-Origin: https://yasgui.example" in answer.stdout and '"boolean":true' in answer.stdout


def test_serve_describes_itself_at_the_endpoint_url(served):
    """SPARQL 1.1 Service Description: a GET without a query; rdflib reads it."""
    import rdflib

    res = curl(f"{served}/query")
    head, body = res.stdout.split("\n\n", 1)  # text mode: curl's CRLF read as LF
    assert head.startswith("HTTP/1.1 200") and "text/turtle" in head
    g = rdflib.Graph().parse(data=body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = g.value(None, rdflib.RDF.type, sd.Service)
    assert service is not None and g.value(service, sd.endpoint) == rdflib.URIRef(f"{served}/query")
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g


def test_serve_refuses_a_bad_port_or_timeout(built):
    for args, message in ((("--port", "70000"), "not a TCP port"), (("--timeout", "0"), "more than 0")):
        res = kg("serve", *args, cwd=built.root)
        assert res.returncode == 2 and message in res.stderr


def test_serve_is_on_loopback_unless_told(built):
    from kg.cli import parser

    assert parser().parse_args(["serve"]).host == "127.0.0.1"


def test_endpoint_check_says_which_saved_queries_a_store_answers_right(built, server):
    assert push(built, server).returncode == 0
    res = kg("endpoint-check", "--endpoint", f"{server}/query", cwd=built.root)
    assert res.returncode == 0, res.stdout + res.stderr
    total = sum(len(cases(q)) for q in saved_queries(built.queries_dir).values())
    assert f"{total} of {total} test cases give the built graph's rows" in res.stdout and "DIFFERS" not in res.stdout
    # a store that lost data: the queries reading it are named, exit 1
    update(server, f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ ?s <https://w3id.org/climate-commitments/ontology#targetYear> ?y }} }}")
    res = kg("endpoint-check", "--endpoint", f"{server}/query", "-f", "json", cwd=built.root)
    assert res.returncode == 1
    differ = {o["query"] for o in json.loads(res.stdout) if not o["agrees"]}
    assert "pledges_by_target_year" in differ and "articles" not in differ


def test_push_per_file_recreates_the_builds_named_graphs_in_one_step(built, local, server):
    update(server, "INSERT DATA { GRAPH <https://w3id.org/climate-commitments/graph/data/999-gone.ttl> "
                   "{ <http://example.org/s> <http://example.org/p> 1 } }")  # a source since removed
    res = push(built, server, "--graphs", "per-file", "--chunk-size", "500")
    assert res.returncode == 0, res.stderr
    assert "dropped 1 graph(s) the build no longer has" in res.stderr
    assert named_graphs(server) == sorted(local.graphs())
    for graph in local.graphs():  # each graph exactly, blank nodes included
        assert Endpoint(f"{server}/query").count(graph) == local.graph_ntriples(graph).count(b"\n")
    args = ("query", "pledges_by_target_year", "-p", "year=2040", "-f", "csv")
    remote = kg(*args, "--endpoint", f"{server}/query", "--per-file", cwd=built.root)
    assert remote.returncode == 0 and remote.stdout == kg(*args, cwd=built.root).stdout
    ok = kg("endpoint-check", "--endpoint", f"{server}/query", "--union", cwd=built.root)
    assert ok.returncode == 1  # stock Oxigraph: its own default graph is empty, every case differs


def test_a_plain_text_error_keeps_the_iris_it_names():
    from kg.remote.connection import body_hint

    assert body_hint(b"UpdateException: Invalid source target for operation; IRI$ <http://g>").endswith("<http://g>")
    assert body_hint(b"<html><body><h1>Error</h1><p>Bad &amp; wrong</p></body></html>") == "Error Bad & wrong"
