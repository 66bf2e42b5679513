"""The home page (search form, counts, latest articles, the pledges chart, pledges by sector, the largest
emitters with a net-zero pledge, recent pledges, links to every kind of page) and the search results page."""
from __future__ import annotations

import datetime as dt
import threading
import time

from ..errors import KgError
from ..remote.protocol import Request, Response
from .dossier import doubtful_facts
from .facts import PREFIX, label_of
from .search import MAX_QUERY, index
from .site import Site, value
from .terms import vocabulary

COUNTS = """SELECT * WHERE {
  { SELECT (COUNT(DISTINCT ?o) AS ?organisations) WHERE { ?k rdfs:subClassOf* cckg:Organisation . ?o a ?k } }
  { SELECT (COUNT(DISTINCT ?p) AS ?pledges) WHERE { ?k rdfs:subClassOf* cckg:Pledge . ?p a ?k } }
  { SELECT (COUNT(DISTINCT ?f) AS ?figures) WHERE { ?k rdfs:subClassOf* cckg:EmissionFigure . ?f a ?k } }
  { SELECT (COUNT(DISTINCT ?a) AS ?articles) WHERE { ?a a cckg:Article } }
  { SELECT (COUNT(DISTINCT ?e) AS ?quotes) WHERE { ?e a cckg:Evidence } }
  { SELECT (COUNT(DISTINCT ?r) AS ?records) WHERE { ?r a cckg:DatasetRecord } }
}"""
INITIATIVES = f"""SELECT ?initiative ?initiativeLabel ?members WHERE {{
  ?k rdfs:subClassOf* cckg:Initiative .
  ?initiative a ?k .
  {label_of("initiative")}
  OPTIONAL {{ SELECT ?initiative (COUNT(DISTINCT ?m) AS ?members)
             WHERE {{ ?x cckg:initiative ?initiative ; cckg:participant ?m }} GROUP BY ?initiative }}
}} ORDER BY DESC(?members) ?initiativeLabel"""
DATASETS = f"""SELECT ?dataset ?datasetLabel ?records WHERE {{
  ?dataset a cckg:Dataset .
  {label_of("dataset")}
  OPTIONAL {{ SELECT ?dataset (COUNT(?r) AS ?records) WHERE {{ ?r schema:isPartOf ?dataset }} GROUP BY ?dataset }}
}} ORDER BY ?datasetLabel"""
PEOPLE = f"""SELECT ?person ?personLabel WHERE {{ ?person a cckg:Person . {label_of("person")} }}
ORDER BY ?personLabel LIMIT 24"""
COUNTED = (("organisations", "organisations"), ("pledges", "pledges"), ("figures", "emission figures"),
           ("articles", "articles"), ("quotes", "quoted passages"), ("records", "dataset records"))
SECTORS_SHOWN, EMITTERS_SHOWN, RECENT_SHOWN, RECENT_DAYS = 10, 5, 8, 730


def by_sector(found: list[dict], top: int = SECTORS_SHOWN) -> dict:
    """pledges_by_sector's rows as a table: the `top` sectors (by the organisations of their most common
    kind of pledge, the query's order), a column per kind of pledge, cells (organisations, pledges); no
    row when no organisation has a sector (nothing imported from SBTi: one group without a name)."""
    groups: dict[str, dict[str, tuple]] = {}
    kinds: dict[str, str] = {}
    for r in found:
        group = r["group"].value if r["group"] else ""
        groups.setdefault(group, {})[r["type"].value] = (value(r["organisations"]), value(r["pledges"]))
        kinds.setdefault(r["type"].value, r["typeLabel"].value if r["typeLabel"] else r["type"].value)
    shown = list(groups)[:top] if any(groups) else []
    columns = sorted({k for g in shown for k in groups[g]},
                     key=lambda k: (-sum(groups[g].get(k, (0, 0))[0] for g in shown), kinds[k]))
    return {"kinds": [(k, kinds[k]) for k in columns], "groups": len(groups),
            "rows": [(g, [groups[g].get(k) for k in columns]) for g in shown]}


def largest_emitters(found: list[dict], top: int = EMITTERS_SHOWN) -> list[dict]:
    """largest_emitters_with_net_zero's rows (one per pledge), the `top` organisations with their pledges."""
    out: dict[str, dict] = {}
    for r in found:
        entry = out.setdefault(r["org"].value, {"org": r["org"], "label": r["orgLabel"], "pledges": [],
                                               "tonnes": value(r["lastTCO2e"]), "year": value(r["lastYear"]),
                                               "figure": r["lastFigure"]})
        entry["pledges"].append(r)
    for entry in out.values():  # the pledges with a target year first, earliest first
        entry["pledges"].sort(key=lambda r: (r["targetYear"] is None, value(r["targetYear"]) or 0))
    return list(out.values())[:top]


def overview(site: Site) -> dict:
    """What the home page shows, computed once per snapshot and day (recent pledges count from today)."""
    since = (dt.date.today() - dt.timedelta(days=RECENT_DAYS)).isoformat()

    def compute():
        work = {
            "counts": lambda s: s.select(PREFIX + COUNTS).dicts(),
            "articles": lambda s: site.run_saved("articles").dicts(),
            "initiatives": lambda s: s.select(PREFIX + INITIATIVES).dicts(),
            "datasets": lambda s: s.select(PREFIX + DATASETS).dicts(),
            "people": lambda s: s.select(PREFIX + PEOPLE).dicts(),
            "chart": lambda s: home_chart(s),
            "sectors": lambda s: site.run_saved("pledges_by_sector", by="sector").dicts(),
            "emitters": lambda s: site.run_saved("largest_emitters_with_net_zero").dicts(),
            "recent": lambda s: site.run_saved("pledges_announced_since", since=since).dicts()[:RECENT_SHOWN],
            "doubtful": lambda s: len(doubtful_facts(site)),  # also fills the dossiers' cache
            "vocab": lambda s: vocabulary(site),
        }
        found = site.source.many(work)
        counts = found["counts"][0] if found["counts"] else {}
        found["counts"] = [(label, value(counts.get(name)) or 0) for name, label in COUNTED]
        found["articles"] = sorted(found["articles"], key=lambda r: (r["published"].value if r["published"] else ""),
                                   reverse=True)[:8]
        found["sectors"], found["emitters"] = by_sector(found["sectors"]), largest_emitters(found["emitters"])
        found["since"] = since
        return found

    return site.cached(f"home since {since}", compute)


def home_chart(source):
    """The charts helper's pledges-by-target-year chart (kg.web.charts), if that module is there."""
    try:
        from . import charts
    except ImportError:
        return None
    draw = getattr(charts, "pledges_by_year_chart", None)
    return draw(source) if draw else None


def home(site: Site, request: Request) -> Response:
    return site.page(request, "home.html", title="Climate Commitments Knowledge Graph", hide_search=True,
                     **overview(site))


def search(site: Site, request: Request) -> Response:
    query = (request.params.get("q") or [""])[0][:MAX_QUERY]
    hits, total = index(site).search(query) if query.strip() else ([], 0)
    return site.page(request, "search.html", title=f"Search: {query}" if query else "Search", q=query,
                     hits=hits, total=total, hide_search=True)


def warm(site: Site) -> None:
    """Do in the background what the first visitors would otherwise wait for: once the engines answer,
    the home page's parts, the search index (with the ontology's labels), then each engine's parser and
    this process's readied, every template compiled and each saved query checked with its form's lists.
    A page that comes meanwhile waits for the part it needs rather than computing it again (Site.cached);
    then one line on stderr says the pages are warm. A daemon thread: it never holds the server's exit."""
    began = time.monotonic()

    def work():
        import sys

        from ..sparql.guard import warm as ready_parser
        from .forms import warm as ready_forms

        for _ in range(3000):  # the engines start once the snapshot is taken: wait for them (at most 10 min)
            if site.source.key:
                break
            time.sleep(0.2)
        try:
            overview(site)  # the page visitors land on first
            index(site)
            site.ready_engines()  # one query per engine process, which readies its guard's parser
            site.precompile()
            ready_parser()  # this process's, for the SPARQL editor and another store's saved queries
            queries = ready_forms(site)
        except (KgError, RuntimeError):  # the graph failed, or the server stops (its thread pools refuse work):
            return  # the page that needs the part computes it again and says what went wrong
        print(f"kg: pages warm: templates, home page, search index and {queries} saved queries ready "
              f"{time.monotonic() - began:.1f} s after start", file=sys.stderr, flush=True)

    threading.Thread(target=work, name="kg-web-warm", daemon=True).start()


def routes(site: Site) -> dict:
    warm(site)
    return {"/": lambda request: home(site, request), "/search": lambda request: search(site, request)}
