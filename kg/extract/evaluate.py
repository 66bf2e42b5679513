"""`kg eval`: score the extractor against gold, on the seeds, the development set and SBTi.

Gold for the four seed articles is the curated graph (data/), read back into the extractor's
JSON contract; gold for the development set is eval/devset/*.gold.json, written before the
extractor was tuned on it; eval/heldout/ was written after, blind, and is never tuned on: its
scores are the honest estimate for unseen articles. Matching follows the issue: pledges on (organisation, type, target year),
emissions on (organisation, year, amount within 2 % in tCO2e), partners on the pair, people on
(name, organisation), initiatives on (organisation, initiative). Names are compared after
normalisation (case, accents, punctuation, legal suffixes) and through the aliases that gold,
prediction and the graph give for the same organisation or initiative.
"""
from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KgError
from ..iris import CCKG_NS
from ..project import Project
from ..store.embedded import Store

KINDS = ("pledges", "emissions", "partners", "people", "initiatives")
UNIT_TONNES = {"tCO2e": 1.0, "ktCO2e": 1e3, "MtCO2e": 1e6}
LEGAL = r"\b(inc|incorporated|corp|corporation|co|ltd|limited|plc|sa|se|ag|nv|spa|s p a|group|groupe|holdings?|company|llc|the)\b"
SBTI_WORKBOOK = "companies-taking-action-2023-01-09.xlsx"
SBTI_PROGRESS = "progress-report-2021-appendix.xlsx"


def norm(name: str | None) -> str:
    """Comparable form of a name: ASCII, lower case, no punctuation or legal suffixes."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    stripped = re.sub(LEGAL, " ", text)
    return re.sub(r"\s+", "", stripped) or re.sub(r"\s+", "", text)


class Names:
    """Union-find over names: two names are the same entity when an alias list joins them."""

    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, names) -> None:
        keys = [norm(n) for n in names if norm(n)]
        for k in keys[1:]:
            a, b = self.find(keys[0]), self.find(k)
            if a != b:
                self.parent[b] = a

    def __call__(self, name: str | None) -> str:
        return self.find(norm(name)) if norm(name) else ""


# -- gold from the curated graph -----------------------------------------------------------------

# The extraction contract's values and the ontology terms (cckg local names) they stand for:
# kg.draft writes these terms, gold_from_graph reads them back. "other" maps to the general term.
PLEDGE_TYPES = {"net_zero": "NetZeroPledge", "carbon_neutral": "CarbonNeutralPledge",
                "carbon_negative": "CarbonNegativePledge", "emission_reduction": "EmissionReductionPledge",
                "renewable_energy": "RenewableEnergyPledge", "carbon_removal": "CarbonRemovalPledge",
                "waste_recycling": "WasteRecyclingPledge", "other": "Pledge"}
ORG_KINDS = {  # most specific first: a cloud provider is also a company
    "cloud_provider": "CloudProvider", "research_institute": "ResearchInstitute", "ngo": "NGO",
    "consultancy": "Consultancy", "government": "PublicBody", "initiative_body": "InitiativeBody",
    "company": "Company", "other": "Organisation"}
UNITS = {"tCO2e": "TonneCO2e", "ktCO2e": "KilotonneCO2e", "MtCO2e": "MegatonneCO2e"}
PARTNER_ROLES = {"adviser": "AdviserRole", "host": "HostRole", "supplier": "SupplierRole", "funder": "FunderRole",
                 "other": "OtherPartnerRole"}
RELATIONS = {"member": "MembershipParticipation", "signatory": "SignatureParticipation",
             "presented_at": "PresentationParticipation", "founder": "FoundingParticipation",
             "other": "AlignmentParticipation"}


def contract_value(table: dict[str, str], term: str | None, default: str | None = "other") -> str | None:
    """The contract value a cckg term stands for, by the same table the drafts are written with."""
    return next((value for value, local in table.items() if local == term), default)


_PREFIXES = f"""PREFIX cckg: <{CCKG_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
"""

# One row per (fact, evidence) from the article; the first quote (by offset) becomes the evidence.
_FACTS = _PREFIXES + """
SELECT ?kind ?fact ?start ?exact ?a ?b ?c ?d ?e ?f WHERE {
  ?article cckg:seedFile ?seed .
  ?ev oa:hasSource ?article ; oa:hasSelector ?q, ?pos .
  ?q oa:exact ?exact . ?pos oa:start ?start .
  ?fact cckg:evidence ?ev .
  {
    BIND("pledges" AS ?kind)
    ?fact a ?cls ; cckg:madeBy ?org . ?org rdfs:label ?a .
    FILTER(STRSTARTS(STR(?cls), STR(cckg:)) && STRENDS(STR(?cls), "Pledge") && ?cls != cckg:Pledge)
    BIND(STRAFTER(STR(?cls), "#") AS ?b)
    OPTIONAL { ?fact cckg:targetYear ?c } OPTIONAL { ?fact cckg:baselineYear ?d }
    OPTIONAL { ?fact cckg:targetPercentage ?e }
  } UNION {
    BIND("emissions" AS ?kind)
    ?fact a cckg:EmissionFigure ; cckg:emittedBy ?org ; cckg:reportingYear ?b . ?org rdfs:label ?a .
    OPTIONAL { ?fact cckg:amount ?c ; cckg:unit ?u . BIND(STRAFTER(STR(?u), "#") AS ?d) }
    OPTIONAL { ?fact cckg:changePercent ?e }
  } UNION {
    BIND("partners" AS ?kind)
    ?fact a cckg:Partnership ; cckg:client ?org ; cckg:partner ?p ; cckg:partnerRole ?r .
    ?org rdfs:label ?a . ?p rdfs:label ?b . BIND(STRAFTER(STR(?r), "#") AS ?c)
  } UNION {
    BIND("partners" AS ?kind)
    ?fact a cckg:PlatformReliance ; cckg:client ?org ; cckg:platform/cckg:operatedBy ?p .
    FILTER NOT EXISTS { ?org cckg:subsidiaryOf* ?p } FILTER NOT EXISTS { ?p cckg:subsidiaryOf* ?org }
    ?org rdfs:label ?a . ?p rdfs:label ?b . BIND("HostRole" AS ?c)
  } UNION {
    BIND("people" AS ?kind)
    ?fact a cckg:Position ; org:member ?person ; org:organization ?org .
    ?person rdfs:label ?a . ?org rdfs:label ?b .
    OPTIONAL { ?fact org:role ?role . ?role rdfs:label ?c FILTER(LANG(?c) = "en") }
  } UNION {
    BIND("initiatives" AS ?kind)
    ?fact a cckg:InitiativeParticipation ; cckg:participant ?org ; cckg:initiative ?i ; cckg:participationKind ?k .
    ?org rdfs:label ?a . ?i rdfs:label ?b . BIND(STRAFTER(STR(?k), "#") AS ?c)
  } UNION {
    BIND("initiatives" AS ?kind)
    ?fact cckg:alignedWith|cckg:underInitiative ?i ; cckg:actor|cckg:madeBy ?org .
    ?org rdfs:label ?a . ?i rdfs:label ?b . BIND("AlignmentParticipation" AS ?c)
  }
  FILTER(?seed = ?wanted)
} ORDER BY ?kind ?fact ?start
"""

_ORGS = _PREFIXES + """
SELECT ?org ?label ?alias ?cls WHERE {
  ?org a/rdfs:subClassOf* cckg:Organisation ; rdfs:label ?label .
  OPTIONAL { ?org skos:altLabel ?alias }
  OPTIONAL { ?org a ?cls }
}"""

_INITIATIVES = _PREFIXES + """
SELECT ?label ?alias WHERE {
  ?i a/rdfs:subClassOf* cckg:Initiative ; rdfs:label ?label .
  OPTIONAL { ?i skos:altLabel ?alias }
}"""


def _v(term):
    if term is None:
        return None
    if term.datatype and term.datatype.endswith(("#integer", "#int")):
        return int(term.value)
    if term.datatype and term.datatype.endswith(("#decimal", "#double", "#float")):
        return float(term.value)
    return term.value


def graph_aliases(store: Store) -> list[list[str]]:
    """Name groups the graph knows: each organisation's and initiative's label with its aliases."""
    groups: dict[str, set[str]] = {}
    pairs = [(label, alias) for _, label, alias, _ in store.select(_ORGS).rows]
    pairs += [(label, alias) for label, alias in store.select(_INITIATIVES).rows]
    for label, alias in pairs:
        group = groups.setdefault(label.value, {label.value})
        if alias is not None:
            group.add(alias.value)
    return [sorted(g) for g in groups.values()]


def gold_from_graph(store: Store, seed_file: str) -> dict:
    """The curated facts of one seed article in the extractor's JSON contract."""
    from ..sparql import with_values
    from ..store.embedded import Term

    rows = store.select(with_values(_FACTS, {"wanted": Term.literal(seed_file)})).dicts()
    out = {k: [] for k in KINDS}
    seen = set()
    for r in rows:
        key = (r["kind"].value, r["fact"].value)
        if key in seen:
            continue  # rows are ordered by offset: the first quote of a fact is its evidence
        seen.add(key)
        kind, ev = r["kind"].value, r["exact"].value
        a, b, c, d, e = (_v(r.get(x)) for x in "abcde")
        if kind == "pledges":
            out[kind].append({"org": a, "type": contract_value(PLEDGE_TYPES, b), "target_year": c, "baseline_year": d,
                              "percentage": e, "scope": None, "evidence": ev})
        elif kind == "emissions":
            out[kind].append({"org": a, "year": b, "amount": c, "unit": contract_value(UNITS, d, None), "change_pct": e, "evidence": ev})
        elif kind == "partners":
            out[kind].append({"org": a, "partner": b, "role": contract_value(PARTNER_ROLES, c), "evidence": ev})
        elif kind == "people":
            out[kind].append({"name": a, "org": b, "role": c, "evidence": ev})
        else:
            out[kind].append({"org": a, "initiative": b, "relation": contract_value(RELATIONS, c), "evidence": ev})
    names = {x for k in ("pledges", "emissions", "partners", "initiatives") for f in out[k]
             for x in (f.get("org"), f.get("partner")) if x} | {f["org"] for f in out["people"]}
    out["organisations"] = _organisations(store, names)
    return out


def _organisations(store: Store, names: set[str]) -> list[dict]:
    info: dict[str, dict] = {}
    for org, label, alias, cls in store.select(_ORGS).rows:
        if label.value not in names:
            continue
        entry = info.setdefault(label.value, {"name": label.value, "aliases": set(), "classes": set()})
        if alias is not None:
            entry["aliases"].add(alias.value)
        if cls is not None:
            entry["classes"].add(cls.value.rsplit("#", 1)[-1])
    result = []
    for name in sorted(info):
        e = info[name]
        kind = next((k for k, c in ORG_KINDS.items() if c in e["classes"]), "other")
        result.append({"name": name, "aliases": sorted(e["aliases"]), "kind": kind})
    return result


# -- scoring -------------------------------------------------------------------------------------

@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Score") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


def _tonnes(fact: dict) -> float | None:
    if fact.get("amount") is None:
        return None
    return float(fact["amount"]) * UNIT_TONNES.get(fact.get("unit") or "tCO2e", 1.0)


def _same(kind: str, g: dict, p: dict, names: Names) -> bool:
    if kind == "pledges":
        return (names(g["org"]), g["type"], g.get("target_year")) == (names(p.get("org")), p.get("type"), p.get("target_year"))
    if kind == "emissions":
        if (names(g["org"]), g.get("year")) != (names(p.get("org")), p.get("year")):
            return False
        gt, pt = _tonnes(g), _tonnes(p)
        if gt is None or pt is None:
            return gt is None and pt is None
        return abs(gt - pt) <= 0.02 * abs(gt)
    if kind == "partners":
        return (names(g["org"]), names(g["partner"])) == (names(p.get("org")), names(p.get("partner")))
    if kind == "people":
        return (norm(g["name"]), names(g["org"])) == (norm(p.get("name")), names(p.get("org")))
    return (names(g["org"]), names(g["initiative"])) == (names(p.get("org")), names(p.get("initiative")))


def _dedupe(kind: str, facts: list[dict], names: Names) -> list[dict]:
    """Partners, people and initiatives are sets of pairs: one gold fact per pair."""
    if kind in ("pledges", "emissions"):
        return facts
    out = []
    for f in facts:
        if not any(_same(kind, f, o, names) for o in out):
            out.append(f)
    return out


def score_article(gold: dict, predicted: dict, extra_aliases: list[list[str]] = ()) -> dict[str, Score]:
    names = Names()
    for group in extra_aliases:
        names.join(group)
    for doc in (gold, predicted):
        for o in doc.get("organisations", []):
            names.join([o.get("name"), *(o.get("aliases") or [])])
    scores = {}
    for kind in KINDS:
        golds = _dedupe(kind, gold.get(kind, []), names)
        preds = _dedupe(kind, predicted.get(kind, []), names)
        used: set[int] = set()
        s = Score()
        for g in golds:
            hit = next((i for i, p in enumerate(preds) if i not in used and _same(kind, g, p, names)), None)
            if hit is None:
                s.fn += 1
            else:
                used.add(hit)
                s.tp += 1
        s.fp = len(preds) - len(used)
        scores[kind] = s
    return scores


def bad_evidence(predicted: dict, text: str) -> int:
    return sum(1 for k in KINDS for f in predicted.get(k, []) if not f.get("evidence") or f["evidence"] not in text)


# -- the evaluation run ---------------------------------------------------------------------------

@dataclass
class Result:
    sets: dict[str, dict] = field(default_factory=dict)  # set name -> {"kinds": {...}, "all": {...}, ...}
    sbti: dict | None = None
    speed: dict | None = None

    def as_dict(self) -> dict:
        return {"sets": self.sets, "sbti": self.sbti, "speed": self.speed}


GOLD_SETS = ("devset", "devset2", "heldout")  # eval/<name>/: tuned on, tuned on, never tuned on


def devset_items(project: Project, name: str = "devset") -> list[tuple[str, str, dict]]:
    """(file name, text, gold) for each article of eval/<name>/."""
    return folder_items(project.root / "eval" / name)


def folder_items(folder: Path) -> list[tuple[str, str, dict]]:
    """(file name, text, gold) for each NAME.gold.json and NAME.txt of a folder; KgError naming a file
    that is missing or not JSON."""
    items = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text = text_path.read_text(encoding="utf-8")
        except (OSError, ValueError) as exc:
            raise KgError(f"{gold_path if isinstance(exc, ValueError) else text_path}: {exc}") from exc
        items.append((text_path.name, text, gold))
    return items


def seed_items(project: Project, store: Store) -> list[tuple[str, str, dict]]:
    rows = store.select(_PREFIXES + "SELECT ?f ?t WHERE { ?a cckg:seedFile ?f ; schema:text ?t } ORDER BY ?f")
    return [(f.value, t.value, gold_from_graph(store, f.value)) for f, t in rows.rows]


def score_set(items, extract, aliases) -> tuple[dict, float, int]:
    kinds = {k: Score() for k in KINDS}
    per_article, bad, seconds = {}, 0, 0.0
    for name, text, gold in items:
        t0 = time.perf_counter()
        predicted = extract(text, name)
        seconds += time.perf_counter() - t0
        bad += bad_evidence(predicted, text)
        scores = score_article(gold, predicted, aliases)
        total = Score()
        for k, s in scores.items():
            kinds[k].add(s)
            total.add(s)
        per_article[name] = round(total.f1, 3)
    overall = Score()
    for s in kinds.values():
        overall.add(s)
    return ({"articles": len(items), "kinds": {k: s.as_dict() for k, s in kinds.items()}, "all": overall.as_dict(),
             "evidence_not_in_article": bad, "per_article": per_article}, seconds, len(items))


def run(project: Project, store: Store, sbti_dir: Path | None, log=None, only: set[str] | None = None,
        real_dir: Path | None = None) -> Result:
    """Scores per set: seeds, the gold sets of eval/, and `real_dir` (the real-article set: 30 news
    articles of ../shared/real-articles, never copied here) as set "real"."""
    from .extractor import extract
    from .gazetteer import Gazetteer
    from .pipelines import load_pipelines

    gazetteer = Gazetteer.from_store(store)
    aliases = graph_aliases(store)
    load_pipelines()
    result = Result()
    seconds, articles = 0.0, 0
    names = [n for n in ("seeds", *GOLD_SETS, "real") if only is None or n in only]
    for set_name in names:
        if set_name == "real":
            items = folder_items(real_dir) if real_dir is not None else []
        else:
            items = seed_items(project, store) if set_name == "seeds" else devset_items(project, set_name)
        if not items:
            continue
        if log:
            log(f"scoring {len(items)} {set_name} articles...")
        result.sets[set_name], secs, n = score_set(items, lambda t, n: extract(t, n, gazetteer), aliases)
        seconds, articles = seconds + secs, articles + n
    if articles:
        result.speed = {"articles": articles, "seconds": round(seconds, 3),
                        "articles_per_second": round(articles / seconds, 1) if seconds else None}
    if sbti_dir is not None:
        result.sbti = score_sbti(sbti_dir, extract, log)
    return result


# -- SBTi target wording ------------------------------------------------------------------------

def years_in(cell) -> set[int]:
    """The years (19xx, 20xx, FY2030) written in a cell of a workbook."""
    return {int(y) for y in re.findall(r"(?:FY)?((?:19|20)\d\d)", str(cell or ""))}


def score_sbti(folder: Path, extract, log=None) -> dict:
    """Target years (and base years, percentages) read from SBTi's wording vs its own columns."""
    import openpyxl

    path = folder / SBTI_WORKBOOK
    if not path.is_file():
        raise KgError(f"{path}: no such SBTi workbook")
    ws = openpyxl.load_workbook(path, read_only=True).active
    rows = ws.iter_rows(values_only=True)
    header = {h: i for i, h in enumerate(next(rows))}
    near, netzero, spurious, sentences = Score(), Score(), 0, 0
    agree_near = agree_nz = rows_near = rows_nz = 0
    by_company: dict[str, list[dict]] = {}
    started = time.perf_counter()
    for r in rows:
        text = r[header["Target"]]
        if not text:
            continue
        sentences += 1
        doc = extract(str(text), "sbti")
        by_company[norm(r[header["Company Name"]])] = doc["pledges"]
        nz_found = {p["target_year"] for p in doc["pledges"] if p["type"] == "net_zero" and p["target_year"]}
        other_found = {p["target_year"] for p in doc["pledges"] if p["type"] != "net_zero" and p["target_year"]}
        want_near = years_in(r[header["Near term - Target Year"]])
        want_nz = years_in(r[header["Net-Zero Year"]]) if "net" in str(text).lower() else set()
        allowed = want_near | years_in(r[header["Long term - Target Year"]]) | years_in(r[header["Net-Zero Year"]])
        if want_near:
            rows_near += 1
            agree_near += want_near <= other_found
        if want_nz:
            rows_nz += 1
            agree_nz += want_nz <= nz_found
        spurious += len((nz_found | other_found) - allowed)
        if log and sentences % 500 == 0:
            log(f"SBTi: {sentences} target texts...")
    seconds = time.perf_counter() - started
    result = {"target_texts": sentences, "seconds": round(seconds, 2),
              "near_term_rows": rows_near, "near_term_year_agreement": round(agree_near / rows_near, 3) if rows_near else None,
              "net_zero_rows": rows_nz, "net_zero_year_agreement": round(agree_nz / rows_nz, 3) if rows_nz else None,
              "target_years_not_in_any_column": spurious}
    progress = folder / SBTI_PROGRESS
    if progress.is_file():
        result.update(_score_progress(progress, by_company))
    return result


def _score_progress(path: Path, by_company: dict[str, list[dict]]) -> dict:
    """Base years and percentages against the 2021 progress appendix, where the 2023 wording
    states the same target (its target year, base year and percentage all appear in the text)."""
    import openpyxl

    ws = openpyxl.load_workbook(path, read_only=True)["Appendix - Download"]
    rows = ws.iter_rows(values_only=True)
    header = {h: i for i, h in enumerate(next(rows))}
    next(rows)  # column descriptions
    checked = base_ok = pct_ok = 0
    for r in rows:
        pledges = by_company.get(norm(r[header["Company name"]]))
        target, base, value = r[header["Target year"]], r[header["Base year"]], r[header["Target value"]]
        if not pledges or not isinstance(target, int) or not isinstance(base, int) or not isinstance(value, float):
            continue
        pct = round(value * 100, 1)
        candidates = [p for p in pledges if p["target_year"] == target]
        if not candidates:
            continue
        checked += 1
        base_ok += any(p.get("baseline_year") == base for p in candidates)
        pct_ok += any(p.get("percentage") is not None and abs(float(p["percentage"]) - pct) <= 0.5 for p in candidates)
    return {"progress_targets_matched": checked,
            "base_year_agreement": round(base_ok / checked, 3) if checked else None,
            "percentage_agreement": round(pct_ok / checked, 3) if checked else None}


# -- reporting -----------------------------------------------------------------------------------

def markdown(result: Result) -> str:
    lines = []
    for set_name, s in result.sets.items():
        lines.append(f"**{set_name}** ({s['articles']} articles; evidence not in the article: "
                     f"{s['evidence_not_in_article']})\n")
        lines.append("| kind | precision | recall | F1 | tp | fp | fn |")
        lines.append("|---|---|---|---|---|---|---|")
        for k, v in list(s["kinds"].items()) + [("all facts", s["all"])]:
            lines.append(f"| {k} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['tp']} | {v['fp']} | {v['fn']} |")
        lines.append("")
    if result.speed:
        sp = result.speed
        lines.append(f"**speed**: {sp['articles']} articles in {sp['seconds']} s once the model is loaded: "
                     f"{sp['articles_per_second']} articles per second (one core).\n")
    if result.sbti:
        sb = result.sbti
        lines.append(f"**SBTi** ({sb['target_texts']} target texts, {sb['seconds']} s): near-term target-year "
                     f"agreement {sb['near_term_year_agreement']} over {sb['near_term_rows']} rows; net-zero year "
                     f"agreement {sb['net_zero_year_agreement']} over {sb['net_zero_rows']} rows; "
                     f"{sb['target_years_not_in_any_column']} extracted target years in no column.")
        if "progress_targets_matched" in sb:
            lines.append(f" Against the 2021 progress appendix ({sb['progress_targets_matched']} targets whose year "
                         f"the wording states): base year agreement {sb['base_year_agreement']}, percentage "
                         f"agreement {sb['percentage_agreement']}.")
        lines.append("")
    return "\n".join(lines)


def table(result: Result) -> str:
    out = []
    for set_name, s in result.sets.items():
        out.append(f"{set_name}: {s['articles']} articles, evidence not in article: {s['evidence_not_in_article']}")
        out.append(f"  {'kind':<12} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
        for k, v in list(s["kinds"].items()) + [("all", s["all"])]:
            out.append(f"  {k:<12} {v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f} {v['tp']:>4} {v['fp']:>3} {v['fn']:>3}")
    if result.speed:
        out.append(f"speed: {result.speed['articles_per_second']} articles/s ({result.speed['articles']} in {result.speed['seconds']} s)")
    if result.sbti:
        out.append("sbti: " + ", ".join(f"{k} {v}" for k, v in result.sbti.items()))
    return "\n".join(out) + "\n"


def write_docs(path: Path, result: Result, command: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "<!-- eval:start -->\n<!-- eval:end -->\n"
    start, end = "<!-- eval:start -->", "<!-- eval:end -->"
    if start not in text or end not in text:
        raise KgError(f"{path}: no {start} ... {end} section to write the scores into")
    body = f"{start}\nProduced by `{command}` on {time.strftime('%Y-%m-%d')}.\n\n{markdown(result)}\n{end}"
    head, rest = text.split(start, 1)
    path.write_text(head + body + rest.split(end, 1)[1], encoding="utf-8")
