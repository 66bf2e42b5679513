"""Incremental `kg validate`: after builds that changed a few sources, re-check only the nodes their
added or removed triples can affect, and keep the previous run's findings about every other node.

The builds since the last validation list the nodes of the triples they added or removed
(kg.store.changes). Every check of shapes/ reads only triples whose subject is its focus node (the
entity of a quality query) or a node DEPTH triples from it; so only the changed nodes and the nodes
within DEPTH of a changed triple's subject can get other findings: the affected nodes. They are
validated on a small in-memory copy of what surrounds them (the triples about every node within
DEPTH of them, either way, and the ontology), and their findings replace the previous ones; the
queries marked `#+ reach: global` run on the whole graph. Anything the journal cannot vouch for
(a build from scratch, other shapes, queries, ontology or kg code, a blank node or a vocabulary
term among the changes, too many affected nodes) means a full validation, and says why.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
import dataclasses
import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

from ..errors import KgError
from ..files import write_atomic
from ..iris import KGR_NS
from ..project import Project
from ..shacl.report import Finding
from ..store.embedded import Store, Term
from .validate import Report, finding_order, run_violation_queries, validate_store

STATE = "validation-state.json"
FORMAT = 1
DEPTH = 1  # from a check's focus node to the subject of any triple it reads, in triples (docs/validation.md)
MAX_AFFECTED = 20_000  # beyond this, a full validation costs about as much
KG_CODE = ("shacl", "validation")  # kg's own subpackages whose code decides the findings
SUBGRAPH = "urn:kg:validation:neighbourhood"


def inputs_digest(project: Project) -> str:
    """SHA-256 of everything but the data that decides the findings: shapes, quality queries, the
    ontology and kg's validation code."""
    h = hashlib.sha256(f"format {FORMAT} depth {DEPTH}".encode())
    code = sorted(p for sub in KG_CODE for p in (Path(__file__).parent.parent / sub).rglob("*.py"))
    for path in [*project.shapes_files(), *project.violation_queries(), *project.ontology_files(), *code]:
        h.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


# -- the saved state ------------------------------------------------------------------------------

def _enc(x):
    import rdflib

    if x is None or isinstance(x, (str, bool)) and not isinstance(x, rdflib.term.Node):
        return x
    if isinstance(x, Term):
        return {"t": [x.kind, x.value, x.datatype, x.lang]}
    if isinstance(x, rdflib.BNode):
        return {"b": str(x)}
    if isinstance(x, rdflib.URIRef):
        return {"u": str(x)}
    return {"l": [str(x), str(x.datatype) if x.datatype else None, x.language]}


def _dec(x):
    import rdflib

    if not isinstance(x, dict):
        return x
    kind, value = next(iter(x.items()))
    if kind == "t":
        return Term(*value)
    if kind == "b":
        return rdflib.BNode(value)
    if kind == "u":
        return rdflib.URIRef(value)
    return rdflib.Literal(value[0], datatype=value[1], lang=value[2])


FIELDS = tuple(f.name for f in dataclasses.fields(Finding))


def save_state(project: Project, build: str, digest: str, shapes, findings: list[Finding]) -> None:
    """The findings (OWL's aside: HermiT always runs on the whole graph) and the shapes graph they
    refer to (its blank nodes as labelled), for the next run to start from."""
    state = {"format": FORMAT, "build": build, "inputs": digest,
             "shapes": shapes.serialize(format="nt"),
             "findings": [[_enc(getattr(f, k)) for k in FIELDS] for f in findings if f.source != "owl:consistency"]}
    try:
        write_atomic(project.build_dir / STATE, json.dumps(state).encode("utf-8"), True, project.build_dir)
    except (OSError, KgError):  # a cache: the next run is a full one
        pass


def load_state(project: Project) -> dict | None:
    try:
        state = json.loads((project.build_dir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and state.get("format") == FORMAT else None


def restored_shapes(state: dict):
    """The shapes graph of the saved state, its blank nodes under their saved labels."""
    import rdflib

    from ..shacl.terms import rdflib_term
    from ..store.embedded import from_ox

    g = rdflib.Graph()
    for t in ox.parse(state["shapes"].encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        g.add(tuple(rdflib_term(from_ox(x)) for x in (t.subject, t.predicate, t.object)))
    return g


def restored_findings(state: dict) -> list[Finding]:
    """The saved findings; ValueError if one is not as save_state writes it."""
    out = []
    for row in state["findings"]:
        if not isinstance(row, list) or len(row) != len(FIELDS):
            raise ValueError("a saved finding has other fields")
        f = Finding(**{k: _dec(v) for k, v in zip(FIELDS, row)})
        if not all(isinstance(x, str) for x in (f.severity, f.source, f.message)) or not all(
                x is None or isinstance(x, Term) for x in (f.focus_term, f.value_term)):
            raise ValueError("a saved finding has values of other types")
        out.append(f)
    return out


# -- what a change can affect ---------------------------------------------------------------------

def _ours(node: str) -> bool:
    return node.startswith("<" + KGR_NS)


def _walk(store: Store, start: set[str], steps: int, limit: int) -> set[str] | None:
    """`start` and every node within `steps` triples of its kgr: IRIs, either way, walking through
    kgr: IRIs only (a class or another vocabulary term would lead to all its instances); None past `limit`."""
    seen, frontier = set(start), {n for n in start if _ours(n)}
    for _ in range(steps):
        ring = set()
        for node in frontier:
            ring |= store.adjacent(node[1:-1])
        ring -= seen
        seen |= ring
        if len(seen) > limit:
            return None
        frontier = {n for n in ring if _ours(n)}
    return seen


def neighbourhood(store: Store, nodes: set[str], subjects: set[str]) -> tuple[set[str], set[str]] | str:
    """(affected: the changed nodes and those within DEPTH of a changed subject, surroundings: within
    DEPTH of the affected ones), or why a full validation is needed instead."""
    if any(n.startswith("_:") for n in nodes):
        return "a blank node's triples changed"
    if foreign := next((s for s in sorted(subjects) if not _ours(s)), None):
        return f"the triples about {foreign} (not a kgr: IRI) changed"
    near = _walk(store, subjects, DEPTH, MAX_AFFECTED)
    affected = None if near is None else near | nodes
    if affected is None or len(affected) > MAX_AFFECTED:
        return f"more than {MAX_AFFECTED:,} nodes are within reach of the changes"
    around = _walk(store, affected, DEPTH, 10 * MAX_AFFECTED)
    if around is None:
        return f"more than {10 * MAX_AFFECTED:,} nodes surround the {len(affected):,} affected ones"
    if any(n.startswith("_:") for n in around):
        return "blank nodes are within reach of the changes"
    return affected, around


def surroundings_store(store: Store, project: Project, around: set[str]) -> Store:
    """An in-memory store of the ontology, every triple touching a kgr: node of `around`, and the
    triples about its other IRIs and about the properties those triples use."""
    from ..store.build import graph_iri

    graph = ox.NamedNode(SUBGRAPH)
    sub = Store.memory()
    quads = []
    for path in project.ontology_files():
        quads += [ox.Quad(q.subject, q.predicate, q.object, graph) for q in store.quads(graph_iri(project.rel(path)))]
    properties = set()
    for node in around:
        if not node.startswith("<"):  # a literal: the triples that hold it are about an affected subject
            continue
        for q in store.touching(node[1:-1], as_object=_ours(node)):
            quads.append(ox.Quad(q.subject, q.predicate, q.object, graph))
            properties.add(q.predicate.value)
    for prop in properties:
        quads += [ox.Quad(q.subject, q.predicate, q.object, graph) for q in store.touching(prop, as_object=False)]
    sub.add_quads(quads)
    return sub


def _focus(f: Finding) -> str | None:
    if f.focus_term is not None:
        return f.focus_term.n3()
    return f"<{f.focus}>" if f.focus else None


# -- putting it together --------------------------------------------------------------------------

def validate_build(store: Store, project: Project, owl: bool = True, engine: str = "sparql", full: bool = False,
                   log=lambda m: None) -> Report:
    """`kg validate` on the build: incremental where the saved state and the journal allow, else full;
    the state is saved for the next run (sparql engine)."""
    from ..store.build import read_manifest

    build = (read_manifest(project) or {}).get("id")
    digest = inputs_digest(project) if engine == "sparql" else None
    plan = _plan(store, project, build, digest, full, engine)
    if isinstance(plan, str):
        if plan:
            log(f"validating everything: {plan}")
        report = validate_store(store, project, owl, engine)
        if engine == "sparql" and build:
            save_state(project, build, digest, report.shapes, report.findings)
        return report
    state, shapes, previous, changed, affected, around = plan
    with ThreadPoolExecutor(1, thread_name_prefix="kg-global-rules") as pool:  # the whole graph's part, beside
        whole = pool.submit(run_violation_queries, store, project, "global")
        sub = surroundings_store(store, project, around) if affected else Store.memory()
        report = validate_store(sub, project, owl=False, engine=engine, shapes=shapes, queries="local")
        globals_ = whole.result()
    global_sources = {p.name for p in _global_paths(project)}
    fresh = [f for f in report.findings if _focus(f) in affected]
    kept = [f for f in previous if f.source not in global_sources and _focus(f) not in affected]
    merged = {(f, f.key, f.nested): f for f in kept + fresh + globals_}
    report.findings = list(merged.values())
    report.data_bnodes = store.outgoing
    report.checks["queries"] = f"{len(project.violation_queries())} quality-control queries"
    if owl:
        from .validate import check_owl

        check_owl(store, report)
    else:
        report.checks["owl"] = "skipped (--no-owl)"
    report.findings.sort(key=finding_order)
    save_state(project, build, digest, shapes, report.findings)
    report.notes.append(f"validated incrementally: {len(changed):,} changed nodes since the last validation, "
                        f"{len(affected):,} nodes re-checked on {len(sub):,} triples around them (--full checks "
                        "every node)")
    return report


def _global_paths(project: Project) -> list[Path]:
    from ..sparql import parse_metadata
    from .validate import is_global

    return [p for p in project.violation_queries()
            if is_global(parse_metadata(p.read_text(encoding="utf-8"), project.rel(p)))]


def _plan(store: Store, project: Project, build: str | None, digest: str | None, full: bool, engine: str):
    """(state, its shapes graph, its findings, the changed nodes, affected, surroundings) for an
    incremental run, or why not ("" when nothing to say)."""
    from ..store.changes import since

    if full or engine != "sparql" or not build:
        return ""
    state = load_state(project)
    if state is None:
        return ""
    if state.get("inputs") != digest:
        return "the shapes, quality queries, ontology or kg changed since the last validation"
    try:
        saved = (restored_shapes(state), restored_findings(state))
    except Exception:  # noqa: BLE001 - a cache that cannot be read is not used
        return f"{project.rel(project.build_dir / STATE)} cannot be read"
    if state.get("build") == build:
        return (state, *saved, set(), set(), set())
    changed = since(project.build_dir, state.get("build"), build)
    if changed is None:
        return "the build was made from scratch since the last validation"
    found = neighbourhood(store, *changed)
    if isinstance(found, str):
        return found
    return (state, *saved, changed[0], *found)
