"""OWL reasoning time, ours (HermiT, OWL 2 DL) against OWL 2 RL (owlrl, the baseline), in the same run.

Ours: kg.reason.check_consistency and kg.reason.infer (owlready2 + HermiT in Java), as `kg validate`
and `kg build --infer` call them. Baseline: what a user would write first, rdflib parsing the same
N-Triples and `owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)`; its inferred triples are
the closure minus the asserted ones.

1. Seed graph (ontology/ + seeds/*.ttl + data/, with the article texts): triples, HermiT consistency
   time, HermiT infer time and counts, owlrl time and count; median of --repeat runs.
2. Synthetic graphs shaped like data/*.ttl, at the size of the SBTi "companies taking action" list
   (4,382 companies) and below (--sizes): one run of each reasoner per size. Every measurement runs
   in its own process group with a time limit (--timeout); on timeout the child and its Java
   grandchild are killed and the figure reads "> N s (timeout)"; a reasoner that timed out (or
   failed) is not run on larger sizes. Peak RSS is Java's for HermiT (RUSAGE_CHILDREN of the child)
   and the Python process's for owlrl (RUSAGE_SELF: includes rdflib's copy of the graph).
3. What HermiT infers that OWL RL does not and the reverse, on the seed graph, by class and by
   property, with the trivial output of owlrl left out (and listed); whether owlrl derives the
   defined classes, the property chains and the subclass axiom between defined classes.
4. The ratio of the two reasoners' times at each size.

The synthetic data (synthetic_graph) is fictitious: generated companies with seeded random names,
one article each whose text contains every quoted span at its offsets, pledges, emission figures,
platform reliances and subsidiaries, every fact with its evidence node, as in data/*.ttl.

Run: .venv/bin/python benchmarks/reasoning.py [--repeat 3] [--sizes 250,500,1000,2000,4382]
         [--timeout 600] [--write benchmarks/reasoning-results.md]

With --scale 100k,1M instead (scale_main): OWL 2 RL at scale on benchmarks/generate.py projects, each
engine in a fresh process (procs.run_watched: wall, peak RSS, killed past --timeout or --max-rss-gb):
bare pyoxigraph (the floor), `kg reason --engine rl`'s work, bare reasonable, owlrl, HermiT; medians of
--scale-repeat runs below 1M; --write puts it between <!-- reasoning-scale:begin/end --> markers.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg.store.build import assemble  # noqa: E402
from kg.iris import CCKG_NS, KGR_NS, PREFIXES, compact, slug  # noqa: E402
from kg.project import Project  # noqa: E402
from kg.store.embedded import Store  # noqa: E402

SBTI_COMPANIES = 4382  # SBTi "companies taking action" list
RDF, RDFS, OWL, XSD = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"], PREFIXES["xsd"]
TYPE = RDF + "type"
BUILTIN_NS = (RDF, RDFS, OWL, XSD)
SCHEMA_TYPES = {OWL + t for t in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty",
                                  "Ontology", "Restriction", "FunctionalProperty", "TransitiveProperty",
                                  "InverseFunctionalProperty", "SymmetricProperty", "AsymmetricProperty",
                                  "ReflexiveProperty", "IrreflexiveProperty", "AllDisjointClasses",
                                  "AllDifferent", "AllDisjointProperties", "DeprecatedClass",
                                  "DeprecatedProperty", "OntologyProperty")} | {
    RDFS + "Datatype", RDFS + "Class", RDF + "Property", RDF + "List"}
TRIVIAL_TYPES = {OWL + "Thing", RDFS + "Resource", OWL + "NamedIndividual"}
NUMERIC = {XSD + t for t in ("decimal", "integer", "int", "long", "short", "byte", "nonNegativeInteger",
                             "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt",
                             "unsignedLong", "unsignedShort", "unsignedByte", "double", "float")}
DEFINED_CLASSES = ["PledgingOrganisation", "NetZeroCommittedOrganisation", "CarbonNeutralCommittedOrganisation",
                   "PlatformOperator", "PlatformDependentOrganisation"]
CHAINS = ["usesPlatform", "dependsOn", "transitiveSubsidiaryOf"]
LEFT_OUT = [
    "triples with a blank node (restrictions, lists, anonymous classes and the types they give)",
    "triples whose subject is a literal (owlrl types literals with their datatypes: "
    "\"529\"^^xsd:integer a xsd:decimal)",
    "triples about the vocabulary: subjects declared as classes, properties, datatypes or the ontology, "
    "and any rdf:/rdfs:/owl:/xsd: term (e.g. cckg:Foo a owl:Class, rdfs:domain/range propagation, "
    "xsd:NCName a rdfs:Datatype); subclass axioms are compared on their own",
    "rdf:type owl:Thing, rdfs:Resource and owl:NamedIndividual",
    "owl:sameAs between a term and itself",
    "class memberships that follow from an asserted type by walking the asserted rdfs:subClassOf "
    "hierarchy (kg.reason.infer leaves them out by design: SPARQL's `a/rdfs:subClassOf*` finds them; "
    "both reasoners derive them)",
]
LEFT_OUT_KEYS = ["blank node", "literal subject", "vocabulary", "trivial type", "reflexive sameAs",
                 "asserted hierarchy"]


# -- the graphs ---------------------------------------------------------------------------------

def seed_graph() -> bytes:
    """Ontology + seeds/articles.ttl + data/*.ttl + article texts, as sorted N-Triples."""
    project = Project(ROOT)
    store = Store.memory()
    assemble(store, project, project.ontology_files() + project.data_files())
    return store.ntriples()


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


PLATFORMS = [  # platform slug, label, provider slug, provider label, parent chain [(slug, label), ...]
    ("nimbus-cloud", "Nimbus Cloud", "nimbus-cloud-services", "Nimbus Cloud Services",
     [("nimbus-group", "Nimbus Group")]),
    ("stratus-compute", "Stratus Compute", "stratus-cloud", "Stratus Cloud",
     [("stratus-digital", "Stratus Digital"), ("stratus-holdings", "Stratus Holdings")]),
    ("cirrus-platform", "Cirrus Platform", "cirrus-web-services", "Cirrus Web Services",
     [("cirrus-corp", "Cirrus Corp")]),
    ("altocloud", "AltoCloud", "alto-infrastructure", "Alto Infrastructure",
     [("alto-technologies", "Alto Technologies"), ("alto-group", "Alto Group")]),
    ("cumulus-cdn", "Cumulus CDN", "cumulus-networks", "Cumulus Networks", [("cumulus-media", "Cumulus Media")]),
    ("nebula-data-centres", "Nebula Data Centres", "nebula-hosting", "Nebula Hosting",
     [("nebula-energy", "Nebula Energy")]),
]
SYLLABLES = ["al", "bor", "cal", "dra", "el", "fen", "gor", "hal", "is", "jun", "kor", "lum", "mar", "nor", "or",
             "pax", "quin", "ros", "sol", "tor", "ul", "ver", "wen", "xan", "yor", "zel"]
SUFFIXES = ["", "", " Group", " Holdings", " Industries", " Technologies", " Systems", " Foods", " Energy",
            " Logistics", " Retail", " Pharma", " Materials", " Bank", " Motors"]
PLEDGE_KINDS = [("NetZeroPledge", "net-zero", "{n} commits to reaching net zero emissions by {y}."),
                ("EmissionReductionPledge", "emission-reduction",
                 "{n} will cut its greenhouse gas emissions by {p} percent by {y}."),
                ("CarbonNeutralPledge", "carbon-neutral",
                 "{n} aims to become carbon neutral across its operations by {y}.")]


def synthetic_turtle(companies: int, seed: int = 0) -> tuple[str, int]:
    """Fictitious facts about `companies` companies, shaped like data/*.ttl: (Turtle, individuals).

    Per company: a cckg:Company (label, wikidataId); one article (cckg:Article with its schema:text)
    whose text holds every quote below at its offsets; one or two pledges (net zero, emission
    reduction, carbon neutral) with a target year; ~50 % an emission figure (Mt CO2e); ~25 % a
    platform reliance on one of 6 platforms, each operated by a cloud provider that is a subsidiary
    of a group (1 or 2 levels); ~10 % a subsidiary of an earlier company (chains of depth <= 3).
    Every fact has an evidence node kgr:ev-<article>-<start>-<end> with its two selectors.
    """
    rng = random.Random(seed)
    out = ["@prefix cckg: <%s> ." % CCKG_NS, "@prefix kgr: <%s> ." % KGR_NS]
    out += ["@prefix %s: <%s> ." % (p, PREFIXES[p]) for p in ("schema", "oa", "prov", "rdfs", "xsd", "skos")]
    out.append("")
    iris: set[str] = set()

    def node(iri: str, *props: str) -> None:
        iris.add(iri)
        out.append(f"{iri} " + " ;\n    ".join(props) + " .")

    node("kgr:agent-curators", "a prov:Agent", 'rdfs:label "CCKG curators"@en')
    node("kgr:org-synthetic-news", "a cckg:Publisher", 'rdfs:label "Synthetic News"')
    for p_slug, p_label, prov_slug, prov_label, parents in PLATFORMS:
        node(f"kgr:platform-{p_slug}", "a cckg:Platform", f"rdfs:label {_lit(p_label)}",
             f"cckg:operatedBy kgr:org-{prov_slug}")
        chain = [(prov_slug, prov_label), *parents]
        for i, (o_slug, o_label) in enumerate(chain):
            props = ["a cckg:CloudProvider" if i == 0 else "a cckg:Company", f"rdfs:label {_lit(o_label)}"]
            if i + 1 < len(chain):
                props.append(f"cckg:subsidiaryOf kgr:org-{chain[i + 1][0]}")
            node(f"kgr:org-{o_slug}", *props)

    names: list[tuple[str, str]] = []  # (slug, label)
    depth: list[int] = []  # 0 = no parent
    used = set()
    for i in range(companies):
        base = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        label = base + rng.choice(SUFFIXES)
        s = slug(label)
        if s in used:
            label, s = f"{label} {i}", slug(label, i)
        used.add(s)
        names.append((s, label))
        article = hashlib.sha256(f"cckg-synthetic-{seed}-{i}".encode()).hexdigest()[:16]
        sentences: list[tuple[str, str]] = []  # (key, sentence): quotes, in text order
        facts: list[tuple[str, list[str], str]] = []  # (iri, properties, key of the quote)

        for kind, kslug, template in rng.sample(PLEDGE_KINDS, 1 if rng.random() < 0.6 else 2):
            year = rng.choice([2030, 2035, 2040, 2045, 2050] if kind == "NetZeroPledge" else range(2025, 2051))
            pct = rng.choice([25, 30, 42, 50, 55, 60, 90])
            key = f"pledge-{s}-{kslug}-{year}"
            sentences.append((key, template.format(n=label, y=year, p=pct)))
            what = kslug.replace("-", " ")
            props = [f"a cckg:{kind}", f"rdfs:label {_lit(f'{label} pledges {what} by {year}')}@en",
                     f"cckg:madeBy kgr:org-{s}", f"cckg:targetYear {year}"]
            if kind == "EmissionReductionPledge":
                props.append(f"cckg:targetPercentage {pct}.0")
            if rng.random() < 0.5:
                props.append("cckg:pledgeStatus cckg:Declared")
            facts.append((f"kgr:{key}", props, key))
        if rng.random() < 0.5:
            year = rng.randint(2018, 2024)
            amount = f"{rng.randint(1, 50000) / 100:.2f}"  # always a decimal literal, as in data/
            key = f"emission-{s}-{year}"
            sentences.append((key, f"In {year}, {label} reported emissions of {amount} million tonnes "
                                   "of CO2 equivalent."))
            facts.append((f"kgr:{key}", ["a cckg:EmissionFigure",
                                         f"rdfs:label {_lit(f'{label} emitted {amount} Mt CO2e in {year}')}@en",
                                         f"cckg:emittedBy kgr:org-{s}", f"cckg:reportingYear {year}",
                                         f"cckg:amount {amount}", "cckg:unit cckg:MegatonneCO2e",
                                         "cckg:emissionCategory cckg:TotalEmissions"], key))
        if rng.random() < 0.25:
            p_slug, p_label = rng.choice(PLATFORMS)[:2]
            key = f"reliance-{s}-{p_slug}"
            sentences.append((key, f"{label} runs its digital services on {p_label}."))
            facts.append((f"kgr:{key}", ["a cckg:PlatformReliance",
                                         f"rdfs:label {_lit(f'{label} relies on {p_label}')}@en",
                                         f"cckg:client kgr:org-{s}", f"cckg:platform kgr:platform-{p_slug}"], key))
        company = ["a cckg:Company", f"rdfs:label {_lit(label)}", f'cckg:wikidataId "Q{rng.randint(10**6, 10**8)}"']
        candidates = [j for j in range(max(0, i - 200), i) if depth[j] < 3]
        parent = rng.choice(candidates) if candidates and rng.random() < 0.1 else None
        depth.append(0 if parent is None else depth[parent] + 1)
        if parent is not None:
            key = f"subsidiary-{s}"
            sentences.append((key, f"{label} is a subsidiary of {names[parent][1]}."))
            company.append(f"cckg:subsidiaryOf kgr:org-{names[parent][0]}")
        rng.shuffle(sentences)

        headline = f"{label} sets out its climate commitments"
        text, spans = headline + "\n\n", {}
        for key, sentence in sentences:
            start = len(text)  # code points: every character here is ASCII anyway
            text += sentence + " "
            spans[key] = (start, start + len(sentence))
            if rng.random() < 0.5:
                text += rng.choice(["The company gave no further details.", "Analysts welcomed the announcement.",
                                    "The board approved the plan this year."]) + " "
        text = text.rstrip() + "\n"

        def evidence(key: str) -> str:
            start, end = spans[key]
            ev = f"kgr:ev-{article}-{start}-{end}"
            node(ev, "a cckg:Evidence", f"oa:hasSource kgr:article-{article}",
                 f"oa:hasSelector {ev}-quote, {ev}-position", "prov:wasAttributedTo kgr:agent-curators",
                 f"cckg:confidence {rng.choice(['1.0', '1.0', '0.9', '0.8'])}")
            node(f"{ev}-quote", "a oa:TextQuoteSelector", f"oa:exact {_lit(text[start:end])}")
            node(f"{ev}-position", "a oa:TextPositionSelector", f"oa:start {start}", f"oa:end {end}")
            return ev

        if parent is not None:
            company.append(f"cckg:evidence {evidence(f'subsidiary-{s}')}")
        node(f"kgr:org-{s}", *company)
        for iri, props, key in facts:
            node(iri, *props, f"cckg:evidence {evidence(key)}")
        day = rng.randint(0, 364)
        published = (datetime.date(2024, 1, 1) + datetime.timedelta(days=day)).isoformat()
        node(f"kgr:article-{article}", "a cckg:Article",
             f"rdfs:label {_lit(f'Synthetic News, {published}: {headline}')}@en",
             f"schema:headline {_lit(headline)}@en", 'schema:inLanguage "en"',
             f'schema:datePublished "{published}"^^xsd:date', "schema:publisher kgr:org-synthetic-news",
             f'cckg:seedFile "{i:04d}_{article}.txt"',
             f"schema:text {_lit(text)}")
    return "\n".join(out) + "\n", len(iris)


def synthetic_graph(companies: int, seed: int = 0) -> bytes:
    """The ontology plus synthetic_turtle(companies, seed), as N-Triples (blank nodes canonical)."""
    project = Project(ROOT)
    store = Store.memory()
    for path in project.ontology_files():
        store.load_turtle(path, "https://w3id.org/climate-commitments/graph/" + project.rel(path))
    store.load_turtle_bytes(synthetic_turtle(companies, seed)[0].encode("utf-8"),
                            "https://w3id.org/climate-commitments/graph/synthetic", "synthetic")
    return store.ntriples()


def individuals(ntriples: bytes) -> int:
    """Distinct kgr: resources (https://w3id.org/climate-commitments/id/...), subjects or objects."""
    seen = set()
    for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        for term in (t.subject, t.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(KGR_NS):
                seen.add(term.value)
    return len(seen)


# -- comparing the two reasoners' output ---------------------------------------------------------

def _lit_key(value: str, datatype: str | None, language: str | None) -> str:
    if language:
        return f'"{value}"@{language.lower()}'
    datatype = datatype or XSD + "string"
    if datatype in NUMERIC:
        try:
            number = Decimal(value)
            return f'"{format(number.normalize(), "f")}"^^number'
        except InvalidOperation:
            pass
    return f'"{value}"^^<{datatype}>'


def ox_key(t) -> tuple:
    """A triple from pyoxigraph as comparable strings (literals normalised: 1.0 = 1 = 1.00)."""
    def term(x):
        if isinstance(x, ox.Literal):
            return _lit_key(x.value, x.datatype.value if x.datatype else None, x.language)
        if isinstance(x, ox.BlankNode):
            return "_:" + x.value
        return f"<{x.value}>"
    return term(t.subject), term(t.predicate), term(t.object)


def rdflib_key(t) -> tuple:
    import rdflib

    def term(x):
        if isinstance(x, rdflib.Literal):
            return _lit_key(str(x), str(x.datatype) if x.datatype else None, x.language)
        if isinstance(x, rdflib.BNode):
            return "_:" + str(x)
        return x.n3()
    return tuple(term(x) for x in t)


class Filter:
    """What both reasoners' outputs are compared on: facts about individuals (see LEFT_OUT)."""

    def __init__(self, ntriples: bytes):
        triples = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
        self.asserted = {ox_key(t) for t in triples}
        self.schema = {f"<{t.subject.value}>" for t in triples
                       if t.predicate.value == TYPE and isinstance(t.subject, ox.NamedNode)
                       and isinstance(t.object, ox.NamedNode) and t.object.value in SCHEMA_TYPES}
        self.types: dict[str, set] = defaultdict(set)
        self.sub: dict[str, set] = defaultdict(set)
        for s, p, o in self.asserted:
            if p == f"<{TYPE}>":
                self.types[s].add(o)
            elif p == f"<{RDFS}subClassOf>" and o.startswith("<"):
                self.sub[s].add(o)
        self._up: dict[str, set] = {}

    def up(self, cls: str) -> set:
        """The class and its superclasses by the asserted rdfs:subClassOf axioms."""
        if cls not in self._up:
            seen, todo = {cls}, [cls]
            while todo:
                for sup in self.sub.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            self._up[cls] = seen
        return self._up[cls]

    def reason(self, key: tuple) -> str | None:
        """Why a triple is left out of the comparison, or None."""
        s, p, o = key
        if s.startswith("_:") or o.startswith("_:") or p.startswith("_:"):
            return "blank node"
        if s.startswith('"'):
            return "literal subject"
        if s in self.schema or s[1:-1].startswith(BUILTIN_NS):
            return "vocabulary"
        if p == f"<{TYPE}>" and o[1:-1] in TRIVIAL_TYPES:
            return "trivial type"
        if p == f"<{OWL}sameAs>" and s == o:
            return "reflexive sameAs"
        if p == f"<{TYPE}>" and any(o in self.up(c) for c in self.types.get(s, ())):
            return "asserted hierarchy"
        return None

    def keep(self, keys) -> set:
        return {k for k in keys if k not in self.asserted and self.reason(k) is None}


def hermit_keys(inference) -> set:
    return {ox_key(t) for t in inference.triples}


def owlrl_closure(ntriples: bytes):
    """(rdflib graph after the OWL RL closure, parse seconds, closure seconds, asserted count)."""
    import owlrl
    import rdflib

    t0 = time.perf_counter()
    g = rdflib.Graph()
    g.parse(data=ntriples, format="nt")
    parsed = time.perf_counter()
    n0 = len(g)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g, parsed - t0, time.perf_counter() - parsed, n0


def _subclass_pairs(keys) -> set:
    sub = f"<{RDFS}subClassOf>"
    eq = f"<{OWL}equivalentClass>"
    pairs = set()
    for s, p, o in keys:
        if s.startswith("<") and o.startswith("<") and s != o:
            if p == sub:
                pairs.add((s, o))
            elif p == eq:
                pairs |= {(s, o), (o, s)}
    return pairs


def _transitive(pairs: set) -> set:
    succ = defaultdict(set)
    for a, b in pairs:
        succ[a].add(b)
    out = set()
    for a in list(succ):
        todo, seen = list(succ[a]), set()
        while todo:
            b = todo.pop()
            if b not in seen:
                seen.add(b)
                todo.extend(succ.get(b, ()))
        out |= {(a, b) for b in seen if b != a}
    return out


def _c(key_term: str) -> str:
    if key_term.startswith("<"):
        return compact(key_term[1:-1])
    if key_term.endswith("^^number"):
        return key_term[: -len("^^number")]
    if "^^<" in key_term:
        value, dt = key_term.rsplit("^^<", 1)
        return f"{value}^^{compact(dt[:-1])}"
    return key_term


def _group(keys: set) -> dict[str, list]:
    groups = defaultdict(list)
    for k in sorted(keys):
        s, p, o = k
        groups[f"a {_c(o)}" if p == f"<{TYPE}>" else _c(p)].append(k)
    return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def compare(ntriples: bytes) -> dict:
    """HermiT's inferred facts against owlrl's on one graph, as JSON-able lists."""
    from kg.reason import infer

    flt = Filter(ntriples)
    inference = infer(ntriples)
    h_all = hermit_keys(inference)
    g, _, _, _ = owlrl_closure(ntriples)
    r_all = {rdflib_key(t) for t in g} - flt.asserted
    left_out, h_left_out = defaultdict(int), defaultdict(int)
    for keys, counter in ((r_all, left_out), (h_all, h_left_out)):
        for k in keys:
            why = flt.reason(k)
            if why:
                counter[why] += 1
    h, r = flt.keep(h_all), flt.keep(r_all)
    groups = lambda keys: [{"group": name, "count": len(ks),  # noqa: E731
                            "examples": [" ".join(_c(x) for x in k) for k in ks[:3]]}
                           for name, ks in _group(keys).items()]
    # Subclass axioms: HermiT's derived ones, and owlrl's not implied by asserted + HermiT's.
    asserted_sub = _subclass_pairs(flt.asserted)
    h_sub = {(s, o) for s, p, o in h_all if p == f"<{RDFS}subClassOf>"}
    r_sub = {pair for pair in _subclass_pairs(r_all) if not any(x[1:-1].startswith(BUILTIN_NS) for x in pair)}
    implied = _transitive(asserted_sub | h_sub)
    defined = []
    for name in DEFINED_CLASSES:
        cls = f"<{CCKG_NS}{name}>"
        hm = {s for s, p, o in h if p == f"<{TYPE}>" and o == cls}
        rm = {s for s, p, o in r if p == f"<{TYPE}>" and o == cls}
        defined.append({"what": f"a cckg:{name}", "hermit": len(hm), "owlrl": len(rm), "both": len(hm & rm)})
    for name in CHAINS:
        prop = f"<{CCKG_NS}{name}>"
        hm = {(s, o) for s, p, o in h if p == prop}
        rm = {(s, o) for s, p, o in r if p == prop}
        defined.append({"what": f"cckg:{name}", "hermit": len(hm), "owlrl": len(rm), "both": len(hm & rm)})
    return {
        "hermit_inferred": len(h_all), "owlrl_inferred": len(r_all),
        "hermit_kept": len(h), "owlrl_kept": len(r), "common": len(h & r),
        "left_out": dict(sorted(left_out.items(), key=lambda kv: -kv[1])),
        "hermit_left_out": dict(h_left_out),
        "hermit_only": groups(h - r), "owlrl_only": groups(r - h),
        "subclass_hermit": [{"axiom": f"{_c(s)} rdfs:subClassOf {_c(o)}", "owlrl": (s, o) in r_sub or
                             (s, f"<{RDFS}subClassOf>", o) in r_all} for s, o in sorted(h_sub)],
        "subclass_owlrl_extra": [f"{_c(s)} rdfs:subClassOf {_c(o)}" for s, o in sorted(r_sub - implied - asserted_sub)],
        "subclass_owlrl_count": len(r_sub - asserted_sub),
        "defined": defined,
    }


# -- one measurement, in a child process -------------------------------------------------------

def measure(what: str, graph: Path) -> dict:
    """Run in the child process: one measurement on the N-Triples in `graph`."""
    from kg.errors import KgError
    from kg.reason import Inconsistent, check_consistency, infer

    if os.environ.get("CCKG_BENCH_JAVA_MEMORY"):
        import owlready2.reasoning

        owlready2.reasoning.JAVA_MEMORY = int(os.environ["CCKG_BENCH_JAVA_MEMORY"])
    nt = graph.read_bytes()
    out: dict = {}
    try:
        if what == "consistency":
            t0 = time.perf_counter()
            clashes = check_consistency(nt)
            out["seconds"] = time.perf_counter() - t0
            out["consistent"] = not clashes
            out["clashes"] = [c.message for c in clashes[:3]]
        elif what == "infer":
            t0 = time.perf_counter()
            try:
                inference = infer(nt)
            except Inconsistent as exc:
                out.update(seconds=time.perf_counter() - t0, consistent=False,
                           clashes=[c.message for c in exc.clashes[:3]])
            else:
                out.update(seconds=time.perf_counter() - t0, hermit_seconds=inference.hermit_seconds,
                           consistent=True, inferred=len(inference.triples), counts=inference.counts)
                kept = Filter(nt).keep(hermit_keys(inference))
                out["kept"] = len(kept)
                (graph.parent / "hermit.keys").write_text("\n".join(sorted(" ".join(k) for k in kept)),
                                                          encoding="utf-8")
        elif what == "owlrl":
            g, parse_s, closure_s, n0 = owlrl_closure(nt)
            out.update(seconds=parse_s + closure_s, parse_seconds=parse_s, closure_seconds=closure_s,
                       inferred=len(g) - n0)
            flt = Filter(nt)
            kept = flt.keep(rdflib_key(t) for t in g)
            out["kept"] = len(kept)
            (graph.parent / "owlrl.keys").write_text("\n".join(sorted(" ".join(k) for k in kept)), encoding="utf-8")
        elif what == "rl":  # kg reason --engine rl's work: reasonable + kg.reason.rl + the kg filter
            t0 = time.perf_counter()
            inference = infer(nt, "rl")
            out.update(seconds=time.perf_counter() - t0, engine_seconds=inference.hermit_seconds,
                       inferred=len(inference.triples), counts=inference.counts)
            (graph.parent / "rl.facts").write_text("\n".join(sorted(str(t) for t in inference.triples
                                                                     if t.predicate.value != RDFS + "subClassOf")))
        elif what == "hermit-facts":  # HermiT's infer, its facts kept for the agreement check
            t0 = time.perf_counter()
            inference = infer(nt)
            out.update(seconds=time.perf_counter() - t0, inferred=len(inference.triples))
            (graph.parent / "hermit.facts").write_text("\n".join(sorted(str(t) for t in inference.triples
                                                                         if t.predicate.value != RDFS + "subClassOf")))
        elif what == "reasonable":  # bare reasonable as its README shows it: load a file, reason(), rdflib terms
            import reasonable

            t0 = time.perf_counter()
            r = reasonable.PyReasoner()
            ttl = graph.with_suffix(".n3")
            ttl.write_bytes(nt)
            r.load_file(str(ttl))
            out.update(inferred=len(r.reason()) - len(nt.splitlines()), seconds=time.perf_counter() - t0)
        elif what == "pyoxigraph":  # the floor: parse the same N-Triples into a bare in-memory store
            t0 = time.perf_counter()
            store = ox.Store()
            store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
            out.update(seconds=time.perf_counter() - t0, inferred=0, loaded=len(store))
        elif what == "compare":
            out.update(compare(nt))
        else:
            raise ValueError(what)
    except KgError as exc:
        out["error"] = str(exc)
    out["java_maxrss_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out["python_maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return out


JAVA_MEMORY: int | None = None  # --java-memory


def run_child(what: str, graph: Path, timeout: float) -> dict:
    """Measure in a new process group (child + Java); on timeout, kill the whole group."""
    tmp = Path(tempfile.mkdtemp(prefix="cckg-reasoning-"))
    env = dict(os.environ, TMPDIR=str(tmp))  # owlready2's temporary files go here, removed after
    if JAVA_MEMORY:
        env["CCKG_BENCH_JAVA_MEMORY"] = str(JAVA_MEMORY)
    cmd = [sys.executable, str(Path(__file__).resolve()), "_measure", what, str(graph)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except BaseException as exc:  # timeout, or Ctrl-C: never leave Java running
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, subprocess.TimeoutExpired):
            return {"timeout": timeout, "wall": time.perf_counter() - t0}
        raise
    shutil.rmtree(tmp, ignore_errors=True)
    if proc.returncode != 0:
        lines = [ln for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
        return {"error": lines[-1] if lines else f"exit status {proc.returncode}"}
    result = json.loads(stdout.decode("utf-8").strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - t0
    return result


# -- reporting -----------------------------------------------------------------------------------

def fig(result: dict | None, key: str = "seconds") -> str:
    if result is None:
        return "not run"
    if "timeout" in result:
        return f"> {result['timeout']:.0f} s (timeout)"
    if "error" in result:
        return "failed: " + result["error"][:80]
    if result.get("consistent") is False:
        return f"{result[key]:.2f} s (INCONSISTENT)"
    return f"{result[key]:.2f} s"


def ok(result: dict | None) -> bool:
    return bool(result) and "timeout" not in result and "error" not in result


def mb(kb: int | None) -> str:
    return f"{kb / 1024:.0f} MB" if kb else "n/a"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def versions() -> str:
    import owlready2.reasoning
    import owlrl
    import rdflib

    from kg.reason import reasoner_name
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    except (OSError, IndexError):
        java = "java ?"
    heap = JAVA_MEMORY or owlready2.reasoning.JAVA_MEMORY
    return (f"{reasoner_name()}, {java}, -Xmx{heap}M; owlrl {owlrl.__version__}, rdflib {rdflib.__version__}; "
            f"Python {platform.python_version()}; {os.cpu_count()} cores")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "_measure":  # hidden sub-command: the child process
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs on the seed graph (median)")
    ap.add_argument("--sizes", default=f"250,500,1000,2000,{SBTI_COMPANIES}",
                    help="synthetic graph sizes, in companies (comma-separated, increasing)")
    ap.add_argument("--seed", type=int, default=0, help="random seed of the synthetic graphs")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per measurement")
    ap.add_argument("--java-memory", type=int, metavar="MB",
                    help="Java heap for HermiT (default: owlready2's, 2000 MB, as `kg` runs it)")
    ap.add_argument("--write", metavar="FILE.md", help="also write the results as markdown")
    ap.add_argument("--scale", metavar="SIZES", help="instead: OWL 2 RL at scale on benchmarks/generate.py projects "
                    "(e.g. 100k,1M): kg's rl engine, bare reasonable, owlrl, HermiT, bare pyoxigraph (scale_main)")
    ap.add_argument("--scale-repeat", type=int, default=3, help="--scale: runs per engine below 1M (median)")
    ap.add_argument("--max-rss-gb", type=float, default=8, help="--scale: kill a run above this resident memory")
    args = ap.parse_args()
    if args.scale:
        scale_main(args)
        return
    global JAVA_MEMORY
    JAVA_MEMORY = args.java_memory
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    started = time.time()
    load0 = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="cckg-bench-"))
    lines: list[str] = []
    emit = lines.append
    try:
        # 1. Seed graph.
        log("seed graph...")
        path = work / "seed" / "graph.nt"
        path.parent.mkdir()
        nt = seed_graph()
        path.write_bytes(nt)
        seed_runs: dict[str, list[dict]] = defaultdict(list)
        for i in range(args.repeat):
            for what in ("consistency", "infer", "owlrl"):
                r = run_child(what, path, args.timeout)
                log(f"  run {i + 1}/{args.repeat} {what}: {fig(r)}")
                seed_runs[what].append(r)

        def median(what: str, key: str = "seconds") -> str:
            runs = seed_runs[what]
            good = [r for r in runs if ok(r)]
            if len(good) < len(runs):
                return fig(next(r for r in runs if not ok(r)))
            return f"{statistics.median(r[key] for r in good):.2f} s"

        inf = next((r for r in seed_runs["infer"] if ok(r)), {})
        rl = next((r for r in seed_runs["owlrl"] if ok(r)), {})
        emit(f"# OWL reasoning: HermiT (ours) against OWL 2 RL (owlrl)\n")
        emit(f"`.venv/bin/python benchmarks/reasoning.py {' '.join(sys.argv[1:])}`, "
             f"{time.strftime('%Y-%m-%d', time.gmtime(started))}. {versions()}.\n")
        emit("## 1. Seed graph (ontology + seeds/articles.ttl + data/, article texts included)\n")
        emit(f"Median of {args.repeat} runs, each in a fresh process; times are wall-clock inside the process, "
             "from N-Triples bytes to the answer (HermiT: owlready2 load + Java; owlrl: rdflib parse + closure).\n")
        emit("| what | figure |\n|---|---|")
        emit(f"| triples | {len(nt.splitlines()):,} |")
        emit(f"| individuals (kgr: resources) | {individuals(nt):,} |")
        emit(f"| HermiT consistency (`check_consistency`) | {median('consistency')} |")
        emit(f"| HermiT infer (`infer`), of which Java/owlready2 | {median('infer')}, "
             f"{median('infer', 'hermit_seconds')} |")
        if inf:
            counts = ", ".join(f"{v} {k}" for k, v in inf.get("counts", {}).items())
            emit(f"| HermiT inferred triples | {inf.get('inferred', '?'):,} ({counts}) |")
        emit(f"| owlrl parse + closure, of which closure | {median('owlrl')}, {median('owlrl', 'closure_seconds')} |")
        if rl:
            emit(f"| owlrl inferred triples (closure minus asserted) | {rl['inferred']:,}, of which "
                 f"{rl['kept']:,} facts about individuals (HermiT: {inf.get('kept', '?')}) |")
        if inf and rl:
            ratio = statistics.median(r["seconds"] for r in seed_runs["infer"]) / \
                statistics.median(r["seconds"] for r in seed_runs["owlrl"])
            emit(f"| ratio HermiT infer / owlrl | {ratio:.2f} |")
        emit(f"| peak RSS: Java (HermiT infer) / Python (owlrl) | {mb(inf.get('java_maxrss_kb'))} / "
             f"{mb(rl.get('python_maxrss_kb'))} |")
        emit("")

        # 3. Differences, on the seed graph.
        log("comparing HermiT and owlrl on the seed graph...")
        cmp = run_child("compare", path, args.timeout)
        diff_lines = report_differences(cmp)

        # 2. Synthetic graphs.
        emit("## 2. Synthetic graphs of SBTi size\n")
        emit(f"`synthetic_graph(companies, seed={args.seed})`: the ontology plus fictitious companies shaped like "
             f"data/*.ttl (one article each, 1-2 pledges, ~50 % an emission figure, ~25 % a platform reliance, "
             f"~10 % a subsidiary, every fact with its evidence); {SBTI_COMPANIES:,} companies is the size of "
             f"the SBTi companies-taking-action list. One run per size, each measurement in its own process "
             f"group, killed (with Java) after {args.timeout:.0f} s. Peak RSS: Java for HermiT infer (its heap "
             f"is capped by -Xmx), the Python process for owlrl (rdflib graph included). Agreement: facts about "
             f"individuals that "
             f"only HermiT / only owlrl infer (same filter as in section 3).\n")
        emit("| companies | individuals | triples | HermiT consistency | HermiT infer | owlrl (parse + closure) "
             "| HermiT infer / owlrl | peak RSS Java / owlrl | HermiT-only / owlrl-only |")
        emit("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        stopped = {"consistency": None, "infer": None, "owlrl": None}
        for size in sizes:
            log(f"synthetic graph, {size} companies...")
            d = work / f"synthetic-{size}"
            d.mkdir()
            path = d / "graph.nt"
            t0 = time.perf_counter()
            nt = synthetic_graph(size, args.seed)
            path.write_bytes(nt)
            n_ind = individuals(nt)
            log(f"  {len(nt.splitlines()):,} triples, {n_ind:,} individuals, generated in "
                f"{time.perf_counter() - t0:.1f} s")
            res: dict[str, dict | None] = {}
            for what in ("consistency", "infer", "owlrl"):
                if stopped[what]:
                    res[what] = None
                    continue
                if what == "infer" and not ok(res["consistency"]):
                    res[what] = None  # infer does what the consistency check does, and more
                    stopped[what] = "the consistency check did not finish"
                    continue
                res[what] = run_child(what, path, args.timeout)
                log(f"  {what}: {fig(res[what])}")
                if not ok(res[what]):
                    stopped[what] = f"{'timed out' if 'timeout' in res[what] else 'failed'} at {size:,}"
            c, i, r = res["consistency"], res["infer"], res["owlrl"]

            def cell(result, what):
                return f"not run ({stopped[what]})" if result is None else fig(result)
            ratio = "n/a"
            if ok(i) and ok(r):
                ratio = f"{i['seconds'] / r['seconds']:.2f}"
            elif ok(r) and i and "timeout" in i:
                ratio = f"> {i['timeout'] / r['seconds']:.2f}"
            elif ok(i) and r and "timeout" in r:
                ratio = f"< {i['seconds'] / r['timeout']:.2f}"
            agree = "n/a"
            if ok(i) and ok(r) and i.get("consistent"):
                h_keys = set((d / "hermit.keys").read_text(encoding="utf-8").splitlines())
                r_keys = set((d / "owlrl.keys").read_text(encoding="utf-8").splitlines())
                agree = f"{len(h_keys - r_keys):,} / {len(r_keys - h_keys):,}"
            rss = (f"{mb(i.get('java_maxrss_kb')) if ok(i) else 'n/a'} / "
                   f"{mb(r.get('python_maxrss_kb')) if ok(r) else 'n/a'}")
            emit(f"| {size:,} | {n_ind:,} | {len(nt.splitlines()):,} | {cell(c, 'consistency')} | {cell(i, 'infer')} "
                 f"| {cell(r, 'owlrl')} | {ratio} | {rss} | {agree} |")
            shutil.rmtree(d, ignore_errors=True)
        emit("")
        lines.extend(diff_lines)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    emit(f"Total run time of the benchmark: {(time.time() - started) / 60:.1f} min. Load average (1 min) at the "
         f"start and at the end: {load0:.2f}, {os.getloadavg()[0]:.2f} (other processes share the cores).")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
        log(f"written to {args.write}")


SCALE_ENGINES = [  # (what, label); each in a fresh process
    ("pyoxigraph", "bare pyoxigraph: parse into a store (floor)"),
    ("rl", "kg rl engine (`kg reason --engine rl`: reasonable + chains + checks + kg filter)"),
    ("reasonable", "bare reasonable (load_file + reason(), rdflib terms)"),
    ("owlrl", "owlrl (rdflib parse + closure)"),
    ("hermit-facts", "HermiT (`kg reason`: infer)"),
]


def scale_main(args) -> None:
    """OWL 2 RL at 100k-1M triples: wall time and peak RSS of each engine in a fresh process, same run."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate, parse_size, size_label
    from procs import mb as mb_, run_watched, secs, write_section

    import reasonable

    started, load0 = time.time(), os.getloadavg()[0]
    work = Path(os.environ.get("CCKG_BENCH_DIR") or tempfile.mkdtemp(prefix="cckg-rl-"))
    rows, agree = [], []
    try:
        for size in [parse_size(x) for x in args.scale.split(",")]:
            label = size_label(size)
            g = generate(size, args.seed, out=work / label)
            graph = work / f"{label}-graph" / "graph.nt"
            graph.parent.mkdir(parents=True, exist_ok=True)
            project = Project(g.root)
            store = Store.memory()
            assemble(store, project, project.ontology_files() + project.data_files())
            graph.write_bytes(store.ntriples())
            del store
            repeat = args.scale_repeat if size < 1_000_000 else 1
            figures: dict = {}
            for what, _ in SCALE_ENGINES:
                runs = []
                for _ in range(1 if what in ("owlrl", "hermit-facts") else repeat):
                    out = graph.parent / f"{what}.out"
                    with open(out, "wb") as fo, open(graph.parent / f"{what}.err", "wb") as fe:
                        r = run_watched([sys.executable, str(Path(__file__).resolve()), "_measure", what, str(graph)],
                                        args.timeout, int(args.max_rss_gb * 1024 * 1024), fo, fe, dict(os.environ), ROOT)
                    if r["rc"] == 0 and not r["killed"]:
                        r.update(json.loads(out.read_text().strip().splitlines()[-1]))
                    runs.append(r)
                    log(f"  {label} {what}: {secs(r['wall'])}, {mb_(r['rss_kb'])}, killed={r['killed']}, rc={r['rc']}")
                    if r["killed"] or r["rc"]:
                        break
                figures[what] = runs
            rows.append((label, g.triples, figures))
            h, rl = graph.parent / "hermit.facts", graph.parent / "rl.facts"
            if h.exists() and rl.exists():
                hf, rf = set(h.read_text().splitlines()), set(rl.read_text().splitlines())
                agree.append(f"{label}: HermiT and the rl engine give {len(hf):,} and {len(rf):,} facts about "
                             f"individuals; only HermiT {len(hf - rf)}, only rl {len(rf - hf)}.")
            shutil.rmtree(work / label, ignore_errors=True)
    finally:
        if not os.environ.get("CCKG_BENCH_DIR"):
            shutil.rmtree(work, ignore_errors=True)

    def cell(runs):
        bad = next((r for r in runs if r["killed"] or r["rc"]), None)
        if bad:
            if "timeout" in bad["killed"]:
                return f"> {args.timeout:.0f} s (killed)", "n/a", None
            if "memory" in bad["killed"]:
                return f"killed above {args.max_rss_gb:g} GB after {secs(bad['wall'])}", mb_(bad["killed"]["memory"]), None
            return f"failed (exit {bad['rc']})", "n/a", None
        wall = statistics.median(r["wall"] for r in runs)
        return (secs(wall) + (f" (median of {len(runs)})" if len(runs) > 1 else ""),
                mb_(max(r["rss_kb"] or 0 for r in runs)), wall)

    lines = [f"`.venv/bin/python benchmarks/reasoning.py {' '.join(sys.argv[1:])}`, "
             f"{time.strftime('%Y-%m-%d', time.gmtime(started))}; reasonable {reasonable.__version__}, {versions()}; "
             f"load average {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end. Projects from "
             f"`benchmarks/generate.py --seed {args.seed}` (ontology + curated data + synthetic companies, as "
             "N-Triples); each figure is the wall time of a fresh process (Python start and imports included) "
             f"and its peak RSS; killed after {args.timeout:.0f} s or above {args.max_rss_gb:g} GB.\n",
             "| triples | engine | wall | peak RSS | / bare pyoxigraph | / kg rl |", "|---|---|---:|---:|---:|---:|"]
    for label, triples, figures in rows:
        base = {what: cell(figures[what])[2] for what, _ in SCALE_ENGINES if what in figures}
        for what, name in SCALE_ENGINES:
            if what not in figures:
                continue
            text, rss, wall = cell(figures[what])
            ratio = lambda ref: f"{wall / base[ref]:.1f}" if wall and base.get(ref) else "n/a"  # noqa: E731
            lines.append(f"| {label} ({triples:,}) | {name} | {text} | {rss} | {ratio('pyoxigraph')} | {ratio('rl')} |")
    rl_1m = next((cell(f["rl"])[2] for label, _, f in rows if label == "1M" and "rl" in f), None)
    lines += ["", *agree, "", "Goal (issue 18): OWL 2 RL materialisation of 1M triples in <= 30 s: " +
              ("not measured at 1M." if rl_1m is None else
               f"{'met' if rl_1m <= 30 else 'NOT met'} ({secs(rl_1m)} for `kg reason --engine rl`'s work).")]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        write_section(Path(args.write), "## 4. OWL 2 RL at scale (`--scale`)\n\n" + text,
                      "<!-- reasoning-scale:begin -->", "<!-- reasoning-scale:end -->")
        log(f"written to {args.write}")


def report_differences(cmp: dict) -> list[str]:
    out = ["## 3. What HermiT infers that OWL 2 RL does not, and the reverse (seed graph)\n"]
    if not ok(cmp):
        out.append(f"Comparison not done: {fig(cmp)}\n")
        return out
    out.append(f"HermiT's `infer` gives {cmp['hermit_inferred']:,} triples, owlrl's closure {cmp['owlrl_inferred']:,} "
               f"beyond the asserted ones. Compared: facts about individuals (class memberships and property "
               f"assertions, literals compared by value: 1.0 = 1), {cmp['hermit_kept']:,} from HermiT and "
               f"{cmp['owlrl_kept']:,} from owlrl, {cmp['common']:,} in common. Left out of owlrl's output:\n")
    for why, text in zip(LEFT_OUT_KEYS, LEFT_OUT):
        out.append(f"- {text}: {cmp['left_out'].get(why, 0):,}")
    h_out = ", ".join(f"{n} ({why})" for why, n in cmp["hermit_left_out"].items()) or "nothing"
    out.append(f"\nLeft out of HermiT's output by the same filter: {h_out}; HermiT's derived subclass axioms "
               "are compared below.\n")
    for title, key in (("Only HermiT", "hermit_only"), ("Only owlrl", "owlrl_only")):
        groups = cmp[key]
        total = sum(g["count"] for g in groups)
        out.append(f"### {title}: {total} triples\n")
        if not groups:
            out.append("(none)\n")
            continue
        out.append("| kind | count | examples |\n|---|---:|---|")
        for g in groups:
            kind = f"class membership `{g['group']}`" if g["group"].startswith("a ") else f"property `{g['group']}`"
            out.append(f"| {kind} | {g['count']} | " + "<br>".join(f"`{e}`" for e in g["examples"]) + " |")
        out.append("")
    out.append("### Defined classes and property chains\n")
    out.append("Members / pairs inferred (none are asserted):\n")
    out.append("| defined class or chained property | HermiT | owlrl | both |\n|---|---:|---:|---:|")
    for d in cmp["defined"]:
        out.append(f"| `{d['what']}` | {d['hermit']} | {d['owlrl']} | {d['both']} |")
    out.append("\n### Subclass axioms\n")
    out.append("Derived by HermiT (not asserted), and whether owlrl derives them too:\n")
    for s in cmp["subclass_hermit"]:
        out.append(f"- `{s['axiom']}`: owlrl {'yes' if s['owlrl'] else '**no**'}")
    extra = cmp["subclass_owlrl_extra"]
    out.append(f"\nowlrl derives {cmp['subclass_owlrl_count']} subclass axioms between named classes (not asserted, "
               "not reflexive, no rdf:/rdfs:/owl:/xsd: class); those not implied by the asserted axioms plus "
               f"HermiT's: {len(extra)}" + (": " + ", ".join(f"`{e}`" for e in extra[:5]) if extra else "") + ".\n")
    return out


if __name__ == "__main__":
    main()
