"""`kg query --limit/--offset` (kg.sparql.run's `limit`/`offset`, issue 18): the pages of every saved
query, one after the other, are its whole answer in its order; a query with a LIMIT of its own is refused."""
from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.sparql import run, saved_queries
from kg.sparql.cases import CASE_VALUES
from kg.sparql.run import paged

from ..conftest import ROOT, kg

QUERIES = saved_queries(ROOT / "queries")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_the_pages_of_a_saved_query_are_its_answer(seed_store, name):
    query = QUERIES[name]
    given = {p.name: CASE_VALUES[p.name] for p in query.params if p.required}
    whole = run(seed_store, query, given).rows
    size = max(1, len(whole) // 3)
    pages, offset = [], 0
    while True:
        page = run(seed_store, query, given, limit=size, offset=offset).rows
        pages += page
        if len(page) < size:
            break
        offset += size
    assert pages == whole
    assert run(seed_store, query, given, limit=0).rows == []
    assert run(seed_store, query, given, offset=len(whole)).rows == []


def test_a_query_with_its_own_limit_is_not_paged():
    text = "SELECT ?s WHERE { ?s ?p ?o } # LIMIT 3 in a comment\nORDER BY ?s LIMIT 5"
    with pytest.raises(KgError, match="LIMIT or OFFSET of its own"):
        paged(text, "q", 2)
    assert paged("SELECT ?s WHERE { ?s ?p \"LIMIT 5\" } # LIMIT 4", "q", 2, 4).endswith("\nLIMIT 2 OFFSET 4")


def test_kg_query_limit_and_offset():
    first = kg("query", "articles", "-f", "csv", "--limit", "2")
    second = kg("query", "articles", "-f", "csv", "--limit", "2", "--offset", "2")
    whole = kg("query", "articles", "-f", "csv")
    assert first.returncode == second.returncode == whole.returncode == 0
    rows = whole.stdout.splitlines()
    assert first.stdout.splitlines() == rows[:3] and second.stdout.splitlines() == rows[:1] + rows[3:5]
    bad = kg("query", "articles", "--offset", "-1")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--offset" in bad.stderr
