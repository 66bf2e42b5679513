"""What entity resolution needs from the curated graph: its organisations' names and identifiers."""
from __future__ import annotations

from ...iris import CCKG_NS, KGR_NS, RDFS, SKOS
from .cells import normalise_name
from .terms import IMPORTED_GRAPH_NS, cckg_term


class Curated:
    """What entity resolution needs from the curated graph (imported graphs left out)."""

    def __init__(self, known):
        self.orgs: dict[str, dict[str, set[str]]] = {}
        self.by_lei: dict[str, set[str]] = {}
        self.by_isin: dict[str, set[str]] = {}
        self.by_name: dict[str, set[str]] = {}
        self.described: set[str] = set()
        if known is None:
            return
        imported = [g for g in known.graphs() if g.startswith(IMPORTED_GRAPH_NS)]
        if imported:
            known = known.without(*imported)
        rows = known.select(f"""
            PREFIX cckg: <{CCKG_NS}> PREFIX rdfs: <{RDFS}> PREFIX skos: <{SKOS}>
            SELECT ?o ?p ?v WHERE {{
              ?o a/rdfs:subClassOf* cckg:Organisation .
              VALUES ?p {{ rdfs:label skos:altLabel cckg:lei cckg:isin cckg:sector cckg:country cckg:region
                          cckg:organisationType }}
              ?o ?p ?v }}""").rows
        for o, p, v in rows:
            props = self.orgs.setdefault(o.value, {})
            props.setdefault(p.value, set()).add(v.value)
            if p.value == cckg_term("lei"):
                self.by_lei.setdefault(v.value, set()).add(o.value)
            elif p.value == cckg_term("isin"):
                self.by_isin.setdefault(v.value, set()).add(o.value)
            elif p.value in (RDFS + "label", SKOS + "altLabel") and normalise_name(v.value):
                self.by_name.setdefault(normalise_name(v.value), set()).add(o.value)
        self.described = {r[0].value for r in known.select(
            f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{KGR_NS}")) }}').rows}

    def describes(self, iri: str) -> bool:
        return iri in self.described

    def names(self, iri: str) -> set[str]:
        props = self.orgs.get(iri, {})
        return props.get(RDFS + "label", set()) | props.get(SKOS + "altLabel", set())

    def value(self, iri: str, prop: str) -> set[str]:
        return self.orgs.get(iri, {}).get(prop, set())
