"""The pages of a pledge (its terms, deadline, maker, and the facts about it), an initiative (its
participants and the pledges made under it, a page at a time) and a person (positions, statements);
every fact with its quotes."""
from __future__ import annotations

import datetime as dt

from ..iris import CCKG_NS, PREFIXES, RDFS, SKOS
from .dossier import PLEDGES, group_pledges
from .facts import label_of, labels, outgoing, quotes, rows
from .terms import vocabulary

ORG = PREFIXES["org"]
PAGE_SIZE = 100
# what each page shows in its own sections, left out of its lists of properties and related facts
SHOWN = {"pledge": {CCKG_NS + p for p in ("targetYear", "targetDate", "baselineYear", "targetPercentage",
                                          "targetAmount", "unit", "coversScope", "pledgeStatus", "announcementDate",
                                          "targetClassification", "coverage", "underInitiative", "madeBy")},
         "person": {ORG + "member"}}
RELATED = f"""SELECT ?fact ?p ?type ?factLabel WHERE {{
  ?fact ?p ?this ; a ?type .
  FILTER(STRSTARTS(STR(?type), STR(cckg:)) && ?p NOT IN (cckg:underInitiative, cckg:initiative))
  {label_of("fact")}
}} ORDER BY ?p ?fact LIMIT 1000"""
POSITIONS = f"""SELECT ?position ?org ?orgLabel ?role WHERE {{
  ?position org:member ?this ; org:organization ?org .
  OPTIONAL {{ ?position org:role ?role }}
  {label_of("org")}
}} ORDER BY ?orgLabel ?position"""
# a page of IRIs first, their labels after: with labels and an ORDER BY, SBTi's 6,273 pledges take 0.7 s
UNDER = f"""SELECT ?pledge ?org WHERE {{ ?pledge cckg:underInitiative ?this ; cckg:madeBy ?org }}
LIMIT {PAGE_SIZE} OFFSET {{offset}}"""
COUNT_UNDER = "SELECT ?this (COUNT(DISTINCT ?pledge) AS ?n) WHERE { ?pledge cckg:underInitiative ?this } GROUP BY ?this"


def related(found: list[dict], vocab) -> list[dict]:
    """Facts pointing at the resource, grouped by how (about it, supporting it, progress of it...)."""
    groups: dict[str, dict] = {}
    for r in found:
        group = groups.setdefault(r["p"].value, {"label": vocab.label(r["p"]), "facts": {}})
        fact = group["facts"].setdefault(r["fact"].value, {"iri": r["fact"].value, "types": [],
                                                           "label": (r["factLabel"] or r["fact"]).value})
        fact["types"].append(vocab.label(r["type"]))
    return [{"label": g["label"], "facts": list(g["facts"].values())} for g in groups.values()]


def entity(site, iri: str, kind: str, page: int = 0):
    """(template, context) of a pledge's, an initiative's or a person's page."""
    vocab = vocabulary(site)
    work = {"about": lambda s: outgoing(site, iri), "related": lambda s: rows(site, RELATED, this=iri)}
    if kind == "pledge":
        work["pledge"] = lambda s: rows(site, PLEDGES, pledge=iri)
    elif kind == "initiative":
        work["members"] = lambda s: site.run_saved("initiative_members", initiative=iri).dicts()
        work["under"] = lambda s: rows(site, UNDER.replace("{offset}", str(page * PAGE_SIZE)), this=iri)
        work["count"] = lambda s: rows(site, COUNT_UNDER, this=iri)
    elif kind == "person":
        work["positions"] = lambda s: rows(site, POSITIONS, this=iri)
    found = site.source.many(work)
    about = found["about"]
    label = next((r["o"].value for r in about if r["p"].value == RDFS + "label"), iri.rsplit("/", 1)[-1])
    hidden = SHOWN.get(kind, set()) | {CCKG_NS + "evidence"}
    groups = related([r for r in found["related"] if r["p"].value not in hidden], vocab)
    facts = {iri} | {f["iri"] for g in groups for f in g["facts"]}
    context = {"title": label, "label": label, "kind": kind, "vocab": vocab, "related": groups,
               "aliases": sorted({r["o"].value for r in about if r["p"].value == SKOS + "altLabel"}),
               "notes": [r["o"].value for r in about if r["p"].value == SKOS + "note"],
               "kinds": [vocab.label(t) for t in vocab.most_specific(
                   [r["o"].value for r in about if r["p"].value.endswith("#type") and r["o"].kind == "uri"])],
               "links": [r for r in about if r["o"].kind == "uri" and r["p"].value.startswith(CCKG_NS)
                         and r["p"].value not in hidden],
               "details": [r for r in about if r["o"].kind == "literal" and r["p"].value.startswith(CCKG_NS)
                           and r["p"].value not in hidden]}
    if kind == "pledge":
        pledges = group_pledges(found["pledge"], vocab, dt.date.today())
        context["pledge"] = pledges[0] if pledges else None
        context["maker"] = next(((r["this"], r["thisLabel"]) for r in found["pledge"]), None)
    elif kind == "initiative":
        every = found["members"]
        members = every[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
        named = labels(site, [r[k].value for r in found["under"] for k in ("pledge", "org")])
        under = sorted(({"pledge": r["pledge"], "org": r["org"], "pledgeLabel": named.get(r["pledge"].value),
                         "orgLabel": named.get(r["org"].value)} for r in found["under"]),
                       key=lambda r: ((r["orgLabel"] or r["org"].value).casefold(), r["pledge"].value))
        context.update(members=members, member_count=len(every), under=under, page=page,
                       page_size=PAGE_SIZE,
                       under_count=int(found["count"][0]["n"].value) if found["count"] else 0)
        facts |= {r["participation"].value for r in members}
    elif kind == "person":
        context["positions"] = found["positions"]
        facts |= {r["position"].value for r in found["positions"]}
    context["found_quotes"] = quotes(site, facts)
    return "entity.html", context
