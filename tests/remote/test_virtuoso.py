"""A second real triple store: Virtuoso Open Source 7 (Debian package virtuoso-opensource), started as
an instance of its own on 127.0.0.1 (tests/stores.py). `kg push` fills it by both protocols, then
every saved query, with its test parameters (required only, and all), is run through `kg query
--endpoint`'s client and compared with the embedded store, values as RDF terms.

Where Virtuoso answers differently it is not hidden: the query is listed in STORE_BUGS with the
reason, and the test checks that it still differs, so a fixed Virtuoso (or a query rewritten around
the bug) shows up as a failure asking to remove it from the list."""
from __future__ import annotations

import pytest

from kg.remote.client import Endpoint
from kg.remote.stores import KNOWN_WRONG
from kg.sparql import run, saved_queries

from ..sparql.test_saved_queries import SAMPLE_VALUES
from ..stores import virtuoso_server
from .test_remote import GRAPH, built, distinct_triples, local, normalised  # noqa: F401 (module fixtures)

# Virtuoso 7.2.5 (Debian bookworm) answers these differently from the embedded store (Oxigraph). Seven more
# did (`?x a/rdfs:subClassOf* C` or `?t rdfs:subClassOf* C` joined to other patterns kept one row of
# several) until the queries were rewritten: `{ ?x a C } UNION { ?x a/rdfs:subClassOf+ C }` (five), or the
# class path in a sub-SELECT with a LIMIT, which Virtuoso evaluates on its own (two).
STORE_BUGS = KNOWN_WRONG["virtuoso"]  # kg query --endpoint refuses these on Virtuoso (kg.remote.stores)


@pytest.fixture(scope="module")
def virtuoso():
    with virtuoso_server() as store:
        yield store


def push(project, store, protocol: str):
    from ..conftest import kg

    extra = ("--store", store.graph_store) if protocol == "gsp" else ()
    return kg("push", "--endpoint", store.sparql, "--protocol", protocol, "--chunk-size", "1000", *extra,
              cwd=project.root)


def pushed(store) -> Endpoint:
    """The endpoint as `kg query --endpoint` reads it: the graph `kg push` wrote, by default-graph-uri."""
    return Endpoint(store.sparql, default_graphs=(GRAPH,), named_graphs=(GRAPH,))


def differences(project, local, endpoint) -> tuple[dict[str, str], int]:
    """{query name: its first differing row, both ways} over every saved query and parameter set, and how
    many of the comparisons that agreed had rows."""
    found, compared = {}, 0
    for query in saved_queries(project.queries_dir).values():
        for given in ({p.name: SAMPLE_VALUES[p.name] for p in query.params if p.required},
                      {p.name: SAMPLE_VALUES[p.name] for p in query.params}):
            ours = run(local, query, given)
            theirs = run(endpoint, query, given)
            assert theirs.variables == ours.variables, query.name
            a, b = normalised(ours), normalised(theirs)
            if a == b:
                compared += bool(a)
                continue
            if query.name not in found:
                missing = next((row for row in a if row not in b), None)
                extra = next((row for row in b if row not in a), None)
                found[query.name] = (f"{given}: {len(a)} rows here, {len(b)} there; "
                                     f"first row only here {missing}; first row only there {extra}")
    return found, compared


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_push_then_every_saved_query_answers_as_the_embedded_store(built, local, virtuoso, protocol):  # noqa: F811
    res = push(built, virtuoso, protocol)
    assert res.returncode == 0, res.stderr
    n = distinct_triples(local)
    assert f"pushed {n:,} triples to {GRAPH} in {-(-n // 1000)} chunk(s) ({protocol})" in res.stderr, res.stderr
    assert f"the store now holds {n:,} triples" in res.stderr
    endpoint = pushed(virtuoso)
    assert endpoint.count(GRAPH) == n
    staging = Endpoint(virtuoso.sparql).select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:uuid:')) }")
    assert staging.rows == []  # the staging graph is gone
    # blank nodes arrive as nodes of their own: as many, each with as many triples, as in the build
    for query in ("SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b ?p ?o FILTER(isBlank(?b)) }",
                  "SELECT (COUNT(*) AS ?n) WHERE { ?b ?p ?o FILTER(isBlank(?b) || isBlank(?o)) }"):
        assert int(endpoint.select(query).rows[0][0].value) == int(local.select(query).rows[0][0].value), query

    differ, compared = differences(built, local, endpoint)
    report = "\n".join(f"  {name}: {row}" for name, row in sorted(differ.items()))
    unexpected = sorted(set(differ) - set(STORE_BUGS))
    fixed = sorted(set(STORE_BUGS) - set(differ))
    assert not unexpected, f"Virtuoso answers {unexpected} differently from the embedded store:\n{report}"
    assert not fixed, f"these now agree with the embedded store: remove them from STORE_BUGS: {fixed}"
    assert compared >= 10  # the comparisons that agree mostly have rows: they mean something


def test_a_second_push_replaces_the_graph(built, local, virtuoso):  # noqa: F811
    """Pushing again (the other protocol) leaves the same triples, not twice as many."""
    for protocol in ("update", "gsp"):
        assert push(built, virtuoso, protocol).returncode == 0
    assert pushed(virtuoso).count(GRAPH) == distinct_triples(local)


def test_kg_query_refuses_on_virtuoso_what_virtuoso_gets_wrong(built, virtuoso):
    """Never wrong rows: a query Virtuoso is known to answer wrongly is refused in one line naming the bug;
    the others answer as on the built graph."""
    from ..conftest import kg

    assert push(built, virtuoso, "update").returncode == 0
    refused = kg("query", "who_said_what", "--endpoint", virtuoso.sparql, cwd=built.root)
    assert refused.returncode == 2 and "is known to answer this query wrongly" in refused.stderr
    assert "rdfs:subClassOf*" in refused.stderr and "Virtuoso" in refused.stderr and refused.stdout == ""
    args = ("query", "articles", "-f", "csv")
    answered = kg(*args, "--endpoint", virtuoso.sparql, cwd=built.root)
    assert answered.returncode == 0 and answered.stdout == kg(*args, cwd=built.root).stdout
