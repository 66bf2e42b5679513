"""Why a graph is inconsistent, in plain words: disjoint classes, functional properties, datatype ranges."""
from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ..iris import OWL, RDF, RDFS, XSD, compact
from .terms import TYPE, closure, read_triples


@dataclass(frozen=True)
class Clash:
    """One reason the graph is inconsistent, in plain words, about one individual."""

    individual: str | None
    message: str
    prop: str | None = None
    other: str | None = None


class Inconsistent(Exception):
    def __init__(self, clashes: list[Clash]):
        super().__init__("; ".join(c.message for c in clashes))
        self.clashes = clashes


def _c(term) -> str:
    if isinstance(term, ox.Literal):
        return f'"{term.value}"' if term.datatype.value == XSD + "string" else f'"{term.value}"^^{compact(term.datatype.value)}'
    return compact(term.value)


class _Axioms:
    """The parts of the ontology that explanations cite, indexed."""

    def __init__(self, triples: list[tuple]):
        first, rest = {}, {}
        by_sp = defaultdict(list)
        for s, p, o in triples:
            by_sp[(s, p.value)].append(o)
            if p.value == RDF + "first":
                first[s] = o
            elif p.value == RDF + "rest":
                rest[s] = o

        def members(node) -> list:
            out = []
            while node in first:
                out.append(first[node])
                node = rest.get(node)
            return out

        named = lambda x: isinstance(x, ox.NamedNode)  # noqa: E731
        self.sup = defaultdict(set)
        self.subprop = defaultdict(set)
        self.inverse = defaultdict(set)
        self.domain = defaultdict(set)
        self.range = defaultdict(set)
        self.disjoint: dict[frozenset, str] = {}
        self.functional: set = set()
        self.different: dict[frozenset, str] = {}
        self.object_props: set = set()
        self.data_props: set = set()
        self.classes: set = set()
        for s, p, o in triples:
            p = p.value
            if p == RDFS + "subClassOf" and named(s) and named(o):
                self.sup[s].add(o)
            elif p == OWL + "equivalentClass" and named(s) and named(o):
                self.sup[s].add(o)
                self.sup[o].add(s)
            elif p == RDFS + "subPropertyOf" and named(o):
                self.subprop[s].add(o)
            elif p == OWL + "inverseOf" and named(s) and named(o):
                self.inverse[s].add(o)
                self.inverse[o].add(s)
            elif p == RDFS + "domain" and named(o):
                self.domain[s].add(o)
            elif p == RDFS + "range" and named(o):
                self.range[s].add(o)
            elif p == OWL + "disjointWith" and named(s) and named(o):
                self.disjoint[frozenset((s, o))] = f"{_c(s)} owl:disjointWith {_c(o)}"
            elif p == TYPE and o.value == OWL + "AllDisjointClasses":
                ms = [m for lst in by_sp[(s, OWL + "members")] for m in members(lst)]
                for i, a in enumerate(ms):
                    for b in ms[i + 1:]:
                        self.disjoint[frozenset((a, b))] = f"owl:AllDisjointClasses ({', '.join(_c(m) for m in ms[:4])}...)"
            elif p == TYPE and o.value == OWL + "AllDifferent":
                ms = [m for lst in by_sp[(s, OWL + "distinctMembers")] + by_sp[(s, OWL + "members")]
                      for m in members(lst)]
                for i, a in enumerate(ms):
                    for b in ms[i + 1:]:
                        self.different[frozenset((a, b))] = "owl:AllDifferent"
            elif p == OWL + "differentFrom":
                self.different[frozenset((s, o))] = f"{_c(s)} owl:differentFrom {_c(o)}"
            elif p == TYPE and o.value == OWL + "FunctionalProperty":
                self.functional.add(s)
            elif p == TYPE and o.value == OWL + "ObjectProperty":
                self.object_props.add(s)
            elif p == TYPE and o.value == OWL + "DatatypeProperty":
                self.data_props.add(s)
            elif p == TYPE and o.value == OWL + "Class":
                self.classes.add(s)
            elif p == OWL + "disjointUnionOf":
                ms = [m for m in members(o)]
                for i, a in enumerate(ms):
                    for b in ms[i + 1:]:
                        self.disjoint[frozenset((a, b))] = f"{_c(s)} owl:disjointUnionOf (...)"

    def superprops(self, p) -> list:
        return [p, *sorted(closure([p], self.subprop) - {p}, key=str)]


def _typings(triples: list[tuple], ax: _Axioms) -> dict:
    """For each individual, every named class it must belong to, with the simplest reason found:
    asserted types and their superclasses first, then types that domains, ranges and inverses give."""
    reasons: dict = defaultdict(dict)  # individual -> class -> reason

    def note(x, cls, why):
        if isinstance(x, ox.NamedNode) and cls not in reasons[x]:
            reasons[x][cls] = why
            todo.append((x, cls))

    def up():  # up the class hierarchy, breadth first (shortest reasons)
        while todo:
            x, cls = todo.popleft()
            known = reasons[x]
            for sup in ax.sup.get(cls, ()):
                if sup not in known:
                    known[sup] = f"{known[cls]}, and {_c(cls)} is a subclass of {_c(sup)}"
                    todo.append((x, sup))

    todo: deque = deque()
    for s, p, o in triples:
        if p.value == TYPE and isinstance(o, ox.NamedNode) and o in ax.classes:
            note(s, o, f"{_c(s)} a {_c(o)}")
    up()
    for s, p, o in triples:
        if p not in ax.object_props and p not in ax.data_props:
            continue
        stated = f"{_c(s)} {_c(p)} {_c(o)}"
        for q in ax.superprops(p):
            via = "" if q == p else f", a sub-property of {_c(q)}"
            for cls in ax.domain.get(q, ()):
                note(s, cls, f"{stated}{via}, whose domain is {_c(cls)}")
            for cls in ax.range.get(q, ()):
                note(o, cls, f"{stated}{via}, whose range is {_c(cls)}")
            for inv in ax.inverse.get(q, ()):
                for cls in ax.domain.get(inv, ()):
                    note(o, cls, f"{stated}{via}, the inverse of {_c(inv)}, whose domain is {_c(cls)}")
                for cls in ax.range.get(inv, ()):
                    note(s, cls, f"{stated}{via}, the inverse of {_c(inv)}, whose range is {_c(cls)}")
    up()
    return reasons


NUMERIC = {XSD + t for t in ("integer", "decimal", "int", "long", "short", "byte", "nonNegativeInteger",
                             "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt",
                             "unsignedLong", "unsignedShort", "unsignedByte")}
INTEGERS = NUMERIC - {XSD + "decimal"}
OWL_DATATYPES = NUMERIC | {XSD + "string", XSD + "boolean", XSD + "anyURI", XSD + "double", XSD + "float",
                           XSD + "dateTime", RDF + "PlainLiteral", RDF + "langString"}


def _literal_key(lit: ox.Literal):
    dt = lit.datatype.value
    if dt in NUMERIC:
        try:
            return ("number", Decimal(lit.value))
        except InvalidOperation:
            return ("invalid", lit.value)
    return (dt, lit.value, lit.language)


def _in_range(lit: ox.Literal, rng: str) -> bool:
    dt = lit.datatype.value
    if rng in (RDFS + "Literal", RDF + "PlainLiteral"):
        return True
    if rng == XSD + "decimal":
        ok = dt in NUMERIC
    elif rng in INTEGERS:
        ok = dt in INTEGERS or (dt == XSD + "decimal" and lit.value.rstrip("0").endswith("."))
    else:
        ok = dt == rng
    if ok and dt in NUMERIC:
        try:
            Decimal(lit.value)
        except InvalidOperation:
            return False
    return ok


def explain(ntriples: bytes) -> list[Clash]:
    """Why ontology + data are inconsistent, as far as simple causes go: an individual in two
    disjoint classes (asserted, or through subclass, domain, range or inverse axioms), two values
    of a functional property that must differ, a literal outside a property's datatype range."""
    triples = read_triples(ntriples)
    ax = _Axioms(triples)
    types = _typings(triples, ax)
    clashes: list[Clash] = []
    for x in sorted(types, key=str):
        known = types[x]
        for pair, axiom in sorted(ax.disjoint.items(), key=lambda kv: sorted(map(str, kv[0]))):
            a, b = sorted(pair, key=str)
            if a in known and b in known:
                clashes.append(Clash(x.value, f"{_c(x)} cannot be both a {_c(a)} and a {_c(b)}, which are disjoint "
                                              f"({axiom}): {known[a]}; {known[b]}."))
    values: dict = defaultdict(list)
    for s, p, o in triples:
        if p in ax.functional or p in ax.data_props:
            values[(s, p)].append(o)
    for (x, p), objs in sorted(values.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        if not isinstance(x, ox.NamedNode):
            continue
        if p in ax.data_props:
            for lit in objs:
                for rng in ax.range.get(p, ()):
                    if isinstance(lit, ox.Literal) and rng.value in OWL_DATATYPES and not _in_range(lit, rng.value):
                        clashes.append(Clash(x.value, f"{_c(x)} {_c(p)} {_c(lit)}: the value is not in the range "
                                                      f"{_c(rng)} of {_c(p)}.", p.value, lit.value))
        if p not in ax.functional:
            continue
        distinct = []
        for o in objs:
            if isinstance(o, ox.Literal) and o.datatype.value not in OWL_DATATYPES:
                continue  # ignored by HermiT (outside the OWL 2 datatype map)
            key = _literal_key(o) if isinstance(o, ox.Literal) else o
            if key not in [k for k, _ in distinct]:
                distinct.append((key, o))
        for i, (_, a) in enumerate(distinct):
            for _, b in distinct[i + 1:]:
                if isinstance(a, ox.Literal) or isinstance(b, ox.Literal):
                    why = "two different values"
                else:
                    why = _why_different(a, b, ax, types)
                    if why is None:
                        continue
                    why = f"two values that must be different ({why})"
                clashes.append(Clash(x.value, f"{_c(x)} has {why} for the functional property {_c(p)}: "
                                              f"{_c(a)} and {_c(b)}.", p.value, b.value))
    if not clashes:
        clashes.append(Clash(None, "HermiT finds the ontology and data inconsistent, but no simple cause (disjoint "
                                   "classes, a functional property with two different values, a value outside a "
                                   "datatype range) explains it; look at recently changed axioms and facts."))
    return clashes


def _why_different(a, b, ax: _Axioms, types: dict) -> str | None:
    if frozenset((a, b)) in ax.different:
        return ax.different[frozenset((a, b))]
    for ca in types.get(a, {}):
        for cb in types.get(b, {}):
            if frozenset((ca, cb)) in ax.disjoint:
                return f"{_c(a)} is a {_c(ca)} and {_c(b)} a {_c(cb)}, which are disjoint"
    return None

