"""IRIs: namespaces, deterministic resource IRIs, CURIE compaction. No rdflib import (fast CLI)."""
from __future__ import annotations

import re
import unicodedata

ONTOLOGY_IRI = "https://w3id.org/climate-commitments/ontology"
CCKG_NS = ONTOLOGY_IRI + "#"
KGR_NS = "https://w3id.org/climate-commitments/id/"
SHAPES_NS = "https://w3id.org/climate-commitments/shapes#"
GRAPH_NS = "https://w3id.org/climate-commitments/graph/"
INFERRED_GRAPH = GRAPH_NS + "inferred"
PUSH_GRAPH = GRAPH_NS + "kg"  # the graph `kg push` replaces and `kg query --endpoint` reads, by default  # what OWL reasoning entails (kg.reason), kept apart from what sources state

PREFIXES = {
    "cckg": CCKG_NS,
    "kgr": KGR_NS,
    "cckgsh": SHAPES_NS,
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "qudt": "http://qudt.org/schema/qudt/",
    "time": "http://www.w3.org/2006/time#",
    "sh": "http://www.w3.org/ns/shacl#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# the namespaces code builds IRIs in most often
RDF, RDFS, OWL, XSD = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"], PREFIXES["xsd"]
SKOS, SCHEMA, OA, PROV, DCTERMS = (PREFIXES[p] for p in ("skos", "schema", "oa", "prov", "dcterms"))


# Letters that Unicode does not decompose into an ASCII base letter plus accents.
# Latin letters that Unicode does not decompose into an ASCII base letter (NFKD would drop them)
_TRANSLITERATE = str.maketrans({"Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss",
                                "ẞ": "SS", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
                                "Þ": "Th", "þ": "th", "ı": "i", "Ħ": "H", "ħ": "h", "ĸ": "k", "Ŋ": "N",
                                "ŋ": "n", "Ŧ": "T", "ŧ": "t"})


def ascii_fold(text: str) -> str:
    """Text in ASCII letters: Ø -> O, ß -> ss, é -> e...; other characters dropped."""
    text = unicodedata.normalize("NFKD", str(text).translate(_TRANSLITERATE))
    return text.encode("ascii", "ignore").decode("ascii")


def slug(*parts: object) -> str:
    """Lower-case ASCII slug of a delimited key: slug("Blue Soft", "Empower") == "blue-soft-empower",
    slug("Ørsted") == "orsted"."""
    text = ascii_fold(" ".join(str(p) for p in parts if p is not None and str(p) != "")).lower()
    text = text.replace("%", " percent ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def resource(kind: str, *key: object) -> str:
    """The deterministic IRI of a resource: resource("org", "Netflix") == kgr:org-netflix."""
    s = slug(*key)
    if not s:
        raise ValueError(f"empty key for a {kind} IRI: {key!r}")
    return f"{KGR_NS}{kind}-{s}"


def evidence_iri(article_id: str, start: int, end: int) -> str:
    """Evidence IRIs are keyed on the article and the quoted span."""
    return f"{KGR_NS}ev-{article_id}-{start}-{end}"


def compact(iri: str) -> str:
    """Shorten an IRI with the project's prefixes (for tables and messages)."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    if best:
        local = iri[len(best):]
        if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*", local) and not local.endswith("."):
            return f"{name}:{local}"
    return f"<{iri}>"


def expand(curie_or_iri: str) -> str | None:
    """Expand a CURIE with a known prefix, or return a bracketed/absolute IRI; None otherwise."""
    v = curie_or_iri.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", v) or v.startswith("urn:"):
        return v
    if ":" in v:
        prefix, local = v.split(":", 1)
        if prefix in PREFIXES:
            return PREFIXES[prefix] + local
    return None
