"""OWL 2 RL with `reasonable` (Rust), plus the rules it lacks or runs quadratically (docs/reasoning.md, "Reasoning at scale")."""
from __future__ import annotations

from collections import defaultdict
import os
import sys
import tempfile
import types

import pyoxigraph as ox

from ..errors import KgError
from ..iris import OWL, RDF, RDFS
from .terms import TYPE
from .terms import closure as closure_of

CLASH_PREDICATES = {OWL + "disjointWith", OWL + "propertyDisjointWith", OWL + "differentFrom"}
CLASH_TYPES = {OWL + t for t in ("AllDisjointClasses", "AllDifferent", "AllDisjointProperties", "FunctionalProperty",
                                 "InverseFunctionalProperty", "IrreflexiveProperty", "AsymmetricProperty")}
BUILTIN_ANNOTATIONS = {RDFS + t for t in ("label", "comment", "seeAlso", "isDefinedBy")} | {
    OWL + t for t in ("versionInfo", "priorVersion", "backwardCompatibleWith", "incompatibleWith", "deprecated")}
MAX_ROUNDS = 10


class URIRef(str):
    """An IRI as reasonable's binding reads rdflib's (by class name), without importing rdflib."""


def engine_name() -> str:
    """'reasonable 0.4.4 (OWL 2 RL)': the engine and version actually imported."""
    import reasonable

    return f"reasonable {getattr(reasonable, '__version__', '?')} (OWL 2 RL)"


def _literal(value, language=None, datatype=None):
    """A pyoxigraph literal from what reasonable hands to rdflib.Literal."""
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)


class _Terms(dict):
    """IRI or blank node label -> pyoxigraph term, each made once."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        term = self[key] = self.make(key)
        return term


def materialised(reasoner) -> list[tuple]:
    """reasoner.reason() with pyoxigraph terms: its binding builds rdflib terms, 90 % of its time otherwise."""
    stand_in = types.SimpleNamespace(URIRef=_Terms(ox.NamedNode).__getitem__, BNode=_Terms(ox.BlankNode).__getitem__,
                                     Literal=_literal)
    saved = sys.modules.get("rdflib")
    sys.modules["rdflib"] = stand_in  # type: ignore[assignment]
    try:
        return reasoner.reason()
    finally:
        if saved is None:
            del sys.modules["rdflib"]
        else:
            sys.modules["rdflib"] = saved


def _rdf_list(head, first: dict, rest: dict) -> list:
    out, nil = [], ox.NamedNode(RDF + "nil")
    while head in first and head != nil:
        out.append(first[head])
        head = rest.get(head, nil)
    return out


class Axioms:
    """What the Python side evaluates: chains, functional properties, disjointness, different individuals."""

    def __init__(self, triples: list[tuple]):
        first, rest, inverse_of = {}, {}, {}
        by_type, chain_heads, disjoint_pairs, members = defaultdict(set), [], [], []
        for s, p, o in triples:
            pv = p.value
            if pv == RDF + "first":
                first[s] = o
            elif pv == RDF + "rest":
                rest[s] = o
            elif pv == OWL + "inverseOf":
                inverse_of[s] = o
            elif pv == TYPE and isinstance(o, ox.NamedNode):
                by_type[o.value].add(s)
            elif pv == OWL + "propertyChainAxiom":
                chain_heads.append((s, o))
            elif pv == OWL + "disjointWith":
                disjoint_pairs.append((s, o))
            elif pv in (OWL + "members", OWL + "distinctMembers"):
                members.append((s, o))
        # A chain step is (property, inverted?); an anonymous inverse is [ owl:inverseOf p ].
        step = lambda x: (inverse_of[x], True) if isinstance(x, ox.BlankNode) and x in inverse_of else (x, False)  # noqa: E731
        self.chains = [(p, [step(x) for x in _rdf_list(head, first, rest)]) for p, head in chain_heads]
        self.functional = by_type[OWL + "FunctionalProperty"]
        self.different: list[list] = []
        for node, head in members:
            items = _rdf_list(head, first, rest)
            if node in by_type[OWL + "AllDisjointClasses"]:
                disjoint_pairs += [(a, b) for i, a in enumerate(items) for b in items[i + 1:]]
            elif node in by_type[OWL + "AllDifferent"]:
                self.different.append(items)
        self.disjoint = [(a, b) for a, b in disjoint_pairs if isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode)]
        self.irreflexive = by_type[OWL + "IrreflexiveProperty"]
        self.annotations = by_type[OWL + "AnnotationProperty"] | {ox.NamedNode(a) for a in BUILTIN_ANNOTATIONS}


def reasoner_input(triples: list[tuple], axioms: Axioms) -> bytes:
    """N-Triples for reasonable: no annotation assertions (no OWL semantics) and no clash-only axioms."""
    keep = [ox.Triple(s, p, o) for s, p, o in triples
            if p.value not in CLASH_PREDICATES and p not in axioms.annotations
            and not (p.value == TYPE and isinstance(o, ox.NamedNode) and o.value in CLASH_TYPES)]
    return ox.serialize(keep, format=ox.RdfFormat.N_TRIPLES) or b""


def input_lines(ntriples: bytes, axioms: Axioms) -> bytes | None:
    """`reasoner_input` of N-Triples as our store writes them (`<s> <p> <o> .`, one space), filtered as bytes
    (2.7 s -> 0.9 s at 1M); None for any other layout."""
    drop = {f"<{p}>".encode() for p in CLASH_PREDICATES} | {
        f"<{a.value}>".encode() for a in axioms.annotations if isinstance(a, ox.NamedNode)}
    clash_types = {f"<{t}> .".encode() for t in CLASH_TYPES}
    rdf_type = f"<{TYPE}>".encode()
    kept = []
    for line in ntriples.splitlines():
        parts = line.split(b" ", 2)
        if len(parts) != 3 or not parts[1].startswith(b"<") or not parts[2].endswith(b" ."):
            return None
        if parts[1] in drop or (parts[1] == rdf_type and parts[2] in clash_types):
            continue
        kept.append(line)
    return b"\n".join(kept) + b"\n" if kept else b""


def _compose(edges: dict, steps: list) -> set:
    """The pairs a property chain links: each step a property, or its inverse."""
    pairs = None
    for q, inverted in steps:
        step = {(b, a) for a, b in edges[q]} if inverted else edges[q]
        if pairs is None:
            pairs = set(step)
            continue
        succ = defaultdict(set)
        for a, b in step:
            succ[a].add(b)
        pairs = {(x, z) for x, y in pairs for z in succ.get(y, ())}
    return pairs or set()


def missing(closure: list[tuple], axioms: Axioms) -> tuple[set, list[str]]:
    """What OWL 2 RL entails that reasonable did not give (prp-spo2 chains, prp-fp sameAs), and the clashes found."""
    same_as = ox.NamedNode(OWL + "sameAs")
    props = {p for p, _ in axioms.chains} | {q for _, steps in axioms.chains for q, _ in steps} | {same_as}
    edges = defaultdict(set)
    values = defaultdict(set)
    types_of = defaultdict(set)
    clashes: list[str] = []
    for s, p, o in closure:
        if p.value == TYPE:
            types_of[o].add(s)
        if p in props and not isinstance(o, ox.Literal):
            edges[p].add((s, o))
        if p in axioms.functional:
            values[(s, p)].add(o)
        elif p in axioms.irreflexive and s == o:
            clashes.append(f"{s} {p} itself, which is irreflexive (prp-irp)")
    new: set = set()
    changed = True
    while changed:  # chains until nothing new (cckg:dependsOn is in its own chain)
        changed = False
        for p, steps in axioms.chains:
            fresh = _compose(edges, steps) - edges[p]
            if fresh:
                edges[p] |= fresh
                new |= {(x, p, z) for x, z in fresh}
                changed = True
    different = {(a, b) for items in axioms.different for a in items for b in items if a != b}
    for (s, p), objs in values.items():
        if len(objs) < 2:
            continue
        if any(isinstance(o, ox.Literal) for o in objs) or any((a, b) in different for a in objs for b in objs):
            clashes.append(f"{s} has {len(objs)} values of the functional property {p} (prp-fp)")
            continue
        new |= {(a, same_as, b) for a in objs for b in objs if a != b and (a, b) not in edges[same_as]}
    clashes += [f"{x} is a member of owl:Nothing (cls-nothing2)" for x in types_of.get(ox.NamedNode(OWL + "Nothing"), ())]
    for a, b in axioms.disjoint:
        clashes += [f"{x} is in the disjoint classes {a} and {b} (cax-dw)"
                    for x in types_of.get(a, set()) & types_of.get(b, set())]
    return new, clashes


def _seed(triples: list[tuple], axioms: Axioms) -> list[tuple]:
    """The chain steps' pairs from sub-properties, inverses and transitivity: chains evaluated before reasoning."""
    sub, inverse, transitive = defaultdict(set), defaultdict(set), set()
    for s, p, o in triples:
        if p.value == RDFS + "subPropertyOf":
            sub[s].add(o)
        elif p.value == OWL + "inverseOf" and isinstance(s, ox.NamedNode):
            inverse[s].add(o)
            inverse[o].add(s)
        elif p.value == TYPE and o.value == OWL + "TransitiveProperty":
            transitive.add(s)
    wanted = {q for _, steps in axioms.chains for q, _ in steps}
    implied: dict = {}  # property -> {(property it implies, flipped?)} by sub-properties and inverses

    def implies(p):
        if p not in implied:
            seen, todo = {(p, False)}, [(p, False)]
            while todo:
                q, flipped = todo.pop()
                for nxt in [(r, flipped) for r in sub.get(q, ())] + [(r, not flipped) for r in inverse.get(q, ())]:
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            implied[p] = [(q, f) for q, f in seen if q in wanted]
        return implied[p]

    edges = defaultdict(set)
    for s, p, o in triples:
        if not isinstance(o, ox.Literal):
            for q, flipped in implies(p):
                edges[q].add((o, s) if flipped else (s, o))
    for q in wanted & transitive:
        succ = defaultdict(set)
        for a, b in edges[q]:
            succ[a].add(b)
        edges[q] = {(a, c) for a in list(succ) for c in succ[a] | closure_of(succ[a], succ)}
    return [(a, q, b) for q, pairs in edges.items() for a, b in pairs]


def closure(triples: list[tuple], ntriples: bytes | None = None) -> tuple[list[tuple], list[str]]:
    """The OWL 2 RL closure of `triples` (pyoxigraph term tuples; `ntriples`: the same as N-Triples, if at hand)
    and the clashes its rules detect."""
    import reasonable

    axioms = Axioms(triples)
    seeded, _ = missing(_seed(triples, axioms), axioms)
    seeded = [t for t in seeded if t[1].value != OWL + "sameAs"]
    lines = input_lines(ntriples, axioms) if ntriples is not None else None
    reasoner = reasonable.PyReasoner()
    with tempfile.TemporaryDirectory(prefix="kg-rl-") as tmp:
        path = os.path.join(tmp, "input.n3")  # reasonable picks its N-Triples parser by the .n3 suffix
        with open(path, "wb") as f:
            if lines is None:
                f.write(reasoner_input(triples + seeded, axioms))
            else:
                f.write(lines)
                f.write(reasoner_input(seeded, axioms))
        reasoner.load_file(path)
    for _ in range(MAX_ROUNDS):
        out = materialised(reasoner)
        new, clashes = missing(out, axioms)
        if clashes or not new:
            return out, clashes
        reasoner.from_graph([(URIRef(s.value), URIRef(p.value), URIRef(o.value)) for s, p, o in new])
    raise KgError(f"OWL 2 RL: chains and sameAs still adding facts after {MAX_ROUNDS} rounds")
