"""SPARQL XML results, CONSTRUCT/DESCRIBE answers as RDF and the table for people (kg/sparql/formats.py).

Outside judges: rdflib's SPARQL result parsers read our XML to the rows (as RDF terms) its JSON parser reads
from our JSON; rdflib and pyoxigraph parse our Turtle, N-Triples and JSON-LD of a CONSTRUCT answer to a graph
isomorphic to the one rdflib's own SPARQL engine constructs from the same data.
"""
from __future__ import annotations

import io
import json
import re
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.query import Result

from kg.errors import KgError
from kg.shacl.terms import rdflib_term
from kg.sparql import run, saved_queries
from kg.sparql.formats import (format_answer, query_form, shown, text_table, to_json, to_table, to_xml)
from kg.store.embedded import Rows, Term

from ..conftest import ROOT, built_copy, kg

XSD = "http://www.w3.org/2001/XMLSchema#"
CCKG = "https://w3id.org/climate-commitments/ontology#"
CONSTRUCT = f"""PREFIX cckg: <{CCKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
# a comment saying SELECT, and a string below saying ASK: the form is still CONSTRUCT
CONSTRUCT {{ ?org rdfs:label ?label ; cckg:pledged [ a ?type ; cckg:targetYear ?year ; rdfs:comment "ASK" ] }}
WHERE {{ ?pledge cckg:madeBy ?org ; a ?type ; cckg:targetYear ?year . ?org rdfs:label ?label }}
"""
RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
ANSI = re.compile(r"\x1b\[")
BOX = re.compile("[\u2500-\u257f]")


def parsed_rows(text: str, fmt: str) -> tuple[list, list]:
    """rdflib's reading of a SPARQL result document: its variables and rows of RDF terms."""
    result = Result.parse(io.BytesIO(text.encode("utf-8")), format=fmt)
    return [str(v) for v in result.vars], [tuple(row) for row in result]


def seed_graph(seed_store) -> rdflib.Graph:
    """The seed graph as rdflib reads our N-Triples of it."""
    return rdflib.Graph().parse(data=seed_store.serialize("nt").decode("utf-8"), format="nt")


def as_rdflib(rows: Rows) -> rdflib.Graph:
    """The triples of subject/predicate/object rows as an rdflib graph."""
    graph = rdflib.Graph()
    for s, p, o in rows.rows:
        graph.add((rdflib_term(s), rdflib_term(p), rdflib_term(o)))
    return graph


# -- SPARQL 1.1 Query Results XML --------------------------------------------------------------------------------

NO_REQUIRED = sorted(name for name, q in saved_queries(ROOT / "queries").items() if not any(p.required for p in q.params))


@pytest.mark.parametrize("name", NO_REQUIRED)
def test_xml_results_read_back_as_the_json_results_rows(seed_store, name):
    rows = run(seed_store, saved_queries(ROOT / "queries")[name])
    xml_vars, xml_rows = parsed_rows(to_xml(rows), "xml")
    json_vars, json_rows = parsed_rows(to_json(rows), "json")
    assert xml_vars == json_vars == rows.variables
    assert xml_rows == json_rows and len(xml_rows) == len(rows.rows)


HOSTILE = ["a < b & c > d", "]]> and </literal>", 'quotes " and \'', "line\r\nbreaks\rand\ttabs\n", "",
           "emoji \U0001F600 and e\u0301", "  spaced  "]


def test_xml_keeps_every_value_exactly_and_unbound_cells_unbound():
    terms = [Term.literal(v) for v in HOSTILE] + [
        Term.literal("chat", lang="fr"), Term.literal("-3.50", XSD + "decimal"), Term.literal("2025-01-31", XSD + "date"),
        Term.iri("https://example.org/a?b=1&c=2"), Term("bnode", "b0"), None]
    rows = Rows(["x", "y"], [(t, Term.literal("1", XSD + "integer") if i % 2 or t is None else None)
                             for i, t in enumerate(terms)] + [(None, None)])
    results = ElementTree.fromstring(to_xml(rows)).iter("{http://www.w3.org/2005/sparql-results#}result")
    assert len(list(results)) == len(rows.rows)  # the row with nothing bound too (rdflib's parsers skip it)
    _, xml_rows = parsed_rows(to_xml(rows), "xml")
    _, json_rows = parsed_rows(to_json(rows), "json")
    assert xml_rows == json_rows
    assert [str(r[0]) if r[0] is not None else None for r in xml_rows][:len(HOSTILE)] == HOSTILE  # \r kept
    assert xml_rows[len(HOSTILE)][0] == rdflib.Literal("chat", lang="fr")
    assert xml_rows[len(HOSTILE) + 1][0] == rdflib.Literal("-3.50", datatype=rdflib.XSD.decimal)
    assert xml_rows[-1] == (None, rdflib.Literal("1", datatype=rdflib.XSD.integer))


def test_xml_refuses_a_character_xml_cannot_carry_and_names_where():
    rows = Rows(["quote"], [(Term.literal("fine"),), (Term.literal("bell \x07 here"),)])
    with pytest.raises(KgError, match=r"row 2, \?quote: the value holds U\+0007.*use -f json"):
        to_xml(rows)


@pytest.mark.parametrize("answer", ["true", "false"])
def test_ask_answers_are_booleans_in_xml_and_json(answer):
    rows = Rows(["result"], [(Term.literal(answer, XSD + "boolean"),)])
    for fmt, text in (("xml", format_answer(rows, "xml", "ASK")), ("json", format_answer(rows, "json", "ASK"))):
        result = Result.parse(io.BytesIO(text.encode()), format=fmt)
        assert result.type == "ASK" and result.askAnswer is (answer == "true")


# -- CONSTRUCT and DESCRIBE answers as RDF -----------------------------------------------------------------------

def test_query_form_is_read_past_the_prologue_comments_strings_and_iris():
    assert query_form(CONSTRUCT) == "CONSTRUCT"
    assert query_form("PREFIX ask: <http://x/select> # SELECT\ndescribe ask:a") == "DESCRIBE"
    assert query_form("BASE <construct> SELECT ?ask WHERE { ?ask ?p 'CONSTRUCT' }") == "SELECT"
    assert query_form('ask { ?s ?p "select" }') == "ASK"


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_construct_answer_parses_to_the_graph_rdflib_constructs(seed_store, fmt):
    expected = seed_graph(seed_store).query(CONSTRUCT).graph
    assert len(expected) > 20 and any(isinstance(s, rdflib.BNode) for s in expected.subjects())
    out = format_answer(seed_store.select(CONSTRUCT), fmt, query_form(CONSTRUCT))
    assert isinstance(out, bytes)
    assert isomorphic(rdflib.Graph().parse(data=out.decode("utf-8"), format=RDFLIB_FORMATS[fmt]), expected)
    by_oxigraph = as_rdflib(Rows(["s", "p", "o"], [
        tuple(Term(*_kind(n)) for n in (t.subject, t.predicate, t.object))
        for t in ox.parse(out, format=OX_FORMATS[fmt])]))
    assert isomorphic(by_oxigraph, expected)


def _kind(node) -> tuple:
    """A pyoxigraph term as the fields of a Term."""
    if isinstance(node, ox.NamedNode):
        return ("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return ("bnode", node.value)
    if node.language:
        return ("literal", node.value, None, node.language)
    return ("literal", node.value, None if node.datatype.value == XSD + "string" else node.datatype.value)


def test_describe_answer_is_the_engines_description_as_turtle(seed_store):
    text = "DESCRIBE <https://w3id.org/climate-commitments/id/org-netflix>"
    rows = seed_store.select(text)
    out = format_answer(rows, None, query_form(text))  # no format given: Turtle
    assert out.startswith(b"@prefix") and len(rows.rows) > 3
    assert isomorphic(rdflib.Graph().parse(data=out.decode(), format="turtle"), as_rdflib(rows))


def test_a_graph_format_for_rows_and_xml_for_a_graph_are_refused(seed_store):
    rows = seed_store.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    with pytest.raises(KgError, match=r"^-f turtle: the answer to a SELECT query is rows .*not a graph"):
        format_answer(rows, "turtle", "SELECT")
    with pytest.raises(KgError, match=r"^-f nt: the answer to an ASK query is a yes or no"):
        format_answer(rows, "nt", "ASK")
    with pytest.raises(KgError, match=r"^-f xml: SPARQL XML results are for SELECT and ASK; the answer to a "
                                      r"CONSTRUCT query is a graph"):
        format_answer(seed_store.select(CONSTRUCT), "xml", "CONSTRUCT")
    table = format_answer(seed_store.select(CONSTRUCT), "table", "CONSTRUCT")  # as before: its triples as rows
    assert table.splitlines()[0].split() == ["subject", "predicate", "object"]


# -- the table for people -----------------------------------------------------------------------------------------

LONG = "The company said it would reach net zero across its value chain by 2040, " * 4


def test_plain_table_holds_every_value_whole_without_colour_or_box_lines():
    rows = Rows(["org", "quote"], [(Term.iri(f"{CCKG}Org{i}"), Term.literal(LONG + str(i))) for i in range(3)])
    text = to_table(rows)
    assert not ANSI.search(text) and not BOX.search(text)
    lines = text.splitlines()
    assert lines[0].split() == ["org", "quote"] and lines[-1] == "(3 rows)"
    for i, line in enumerate(lines[1:4]):
        assert line == f"cckg:Org{i}  {LONG}{i}".rstrip()  # aligned: the CURIEs have the same length
    assert max(len(line) for line in lines) > 300  # nothing cut at 80 characters


def test_plain_columns_are_aligned_by_display_width():
    text = text_table(["name", "n"], [["\u4e2d\u6587", "1"], ["abcd", "22"]], right=(1,))
    assert text.splitlines() == ["name   n", "\u4e2d\u6587   1", "abcd  22"]  # two CJK characters take 4 cells


def test_control_characters_are_spelled_out_not_sent_to_the_terminal():
    rows = Rows(["x"], [(Term.literal("red \x1b[31mtext\x1b[0m\nnext\tline\x07"),)])
    for text in (to_table(rows), to_table(rows, terminal=True, width=80)):
        assert "\x1b[31m" not in text and "\x07" not in text
        assert "red \\x1b[31mtext\\x1b[0m\\nnext\\tline\\x07" in text
    assert shown("a\r\nb") == "a\\r\\nb"


def column_of(text: str, at: int) -> list[str]:
    """The wrapped pieces of the column starting at character `at` of each body line of a drawn table."""
    body = text.splitlines()[2:-1]  # after the headings and their rule, before `(N rows)`
    return [line[at:].strip() for line in body]


def test_terminal_table_wraps_long_values_within_the_width_and_loses_nothing(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    iri = "https://example.org/" + "x" * 70
    rows = Rows(["id", "quote", "iri"], [(Term.literal("a1"), Term.literal(LONG), Term.iri(iri))])
    text = to_table(rows, terminal=True, width=60)
    lines = text.splitlines()
    assert all(len(line) <= 60 for line in lines) and len(lines) > 6
    assert BOX.search(lines[1]) and not ANSI.search(text)  # a rule under the headings, no colour with NO_COLOR
    quote_at, iri_at = lines[0].index("quote"), lines[0].index("iri")
    pieces = [line[quote_at:iri_at].strip() for line in lines[2:-1]]
    assert " ".join(p for p in pieces if p) == LONG.strip()  # wrapped between words, every word kept
    assert "".join(line[iri_at:].strip() for line in lines[2:-1]) == f"<{iri}>"  # folded, every character kept


def test_terminal_table_is_coloured_unless_no_color(monkeypatch):
    rows = Rows(["x"], [(Term.literal("v"),)])
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert ANSI.search(to_table(rows, terminal=True, width=40))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(to_table(rows, terminal=True, width=40))
    assert not ANSI.search(to_table(rows))


def test_a_terminal_too_narrow_for_every_column_gets_whole_lines_not_dropped_columns():
    heads = [f"column{i}" for i in range(30)]
    text = text_table(heads, [[f"value-{i}-abcdef" for i in range(30)]], terminal=True, width=80)
    assert all(f"value-{i}-abcdef" in text for i in range(30)) and all(h in text for h in heads)


# -- through the command line ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = built_copy(tmp_path_factory.mktemp("formats"))
    (project.root / "construct.rq").write_text(CONSTRUCT, encoding="utf-8")
    (project.root / "ask.rq").write_text(f"PREFIX cckg: <{CCKG}>\nASK {{ ?p a cckg:NetZeroPledge }}\n", encoding="utf-8")
    return project


def kg_in(project, *args: str):
    return kg("--root", str(project.root), *args, env={"KG_BUILD_DIR": ""})


def test_kg_query_writes_a_construct_answer_as_rdf(built, seed_store):
    expected = seed_graph(seed_store).query(CONSTRUCT).graph
    default = kg_in(built, "query", str(built.root / "construct.rq"))
    assert default.returncode == 0, default.stderr
    assert isomorphic(rdflib.Graph().parse(data=default.stdout, format="turtle"), expected)  # Turtle by default
    for fmt in ("nt", "jsonld"):
        res = kg_in(built, "query", str(built.root / "construct.rq"), "-f", fmt)
        assert res.returncode == 0, res.stderr
        assert isomorphic(rdflib.Graph().parse(data=res.stdout, format=RDFLIB_FORMATS[fmt]), expected)
    jsonld = json.loads(kg_in(built, "query", str(built.root / "construct.rq"), "-f", "jsonld").stdout)
    assert "@context" in jsonld


def test_kg_query_select_and_ask_as_xml_results(built):
    xml = kg_in(built, "query", "pledges_by_target_year", "-f", "xml")
    js = kg_in(built, "query", "pledges_by_target_year", "-f", "json")
    assert xml.returncode == js.returncode == 0, xml.stderr + js.stderr
    assert xml.stdout.startswith('<?xml version="1.0"')
    xml_vars, xml_rows = parsed_rows(xml.stdout, "xml")
    assert (xml_vars, xml_rows) == parsed_rows(js.stdout, "json") and len(xml_rows) >= 5
    for fmt in ("xml", "json"):
        res = kg_in(built, "query", str(built.root / "ask.rq"), "-f", fmt)
        assert res.returncode == 0, res.stderr
        assert Result.parse(io.BytesIO(res.stdout.encode()), format=fmt).askAnswer is True


@pytest.mark.parametrize("query, fmt, says", [
    ("pledges_by_target_year", "turtle", "-f turtle: the answer to a SELECT query is rows of variable bindings"),
    ("construct.rq", "xml", "-f xml: SPARQL XML results are for SELECT and ASK"),
])
def test_kg_query_refuses_a_format_the_answer_cannot_take_in_one_line(built, query, fmt, says):
    target = str(built.root / query) if query.endswith(".rq") else query
    res = kg_in(built, "query", target, "-f", fmt)
    assert res.returncode == 2 and res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1 and says in res.stderr


def test_kg_query_table_in_a_pipe_is_plain_and_whole(built):
    table = kg_in(built, "query", "quotes_mentioning", "-p", "text=net", "-f", "table")
    js = json.loads(kg_in(built, "query", "quotes_mentioning", "-p", "text=net", "-f", "json").stdout)
    assert table.returncode == 0, table.stderr
    assert not ANSI.search(table.stdout) and not BOX.search(table.stdout)
    bindings = js["results"]["bindings"]
    assert table.stdout.endswith(f"({len(bindings)} rows)\n") and len(bindings) >= 3
    literals = {c["value"] for b in bindings for c in b.values()
                if c["type"] == "literal" and not re.search("[\x00-\x1f\x7f-\x9f]", c["value"])}  # shown as is
    assert any(len(v) > 80 for v in literals)
    assert all(v in table.stdout for v in literals)  # every value whole, the long quotes too


def test_the_web_offers_the_same_xml_results_as_a_download(seed_store):
    from kg.web.results import DOWNLOADS, download

    rows = run(seed_store, saved_queries(ROOT / "queries")["pledges_by_target_year"])
    response = download(rows, "xml", "pledges_by_target_year")
    assert response.type.startswith("application/sparql-results+xml") and "xml" in DOWNLOADS
    assert ('Content-Disposition', 'attachment; filename="pledges_by_target_year.xml"') in response.headers
    assert parsed_rows(response.body, "xml") == parsed_rows(to_json(rows), "json")
    template = (ROOT / "kg" / "web" / "templates" / "query.html").read_text(encoding="utf-8")
    assert "downloads.xml" in template
