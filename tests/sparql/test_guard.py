"""The read-only guard decides by parsing (issue 15): hostile spellings of SERVICE and of SPARQL
Update are refused, valid queries the keyword guard refused or crashed on pass, the engine runs the
canonical text the guard checked, and what one query costs the guard is bounded."""
from __future__ import annotations

import json
import subprocess
import sys
import threading

from hypothesis import given, settings
from hypothesis import strategies as st
import pyoxigraph as ox
import pytest

from kg.errors import KgError
from kg.sparql.guard import (FAST_BUDGET, MAX_QUERY_BYTES, MAX_TOKENS, Verdict, check_query, fast_path_holds, parse,
                             safe_query)
from kg.sparql.lexical import MAX_NESTING, canonical_text
from kg.store.embedded import Store

from ..conftest import ROOT
from ..servers import scripted_server
from .hostile_queries import HARMLESS, SERVICE_VECTORS, UPDATE_VECTORS, service_vectors

EMPTY_RESULTS = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
# SERVICE vectors Oxigraph itself does not read as SERVICE (it undoes no escape outside strings and
# IRIs, and a comment hides the rest of its line): refused all the same, since rdflib would read them so
NOT_SERVICE_FOR_OXIGRAPH = {11, 14}


@pytest.fixture(scope="module")
def canary():
    """An HTTP server on 127.0.0.1 that records every request and answers with one empty solution."""
    with scripted_server(lambda h, body: h.reply(200, EMPTY_RESULTS, "application/sparql-results+json")) as served:
        yield served


def oxigraph_runs(text: str) -> None:
    """The query on an empty in-memory pyoxigraph store, errors ignored: what the engine alone does."""
    try:
        result = ox.Store().query(text)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass


def refusal(text: str, **kwargs) -> str:
    with pytest.raises(KgError) as refused:
        safe_query(text, "q.rq", **kwargs)
    message = str(refused.value)
    assert "\n" not in message and message.startswith("q.rq: ")
    return message


# -- SERVICE and updates, however they are spelled ------------------------------------------------

@pytest.mark.parametrize("index", range(len(SERVICE_VECTORS)))
def test_a_service_vector_reaches_the_engine_alone_but_not_through_the_guard(canary, index):
    server, url = canary
    text = service_vectors(url + "/sparql")[index]
    before = len(server.requests)
    oxigraph_runs(text)  # the vector is live: the engine alone contacts the canary
    reached = len(server.requests) > before
    assert reached == (index not in NOT_SERVICE_FOR_OXIGRAPH)
    before = len(server.requests)
    for embedded in (False, True):
        message = refusal(text, embedded=embedded)
        assert ("SERVICE would make the query engine contact another server" in message
                or "not a SPARQL 1.1 query our parser can read" in message
                or "which SPARQL parsers read differently" in message), message
    assert len(server.requests) == before


@pytest.mark.parametrize("text", UPDATE_VECTORS)
def test_an_update_vector_is_refused_in_every_spelling(text):
    for variant in (text, text.replace("\n", "\r"), text.replace(" ", "\r\n")):
        for embedded in (False, True):
            message = refusal(variant, embedded=embedded, allow_service=True)
            assert ("is SPARQL Update; kg only runs read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE)" in message
                    or "not a SPARQL 1.1 query our parser can read" in message), message


def test_updates_are_named_by_their_operation():
    assert refusal("DELETE WHERE { ?s ?p ?o }") == ("q.rq: DELETE WHERE is SPARQL Update; kg only runs read-only "
                                                   "queries (SELECT, ASK, CONSTRUCT, DESCRIBE)")
    assert "q.rq: DROP is SPARQL Update" in refusal("# comment\rDROP ALL")
    assert "q.rq: MOVE is SPARQL Update" in refusal("PREFIX : <http://example.org/> MOVE:a TO:b")


@pytest.mark.parametrize("text", HARMLESS)
def test_valid_queries_the_keyword_guard_refused_pass_and_run(text):
    store = Store.memory()
    for embedded in (False, True):
        canonical = safe_query(text, "q.rq", embedded=embedded)
        rows = store.select(canonical)  # the engine reads the canonical text without error
        assert len(rows.rows) == 1


def test_service_passes_when_allowed():
    for text in service_vectors("http://127.0.0.1:9/sparql")[:2]:
        assert safe_query(text, allow_service=True) == text
    check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", allow_service=True)
    with pytest.raises(KgError, match="pass --allow-service if you trust the query"):
        check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_ascii_lookalikes_read_as_oxigraph_reads_them():
    # rdflib's keywords compare str.upper(), which makes the long s an S; Oxigraph's are ASCII: ſERVICE is a name
    text = "PREFIX \u017fERVICE: <http://example.org/> SELECT * WHERE { OPTIONAL { ?s ?p \u017fERVICE:x } }"
    assert len(Store.memory().select(safe_query(text)).rows) == 1
    refusal("SELECT * WHERE { \u017fERVICE <http://127.0.0.1:9/> { } }")  # not SPARQL for Oxigraph either


# -- the canonical text: what both parsers read alike ---------------------------------------------

@pytest.mark.parametrize("text,canonical", [
    ("SELECT * WHERE {\r\n?s ?p ?o # a\r}\r", "SELECT * WHERE {\n?s ?p ?o # a\n}\n"),
    ('ASK { ?s ?p "say \\u0022 DROP ALL" }', 'ASK { ?s ?p "say \\" DROP ALL" }'),
    ("ASK { ?s ?p 'x\\u0027' }", "ASK { ?s ?p 'x\\'' }"),
    ('ASK { ?s ?p "x\\u005C" }', 'ASK { ?s ?p "x\\\\" }'),
    ('ASK { ?s ?p "a\\u000Ab" }', 'ASK { ?s ?p "a\\nb" }'),
    ('ASK { ?s ?p "it\\\'s \\u00e9" }', "ASK { ?s ?p \"it's \u00e9\" }"),
    ('ASK { ?s ?p """\\u0022\\u0022\\u0022""" }', 'ASK { ?s ?p """\\"\\"\\"""" }'),
    ("ASK { <http://example.org/\\u00e9> ?p ?o }", "ASK { <http://example.org/\u00e9> ?p ?o }"),
    ("\\u0053ELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }"),
    ("ASK { ?s ?p ex:a\\'b }", "ASK { ?s ?p ex:a\\'b }"),
])
def test_canonical_text(text, canonical):
    assert canonical_text(text).text == canonical


@pytest.mark.parametrize("text,message", [
    ('ASK { ?s ?p "\\\\u0041" }', "'\\\\u0041' after a backslash, which SPARQL parsers read differently"),
    ("ASK { ?s ?p ?o } # \\u000A", "'\\\\u000A' after a backslash"),
    ("ASK { <http://example.org/\\u0020> ?p ?o }", "in an IRI stands for ' ', which an IRI cannot hold"),
    ("ASK { ?s ?p ?o \\u0023 }", "outside a string or IRI stands for '#'"),
    ('ASK { ?s ?p "\\uD800" }', "is not a Unicode character"),
    ('ASK { ?s ?p "\\U00110000" }', "is not a Unicode character"),
])
def test_escapes_the_parsers_would_read_differently_are_refused(text, message):
    assert message in refusal(text)


# -- what one query costs the guard ---------------------------------------------------------------

def nested(depth: int, bracket: str = "(") -> str:
    close = {"(": ")", "[": "]", "{": "}"}[bracket]
    if bracket == "{":
        return "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth
    if bracket == "[":
        return "SELECT * WHERE { ?s ?p " + "[ ?p " * (depth - 1) + "?o" + " ]" * (depth - 1) + " }"
    return "SELECT * WHERE { FILTER(" + "STR(" * (depth - 2) + "1" + close * (depth - 2) + ") }"


def test_ten_thousand_nested_parentheses_are_one_line_before_any_parser():
    message = refusal("SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }")
    assert message == (f"q.rq: line 1: brackets ( {{ [ nested more than {MAX_NESTING} deep; kg refuses deeper "
                       "queries (the nesting limit)")


@pytest.mark.parametrize("bracket", ["(", "{", "["])
def test_the_nesting_limit_is_exact_and_rdflib_parses_up_to_it(bracket):
    safe_query(nested(MAX_NESTING, bracket))  # rdflib's recursion, in its own thread, reaches the limit
    assert "the nesting limit" in refusal(nested(MAX_NESTING + 1, bracket))


def test_brackets_in_strings_and_comments_do_not_nest_but_those_in_iris_do():
    quoted = "SELECT * WHERE { ?s ?p '" + "(" * 500 + "' # " + "{" * 500 + "\n}"
    assert safe_query(quoted) == quoted
    iri = "SELECT * WHERE { ?s ?p <http://example.org/" + "(" * (MAX_NESTING + 1) + "> }"
    assert "the nesting limit" in refusal(iri)  # Oxigraph could read `<` as less-than and the rest as code


def test_size_and_token_limits_are_one_line():
    assert "(1 MB, the size limit)" in refusal("#" * (MAX_QUERY_BYTES + 1))
    chain = "SELECT (1" + "+1" * (MAX_TOKENS // 2) + " AS ?x) WHERE { }"
    assert f"kg checks queries of at most {MAX_TOKENS:,}" in refusal(chain)


def test_guard_time_is_bounded_on_adversarial_input():
    # outcomes only: the times are in the notes. Each of these was quadratic or worse before.
    unterminated = 'SELECT * WHERE { ?s ?p "' + '\\"' * 32768
    assert canonical_text(unterminated).text == unterminated
    assert "not a SPARQL 1.1 query our parser can read" in refusal(unterminated)
    long_string = 'SELECT * WHERE { BIND("' + "a" * (MAX_QUERY_BYTES - 200) + '" AS ?x) SERVICE <http://e/> { } }'
    assert "SERVICE would make the query engine contact another server" in refusal(long_string)
    assert safe_query(long_string, allow_service=True) == long_string  # rdflib's own SERVICE action: 55 s
    plus = "SELECT (1" + "+1" * (MAX_QUERY_BYTES // 2 - 40) + " AS ?x) WHERE { }"
    assert "the query size limit of the guard's parser" in refusal(plus)
    prefixes = "".join(f"PREFIX p{i}: <http://example.org/{i}#>\n" for i in range(30_000)) + "SELECT * { }"
    assert "the query size limit of the guard's parser" in refusal(prefixes[:MAX_QUERY_BYTES])
    opened = "SELECT * WHERE { ?s ?p " + "<a" * (MAX_QUERY_BYTES // 2 - 100) + " }"  # each `<` an IRI's start
    assert "the query size limit of the guard's parser" in refusal(opened)


# -- the fast path: what `kg query` runs on the embedded store without rdflib ---------------------

def test_saved_queries_take_the_fast_path_and_all_pass_the_parse():
    saved = sorted((ROOT / "queries").glob("*.rq"))
    violations = sorted((ROOT / "shapes" / "sparql").glob("*.rq"))
    assert len(saved) >= 20 and len(violations) >= 10
    for path in saved + violations:
        canonical = canonical_text(path.read_text(encoding="utf-8"), path.name).text
        assert fast_path_holds(canonical, allow_service=False) or path in violations, path.name
        assert parse(canonical) == Verdict(), path.name  # rdflib reads them all: a query, no SERVICE


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o } # service",  # a comment after the query: not a leading comment
    "SELECT * WHERE { ?s <http://example.org/Service> ?o }",
    "DROP ALL", "# comment\nINSERT DATA { <http://e/s> <http://e/p> 1 }",
    "SELECT * WHERE { " + "{ } " * (MAX_NESTING + 1) + "}",
    "SELECT * WHERE { FILTER(1" + "+1" * FAST_BUDGET + ") }",
])
def test_the_fast_path_leaves_to_the_parse_what_it_cannot_rule_out(text):
    assert not fast_path_holds(canonical_text(text).text, allow_service=False)


def test_kg_query_fast_path_does_not_import_rdflib():
    code = ("import sys; from kg.sparql.guard import safe_query; from kg.sparql import find_query; "
            f"q = find_query('provider_pledges', __import__('pathlib').Path({str(ROOT / 'queries')!r})); "
            "safe_query(q.text, q.name, embedded=True); print(json.dumps(sorted(m for m in sys.modules "
            "if m.startswith(('rdflib', 'pyparsing')))))")
    out = subprocess.run([sys.executable, "-c", "import json; " + code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []


# -- parsing from several threads at once (kg serve) ----------------------------------------------

def test_concurrent_checks_agree():
    texts = (["SELECT * WHERE { ?s ?p ?o }", "DROP ALL", nested(MAX_NESTING)] * 4)
    outcomes: dict[int, str] = {}

    def check(i: int, text: str):
        try:
            outcomes[i] = "ok " + safe_query(text + f" # {i}")
        except KgError as exc:
            outcomes[i] = "refused " + str(exc).split(":")[1]

    threads = [threading.Thread(target=check, args=(i, t)) for i, t in enumerate(texts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [outcomes[i].split()[0] for i in range(len(texts))] == ["ok", "refused", "ok"] * 4


# -- the property: whatever the guard lets through, the engine contacts nobody ---------------------

FRAGMENTS = ["'", '"', "#", "\\", "<", ">", "\r", "\n", ":", " ", "\\u005C", "\\u0022", "\\u0027", "\\u000A",
             "\\u0023", "\u017f", "\u0131", "'''", '"""', "\\'", '\\"', "\\#", "{", "}", "(", ")", "SERVICE",
             "SERVICE ", "_:", "?", "@en", "^^", ".", ";", ",", "\t", "\u00a0", "a", "1", "-", "|", "/", "!"]


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, len(SERVICE_VECTORS) + len(HARMLESS) - 1),
       edits=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(FRAGMENTS), st.booleans()), min_size=1, max_size=4))
def test_no_text_the_guard_passes_makes_the_engine_contact_anyone(canary, seed, edits):
    server, url = canary
    text = (service_vectors(url + "/sparql") + HARMLESS)[seed]
    for where, fragment, insert in edits:
        at = int(where * len(text))
        text = text[:at] + fragment + text[at:] if insert else text[:at] + text[at + 1:]
    try:
        canonical = safe_query(text)
    except KgError:
        return
    before = len(server.requests)
    oxigraph_runs(canonical)
    assert len(server.requests) == before, repr(text)


def test_parameters_bind_in_the_where_group_after_an_escaped_quote_in_a_name():
    from kg.sparql.params import with_values
    from kg.store.embedded import Term

    text = "PREFIX ex: <http://example.org/> SELECT ?x FROM ex:it\\'s WHERE { ?s ?p 'y' }"
    assert with_values(safe_query(text), {"x": Term.literal("1")}) == (
        "PREFIX ex: <http://example.org/> SELECT ?x FROM ex:it\\'s WHERE { VALUES (?x) { (\"1\") } ?s ?p 'y' }")
