"""Writing SPARQL text: namespaces, IRIs and literals, error-proof boolean expressions, path patterns."""
from __future__ import annotations

import re

from ..errors import KgError

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def iri(value: str) -> str:
    if re.search(r'[\x00-\x20<>"{}|^`\\]', value):
        raise KgError(f"<{value}> is not an IRI SPARQL can state")
    return f"<{value}>"


def string(text: str) -> str:
    return '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                  .replace("\r", "\\r").replace("\t", "\\t")) + '"'


def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> str:
    if lang:
        return f"{string(lexical)}@{lang}"
    if datatype and datatype != XSD + "string":
        return f"{string(lexical)}^^{iri(datatype)}"
    return string(lexical)


def and_(parts) -> str:
    parts = [p for p in parts if p != "true"]
    if not parts:
        return "true"
    if "false" in parts:
        return "false"
    return "(" + " && ".join(f"COALESCE({p}, false)" for p in parts) + ")"


def or_(parts) -> str:
    parts = [p for p in parts if p != "false"]
    if not parts:
        return "false"
    if "true" in parts:
        return "true"
    return "(" + " || ".join(f"COALESCE({p}, false)" for p in parts) + ")"


def not_(expr: str) -> str:
    return {"true": "false", "false": "true"}.get(expr, f"!COALESCE({expr}, false)")


def repeats(path: str) -> bool:
    """Whether a SPARQL property path has *, + or ? (outside IRIs): its pairs cannot be listed cheaply."""
    return bool(re.search(r"[*+?]", re.sub(r"<[^<>]*>", "", path)))


def path_pattern(this: str, path: str, value: str, hashed: bool) -> str:
    """The pattern `this path value`; with `hashed`, as a sub-select, so that the store reads the path's
    pairs once and joins them with the focus nodes by hashing, instead of one index look-up per focus
    node (Oxigraph joins a triple pattern by look-ups, a sub-select by hashing: several times faster
    for thousands of focus nodes on the on-disk store). Only for broad focus sets (Focus.broad) and
    paths without repetition (whose pairs are a scan, not a closure over the whole graph)."""
    if hashed and not repeats(path):
        projected = this if this == value else f"{this} {value}"
        return f"{{ SELECT {projected} WHERE {{ {this} {path} {value} . }} }}"
    return f"{this} {path} {value} ."
