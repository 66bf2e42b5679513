"""The pages' charts: Vega-Lite specs with their data inline, and the same data as a table.

Each function reads through a query source (anything with `select(sparql) -> Rows`: the engines of
`kg serve`, a remote endpoint, an embedded Store) and returns a chart, a dict
`{"id", "title", "caption", "spec", "columns", "rows"}`, or None when there is nothing to draw. The spec's
`data.values` are the records of `FIELDS[chart id]`, and `rows` are those records as lists in the order
of `columns`: the table beside the chart holds exactly the chart's data. The templates render a chart
with `_chart.html`; the browser draws it with the vendored vega-embed (static/vendor/, static/charts.js).
Parameters are bound as RDF terms by kg.sparql (a VALUES block written by pyoxigraph's serialiser).
"""
from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal, InvalidOperation
from functools import lru_cache, wraps
import math
from pathlib import Path
import re

from ..iris import CCKG_NS
from ..sparql import SavedQuery, bind, load_query, with_values
from ..store.embedded import Term

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
SCRIPTS = ("/static/vendor/vega.min.js", "/static/vendor/vega-lite.min.js", "/static/vendor/vega-embed.min.js",
           "/static/charts.js")
# the record fields of each chart, with the table's column headings
FIELDS = {
    "chart-emissions": (("series", "Series"), ("year", "Year"), ("tCO2e", "Tonnes CO2e"), ("kind", "Kind"),
                        ("note", "Note")),
    "chart-breakdown": (("activity", "Activity"), ("year", "Year"), ("percentage", "Share (%)"),
                        ("tCO2e", "Tonnes CO2e")),
    "chart-pledges-by-year": (("year", "Target year"), ("type", "Type"), ("pledges", "Pledges")),
}
NET = {CCKG_NS + "NetZeroPledge": "net zero", CCKG_NS + "CarbonNeutralPledge": "carbon neutral"}
REDUCTION = CCKG_NS + "EmissionReductionPledge"
NEGATIVE = CCKG_NS + "CarbonNegativePledge"
TOTAL = CCKG_NS + "TotalEmissions"
LABEL_EN = 'FILTER(LANG(?{0}) = "" || LANGMATCHES(LANG(?{0}), "en"))'

PLEDGES = f"""PREFIX cckg: <{CCKG_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?pledge ?type ?label ?targetYear ?baselineYear ?percentage ?announced WHERE {{
  ?pledge cckg:madeBy ?org ;
          a ?type .
  OPTIONAL {{ ?pledge cckg:targetYear ?targetYear }}
  OPTIONAL {{ ?pledge cckg:baselineYear ?baselineYear }}
  OPTIONAL {{ ?pledge cckg:targetPercentage ?percentage }}
  OPTIONAL {{ ?pledge cckg:announcementDate ?announced }}
  OPTIONAL {{ ?pledge rdfs:label ?label {LABEL_EN.format("label")} }}
}} ORDER BY ?pledge ?type"""

# counted in a sub-SELECT before the labels are joined: 66 ms instead of 142 ms on the graph with both
# SBTi imports (2,371 pledges with a target year), the class path evaluated once on its own
PLEDGES_BY_YEAR = f"""PREFIX cckg: <{CCKG_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?year ?type ?typeLabel ?pledges WHERE {{
  {{ SELECT ?year ?type (COUNT(*) AS ?pledges) WHERE {{
      {{ SELECT ?type WHERE {{ ?type rdfs:subClassOf+ cckg:Pledge FILTER(?type != cckg:Pledge) }} }}
      ?pledge a ?type ;
              cckg:targetYear ?year .
    }} GROUP BY ?year ?type }}
  OPTIONAL {{ ?type rdfs:label ?typeLabel {LABEL_EN.format("typeLabel")} }}
}} ORDER BY ?year ?type"""
CACHE_SIZE = 512
_cache: OrderedDict = OrderedDict()


def cached(make):
    """`make(source, *args)` remembered per `source.key` (which changes when the served data does),
    for the sources that have one; the chart returned is shared: do not change it."""
    @wraps(make)
    def chart_of(source, *args, **kwargs):
        key = getattr(source, "key", None)
        if key is None:
            return make(source, *args, **kwargs)
        entry = (make.__name__, key, args, tuple(sorted(kwargs.items())))
        if entry not in _cache:
            _cache[entry] = make(source, *args, **kwargs)
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
        return _cache[entry]
    return chart_of


@lru_cache(maxsize=16)
def _query(path: Path, mtime: int) -> SavedQuery:
    return load_query(path)


def saved(name: str, queries_dir: Path | None = None) -> SavedQuery:
    """The saved query `name` (read again when its file changes)."""
    path = (queries_dir or QUERIES_DIR) / f"{name}.rq"
    return _query(path, path.stat().st_mtime_ns if path.exists() else 0)


def run_saved(source, name: str, params: dict[str, str], queries_dir: Path | None = None) -> list[dict]:
    """The rows of a saved query as dicts, its parameters bound as RDF terms (kg.sparql.params)."""
    query = saved(name, queries_dir)
    return run_bound(source, query.text, bind(query, params))


def run_bound(source, text: str, bindings: dict[str, Term]) -> list[dict]:
    """The rows of a query, `bindings` bound as RDF terms: beside the text for the pages' query source
    (the text stays the one the guard has seen; an IRI such as …-web-services costs no parse), in a
    VALUES block for a store."""
    from .source import Source

    if isinstance(source, Source):
        return source.select(text, bindings=bindings or None).dicts()
    return source.select(with_values(text, bindings)).dicts()


def number(term: Term | None) -> float | None:
    """A numeric literal's finite value (JSON has no NaN or infinity); None for anything else."""
    if term is None or term.kind != "literal":
        return None
    try:
        value = float(Decimal(term.value.strip()))
    except (InvalidOperation, ValueError):
        return None
    return value if math.isfinite(value) else None


def year_of(term: Term | None) -> int | None:
    """The year of an integer, xsd:gYear, xsd:gYearMonth or xsd:date literal."""
    if term is None or term.kind != "literal":
        return None
    digits = term.value.lstrip("+")[:4]
    return int(digits) if len(digits) == 4 and digits.isdigit() else None


def text(term: Term | None, default: str = "") -> str:
    return term.value if term is not None else default


def unit_words(unit: Term | None) -> str:
    """A unit IRI's local name as words: cckg:MegatonneCO2e -> "megatonne CO2e"."""
    name = text(unit).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return name[:1].lower() + name[1:]


def possessive(name: str, otherwise: str) -> str:
    """"Amazon’s", or `otherwise` without a name."""
    return f"{name}\u2019s" if name else otherwise


def tidy(value: float | None, places: int = 0) -> float | int | None:
    """A number as the chart and its table show it: whole numbers as int, others rounded."""
    if value is None:
        return None
    value = round(value, places)
    return int(value) if float(value).is_integer() else value


def chart(chart_id: str, title: str, caption: str, spec: dict, values: list[dict]) -> dict:
    """The chart dict: the spec with `values` inline, and the same records as table rows."""
    fields = FIELDS[chart_id]
    spec = {"$schema": SCHEMA, "description": title, "data": {"values": values}, **spec}
    return {"id": chart_id, "title": title, "caption": caption, "spec": spec,
            "columns": [heading for _, heading in fields],
            "rows": [[record[name] for name, _ in fields] for record in values]}


# -- emissions against pledges -----------------------------------------------------------------

def figures(rows: list[dict]) -> tuple[list[dict], str]:
    """The emission figures in tonnes CO2e (reported, or worked out from a reported change against a
    year the graph has no figure for), and the organisation's label."""
    label = next((text(r["orgLabel"]) for r in rows if r["orgLabel"] is not None), "")
    series = {}  # category IRI -> its label
    reported: dict[tuple[str, int], list[float]] = {}
    out = []
    for r in rows:
        category = text(r["category"])
        series.setdefault(category, text(r["categoryLabel"], "emissions"))
        tonnes, year = number(r["tCO2e"]), year_of(r["reportingYear"])
        if tonnes is not None and year is not None:
            reported.setdefault((category, year), []).append(tonnes)
            out.append({"series": series[category], "category": category, "year": year, "tCO2e": tidy(tonnes),
                        "kind": "reported", "note": f"reported as {text(r['amount'])} {unit_words(r['unit'])}"})
    worked: dict[tuple[str, int], dict] = {}
    for r in rows:
        category, year = text(r["category"]), year_of(r["reportingYear"])
        change, then = number(r["reportedChange"]), year_of(r["comparedToYear"])
        base = number(r["tCO2e"])
        if base is None and len(reported.get((category, year), [])) == 1:
            base = reported[(category, year)][0]
        if None in (base, change, then, year) or (category, then) in reported or change <= -100:
            continue
        worked.setdefault((category, then), {
            "series": series[category], "category": category, "year": then,
            "tCO2e": tidy(base / (1 + change / 100)), "kind": "worked out",
            "note": f"from the {change:+g} % reported for {year} against {then}"})
    out += worked.values()
    out.sort(key=lambda f: (f["series"], f["year"]))
    return out, label


def pledges(source, org_iri: str) -> list[dict]:
    """The organisation's pledges: types, label, target, baseline and announcement years, percentage."""
    found: dict[str, dict] = {}
    for r in run_bound(source, PLEDGES, {"org": Term.iri(org_iri)}):
        p = found.setdefault(r["pledge"].value, {"iri": r["pledge"].value, "types": set(), "label": text(r["label"]),
                                                 "target": year_of(r["targetYear"]),
                                                 "baseline": year_of(r["baselineYear"]),
                                                 "percentage": number(r["percentage"]),
                                                 "announced": year_of(r["announced"])})
        p["types"].add(text(r["type"]))
    return list(found.values())


def level(pledge: dict) -> tuple[str, float | None] | None:
    """What the pledge aims at, as a name and a fraction of the baseline (0 for net zero); None when the
    pledge is not about the level of emissions, a fraction of None when the graph does not say."""
    for iri, name in NET.items():
        if iri in pledge["types"]:
            return name, 0.0
    if REDUCTION in pledge["types"]:
        pct = pledge["percentage"]
        return (f"-{tidy(pct, 1)} %", 1 - pct / 100) if pct is not None else ("emission reduction", None)
    if NEGATIVE in pledge["types"]:
        return "carbon negative", None
    return None


def start(pledge: dict, totals: dict[int, int]) -> tuple[int, int, str] | None:
    """Where the pledge's trajectory starts: (year, tonnes, why), or None when the graph has no figure
    for it. A net pledge without a baseline year starts at the figure of the year it was announced, or
    else the last figure before it; a percentage is measured against the baseline year's figure only."""
    if pledge["baseline"] is not None:
        year = pledge["baseline"]
        return (year, totals[year], f"the {year} baseline figure") if year in totals else None
    if pledge["percentage"] is not None or pledge["announced"] is None:
        return None
    year = pledge["announced"]
    if year in totals:
        return year, totals[year], f"the {year} figure, the year the pledge was announced"
    before = [y for y in totals if y < year]
    if before:
        last = max(before)
        return last, totals[last], f"the {last} figure, the last before the pledge was announced in {year}"
    return None


def trajectories(found: list[dict], totals: dict[int, int]) -> tuple[list[dict], list[str]]:
    """Each emissions pledge with a target year as a line from its start to its level, or as a rule at
    its target year when the graph has no starting figure or level; and the notes for the caption."""
    records, notes, names = [], [], set()
    for p in sorted(found, key=lambda p: (p["target"] or 0, p["iri"])):
        aim = level(p)
        if aim is None or p["target"] is None:
            continue
        name = f"pledge: {aim[0]} by {p['target']}"
        if name in names:
            name += f" ({p['iri'].rsplit('/', 1)[-1]})"
        names.add(name)
        begin = start(p, totals) if aim[1] is not None else None
        if begin is None or begin[0] >= p["target"]:
            records.append({"series": name, "category": "", "year": p["target"], "tCO2e": None,
                            "kind": "target year", "note": p["label"] or name})
            missing = "no baseline figure for" if aim[1] is not None else "no level to aim at for"
            notes.append(f"The graph has {missing} the {aim[0]} pledge: its target year {p['target']} is "
                         "marked by a vertical line.")
            continue
        year, tonnes, why = begin
        records.append({"series": name, "category": "", "year": year, "tCO2e": tonnes, "kind": "trajectory",
                        "note": f"start: {why}"})
        records.append({"series": name, "category": "", "year": p["target"], "tCO2e": tidy(tonnes * aim[1]),
                        "kind": "trajectory", "note": f"target: {aim[0]} by {p['target']}"})
    return records, notes


def emissions_spec(kinds: set[str]) -> dict:
    """Figures as lines with points (worked-out ones circled by a diamond), trajectories dashed, target
    years as rules: a layer for each kind of record present (an empty layer has no extent)."""
    x = {"field": "year", "type": "quantitative", "title": "Year",
         "scale": {"zero": False, "nice": False}, "axis": {"format": "d", "tickMinStep": 1}}
    y = {"field": "tCO2e", "type": "quantitative", "title": "Tonnes CO2e", "axis": {"format": "~s"}}
    color = {"field": "series", "type": "nominal", "title": None, "legend": {"orient": "bottom", "columns": 1}}
    tooltip = [{"field": "series"}, {"field": "year", "format": "d"}, {"field": "tCO2e", "format": ",.0f"},
               {"field": "note"}]
    layers = (
        (("reported", "worked out"), {"type": "line", "point": {"size": 60}}, True),
        (("worked out",), {"type": "point", "shape": "diamond", "size": 160, "filled": False}, True),
        (("trajectory",), {"type": "line", "strokeDash": [6, 4], "point": True}, True),
        (("target year",), {"type": "rule", "strokeDash": [2, 3], "size": 2}, False),
    )
    return {
        "width": "container", "height": 280,
        "encoding": {"x": x},
        "layer": [{"transform": [{"filter": {"field": "kind", "oneOf": list(wanted)}}], "mark": mark,
                   "encoding": {**({"y": y} if with_y else {}), "color": color, "tooltip": tooltip}}
                  for wanted, mark, with_y in layers if kinds & set(wanted)],
    }


@cached
def emissions_chart(source, org_iri: str, queries_dir: Path | None = None) -> dict | None:
    """The organisation's emission figures over the years (tonnes CO2e, converted by the saved query
    emissions_history) against each pledge's trajectory; None when the graph has no figure in tonnes."""
    found, label = figures(run_saved(source, "emissions_history", {"org": org_iri}, queries_dir))
    if not found:
        return None
    totals_of = [f for f in found if f["category"] in (TOTAL, "")]
    totals = {f["year"]: f["tCO2e"] for f in totals_of}
    lines, notes = trajectories(pledges(source, org_iri), totals)
    years = sorted({f["year"] for f in found})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    title = f"{possessive(label, 'Its')} emissions, {span}{', against its pledges' if lines else ''}"
    caption = " ".join([
        "Tonnes of CO2 equivalent as the articles report them"
        + ("; diamonds are worked out from a reported change." if any(f["kind"] == "worked out" for f in found)
           else "."),
        *(["Dashed lines run from a starting figure to the level each pledge aims at (net zero: 0)."]
          if any(r["kind"] == "trajectory" for r in lines) else []),
        *notes])
    values = [{k: v for k, v in r.items() if k != "category"} for r in found + lines]
    return chart("chart-emissions", title, caption, emissions_spec({v["kind"] for v in values}), values)


# -- what the emissions come from --------------------------------------------------------------

@cached
def breakdown_chart(source, org_iri: str, queries_dir: Path | None = None) -> dict | None:
    """Shares of the organisation's emission figures by activity (saved query emission_breakdown)."""
    rows = run_saved(source, "emission_breakdown", {"org": org_iri}, queries_dir)
    values = [{"activity": text(r["activity"]), "year": year_of(r["reportingYear"]),
               "percentage": tidy(number(r["percentage"]), 1), "tCO2e": tidy(number(r["shareTCO2e"]))}
              for r in rows if number(r["percentage"]) is not None]
    if not values:
        return None
    label = next((text(r["orgLabel"]) for r in rows if r["orgLabel"] is not None), "")
    years = sorted({v["year"] for v in values if v["year"] is not None})
    title = (f"What {possessive(label, 'its')} emissions come from"
             f"{' (' + ', '.join(map(str, years)) + ')' if years else ''}")
    caption = ("Share of each reported figure by activity, in the curators' words; tonnes are the share of "
               "the figure, worked out here, not stated by the article.")
    several = len({v["year"] for v in values}) > 1
    encoding = {
        "y": {"field": "activity", "type": "nominal", "title": None, "sort": "-x",
              "axis": {"labelLimit": 260}},
        "x": {"field": "percentage", "type": "quantitative", "title": "Share of the figure (%)",
              "scale": {"domain": [0, 100]}},
        "tooltip": [{"field": "activity"}, {"field": "year", "format": "d"}, {"field": "percentage"},
                    {"field": "tCO2e", "format": ",.0f"}],
    }
    if several:
        encoding["color"] = {"field": "year", "type": "ordinal", "title": "Year"}
        encoding["yOffset"] = {"field": "year", "type": "ordinal"}
    spec = {"width": "container", "height": 30 * len(values),
            "mark": {"type": "bar", "tooltip": True}, "encoding": encoding}
    return chart("chart-breakdown", title, caption, spec, values)


# -- the home page -----------------------------------------------------------------------------

@cached
def pledges_by_year_chart(source) -> dict | None:
    """How many pledges aim at each target year, by type (a pledge counts once under each of its types)."""
    counted = {(year_of(r["year"]), text(r["type"])): r for r in source.select(PLEDGES_BY_YEAR).dicts()}
    values = [{"year": year, "type": text(r["typeLabel"]) or iri.rsplit("#", 1)[-1],
               "pledges": int(number(r["pledges"]) or 0)}
              for (year, iri), r in counted.items() if year is not None]
    if not values:
        return None
    title = "Pledges by target year and type"
    caption = ("Pledges that name a target year, each counted under the type the curators or the importer "
               "gave it.")
    spec = {"width": "container", "height": 240,
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {"x": {"field": "year", "type": "ordinal", "title": "Target year",
                               "axis": {"labelAngle": 0, "labelOverlap": "greedy"}},
                         "y": {"field": "pledges", "type": "quantitative", "title": "Pledges", "stack": "zero"},
                         "color": {"field": "type", "type": "nominal", "title": "Type",
                                   "legend": {"orient": "bottom"}},
                         "tooltip": [{"field": "year"}, {"field": "type"}, {"field": "pledges"}]}}
    return chart("chart-pledges-by-year", title, caption, spec, values)
