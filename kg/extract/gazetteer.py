"""The gazetteer: what the graph knows, so that mentions land on its IRIs; the kinds of organisations.

Organisations (aliases, kind from the class, parents, publishers), people, platforms (with their
operator) and initiatives, plus the built-in initiatives known without a graph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numbers import lower_ascii

APOS = "['’ʼ]"


def fold(s: str) -> str:
    """Lower case, no accents, straight apostrophes: the form names are compared in."""
    return lower_ascii(s).strip()


def _key(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(s))


def _alias_regex(alias: str) -> str:
    """A regex for an alias: apostrophes of either kind, flexible spaces, hyphen or space."""
    parts = []
    for ch in alias.strip():
        if ch in "'’ʼ":
            parts.append(APOS)
        elif ch.isspace():
            parts.append(r"\s+")
        elif ch == "-":
            parts.append(r"[-\s]?")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


KIND_OF_CLASS = [("CloudProvider", "cloud_provider"), ("ResearchInstitute", "research_institute"), ("NGO", "ngo"),
                 ("Consultancy", "consultancy"), ("PublicBody", "government"), ("InitiativeBody", "initiative_body"),
                 ("Company", "company")]

#: initiatives and labels known without the graph: canonical name -> aliases
BUILTIN_INITIATIVES: dict[str, list[str]] = {
    "RE100": ["RE 100"],
    "EP100": [], "EV100": [],
    "Science Based Targets initiative": ["SBTi", "Science Based Targets", "Science-Based Targets initiative",
                                         "initiative Science Based Targets", "SBT initiative", "Science Based Target initiative",
                                         "initiative Science Based Target", "science-based targets"],
    "The Climate Pledge": ["Climate Pledge"],
    "UN Global Compact": ["United Nations Global Compact", "Global Compact", "Pacte mondial des Nations unies",
                          "Pacte mondial de l'ONU", "Pacte mondial"],
    "Paris Agreement": ["Accord de Paris", "accords de Paris", "Paris Climate Agreement", "Paris climate accord",
                        "Paris accord", "Accord de Paris sur le climat"],
    "Race to Zero": [], "Business Ambition for 1.5°C": ["Business Ambition for 1.5", "Business Ambition Pledge for 1.5",
                                                        "Business Ambition Pledge"],
    "Net-Zero Banking Alliance": ["Net Zero Banking Alliance", "NZBA"],
    "Net Zero Asset Managers initiative": ["Net Zero Asset Managers"],
    "First Movers Coalition": [], "Climate Neutral Now": [],
}

#: organisation name endings that tell the kind of a new organisation
KIND_BY_NAME = [
    (r"\b(?:laborato(?:ry|ire)|lab|institut[e]?|university|université|universite|research|recherche|cnrs|école|school|academy)\b", "research_institute"),
    (r"\b(?:council|foundation|fondation|fund|fonds|wwf|greenpeace|association|ong|ngo|alliance|trust|society|network|réseau|coalition|carbon trust|cdp)\b", "ngo"),
    (r"\b(?:consulting|conseil|consultants?|advisory|advisors|partners|mckinsey|deloitte|accenture|capgemini|kpmg|pwc|bcg|ey|impact)\b", "consultancy"),
    (r"\b(?:ministère|ministry|agence|agency|government|gouvernement|commission|département|department|ville de|city of|région|state of|ademe|epa|autorité|authority|office|administration)\b", "government"),
    (r"\b(?:aws|azure|cloud|ovh\w*|google cloud|data ?cent(?:er|re)s?)\b", "cloud_provider"),
]


@dataclass
class OrgInfo:
    name: str
    aliases: set[str] = field(default_factory=set)
    kind: str = "other"
    iri: str | None = None
    publisher: bool = False
    parents: set[str] = field(default_factory=set)


class Gazetteer:
    """What the graph knows (organisations, people, platforms, initiatives with their aliases),
    plus the built-in initiatives, so that mentions land on existing IRIs."""

    def __init__(self):
        self.orgs: dict[str, OrgInfo] = {}
        self.people: dict[str, set[str]] = {}
        self.platforms: dict[str, tuple[set[str], str | None]] = {}
        self.initiatives: dict[str, set[str]] = {}
        self.initiative_iris: dict[str, str] = {}
        self._regex = None
        self._lookup: dict[str, tuple[str, str]] = {}
        for name, aliases in BUILTIN_INITIATIVES.items():
            self.initiatives.setdefault(name, set()).update(aliases)

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def empty(cls) -> "Gazetteer":
        """Only the built-in initiatives: extraction without a graph."""
        return cls()

    @classmethod
    def from_store(cls, store) -> "Gazetteer":
        """Read organisations (labels, aliases, class → kind, parents), people, platforms (with
        the organisation operating them) and initiatives from a kg.store.Store."""
        g = cls()
        pre = ("PREFIX cckg: <https://w3id.org/climate-commitments/ontology#>\n"
               "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
               "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")
        rows = store.select(pre + """SELECT ?o ?label ?alias ?cls ?parent WHERE {
            ?o a/rdfs:subClassOf* cckg:Organisation ; rdfs:label ?label .
            OPTIONAL { ?o skos:altLabel ?alias } OPTIONAL { ?o a ?cls }
            OPTIONAL { ?o cckg:subsidiaryOf/rdfs:label ?parent } }""").rows
        classes: dict[str, set[str]] = {}
        for o, label, alias, cls_, parent in rows:
            info = g.orgs.setdefault(label.value, OrgInfo(label.value, iri=o.value))
            if alias is not None and alias.value != label.value:
                info.aliases.add(alias.value)
            if cls_ is not None:
                classes.setdefault(label.value, set()).add(cls_.value.rsplit("#", 1)[-1])
            if parent is not None:
                info.parents.add(parent.value)
        for name, info in g.orgs.items():
            cl = classes.get(name, set())
            info.kind = next((k for c, k in KIND_OF_CLASS if c in cl), "other")
            info.publisher = "Publisher" in cl
        for p, label, alias in store.select(pre + """SELECT ?p ?label ?alias WHERE {
                ?p a/rdfs:subClassOf* cckg:Person ; rdfs:label ?label . OPTIONAL { ?p skos:altLabel ?alias } }""").rows:
            g.people.setdefault(label.value, set())
            if alias is not None:
                g.people[label.value].add(alias.value)
        for p, label, alias, op in store.select(pre + """SELECT ?p ?label ?alias ?op WHERE {
                ?p a cckg:Platform ; rdfs:label ?label . OPTIONAL { ?p skos:altLabel ?alias }
                OPTIONAL { ?p cckg:operatedBy/rdfs:label ?op } }""").rows:
            aliases, operator = g.platforms.get(label.value, (set(), None))
            if alias is not None:
                aliases.add(alias.value)
            g.platforms[label.value] = (aliases, op.value if op is not None else operator)
        for i, label, alias in store.select(pre + """SELECT ?i ?label ?alias WHERE {
                ?i a/rdfs:subClassOf* cckg:Initiative ; rdfs:label ?label . OPTIONAL { ?i skos:altLabel ?alias } }""").rows:
            g.initiatives.setdefault(label.value, set())
            g.initiative_iris[label.value] = i.value
            if alias is not None:
                g.initiatives[label.value].add(alias.value)
        return g

    # -- look-ups ----------------------------------------------------------------------------
    def iri_of(self, name: str) -> str | None:
        """The graph IRI of an organisation's canonical name (or alias); None for new ones."""
        if name in self.orgs:
            return self.orgs[name].iri
        hit = self._lookup_table().get(_key(name))
        if hit and hit[0] == "org":
            return self.orgs[hit[1]].iri
        return None

    def _entries(self):
        for name, info in self.orgs.items():
            yield "org", name, {name, *info.aliases}
        for name, (aliases, _op) in self.platforms.items():
            yield "platform", name, {name, *aliases}
        for name, aliases in self.initiatives.items():
            yield "initiative", name, {name, *aliases}
        for name, aliases in self.people.items():
            yield "person", name, {name, *aliases}

    def _lookup_table(self) -> dict[str, tuple[str, str]]:
        if not self._lookup:
            for kind, name, surfaces in self._entries():
                for s in surfaces:
                    self._lookup.setdefault(_key(s), (kind, name))
        return self._lookup

    def regex(self) -> re.Pattern:
        """One alternation of every alias, longest first; short or one-word aliases are
        case-sensitive ('Empower' is not 'empower'), longer ones are not."""
        if self._regex is None:
            surfaces = set()
            for _kind, _name, ss in self._entries():
                surfaces.update(s for s in ss if len(s.strip()) >= 2 and not s.startswith("@"))
            alts = []
            for s in sorted(surfaces, key=lambda x: (-len(x), x)):
                body = _alias_regex(s)
                insensitive = (len(s.split()) >= 2 and len(s) >= 8) or s[:1].islower()
                alts.append(f"(?i:{body})" if insensitive else body)
            pattern = r"(?<![\w@])(?:" + "|".join(alts) + r")(?![\w])" if alts else r"(?!x)x"
            self._regex = re.compile(pattern)
            self._lookup_table()
        return self._regex

    def resolve(self, surface: str) -> tuple[str, str] | None:
        """(kind, canonical name) of a surface form the regex matched."""
        return self._lookup_table().get(_key(surface))


def guess_kind(name: str) -> str:
    """The kind of a new organisation from its name (KIND_BY_NAME), else a company."""
    low = name.lower()
    for pattern, kind in KIND_BY_NAME:
        if re.search(pattern, low):
            return kind
    return "company"
