"""`kg export` and `kg stats`: the built graph as files, and what it holds in numbers."""
from __future__ import annotations

import io
from pathlib import PurePath
from typing import IO

from ..errors import KgError
from ..iris import CCKG_NS, PREFIXES
from . import jsonld
from .embedded import Store

FORMATS = ("turtle", "nt", "jsonld", "xml", "trig", "nquads")
# the other names users type, from Jena's riot (--output) and Raptor's rapper (-o); matched ignoring case
ALIASES = {"turtle": ("ttl",), "nt": ("ntriples", "n-triples"), "jsonld": ("json-ld",),
           "xml": ("rdfxml", "rdf/xml", "rdf"), "trig": (), "nquads": ("nq", "n-quads")}
NAMES = {name: fmt for fmt in FORMATS for name in (fmt, *ALIASES[fmt])}
SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "xml", ".owl": "xml",
            ".xml": "xml", ".trig": "trig", ".nq": "nquads"}
AMBIGUOUS = (".json", ".owl", ".xml")  # suffixes other formats use too (RDF/JSON, OWL/XML, any XML)
TITLES = {"turtle": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "xml": "RDF/XML", "trig": "TriG",
          "nquads": "N-Quads"}


def accepted() -> str:
    """The format names, each with its aliases: "turtle (ttl), nt (ntriples, n-triples), ..."."""
    return ", ".join(f"{fmt} ({', '.join(ALIASES[fmt])})" if ALIASES[fmt] else fmt for fmt in FORMATS)


def format_named(name: str) -> str:
    """The export format a name stands for (`ttl` -> turtle, `RDF/XML` -> xml); KgError if none."""
    fmt = NAMES.get(name.strip().lower())
    if fmt is None:
        raise KgError(f"-f {name}: unknown export format; accepted: {accepted()}")
    return fmt


def format_for_file(path: str) -> tuple[str, bool]:
    """The export format a file's suffix says (x.ttl -> turtle), and whether that suffix is ambiguous."""
    suffix = PurePath(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise KgError(f"-o {path}: cannot tell the format from the suffix {suffix or '(none)'}; give -f, or end "
                      f"the name with one of {' '.join(SUFFIXES)}")
    return SUFFIXES[suffix], suffix in AMBIGUOUS


def serialize(store: Store, fmt: str) -> bytes:
    """Deterministic, lossless serialisation of the built graph, written by pyoxigraph (JSON-LD: kg.store.jsonld).

    Triples are sorted and blank nodes relabelled canonically (RDFC-1.0), so the same graph always
    gives the same bytes and Turtle diffs line by line (one subject block each, one predicate per
    line). Not rdflib: its `longturtle` re-spells the store's canonical integral decimals ("1"
    becomes 1.0, another RDF term), its RDF/XML writer drops triples around OWL lists, and it is
    about 50x slower at a million triples.
    """
    fmt = format_named(fmt)
    if fmt == "jsonld":
        out = io.BytesIO()
        export(store, fmt, out)
        return out.getvalue()
    if fmt in ("trig", "nquads"):  # named graphs kept: one per source file (and the inferred graph)
        return store.dataset(fmt, PREFIXES)
    return store.serialize(fmt, PREFIXES)


def export(store: Store, fmt: str, out: IO[bytes]) -> None:
    """`serialize(store, fmt)`, the same bytes, written to `out` as they are made: memory stays bounded
    whatever the size of the graph (an external sort, Store.sorted_lines), where serialize holds every line.
    JSON-LD is compacted with an @context of our prefixes, one node object per subject (kg.store.jsonld)."""
    from ..progress import writing

    fmt = format_named(fmt)
    if fmt != "jsonld":
        with writing(out, "exporting") as sink:  # bytes written, on a terminal (and the sort's time before)
            store.write(fmt, sink, PREFIXES)
        return
    lines = store.sorted_lines()
    try:
        with writing(out, "exporting") as sink:
            jsonld.write(jsonld.parsed(lines), sink, PREFIXES)
    finally:
        lines.close()  # the temporary files go now, not when the generator is collected


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
    """What `kg stats` prints: triples, organisations, pledges..., counted by the engine (a spinner when slow)."""
    from ..progress import spinner

    with spinner("counting"):
        return _counts(store)


def _counts(store: Store) -> dict[str, int]:
    counts = {k: 0 for k in STAT_ORDER}
    counts["triples"] = store.triple_count()
    for what, n in store.select(STATS_QUERY).rows:
        counts[what.value] = int(n.value)
    counts["facts_without_evidence"] = int(store.select(NO_EVIDENCE_QUERY).rows[0][0].value)
    from ..iris import INFERRED_GRAPH

    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}")
    counts["inferred_triples"] = int(rows.rows[0][0].value)
    return counts
