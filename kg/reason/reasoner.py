"""OWL 2 DL reasoning with owlready2 and HermiT (Java): consistency, explanations, inferred facts.

owlready2 does not read Turtle, so the graph is handed over as N-Triples. Literals whose datatype
is outside the OWL 2 datatype map (xsd:date, xsd:gYear...) are ignored by HermiT rather than
rejected; SHACL checks those values.

What `infer` returns is what HermiT entails about the named individuals, minus what is asserted:
- class memberships: HermiT's realisation (-I) gives each individual's most specific classes;
  every named superclass in HermiT's classification (-c) is added (so `?x a cckg:PledgingOrganisation`
  finds an organisation HermiT put in cckg:NetZeroCommittedOrganisation), except memberships that
  walking the asserted class hierarchy up from an asserted type already gives (see `_reachable`);
- property assertions: HermiT's object property instances (-Y), which include the property
  chains (cckg:usesPlatform, cckg:dependsOn). HermiT's command line leaves out instances that
  follow from sub-properties, inverses and transitivity (it lists none for
  cckg:transitiveSubsidiaryOf or org:subOrganizationOf), so those are completed here from the
  ontology's own sub-property, inverse and transitivity axioms: entailed facts, nothing more;
- subclass axioms between named classes that HermiT derived (e.g. every
  cckg:NetZeroCommittedOrganisation is a cckg:PledgingOrganisation).
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import time
import zipfile
from collections import defaultdict, deque
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from ..errors import KgError
from ..iris import GRAPH_NS, PREFIXES, compact

INFERRED_GRAPH = GRAPH_NS + "inferred"
JAVA_HELP = ("HermiT needs Java 11 or later, which was not found: install a Java runtime "
             "(Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) "
             "or set JAVA_HOME")

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
OWL = PREFIXES["owl"]
XSD = PREFIXES["xsd"]
PROV = PREFIXES["prov"]
TYPE = RDF + "type"
NOT_INDIVIDUALS = {OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty",
                   OWL + "Ontology", OWL + "Restriction", OWL + "AllDisjointClasses", OWL + "AllDifferent",
                   OWL + "FunctionalProperty", OWL + "TransitiveProperty", OWL + "InverseFunctionalProperty",
                   OWL + "SymmetricProperty", OWL + "AsymmetricProperty", OWL + "ReflexiveProperty",
                   OWL + "IrreflexiveProperty", RDFS + "Datatype", RDFS + "Class", RDF + "Property",
                   RDF + "List", OWL + "AllDisjointProperties", OWL + "NegativePropertyAssertion"}
TRIVIAL_CLASSES = {OWL + "Thing", OWL + "NamedIndividual"}


class JavaMissing(KgError):
    """HermiT needs a Java runtime."""


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


@dataclass
class Inference:
    """The result of `infer`: inferred triples (sorted) and how they were obtained."""

    triples: list[ox.Triple]
    input_triples: int
    input_digest: str
    reasoner: str
    started: str
    ended: str
    seconds: float
    hermit_seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    by_property: dict[str, int] = field(default_factory=dict)


# -- Java and HermiT --------------------------------------------------------------------------

def java_executable() -> str:
    """The java to run HermiT with: $JAVA_HOME/bin/java, else `java` on PATH; JavaMissing otherwise."""
    home = os.environ.get("JAVA_HOME")
    candidates = [str(Path(home) / "bin" / "java")] if home else []
    candidates.append(shutil.which("java") or "")
    for java in candidates:
        if not java or not Path(java).is_file():
            continue
        try:
            subprocess.run([java, "-version"], capture_output=True, check=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            raise JavaMissing(f"{java} does not run ({exc}); {JAVA_HELP}") from exc
        return java
    raise JavaMissing(JAVA_HELP)


def java_memory() -> int | None:
    """Java's heap for HermiT in MB from $KG_JAVA_MEMORY (owlready2's default, 2000, otherwise)."""
    memory = os.environ.get("KG_JAVA_MEMORY")
    if not memory:
        return None
    if not memory.isdigit() or int(memory) < 64:
        raise KgError(f"KG_JAVA_MEMORY={memory!r}: give Java's heap for HermiT in MB, e.g. 4000")
    return int(memory)


def reasoner_name() -> str:
    """'HermiT 1.3.8.1099 (owlready2 0.51)', read from the jar owlready2 ships."""
    import owlready2

    version = "?"
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    try:
        with zipfile.ZipFile(jar) as z:
            for line in z.read("META-INF/MANIFEST.MF").decode("utf-8", "replace").splitlines():
                if line.startswith("Implementation-Version:"):
                    version = line.split(":", 1)[1].strip()
    except (OSError, KeyError, zipfile.BadZipFile):
        pass
    return f"HermiT {version} (owlready2 {owlready2.VERSION})"


def _hermit(ntriples: bytes, properties: bool) -> bytes | None:
    """Run HermiT on ontology + data; the inferred triples as N-Triples, or None when inconsistent."""
    import owlready2
    import owlready2.reasoning

    owlready2.JAVA_EXE = java_executable()
    memory = java_memory()
    if memory:
        owlready2.reasoning.JAVA_MEMORY = memory
    world = owlready2.World()
    try:
        onto = world.get_ontology(GRAPH_NS + "asserted")
        try:
            onto.load(fileobj=io.BytesIO(ntriples), format="ntriples")
        except Exception as exc:  # owlready2's parser raises bare exceptions
            raise KgError(f"owlready2 could not read the graph: {str(exc).splitlines()[0] if str(exc) else exc}") from exc
        inferred = world.get_ontology(INFERRED_GRAPH)
        try:
            with inferred:
                owlready2.sync_reasoner_hermit(world, infer_property_values=properties, debug=0,
                                               ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            return None
        except owlready2.OwlReadyJavaError as exc:
            lines = [ln for ln in str(exc).splitlines() if ln.strip()]
            raise KgError("HermiT failed: " + (lines[-1] if lines else "no message")) from exc
        out = io.BytesIO()
        inferred.save(out, format="ntriples")
        return out.getvalue()
    finally:
        world.close()


def check_consistency(ntriples: bytes) -> list[Clash]:
    """[] when ontology + data are consistent (HermiT); otherwise the clashes that explain why."""
    if _hermit(ntriples, properties=False) is not None:
        return []
    return explain(ntriples)


# -- inferred facts ---------------------------------------------------------------------------

def _triples(ntriples: bytes) -> list[tuple]:
    """N-Triples as (subject, predicate, object) tuples of pyoxigraph terms."""
    return [(t.subject, t.predicate, t.object) for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]


def _closure(start, edges: dict) -> set:
    seen, todo = set(), deque(start)
    while todo:
        node = todo.popleft()
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _complete(asserted: list, hermit: list) -> set[tuple]:
    """Asserted + HermiT's output, completed by the class taxonomy and the property axioms.

    Triples are (subject, predicate, object) tuples of pyoxigraph terms: pyoxigraph's Triple
    objects do not hash consistently, terms do.
    """
    every = asserted + hermit
    declared = defaultdict(set)
    sub_class, sub_prop, inverse, transitive = defaultdict(set), defaultdict(set), defaultdict(set), set()
    for s, p, o in every:
        p = p.value
        if not isinstance(s, ox.NamedNode) or not isinstance(o, ox.NamedNode):
            continue
        if p == TYPE:
            declared[o.value].add(s)
            if o.value == OWL + "TransitiveProperty":
                transitive.add(s)
        elif p in (RDFS + "subClassOf", OWL + "equivalentClass"):
            sub_class[s].add(o)
            if p == OWL + "equivalentClass":
                sub_class[o].add(s)
        elif p in (RDFS + "subPropertyOf", OWL + "equivalentProperty"):
            sub_prop[s].add(o)
            if p == OWL + "equivalentProperty":
                sub_prop[o].add(s)
        elif p == OWL + "inverseOf":
            inverse[s].add(o)
            inverse[o].add(s)
    classes = declared[OWL + "Class"]
    object_props = declared[OWL + "ObjectProperty"]
    data_props = declared[OWL + "DatatypeProperty"]
    schema_terms = set().union(*(declared[c] for c in NOT_INDIVIDUALS))

    out: set[tuple] = set()
    edges: dict = defaultdict(set)  # property -> {(subject, object)}
    rdf_type = ox.NamedNode(TYPE)
    for s, p, o in every:
        if not isinstance(s, ox.NamedNode) or s in schema_terms:
            continue
        if p == rdf_type and o in classes:
            for c in {o} | _closure([o], sub_class):
                if isinstance(c, ox.NamedNode) and c.value not in TRIVIAL_CLASSES:
                    out.add((s, rdf_type, c))
        elif p in object_props and isinstance(o, ox.NamedNode):
            edges[p].add((s, o))
        elif p in data_props:
            for q in {p} | _closure([p], sub_prop):
                out.add((s, q, o))
    # Object properties: sub-properties, inverses and transitivity until nothing new.
    changed = True
    while changed:
        changed = False
        for p in list(edges):
            pairs = edges[p]
            for q in _closure([p], sub_prop):
                if q in object_props and not pairs <= edges[q]:
                    edges[q] |= pairs
                    changed = True
            for q in inverse.get(p, ()):
                flipped = {(o, s) for s, o in pairs}
                if not flipped <= edges[q]:
                    edges[q] |= flipped
                    changed = True
            if p in transitive:
                succ = defaultdict(set)
                for s, o in pairs:
                    succ[s].add(o)
                for s in list(succ):
                    for o in _closure(succ[s], succ):
                        if (s, o) not in pairs:
                            pairs.add((s, o))
                            changed = True
    for p, pairs in edges.items():
        out.update((s, p, o) for s, o in pairs)
    # Subclass axioms HermiT derived between named classes.
    for s, p, o in hermit:
        if (p.value == RDFS + "subClassOf" and isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)
                and o.value not in TRIVIAL_CLASSES and s != o):
            out.add((s, p, o))
    return out


def _reachable(asserted: list):
    """A test: is this triple asserted, or a class membership that walking the asserted class
    hierarchy from an asserted type reaches (what SPARQL's `a/rdfs:subClassOf*` already finds)?
    Such memberships stay out of the inferred graph: materialised, they would repeat the rows of
    every query that projects a type found that way (`?p a ?type . ?type rdfs:subClassOf* cckg:Pledge`
    would give NetZeroPledge, Pledge and Fact), and they need no OWL. Property assertions are
    kept in full (super-properties included): queries name their properties."""
    sub_class, types = defaultdict(set), defaultdict(set)
    for s, p, o in asserted:
        if p.value == RDFS + "subClassOf" and isinstance(o, ox.NamedNode):
            sub_class[s].add(o)
        elif p.value == TYPE:
            types[s].add(o)
    asserted_set = set(asserted)
    memo: dict = {}

    def up(cls):
        if cls not in memo:
            memo[cls] = {cls} | _closure([cls], sub_class)
        return memo[cls]

    def reachable(triple: tuple) -> bool:
        if triple in asserted_set:
            return True
        s, p, o = triple
        return p.value == TYPE and any(o in up(c) for c in types.get(s, ()))

    return reachable


def infer(ntriples: bytes) -> Inference:
    """Run HermiT and return what it entails beyond the asserted triples; raises Inconsistent."""
    started_wall = time.time()
    t0 = time.perf_counter()
    raw = _hermit(ntriples, properties=True)
    hermit_seconds = time.perf_counter() - t0
    if raw is None:
        raise Inconsistent(explain(ntriples))
    asserted = _triples(ntriples)
    reachable = _reachable(asserted)
    inferred = sorted((ox.Triple(*t) for t in _complete(asserted, _triples(raw)) if not reachable(t)), key=str)
    counts = {"class memberships": 0, "property assertions": 0, "subclass axioms": 0}
    by_property: dict[str, int] = defaultdict(int)
    for t in inferred:
        if t.predicate.value == TYPE:
            counts["class memberships"] += 1
        elif t.predicate.value == RDFS + "subClassOf":
            counts["subclass axioms"] += 1
        else:
            counts["property assertions"] += 1
            by_property[compact(t.predicate.value)] += 1
    ended_wall = time.time()
    return Inference(triples=inferred, input_triples=len(asserted),
                     input_digest="sha256:" + hashlib.sha256(ntriples).hexdigest(),
                     reasoner=reasoner_name(), started=_iso(started_wall), ended=_iso(ended_wall),
                     seconds=round(time.perf_counter() - t0, 3), hermit_seconds=round(hermit_seconds, 3),
                     counts=counts, by_property=dict(sorted(by_property.items())))


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def provenance(inference: Inference, sources: list[str]) -> list[ox.Triple]:
    """PROV-O description of the inferred graph: which reasoner made it, from what, and when."""
    g = ox.NamedNode(INFERRED_GRAPH)
    activity = ox.NamedNode(INFERRED_GRAPH + "#reasoning")
    agent = ox.NamedNode(INFERRED_GRAPH + "#reasoner")
    dt = ox.NamedNode(XSD + "dateTime")
    n = ox.NamedNode
    out = [
        ox.Triple(g, n(TYPE), n(PROV + "Entity")),
        ox.Triple(g, n(RDFS + "label"), ox.Literal("Facts inferred by OWL 2 DL reasoning (kg reason)", language="en")),
        ox.Triple(g, n(RDFS + "comment"), ox.Literal(
            f"{len(inference.triples)} triples entailed by the ontology and the asserted graphs, not stated by any "
            "article: class memberships, property assertions (inverses, sub-properties, transitive subsidiaries, "
            "property chains) and derived subclass axioms. Each follows from asserted facts, whose evidence is in "
            "the asserted graphs.", language="en")),
        ox.Triple(g, n(PROV + "wasGeneratedBy"), activity),
        ox.Triple(g, n(PROV + "generatedAtTime"), ox.Literal(inference.ended, datatype=dt)),
        ox.Triple(activity, n(TYPE), n(PROV + "Activity")),
        ox.Triple(activity, n(RDFS + "label"), ox.Literal("OWL 2 DL realisation with HermiT", language="en")),
        ox.Triple(activity, n(PROV + "startedAtTime"), ox.Literal(inference.started, datatype=dt)),
        ox.Triple(activity, n(PROV + "endedAtTime"), ox.Literal(inference.ended, datatype=dt)),
        ox.Triple(activity, n(PROV + "wasAssociatedWith"), agent),
        ox.Triple(activity, n(PREFIXES["dcterms"] + "identifier"), ox.Literal(inference.input_digest)),
        ox.Triple(agent, n(TYPE), n(PROV + "SoftwareAgent")),
        ox.Triple(agent, n(RDFS + "label"), ox.Literal(inference.reasoner)),
    ]
    for src in sources:
        out.append(ox.Triple(g, n(PROV + "wasDerivedFrom"), n(src)))
        out.append(ox.Triple(activity, n(PROV + "used"), n(src)))
    return out


def to_trig(inference: Inference, sources: list[str]) -> bytes:
    """The inferred graph with its provenance, as one named graph in TriG (sorted)."""
    g = ox.NamedNode(INFERRED_GRAPH)
    unique = {str(t): t for t in [*inference.triples, *provenance(inference, sources)]}
    quads = [ox.Quad(t.subject, t.predicate, t.object, g) for _, t in sorted(unique.items())]
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""


# -- explanations -----------------------------------------------------------------------------

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
        return [p, *sorted(_closure([p], self.subprop) - {p}, key=str)]


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
    triples = _triples(ntriples)
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


# -- the inferred graph in the build folder ---------------------------------------------------

INFERRED_FILE = "inferred.trig"
INFERRED_META = "inferred.json"


def materialise(store, build_dir: Path, reuse: bool = True, log=None) -> tuple[dict, bytes]:
    """Infer from the asserted graphs of `store`; write build/inferred.trig and its summary
    build/inferred.json (atomically). With `reuse`, a previous result for the same input is kept."""
    import json

    asserted = store.without(INFERRED_GRAPH)
    ntriples = asserted.ntriples()
    digest = "sha256:" + hashlib.sha256(ntriples).hexdigest()
    trig_path, meta_path = build_dir / INFERRED_FILE, build_dir / INFERRED_META
    if reuse:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("input_digest") == digest:
                data = trig_path.read_bytes()
                if hashlib.sha256(data).hexdigest() == meta.get("trig_sha256"):
                    if log:
                        log(f"inferred facts unchanged since {meta.get('ended')}: reusing {INFERRED_FILE}")
                    return meta, data
        except (OSError, ValueError):
            pass
    java_memory()  # a bad KG_JAVA_MEMORY, or no Java: one line saying so, before any work
    java_executable()
    if log:
        log(f"reasoning with HermiT over {len(ntriples.splitlines())} triples...")
    inference = infer(ntriples)
    data = to_trig(inference, asserted.graphs())
    meta = {"reasoner": inference.reasoner, "started": inference.started, "ended": inference.ended,
            "seconds": inference.seconds, "hermit_seconds": inference.hermit_seconds,
            "input_triples": inference.input_triples, "input_digest": inference.input_digest,
            "inferred_triples": len(inference.triples), "counts": inference.counts,
            "by_property": inference.by_property, "graph": INFERRED_GRAPH,
            "trig_sha256": hashlib.sha256(data).hexdigest()}
    build_dir.mkdir(parents=True, exist_ok=True)
    for path, content in ((trig_path, data), (meta_path, (json.dumps(meta, indent=1) + "\n").encode("utf-8"))):
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        tmp.write_bytes(content)
        os.replace(tmp, path)
    return meta, data
