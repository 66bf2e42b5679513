"""The charts of the web pages (kg.web.charts, templates/_chart.html, the vendored vega libraries): the
specs' data on the curated graph, the table beside each chart holding the same records, the spec's
JSON unable to close its <script> element, the vendored files as the README records them, and every
spec drawn to SVG by those very files (in Node, the same code a browser runs)."""
from __future__ import annotations

import hashlib
import html.parser
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jinja2
import pytest

from kg.errors import KgError
from kg.sparql import load_query, run
from kg.store.embedded import Store
from kg.web import charts

from ..conftest import ROOT
from ..stores import require

K = "https://w3id.org/climate-commitments/id/"
WEB = ROOT / "kg" / "web"
VENDOR = WEB / "static" / "vendor"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "</script><script>alert(1)</script><!-- & '"

# A small graph beside the curated one: a percentage pledge with a baseline figure, a pledge whose
# baseline year has no figure, and labels written to break out of a <script> block.
FIXTURE = f"""@prefix cckg: <https://w3id.org/climate-commitments/ontology#> .
@prefix kgr: <{K}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kgr:org-acme rdfs:label "Acme {HOSTILE}"@en .
kgr:category-hostile a cckg:EmissionCategory ; rdfs:label "scope {HOSTILE}"@en .
kgr:emission-acme-2019 a cckg:EmissionFigure ; cckg:emittedBy kgr:org-acme ; cckg:reportingYear 2019 ;
    cckg:amount 120.0 ; cckg:unit cckg:KilotonneCO2e ; cckg:emissionCategory cckg:TotalEmissions .
kgr:emission-acme-2022 a cckg:EmissionFigure ; cckg:emittedBy kgr:org-acme ; cckg:reportingYear 2022 ;
    cckg:amount 100000 ; cckg:unit cckg:TonneCO2e ; cckg:emissionCategory cckg:TotalEmissions .
kgr:emission-acme-2022-hostile a cckg:EmissionFigure ; cckg:emittedBy kgr:org-acme ; cckg:reportingYear 2022 ;
    cckg:amount 5 ; cckg:unit cckg:KilotonneCO2e ; cckg:emissionCategory kgr:category-hostile .
kgr:pledge-acme-half-2030 a cckg:EmissionReductionPledge ; cckg:madeBy kgr:org-acme ;
    cckg:targetYear 2030 ; cckg:baselineYear 2019 ; cckg:targetPercentage 42.5 .
kgr:pledge-acme-net-zero-2050 a cckg:NetZeroPledge ; cckg:madeBy kgr:org-acme ;
    cckg:targetYear 2050 ; cckg:baselineYear 2015 .
kgr:pledge-acme-recycling-2030 a cckg:WasteRecyclingPledge ; cckg:madeBy kgr:org-acme ; cckg:targetYear 2030 .
"""


@pytest.fixture(scope="module")
def acme(project) -> Store:
    store = Store.memory()
    for path in project.ontology_files():
        store.load_turtle(path, "urn:test:ontology")
    store.load_turtle_bytes(FIXTURE.encode(), "urn:test:acme", "acme.ttl")
    return store


def records(chart: dict, kind: str | None = None) -> list[dict]:
    return [v for v in chart["spec"]["data"]["values"] if kind is None or v["kind"] == kind]


def points(chart: dict, *kinds: str) -> list[tuple]:
    return [(v["year"], v["tCO2e"]) for v in records(chart) if v["kind"] in kinds]


def render(chart: dict, **context) -> str:
    """The partial rendered by Jinja2 as the site renders it (autoescape on)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(WEB / "templates"), autoescape=True)
    return env.get_template("_chart.html").render(chart=chart, **context)


class Parsed(html.parser.HTMLParser):
    """The script elements (attributes and text) and the table cells of a rendered partial."""

    def __init__(self, markup: str):
        super().__init__()
        self.scripts, self.rows = [], []
        self.cell: list[str] | None = None
        self.in_script = False
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append([dict(attrs), ""])
            self.in_script = True
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
        if tag in ("td", "th") and self.cell is not None:
            if tag == "td":
                self.rows[-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1][1] += data
        if self.cell is not None:
            self.cell.append(data)


# -- the specs on the curated graph ------------------------------------------------------------

def test_amazon_emissions_chart_has_its_2019_to_2024_figures_and_its_pledge_trajectory_to_zero_in_2040(
        seed_store):
    chart = charts.emissions_chart(seed_store, K + "org-amazon")
    assert chart["id"] == "chart-emissions" and chart["spec"]["$schema"].endswith("vega-lite/v6.json")
    assert "Amazon" in chart["title"] and "2019–2024" in chart["title"]
    # 68.25 Mt in 2024 as reported; 2023 and 2019 worked out from the +6 % and +33.3 % the article gives
    assert points(chart, "reported") == [(2024, 68_250_000)]
    assert points(chart, "worked out") == [(2019, round(68_250_000 / 1.333)), (2023, round(68_250_000 / 1.06))]
    assert {v["series"] for v in records(chart, "reported")} == {"total emissions"}
    trajectory = records(chart, "trajectory")
    assert [(v["year"], v["tCO2e"]) for v in trajectory] == [(2019, round(68_250_000 / 1.333)), (2040, 0)]
    assert {v["series"] for v in trajectory} == {"pledge: net zero by 2040"}
    assert "announced" in trajectory[0]["note"], "a pledge without a baseline year starts at its announcement"
    assert records(chart, "target year") == []


def test_netflix_trajectory_starts_at_the_last_figure_before_its_pledge_and_its_breakdown_has_three_shares(
        seed_store):
    chart = charts.emissions_chart(seed_store, K + "org-netflix")
    assert points(chart, "reported") == [(2020, 1_100_000)]
    assert points(chart, "trajectory") == [(2020, 1_100_000), (2022, 0)]  # announced 2021: no 2021 figure
    assert "the last before the pledge was announced in 2021" in records(chart, "trajectory")[0]["note"]
    breakdown = charts.breakdown_chart(seed_store, K + "org-netflix")
    assert [(v["percentage"], v["tCO2e"], v["year"]) for v in records(breakdown)] == [
        (50, 550_000, 2020), (45, 495_000, 2020), (5, 55_000, 2020)]
    assert breakdown["spec"]["mark"]["type"] == "bar"


def test_a_percentage_pledge_runs_from_its_baseline_figure_to_baseline_times_one_minus_the_percentage(acme):
    chart = charts.emissions_chart(acme, K + "org-acme")
    half = [v for v in records(chart, "trajectory") if v["series"] == "pledge: -42.5 % by 2030"]
    assert [(v["year"], v["tCO2e"]) for v in half] == [(2019, 120_000), (2030, 69_000)]  # 120 kt x (1 - 0.425)
    assert sorted(points(chart, "reported")) == [(2019, 120_000), (2022, 5_000), (2022, 100_000)]
    assert "recycling" not in json.dumps(records(chart)), "a waste-recycling pledge is no emissions level"


def test_without_a_baseline_figure_the_target_year_is_a_rule_and_the_caption_says_so(acme):
    chart = charts.emissions_chart(acme, K + "org-acme")
    rules = records(chart, "target year")
    assert [(v["series"], v["year"], v["tCO2e"]) for v in rules] == [("pledge: net zero by 2050", 2050, None)]
    assert "no baseline figure for the net zero pledge" in chart["caption"] and "2050" in chart["caption"]
    rule_layers = [layer for layer in chart["spec"]["layer"] if layer["mark"]["type"] == "rule"]
    assert rule_layers and rule_layers[0]["transform"] == [{"filter": {"field": "kind", "oneOf": ["target year"]}}]


def test_nothing_to_draw_gives_none(seed_store):
    assert charts.emissions_chart(seed_store, K + "org-xiaomi") is None  # no emission figure in tonnes
    assert charts.breakdown_chart(seed_store, K + "org-amazon") is None  # no shares
    assert charts.emissions_chart(seed_store, K + "org-no-such-organisation") is None
    assert charts.pledges_by_year_chart(Store.memory()) is None


def test_the_organisation_is_bound_as_an_rdf_term_never_pasted(seed_store):
    pasted = K + "org-amazon> ?p ?o } #"
    with pytest.raises(KgError, match="not a valid IRI"):
        charts.emissions_chart(seed_store, pasted)
    with pytest.raises(KgError, match="not a valid IRI"):
        charts.breakdown_chart(seed_store, pasted)


def test_pledges_by_year_counts_what_the_saved_query_pledges_by_target_year_lists(seed_store):
    chart = charts.pledges_by_year_chart(seed_store)
    listed = run(seed_store, load_query(ROOT / "queries" / "pledges_by_target_year.rq")).dicts()
    expected: dict[tuple[int, str], set] = {}
    for row in listed:
        if row["type"].value.endswith("#Pledge"):
            continue
        expected.setdefault((int(row["targetYear"].value), row["typeLabel"].value), set()).add(row["pledge"])
    assert {(v["year"], v["type"]): v["pledges"] for v in records(chart)} == \
        {key: len(pledges) for key, pledges in expected.items()}
    assert (2040, "net-zero pledge") in expected and len(records(chart)) >= 5


# -- the partial -------------------------------------------------------------------------------

def test_the_table_holds_exactly_the_charts_data(seed_store):
    for chart in (charts.emissions_chart(seed_store, K + "org-amazon"),
                  charts.breakdown_chart(seed_store, K + "org-netflix"), charts.pledges_by_year_chart(seed_store)):
        fields = [name for name, _ in charts.FIELDS[chart["id"]]]
        assert chart["rows"] == [[v[f] for f in fields] for v in records(chart)]
        parsed = Parsed(render(chart))
        shown = [row for row in parsed.rows if row]
        assert len(shown) == len(chart["rows"]) and len(parsed.rows) == len(chart["rows"]) + 1  # + the headings
        for cells, values in zip(shown, chart["rows"]):
            assert len(cells) == len(values)
            for cell, value in zip(cells, values):
                if isinstance(value, (int, float)):
                    assert cell.replace(",", "") == str(value), (chart["id"], cells, values)
                else:
                    assert cell == ("" if value is None else value), (chart["id"], cells, values)


def test_a_label_holding_a_closing_script_tag_cannot_break_out_of_the_script_block(acme):
    chart = charts.emissions_chart(acme, K + "org-acme")
    naive = json.dumps(chart["spec"])
    assert "</script>" in naive and "<!--" in naive, "the fixture's labels do reach the spec"
    markup = render(chart)
    parsed = Parsed(markup)
    data_blocks = [text for attrs, text in parsed.scripts if attrs.get("type") == "application/json"]
    sources = [attrs.get("src") for attrs, _ in parsed.scripts if "src" in attrs]
    assert len(parsed.scripts) == 1 + len(sources), "no script element but the data block and the vendored files"
    assert json.loads(data_blocks[0]) == chart["spec"], "the block holds the whole spec, unbroken"
    assert markup.count("</script>") == len(parsed.scripts)
    assert "&lt;/script&gt;" in markup, "the title is escaped as text in the figcaption"


def test_the_scripts_are_the_vendored_files_and_can_be_left_out(seed_store):
    chart = charts.pledges_by_year_chart(seed_store)
    sources = [a["src"] for a, _ in Parsed(render(chart)).scripts if "src" in a]
    assert sources == list(charts.SCRIPTS)
    for src in sources:
        assert src.startswith("/static/") and (WEB / src[1:]).is_file(), f"{src}: served from kg/web/static"
    assert [a for a, _ in Parsed(render(chart, chart_scripts=False)).scripts if "src" in a] == []


# -- the vendored files ------------------------------------------------------------------------

def vendored() -> list[dict]:
    """The rows of kg/web/static/vendor/README.md's table."""
    lines = (VENDOR / "README.md").read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| package |"))
    names = [c.strip() for c in lines[header].strip("|").split("|")]
    rows = []
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        rows.append(dict(zip(names, (c.strip() for c in line.strip("|").split("|")))))
    return rows


def test_the_vendored_files_match_the_sha256_in_the_readme_and_carry_their_licences():
    rows = vendored()
    assert [r["package"] for r in rows] == ["vega", "vega-lite", "vega-embed"]
    for row in rows:
        assert re.fullmatch(r"\d+\.\d+\.\d+", row["version"]), row
        data = (VENDOR / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"] and len(data) == int(row["bytes"]), row["file"]
        assert f'"{row["version"]}"' in data.decode("utf-8"), f"{row['file']} is version {row['version']}"
        licence = (VENDOR / row["licence file"]).read_bytes()
        assert hashlib.sha256(licence).hexdigest() == row["licence sha256"]
        assert row["licence"] == "BSD-3-Clause" and b"Redistribution and use in source and binary forms" in licence
    assert sorted(p.name for p in VENDOR.iterdir()) == sorted(
        ["README.md", *(r["file"] for r in rows), *(r["licence file"] for r in rows)])


def test_the_vendor_script_pins_the_versions_the_readme_records():
    script = (ROOT / "scripts" / "vendor-js").read_text(encoding="utf-8")
    pins = re.search(r'^PINS="([^"]+)"', script, re.M).group(1).split()
    assert pins == [f"{r['package']}@{r['version']}" for r in vendored()]


# -- drawn by the vendored libraries -----------------------------------------------------------

RENDER = r"""
const vm = require("vm"), fs = require("fs"), path = require("path");
const [vendor, specsFile] = process.argv.slice(-2);
const ctx = vm.createContext({console, setTimeout, clearTimeout, structuredClone, URL, TextEncoder, TextDecoder});
ctx.globalThis = ctx; ctx.self = ctx;  // the browser builds set their globals on it
for (const name of ["vega.min.js", "vega-lite.min.js"]) {
  vm.runInContext(fs.readFileSync(path.join(vendor, name), "utf8"), ctx, {filename: name});
}
ctx.specs = JSON.parse(fs.readFileSync(specsFile, "utf8"));
ctx.done = (out) => console.log(JSON.stringify(out));
vm.runInContext(`Promise.all(specs.map(async (spec) => {
  const warnings = [];
  const logger = {level() { return this; }, warn(...a) { warnings.push(a.join(" ")); }, info() {}, debug() {},
                  error(...a) { warnings.push("error: " + a.join(" ")); }};
  const compiled = vegaLite.compile(spec, {logger}).spec;
  const view = new vega.View(vega.parse(compiled, null, {ast: true}),
                             {renderer: "none", logger, expr: vega.expressionInterpreter});
  const svg = await view.toSVG();
  view.finalize();
  return {warnings, svg};
})).then(done)`, ctx);
"""


def drawn(specs: list[dict], tmp_path: Path) -> list[dict]:
    """Each spec compiled by the vendored vega-lite and drawn to SVG by the vendored vega (Node, with
    the expression interpreter the pages use); a fixed width stands in for the page's container."""
    node = require("node", "nodejs")
    path = tmp_path / "specs.json"
    path.write_text(json.dumps([{**s, "width": 600} for s in specs]), encoding="utf-8")
    done = subprocess.run([node, "-e", RENDER, str(VENDOR), str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def marks(svg: str) -> dict[str, list[ET.Element]]:
    """The data marks of a drawn chart by mark group class (layer_2_layer_1_marks...)."""
    root = ET.fromstring(svg)
    return {g.get("class").split()[-1]: list(g) for g in root.iter(SVG + "g") if "role-mark" in (g.get("class") or "")}


def test_every_chart_is_drawn_by_the_vendored_libraries_without_a_warning(seed_store, acme, tmp_path):
    made = [charts.emissions_chart(seed_store, K + "org-amazon"), charts.breakdown_chart(seed_store, K + "org-netflix"),
            charts.pledges_by_year_chart(seed_store), charts.emissions_chart(acme, K + "org-acme")]
    amazon, breakdown, home, acme_chart = drawn([c["spec"] for c in made], tmp_path)
    for out in (amazon, breakdown, home, acme_chart):
        assert out["warnings"] == []
    groups = marks(amazon["svg"])
    labels = {key: [m.get("aria-label") for m in items] for key, items in groups.items()}
    assert len(groups["layer_0_layer_1_marks"]) == 3, "three figure points: 2019, 2023, 2024"
    trajectory = groups["layer_2_layer_1_marks"]
    assert [m.get("transform") for m in trajectory][-1] == "translate(600,280)", "2040 at 0: the bottom right"
    assert "year: 2040; tCO2e: 0;" in labels["layer_2_layer_1_marks"][-1]
    assert len(marks(breakdown["svg"])["marks"]) == 3
    assert len(marks(home["svg"])["marks"]) == len(records(made[2]))
    rules = [items for key, items in marks(acme_chart["svg"]).items() if items and items[0].tag == SVG + "line"]
    assert rules and len(rules[0]) == 1, "the target year without a baseline figure is one rule"


class Counting:
    """A query source with a `key`, as kg.web.source's are, counting the queries it answers."""

    def __init__(self, store: Store, key: str):
        self.store, self.key, self.queries = store, key, 0

    def select(self, sparql: str):
        self.queries += 1
        return self.store.select(sparql)


def test_charts_are_remembered_per_source_key_and_made_again_when_the_key_changes(seed_store):
    source = Counting(seed_store, "build-1")
    first = charts.emissions_chart(source, K + "org-amazon")
    asked = source.queries
    assert asked >= 2 and charts.emissions_chart(source, K + "org-amazon") is first and source.queries == asked
    charts.emissions_chart(source, K + "org-netflix")
    assert source.queries > asked, "another organisation is another chart"
    source.key, asked = "build-2", source.queries
    assert charts.emissions_chart(source, K + "org-amazon") == first and source.queries > asked
    home = charts.pledges_by_year_chart(source)
    assert charts.pledges_by_year_chart(source) is home
