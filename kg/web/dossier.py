"""An organisation's dossier: names and identifiers, kind, group, pledges with their deadlines,
emissions, disagreeing facts, advisers and partners, providers and their pledges, the clients of
its platforms, people, initiatives, statements, the SBTi record and progress; every fact with its
quotes. The saved queries answer where they fit (targets and SBTi progress, on track or not, scope 3
left out, providers' later deadlines, advisers' other clients, doubtful facts); the rest are small queries
of this module."""
from __future__ import annotations

import datetime as dt
import urllib.parse

from ..iris import CCKG_NS, KGR_NS, RDFS, SKOS
from .facts import ORG_LINKS, label_of, quotes, rows
from .site import value
from .terms import vocabulary

PLEDGES = f"""SELECT ?this ?thisLabel ?pledge ?pledgeLabel ?type ?targetYear ?targetDate ?baselineYear ?percentage ?targetAmount
       ?unit ?scope ?status ?announced ?classification ?coverage ?initiative ?initiativeLabel ?interimOf WHERE {{
  ?pledge cckg:madeBy ?this ; a ?type .
  ?type rdfs:subClassOf* cckg:Pledge .
  FILTER(?type != cckg:Pledge)
  OPTIONAL {{ ?pledge cckg:targetYear ?targetYear }}
  OPTIONAL {{ ?pledge cckg:targetDate ?targetDate }}
  OPTIONAL {{ ?pledge cckg:baselineYear ?baselineYear }}
  OPTIONAL {{ ?pledge cckg:targetPercentage ?percentage }}
  OPTIONAL {{ ?pledge cckg:targetAmount ?targetAmount . OPTIONAL {{ ?pledge cckg:unit ?unit }} }}
  OPTIONAL {{ ?pledge cckg:coversScope ?scope }}
  OPTIONAL {{ ?pledge cckg:pledgeStatus ?status }}
  OPTIONAL {{ ?pledge cckg:announcementDate ?announced }}
  OPTIONAL {{ ?pledge cckg:targetClassification ?classification }}
  OPTIONAL {{ ?pledge cckg:coverage ?coverage }}
  OPTIONAL {{ ?pledge cckg:underInitiative ?initiative . {label_of("initiative")} }}
  OPTIONAL {{ ?interimOf cckg:hasInterimTarget ?pledge }}
  {label_of("pledge")} {label_of("this")}
}} ORDER BY ?targetYear ?pledge"""
ADVISES = f"""SELECT ?partnership ?client ?clientLabel ?role ?pledge WHERE {{
  ?partnership cckg:partner ?this ; cckg:client ?client .
  OPTIONAL {{ ?partnership cckg:partnerRole ?role }}
  OPTIONAL {{ ?partnership cckg:forPledge ?pledge }}
  {label_of("client")}
}} ORDER BY ?clientLabel ?partnership"""
CLIENTS = f"""SELECT ?reliance ?client ?clientLabel ?platform ?platformLabel ?operator ?operatorLabel WHERE {{
  ?operator cckg:subsidiaryOf* ?this .
  ?platform cckg:operatedBy ?operator .
  ?reliance cckg:platform ?platform ; cckg:client ?client .
  FILTER NOT EXISTS {{ ?client cckg:subsidiaryOf* ?this }}
  {label_of("client")} {label_of("platform")} {label_of("operator")}
}} ORDER BY ?clientLabel ?platformLabel"""
INITIATIVES = f"""SELECT ?participation ?initiative ?initiativeLabel ?kind ?since WHERE {{
  ?participation cckg:participant ?this ; cckg:initiative ?initiative .
  OPTIONAL {{ ?participation cckg:participationKind ?kind }}
  OPTIONAL {{ ?participation cckg:sinceYear ?since }}
  {label_of("initiative")}
}} ORDER BY ?initiativeLabel ?participation"""
STATEMENTS = f"""SELECT DISTINCT ?fact ?type ?factLabel ?by ?byLabel ?about ?aboutLabel ?channel WHERE {{
  {{ ?fact cckg:statedBy ?this }} UNION {{ ?fact cckg:about ?this }} UNION {{ ?fact cckg:comparedWith ?this }}
  UNION {{ ?fact cckg:about ?own . ?own cckg:madeBy|cckg:emittedBy|cckg:actor ?this }}
  ?fact a ?type .
  FILTER(?type IN (cckg:Statement, cckg:Observation, cckg:Comparison))
  OPTIONAL {{ ?fact cckg:statedBy ?by . {label_of("by")} }}
  OPTIONAL {{ ?fact cckg:about ?about . {label_of("about")} }}
  OPTIONAL {{ ?fact cckg:channel ?channel }}
  {label_of("fact")}
}} ORDER BY ?fact"""
RECORDS = f"""SELECT ?record ?recordLabel ?dataset ?datasetLabel ?row WHERE {{
  ?record schema:about ?this ; a cckg:DatasetRecord .
  OPTIONAL {{ ?record schema:isPartOf ?dataset . {label_of("dataset")} }}
  OPTIONAL {{ ?record cckg:rowNumber ?row }}
  {label_of("record")}
}} ORDER BY ?dataset ?row"""
PROGRESS = """SELECT ?progress ?from WHERE {
  ?pledge cckg:madeBy ?this .
  ?progress cckg:progressOf ?pledge .
  OPTIONAL { ?progress cckg:progressSource ?from }
}"""
RELIANCES = """SELECT ?reliance ?platform WHERE { ?reliance cckg:client ?this ; cckg:platform ?platform }"""
OTHER_FACTS = f"""SELECT DISTINCT ?fact ?type ?factLabel WHERE {{
  ?fact {ORG_LINKS} ?this ; cckg:evidence ?evidence ; a ?type .
  FILTER(STRSTARTS(STR(?type), STR(cckg:)))
  {label_of("fact")}
}} ORDER BY ?fact"""
NOT_PASSED = {CCKG_NS + s for s in ("AchievedSelfDeclared", "AchievedValidated", "Missed", "Withdrawn",
                                    "CommitmentRemoved")}
# what a targets_and_progress row adds to the pledge list; a dossier whose rows have none of it shows no table
TARGET_DETAILS = ("horizon", "baselineYear", "targetPercentage", "scopes", "progress")


def deadline(target_year, target_date) -> dt.date | None:
    """A pledge's deadline: its target date, else 31 December of its target year."""
    if target_date is not None:
        try:
            return dt.date.fromisoformat(target_date.value[:10])
        except ValueError:
            pass
    year = value(target_year)
    return dt.date(year, 12, 31) if isinstance(year, int) and 1 <= year <= 9999 else None


def group_pledges(found: list[dict], vocab, today: dt.date) -> list[dict]:
    """One entry per pledge (the query has a row per scope and type), with its deadline flag."""
    pledges: dict[str, dict] = {}
    for r in found:
        p = pledges.setdefault(r["pledge"].value, {
            "iri": r["pledge"].value, "label": (r["pledgeLabel"] or r["pledge"]).value, "types": set(),
            "scopes": set(), "row": r, "interim_of": r["interimOf"].value if r["interimOf"] else None})
        p["types"].add(r["type"].value)
        if r["scope"]:
            p["scopes"].add(r["scope"].value)
    out = []
    for p in pledges.values():
        r = p.pop("row")
        types = vocab.most_specific(p["types"])
        when = deadline(r["targetYear"], r["targetDate"])
        status = r["status"].value if r["status"] else None
        p.update(types=[vocab.label(t) for t in types], type_iris=types,
                 scopes=sorted(vocab.label(s) for s in p["scopes"]), target_year=value(r["targetYear"]),
                 target_date=r["targetDate"].value if r["targetDate"] else None,
                 baseline=value(r["baselineYear"]), percentage=value(r["percentage"]),
                 amount=value(r["targetAmount"]), unit=vocab.label(r["unit"]) if r["unit"] else "",
                 status=vocab.label(status) if status else "", status_iri=status,
                 announced=r["announced"].value if r["announced"] else "",
                 classification=r["classification"].value if r["classification"] else "",
                 coverage=r["coverage"].value if r["coverage"] else "",
                 initiative=r["initiative"].value if r["initiative"] else None,
                 initiative_label=r["initiativeLabel"].value if r["initiativeLabel"] else "",
                 deadline=when, passed=bool(when and when < today and status not in NOT_PASSED))
        out.append(p)
    return sorted(out, key=lambda p: (p["target_year"] or 9999, p["label"]))


def graph_rows(site, name: str, **params: str) -> list[dict]:
    """A saved query's rows over the whole graph, kept per snapshot: every dossier picks its own from them."""
    key = name + "".join(f" {k}={v}" for k, v in sorted(params.items()))
    return site.cached("saved " + key, lambda: site.run_saved(name, **params).dicts())


def doubtful_facts(site) -> dict:
    """{fact IRI: its lowest quote confidence} of the facts resting on a quote with confidence below 1
    (thinly_supported_facts with sources=0: one source alone is every curated fact's case, not a doubt)."""
    return {r["fact"].value: r["minConfidence"] for r in graph_rows(site, "thinly_supported_facts", sources="0")}


def signed(term) -> str:
    """A percentage change as shown: "+6", "-11.1"."""
    number = value(term)
    if not isinstance(number, (int, float)):
        return ""
    return f"{int(number):+,}" if number % 1 == 0 else f"{number:+,.1f}"


def on_track(found: list[dict]) -> dict[str, dict]:
    """{pledge IRI: what pledges_on_track says of it}: the last total, the cut needed a year, the change."""
    out: dict[str, dict] = {}
    for r in found:
        out.setdefault(r["pledge"].value, {
            "verdict": r["verdict"].value if r["verdict"] else "", "last_year": value(r["lastYear"]),
            "figure": r["lastFigure"].value, "last_tonnes": value(r["lastTCO2e"]),
            "target_tonnes": value(r["targetTCO2e"]), "cut_tonnes": value(r["neededCutTCO2e"]),
            "cut": value(r["neededCut"]), "change": signed(r["actualChange"]) if r["actualChange"] else None})
    return out


def later_deadlines(rows: list[dict]) -> dict[tuple[str, str, str], dict]:
    """{(client, platform, provider's pledge): the client's earliest pledge it is later than} from
    provider_deadline_later's rows."""
    out: dict[tuple[str, str, str], dict] = {}
    for r in rows:
        key = (r["client"].value, r["platform"].value, r["providerPledge"].value)
        entry = {"client_year": value(r["clientYear"]), "years": value(r["yearsLater"]),
                 "provider_year": value(r["providerYear"]), "owner": r["pledgeOwner"],
                 "owner_label": r["pledgeOwnerLabel"], "client": r["client"], "client_label": r["clientLabel"]}
        if key not in out or entry["client_year"] < out[key]["client_year"]:
            out[key] = entry
    return out


def other_clients(rows: list[dict], iri: str) -> dict[str, list[dict]]:
    """{adviser IRI: the other companies it advises} from shared_advisers' rows (clients=1)."""
    out: dict[str, dict[str, dict]] = {}
    for r in rows:
        if r["client"].value != iri:
            out.setdefault(r["adviser"].value, {}).setdefault(r["client"].value, r)
    return {adviser: list(clients.values()) for adviser, clients in out.items()}


def identifiers(about: list[dict]) -> list[dict]:
    """Names and identifiers, each linked out where a register has a page for it."""
    links = {"wikidataId": ("Wikidata", "https://www.wikidata.org/wiki/{}"),
             "lei": ("LEI (GLEIF)", "https://search.gleif.org/#/record/{}"),
             "isin": ("ISIN", None), "website": ("Website", "{}")}
    out = []
    for r in about:
        name = r["p"].value[len(CCKG_NS):] if r["p"].value.startswith(CCKG_NS) else ""
        if name in links:
            label, url = links[name]
            target = url.format(urllib.parse.quote(r["o"].value, safe=":/?#=&.-_~%")) if url else None
            if target and not target.lower().startswith(("http://", "https://")):
                target = None  # a website that is not a web address is shown, not linked
            out.append({"label": label, "value": r["o"].value, "href": target})
    return out


def dossier(site, iri: str) -> dict:
    """Everything the organisation's page shows."""
    vocab = vocabulary(site)
    today = dt.date.today()
    q = site.run_saved

    def pledges_then_scopes(s):
        """The pledges, then net_zero_without_scope3 for an organisation that has a net-zero pledge."""
        found = rows(site, PLEDGES, this=iri)
        net_zero = any(r["type"].value == CCKG_NS + "NetZeroPledge" for r in found)
        return found, q("net_zero_without_scope3", org=iri, unstated="true").dicts() if net_zero else []

    def emissions_then_track(s):
        """The emission figures, then pledges_on_track for an organisation that has some."""
        found = q("emissions_history", org=iri).dicts()
        return found, q("pledges_on_track", org=iri).dicts() if found else []

    work = {  # the longest first: the pool takes them in this order
        "targets": lambda s: q("targets_and_progress", org=iri).dicts(),
        "pledges": pledges_then_scopes,
        "emissions": emissions_then_track,
        "about": lambda s: rows(site, "SELECT ?p ?o ?oLabel WHERE { ?this ?p ?o . "
                                      + label_of("o") + " }", this=iri),
        "incoming": lambda s: rows(site, "SELECT ?s ?p ?sLabel WHERE { ?s ?p ?this . "
                                         "FILTER(?p IN (cckg:subsidiaryOf)) " + label_of("s") + " }", this=iri),
        "breakdown": lambda s: q("emission_breakdown", org=iri).dicts(),
        "advisers": lambda s: q("partners_and_advisers", org=iri).dicts(),
        "advises": lambda s: rows(site, ADVISES, this=iri),
        "providers": lambda s: q("provider_pledges", org=iri).dicts(),
        "clients": lambda s: rows(site, CLIENTS, this=iri),
        "reliances": lambda s: rows(site, RELIANCES, this=iri),
        "people": lambda s: q("people_and_roles", org=iri).dicts(),
        "actions": lambda s: q("actions_supporting_pledges", org=iri).dicts(),
        "initiatives": lambda s: rows(site, INITIATIVES, this=iri),
        "statements": lambda s: rows(site, STATEMENTS, this=iri),
        "conflicts": lambda s: q("conflicting_facts").dicts(),
        "records": lambda s: rows(site, RECORDS, this=iri),
        "progress": lambda s: rows(site, PROGRESS, this=iri),
        "later": lambda s: graph_rows(site, "provider_deadline_later"),
        "shared": lambda s: graph_rows(site, "shared_advisers", clients="1"),
        "doubtful": lambda s: doubtful_facts(site),
        "others": lambda s: rows(site, OTHER_FACTS, this=iri),
        "charts": lambda s: charts(site, iri),
    }
    found = site.source.many(work)
    found["pledges"], found["scope3"] = found["pledges"]
    found["emissions"], found["on_track"] = found["emissions"]
    about = found["about"]
    types = [r["o"].value for r in about if r["p"].value.endswith("#type") and r["o"].kind == "uri"]
    pledges = group_pledges(found["pledges"], vocab, today)
    track = on_track(found["on_track"])
    scope3 = {r["pledge"].value: r for r in found["scope3"]}
    for p in pledges:
        p["track"], p["scope3"] = track.get(p["iri"]), scope3.get(p["iri"])
    providers = found["providers"]
    reliances: dict[str, list[str]] = {}
    for r in found["reliances"]:
        reliances.setdefault(r["platform"].value, []).append(r["reliance"].value)
    later = later_deadlines(found["later"])
    for r in providers:
        r["later"] = later.get((iri, r["platform"].value, r["pledge"].value)) if r["pledge"] else None
        r["reliances"] = reliances.get(r["platform"].value, [])
    for r in found["clients"]:
        r["later"] = sorted((entry for (client, platform, _), entry in later.items()
                             if client == r["client"].value and platform == r["platform"].value),
                            key=lambda e: (e["provider_year"], e["owner"].value))
    shared = other_clients(found["shared"], iri)
    for r in found["advisers"]:
        r["also"] = shared.get(r["partner"].value, []) if r.get("partner") else []
    sources = {r["progress"].value: r["from"] for r in found["progress"] if r["from"] is not None}
    targets = found["targets"]
    for r in targets:
        r["from"] = sources.get(r["progress"].value) if r["progress"] else None
    if not any(r[k] is not None for r in targets for k in TARGET_DETAILS):
        targets = []  # nothing beyond the pledge list above it
    facts = {p["iri"] for p in pledges} | {iri}
    for name, key in (("emissions", "figure"), ("advisers", "partnership"), ("advises", "partnership"),
                      ("clients", "reliance"), ("people", "position"), ("actions", "action"),
                      ("initiatives", "participation"), ("statements", "fact"), ("progress", "progress"),
                      ("breakdown", "share"), ("providers", "pledge"),
                      ("reliances", "reliance")):
        facts |= {r[key].value for r in found[name] if r.get(key) is not None}
    conflicts = [r for r in found["conflicts"] if r["fact"].value in facts or r["otherFact"].value in facts]
    facts |= {r["otherFact"].value for r in conflicts} | {r["fact"].value for r in conflicts}
    shown = set(facts)
    others: dict[str, dict] = {}
    for r in found["others"]:
        if r["fact"].value not in shown:
            entry = others.setdefault(r["fact"].value, {**r, "types": []})
            entry["types"].append(vocab.label(r["type"]))
    return {
        "iri": iri,
        "name": next((r["o"].value for r in about if r["p"].value == RDFS + "label"), iri.rsplit("/", 1)[-1]),
        "aliases": sorted({r["o"].value for r in about if r["p"].value == SKOS + "altLabel"}),
        "kinds": [vocab.label(t) for t in vocab.most_specific(types) if t.startswith(CCKG_NS)],
        "identifiers": identifiers(about),
        "details": [(vocab.label(r["p"].value), r["o"].value) for r in about
                    if r["p"].value in {CCKG_NS + p for p in ("sector", "country", "region", "organisationType")}],
        "notes": [r["o"].value for r in about if r["p"].value == SKOS + "note"],
        "parents": [r for r in about if r["p"].value == CCKG_NS + "subsidiaryOf"],
        "subsidiaries": [r for r in found["incoming"] if r["p"].value == CCKG_NS + "subsidiaryOf"],
        "pledges": pledges, "today": today, "targets": targets, "doubtful": found["doubtful"],
        "pledge_labels": {p["iri"]: p["label"] for p in pledges},
        "emissions": found["emissions"], "breakdown": found["breakdown"],
        "advisers": found["advisers"], "advises": found["advises"],
        "providers": providers, "clients": found["clients"],
        "people": found["people"], "actions": found["actions"], "initiatives": found["initiatives"],
        "statements": found["statements"], "conflicts": conflicts, "records": found["records"],
        "others": list(others.values()),
        "quotes": quotes(site, facts | set(others)),
        "charts": found["charts"], "vocab": vocab, "kgr": KGR_NS,
    }


def charts(site, iri: str) -> list[dict]:
    """The charts helper's emissions and breakdown charts (kg.web.charts), those that have data."""
    try:
        from . import charts as drawn
    except ImportError:
        return []
    out = []
    for name in ("emissions_chart", "breakdown_chart"):
        draw = getattr(drawn, name, None)
        if draw is not None:
            chart = draw(site.source, iri, site.queries_dir)
            if chart:
                out.append(chart)
    return out
