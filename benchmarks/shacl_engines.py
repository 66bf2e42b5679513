"""SHACL engines on our shapes and data: ours (kg.shacl, SPARQL over the store) against pySHACL and the
alternatives on PyPI (pyshacl-turbo, shacl, pyrudof), for speed, memory and same findings.

The alternatives are optional: an engine whose package is not installed is listed as such in the
report and skipped. Install them apart from the project's venv, e.g.

    python3 -m venv /tmp/shacl-alt/venv
    /tmp/shacl-alt/venv/bin/pip install -e . pyrudof pyshacl-turbo shacl
    /tmp/shacl-alt/venv/bin/python benchmarks/shacl_engines.py --sizes seed,10k,100k --write FILE.md

Engines (ENGINES below), each run in a fresh process on the same N-Triples file and the same shapes
(shapes/*.ttl, as kg.validation loads them):

- sparql: ours, `kg.shacl.run_sparql_shacl` over a pyoxigraph memory Store loaded with the file
  (what `kg validate` runs on the built store);
- pyshacl: the reference, `pyshacl.validate` as `kg.validation.run_shacl` calls it (rdflib Graph,
  inference none, advanced, allow_warnings);
- pyshacl-turbo: the same call with `pyshacl_turbo.validate` (its drop-in API), rdflib Graph input;
- pyshacl-turbo/store: the same, with a pyoxigraph Store as input (the input our pipeline has);
- shacl: `shacl.Shapes.from_file(shapes).validate_file(data.nt)`;
- pyrudof and pyrudof/sparql: `Rudof.read_data` + `read_shacl` + `validate_shacl` with
  `ShaclValidationMode.Native` or `.Sparql` (rudof's two engines).

Data graphs (--sizes): `seed` is the repository's own build (`kg --root <checkout> build`, built
into a separate folder through KG_BUILD_DIR, then `kg export -f nt`): ontology + seeds/articles.ttl
+ data/*.ttl + each article's schema:text, what the quote-in-article constraint reads; `10k`,
`100k`, ... are synthetic projects (`benchmarks/generate.py SIZE -o DIR`, then `kg build --full`
and `kg export -f nt` in DIR).

Does an engine accept our shapes? Our data conform (warnings only), which says nothing about the
constraints an engine skips. So every engine also runs on probe graphs where constraints fail:
the test fixtures (tests/fixtures/*/*.ttl, each with the ontology, as `kg validate FILE` builds
it: each invalid fixture breaks one rule, quotes and SHACL-SPARQL included), --mutations
mutated copies of the seed graph (30 random edits each, as tests/shacl/test_engine.py does:
wrong datatypes, ranges, classes, counts, blank nodes) and one hand-made edit of the seed graph
for the components no fixture breaks (sh:uniqueLang, sh:minLength, sh:disjoint). An engine that cannot load the shapes is
run again on the shapes without their SHACL-SPARQL constraints (sh:sparql), and the comparison is
then labelled partial.

Measured for each (size, engine), --repeat runs (median), runs of the engines interleaved: time in
the process from the N-Triples file to the findings (parse + shapes + validation; the split when
the API allows it), wall time of the whole process (interpreter and imports included), peak RSS of
the process (GNU time's %M). A run is killed after --timeout seconds; an engine that timed out is
not run at larger sizes. If pySHACL times out, it is run once more with --reference-timeout to get
the reference findings.

Same findings: the sets of (severity, focus node, path, source shape) against pySHACL's (a
property shape's results count for itself: all our property shapes have IRIs; a blank-node source
is named after the shape holding it through sh:property; blank nodes compare as "_:b"), counted as
missing (pySHACL has it, the engine not) and extra; for the missing ones, pySHACL's constraint
component says what the engine skipped.

Run: python benchmarks/shacl_engines.py [--sizes seed,10k,100k] [--engines all] [--repeat 3]
         [--timeout 300] [--reference-timeout 1800] [--mutations 20] [--work DIR] [--write FILE.md]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

from procs import mb, run_watched, secs  # benchmarks/procs.py

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

VENV_BIN = Path(sys.executable).parent
KG = str(VENV_BIN / "kg") if (VENV_BIN / "kg").exists() else shutil.which("kg") or "kg"
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None  # GNU time: peak RSS
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BNODE_RE = re.compile(r"_:.*|N[0-9a-f]{32}|[0-9a-f]{16,32}")  # rdflib / Oxigraph / N-Triples labels
MAX_RSS_KB = 8 * 1024 * 1024  # a run whose process group holds more is killed (shared machine)


class Spec:
    def __init__(self, name: str, module: str, dist: str, what: str):
        self.name, self.module, self.dist, self.what = name, module, dist, what

    def installed(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    def version(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(self.dist)
        except PackageNotFoundError:
            return "not installed"


ENGINES = {s.name: s for s in (
    Spec("sparql", "kg.shacl", "cckg", "ours: `kg.shacl.run_sparql_shacl` over a pyoxigraph memory Store (bulk load of "
         "the N-Triples)"),
    Spec("pyshacl", "pyshacl", "pyshacl", "the reference: `pyshacl.validate` as `kg.validation.run_shacl` calls it, on an "
         "rdflib Graph"),
    Spec("pyshacl-turbo", "pyshacl_turbo", "pyshacl-turbo", "`pyshacl_turbo.validate`, the same call (drop-in API), "
         "rdflib Graph input"),
    Spec("pyshacl-turbo/store", "pyshacl_turbo", "pyshacl-turbo", "`pyshacl_turbo.validate`, the same call, pyoxigraph "
         "Store input (`Store.bulk_load` of the N-Triples)"),
    Spec("shacl", "shacl", "shacl", "`shacl.Shapes.from_file(shapes).validate_file(data.nt, allow_warnings=True)`"),
    Spec("pyrudof", "pyrudof", "pyrudof", "`Rudof.read_data` + `read_shacl` + `validate_shacl(mode=Native)`"),
    Spec("pyrudof/sparql", "pyrudof", "pyrudof", "the same with `validate_shacl(mode=Sparql)` (rudof's SPARQL-based "
         "engine)"),
)}
REFERENCE = "pyshacl"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ================================================================================================
# Child processes: one engine, one or more data graphs
# ================================================================================================

def _norm(x: str | None) -> str | None:
    """A term as a comparable string: IRIs bare, blank nodes "_:b", literals as given."""
    if x is None:
        return None
    x = str(x)
    if x.startswith("<") and x.endswith(">"):
        return x[1:-1]
    if BNODE_RE.fullmatch(x):
        return "_:b"
    return x


def _path_text(x: str | None) -> str | None:
    """A result path: an IRI, or None for a complex path (a blank node, or SPARQL path syntax)."""
    if x is None:
        return None
    x = str(x)
    if x.startswith("<"):
        return x[1:-1] if re.fullmatch(r"<[^<>\s]*>", x) else None
    if BNODE_RE.fullmatch(x) or not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*", x):
        return None
    return x


class ShapeNamer:
    """Source shapes by name: a blank-node property shape is named after the shape holding it."""

    def __init__(self, shapes):
        self.g = shapes

    def __call__(self, node) -> str | None:
        import rdflib

        if node is None:
            return None
        seen = set()
        while isinstance(node, rdflib.BNode) and node not in seen:
            seen.add(node)
            parents = list(self.g.subjects(rdflib.URIRef(SH + "property"), node))
            if not parents:
                break
            node = parents[0]
        return "_:b" if isinstance(node, rdflib.BNode) else str(node)


def _report_graph_findings(results, namer: ShapeNamer) -> list[list]:
    """[severity, source, focus, path, component] of every sh:ValidationResult of a report graph."""
    import rdflib

    sh = rdflib.Namespace(SH)
    out = []
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        sev = results.value(r, sh.resultSeverity)
        focus = results.value(r, sh.focusNode)
        path = results.value(r, sh.resultPath)
        comp = results.value(r, sh.sourceConstraintComponent)
        out.append([str(sev).rsplit("#", 1)[-1] if sev else "Violation",
                    namer(results.value(r, sh.sourceShape)),
                    "_:b" if isinstance(focus, rdflib.BNode) else _norm(focus),
                    str(path) if isinstance(path, rdflib.URIRef) else None,
                    str(comp).rsplit("#", 1)[-1] if comp else None])
    return out


def _rdflib_shapes(shapes: Path):
    import rdflib

    g = rdflib.Graph()
    g.parse(shapes, format="turtle")
    return g


class Runner:
    """One engine: `prepare(shapes)` once, then `run(data.nt)` -> (timings, findings)."""

    def __init__(self, engine: str, shapes: Path):
        self.engine, self.shapes_path = engine, shapes
        t0 = time.perf_counter()
        getattr(self, "_import_" + engine.replace("-", "_").replace("/", "_"))()
        self.import_s = time.perf_counter() - t0

    # -- imports ----------------------------------------------------------------------------------
    def _import_sparql(self):
        import pyoxigraph  # noqa: F401
        import rdflib  # noqa: F401

        import kg.shacl.engine  # noqa: F401

    def _import_pyshacl(self):
        import pyshacl  # noqa: F401
        import rdflib  # noqa: F401

    def _import_pyshacl_turbo(self):
        import pyshacl_turbo  # noqa: F401
        import rdflib  # noqa: F401

    def _import_pyshacl_turbo_store(self):
        import pyoxigraph  # noqa: F401
        self._import_pyshacl_turbo()

    def _import_shacl(self):
        import shacl  # noqa: F401

    def _import_pyrudof(self):
        import pyrudof  # noqa: F401

    _import_pyrudof_sparql = _import_pyrudof

    # -- runs ---------------------------------------------------------------------------------------
    def run(self, data: Path) -> dict:
        """{"load": s, "validate": s, "findings": [[sev, source, focus, path, component]...]}."""
        return getattr(self, "_run_" + self.engine.replace("-", "_").replace("/", "_"))(data)

    def _run_sparql(self, data: Path) -> dict:
        import pyoxigraph as ox

        from kg.shacl.engine import run_sparql_shacl
        from kg.store.embedded import Store

        t0 = time.perf_counter()
        backend = ox.Store()
        backend.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES,
                          to_graph=ox.NamedNode("https://w3id.org/climate-commitments/graph/bench"))
        store = Store(backend)
        shapes = _rdflib_shapes(self.shapes_path)
        t1 = time.perf_counter()
        found = run_sparql_shacl(store, shapes)
        t2 = time.perf_counter()
        findings = [[f.severity, _norm(f.source), _norm(f.focus), _path_text(f.path), None] for f in found]
        return {"load": t1 - t0, "validate": t2 - t1, "findings": findings, "results": len(found)}

    def _pyshacl_like(self, data: Path, validate, store_input: bool = False) -> dict:
        import rdflib

        t0 = time.perf_counter()
        if store_input:
            import pyoxigraph as ox

            g = ox.Store()
            g.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        else:
            g = rdflib.Graph()
            g.parse(data, format="nt")
        shapes = _rdflib_shapes(self.shapes_path)
        t1 = time.perf_counter()
        _, results, _ = validate(g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True,
                                 abort_on_first=False, meta_shacl=False)
        t2 = time.perf_counter()
        findings = _report_graph_findings(results, ShapeNamer(shapes))
        return {"load": t1 - t0, "validate": t2 - t1, "findings": findings, "results": len(findings)}

    def _run_pyshacl(self, data: Path) -> dict:
        from pyshacl import validate

        return self._pyshacl_like(data, validate)

    def _run_pyshacl_turbo(self, data: Path) -> dict:
        from pyshacl_turbo import validate

        return self._pyshacl_like(data, validate)

    def _run_pyshacl_turbo_store(self, data: Path) -> dict:
        from pyshacl_turbo import validate

        return self._pyshacl_like(data, validate, store_input=True)

    def _run_shacl(self, data: Path) -> dict:
        import shacl

        t0 = time.perf_counter()
        shapes = shacl.Shapes.from_file(str(self.shapes_path))
        t1 = time.perf_counter()
        report = shapes.validate_file(str(data), allow_warnings=True)  # parses the data too
        t2 = time.perf_counter()
        findings = [[r.severity, _norm(r.root_shape), _norm(r.focus_node), _path_text(r.path), r.component]
                    for r in report.results]
        return {"load": t1 - t0, "validate": t2 - t1, "findings": findings, "results": len(findings),
                "note": "data parsed inside validate_file", "shapes_compiled": len(shapes)}

    def _rudof(self, data: Path, mode_name: str) -> dict:
        from pyrudof import RDFFormat, Rudof, RudofConfig, ShaclFormat, ShaclValidationMode

        t0 = time.perf_counter()
        rudof = Rudof(RudofConfig())
        rudof.read_data(str(data), format=RDFFormat.NTriples)
        rudof.read_shacl(str(self.shapes_path), format=ShaclFormat.Turtle)
        t1 = time.perf_counter()
        report = rudof.validate_shacl(mode=getattr(ShaclValidationMode, mode_name))
        t2 = time.perf_counter()
        findings = [[e.severity, _norm(e.source_shape), _norm(e.focus_node), _path_text(e.path),
                     str(e.constraint_component).rsplit("#", 1)[-1]] for e in report]
        return {"load": t1 - t0, "validate": t2 - t1, "findings": findings, "results": len(findings)}

    def _run_pyrudof(self, data: Path) -> dict:
        return self._rudof(data, "Native")

    def _run_pyrudof_sparql(self, data: Path) -> dict:
        return self._rudof(data, "Sparql")


def self_rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_run(engine: str, shapes: Path, data: Path, keys_out: Path) -> None:
    """One timed validation: a JSON line of figures; the findings in keys_out."""
    t0 = time.perf_counter()
    runner = Runner(engine, shapes)
    res = runner.run(data)
    total = time.perf_counter() - t0
    keys_out.write_text(json.dumps(res.pop("findings")), encoding="utf-8")
    print(json.dumps({**res, "import": runner.import_s, "seconds": res["load"] + res["validate"],
                      "in_process": total, "rss_kb": self_rss_kb()}), flush=True)


def child_probe(engine: str, shapes: Path, listing: Path, out: Path) -> None:
    """Every probe graph of `listing` (one .nt path a line) in one process; findings or error of each."""
    runner = Runner(engine, shapes)
    results = {}
    for line in listing.read_text(encoding="utf-8").splitlines():
        path = Path(line)
        try:
            res = runner.run(path)
            results[path.stem] = {"findings": res["findings"], "results": res["results"]}
        except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException (PanicException)
            if isinstance(exc, KeyboardInterrupt):
                raise
            msg = (str(exc).strip().splitlines() or [""])[0]
            results[path.stem] = {"error": f"{type(exc).__name__}: {msg}"[:300]}
    out.write_text(json.dumps(results), encoding="utf-8")
    print(json.dumps({"graphs": len(results), "errors": sum("error" in r for r in results.values())}), flush=True)


# -- preparation (in its own process too: rdflib, pyoxigraph and kg stay out of the parent) --------

def _mutate(rng: random.Random, data: list, iris: list, classes: list, k: int) -> list:
    """k random edits, the ones tests/shacl/test_engine.py makes (tests/mutations.py)."""
    sys.path.insert(0, str(ROOT))
    from tests.mutations import mutate

    return mutate(rng, data, iris, classes, k)


# constraint parameter -> its component (local names), for the parameters SHACL Core and SHACL-SPARQL define
PARAMETERS = {p: p[0].upper() + p[1:] + "ConstraintComponent" for p in (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive", "maxExclusive",
    "maxInclusive", "minLength", "maxLength", "pattern", "languageIn", "uniqueLang", "equals", "disjoint",
    "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "node", "qualifiedMinCount", "qualifiedMaxCount",
    "closed", "hasValue", "in")} | {"sparql": "SPARQLConstraintComponent"}


def child_prepare(work: Path, mutations: int) -> None:
    """shapes (full and without SHACL-SPARQL), probe graphs (fixtures, mutated seed graphs)."""
    import pyoxigraph as ox
    import rdflib

    from kg.store.build import assemble
    from kg.project import Project
    from kg.store.embedded import Store
    from kg.validation import load_shapes, store_for_files

    project = Project(ROOT)
    shapes_dir = work / "shapes"
    shapes_dir.mkdir(parents=True, exist_ok=True)
    files = project.shapes_files()
    full = load_shapes(project)
    if len(files) == 1:
        shutil.copyfile(files[0], shapes_dir / "full.ttl")
    else:
        full.serialize(destination=str(shapes_dir / "full.ttl"), format="turtle")
    sh = rdflib.Namespace(SH)
    core = rdflib.Graph()
    for t in full:
        core.add(t)
    for s, c in list(core.subject_objects(sh.sparql)):
        core.remove((s, sh.sparql, c))
        for t in list(core.triples((c, None, None))):
            core.remove(t)
    for prefix, ns in full.namespaces():
        core.bind(prefix, ns)
    core.serialize(destination=str(shapes_dir / "core.ttl"), format="turtle")

    used = sorted({str(p)[len(SH):] for p in full.predicates() if str(p).startswith(SH)} & set(PARAMETERS))
    (work / "components.json").write_text(json.dumps([PARAMETERS[p] for p in used]), encoding="utf-8")

    probes = work / "probes"
    probes.mkdir(exist_ok=True)
    listing, expect = [], {}
    for kind in ("valid", "invalid", "warning", "inconsistent"):
        for f in sorted((ROOT / "tests" / "fixtures" / kind).glob("*.ttl")):
            target = probes / f"fixture-{kind}-{f.stem}.nt"
            target.write_bytes(store_for_files(project, [f]).ntriples())
            listing.append(str(target))
            exp = []
            for line in f.read_text(encoding="utf-8").splitlines():
                m = re.match(r"#\s*expect(-warning)?:\s*<([^>]+)>\s*<([^>]+)>", line)
                if m:
                    exp.append(["Warning" if m.group(1) else "Violation", m.group(2), m.group(3)])
            expect[target.stem] = exp
    if mutations:
        seed = Store.memory()
        assemble(seed, project, project.ontology_files() + project.data_files())
        onto = Store.memory()
        assemble(onto, project, project.ontology_files())
        ontology = {str(t) for t in ox.parse(onto.ntriples(), format=ox.RdfFormat.N_TRIPLES)}
        triples = list(ox.parse(seed.ntriples(), format=ox.RdfFormat.N_TRIPLES))
        data = [t for t in triples if str(t) not in ontology]
        iris = sorted({t.object for t in triples if isinstance(t.object, ox.NamedNode)}, key=str)
        classes = sorted({t.object for t in triples if t.predicate.value == RDF_TYPE
                          and isinstance(t.object, ox.NamedNode)}, key=str)
        kept = [t for t in triples if str(t) in ontology]
        for i in range(1, mutations + 1):
            mutated = kept + _mutate(random.Random(i), data, iris, classes, 30)
            target = probes / f"mutated-seed-{i:02d}.nt"
            target.write_bytes(ox.serialize(mutated, format=ox.RdfFormat.N_TRIPLES))
            listing.append(str(target))
    # the components no fixture breaks (sh:uniqueLang, sh:minLength, sh:disjoint): a hand-made edit of the seed graph
    seed = Store.memory()
    assemble(seed, project, project.ontology_files() + project.data_files())
    cckg, rdfs = "https://w3id.org/climate-commitments/ontology#", "http://www.w3.org/2000/01/rdf-schema#"
    extra = []
    org = seed.select(f"SELECT ?o WHERE {{ ?o a <{cckg}Company> ; <{rdfs}label> ?l }} ORDER BY ?o LIMIT 1").rows
    if org:
        o = ox.NamedNode(org[0][0].value)
        extra += [ox.Triple(o, ox.NamedNode(rdfs + "label"), ox.Literal("Nom A", language="fr")),
                  ox.Triple(o, ox.NamedNode(rdfs + "label"), ox.Literal("Nom B", language="fr")),
                  ox.Triple(o, ox.NamedNode(cckg + "region"), ox.Literal(""))]
    pair = seed.select(f"SELECT ?p ?c WHERE {{ ?p <{cckg}client> ?c }} ORDER BY ?p LIMIT 1").rows
    if pair:
        extra.append(ox.Triple(ox.NamedNode(pair[0][0].value), ox.NamedNode(cckg + "partner"),
                               ox.NamedNode(pair[0][1].value)))
    base = list(ox.parse(seed.ntriples(), format=ox.RdfFormat.N_TRIPLES))
    target = probes / "hand-made-seed.nt"
    target.write_bytes(ox.serialize(base + extra, format=ox.RdfFormat.N_TRIPLES))
    listing.append(str(target))

    (work / "probes.txt").write_text("\n".join(listing) + "\n", encoding="utf-8")
    (work / "expect.json").write_text(json.dumps(expect), encoding="utf-8")
    print(json.dumps({"probes": len(listing)}), flush=True)


def child_main(argv: list[str]) -> None:
    what, rest = argv[0], argv[1:]
    if what == "run":
        child_run(rest[0], Path(rest[1]), Path(rest[2]), Path(rest[3]))
    elif what == "probe":
        child_probe(rest[0], Path(rest[1]), Path(rest[2]), Path(rest[3]))
    elif what == "prepare":
        child_prepare(Path(rest[0]), int(rest[1]))
    else:
        raise SystemExit(f"unknown child step {what}")


# ================================================================================================
# Parent: running steps
# ================================================================================================

def child_cmd(*args: object) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "_child", *map(str, args)]


def run_step(cmd: list[str], timeout: float, env: dict | None = None, cwd: Path = ROOT) -> dict:
    """Run `cmd` in a new process group (benchmarks/procs.py): wall, peak RSS, exit status, its last
    JSON line, the load average at the start. The group is killed after `timeout` seconds, or when
    it holds more than MAX_RSS_KB."""
    env = {k: v for k, v in (env or os.environ).items() if k != "KG_ROOT"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        run = run_watched(cmd, timeout, MAX_RSS_KB, out, err, env, cwd)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    killed, rc = run["killed"], run["rc"]
    result = {"wall": run["wall"], "rss_kb": run["rss_kb"], "rc": rc, "load": run["load"]}
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            try:
                result["out"] = json.loads(line)
                break
            except ValueError:
                pass
    if "timeout" in killed:
        result["timeout"] = timeout
    elif "memory" in killed:
        result["error"] = f"killed at {killed['memory'] / 1024 ** 2:.1f} GB of memory"
    elif rc != 0 or "out" not in result:
        tail = [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith("Command exited with")
                and not ln.startswith("Command terminated")]
        result["error"] = (tail[-1] if tail else f"exit status {rc}")[:300]
    return result


def ok(r: dict | None) -> bool:
    return bool(r) and "timeout" not in r and "error" not in r and "skipped" not in r


# -- graphs -----------------------------------------------------------------------------------------

def count_lines(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def prepare_graph(size: str, work: Path, seed: int, timeout: float) -> tuple[Path | None, str]:
    """The N-Triples of one size (reused when already in `work`), or (None, why not)."""
    target = work / size / "graph.nt"
    if target.is_file() and target.stat().st_size:
        return target, f"reused {target}"
    if size == "seed":
        build = work / "seed" / "build"
        env = dict(os.environ, KG_BUILD_DIR=str(build))
        steps = [[KG, "--root", str(ROOT), "build", "--full"],
                 [KG, "--root", str(ROOT), "export", "-f", "nt", "-o", str(target)]]
        target.parent.mkdir(parents=True, exist_ok=True)
        cwd = ROOT
    else:
        proj = work / size
        if proj.exists():
            shutil.rmtree(proj)
        r = run_step([sys.executable, str(HERE / "generate.py"), size, "-o", str(proj), "--seed", str(seed)], timeout)
        if r["rc"] != 0:
            return None, f"generate.py {size} failed: {r.get('error')}"
        env = dict(os.environ)
        env.pop("KG_BUILD_DIR", None)
        steps = [[KG, "build", "--full"], [KG, "export", "-f", "nt", "-o", str(target)]]
        cwd = proj
    for cmd in steps:
        p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        if p.returncode != 0:
            return None, f"`{' '.join(cmd)}` failed: {(p.stderr.strip().splitlines() or ['?'])[-1]}"
    return target, "built"


# -- comparisons ------------------------------------------------------------------------------------

def key_set(findings: list[list]) -> set:
    return {tuple(f[:4]) for f in findings}


def compare(got: list[list], ref: list[list]) -> dict:
    g, r = key_set(got), key_set(ref)
    missing, extra = r - g, g - r
    comps = defaultdict(set)
    for f in ref:
        if tuple(f[:4]) in missing:
            comps[f[4] or "?"].add(tuple(f[:4]))
    extra_comps = defaultdict(set)
    for f in got:
        if tuple(f[:4]) in extra:
            extra_comps[f[4] or "?"].add(tuple(f[:4]))
    return {"missing": len(missing), "extra": len(extra), "same": not missing and not extra,
            "missing_by_component": {c: len(v) for c, v in comps.items()},
            "extra_by_component": {c: len(v) for c, v in extra_comps.items()},
            "missing_examples": sorted(missing, key=str)[:3], "extra_examples": sorted(extra, key=str)[:3]}


# -- formatting ---------------------------------------------------------------------------------------

def short(iri: str | None) -> str:
    if not iri:
        return "–"
    for ns, p in (("https://w3id.org/climate-commitments/shapes#", "cckgsh:"), ("https://w3id.org/climate-commitments/id/", "kgr:"),
                  ("https://w3id.org/climate-commitments/ontology#", "cckg:"), ("http://www.w3.org/ns/oa#", "oa:"),
                  ("https://schema.org/", "schema:"), ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:")):
        if iri.startswith(ns):
            return p + iri[len(ns):]
    return iri


def comp_short(c: str | None) -> str:
    """MinCountConstraintComponent -> sh:minCount; SPARQLConstraintComponent -> sh:sparql."""
    if not c or c == "?":
        return "?"
    c = c.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    if c == "SPARQL":
        return "sh:sparql"
    return "sh:" + c[0].lower() + c[1:]


def key_text(k) -> str:
    sev, src, focus, path = k
    return f"{sev} {short(src)} {short(focus)}" + (f" {short(path)}" if path else "")


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for name in ("rdflib", "pyoxigraph", "pyshacl", "pyshacl-turbo", "shacl", "pyrudof"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} not installed")
    return ", ".join(parts) + f"; Python {platform.python_version()}"


def machine() -> str:
    cpu, mem = "?", "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 ** 2:.0f} GB"
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem} RAM"


# ================================================================================================
# Main
# ================================================================================================

def probe_engines(engines: list[str], work: Path, timeout: float) -> dict:
    """Each engine on every probe graph, full shapes first, shapes without sh:sparql if it cannot."""
    listing = work / "probes.txt"
    out: dict = {}
    for name in engines:
        log(f"probe graphs: {name}...")
        entry = {}
        for variant in ("full", "core"):
            res_path = work / "probe-out" / f"{name.replace('/', '_')}-{variant}.json"
            res_path.parent.mkdir(exist_ok=True)
            r = run_step(child_cmd("probe", name, work / "shapes" / f"{variant}.ttl", listing, res_path),
                         timeout * 4)
            results = json.loads(res_path.read_text(encoding="utf-8")) if ok(r) and res_path.exists() else None
            entry[variant] = {"step": r, "results": results}
            full_fail = results is None or all("error" in v for v in results.values())
            log(f"  {variant}: " + ("failed: " + (r.get("error") or next(iter(results.values()))["error"])
                                    if full_fail else f"{sum('error' not in v for v in results.values())} graphs"))
            if variant == "full" and not full_fail:
                break
        entry["shapes"] = "full" if entry["full"]["results"] and not all(
            "error" in v for v in entry["full"]["results"].values()) else "core"
        out[name] = entry
    return out


# Errors investigated, explained under the probe table when seen (regular expression -> explanation).
KNOWN_ERRORS = {
    r"expected UNDEF": "rudof pre-binds `$this` with a SPARQL `VALUES` clause, where a blank node is not allowed: "
                       "a SHACL-SPARQL constraint whose focus node is a blank node (here evidence moved to a blank "
                       "node: `_:m2 oa:hasSelector ...`) makes the whole validation fail, no report at all "
                       "(reproduced on a 1-triple graph, both modes)",
}


def probe_report(probes: dict, engines: list[str], expect: dict, components: list[str]) -> tuple[list[str], dict]:
    """Markdown for the probe graphs, and per engine a summary: accepts (text), shapes variant."""
    lines, summary = [], {}
    ref_entry = probes.get(REFERENCE, {})
    ref = (ref_entry.get("full") or {}).get("results") if ref_entry.get("shapes") == "full" else None
    if ref is None:
        lines.append("pySHACL (the reference) did not run on the probe graphs: no comparison.\n")
    else:
        seen: Counter = Counter()
        for res in ref.values():
            seen.update({f[4] for f in res.get("findings", [])})
        used = ", ".join(f"{comp_short(c)} {seen[c]}" for c in components if seen[c])
        unused = ", ".join(comp_short(c) for c in components if not seen[c])
        lines.append(f"Constraint components of our shapes that fail somewhere in the probe graphs (number of "
                     f"graphs where pySHACL reports them): {used}." + (f" Not exercised: {unused}." if unused else "")
                     + "\n")
    ref_core = None
    if any(p.get("shapes") == "core" for p in probes.values()):
        # a partial engine is compared with pySHACL on the same partial shapes
        ref_core = (ref_entry.get("core") or {}).get("results")
    lines.append("| engine | shapes loaded | graphs with pySHACL's findings | missing | extra | "
                 "`# expect:` findings found | what it misses (pySHACL's component, findings) "
                 "| graphs where it fails |")
    lines.append("|---|---|---:|---:|---:|---:|---|---|")
    all_errors: dict[str, list[str]] = {}
    for name in engines:
        p = probes.get(name)
        if p is None:
            continue
        variant = p["shapes"]
        results = p[variant]["results"]
        if results is None or all("error" in v for v in results.values()):
            err = p["full"]["step"].get("error") or next(iter((p["full"]["results"] or {"": {"error": "?"}})
                                                               .values())).get("error")
            lines.append(f"| {name} | **rejected**: {err} | – | – | – | – | – | – |")
            summary[name] = {"accepts": f"no ({err})", "shapes": None}
            continue
        reference = ref if variant == "full" else ref_core
        same = total = missing = extra = 0
        miss_comp: Counter = Counter()
        extra_comp: Counter = Counter()
        examples: list[str] = []
        errors: dict[str, list[str]] = defaultdict(list)
        exp_found = exp_total = 0
        for stem, res in sorted(results.items()):
            if "error" in res:
                errors[res["error"]].append(stem)
                continue
            keys = key_set(res["findings"])
            for sev, shape, focus in expect.get(stem, []):
                exp_total += 1
                exp_found += any(k[0] == sev and k[1] == shape and k[2] == focus for k in keys)
            if reference is None or stem not in reference or "error" in reference[stem]:
                continue
            total += 1
            c = compare(res["findings"], reference[stem]["findings"])
            same += c["same"]
            missing += c["missing"]
            extra += c["extra"]
            miss_comp.update(c["missing_by_component"])
            extra_comp.update(c["extra_by_component"])
            if not c["same"] and len(examples) < 4:
                examples += [f"{stem}: missing {key_text(k)}" for k in c["missing_examples"][:1]] + \
                            [f"{stem}: extra {key_text(k)}" for k in c["extra_examples"][:1]]
        misses = ", ".join(f"{comp_short(c)} {n}" for c, n in miss_comp.most_common()) or "nothing"
        if extra_comp:
            misses += "; extra: " + ", ".join(f"{comp_short(c)} {n}" for c, n in extra_comp.most_common())
        shapes_text = "all" if variant == "full" else "**without sh:sparql** (the full shapes: " + \
            (p["full"]["step"].get("error") or "errors") + ")"
        n_err = sum(len(v) for v in errors.values())
        err_text = f"{n_err}: " + "; ".join(f"{', '.join(v)}: `{e}`" for e, v in errors.items()) if errors else "none"
        lines.append(f"| {name} | {shapes_text} | {same}/{total} | {missing} | {extra} | {exp_found}/{exp_total} "
                     f"| {misses} | {err_text} |")
        if variant == "full":
            accepts = "fully" if not missing and not extra else (
                f"partially: misses {misses}" if missing else f"fully, with extra findings ({misses})")
            if name == REFERENCE:
                accepts = "fully (reference)"
        else:
            accepts = "partially: without its SHACL-SPARQL constraints" + (f"; misses {misses}" if missing else "")
        if errors:
            accepts += f"; the whole validation fails on {n_err} of {len(results)} probe graphs (§1)"
        summary[name] = {"accepts": accepts, "shapes": variant, "examples": examples}
        for e in errors:
            all_errors.setdefault(e, []).append(name)
    lines.append("")
    for name in engines:
        ex = summary.get(name, {}).get("examples")
        if ex:
            lines.append(f"- {name}, examples: " + "; ".join(f"`{e}`" for e in ex))
    for err, names in all_errors.items():
        why = next((text for pattern, text in KNOWN_ERRORS.items() if re.search(pattern, err)), None)
        if why:
            lines.append(f"- {', '.join(names)}: `{err[:120]}`: {why}.")
    lines.append("")
    return lines, summary


def main() -> None:
    if len(sys.argv) >= 2 and sys.argv[1] == "_child":
        child_main(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="seed,10k,100k",
                    help="data graphs, comma-separated: seed (the repository's build), 10k, 100k, 1M... (synthetic)")
    ap.add_argument("--engines", default="all", help=f"comma-separated, of: {', '.join(ENGINES)} (default all)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per engine and size (median)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run (each run is a process)")
    ap.add_argument("--reference-timeout", type=float, default=1800,
                    help="if pySHACL timed out: one more run with this limit for its findings (0: none)")
    ap.add_argument("--mutations", type=int, default=20, help="mutated seed graphs among the probe graphs")
    ap.add_argument("--seed", type=int, default=0, help="random seed of the synthetic data")
    ap.add_argument("--max-memory", type=float, default=8, metavar="GB", help="kill a run holding more memory")
    ap.add_argument("--work", metavar="DIR", help="folder for the graphs (kept, and reused when run again); "
                                                  "default a temporary folder, removed")
    ap.add_argument("--write", metavar="FILE.md", help="also write the report to this file")
    args = ap.parse_args()
    global MAX_RSS_KB
    MAX_RSS_KB = int(args.max_memory * 1024 * 1024)
    wanted = list(ENGINES) if args.engines == "all" else [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [e for e in wanted if e not in ENGINES]
    if unknown:
        ap.error(f"unknown engine(s) {', '.join(unknown)}: choose among {', '.join(ENGINES)}")
    missing = [e for e in wanted if not ENGINES[e].installed()]
    engines = [e for e in wanted if e not in missing]  # timed at each size
    # pySHACL's findings on the probe graphs are the reference, so it always runs there
    probed = engines if REFERENCE in engines else [REFERENCE] + engines
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]

    started = time.time()
    load0 = os.getloadavg()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="shacl-engines-"))
    work.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    emit = lines.append
    try:
        for e in missing:
            log(f"{e}: not installed (pip install {ENGINES[e].dist}), skipped")
        # 1. probe graphs: which constraints each engine evaluates
        log("preparing shapes and probe graphs...")
        prep = run_step(child_cmd("prepare", work, args.mutations), args.timeout)
        if not ok(prep):
            raise SystemExit(f"preparation failed: {prep.get('error')}")
        expect = json.loads((work / "expect.json").read_text(encoding="utf-8"))
        components = json.loads((work / "components.json").read_text(encoding="utf-8"))
        probes = probe_engines(probed, work, args.timeout)
        probe_lines, accepts = probe_report(probes, probed, expect, components)

        # 2. sizes
        graphs: dict[str, tuple[Path | None, str]] = {}
        for size in sizes:
            log(f"graph {size}...")
            graphs[size] = prepare_graph(size, work, args.seed, max(args.timeout, 1800))
            log(f"  {graphs[size][1]}")
        runs: dict = {}
        stopped: dict[str, str] = {}
        for size in sizes:
            path, why = graphs[size]
            if path is None:
                continue
            n = count_lines(path)
            log(f"{size}: {n:,} triples")
            per = runs[size] = {"triples": n, "engines": {e: [] for e in engines}, "keys": {}}
            for i in range(args.repeat):
                for e in engines:
                    if e in stopped or accepts.get(e, {}).get("shapes") is None:
                        continue
                    prev = per["engines"][e]
                    if prev and not ok(prev[-1]):
                        continue  # timed out or failed: no more runs at this size
                    variant = accepts[e]["shapes"]
                    keys_out = work / size / f"keys-{e.replace('/', '_')}-{i}.json"
                    r = run_step(child_cmd("run", e, work / "shapes" / f"{variant}.ttl", path, keys_out),
                                 args.timeout)
                    prev.append(r)
                    if ok(r) and e not in per["keys"]:
                        per["keys"][e] = json.loads(keys_out.read_text(encoding="utf-8"))
                    elif ok(r):
                        again = json.loads(keys_out.read_text(encoding="utf-8"))
                        if key_set(again) != key_set(per["keys"][e]):
                            per.setdefault("unstable", set()).add(e)
                    keys_out.unlink(missing_ok=True)
                    o = r.get("out", {})
                    log(f"  run {i + 1}/{args.repeat} {e}: " + (
                        f"{secs(o['seconds'])} (load {secs(o['load'])} + validate {secs(o['validate'])}), "
                        f"wall {secs(r['wall'])}, {mb(r['rss_kb'])}, {o['results']} results, load avg "
                        f"{r['load']:.2f}" if ok(r) else
                        (f"> {r['timeout']:.0f} s (timeout)" if "timeout" in r else f"failed: {r.get('error')}")))
            for e in engines:
                rs = per["engines"][e]
                if rs and "timeout" in rs[-1]:
                    stopped[e] = f"> {args.timeout:.0f} s at {size}"
            if (REFERENCE in engines and REFERENCE not in per["keys"] and args.reference_timeout
                    and accepts.get(REFERENCE, {}).get("shapes")):
                log(f"  {REFERENCE}: one run with a {args.reference_timeout:.0f} s limit for the reference findings...")
                keys_out = work / size / "keys-reference.json"
                r = run_step(child_cmd("run", REFERENCE, work / "shapes" / "full.ttl", path, keys_out),
                             args.reference_timeout)
                per["reference_run"] = r
                if ok(r):
                    per["keys"][REFERENCE] = json.loads(keys_out.read_text(encoding="utf-8"))
                    log(f"    {secs(r['out']['seconds'])}, {mb(r['rss_kb'])}")
                else:
                    log("    " + (f"> {r['timeout']:.0f} s" if "timeout" in r else f"failed: {r.get('error')}"))
                keys_out.unlink(missing_ok=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    # ------------------------------------------------------------------------------------ report
    load1 = os.getloadavg()
    minutes = (time.time() - started) / 60
    exe = sys.executable
    emit("# SHACL engines on our shapes and data: ours, pySHACL and the alternatives on PyPI\n")
    emit(f"`{exe} benchmarks/shacl_engines.py {' '.join(sys.argv[1:])}`, "
         f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}, {minutes:.0f} min. Machine: {machine()}, "
         f"shared with other developers' benchmarks: load average (1, 5, 15 min) {load0[0]:.2f}, {load0[1]:.2f}, "
         f"{load0[2]:.2f} at the start, {load1[0]:.2f}, {load1[1]:.2f}, {load1[2]:.2f} at the end. {versions()}.\n")
    emit("## Engines\n")
    emit("| engine | package | what runs |\n|---|---|---|")
    for name, spec in ENGINES.items():
        if name not in wanted and name not in probed:
            continue
        pkg = f"{spec.dist} {spec.version()}" if spec.installed() else f"**not installed** (`pip install {spec.dist}`): skipped"
        emit(f"| {name} | {pkg} | {spec.what} |")
    emit("")
    emit("Shapes: shapes/*.ttl as `kg validate` loads them (SHACL Core, `sh:qualifiedValueShape`, `sh:or`/`sh:not` "
         "over nested shapes, `sh:lessThan`, and 5 SHACL-SPARQL constraints: quote in the article text, quote "
         "offsets, target year against announcement and target dates, sum of breakdown shares). Data: the "
         "N-Triples `kg export -f nt` writes (ontology + data + each article's `schema:text`), the same file for "
         "every engine.\n")
    summary_at = len(lines)
    brief: dict = defaultdict(dict)  # size -> engine -> (seconds or None, cell text)

    emit("## 1. Does it accept our shapes? Probe graphs where constraints fail\n")
    n_fix = sum(1 for k in expect)
    emit(f"{n_fix} test fixtures (tests/fixtures/*/*.ttl, each with the ontology: every invalid fixture breaks one "
         f"rule, SHACL-SPARQL ones included), {args.mutations} mutated copies of the seed graph (30 random "
         "edits each, as tests/shacl/test_engine.py makes them) and one hand-made edit of the seed graph (two "
         "French labels on a company, an empty `cckg:region`, a partnership whose partner is its client: "
         "`sh:uniqueLang`, `sh:minLength`, `sh:disjoint`), all graphs in one process per engine. Compared "
         "with pySHACL's findings as sets of (severity, source shape, focus node, path). An engine that cannot load "
         "the shapes is run on them without `sh:sparql` (then compared with pySHACL on the same reduced shapes).\n")
    lines.extend(probe_lines)

    emit("## 2. Our data at each size\n")
    emit(f"Median of {args.repeat} runs, each a fresh process (engines interleaved), killed after "
         f"{args.timeout:.0f} s. *In process*: from the N-Triples file to the findings (load = parse the data and "
         "the shapes, validate = the engine's call; `shacl` parses the data inside its validate call); *process* "
         "wall time includes the interpreter and imports; peak RSS of the process (medians of each figure, so the "
         "parts need not add up to the total). Same findings: (severity, source shape, focus node, path) sets "
         "against pySHACL's; findings = distinct such keys, results = the engine's validation results.\n")
    for size in sizes:
        path, why = graphs.get(size, (None, "not prepared"))
        if size not in runs:
            emit(f"### {size}: not run ({why})\n")
            continue
        per = runs[size]
        emit(f"### {size}: {per['triples']:,} triples\n")
        loads = [r["load"] for rs in per["engines"].values() for r in rs]
        if loads:
            emit(f"Load average (1 min) at the start of the runs: {min(loads):.2f} to {max(loads):.2f}.\n")
        ref_keys = per["keys"].get(REFERENCE)
        ref_note = ""
        if ref_keys is None and "sparql" in per["keys"]:
            ref_keys = per["keys"]["sparql"]
            ref_note = (" (pySHACL " + ("not run" if REFERENCE not in engines else "did not finish")
                        + ": compared with ours" + (", which has pySHACL's findings on every probe graph"
                                                    if accepts.get("sparql", {}).get("accepts") == "fully" else "")
                        + ")")
        emit("| engine | accepts our shapes | in process (load + validate) | process wall | peak RSS | findings "
             f"(results) | same as pySHACL{ref_note} |")
        emit("|---|---|---|---|---|---|---|")
        for e in wanted:
            if e in missing:
                emit(f"| {e} | not installed | – | – | – | – | – |")
                continue
            acc = accepts.get(e, {}).get("accepts", "?")
            rs = per["engines"].get(e, [])
            if not rs:
                emit(f"| {e} | {acc} | not run ({stopped.get(e, 'shapes rejected')}) | – | – | – | – |")
                brief[size][e] = (None, f"not run ({stopped.get(e, 'shapes rejected')})")
                continue
            good = [r for r in rs if ok(r)]
            if not good:
                r = rs[-1]
                fig = f"> {r['timeout']:.0f} s (timeout)" if "timeout" in r else f"failed: {r.get('error')}"
                extra = ""
                if e == REFERENCE and ok(per.get("reference_run")):
                    rr = per["reference_run"]
                    extra = (f"; one run with a {args.reference_timeout:.0f} s limit: {secs(rr['out']['seconds'])}, "
                             f"{mb(rr['rss_kb'])}")
                emit(f"| {e} | {acc} | {fig}{extra} | – | – | – | – |")
                brief[size][e] = (None, fig)
                continue
            med = lambda k: statistics.median(r["out"][k] for r in good)  # noqa: E731
            runs_note = ""
            if len(good) != len(rs) or len(good) != args.repeat:
                bad = [r for r in rs if not ok(r)]
                runs_note = f" ({len(good)} run{'s' if len(good) > 1 else ''}" + (
                    f"; run {len(good) + 1}: " + (f"> {bad[0]['timeout']:.0f} s" if "timeout" in bad[0]
                                                   else "failed") if bad else "") + ")"
            keys = per["keys"].get(e, [])
            found = f"{len(key_set(keys)):,} ({statistics.median(r['out']['results'] for r in good):,.0f})"
            if e == REFERENCE or (ref_note and e == "sparql"):
                same = "reference"
            elif ref_keys is None:
                same = "not compared"
            else:
                c = compare(keys, ref_keys)
                same = "yes" if c["same"] else ", ".join(
                    x for x in (f"missing {c['missing']:,}" if c["missing"] else "",
                                f"extra {c['extra']:,}" if c["extra"] else "") if x)
                if not c["same"]:
                    comps = ", ".join(f"{k}: {v}" for k, v in c["missing_by_component"].items())
                    same += f" ({comps})" if comps else ""
            if e in per.get("unstable", ()):
                same += "; findings differ between runs"
            rss_med = statistics.median(r["rss_kb"] for r in good if r["rss_kb"]) if any(
                r["rss_kb"] for r in good) else None
            brief[size][e] = (med("seconds"), f"{secs(med('seconds'))}, {mb(rss_med)}",
                              "yes" if same in ("yes", "reference") else same.split(" (")[0])
            emit(f"| {e} | {acc} | {secs(med('seconds'))} ({secs(med('load'))} + {secs(med('validate'))}){runs_note} "
                 f"| {secs(statistics.median(r['wall'] for r in good))} "
                 f"| {mb(statistics.median(r['rss_kb'] for r in good if r['rss_kb']))} | {found} | {same} |")
        emit("")

    # summary, after the engines table
    done = [size for size in sizes if size in runs]
    if done:
        out = ["## Summary\n",
               "Time in the process (data file to findings, median), peak RSS, and × ours (time / ours' time); "
               "last column: does the engine find what pySHACL finds on the probe graphs (§1) and on our data.\n",
               "| engine | " + " | ".join(f"{size} ({runs[size]['triples']:,} triples)" for size in done)
               + " | same findings as pySHACL |",
               "|---|" + "---|" * len(done) + "---|"]
        for e in wanted:
            if e in missing:
                out.append(f"| {e} | " + " | ".join("not installed" for _ in done) + " | – |")
                continue
            cells, sames = [], set()
            for size in done:
                b = brief[size].get(e)
                ours_s = (brief[size].get("sparql") or (None,))[0]
                if b is None:
                    cells.append("–")
                    continue
                ratio = f", {b[0] / ours_s:.1f}×" if b[0] is not None and ours_s else ""
                cells.append(b[1] + ratio)
                if len(b) > 2:
                    sames.add(b[2])
            acc = accepts.get(e, {}).get("accepts", "?")
            at_sizes = "yes" if sames <= {"yes"} else "; ".join(sorted(sames - {"yes"}))
            out.append(f"| {e} | " + " | ".join(cells) + f" | probes: {acc}; our data: {at_sizes} |")
        out.append("")
        lines[summary_at:summary_at] = out
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
        log(f"written to {args.write}")


if __name__ == "__main__":
    main()
