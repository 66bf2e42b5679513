"""What several pages ask the graph: a resource's types and its triples with the labels of what they
link to, and the quotes behind facts (the evidence, its exact text, its place in its article or
dataset record). Values are bound as RDF terms (kg.web.source: pre-bound, never pasted)."""
from __future__ import annotations

from dataclasses import dataclass

from ..iris import KGR_NS, PREFIXES
from ..store.embedded import Term

PREFIX = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("cckg", "rdfs", "skos", "oa", "org", "schema",
                                                              "prov", "xsd", "dcterms", "rdf"))


def label_of(var: str, prop: str = "rdfs:label") -> str:
    """An OPTIONAL English (or untagged) label of ?var as ?varLabel."""
    return (f'OPTIONAL {{ ?{var} {prop} ?{var}Label FILTER(LANG(?{var}Label) = "" || '
            f'LANGMATCHES(LANG(?{var}Label), "en")) }}')


def rows(site, text: str, **iris: str) -> list[dict]:
    """The rows (dicts of Terms) of one of the pages' queries, `iris` pre-bound as IRIs."""
    bindings = {name: Term.iri(value) for name, value in iris.items()}
    return site.source.select(PREFIX + text, bindings=bindings or None).dicts()


TYPES = "SELECT DISTINCT ?type WHERE { { ?this a ?type } UNION { ?this ?p ?o FILTER NOT EXISTS { ?this a ?any } } }"
OUTGOING = f"""SELECT ?p ?o ?oLabel WHERE {{
  ?this ?p ?o .
  {label_of("o")}
}}"""
INCOMING = f"""SELECT ?s ?p ?sLabel WHERE {{
  ?s ?p ?this .
  {label_of("s")}
}} LIMIT 2001"""
QUOTES = f"""SELECT ?fact ?evidence ?exact ?start ?end ?source ?sourceLabel ?headline ?published ?confidence
       ?derivedFrom ?derivedFromLabel WHERE {{
  ?fact cckg:evidence ?evidence .
  OPTIONAL {{ ?evidence oa:hasSource ?source .
             OPTIONAL {{ ?source schema:headline ?headline }}
             OPTIONAL {{ ?source schema:datePublished ?published }}
             {label_of("source")} }}
  OPTIONAL {{ ?evidence oa:hasSelector ?quote . ?quote oa:exact ?exact }}
  OPTIONAL {{ ?evidence oa:hasSelector ?position . ?position oa:start ?start ; oa:end ?end }}
  OPTIONAL {{ ?evidence cckg:confidence ?confidence }}
  OPTIONAL {{ ?fact prov:wasDerivedFrom ?derivedFrom . {label_of("derivedFrom")} }}
}} ORDER BY ?fact ?source ?start ?evidence"""


@dataclass(frozen=True)
class Quote:
    """One evidence of a fact: the exact text and where it is (`href`: its highlighted passage)."""

    evidence: str
    exact: str
    source: str | None
    source_label: str
    published: str
    confidence: float | None
    start: int | None
    end: int | None
    derived_from: str | None = None
    derived_from_label: str = ""

    @property
    def anchor(self) -> str:
        return self.evidence[len(KGR_NS):] if self.evidence.startswith(KGR_NS) else ""

    @property
    def href(self) -> str:
        from .site import href

        return f"{href(self.source)}#{self.anchor}" if self.source else href(self.evidence)


def quotes(site, facts) -> dict[str, list[Quote]]:
    """{fact IRI: its quotes} for the given facts (IRIs), in one query."""
    wanted = sorted({f for f in facts if f})
    if not wanted:
        return {}
    found: dict[str, dict[str, Quote]] = {}
    for r in site.source.select(PREFIX + QUOTES, bindings={"fact": [Term.iri(f) for f in wanted]}).dicts():
        fact, evidence = r["fact"].value, r["evidence"].value
        confidence = r["confidence"]
        quote = Quote(evidence, r["exact"].value if r["exact"] else "",
                      r["source"].value if r["source"] else None,
                      (r["headline"] or r["sourceLabel"] or r["source"] or Term.literal("")).value,
                      r["published"].value if r["published"] else "",
                      float(confidence.value) if confidence else None,
                      int(r["start"].value) if r["start"] else None, int(r["end"].value) if r["end"] else None,
                      r["derivedFrom"].value if r["derivedFrom"] else None,
                      r["derivedFromLabel"].value if r["derivedFromLabel"] else "")
        found.setdefault(fact, {}).setdefault(evidence, quote)
    return {fact: list(by_evidence.values()) for fact, by_evidence in found.items()}


LABELS = f"""SELECT ?r ?rLabel WHERE {{ {label_of("r")} }}"""


def labels(site, iris) -> dict[str, str]:
    """The English (or untagged) labels of resources, in one query: {IRI: label}."""
    wanted = sorted({i for i in iris if i})
    if not wanted:
        return {}
    found = site.source.select(PREFIX + LABELS, bindings={"r": [Term.iri(i) for i in wanted]}).dicts()
    return {r["r"].value: r["rLabel"].value for r in found if r["rLabel"] is not None}


def types(site, iri: str) -> list[str]:
    """The resource's classes; [""] when it has triples but no class; [] when the graph has nothing on it."""
    return [r["type"].value if r["type"] else "" for r in rows(site, TYPES, this=iri)]


def outgoing(site, iri: str) -> list[dict]:
    return rows(site, OUTGOING, this=iri)


def incoming(site, iri: str) -> list[dict]:
    return rows(site, INCOMING, this=iri)


def first(found: list[dict], predicate: str, key: str = "o"):
    """The first object (or subject) of `predicate` among triples rows, or None."""
    return next((r[key] for r in found if r["p"].value == predicate), None)


def all_of(found: list[dict], predicate: str, key: str = "o") -> list[dict]:
    return [r for r in found if r["p"].value == predicate and r[key] is not None]


ORG_LINKS = "|".join(f"cckg:{p}" for p in ("madeBy", "emittedBy", "actor", "client", "partner", "participant",
                                            "statedBy", "about", "comparedWith")) + "|org:organization"
