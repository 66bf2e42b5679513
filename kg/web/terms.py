"""The ontology as the pages need it: every term's labels in English and French, definitions, kind
and place in the class tree, read once per snapshot (the terms rdfs:isDefinedBy the ontology)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..iris import CCKG_NS, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS
from ..store.embedded import Term

TERMS = f"""SELECT ?term ?p ?o WHERE {{
  {{ ?term <{RDFS}isDefinedBy> <{ONTOLOGY_IRI}> }} UNION {{ BIND(<{ONTOLOGY_IRI}> AS ?term) }}
  ?term ?p ?o
}}"""
KINDS = {OWL + "Class": "class", OWL + "ObjectProperty": "object property",
         OWL + "DatatypeProperty": "datatype property", OWL + "AnnotationProperty": "annotation property",
         SKOS + "ConceptScheme": "concept scheme", SKOS + "Concept": "concept", OWL + "Ontology": "ontology"}


@dataclass
class TermInfo:
    """One term of the ontology: what its page and the labels elsewhere show."""

    iri: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> label
    definitions: dict[str, str] = field(default_factory=dict)
    comments: list[tuple[str, str]] = field(default_factory=list)  # (language, text)
    kinds: list[str] = field(default_factory=list)
    triples: list[tuple[Term, Term]] = field(default_factory=list)  # (predicate, object)

    @property
    def name(self) -> str:
        return self.iri[len(CCKG_NS):] if self.iri.startswith(CCKG_NS) else self.iri

    @property
    def kind(self) -> str:
        named = [KINDS[k] for k in self.kinds if k in KINDS]
        return next((k for k in named if k != "concept"), named[0] if named else "term")

    def objects(self, predicate: str) -> list[Term]:
        return [o for p, o in self.triples if p.value == predicate]


class Vocabulary:
    """The ontology's terms by IRI, labels in English by default, and the class tree."""

    def __init__(self, rows):
        self.terms: dict[str, TermInfo] = {}
        for term, p, o in rows:
            if term is None or term.kind != "uri":
                continue
            info = self.terms.setdefault(term.value, TermInfo(term.value))
            info.triples.append((p, o))
            lang = (o.lang or "") if o.kind == "literal" else ""
            if p.value == RDFS + "label":
                info.labels.setdefault(lang or "en", o.value)
            elif p.value == SKOS + "definition":
                info.definitions.setdefault(lang or "en", o.value)
            elif p.value == RDFS + "comment":
                info.comments.append((lang, o.value))
            elif p.value == RDF + "type":
                info.kinds.append(o.value)
        self.parents = {iri: {o.value for o in info.objects(RDFS + "subClassOf") if o.kind == "uri"}
                        for iri, info in self.terms.items()}

    def label(self, iri, lang: str = "en") -> str:
        """A term's label (English unless asked), else its local name."""
        value = iri.value if isinstance(iri, Term) else str(iri)
        info = self.terms.get(value)
        if info and info.labels:
            return info.labels.get(lang) or info.labels.get("en") or next(iter(info.labels.values()))
        return value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def ancestors(self, iri: str) -> set[str]:
        """A class and every class above it (rdfs:subClassOf, transitively)."""
        seen, todo = set(), [iri]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.parents.get(current, ()))
        return seen

    def is_a(self, types, wanted: str) -> bool:
        """Whether any of `types` is the class `wanted` or below it."""
        return any(wanted in self.ancestors(t.value if isinstance(t, Term) else t) for t in types)

    def most_specific(self, types) -> list[str]:
        """Of several classes, the ones no other one is below (a Company, not also an Organisation)."""
        values = {t.value if isinstance(t, Term) else t for t in types}
        return sorted(t for t in values if not any(t != u and t in self.ancestors(u) for u in values))

    def of_kind(self, kind: str) -> list[TermInfo]:
        return sorted((t for t in self.terms.values() if t.kind == kind and t.iri.startswith(CCKG_NS)),
                      key=lambda t: t.name.lower())

    def subclasses(self, iri: str) -> list[str]:
        return sorted(t for t, parents in self.parents.items() if iri in parents)


def vocabulary(site) -> Vocabulary:
    """The ontology's terms, read once per snapshot."""
    return site.cached("vocabulary", lambda: Vocabulary(site.source.select(TERMS).rows))
