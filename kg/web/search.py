"""Search by name, alias, LEI, ISIN or Wikidata id: prefix matches, accents and case folded on both
sides, over an index of the organisations, people, initiatives and platforms read once per snapshot
(two queries; a search is then a scan of folded strings in memory, a few milliseconds at SBTi size)."""
from __future__ import annotations

from dataclasses import dataclass, field
import re
import unicodedata

from ..iris import CCKG_NS
from .facts import PREFIX

# two queries, joined here: joined in SPARQL they take 2.6 s on the SBTi graph, apart 0.15 s
KINDS = """SELECT ?r ?kind WHERE {
  VALUES ?top { cckg:Organisation cckg:Person cckg:Initiative cckg:Platform }
  ?kind rdfs:subClassOf* ?top .
  ?r a ?kind .
}"""
KEYS = """SELECT ?r ?field ?text WHERE {
  { ?r rdfs:label ?text BIND("name" AS ?field) } UNION { ?r skos:altLabel ?text BIND("alias" AS ?field) }
  UNION { ?r cckg:lei ?text BIND("LEI" AS ?field) } UNION { ?r cckg:isin ?text BIND("ISIN" AS ?field) }
  UNION { ?r cckg:wikidataId ?text BIND("Wikidata" AS ?field) }
}"""
# letters that Unicode does not decompose into a base letter and accents (after casefold)
LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
                         "ħ": "h", "ŋ": "n", "ŧ": "t"})
MAX_QUERY = 200
MAX_RESULTS = 50


def fold(text: str) -> str:
    """Lower case, accents removed, Ø -> o, ß -> ss, punctuation and spaces made single spaces:
    "Électricité  de France" -> "electricite de france"; other scripts kept as they are."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(LETTERS)
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


@dataclass
class Entry:
    """One searchable resource: its name, kind and every folded key it is found by."""

    iri: str
    name: str = ""
    kinds: set[str] = field(default_factory=set)
    keys: list[tuple[str, str, str]] = field(default_factory=list)  # (folded, field, original)


@dataclass
class Hit:
    iri: str
    name: str
    kind: str
    matched: str  # what matched, when not the name: "alias: AWS", "LEI: ..."
    rank: int


class Index:
    """The folded keys of every searchable resource."""

    def __init__(self, kinds, keys, vocabulary):
        entries: dict[str, Entry] = {}
        for r, kind in kinds:
            if r is not None and kind is not None:
                entries.setdefault(r.value, Entry(r.value)).kinds.add(kind.value)
        for r, where, text in keys:
            entry = entries.get(r.value) if r is not None and text is not None else None
            if entry is None:
                continue
            if where.value == "name" and (not entry.name or text.lang in (None, "en")):
                entry.name = text.value
            key = (fold(text.value), where.value, text.value)
            if key[0] and key not in entry.keys:
                entry.keys.append(key)
        self.entries = list(entries.values())
        self.vocabulary = vocabulary

    def kind(self, entry: Entry) -> str:
        specific = self.vocabulary.most_specific(entry.kinds)
        return ", ".join(self.vocabulary.label(k) for k in specific if k.startswith(CCKG_NS)) or "resource"

    def search(self, query: str, limit: int = MAX_RESULTS) -> tuple[list[Hit], int]:
        """Matches of `query`, best first: the whole of a key, the start of a name, the start of an alias
        or identifier, the start of a word in either; and how many there are in all."""
        wanted = fold(query[:MAX_QUERY])
        if not wanted:
            return [], 0
        hits = []
        for entry in self.entries:
            best = None
            for folded, where, original in entry.keys:
                if folded == wanted:
                    rank = 0
                elif folded.startswith(wanted):
                    rank = 1 if where == "name" else 2
                elif f" {wanted}" in f" {folded}":
                    rank = 3 if where == "name" else 4
                else:
                    continue
                if best is None or rank < best[0]:
                    best = (rank, where, original)
            if best is not None:
                rank, where, original = best
                matched = "" if where == "name" else f"{where}: {original}"
                hits.append(Hit(entry.iri, entry.name or entry.iri, "", matched, rank))
        hits.sort(key=lambda h: (h.rank, fold(h.name), h.iri))
        chosen = hits[:limit]
        by_iri = {e.iri: e for e in self.entries}
        for hit in chosen:
            hit.kind = self.kind(by_iri[hit.iri])
        return chosen, len(hits)


def index(site) -> Index:
    """The search index of the served data, built once per snapshot."""
    from .terms import vocabulary

    def build():
        found = site.source.many({"kinds": lambda s: s.select(PREFIX + KINDS).rows,
                                  "keys": lambda s: s.select(PREFIX + KEYS).rows,
                                  "vocabulary": lambda s: vocabulary(site)})
        return Index(found["kinds"], found["keys"], found["vocabulary"])

    return site.cached("search-index", build)
