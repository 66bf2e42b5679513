"""Hostile and broken input: read-only queries, SERVICE refused, timeouts and row limits (kg query
and kg serve), builds killed half-way, and files that are empty, binary or not what they claim."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.errors import KgError
from kg.sparql.guard import check_query
from kg.project import Project
from kg.remote.serve import free_port, wait_for_port
from kg.store.embedded import Store

from .conftest import ROOT, built_copy, kg
from .servers import forward, oxigraph_server, scripted_server
from .sparql.hostile_queries import HARMLESS, UPDATE_VECTORS, service_vectors

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 4k triples cubed


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    return built_copy(tmp_path_factory.mktemp("hostile") / "project")


def write_query(project: Project, name: str, text: str) -> str:
    path = project.root / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- read-only: what the guard lets through -------------------------------------------------------

UPDATES = ["INSERT DATA { <http://e/s> <http://e/p> 1 }", "DELETE WHERE { ?s ?p ?o }", "DROP ALL", "CLEAR DEFAULT",
           "LOAD <http://evil.example/x.ttl>", "CREATE GRAPH <http://e/g>", "ADD DEFAULT TO <http://e/g>",
           "MOVE <http://e/a> TO <http://e/b>", "COPY <http://e/a> TO <http://e/b>",
           "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
           "PREFIX x: <http://e/>\n# a comment\ninsert data { x:s x:p 1 }",
           "SELECT * WHERE { ?s ?p ?o } ;DROP ALL", r"\u0044ROP ALL"]


@pytest.mark.parametrize("text", UPDATES)
def test_every_update_operation_is_refused(text):
    # decided by rdflib's parse (kg.sparql.guard): an update is named, text that is no query is refused too
    with pytest.raises(KgError, match="is SPARQL Update; kg only runs read-only queries|not a SPARQL 1.1 query our "
                                      "parser can read"):
        check_query(text)


READ_ONLY = ['SELECT * WHERE { ?s ?p "DROP ALL ; INSERT DATA { }" }',
             "SELECT ?insert ?delete WHERE { ?insert <http://e/drop> ?delete } # then DROP ALL",
             "PREFIX load: <http://e/> PREFIX service: <http://e/s#> SELECT * WHERE { ?s load:clear service:x }",
             "SELECT * WHERE { ?s ?p ?o FILTER(?o = 'SERVICE <http://evil/>'@en-GB) }",
             "SELECT * WHERE { <http://e/SERVICE> ?p $with }", "ASK { _:drop ?p ?o }",
             "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "DESCRIBE <http://e/x>",
             "SELECT * WHERE { ?s ?p '''multi\nline DROP'''  }"]


@pytest.mark.parametrize("text", READ_ONLY)
def test_keywords_in_strings_iris_comments_and_names_are_not_operations(text):
    check_query(text)


@pytest.mark.parametrize("text", ["SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
                                  "select * { service silent <http://e/> { ?s ?p ?o } }",
                                  r"SELECT * WHERE { \u0053ERVICE <http://e/> { ?s ?p ?o } }"])
def test_service_is_refused_unless_allowed(text):
    with pytest.raises(KgError, match="SERVICE would make the query engine contact another server"):
        check_query(text)
    check_query(text, allow_service=True)


def test_saved_queries_and_violation_queries_pass_the_guard():
    for path in list((ROOT / "queries").glob("*.rq")) + list((ROOT / "shapes" / "sparql").glob("*.rq")):
        check_query(path.read_text(encoding="utf-8"), path.name)


# -- kg query: refusals, timeout, row limit -------------------------------------------------------

def test_kg_query_refuses_an_update_file_and_changes_nothing(built):
    store = Store.open_read_only(built.build_dir / "store")
    before = len(store)
    store.close()
    res = kg("query", write_query(built, "wipe", "DELETE WHERE { ?s ?p ?o }"), cwd=built.root)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.strip() == ("kg: error: wipe: DELETE WHERE is SPARQL Update; kg only runs read-only queries "
                                  "(SELECT, ASK, CONSTRUCT, DESCRIBE)")
    store = Store.open_read_only(built.build_dir / "store")
    assert len(store) == before
    store.close()


def test_kg_query_refuses_service_and_contacts_nobody(built):
    with scripted_server(lambda h, body: h.reply(200, b'{"head":{"vars":[]},"results":{"bindings":[]}}',
                                                 "application/sparql-results+json")) as (server, url):
        path = write_query(built, "federated", f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}")
        res = kg("query", path, cwd=built.root)
        assert res.returncode == 2 and "--allow-service" in res.stderr and server.requests == []
        res = kg("query", path, "--allow-service", cwd=built.root)
        assert res.returncode == 0, res.stderr
        assert len(server.requests) == 1  # allowed: the engine did call the other server


CANARY_ANSWER = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"leaked"}}]}}'


def test_kg_query_refuses_every_hostile_spelling_and_the_canary_sees_nothing(built):
    """Issue 15: each of these reached a listener on 127.0.0.1 or passed the keyword guard as a query."""
    store = Store.open_read_only(built.build_dir / "store")
    before = len(store)
    store.close()
    with scripted_server(lambda h, body: h.reply(200, CANARY_ANSWER, "application/sparql-results+json")) as (
            canary, url):
        for i, text in enumerate(service_vectors(url + "/sparql") + UPDATE_VECTORS):
            res = kg("query", write_query(built, f"vector{i}", text), cwd=built.root)
            assert res.returncode == 2 and res.stdout == "" and res.stderr.count("\n") == 1, (text, res.stderr)
            assert res.stderr.startswith(f"kg: error: vector{i}: ")
        assert canary.requests == []
    store = Store.open_read_only(built.build_dir / "store")
    assert len(store) == before
    store.close()


def test_kg_query_endpoint_sends_no_hostile_spelling_and_the_store_is_unchanged(built, tmp_path):
    """--endpoint against a writable Oxigraph server (behind a recording proxy): the guard refuses each
    vector before connecting; a query that passes goes out as `query=`, never as `update=`."""
    def dump(base: str) -> bytes:
        request = urllib.request.Request(base + "/store", headers={"Accept": "application/n-quads"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()

    with oxigraph_server(tmp_path / "remote") as base:
        data = urllib.parse.urlencode({"update": "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 . "
                                                 "GRAPH <http://example.org/a> { <http://example.org/s> "
                                                 "<http://example.org/p> 2 } }"}).encode()
        urllib.request.urlopen(urllib.request.Request(base + "/update", data=data), timeout=30).read()
        stored = dump(base)
        assert stored.count(b"\n") == 2
        with scripted_server(lambda h, body: forward(h, body, base)) as (proxy, proxy_url), \
                scripted_server(lambda h, body: h.reply(200, CANARY_ANSWER, "application/sparql-results+json")) as (
                    canary, url):
            for i, text in enumerate(service_vectors(url + "/sparql") + UPDATE_VECTORS):
                res = kg("query", write_query(built, f"remote{i}", text), "--endpoint", proxy_url + "/query",
                         cwd=built.root)
                assert res.returncode == 2 and res.stdout == "" and res.stderr.count("\n") == 1, (text, res.stderr)
            assert proxy.requests == [] and canary.requests == []
            res = kg("query", write_query(built, "harmless", HARMLESS[1]), "--endpoint", proxy_url + "/query",
                     "-f", "csv", cwd=built.root)
            assert res.returncode == 0, res.stderr
            assert res.stdout.splitlines() == ["v", '"say "" DROP ALL"']  # CSV quoting
            form = urllib.parse.parse_qs(proxy.requests[0]["body"].decode())
            assert len(proxy.requests) == 1 and "update" not in form
            assert form["query"] == ['SELECT * WHERE { BIND("say \\" DROP ALL" AS ?v) }']  # the canonical text
        assert dump(base) == stored


@pytest.mark.parametrize("text", HARMLESS)
def test_kg_query_runs_valid_queries_the_keyword_guard_refused_or_crashed_on(built, text):
    res = kg("query", write_query(built, "valid", text), "-f", "csv", cwd=built.root)
    assert res.returncode == 0 and res.stderr == "", res.stderr
    assert len(res.stdout.splitlines()) == 2  # the header and one row


def test_kg_query_refuses_deep_nesting_and_long_chains_in_one_line_without_crashing(built):
    for name, text in (("deep", "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"),
                       ("binds", "SELECT * WHERE { " + "".join(f"BIND({i} AS ?v{i}) " for i in range(4000)) + "}")):
        res = kg("query", write_query(built, name, text), cwd=built.root)
        assert res.returncode == 2 and res.stdout == "" and res.stderr.count("\n") == 1, res.stderr  # not 139
    assert "the nesting limit" in kg("query", write_query(built, "deep2", "ASK {" + "{" * 200 + "}" * 201),
                                     cwd=built.root).stderr


def test_kg_query_timeout_stops_a_runaway_query(built):
    started = time.monotonic()
    res = kg("query", write_query(built, "cubed", SLOW), "--timeout", "1", cwd=built.root)
    elapsed = time.monotonic() - started
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.strip() == ("kg: error: cubed: stopped after 1 s (the query timeout): add parameters to "
                                  "narrow it, or raise --timeout")
    assert elapsed < 20  # the process ends although the engine cannot be interrupted


def test_kg_query_row_limit(built):
    path = write_query(built, "everything", "SELECT * WHERE { ?s ?p ?o }")
    res = kg("query", path, "--max-rows", "100", "-f", "csv", cwd=built.root)
    assert res.returncode == 2 and res.stdout == ""
    assert "everything: the answer has more than 100 rows (the row limit)" in res.stderr
    assert kg("query", path, "--max-rows", "0", "-f", "csv", cwd=built.root).stdout.count("\n") > 4000
    for bad, message in ((("--max-rows", "-1"), "must be 0 (no limit) or more"),
                         (("--timeout", "0"), "must be more than 0 seconds")):
        res = kg("query", path, *bad, cwd=built.root)
        assert res.returncode == 2 and message in res.stderr


@pytest.mark.parametrize("value", ['"} ; DROP ALL #', "line one\nline two", "'single' \"double\" \\ back",
                                   "<http://evil.example/>", "x" * 1999])
def test_hostile_parameter_values_through_the_cli_stay_literals(built, value):
    res = kg("query", "quotes_mentioning", "-p", f"text={value}", "-f", "csv", cwd=built.root)
    assert res.returncode == 0 and res.stdout.count("\n") == 1 and "fact" in res.stdout, res.stderr  # header only


def test_oversized_or_mistyped_parameters_are_one_line_errors(built):
    for args, message in ((("quotes_mentioning", "-p", "text=" + "x" * 2001), "longer than 2000 characters"),
                          (("pledges_by_target_year", "-p", "year=20x0"), "parameter year: '20x0' is not an integer"),
                          (("pledges_past_deadline", "-p", "asof=2025-13-45"), "is not a date"),
                          (("provider_pledge",), "did you mean provider_pledges")):
        res = kg("query", *args, cwd=built.root)
        assert res.returncode == 2 and res.stderr.count("\n") == 1 and message in res.stderr, res.stderr


# -- kg serve: the same rules behind HTTP ---------------------------------------------------------

def _ask(port: int, query: str, accept: str = "application/sparql-results+json"):
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/query", data=data, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def serving(built, request):
    extra = getattr(request, "param", [])
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port), "--timeout", "2",
                                "--max-rows", "50", *extra], cwd=built.root, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port("127.0.0.1", port, process)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)  # SIGINT is ignored in background jobs
        process.communicate(timeout=20)


def test_serve_refuses_updates_service_and_big_or_slow_answers(serving):
    status, body = _ask(serving, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 50")  # exactly the limit: allowed
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 50
    status, body = _ask(serving, "DROP ALL")
    assert status == 403 and "DROP is SPARQL Update" in body
    status, body = _ask(serving, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 403 and "--allow-service" in body
    status, body = _ask(serving, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422 and "more than 50 rows (the row limit, kg serve --max-rows)" in body
    for accept in ("application/sparql-results+json", "text/csv"):
        status, body = _ask(serving, SLOW, accept)
        assert status == 503 and "stopped after 2 s (the query timeout, kg serve --timeout)" in body
    request = urllib.request.Request(f"http://127.0.0.1:{serving}/update", data=b"update=DROP%20ALL")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    status, body = _ask(serving, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_serve_allows_service_when_told(built):
    with scripted_server(lambda h, body: h.reply(200, b'{"head":{"vars":["x"]},"results":{"bindings":[]}}',
                                                 "application/sparql-results+json")) as (server, url):
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port), "--allow-service"],
                                   cwd=built.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            wait_for_port("127.0.0.1", port, process)
            status, body = _ask(port, f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?x ?p ?o }} }}")
        finally:
            process.send_signal(signal.SIGTERM)  # SIGINT is ignored in background jobs
            process.communicate(timeout=20)
    assert status == 200 and len(server.requests) == 1


# -- builds killed half-way -----------------------------------------------------------------------

def _big_turtle(n: int) -> str:
    lines = ["@prefix ex: <http://example.org/> ."]
    lines += [f'ex:s{i} ex:p{i % 7} ex:o{i % 1013} ; ex:label "item {i}" .' for i in range(n)]
    return "\n".join(lines) + "\n"


def test_a_build_killed_at_any_moment_leaves_a_usable_store(tmp_path):
    root = tmp_path / "project"
    project = built_copy(root)
    before = (project.build_dir / "manifest.json").read_bytes()
    reference = kg("query", "provider_pledges", "-f", "csv", cwd=root).stdout
    (root / "data" / "zz-bulk.ttl").write_text(_big_turtle(150_000), encoding="utf-8")
    outcomes = set()
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6, 2.0, 2.5, 3.0, 4.0):
        process = subprocess.Popen([sys.executable, "-m", "kg", "build", "--full"], cwd=root,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        store = Store.open_read_only(project.build_dir / "store")  # always opens: old or new, never half
        graphs = store.graphs()
        store.close()
        manifest = (project.build_dir / "manifest.json").read_bytes()
        has_bulk = "https://w3id.org/climate-commitments/graph/data/zz-bulk.ttl" in graphs
        outcomes.add(has_bulk)
        if manifest == before:  # the old manifest: if the new store is in, the next command rebuilds anyway
            assert json.loads(manifest)["sources"].get("data/zz-bulk.ttl") is None
        else:
            assert has_bulk and "data/zz-bulk.ttl" in json.loads(manifest)["sources"]
    assert False in outcomes  # at least one kill landed before the swap
    # the next command cleans what the killed builds left, and answers as before
    res = kg("query", "provider_pledges", "-f", "csv", cwd=root)
    assert res.returncode == 0 and res.stdout == reference
    leftovers = [p.name for p in project.build_dir.iterdir() if p.name not in ("manifest.json", "store", "changes.jsonl")]
    assert len(leftovers) == 1 and leftovers[0].startswith("store-")  # only the live store's folder (and the journal)


# -- files that are not what they claim ------------------------------------------------------------

@pytest.mark.parametrize("content,message", [
    (b"\x00\x01\x02\xff\xfe binary", "data/bad.ttl"),
    (b"@prefix ex: <http://example.org/> .\nex:a ex:b \"\xe9t\xe9\" .\n", "data/bad.ttl"),
    (b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d [ .\n", "data/bad.ttl:3:"),
])
def test_broken_data_files_name_the_file_and_keep_the_previous_build(built, content, message):
    target = built.root / "data" / "bad.ttl"
    manifest = (built.build_dir / "manifest.json").read_bytes()
    target.write_bytes(content)
    try:
        res = kg("build", cwd=built.root)
        assert res.returncode == 2 and res.stderr.count("\n") == 1 and message in res.stderr, res.stderr
        assert (built.build_dir / "manifest.json").read_bytes() == manifest
        assert Store.open_read_only(built.build_dir / "store").graphs()
    finally:
        target.unlink()


def test_an_empty_data_file_is_an_empty_graph(built):
    target = built.root / "data" / "empty.ttl"
    target.write_bytes(b"")
    try:
        res = kg("build", cwd=built.root)
        assert res.returncode == 0, res.stderr
    finally:
        target.unlink()
    assert kg("build", cwd=built.root).returncode == 0


@pytest.mark.parametrize("content,message", [
    (b"", "empty"), (bytes(range(256)) * 20, "binary file, not an article text"),
    ("Caf\u00e9 cr\u00e8me".encode("latin-1"), "not UTF-8"),
])
def test_extract_refuses_empty_binary_or_mis_encoded_articles_clearly(tmp_path, content, message):
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    res = kg("extract", str(article))
    if message == "empty":  # an empty article is no error: nothing to extract
        assert res.returncode == 0 and json.loads(res.stdout)["organisations"] == []
    else:
        assert res.returncode == 2 and res.stderr.count("\n") == 1 and message in res.stderr, res.stderr
        assert str(article) in res.stderr


def test_extract_of_a_large_article_finishes_with_quotes_that_are_in_it(tmp_path):
    text = (ROOT / "seeds" / "003_3f05cd81590e013e.txt").read_text(encoding="utf-8")
    article = tmp_path / "large.txt"
    article.write_text((text + "\n") * 40, encoding="utf-8")  # ~190 kB
    res = kg("extract", str(article))
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    big = article.read_text(encoding="utf-8")
    quotes = [f["evidence"] for kind in doc.values() if isinstance(kind, list) for f in kind
              if isinstance(f, dict) and f.get("evidence")]
    assert len(quotes) >= 5 and all(q in big for q in quotes)


def test_a_seed_file_outside_seeds_is_refused(built):
    target = built.root / "data" / "zz-escape.ttl"
    target.write_text('@prefix cckg: <https://w3id.org/climate-commitments/ontology#> .\n'
                      '<https://w3id.org/climate-commitments/id/article-0000000000000000> a cckg:Article ;\n'
                      '  cckg:seedFile "../README.md" .\n', encoding="utf-8")
    try:
        res = kg("build", cwd=built.root)
        assert res.returncode == 2 and "must name a file directly in seeds/" in res.stderr, res.stderr
    finally:
        target.unlink()


@pytest.mark.parametrize("lxml", ["True", "False"], ids=["openpyxl-with-lxml", "openpyxl-with-defusedxml"])
def test_a_workbook_with_an_entity_bomb_is_refused(tmp_path, lxml):
    """Whichever parser openpyxl picks: lxml when installed (pyld brings it into the test venv), else the
    standard library's through defusedxml, as in a plain install."""
    import zipfile

    import openpyxl

    plain, bomb = tmp_path / "plain.xlsx", tmp_path / "bomb.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Company Name", "ISIN"])
    wb.save(plain)
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 9))
              + "]>")
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/workbook.xml":
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = laughs.encode() + body.replace(b"<workbookPr", b"<workbookPr codeName='&lol8;'", 1)
            out.writestr(name, data)
    res = kg("import", "sbti", str(bomb), cwd=tmp_path, env={"OPENPYXL_LXML": lxml})
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "not a readable .xlsx workbook" in res.stderr
