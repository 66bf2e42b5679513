"""Saved queries as forms (/queries, /queries/<name>) and the SPARQL editor (/sparql), over HTTP through a
real `kg serve` of the curated build; a few checks of the pieces (cells, the form's reading of a query)."""
from __future__ import annotations

import csv
from html.parser import HTMLParser
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.sparql import saved_queries
from kg.store.embedded import Rows, Term
from kg.web import results
from kg.web.forms import predicates_of, query_form
from kg.web.results import PAGE_SIZE, Answers, cell

from ..conftest import ROOT, kg

QUERIES = saved_queries(ROOT / "queries")
INJECTION = '") } UNION { ?s ?p ?o } #'


# -- a small HTML tree (the standard library's parser): enough to find elements and read their text --
class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None, **attrs) -> list["Node"]:
        found = []
        for c in self.children:
            if isinstance(c, Node):
                classes = c.attrs.get("class", "").split()
                if (tag is None or c.tag == tag) and all(
                        (v in classes) if k == "class_" else c.attrs.get(k) == v for k, v in attrs.items()):
                    found.append(c)
                found += c.all(tag, **attrs)
        return found

    def one(self, tag: str | None = None, **attrs) -> "Node":
        found = self.all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}> elements"
        return found[0]


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.at = Node("#document", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_endtag(self, tag):
        at = self.at
        while at is not None and at.tag != tag:
            at = at.parent
        if at is not None and at.parent is not None:
            self.at = at.parent

    def handle_data(self, data):
        self.at.children.append(data)


def parse(html: str) -> Node:
    tree = Tree()
    tree.feed(html)
    return tree.root


def get(base: str, path: str, **params) -> tuple[int, str, str]:
    """(status, content type, body) of a GET, 4xx and 5xx included."""
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/html"}), timeout=60) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


def post(base: str, path: str, **form) -> tuple[int, str]:
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(base + path, data=data, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def table_rows(page: Node) -> list[list[str]]:
    table = page.one("table", class_="results")
    return [[td.text().strip() for td in tr.all("td")] for tr in table.one("tbody").all("tr")]


def words(text: str) -> str:
    return " ".join(text.split())


# -- /queries --------------------------------------------------------------------------------------
def test_the_list_shows_every_saved_query_with_its_summary_description_and_tags(web_server):
    status, ctype, body = get(web_server, "/queries")
    assert status == 200 and ctype.startswith("text/html")
    page = parse(body)
    shown = words(page.text())
    links = {a.attrs["href"] for a in page.all("a")}
    assert len(QUERIES) >= 20
    for name, query in QUERIES.items():
        assert f"/queries/{name}" in links, name
        assert words(query.summary) in shown, name
        description = query.meta.get("description")
        if description:  # whole, caveats included
            assert words(str(description)) in shown, name
        for tag in query.tags:
            assert tag in shown


# -- one form per saved query ------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_form_has_one_labelled_input_per_parameter(web_server, name):
    status, _, body = get(web_server, f"/queries/{name}")
    assert status == 200
    page = parse(body)
    form = page.one("form", class_="saved-query")
    assert form.attrs.get("method") == "get"
    controls = [c for c in form.all() if c.tag in ("input", "select", "textarea") and c.attrs.get("name")]
    names = [c.attrs["name"] for c in controls]
    assert sorted(names) == sorted(p.name for p in QUERIES[name].params)  # one each, nothing else
    labels = {label.attrs.get("for"): label.text().strip() for label in form.all("label")}
    for control in controls:
        assert control.attrs.get("id") in labels, control.attrs["name"]  # a <label for> names it
        assert labels[control.attrs["id"]]
    assert form.all("button", type="submit")
    assert page.one("pre").text() == QUERIES[name].text  # the SPARQL text, whole


def test_an_enumeration_is_a_select_and_an_iri_parameter_offers_labels(web_server):
    page = parse(get(web_server, "/queries/pledges_by_target_year")[2])
    select = page.one("select", name="type")
    values = [o.attrs.get("value") for o in select.all("option")]
    assert values == ["", *QUERIES["pledges_by_target_year"].params[0].choices]  # "(any)" first: optional
    org = page.one("input", name="org")
    datalist = page.one("datalist", id=org.attrs["list"])
    assert "Amazon" in [o.attrs["value"] for o in datalist.all("option")]


# -- running it ----------------------------------------------------------------------------------------
def test_pledges_by_target_year_2040_gives_amazons_pledge_linked_to_its_page(web_server):
    status, _, body = get(web_server, "/queries/pledges_by_target_year", year="2040")
    assert status == 200
    page = parse(body)
    table = page.one("table", class_="results")
    amazon = [tr for tr in table.all("tr") if "Amazon" in [td.text().strip() for td in tr.all("td")]]
    assert len(amazon) == 1
    hrefs = [a.attrs["href"] for a in amazon[0].all("a")]
    assert "/id/pledge-amazon-net-zero-2040" in hrefs
    assert "/id/org-amazon" in hrefs
    assert all(row[0] == "2040" for row in table_rows(page))
    assert "2 in all" in words(page.one(class_="count").text())
    assert page.one("input", name="year").attrs["value"] == "2040"  # the form keeps what was asked


def test_paging_fifty_rows_a_page_and_the_total(web_project, web_server):
    everything = kg("query", "quotes_mentioning", "-p", "text=e", "-f", "json", cwd=web_project.root)
    assert everything.returncode == 0, everything.stderr
    bindings = json.loads(everything.stdout)["results"]["bindings"]
    total = len(bindings)
    assert total > 2 * PAGE_SIZE  # three pages
    seen = []
    for number in (1, 2, 3):
        status, _, body = get(web_server, "/queries/quotes_mentioning", text="e", page=str(number))
        assert status == 200
        page = parse(body)
        rows = table_rows(page)
        assert len(rows) == (PAGE_SIZE if number < 3 else total - 2 * PAGE_SIZE)
        assert f"of {total} in all" in words(page.one(class_="count").text())
        paging = {a.attrs.get("rel"): a.attrs["href"] for a in page.one("nav", class_="paging").all("a")}
        assert ("next" in paging) == (number < 3) and ("prev" in paging) == (number > 1)
        if number < 3:
            assert f"page={number + 1}" in paging["next"] and "text=e" in paging["next"]
        seen += rows
    first = parse(get(web_server, "/queries/quotes_mentioning", text="e")[2])
    assert table_rows(first) == seen[:PAGE_SIZE]  # no page= is page 1
    exact = parse(get(web_server, "/queries/quotes_mentioning", text="e")[2]).one("table", class_="results")
    column = [th.text() for th in exact.one("thead").all("th")].index("exact")
    assert [row[column] for row in seen] == [b["exact"]["value"].strip() for b in bindings]  # in order, none lost
    status, _, body = get(web_server, "/queries/quotes_mentioning", text="e", page="99")
    assert status == 200 and "page 3 of 3" in words(parse(body).one(class_="count").text())  # past the end: the last


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("name, params", [("pledges_by_target_year", {"year": "2040"}),
                                          ("quotes_mentioning", {"text": "e"}),
                                          ("who_said_what", {})])
def test_downloads_give_the_rows_of_kg_query(web_project, web_server, tmp_path, fmt, name, params):
    out = tmp_path / f"answer.{fmt}"
    cli = kg("query", name, *[a for k, v in params.items() for a in ("-p", f"{k}={v}")], "-f", fmt, "-o", str(out),
             cwd=web_project.root)
    assert cli.returncode == 0, cli.stderr
    expected = out.read_bytes().decode("utf-8")
    status, ctype, body = get(web_server, f"/queries/{name}", **params, format=fmt)
    assert status == 200
    assert ctype.split(";")[0] == ("text/csv" if fmt == "csv" else "application/sparql-results+json")
    if fmt == "csv":
        assert list(csv.reader(io.StringIO(body, newline=""))) == list(csv.reader(io.StringIO(expected, newline="")))
        assert len(list(csv.reader(io.StringIO(body, newline="")))) > 1
        assert body == expected  # byte for byte: the same CRLF records and formula neutralisation
    else:
        assert json.loads(body) == json.loads(expected)
        assert json.loads(body)["results"]["bindings"]
    page = parse(get(web_server, f"/queries/{name}", **params, run="1")[2])  # as the submit button sends it
    links = [a.attrs["href"] for a in page.all("a", class_="download")]
    assert any(f"format={fmt}" in link for link in links)
    assert get(web_server, next(link for link in links if f"format={fmt}" in link))[2] == body  # the same file


def test_a_bad_value_gives_400_and_one_line_beside_its_field(web_server):
    status, ctype, body = get(web_server, "/queries/pledges_by_target_year", year="20x0")
    assert status == 400 and ctype.startswith("text/html")
    assert "Traceback" not in body
    page = parse(body)
    field = page.one("input", name="year").parent
    error = field.one(class_="field-error")
    message = error.text()
    assert "20x0" in message and "integer" in message and "\n" not in message.strip()
    assert page.one("input", name="year").attrs.get("aria-invalid") == "true"
    assert page.one("input", name="year").attrs["value"] == "20x0"  # shown back to be corrected
    assert error.attrs["id"] in page.one("input", name="year").attrs["aria-describedby"].split()
    assert not page.all("table", class_="results")
    assert len(page.all(class_="field-error")) == 1  # only the bad field


@pytest.mark.parametrize("params, field, words_in_message", [
    ({"org": "Nobody at all"}, "org", "nothing is labelled"),
    ({"type": "cckg:Pledge"}, "type", "not one of"),
    ({"text": ""}, "text", "required"),
    ({"asof": "2025-13-40"}, "asof", "not a date"),
])
def test_other_bad_values_each_beside_its_field(web_server, params, field, words_in_message):
    name = {"org": "pledges_by_target_year", "type": "pledges_by_target_year", "text": "quotes_mentioning",
            "asof": "pledges_past_deadline"}[field]
    status, _, body = get(web_server, f"/queries/{name}", **params)
    assert status == 400
    page = parse(body)
    control = page.one(name=field)
    assert words_in_message in control.parent.one(class_="field-error").text()


def test_an_unknown_parameter_or_page_is_refused_in_one_line(web_server):
    status, _, body = get(web_server, "/queries/pledges_by_target_year", yaer="2040", page="0")
    assert status == 400
    errors = [e.text() for e in parse(body).all(class_="form-error")]
    assert any("'yaer'" in e for e in errors) and any("page" in e for e in errors)
    assert get(web_server, "/queries/no_such_query")[0] == 404
    assert get(web_server, "/queries/pledges_by_target_year", year="2040", format="xlsx")[0] == 400


def test_an_injection_string_stays_a_literal(web_project, web_server):
    status, _, body = get(web_server, "/queries/quotes_mentioning", text=INJECTION)
    assert status == 200
    page = parse(body)
    assert not page.all("table", class_="results")  # no quote holds that text: no rows, not every triple
    assert "No rows" in page.one(class_="count").text()
    assert page.one("input", name="text").attrs["value"] == INJECTION  # shown back as it was typed
    cli = kg("query", "quotes_mentioning", "-p", f"text={INJECTION}", "-f", "json", cwd=web_project.root)
    assert json.loads(cli.stdout)["results"]["bindings"] == []
    # in an IRI parameter it is not an IRI and no label: refused beside its field
    status, _, body = get(web_server, "/queries/pledges_by_target_year", org="kgr:org-amazon> } UNION { ?s ?p ?o")
    assert status == 400 and parse(body).one(name="org").parent.all(class_="field-error")


# -- /sparql ---------------------------------------------------------------------------------------------
def test_the_editor_posts_a_textarea_to_query(web_server):
    status, _, body = get(web_server, "/sparql")
    assert status == 200
    page = parse(body)
    form = page.one("form", action="/query")
    assert form.attrs["method"] == "post"
    area = form.one("textarea", name="query")
    assert "SELECT" in area.text()
    assert page.one("label", **{"for": area.attrs["id"]})
    # what the textarea holds, posted as that form posts it, is answered by /query
    request = urllib.request.Request(web_server + "/query", data=urllib.parse.urlencode(
        {"query": area.text()}).encode(), headers={"Content-Type": "application/x-www-form-urlencoded",
                                                    "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as r:
        assert json.loads(r.read())["results"]["bindings"]


def test_the_editor_runs_here_read_only(web_server):
    text = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?org WHERE { "
            "?org rdfs:label \"Amazon\" }")
    status, body = post(web_server, "/sparql", query=text)
    assert status == 200
    page = parse(body)
    assert "/id/org-amazon" in [a.attrs["href"] for a in page.one("table", class_="results").all("a")]
    assert page.one("textarea", name="query").text() == text  # kept for the next edit
    status, body = post(web_server, "/sparql", query="DROP ALL")
    assert status == 400
    message = parse(body).one(class_="field-error").text()
    assert "read-only" in message or "update" in message.lower()
    status, body = post(web_server, "/sparql", query="SELECT * WHERE { ?s ?p }")
    assert status == 400 and "Traceback" not in body
    status, body = post(web_server, "/sparql", query="SELECT * WHERE { ?s ?p ?o }")  # thousands of rows
    assert status == 400 and "more than 1,000 rows" in parse(body).one(class_="field-error").text()
    status, body = post(web_server, "/sparql", query="SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert status == 400 and "SERVICE" in parse(body).one(class_="field-error").text()
    status, body = post(web_server, "/sparql", query=(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://w3id.org/climate-commitments/id/org-amazon>) }"))
    assert status == 200
    assert [v.text() for v in parse(body).one("table", class_="results").one("thead").all("th")] == [
        "subject", "predicate", "object"]


def test_the_editor_opens_a_saved_query(web_server):
    page = parse(get(web_server, "/queries/articles")[2])
    editor = [a.attrs["href"] for a in page.all("a") if a.attrs.get("href", "").startswith("/sparql?")]
    assert editor
    area = parse(get(web_server, editor[0])[2]).one("textarea", name="query")
    assert area.text() == QUERIES["articles"].text


# -- the pieces ------------------------------------------------------------------------------------------
def test_cells_link_our_iris_to_pages_and_never_other_schemes():
    assert cell(Term.iri("https://w3id.org/climate-commitments/id/org-amazon")).href == "/id/org-amazon"
    assert cell(Term.iri("https://w3id.org/climate-commitments/ontology#NetZeroPledge")).href == \
        "/ontology/NetZeroPledge"
    assert cell(Term.iri("https://www.wikidata.org/wiki/Q3884")).href == "https://www.wikidata.org/wiki/Q3884"
    assert cell(Term.iri("javascript:alert(1)")).href is None
    assert cell(Term.literal("=HYPERLINK(1)")).text == "=HYPERLINK(1)"  # HTML shows it as it is, escaped
    assert cell(None).text == ""


def test_an_iri_parameters_suggestions_come_from_where_it_stands():
    objects, subjects = predicates_of(QUERIES["pledges_by_target_year"], QUERIES["pledges_by_target_year"].params[1])
    assert objects == ["https://w3id.org/climate-commitments/ontology#madeBy"] and subjects == []
    provider = QUERIES["platform_dependencies"]
    objects, subjects = predicates_of(provider, provider.params[0])
    assert "https://w3id.org/climate-commitments/ontology#dependsOn" in subjects


def test_the_query_form_is_read_past_prefixes_and_comments():
    assert query_form("PREFIX select: <http://x/#select>\n# ASK me\nconstruct { } where { }") == "CONSTRUCT"
    assert query_form("SELECT * WHERE { ?s ?p ?o }") == "SELECT"


def test_the_forms_read_through_another_store_with_serve_endpoint(web_project, web_server, tmp_path):
    """`kg serve --endpoint URL`: the same form, the same rows, the same download, from a store kg push filled."""
    from ..servers import kg_serve, oxigraph_server

    with oxigraph_server(tmp_path / "oxigraph") as url:
        pushed = kg("push", "--endpoint", f"{url}/query", cwd=web_project.root)
        assert pushed.returncode == 0, pushed.stderr
        with kg_serve(web_project.root, "--endpoint", f"{url}/query") as (port, _):
            remote = f"http://127.0.0.1:{port}"
            here = parse(get(web_server, "/queries/pledges_by_target_year", year="2040")[2])
            status, _, body = get(remote, "/queries/pledges_by_target_year", year="2040")
            assert status == 200
            there = parse(body)
            assert table_rows(there) == table_rows(here) and table_rows(there)
            assert "Amazon" in [o.attrs["value"] for o in there.one("datalist").all("option")]
            csv_here = get(web_server, "/queries/pledges_by_target_year", year="2040", format="csv")[2]
            assert get(remote, "/queries/pledges_by_target_year", year="2040", format="csv")[2] == csv_here
            assert get(remote, "/queries/pledges_by_target_year", year="20x0")[0] == 400


def test_the_row_limit_of_kg_serve_applies_to_the_forms(web_project):
    """`kg serve --max-rows 3`: a saved query with more rows is refused in one line; fewer are answered."""
    from ..servers import kg_serve

    with kg_serve(web_project.root, "--max-rows", "3", "--workers", "1") as (port, _):
        base = f"http://127.0.0.1:{port}"
        status, _, body = get(base, "/queries/pledges_by_target_year", run="1")  # 6 rows
        assert status == 422 and "Traceback" not in body
        message = parse(body).one(class_="form-error").text()
        assert "3 rows" in message and "\n" not in message.strip()
        assert not parse(body).all("table", class_="results")
        assert get(base, "/queries/pledges_by_target_year", run="1", format="csv")[0] == 422  # no partial file
        status, _, body = get(base, "/queries/pledges_by_target_year", year="2040")  # 2 rows
        assert status == 200 and len(table_rows(parse(body))) == 2


def test_answers_are_kept_for_paging_within_a_row_budget(monkeypatch):
    monkeypatch.setattr(results, "CACHED_ROWS", 10)
    runs = []

    def answer(n):
        def compute():
            runs.append(n)
            return Rows(["x"], [(Term.literal(str(i)),) for i in range(n)])
        return compute

    kept = Answers()
    assert len(kept.get("a", answer(4)).rows) == 4 and len(kept.get("a", answer(4)).rows) == 4
    assert runs == [4]  # the second page did not run it again
    kept.get("b", answer(5))
    kept.get("c", answer(5))  # 4 + 5 + 5 > 10: the oldest ("a") goes
    kept.get("a", answer(4))
    assert runs == [4, 5, 5, 4]
    kept.get("big", answer(11))
    kept.get("big", answer(11))  # over the whole budget: never kept
    assert runs[-2:] == [11, 11]
