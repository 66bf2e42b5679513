"""`kg export` and `kg stats`: the built graph as files, and what it holds in numbers."""
from __future__ import annotations

from typing import IO

from ..errors import KgError
from ..iris import CCKG_NS, PREFIXES
from .embedded import Store

FORMATS = ("turtle", "nt", "jsonld", "xml", "trig", "nquads")


def serialize(store: Store, fmt: str) -> bytes:
    """Deterministic, lossless serialisation of the built graph, written by pyoxigraph.

    Triples are sorted and blank nodes relabelled canonically (RDFC-1.0), so the same graph always
    gives the same bytes and Turtle diffs line by line (one subject block each, one predicate per
    line). Not rdflib: its `longturtle` re-spells the store's canonical integral decimals ("1"
    becomes 1.0, another RDF term), its RDF/XML writer drops triples around OWL lists, and it is
    about 50x slower at a million triples.
    """
    if fmt not in FORMATS:
        raise KgError(f"{fmt}: unknown export format (choose from {', '.join(FORMATS)})")
    if fmt in ("trig", "nquads"):  # named graphs kept: one per source file (and the inferred graph)
        return store.dataset(fmt, PREFIXES)
    return store.serialize(fmt, PREFIXES)


def export(store: Store, fmt: str, out: IO[bytes]) -> None:
    """`serialize(store, fmt)`, the same bytes, written to `out` as they are made: memory stays bounded
    whatever the size of the graph (an external sort, Store.sorted_lines), where serialize holds every line."""
    if fmt not in FORMATS:
        raise KgError(f"{fmt}: unknown export format (choose from {', '.join(FORMATS)})")
    store.write(fmt, out, PREFIXES)


STATS_QUERY = f"""
PREFIX cckg: <{CCKG_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  VALUES (?what ?class) {{
    ("organisations" cckg:Organisation) ("people" cckg:Person) ("pledges" cckg:Pledge)
    ("emission_figures" cckg:EmissionFigure) ("articles" cckg:Article) ("facts" cckg:Fact)
    ("evidence" cckg:Evidence) ("initiatives" cckg:Initiative) ("platforms" cckg:Platform)
  }}
  ?x a/rdfs:subClassOf* ?class .
}} GROUP BY ?what
"""

NO_EVIDENCE_QUERY = f"""
PREFIX cckg: <{CCKG_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{
  ?f a/rdfs:subClassOf* cckg:Fact .
  FILTER NOT EXISTS {{ ?f cckg:evidence ?e }}
}}
"""

STAT_ORDER = ["triples", "inferred_triples", "organisations", "people", "pledges", "emission_figures", "facts",
              "facts_without_evidence", "evidence", "articles", "initiatives", "platforms"]


def stats(store: Store) -> dict[str, int]:
    counts = {k: 0 for k in STAT_ORDER}
    counts["triples"] = store.triple_count()
    for what, n in store.select(STATS_QUERY).rows:
        counts[what.value] = int(n.value)
    counts["facts_without_evidence"] = int(store.select(NO_EVIDENCE_QUERY).rows[0][0].value)
    from ..iris import INFERRED_GRAPH

    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}")
    counts["inferred_triples"] = int(rows.rows[0][0].value)
    return counts
