"""Compacted JSON-LD: the graph as JSON a person reads, one node object per subject, in bounded memory.

The `@context` holds the project's prefixes and makes our vocabulary the default (`@vocab`), so keys
read `targetYear` or `rdfs:label` and ids `kgr:org-netflix`; every value stays a string (typed values
as {"@value", "@type"}), so JSON-LD processors give back exactly the triples that were written.
Written here rather than by pyld's `from_rdf` and `compact`: they work on the whole document at once,
where this writes one subject's node object at a time as the sorted triples stream by. pyld is the
judge instead: tests/store/test_export_formats.py reads every export back with it.
"""
from __future__ import annotations

import io
import itertools
import json
from typing import IO, Iterable, Iterator

import pyoxigraph as ox

from ..errors import KgError
from ..iris import CCKG_NS, RDF
from .embedded import LinesReader

RDF_TYPE = RDF + "type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def context(prefixes: dict[str, str], vocab: str = CCKG_NS) -> dict[str, str]:
    """The @context: our vocabulary as @vocab, then every prefix."""
    return {"@vocab": vocab, **prefixes}


class Compactor:
    """Terms to their compacted JSON-LD spelling under `context(prefixes, vocab)`."""

    def __init__(self, prefixes: dict[str, str], vocab: str = CCKG_NS):
        self.prefixes = dict(prefixes)
        self.vocab = vocab
        # longest namespace first, so that the most specific prefix wins
        self.namespaces = sorted(self.prefixes.items(), key=lambda item: -len(item[1]))
        self.seen: dict[str, str] = {}

    def iri(self, iri: str, vocab: bool = False) -> str:
        """An IRI as a term of @vocab (keys, types: `vocab`), a compact IRI `prefix:name`, or whole."""
        if not vocab:
            return self.spelling(iri, vocab)
        if iri not in self.seen:  # keys, classes and datatypes: few, and met on every node
            self.seen[iri] = self.spelling(iri, vocab)
        return self.seen[iri]

    def spelling(self, iri: str, vocab: bool) -> str:
        """`iri`, uncached: the @vocab term, else the compact IRI of the longest namespace, else the IRI."""
        if vocab and iri.startswith(self.vocab):
            name = iri[len(self.vocab):]
            if name and ":" not in name and not name.startswith("@") and name not in self.prefixes:
                return name
        for prefix, namespace in self.namespaces:
            if iri.startswith(namespace) and not iri[len(namespace):].startswith("//"):
                return f"{prefix}:{iri[len(namespace):]}"
        scheme = iri.split(":", 1)[0]
        if scheme in self.prefixes:  # JSON-LD would read it as a compact IRI: another IRI
            raise KgError(f"<{iri}>: cannot be written in this JSON-LD: its scheme {scheme!r} is the name of a "
                          f"prefix, so it would read as <{self.prefixes[scheme]}{iri[len(scheme) + 1:]}>")
        return iri

    def reference(self, node) -> str:
        """A subject or an IRI/blank-node object: its @id."""
        return f"_:{node.value}" if isinstance(node, ox.BlankNode) else self.iri(node.value)

    def value(self, term) -> object:
        """An object: {"@id"} for a node, a string for an xsd:string literal, else a value object."""
        if not isinstance(term, ox.Literal):
            return {"@id": self.reference(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": self.iri(term.datatype.value, vocab=True)}

    def node(self, subject, triples: Iterable) -> dict:
        """The node object of one subject from its triples: @id, @type, then keys in order."""
        types, keys = [], {}
        for t in triples:
            if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                types.append(self.iri(t.object.value, vocab=True))
            else:
                keys.setdefault(self.iri(t.predicate.value, vocab=True), []).append(self.value(t.object))
        node: dict[str, object] = {"@id": self.reference(subject)}
        if types:
            node["@type"] = types[0] if len(types) == 1 else types
        for key in sorted(keys):
            node[key] = keys[key][0] if len(keys[key]) == 1 else keys[key]
        return node


def nodes(triples: Iterable, compactor: Compactor) -> Iterator[dict]:
    """One node object per run of triples with the same subject (sorted triples: one per subject)."""
    for subject, group in itertools.groupby(triples, key=lambda t: t.subject):
        yield compactor.node(subject, group)


def write(triples: Iterable, out: IO[bytes], prefixes: dict[str, str], vocab: str = CCKG_NS) -> None:
    """A JSON-LD document, {"@context", "@graph": [node objects]}, written as the triples come: one
    subject's node at a time in memory, two-space indents, one key per line."""
    ctx = context(prefixes, vocab)
    head = json.dumps({"@context": ctx}, indent=2, ensure_ascii=False)[:-2]
    out.write(f'{head},\n  "@graph": ['.encode())
    separator = "\n"
    for node in nodes(triples, Compactor(prefixes, vocab)):
        text = json.dumps(node, indent=2, ensure_ascii=False).replace("\n", "\n    ")
        out.write(f"{separator}    {text}".encode())
        separator = ",\n"
    out.write(("\n  ]\n}\n" if separator == ",\n" else "]\n}\n").encode())


def parsed(lines: Iterable[bytes]) -> Iterator:
    """The triples of N-Triples lines, parsed as the lines come."""
    return ox.parse(io.BufferedReader(LinesReader(lines)), format=ox.RdfFormat.N_TRIPLES)
