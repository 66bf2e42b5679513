"""Turn extracted facts (the `kg extract` JSON contract) into a Turtle draft in our ontology.

Organisations, people and initiatives the graph already knows keep their IRIs (looked up by label
or alias), so a reviewed draft merges into data/ without duplicates; new ones are declared in the
draft. Every fact gets an evidence node whose offsets are where the quote first occurs in the
article. The evidence is attributed to the extractor (kgr:agent-kg-extract) with confidence 0.5:
a draft is for a curator to review, raise and merge.

A reviewed draft (`reviewed_turtle`, written by `kg review`'s page) is the same conversion with the
curator's word on it: each evidence attributed to the curator (kgr:agent-curator-<name>, a
prov:Agent), with confidence 1 and the time of the review (dcterms:created); the article described
in seeds/articles.ttl instead (`article_entry`); a quote at the offset the curator selected; an
organisation mapped to an existing IRI (its new names become skos:altLabel there); a fact the graph
already holds gets the new quote as one more evidence.
"""
from __future__ import annotations

from dataclasses import dataclass
import hashlib
import re

from .evaluate import ORG_KINDS, PARTNER_ROLES, PLEDGE_TYPES, RELATIONS, UNITS, norm
from ..iris import CCKG_NS, KGR_NS, PREFIXES, evidence_iri, resource
from ..store.embedded import Store, Term

RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL = PREFIXES["rdfs"] + "label"
XSD = PREFIXES["xsd"]
AGENT = KGR_NS + "agent-kg-extract"
CONFIDENCE = "0.5"
DCTERMS = "http://purl.org/dc/terms/"


@dataclass(frozen=True)
class Reviewer:
    """Who reviewed a draft (`kg review`) and when (an xsd:dateTime): its evidence is theirs, confidence 1."""

    name: str
    when: str

    @property
    def agent(self) -> str:
        return resource("agent", "curator", self.name)

POSITION_ROLES = [  # (pattern on the role words, cckg concept), first match wins
    (r"co.?(ceo|chief exec|dirigeant|pdg|directeur g)", "CoChiefExecutive"),
    (r"\b(ceo|chief executive|pdg|directeur g[eé]n[eé]ral|directrice g[eé]n[eé]rale|dirigeant)", "ChiefExecutive"),
    (r"\b(cfo|chief financial|directeur financier|directrice financi[eè]re)", "ChiefFinancialOfficer"),
    (r"(sustainab|durabilit|d[eé]veloppement durable|rse|csr|chief sustainability)", "SustainabilityDirector"),
    (r"(vice.?pr[eé]sident|\bvp\b)", "VicePresident"),
    (r"(founder|fondat)", "Founder"),
]

_KNOWN = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?r ?name WHERE { ?r rdfs:label|skos:altLabel ?name FILTER(STRSTARTS(STR(?r), "%s")) }""" % KGR_NS


def described(store: Store | None) -> set[str]:
    """IRIs the graph already describes: a draft must not state them again."""
    if store is None:
        return set()
    rows = store.select(f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{KGR_NS}")) }}')
    return {r[0].value for r in rows.rows}


def known_iris(store: Store | None) -> dict[str, str]:
    """Normalised label or alias -> IRI, for every described resource of the graph."""
    if store is None:
        return {}
    out: dict[str, str] = {}
    for r, name in store.select(_KNOWN).rows:
        out.setdefault(norm(name.value), r.value)
    return out


def article_id(name: str, text: str) -> str:
    m = re.match(r"^\d+_([0-9a-f]{16})\.txt$", name)
    return m.group(1) if m else hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Draft:
    def __init__(self, doc: dict, text: str, known: dict[str, str], inline_text: bool, existing: set[str] = frozenset(),
                 seed_name: str | None = None, reviewer: Reviewer | None = None):
        self.doc, self.text, self.known, self.existing = doc, text, dict(known), existing
        self.reviewer = reviewer
        self.suffix = "" if reviewer else " (extracted)"  # a fact label's note on where it comes from
        self.store = Store.memory()
        self.graph = KGR_NS + "draft"
        self.aid = article_id(doc.get("article") or "", text)
        self.article = f"{KGR_NS}article-{self.aid}"
        self.inline_text = inline_text
        self.seed_name = seed_name or doc.get("article") or f"{self.aid}.txt"
        self.skipped: list[str] = []
        self.notes: list[str] = []  # what a reviewed draft did that the curator should know

    # -- small writers ----------------------------------------------------------------------------
    def add(self, s: str, p: str, o: Term) -> None:
        self.store.add(Term.iri(s), Term.iri(p), o, self.graph)

    def rel(self, s: str, p: str, o: str) -> None:
        self.add(s, p, Term.iri(o))

    def lit(self, s: str, p: str, value, datatype: str | None = None, lang: str | None = None) -> None:
        if value is None:
            return
        if datatype == XSD + "decimal":
            value = f"{float(value):.6f}".rstrip("0")
            value += "0" if value.endswith(".") else ""
        elif datatype == XSD + "integer":
            value = str(int(value))
        self.add(s, p, Term.literal(str(value), datatype, lang))

    def c(self, local: str) -> str:
        return CCKG_NS + local

    # -- entities ------------------------------------------------------------------------------
    def org(self, name: str) -> str:
        orgs = self.doc.get("organisations", [])
        info = next((o for o in orgs if o.get("name") == name), None)
        if info is None and self.reviewer:  # a curator's alias of an organisation of the article: that one
            info = next((o for o in orgs if name in (o.get("aliases") or [])), None)
            name = info["name"] if info else name
        info = info or {}
        if info.get("iri"):  # mapped by a curator to an organisation of the graph: its new names join it
            for alias in [name, *(info.get("aliases") or [])]:
                if alias and norm(alias) not in self.known:
                    self.lit(info["iri"], PREFIXES["skos"] + "altLabel", alias)
                    self.known[norm(alias)] = info["iri"]
            return info["iri"]
        iri = self.known.get(norm(name))
        if iri:
            return iri
        iri = resource("org", name)
        self.rel(iri, RDF_TYPE, self.c(ORG_KINDS.get(info.get("kind") or "other", "Organisation")))
        self.lit(iri, LABEL, name)
        for alias in info.get("aliases") or []:
            if alias and alias != name:
                self.lit(iri, PREFIXES["skos"] + "altLabel", alias)
        return iri

    def entity(self, kind: str, cls: str, name: str) -> str:
        iri = self.known.get(norm(name))
        if iri:
            return iri
        iri = resource(kind, name)
        self.rel(iri, RDF_TYPE, self.c(cls))
        self.lit(iri, LABEL, name)
        return iri

    def evidence(self, fact: str, quote: str, at: int | None = None) -> bool:
        """The quote's evidence node (at offset `at` when the quote is there, else where it first occurs)."""
        if quote and isinstance(at, int) and not isinstance(at, bool) and self.text[at:at + len(quote)] == quote:
            start = at
        else:
            start = self.text.find(quote) if quote else -1
        if start < 0:
            self.skipped.append(f"{fact}: quote not in the article")
            return False
        end = start + len(quote)
        ev = evidence_iri(self.aid, start, end)
        self.rel(fact, self.c("evidence"), ev)
        if ev in self.existing:
            return True  # curated evidence for this span: cite it, do not restate it
        self.rel(ev, RDF_TYPE, self.c("Evidence"))
        self.rel(ev, PREFIXES["oa"] + "hasSource", self.article)
        self.rel(ev, PREFIXES["oa"] + "hasSelector", ev + "-quote")
        self.rel(ev, PREFIXES["oa"] + "hasSelector", ev + "-position")
        if self.reviewer:
            self.rel(ev, PREFIXES["prov"] + "wasAttributedTo", self.reviewer.agent)
            self.lit(ev, self.c("confidence"), "1", XSD + "decimal")
            self.lit(ev, DCTERMS + "created", self.reviewer.when, XSD + "dateTime")
        else:
            self.rel(ev, PREFIXES["prov"] + "wasAttributedTo", AGENT)
            self.lit(ev, self.c("confidence"), CONFIDENCE, XSD + "decimal")
        self.rel(ev + "-quote", RDF_TYPE, PREFIXES["oa"] + "TextQuoteSelector")
        self.lit(ev + "-quote", PREFIXES["oa"] + "exact", quote)
        self.rel(ev + "-position", RDF_TYPE, PREFIXES["oa"] + "TextPositionSelector")
        self.lit(ev + "-position", PREFIXES["oa"] + "start", start, XSD + "integer")
        self.lit(ev + "-position", PREFIXES["oa"] + "end", end, XSD + "integer")
        return True

    def fact(self, iri: str, cls: str, label: str, quote: str, at: int | None = None) -> bool:
        if iri in self.existing:
            if self.reviewer:  # a curator confirmed it in this article too: one more quote for it
                self.evidence(iri, quote, at)
                self.notes.append(f"{iri}: already in the graph; this quote is added as one more evidence")
                return False
            self.skipped.append(f"{iri}: already in the graph")
            return False
        if self.store.select(f"ASK {{ <{iri}> ?p ?o }}").rows[0][0].value == "true":
            return self.evidence(iri, quote, at)  # the same fact stated again: one more quote
        self.rel(iri, RDF_TYPE, self.c(cls))
        self.lit(iri, LABEL, label + self.suffix, lang="en")
        return self.evidence(iri, quote, at)

    def describe_article(self, a: str) -> None:
        d = self.doc
        self.rel(a, RDF_TYPE, self.c("Article"))
        self.lit(a, LABEL, f"Draft of {d.get('article') or 'an article'}")
        self.lit(a, self.c("seedFile"), self.seed_name)
        self.lit(a, PREFIXES["schema"] + "inLanguage", d.get("language") or "und")
        pub = d.get("published")
        if pub:
            dtype = {10: "date", 7: "gYearMonth", 4: "gYear"}.get(len(pub), "date")
            self.lit(a, PREFIXES["schema"] + "datePublished", pub, XSD + dtype)
        if self.inline_text:
            self.lit(a, PREFIXES["schema"] + "text", self.text)

    # -- facts ----------------------------------------------------------------------------------
    def build(self) -> Store:
        d = self.doc
        a = self.article
        if self.reviewer:  # the article is described in seeds/articles.ttl (article_entry)
            self.rel(self.reviewer.agent, RDF_TYPE, PREFIXES["prov"] + "Agent")
            self.lit(self.reviewer.agent, LABEL, f"{self.reviewer.name} (curator, kg review)")
        elif a in self.existing:
            self.skipped.append(f"{a}: article already in the graph; only new facts follow")
        else:
            self.describe_article(a)
        if not self.reviewer:
            self.rel(AGENT, RDF_TYPE, PREFIXES["prov"] + "SoftwareAgent")
            self.lit(AGENT, LABEL, "kg extract (rule-based extractor)")

        for p in d.get("pledges", []):
            org, kind, year = self.org(p["org"]), p.get("type") or "other", p.get("target_year")
            iri = resource("pledge", org.rsplit("/", 1)[-1][4:], kind.replace("_", "-"), year or "no-year")
            label = f"{p['org']}: {kind.replace('_', ' ')} pledge" + (f" by {year}" if year else "")
            if self.fact(iri, PLEDGE_TYPES.get(kind, "Pledge"), label, p.get("evidence"), p.get("start")):
                self.rel(iri, self.c("madeBy"), org)
                self.lit(iri, self.c("targetYear"), year, XSD + "integer")
                self.lit(iri, self.c("baselineYear"), p.get("baseline_year"), XSD + "integer")
                self.lit(iri, self.c("targetPercentage"), p.get("percentage"), XSD + "decimal")
                for scope in re.findall(r"[123]", p.get("scope") or ""):
                    self.rel(iri, self.c("coversScope"), self.c(f"Scope{scope}"))

        for i, e in enumerate(d.get("emissions", [])):
            if not e.get("year"):
                self.skipped.append(f"emission figure without a year: {e.get('evidence')!r}")
                continue
            org = self.org(e["org"])
            # the first figure with an amount takes the curated naming (kgr:emission-<org>-<year>)
            slug = org.rsplit("/", 1)[-1][4:]
            iri = resource("emission", slug, e["year"], *(() if e.get("amount") is not None else ("change", i + 1)))
            what = f"{e['amount']} {e['unit']}" if e.get("amount") is not None else f"{e.get('change_pct'):+} %"
            if self.fact(iri, "EmissionFigure", f"{e['org']} emissions in {e['year']}: {what}", e.get("evidence"),
                         e.get("start")):
                self.rel(iri, self.c("emittedBy"), org)
                self.lit(iri, self.c("reportingYear"), e["year"], XSD + "integer")
                if e.get("amount") is not None and e.get("unit") in UNITS:
                    self.lit(iri, self.c("amount"), e["amount"], XSD + "decimal")
                    self.rel(iri, self.c("unit"), self.c(UNITS[e["unit"]]))
                self.lit(iri, self.c("changePercent"), e.get("change_pct"), XSD + "decimal")

        for p in d.get("partners", []):
            client, partner = self.org(p["org"]), self.org(p["partner"])
            role = PARTNER_ROLES.get(p.get("role") or "", "OtherPartnerRole")
            iri = resource("partnership", client.rsplit("/", 1)[-1][4:], partner.rsplit("/", 1)[-1][4:], p.get("role") or "other")
            if self.fact(iri, "Partnership", f"{p['partner']} is {p['org']}'s {p.get('role') or 'partner'}",
                         p.get("evidence"), p.get("start")):
                self.rel(iri, self.c("client"), client)
                self.rel(iri, self.c("partner"), partner)
                self.rel(iri, self.c("partnerRole"), self.c(role))

        for p in d.get("people", []):
            role = next((c for pat, c in POSITION_ROLES if re.search(pat, (p.get("role") or "").lower())), None)
            if role is None:
                self.skipped.append(f"{p['name']}: role {p.get('role')!r} has no position concept")
                continue
            person, org = self.entity("person", "Person", p["name"]), self.org(p["org"])
            iri = resource("position", person.rsplit("/", 1)[-1][7:], org.rsplit("/", 1)[-1][4:])
            if self.fact(iri, "Position", f"{p['name']}, {p.get('role')} of {p['org']}", p.get("evidence"),
                         p.get("start")):
                self.rel(iri, PREFIXES["org"] + "member", person)
                self.rel(iri, PREFIXES["org"] + "organization", org)
                self.rel(iri, PREFIXES["org"] + "role", self.c(role))

        for p in d.get("initiatives", []):
            org, ini = self.org(p["org"]), self.entity("initiative", "Initiative", p["initiative"])
            kind = RELATIONS.get(p.get("relation") or "", "AlignmentParticipation")
            iri = resource("participation", org.rsplit("/", 1)[-1][4:], ini.rsplit("/", 1)[-1][11:], p.get("relation") or "other")
            if self.fact(iri, "InitiativeParticipation", f"{p['org']} and {p['initiative']}: {p.get('relation')}",
                         p.get("evidence"), p.get("start")):
                self.rel(iri, self.c("participant"), org)
                self.rel(iri, self.c("initiative"), ini)
                self.rel(iri, self.c("participationKind"), self.c(kind))
        return self.store


def next_seed_name(seeds_dir, name: str, text: str) -> str:
    """The name an article gets in seeds/: the next free number and the id of its text."""
    numbers = [int(p.name[:3]) for p in seeds_dir.glob("*.txt") if re.match(r"^\d{3}_", p.name)]
    return f"{max(numbers, default=-1) + 1:03d}_{article_id(name, text)}.txt"


def to_turtle(doc: dict, text: str, store: Store | None = None, inline_text: bool = True,
              seed_name: str | None = None) -> tuple[bytes, list[str]]:
    """The draft as Turtle, and the facts it could not convert (with why)."""
    draft = Draft(doc, text, known_iris(store), inline_text, described(store), seed_name)
    out = draft.build().serialize("turtle", PREFIXES)
    header = (f"# Draft facts extracted by `kg extract` from {doc.get('article') or 'an article'}.\n"
              "# Review every fact against its quote, raise cckg:confidence for what you checked, then merge into data/.\n")
    if inline_text and draft.seed_name != doc.get("article"):
        header += (f"# Before merging: save the article as seeds/{draft.seed_name}, describe it in seeds/articles.ttl\n"
                   "# (the draft's article node) and drop its inline schema:text.\n")
    if draft.skipped:
        header += "".join(f"# skipped: {s}\n" for s in draft.skipped)
    return header.encode("utf-8") + out, draft.skipped


def reviewed_turtle(doc: dict, text: str, graph, seed_name: str,
                    reviewer: Reviewer) -> tuple[bytes, list[str], list[str]]:
    """A draft a curator reviewed (`kg review`), as the Turtle of data/NNN-<name>.ttl: the Turtle, the
    facts it could not convert (with why) and notes (facts already in the graph that got one more quote).
    `graph` answers `select(sparql) -> Rows` (a Store, or the web front's query source): the IRIs it knows."""
    draft = Draft(doc, text, known_iris(graph), False, described(graph), seed_name, reviewer)
    out = draft.build().serialize("turtle", PREFIXES)
    number = seed_name[:3]
    header = (f"# Article {number}: facts reviewed with `kg review` by {reviewer.name} on {reviewer.when[:10]}.\n"
              f"# Seed file seeds/{seed_name} = kgr:article-{draft.aid} (described in seeds/articles.ttl).\n"
              "# Each evidence quotes the article verbatim; offsets in Unicode code points (end exclusive).\n")
    header += "".join(f"# note: {n}\n" for n in draft.notes)
    return header.encode("utf-8") + out, draft.skipped, draft.notes


def article_entry(doc: dict, text: str, seed_name: str, label: str, headline: str | None, comment: str) -> str:
    """The article's entry for seeds/articles.ttl, in the style of the others (a comment line, then the
    node without @prefix lines, indented by four spaces): label, seed file, headline, language, date."""
    draft = Draft({**doc, "article": seed_name}, text, {}, False, seed_name=seed_name)
    a = draft.article
    draft.rel(a, RDF_TYPE, draft.c("Article"))
    draft.lit(a, LABEL, label, lang="en")
    draft.lit(a, draft.c("seedFile"), seed_name)
    if headline:
        draft.lit(a, PREFIXES["schema"] + "headline", headline, lang=doc.get("language") or None)
    draft.lit(a, PREFIXES["schema"] + "inLanguage", doc.get("language") or "und")
    pub = doc.get("published")
    if pub:
        dtype = {10: "date", 7: "gYearMonth", 4: "gYear"}.get(len(pub), "date")
        draft.lit(a, PREFIXES["schema"] + "datePublished", pub, XSD + dtype)
    body = draft.store.serialize("turtle", PREFIXES).decode("utf-8")
    lines = [("    " + line[1:]) if line.startswith("\t") else line
             for line in body.splitlines() if line and not line.startswith("@prefix")]
    return "\n# " + " ".join(comment.split()) + "\n" + "\n".join(lines) + "\n"
