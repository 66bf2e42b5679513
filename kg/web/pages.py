"""The home page (search form, counts, latest articles, the pledges chart, links to every kind of
page) and the search results page."""
from __future__ import annotations

import threading
import time

from ..errors import KgError
from ..remote.protocol import Request, Response
from .facts import PREFIX, label_of
from .search import MAX_QUERY, index
from .site import Site, value

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


def overview(site: Site) -> dict:
    """What the home page shows, computed once per snapshot."""
    def compute():
        work = {
            "counts": lambda s: s.select(PREFIX + COUNTS).dicts(),
            "articles": lambda s: site.run_saved("articles").dicts(),
            "initiatives": lambda s: s.select(PREFIX + INITIATIVES).dicts(),
            "datasets": lambda s: s.select(PREFIX + DATASETS).dicts(),
            "people": lambda s: s.select(PREFIX + PEOPLE).dicts(),
            "chart": lambda s: home_chart(s),
        }
        found = site.source.many(work)
        counts = found["counts"][0] if found["counts"] else {}
        found["counts"] = [(label, value(counts.get(name)) or 0) for name, label in COUNTED]
        found["articles"] = sorted(found["articles"], key=lambda r: (r["published"].value if r["published"] else ""),
                                   reverse=True)[:8]
        return found

    return site.cached("home", compute)


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
    """Fill the caches the first visitors would otherwise wait for (search index, ontology, home),
    in the background once the engines answer."""
    def work():
        for _ in range(3000):  # the engines start once the snapshot is taken: wait for them (at most 10 min)
            if site.source.key:
                break
            time.sleep(0.2)
        try:
            index(site)
            overview(site)
        except KgError:
            pass  # the first page will try again and say what went wrong

    threading.Thread(target=work, name="kg-web-warm", daemon=True).start()


def routes(site: Site) -> dict:
    warm(site)
    return {"/": lambda request: home(site, request), "/search": lambda request: search(site, request)}
