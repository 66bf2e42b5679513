"""Our pipeline against the plain rdflib + pySHACL approach, side by side, at 10k to 10M triples.

For each size (--sizes, default 10k,100k,1M) a synthetic project is generated
(benchmarks/generate.py, in its own process: the repository's ontology, shapes, queries, seeds and
data plus fictitious companies shaped like data/*.ttl), and optionally the real SBTi import (--sbti).
Then, in the same run, each step in a fresh process (its own process group, killed with its
children after --timeout seconds for ours, --plain-timeout for the plain steps and `kg validate
--engine pyshacl`: the figure then reads "> N s"), wall time and peak RSS of that process (GNU
time), and the 1-minute load average when the step started.

Large sizes (10M on 2 cores and 24 GB: `--sizes 100k,1M,10M --sbti` takes about an hour): above
--plain-max triples (default 1M) the plain steps and `--engine pyshacl` are not run (the table gives
their memory and time estimated linearly from the largest size they ran at); each saved query runs
--large-repeat times (default 1) with --large-query-timeout; the pyoxigraph in-memory store is not
loaded when its estimated RSS exceeds --memory-skip GB. A step that timed out is not run at larger
sizes, nor a pySHACL step whose time, scaled linearly, would exceed its limit. The report ends with
the growth exponent of each step between consecutive sizes, log(t2/t1) / log(n2/n1) (1.0: linear).

ours (the `kg` command line, pyoxigraph store on disk)
  - load: `kg --root DIR build --full`
  - validation: `kg validate --no-owl` (SHACL shapes + quality queries, no HermiT); with every
    engine `kg validate --help` offers (--engine sparql / pyshacl) when it has the option
  - saved queries: every query in queries/, required parameters given sample values (an
    organisation with an emission figure, its article, its name as the search text), optional
    ones left out, defaults as `kg query` applies them; each run --repeat times in ONE process
    (kg.store.build.open_built + kg.sparql.run): warm median; plus one cold `kg query provider_pledges`
  - export: `kg export -f nt` and `kg export -f turtle` to a file
plain (what a user writes first)
  - load: rdflib `Graph().parse(f, format="turtle")` for every Turtle file, plus the seed
    articles' texts (seeds/*.txt, as `kg build` attaches them)
  - validation: `pyshacl.validate(g, shacl_graph=shapes, ont_graph=None, inference="none",
    advanced=True)`, the ontology's triples in the data graph, as ours
  - saved queries: `g.query(text, initBindings=...)` with the grlc variables bound to the same
    terms; median of --repeat
  - export: `g.serialize(destination, format="turtle")` and `format="nt"`
store comparison: load time, peak RSS and one query (provider_pledges, median) for rdflib's
  in-memory Graph (figures of the plain run), oxrdflib (rdflib's API over Oxigraph, its
  `ox-turtle` parser; when installed), a pyoxigraph Store in memory (`Store.load`) and on disk
  (`bulk_load`), and their N-Triples dump (`Store.dump`): the bare-pyoxigraph floor, a column of the
  per-size tables.

"Same results": the SHACL findings of ours against pySHACL's, compared as multisets of
(severity, focus node, path) where both finished; the row count of every query, ours against
rdflib. The cold `kg query provider_pledges` on the seed graph (the repository's data, copied
and built apart) is measured too (goal <= 1 s).

The report (tables per size with plain / ours ratios, the store comparison, the goals with pass
or fail) is printed; --write FILE.md replaces the section between `<!-- scale:begin -->` and
`<!-- scale:end -->` of that file (appended when absent), --raw FILE.md writes the full output
(per-query figures) to another file.

Run: .venv/bin/python benchmarks/scale.py [--sizes 10k,100k,1M] [--sbti] [--timeout 900]
         [--plain-timeout 240] [--plain-max 1M] [--repeat 5] [--work DIR]
         [--write docs/benchmarks.md] [--raw benchmarks/scale-results.md]
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import math
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from procs import mb, run_watched, secs, write_section  # benchmarks/procs.py

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

VENV_BIN = Path(sys.executable).parent
KG = str(VENV_BIN / "kg") if (VENV_BIN / "kg").exists() else shutil.which("kg") or "kg"
SBTI_XLSX = ROOT.parent / "shared" / "data" / "sbti" / "companies-taking-action-2023-01-09.xlsx"
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None  # GNU time: peak RSS
REPRESENTATIVE = "provider_pledges"
BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"
SH = "http://www.w3.org/ns/shacl#"
# Row-count differences investigated (ours against rdflib), explained under the tables when seen.
KNOWN_DIFFERENCES = {
    "pledges_past_deadline": "rdflib 7.6 does not evaluate the SPARQL cast `xsd:date(\"2025-12-31\")` "
                             "(the result is unbound), so a pledge with a target year but no target date gets no "
                             "deadline and is missed; pyoxigraph's answer is the right one",
}
GOALS = {"validate": 10.0, "query": 0.100, "memory_mb": 2048, "cold": 0.150}  # issue 18 (load, export: floor ratios)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def emit_json(obj: dict) -> None:
    print(json.dumps(obj), flush=True)


def self_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Alarm(Exception):
    pass


def _on_alarm(signum, frame):
    raise Alarm()


def with_alarm(seconds: float, fn):
    """fn() with a time limit (Python-level code only: a long call into Rust ends before it fires)."""
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


# -- what both sides share -------------------------------------------------------------------------

def turtle_files(root: Path) -> list[Path]:
    """The inputs of a build: ontology, seeds/*.ttl, data/**/*.ttl, imported/*.ttl (as kg.project)."""
    return (sorted((root / "ontology").glob("*.ttl")) + sorted((root / "seeds").glob("*.ttl"))
            + sorted((root / "data").rglob("*.ttl")) + sorted((root / "imported").glob("*.ttl")))


def sample_params(query, samples: dict) -> dict[str, str] | None:
    """Values for the query's required parameters (None when a sample is missing)."""
    given = {}
    for p in query.params:
        if p.required:
            if p.name not in samples:
                return None
            given[p.name] = samples[p.name]
    return given


def load_samples(root: Path) -> dict:
    try:
        return json.loads((root / "samples.json").read_text(encoding="utf-8"))
    except OSError:
        return {}


def timed_runs(fn, repeat: int, budget: float, per_run_limit: float) -> dict:
    """Run fn() up to `repeat` times (fewer once `budget` seconds are spent); median and rows."""
    times, rows, first = [], None, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        try:
            rows = with_alarm(per_run_limit, fn)
        except Alarm:
            return {"timeout": per_run_limit, "runs": len(times), "rows": rows}
        dt = time.perf_counter() - t0
        times.append(dt)
        first = dt if first is None else first
        if sum(times) > budget:
            break
    return {"median": statistics.median(times), "first": first, "runs": len(times), "rows": rows}


# -- child processes: plain rdflib + pySHACL -------------------------------------------------------

def plain_graph(root: Path):
    """rdflib Graph of every Turtle file, plus the seed articles' texts (as `kg build` adds them)."""
    import rdflib

    g = rdflib.Graph()
    for f in turtle_files(root):
        g.parse(f, format="turtle")
    schema_text = rdflib.URIRef("https://schema.org/text")
    for article, seed in list(g.subject_objects(rdflib.URIRef("https://w3id.org/climate-commitments/ontology#seedFile"))):
        path = root / "seeds" / str(seed)
        if (article, schema_text, None) not in g and path.is_file():
            g.add((article, schema_text, rdflib.Literal(path.read_text(encoding="utf-8"))))
    return g


def child_plain_load(root: Path) -> None:
    t0 = time.perf_counter()
    importlib.import_module("rdflib")
    t1 = time.perf_counter()
    g = plain_graph(root)
    emit_json({"import": t1 - t0, "seconds": time.perf_counter() - t1, "triples": len(g), "rss_kb": self_rss_kb()})


def _named_shape(shapes, node):
    import rdflib

    seen = set()
    while isinstance(node, rdflib.BNode) and node not in seen:
        seen.add(node)
        parents = list(shapes.subjects(rdflib.URIRef(SH + "property"), node))
        if not parents:
            break
        node = parents[0]
    return node


def child_plain_validate(root: Path, keys_out: Path) -> None:
    import pyshacl
    import rdflib

    t0 = time.perf_counter()
    g = plain_graph(root)
    shapes = rdflib.Graph()
    for f in sorted((root / "shapes").glob("*.ttl")):
        shapes.parse(f, format="turtle")
    load_s = time.perf_counter() - t0
    emit_json({"load": load_s, "rss_kb": self_rss_kb()})
    t0 = time.perf_counter()
    conforms, results, _ = pyshacl.validate(g, shacl_graph=shapes, ont_graph=None, inference="none", advanced=True)
    seconds = time.perf_counter() - t0
    sh = rdflib.Namespace(SH)
    keys = []
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        sev = results.value(r, sh.resultSeverity)
        path = results.value(r, sh.resultPath)
        keys.append([str(sev).rsplit("#", 1)[-1] if sev else "Violation", str(results.value(r, sh.focusNode)),
                     str(path) if isinstance(path, rdflib.URIRef) else None])
    keys_out.write_text(json.dumps(sorted(keys, key=lambda k: tuple(x or "" for x in k))), encoding="utf-8")
    counts = Counter(k[0] for k in keys)
    emit_json({"load": load_s, "seconds": seconds, "conforms": bool(conforms), "violations": counts["Violation"],
               "warnings": counts["Warning"], "infos": counts["Info"], "rss_kb": self_rss_kb()})


def child_plain_queries(root: Path, repeat: int, budget: float, limit: float) -> None:
    import rdflib

    from kg.sparql import bind, saved_queries

    t0 = time.perf_counter()
    g = plain_graph(root)
    emit_json({"load": time.perf_counter() - t0, "rss_kb": self_rss_kb()})
    samples = load_samples(root)

    def to_rdflib(term):
        if term.kind == "uri":
            return rdflib.URIRef(term.value)
        return rdflib.Literal(term.value, lang=term.lang,
                              datatype=rdflib.URIRef(term.datatype) if term.datatype else None)

    for q in saved_queries(root / "queries").values():
        given = sample_params(q, samples)
        if given is None:
            emit_json({"query": q.name, "skipped": "no sample value for a required parameter"})
            continue
        init = {rdflib.Variable(k): to_rdflib(t) for k, t in bind(q, given).items()}
        res = timed_runs(lambda: len(g.query(q.text, initBindings=init)), repeat, budget, limit)
        emit_json({"query": q.name, **res, "rss_kb": self_rss_kb()})


def child_plain_export(root: Path, out_dir: Path) -> None:
    t0 = time.perf_counter()
    g = plain_graph(root)
    emit_json({"load": time.perf_counter() - t0, "rss_kb": self_rss_kb()})
    for fmt, ext in (("turtle", "ttl"), ("nt", "nt")):
        target = out_dir / f"plain.{ext}"
        t0 = time.perf_counter()
        g.serialize(destination=str(target), format=fmt)
        emit_json({"format": fmt, "seconds": time.perf_counter() - t0, "bytes": target.stat().st_size,
                   "rss_kb": self_rss_kb()})
        target.unlink()


# -- child processes: ours, and the other stores -----------------------------------------------------

def child_ours_queries(root: Path, repeat: int, budget: float, limit: float, names: list[str]) -> None:
    t0 = time.perf_counter()
    from kg.store.build import open_built
    from kg.project import Project
    from kg.sparql import run, saved_queries

    project = Project(root)
    store = open_built(project)
    emit_json({"open": time.perf_counter() - t0, "rss_kb": self_rss_kb()})
    samples = load_samples(root)
    for q in saved_queries(project.queries_dir).values():
        if names and q.name not in names:
            continue
        given = sample_params(q, samples)
        if given is None:
            emit_json({"query": q.name, "skipped": "no sample value for a required parameter"})
            continue
        res = timed_runs(lambda: len(run(store, q, given).rows), repeat, budget, limit)
        emit_json({"query": q.name, **res, "rss_kb": self_rss_kb()})


def child_store(kind: str, root: Path, work: Path, repeat: int) -> None:
    """Load every Turtle file into one store of `kind`, then run the representative query."""
    text = (root / "queries" / f"{REPRESENTATIVE}.rq").read_text(encoding="utf-8")
    files = turtle_files(root)
    t0 = time.perf_counter()
    extra = {}
    if kind == "oxrdflib":
        importlib.import_module("oxrdflib")  # registers the "Oxigraph" store
        import rdflib

        g = rdflib.Graph(store="Oxigraph")
        t1 = time.perf_counter()
        for f in files:
            g.parse(f, format="ox-turtle")
        run = lambda: len(g.query(text))  # noqa: E731
        triples = len(g)
    else:
        import pyoxigraph as ox

        if kind == "ox-memory":
            s = ox.Store()
            t1 = time.perf_counter()
            for f in files:
                s.load(path=str(f), format=ox.RdfFormat.TURTLE)
        elif kind == "ox-disk":
            path = work / "ox-disk-store"
            s = ox.Store(str(path))
            t1 = time.perf_counter()
            for f in files:
                s.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE)
            s.flush()
        else:
            raise ValueError(kind)
        run = lambda: len(list(s.query(text)))  # noqa: E731
        triples = len(s)
    load_s = time.perf_counter() - t1
    load_rss = self_rss_kb()
    if kind == "ox-disk":
        extra["disk_bytes"] = sum(p.stat().st_size for p in (work / "ox-disk-store").rglob("*") if p.is_file())
    res = timed_runs(run, repeat, 30, 120)
    if kind != "oxrdflib":  # the floor of `kg export -f nt`: the store's own N-Triples dump to a file
        target = work / f"{kind}-dump.nt"
        t2 = time.perf_counter()
        s.dump(str(target), ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        extra["dump_nt"] = time.perf_counter() - t2
        extra["dump_bytes"] = target.stat().st_size
        target.unlink()
    emit_json({"kind": kind, "import": t1 - t0, "load": load_s, "triples": triples, "load_rss_kb": load_rss,
               "query": res, "rss_kb": self_rss_kb(), **extra})


def child_main(argv: list[str]) -> None:
    what, rest = argv[0], argv[1:]
    if what == "plain-load":
        child_plain_load(Path(rest[0]))
    elif what == "plain-validate":
        child_plain_validate(Path(rest[0]), Path(rest[1]))
    elif what == "plain-queries":
        child_plain_queries(Path(rest[0]), int(rest[1]), float(rest[2]), float(rest[3]))
    elif what == "plain-export":
        child_plain_export(Path(rest[0]), Path(rest[1]))
    elif what == "ours-queries":
        child_ours_queries(Path(rest[0]), int(rest[1]), float(rest[2]), float(rest[3]), rest[4:])
    elif what == "store":
        child_store(rest[0], Path(rest[1]), Path(rest[2]), int(rest[3]))
    else:
        raise SystemExit(f"unknown child step {what}")


# -- running a step --------------------------------------------------------------------------------

def child_cmd(*args: object) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "_child", *map(str, args)]


MAX_RSS_KB = 8 * 1024 * 1024  # --max-memory: a step whose processes hold more is killed


def run_step(cmd: list[str], timeout: float, stdout: Path | None = None, success: tuple[int, ...] = (0,),
             max_rss_kb: int | None = None) -> dict:
    """Run `cmd` in a new process group (benchmarks/procs.py); wall, peak RSS, exit status, the JSON
    lines it printed, and the load average at the start. The whole group is killed after `timeout`
    seconds, or as soon as it holds more than MAX_RSS_KB of memory (the machine is shared). An exit
    status outside `success` is a failure ("error", shown as such, never a time): only `kg validate`
    passes (0, 1), 1 being "does not conform"; anything else exiting 1 has failed (an ImportError)."""
    env = {k: v for k, v in os.environ.items() if k not in ("KG_BUILD_DIR", "KG_ROOT")}
    out_path = stdout or Path(tempfile.mkstemp(prefix="cckg-scale-out-")[1])
    with open(out_path, "wb") as out, tempfile.TemporaryFile() as err:
        run = run_watched(cmd, timeout, max_rss_kb or MAX_RSS_KB, out, err, env, ROOT)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    killed, rss_kb = run["killed"], run["rss_kb"]
    result = {"cmd": " ".join(cmd), "wall": run["wall"], "rss_kb": rss_kb, "rc": run["rc"], "load": run["load"]}
    lines = []
    if stdout is None:
        for line in out_path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    lines.append(json.loads(line))
                except ValueError:
                    pass
        out_path.unlink()
    result["lines"] = lines
    if "timeout" in killed:
        result["timeout"] = timeout
    elif "memory" in killed:
        result["rss_kb"] = max(rss_kb or 0, killed["memory"])
        result["error"] = (f"killed at {killed['memory'] / 1024 ** 2:.1f} GB of memory "
                           f"(limit {(max_rss_kb or MAX_RSS_KB) / 1024 ** 2:.0f} GB)")
        result["memory_killed"] = True
    elif run["rc"] not in success:
        tail = [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith("Command exited with")]
        result["error"] = tail[-1] if tail else f"exit status {run['rc']}"
    return result


def ok(r: dict | None) -> bool:
    return bool(r) and "timeout" not in r and "error" not in r and not r.get("skipped")


# -- measuring one project -------------------------------------------------------------------------

def kg_has(option: str, *command: str) -> bool:
    out = subprocess.run([KG, *command, "--help"], capture_output=True, text=True).stdout
    return option in out


def validate_engines() -> list[str | None]:
    """[None] when `kg validate` has no --engine; else its engines, the default first."""
    out = subprocess.run([KG, "validate", "--help"], capture_output=True, text=True).stdout
    if "--engine" not in out:
        return [None]
    import re

    m = re.search(r"--engine \{([^}]*)\}", out)
    engines = m.group(1).split(",") if m else ["sparql", "pyshacl"]
    default = "sparql" if "sparql" in engines else engines[0]
    return [default] + [e for e in engines if e != default]


def ours_shacl_keys(report: Path) -> tuple[Counter, dict] | None:
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    keys, counts = Counter(), Counter()
    for f in data.get("results", []):
        src = f.get("source") or ""
        if src.endswith(".rq") or src.startswith("owl:"):
            continue  # quality queries and HermiT: not SHACL
        keys[(f["severity"], f.get("focus"), f.get("path"))] += 1
        counts[f["severity"]] += 1
    return keys, {"violations": counts["Violation"], "warnings": counts["Warning"], "all": sum(counts.values()),
                  "findings": len(data.get("results", []))}


def skip_reason(history: dict, key: str, triples: int, timeout: float, predict: bool = False) -> str | None:
    """Why step `key` is not run on `triples` triples, from what it did on the sizes before: it timed
    out or was killed for memory on as many triples or fewer; or (`predict`: steps that grow at least
    linearly, such as pySHACL) its time there, scaled linearly to `triples`, exceeds `timeout`."""
    h = history.get(key)
    if not h:
        return None
    if h.get("why") and triples >= h["triples"]:
        return f"not run: {h['why']}"
    if predict and h.get("wall") and h["wall"] * triples / h["triples"] > timeout:
        return (f"not run: {secs(h['wall'])} at {h['label']}: predicted beyond the {timeout:.0f} s limit "
                f"(≥ {h['wall'] * triples / h['triples']:.0f} s)")
    return None


def remember(history: dict, key: str, label: str, triples: int, r: dict) -> None:
    """What step `key` did at this size (kept for the largest size it ran at)."""
    if history.get(key, {}).get("triples", -1) > triples or r.get("skipped"):
        return
    h = {"triples": triples, "label": label, "rss_kb": r.get("rss_kb")}
    if "timeout" in r:
        h["why"] = f"> {r['timeout']:.0f} s at {label}"
    elif r.get("memory_killed"):
        h["why"] = f"{r['error']} at {label}"
    elif ok(r):
        h["wall"] = r["wall"]
    history[key] = h


def estimate(history: dict, key: str, triples: int) -> str:
    """Memory and time of step `key` at `triples`, scaled linearly from the largest size it ran at."""
    h = history.get(key)
    if h and h.get("why"):
        return f" ({h['why']})"
    if not h or not h.get("rss_kb"):
        return ""
    f = triples / h["triples"]
    parts = [f"est. {h['rss_kb'] * f / 1024 ** 2:.1f} GB"]
    if h.get("wall"):
        parts.append(f"≥ {h['wall'] * f:.0f} s")
    return ", " + ", ".join(parts) + f" (linear from {h['label']})"


def ours_queries(label: str, root: Path, triples: int, args, history: dict, repeat: int, limit: float) -> dict:
    """Each saved query in its own process (run `repeat` times there: warm median), so that one
    query that runs away (time or memory) costs only itself; the figures gathered as one step."""
    from kg.sparql import saved_queries

    agg = {"wall": 0.0, "rss_kb": 0, "lines": [], "load": os.getloadavg()[0], "repeat": repeat, "limit": limit}
    opens = []
    log(f"  {label}: ours_queries (repeat {repeat}, limit {limit:.0f} s)...")
    for name in saved_queries(root / "queries"):
        key = f"ours_query:{name}"
        why = skip_reason(history, key, triples, limit)
        if why:
            agg["lines"].append({"query": name, "skipped": why})
            continue
        r = run_step(child_cmd("ours-queries", root, repeat, args.query_budget, limit, name), limit + 5)
        remember(history, key, label, triples, r)
        agg["wall"] += r["wall"]
        agg["rss_kb"] = max(agg["rss_kb"], r["rss_kb"] or 0)
        opens += [ln["open"] for ln in r["lines"] if "open" in ln]
        found = [ln for ln in r["lines"] if ln.get("query") == name]
        if ok(r) and found:
            line = {**found[0], "rss_kb": r["rss_kb"], "wall": r["wall"], "load": r["load"]}
        elif "timeout" in r:
            line = {"query": name, "timeout": r["timeout"], "load": r["load"]}
        else:
            line = {"query": name, "error": r.get("error") or "no result", "rss_kb": r["rss_kb"], "load": r["load"]}
        agg["lines"].append(line)
        log(f"    {name}: " + (secs(line["median"]) + f" ({line['runs']} runs), {mb(line['rss_kb'])}"
                               if "median" in line else fmt_step(r)))
    agg["lines"].insert(0, {"open": statistics.median(opens) if opens else None})
    return agg


PLAIN_STEPS = ("plain_load", "plain_validate", "plain_queries", "plain_export")


def measure(label: str, root: Path, triples: int, args, history: dict, nominal: int | None = None) -> dict:
    """Every step on one project; `history` remembers the steps at smaller sizes (skip_reason).

    Above --plain-max the plain rdflib + pySHACL steps (and `kg validate --engine pyshacl`, pySHACL's
    speed) are not run; there each saved query runs --large-repeat times with --large-query-timeout.
    `nominal`: the size asked for (1M for 1,003,822 triples), compared with --plain-max."""
    res: dict = {"label": label, "triples": triples, "root": str(root)}
    out = root / "bench-out"
    out.mkdir(exist_ok=True)
    large = (nominal or triples) > args.plain_max

    def step(key: str, cmd: list[str], stdout: Path | None = None, timeout: float | None = None,
             predict: bool = False, success: tuple[int, ...] = (0,), skip: str | None = None) -> dict:
        T = timeout or args.timeout
        why = skip or skip_reason(history, key, triples, T, predict)
        if why:
            r = {"skipped": why}
            log(f"  {label}: {key}: {why}")
        else:
            log(f"  {label}: {key}...")
            r = run_step(cmd, T, stdout, success)
            remember(history, key, label, triples, r)
            log(f"    {fmt_step(r)}")
        res[key] = r
        return r

    above = f"not run: above --plain-max ({args.plain_max:,} triples)"
    kg = [KG, "--root", str(root)]
    # ours
    step("ours_build", kg + ["build", "--full"])
    for engine in res.setdefault("engines", validate_engines()):
        name = f"ours_validate_{engine or 'default'}"
        cmd = kg + ["validate", "--no-owl", "-f", "json", "-o", str(out / f"{name}.json")]
        if engine:
            cmd += ["--engine", engine]
        other = bool(engine and engine != res["engines"][0])  # pySHACL inside `kg`: plain's limits
        step(name, cmd, success=(0, 1), timeout=args.plain_timeout if other else None, predict=other,
             skip=(above + estimate(history, name, triples)) if other and large else None)  # 1: does not conform
    res["ours_queries"] = ours_queries(label, root, triples, args, history,
                                       args.large_repeat if large else args.repeat,
                                       args.large_query_timeout if large else args.query_timeout)
    step("ours_cold_query", kg + ["query", REPRESENTATIVE], stdout=out / "cold-query.txt")
    step("ours_export_nt", kg + ["export", "-f", "nt", "-o", str(out / "ours.nt")])
    step("ours_export_turtle", kg + ["export", "-f", "turtle", "-o", str(out / "ours.ttl")])
    for f in ("ours.nt", "ours.ttl"):
        if (out / f).exists():
            res[f"bytes_{f}"] = (out / f).stat().st_size
            (out / f).unlink()
    # plain
    for key, cmd, predict in (
            ("plain_load", child_cmd("plain-load", root), False),
            ("plain_validate", child_cmd("plain-validate", root, out / "plain-keys.json"), True),
            ("plain_queries", child_cmd("plain-queries", root, args.repeat, args.query_budget, args.query_timeout), False),
            ("plain_export", child_cmd("plain-export", root, out), False)):
        step(key, cmd, timeout=args.plain_timeout, predict=predict,
             skip=(above + estimate(history, key, triples)) if large else None)
    # stores: the bare pyoxigraph floor
    for kind in ("oxrdflib", "ox-memory", "ox-disk"):
        key = f"store_{kind}"
        skip = None
        if kind == "oxrdflib" and importlib.util.find_spec("oxrdflib") is None:
            skip = "not installed"
        h = history.get(key)
        if kind in ("ox-memory", "oxrdflib") and h and h.get("rss_kb"):
            est_kb = h["rss_kb"] * triples / h["triples"]
            if est_kb > min(args.memory_skip, args.max_memory) * 1024 ** 2:
                skip = (f"not run: est. {est_kb / 1024 ** 2:.1f} GB in memory (linear from {h['label']}), "
                        f"above {min(args.memory_skip, args.max_memory):.0f} GB")
        step(key, child_cmd("store", kind, root, out, 1 if large else args.repeat), skip=skip)
        shutil.rmtree(out / "ox-disk-store", ignore_errors=True)
    # same results: SHACL findings
    plain_keys = None
    if ok(res["plain_validate"]) and (out / "plain-keys.json").exists():
        plain_keys = Counter(tuple(k) for k in json.loads((out / "plain-keys.json").read_text(encoding="utf-8")))
    res["shacl"] = {}
    for engine in res["engines"]:
        name = f"ours_validate_{engine or 'default'}"
        got = ours_shacl_keys(out / f"{name}.json") if ok(res.get(name)) else None
        entry = {"counts": got[1] if got else None}
        if got and plain_keys is not None:
            entry["same"] = got[0] == plain_keys
            entry["only_ours"] = sum((got[0] - plain_keys).values())
            entry["only_pyshacl"] = sum((plain_keys - got[0]).values())
        res["shacl"][engine or "default"] = entry
    return res


# -- formatting --------------------------------------------------------------------------------------

def fmt_step(r: dict) -> str:
    if r.get("skipped"):
        return r["skipped"]
    if "timeout" in r:
        return f"> {r['timeout']:.0f} s (timeout)"
    if "error" in r:
        return "failed: " + r["error"][:100]
    return f"{secs(r['wall'])} wall, {mb(r['rss_kb'])}, load {r['load']:.2f}"


def last(r: dict, key: str):
    for line in reversed(r.get("lines", [])):
        if key in line:
            return line[key]
    return None


def query_lines(r: dict) -> dict[str, dict]:
    return {ln["query"]: ln for ln in r.get("lines", []) if "query" in ln}


def cell(r: dict | None, value: float | None = None, rss: bool = True) -> str:
    """A step's figure: `value` (seconds) or its wall; timeouts and errors spelt out."""
    if r is None:
        return "n/a"
    if r.get("skipped"):
        return r["skipped"]
    if "timeout" in r:
        return f"> {r['timeout']:.0f} s (timeout)"
    if "error" in r:
        return "failed: " + r["error"][:60]
    v = r["wall"] if value is None else value
    return secs(v) + (f", {mb(r['rss_kb'])}" if rss else "")


def ratio(plain: float | None, ours: float | None, plain_r: dict | None = None, ours_r: dict | None = None) -> str:
    if plain_r is not None and "timeout" in plain_r and ours:
        return f"> {plain_r['timeout'] / ours:.0f}×"
    if ours_r is not None and "timeout" in ours_r and plain:
        return f"< {plain / ours_r['timeout']:.2f}×"
    if not plain or not ours:
        return "n/a"
    r = plain / ours
    return f"{r:.0f}×" if r >= 10 else f"{r:.1f}×" if r >= 1 else f"{r:.2f}×"


def query_summary(r: dict) -> dict:
    qs = query_lines(r)
    medians = {n: q["median"] for n, q in qs.items() if "median" in q}
    return {"qs": qs, "medians": medians,
            "median": statistics.median(medians.values()) if medians else None,
            "max": max(medians.items(), key=lambda kv: kv[1]) if medians else None,
            "timeouts": [n for n, q in qs.items() if "timeout" in q or "error" in q or "skipped" in q]}


def size_tables(res: dict) -> list[str]:
    out = []
    engines = res["engines"]
    ob, oq = res["ours_build"], res["ours_queries"]
    pl, pv, pq, pe = res["plain_load"], res["plain_validate"], res["plain_queries"], res["plain_export"]
    loads = [r["load"] for k, r in res.items() if isinstance(r, dict) and "load" in r and isinstance(r["load"], float)]
    out.append(f"### {res['label']}: {res['triples']:,} triples\n")
    out.append(f"Load average (1 min) at the start of the steps: {min(loads):.2f} to {max(loads):.2f}.\n")
    out.append("| step | ours | plain (rdflib + pySHACL) | plain / ours | bare pyoxigraph (floor) | ours / floor |")
    out.append("|---|---|---|---:|---|---:|")
    table_start = len(out)
    pl_s = last(pl, "seconds") if ok(pl) else None
    out.append(f"| load | `kg build --full` {cell(ob)} | `Graph.parse` {cell(pl, pl_s)}"
               f"{' (process ' + cell(pl, rss=False) + ')' if ok(pl) else ''} "
               f"| {ratio(pl_s, ob.get('wall') if ok(ob) else None, pl, ob)} |")
    pv_s = last(pv, "seconds") if ok(pv) else None
    for engine in engines:
        name = f"ours_validate_{engine or 'default'}"
        r = res[name]
        what = f"`kg validate --no-owl{' --engine ' + engine if engine else ''}`"
        out.append(f"| validation | {what} {cell(r)} | `pyshacl.validate` {cell(pv, pv_s) if pv_s or not ok(pv) else cell(pv)}"
                   f"{'' if pv_s is None else ' (+ load ' + secs(last(pv, 'load')) + ')'} "
                   f"| {ratio(pv_s, r.get('wall') if ok(r) else None, pv, r)} |")
    for engine in engines:
        s = res["shacl"].get(engine or "default", {})
        c = s.get("counts")
        pc = (f"{last(pv, 'violations')} violations, {last(pv, 'warnings')} warnings" if ok(pv) else cell(pv, rss=False))
        oc = f"{c['violations']} violations, {c['warnings']} warnings" if c else "n/a"
        same = ("identical" if s.get("same") else f"DIFFERENT ({s.get('only_ours')} only ours, "
                f"{s.get('only_pyshacl')} only pySHACL)") if "same" in s else "not compared"
        out.append(f"| same SHACL results ({engine or 'kg validate'}) | {oc} | {pc} | {same} |")
    oqs, pqs = query_summary(oq), query_summary(pq)
    both = sorted(set(oqs["medians"]) & set(pqs["medians"]))
    out.append(f"| saved queries: median of the {len(oqs['medians'])} warm medians | "
               f"{secs(oqs['median'])} | {secs(pqs['median'])} ({len(pqs['medians'])} finished) | "
               f"{ratio(pqs['median'], oqs['median'])} |")
    if oqs["max"]:
        pmax = pqs["max"]
        out.append(f"| saved queries: slowest | {oqs['max'][0]} {secs(oqs['max'][1])}"
                   + (f"; did not finish: {', '.join(oqs['timeouts'])}" if oqs["timeouts"] else "") + " | "
                   + (f"{pmax[0]} {secs(pmax[1])}" if pmax else "n/a")
                   + (f"; did not finish: {', '.join(pqs['timeouts'])}" if pqs["timeouts"] else "")
                   + (f"; not reached: {cell(pq, rss=False)}" if not ok(pq) else "") + " | |")
    if both:
        per = [pqs["medians"][n] / oqs["medians"][n] for n in both if oqs["medians"][n] > 0]
        out.append(f"| per-query ratio (plain / ours), {len(both)} queries | | | "
                   f"median {statistics.median(per):.0f}×, min {min(per):.1f}×, max {max(per):.0f}× |")
    same_rows = [n for n in both if oqs["qs"][n]["rows"] == pqs["qs"][n]["rows"]]
    diff_rows = [f"{n} ({oqs['qs'][n]['rows']} vs {pqs['qs'][n]['rows']})" for n in both if n not in same_rows]
    out.append(f"| same row counts | {len(same_rows)} of {len(both)} queries | | "
               f"{'different: ' + '; '.join(diff_rows) if diff_rows else 'all equal'} |")
    for n in both:
        if n not in same_rows and n in KNOWN_DIFFERENCES:
            res.setdefault("explained", {})[n] = KNOWN_DIFFERENCES[n]
    out.append(f"| query process | open store {secs(last(oq, 'open'))}, {mb(oq.get('rss_kb'))} | "
               f"parse {secs(last(pq, 'load'))}, {mb(pq.get('rss_kb'))} | |")
    out.append(f"| cold `kg query {REPRESENTATIVE}` (new process) | {cell(res['ours_cold_query'])} | | |")
    exports = {ln.get("format"): ln for ln in pe.get("lines", []) if "format" in ln}
    for fmt, key in (("nt", "ours_export_nt"), ("turtle", "ours_export_turtle")):
        p = exports.get(fmt)
        pc = f"`serialize` {secs(p['seconds'])}" if p else cell(pe, rss=False)
        if p is None and ok(pe):
            pc = "n/a"
        out.append(f"| export {fmt} | `kg export -f {fmt}` {cell(res[key])} | {pc} "
                   f"| {ratio(p['seconds'] if p else None, res[key].get('wall') if ok(res[key]) else None, None if p else pe, res[key])} |")
    out.append(f"| plain export process (parse + both) | | {cell(pe)} | |")
    ours_peak = max((r.get("rss_kb") or 0) for k, r in res.items() if k.startswith("ours_") and isinstance(r, dict))
    plain_peak = max((r.get("rss_kb") or 0) for k, r in res.items() if k.startswith("plain_") and isinstance(r, dict))
    out.append(f"| peak memory (largest process) | {mb(ours_peak)} | {mb(plain_peak)}"
               f"{' (some steps timed out)' if any('timeout' in res[k] for k in ('plain_validate', 'plain_queries', 'plain_export')) else ''} "
               f"| {ratio(plain_peak, ours_peak)} |")
    # the bare pyoxigraph floor, same data, same run
    disk, mem = _store_line(res, "ox-disk"), _store_line(res, "ox-memory")
    orr = oqs["qs"].get(REPRESENTATIVE, {})
    floors = {
        "load": (f"`bulk_load` on disk {secs(disk['load'])}" if disk else cell(res.get("store_ox-disk"), rss=False),
                 ratio(ob.get("wall") if ok(ob) else None, disk and disk["load"])),
        "export nt": (f"`Store.dump` N-Triples {secs(disk['dump_nt'])}" if disk and disk.get("dump_nt") else "n/a",
                      ratio(res["ours_export_nt"].get("wall") if ok(res["ours_export_nt"]) else None,
                            disk and disk.get("dump_nt"))),
    }
    for i in range(table_start, len(out)):
        step_name = out[i].split("|")[1].strip()
        f = floors.get(step_name)
        out[i] += f" {f[0]} | {f[1]} |" if f else " | |"
    mq = mem["query"].get("median") if mem else None
    dq = disk["query"].get("median") if disk else None
    out.append(f"| saved query `{REPRESENTATIVE}` (warm median) | {secs(orr.get('median'))} | "
               f"{secs(pqs['qs'].get(REPRESENTATIVE, {}).get('median'))} | "
               f"{ratio(pqs['qs'].get(REPRESENTATIVE, {}).get('median'), orr.get('median'))} | "
               f"in memory {secs(mq) if mq else cell(res.get('store_ox-memory'), rss=False)}, on disk {secs(dq)} | "
               f"{ratio(orr.get('median'), mq)} (memory) |")
    out.append("")
    for n, why in res.get("explained", {}).items():
        out.append(f"Row counts of {n}: {why}.\n")
    # store comparison
    out.append(f"Stores ({res['triples']:,} triples; `{REPRESENTATIVE}` median of warm runs):\n")
    out.append("| store | load | peak RSS | on disk | query | N-Triples dump |")
    out.append("|---|---:|---:|---:|---:|---:|")
    pr = pqs["qs"].get(REPRESENTATIVE, {})
    out.append(f"| rdflib `Graph()` in memory, Turtle parser (plain run) | {secs(pl_s) if pl_s else cell(pl, rss=False)} | "
               f"{mb(pl.get('rss_kb'))} | | {secs(pr.get('median')) if 'median' in pr else 'n/a'} | |")
    for kind, what in (("oxrdflib", "oxrdflib: `Graph(store=\"Oxigraph\")`, `ox-turtle` parser"),
                       ("ox-memory", "pyoxigraph `Store()` in memory, `load`"),
                       ("ox-disk", "pyoxigraph `Store(path)` on disk, `bulk_load`")):
        r = res[f"store_{kind}"]
        line = r.get("lines", [{}])[-1] if ok(r) and r.get("lines") else None
        if line:
            q = line["query"]
            out.append(f"| {what} | {secs(line['load'])} | {mb(line['load_rss_kb'])} | "
                       f"{mb(line['disk_bytes'] // 1024) if line.get('disk_bytes') else ''} | "
                       f"{secs(q.get('median')) if 'median' in q else 'timeout'} | "
                       f"{secs(line['dump_nt']) if line.get('dump_nt') else ''} |")
        else:
            out.append(f"| {what} | {cell(r, rss=False)} | | | | |")
    orr = oqs["qs"].get(REPRESENTATIVE, {})
    out.append(f"| ours: `kg build --full` (pyoxigraph on disk, a named graph per file) | {cell(ob, rss=False)} | "
               f"{mb(ob.get('rss_kb'))} | {mb(res.get('store_bytes', 0) // 1024) if res.get('store_bytes') else ''} | "
               f"{secs(orr.get('median')) if 'median' in orr else 'n/a'} | "
               f"{cell(res['ours_export_nt'], rss=False)} (`kg export -f nt`) |")
    out.append("")
    return out


def query_table(res: dict) -> list[str]:
    oq, pq = query_lines(res["ours_queries"]), query_lines(res["plain_queries"])
    out = [f"#### Saved queries, {res['label']} ({res['triples']:,} triples)\n",
           "| query | rows ours | rows rdflib | ours median (runs) | ours first | ours peak RSS | rdflib median (runs) "
           "| plain / ours |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name in sorted(set(oq) | set(pq)):
        o, p = oq.get(name, {}), pq.get(name, {})

        def fig(q):
            if not q:
                return "not reached"
            if "skipped" in q:
                return q["skipped"]
            if "timeout" in q:
                return f"> {q['timeout']:.0f} s"
            if "error" in q:
                return q["error"]
            return f"{secs(q['median'])} ({q['runs']})"

        def rows(q):
            return "" if q.get("rows") is None or "median" not in q else q["rows"]
        out.append(f"| {name} | {rows(o)} | {rows(p)} | {fig(o)} | "
                   f"{secs(o['first']) if 'first' in o else ''} | {mb(o.get('rss_kb'))} | {fig(p)} | "
                   f"{ratio(p.get('median'), o.get('median'), p if 'timeout' in p else None)} |")
    out.append("")
    return out


def goals_table(results: list[dict], seed_cold: dict) -> list[str]:
    """Issue 18's goals, one row each, a column per size; each figure beside its same-run floor."""
    out = ["| goal (2 cores; issue 18) | " + " | ".join(r["label"] for r in results) + " |",
           "|---|" + "---|" * len(results)]

    def mark(passed: bool | None) -> str:
        return "" if passed is None else (" ✅" if passed else " ❌")

    def at_1m(r: dict) -> bool:  # the goals are set at 1M triples: other columns show the figure only
        return r["label"] == "1M"

    row = []
    for r in results:
        b, disk = r["ours_build"], _store_line(r, "ox-disk")
        x = b["wall"] / disk["load"] if ok(b) and disk and disk.get("load") else None
        row.append(cell(b, rss=False) + (f", {x:.2f}× `bulk_load`" if x else "") + mark(x <= 1.2 if x else None))
    out.append("| load: `kg build --full` ≤ 1.2× bare `bulk_load` | " + " | ".join(row) + " |")
    row = []
    for r in results:
        engine = r["engines"][0]
        v = r[f"ours_validate_{engine or 'default'}"]
        s = r["shacl"].get(engine or "default", {})
        same = "same findings as pySHACL" if s.get("same") else (
            "DIFFERENT from pySHACL" if "same" in s else "pySHACL not run or not finished")
        row.append(f"{cell(v, rss=False)}, {same}"
                   + mark((ok(v) and v["wall"] <= GOALS["validate"] and s.get("same", True)) if at_1m(r) else None))
    out.append("| full validation `kg validate --no-owl` ≤ 10 s at 1M, same findings | " + " | ".join(row) + " |")
    row = []
    for r in results:
        qs = query_summary(r["ours_queries"])
        if not qs["max"]:
            row.append(cell(r["ours_queries"], rss=False))
            continue
        over = [n for n, m in qs["medians"].items() if m > GOALS["query"]]
        row.append(f"{len(over)} of {len(qs['medians'])} over 100 ms (slowest {qs['max'][0]} {secs(qs['max'][1])})"
                   + mark(not over and not qs["timeouts"]))
    out.append("| saved queries: first page ≤ 100 ms (a sorted answer's first page costs its whole evaluation: "
               "the warm median of the whole query stands for it) | " + " | ".join(row) + " |")
    row = []
    for r in results:
        mem = _store_line(r, "ox-memory")
        ours = query_summary(r["ours_queries"])["qs"].get(REPRESENTATIVE, {}).get("median")
        floor = mem["query"].get("median") if mem else None
        x = ours / floor if ours and floor else None
        row.append(f"{secs(ours)}, {x:.1f}× in memory" + mark(x <= 1.5) if x else cell(r.get("store_ox-memory"), rss=False))
    out.append(f"| full answer ≤ 1.5× bare pyoxigraph in memory (`{REPRESENTATIVE}`) | " + " | ".join(row) + " |")
    row = []
    for r in results:
        e, disk = r["ours_export_nt"], _store_line(r, "ox-disk")
        x = e["wall"] / disk["dump_nt"] if ok(e) and disk and disk.get("dump_nt") else None
        small = (e.get("rss_kb") or 0) / 1024 <= 150
        row.append(cell(e) + (f", {x:.2f}× the dump" if x else "") + mark((x <= 1.2 and small) if x else None))
    out.append("| export: `kg export -f nt` ≤ 1.2× bare N-Triples dump, ≤ 150 MB | " + " | ".join(row) + " |")
    if seed_cold:
        walls = seed_cold.get("walls") or []
        fig = (f"median {secs(statistics.median(walls))}, max {secs(max(walls))} ({len(walls)} runs)" if walls
               else cell(seed_cold.get("error_step")))
        out.append(f"| cold `kg query {REPRESENTATIVE}` on the seed graph ≤ 150 ms | {fig}"
                   f"{mark(bool(walls) and statistics.median(walls) <= GOALS['cold'])} |" + " |" * (len(results) - 1))
    out.append("")
    out.append("Incremental validation (≤ 2 s at 1M after a one-file change) and reasoning at scale (≤ 30 s at 1M) "
               "are measured by `benchmarks/incremental.py` and `benchmarks/reasoning.py --scale`; the growth "
               "exponents up to 10M are below.\n")
    return out


def _store_line(res: dict, kind: str) -> dict | None:
    r = res.get(f"store_{kind}")
    return r["lines"][-1] if r and ok(r) and r.get("lines") else None


def findings(results: list[dict]) -> list[str]:
    """What the figures say, computed from them (so that a rerun keeps the text true)."""
    if not results:
        return []
    out = ["### What the figures say\n"]
    synthetic = [r for r in results if r["label"] != "SBTi"] or results
    big = max(synthetic, key=lambda r: r["triples"])
    label = big["label"]
    # goals missed, with by how much
    misses = []
    b, disk = big["ours_build"], _store_line(big, "ox-disk")
    if not ok(b) or not disk or b["wall"] > 1.2 * disk["load"]:
        misses.append(f"load at {label}: {cell(b, rss=False)} against 1.2× bare `bulk_load` "
                      f"({secs(1.2 * disk['load']) if disk else 'not measured'})")
    engine = big["engines"][0]
    v = big[f"ours_validate_{engine or 'default'}"]
    if not ok(v) or v["wall"] > GOALS["validate"]:
        misses.append(f"validation at {label}: {cell(v, rss=False)} against 10 s (the goal at 1M)")
    qs = query_summary(big["ours_queries"])
    over = sorted(((n, m) for n, m in qs["medians"].items() if m > GOALS["query"]), key=lambda kv: -kv[1])
    failed = qs["timeouts"]
    if over or failed:
        q_lines = query_lines(big["ours_queries"])
        parts = [f"{n} {secs(m)} ({m / GOALS['query']:.0f}× the goal)" if m >= 2 * GOALS["query"]
                 else f"{n} {secs(m)}" for n, m in over]
        parts += [f"{n} did not finish ({(q_lines[n].get('error') or ('> %.0f s' % q_lines[n]['timeout']) if 'timeout' in q_lines[n] else q_lines[n].get('skipped', ''))})"
                  for n in failed]
        misses.append(f"saved queries at {label}: {len(over) + len(failed)} of {len(q_lines)} over 100 ms: "
                      + "; ".join(parts))
    peak = max((x.get("rss_kb") or 0) for k, x in big.items() if k.startswith("ours_") and isinstance(x, dict))
    if peak / 1024 > GOALS["memory_mb"]:
        who = max(((n, q.get("rss_kb") or 0) for n, q in query_lines(big["ours_queries"]).items()),
                  key=lambda kv: kv[1], default=("?", 0))
        steps = max(((k, x.get("rss_kb") or 0) for k, x in big.items()
                     if k.startswith("ours_") and k != "ours_queries" and isinstance(x, dict)), key=lambda kv: kv[1])
        misses.append(f"peak memory at {label}: {mb(peak)} against 2 GB (largest query process: {who[0]}, "
                      f"{mb(who[1])}; largest other step: {steps[0]}, {mb(steps[1])})")
    if misses:
        out.append("Goals missed:\n")
        out += [f"- {m}" for m in misses]
        out.append("")
    else:
        out.append(f"Every goal is met at {label}.\n")
    # the store
    mem, disk = _store_line(big, "ox-memory"), _store_line(big, "ox-disk")
    pl = big["plain_load"]
    pl_s = last(pl, "seconds") if ok(pl) else None
    notes = []
    if mem and pl_s:
        notes.append(f"loading {big['triples']:,} triples: rdflib {secs(pl_s)} ({mb(pl.get('rss_kb'))}), "
                     f"pyoxigraph in memory {secs(mem['load'])} ({mb(mem['load_rss_kb'])}), "
                     f"{pl_s / mem['load']:.0f}× faster")
    elif mem:
        notes.append(f"loading {big['triples']:,} triples: rdflib {cell(pl, rss=False)}, pyoxigraph in memory "
                     f"{secs(mem['load'])} ({mb(mem['load_rss_kb'])})")
    ox_lib = _store_line(big, "oxrdflib")
    if ox_lib and mem:
        notes.append(f"oxrdflib (rdflib's API over Oxigraph) loads in {secs(ox_lib['load'])}, {mb(ox_lib['load_rss_kb'])}: "
                     "the speed of pyoxigraph, but the rdflib objects on every access")
    if mem and disk and "median" in mem["query"] and "median" in disk["query"]:
        ours_q = query_lines(big["ours_queries"]).get(REPRESENTATIVE, {})
        notes.append(f"`{REPRESENTATIVE}` takes {secs(mem['query']['median'])} on a pyoxigraph store in memory, "
                     f"{secs(disk['query']['median'])} on disk (RocksDB), "
                     + (f"{secs(ours_q['median'])} in `kg` (on disk, union of named graphs)" if "median" in ours_q else "")
                     + f": the on-disk store answers {disk['query']['median'] / mem['query']['median']:.1f}× slower")
    pq = query_lines(big["plain_queries"])
    if pq.get(REPRESENTATIVE, {}).get("median"):
        notes.append(f"rdflib answers `{REPRESENTATIVE}` in {secs(pq[REPRESENTATIVE]['median'])}")
    if notes:
        out.append(f"Store, at {label}:\n")
        out += [f"- {n}" for n in notes]
        out.append("")
    return out


def exponent(n1: int, t1: float | None, n2: int, t2: float | None) -> float | None:
    """Growth exponent between two sizes: log(t2/t1) / log(n2/n1); 1.0 is linear."""
    if not t1 or not t2 or n1 <= 0 or n2 == n1:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def _step_time(r: dict | None) -> tuple[float | None, bool]:
    """(seconds, is a lower bound): a timeout gives its limit as a lower bound."""
    if not r:
        return None, False
    if "timeout" in r:
        return r["timeout"], True
    return (r["wall"], False) if ok(r) else (None, False)


def _query_time(res: dict, name: str) -> tuple[float | None, bool]:
    q = query_lines(res["ours_queries"]).get(name, {})
    if "timeout" in q:
        return q["timeout"], True
    return q.get("first"), False


def _store_time(res: dict, kind: str, what: str) -> tuple[float | None, bool]:
    line = _store_line(res, kind)
    if not line:
        return None, False
    if what == "query":
        return line["query"].get("first"), False
    return line.get(what), False


def growth_rows(results: list[dict]) -> list[tuple[str, callable]]:
    """The steps whose growth is reported: ours, then the bare pyoxigraph floor."""
    rows = [("load: `kg build --full`", lambda r: _step_time(r["ours_build"])),
            ("validate: `kg validate --no-owl`",
             lambda r: _step_time(r[f"ours_validate_{r['engines'][0] or 'default'}"]))]
    heavy = set()
    for r in results:  # heavy: over the 100 ms goal (or not finished) at some synthetic size
        if r["label"] == "SBTi":
            continue
        for name, q in query_lines(r["ours_queries"]).items():
            if q.get("median", 0) > GOALS["query"] or "timeout" in q:
                heavy.add(name)
    for name in sorted(heavy):
        rows.append((f"query `{name}` (first run)", lambda r, n=name: _query_time(r, n)))
    rows += [("export nt: `kg export -f nt`", lambda r: _step_time(r["ours_export_nt"])),
             ("export turtle: `kg export -f turtle`", lambda r: _step_time(r["ours_export_turtle"])),
             (f"cold `kg query {REPRESENTATIVE}` (new process)", lambda r: _step_time(r["ours_cold_query"])),
             ("floor: pyoxigraph `bulk_load` on disk", lambda r: _store_time(r, "ox-disk", "load")),
             ("floor: pyoxigraph `load` in memory", lambda r: _store_time(r, "ox-memory", "load")),
             (f"floor: `{REPRESENTATIVE}` on pyoxigraph in memory (first run)",
              lambda r: _store_time(r, "ox-memory", "query")),
             ("floor: pyoxigraph N-Triples dump (on disk)", lambda r: _store_time(r, "ox-disk", "dump_nt"))]
    return rows


def growth_table(results: list[dict]) -> list[str]:
    """Growth exponent of each step between consecutive synthetic sizes (real triple counts)."""
    synthetic = sorted((r for r in results if r["label"] != "SBTi"), key=lambda r: r["triples"])
    if len(synthetic) < 2:
        return []
    pairs = list(zip(synthetic, synthetic[1:]))
    out = ["### Growth exponents\n",
           "log(t2 / t1) / log(n2 / n1) between consecutive sizes, n the real triple counts: 1.0 is linear, "
           "2.0 quadratic. Queries: the first run in the process (above `--plain-max` the only one). "
           "\"> x\": the larger size timed out, so the exponent is at least x.\n",
           "| step | " + " | ".join(f"{a['label']} → {b['label']}" for a, b in pairs) + " |",
           "|---|" + "---:|" * len(pairs)]
    for title, get in growth_rows(results):
        cells = []
        for a, b in pairs:
            (t1, lb1), (t2, lb2) = get(a), get(b)
            e = None if lb1 else exponent(a["triples"], t1, b["triples"], t2)
            cells.append("n/a" if e is None else
                         f"{'> ' if lb2 else ''}{e:.2f} ({secs(t1)} → {'> ' if lb2 else ''}{secs(t2)})")
        out.append(f"| {title} | " + " | ".join(cells) + " |")
    out.append("")
    return out


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for name in ("rdflib", "pyshacl", "pyoxigraph", "oxrdflib"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} not installed")
    return ", ".join(parts) + f"; Python {platform.python_version()}; {os.cpu_count()} cores"


# -- the SBTi row and the seed graph ---------------------------------------------------------------

def sbti_project(work: Path, timeout: float) -> tuple[Path | None, str]:
    """A copy of the project with `kg import sbti` run in it, or (None, why not)."""
    from generate import generate

    if not SBTI_XLSX.is_file():
        return None, f"{SBTI_XLSX} not found"
    if "import" not in subprocess.run([KG, "--help"], capture_output=True, text=True).stdout:
        return None, "`kg import` does not exist yet in this checkout"
    g = generate(0, out=work / "sbti")
    r = run_step([KG, "--root", str(g.root), "import", "sbti", str(SBTI_XLSX)], timeout)
    target = g.root / "imported" / "sbti-companies.ttl"
    if not ok(r) or r["rc"] != 0 or not target.is_file():
        return None, f"`kg import sbti` did not produce imported/sbti-companies.ttl ({fmt_step(r)})"
    return g.root, f"`kg import sbti` {secs(r['wall'])}"


def seed_cold_queries(work: Path, runs: int, timeout: float) -> dict:
    from generate import generate

    g = generate(0, out=work / "seed")
    b = run_step([KG, "--root", str(g.root), "build"], timeout)
    if not ok(b):
        return {"error_step": b}
    walls, loads = [], []
    for _ in range(runs):
        r = run_step([KG, "--root", str(g.root), "query", REPRESENTATIVE], timeout, stdout=work / "seed-cold.txt")
        if not ok(r):
            return {"error_step": r}
        walls.append(r["wall"])
        loads.append(r["load"])
    return {"walls": walls, "loads": loads, "triples": g.triples}


def generate_apart(size: int, seed: int, out: Path, timeout: float, max_gb: float) -> tuple[dict | None, dict]:
    """benchmarks/generate.py in its own process (at 10M it holds several GB while it counts): its
    JSON summary (root, triples, companies, files, seconds) or None, and the step's figures."""
    target = out.parent / f"generate-{out.name}.json"
    r = run_step([sys.executable, str(HERE / "generate.py"), str(size), "-o", str(out), "--seed", str(seed)],
                 timeout, stdout=target, max_rss_kb=int(max_gb * 1024 ** 2))
    try:
        g = json.loads(target.read_text(encoding="utf-8")) if ok(r) else None
    except (OSError, ValueError):
        g = None
    target.unlink(missing_ok=True)
    return g, r


# -- main --------------------------------------------------------------------------------------------

def main() -> None:
    if len(sys.argv) >= 2 and sys.argv[1] == "_child":
        child_main(sys.argv[2:])
        return
    from generate import parse_size, size_label

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1M", help="target triples, comma-separated (10k, 100k, 1M...)")
    ap.add_argument("--sbti", action="store_true", help="also the real SBTi import (`kg import sbti`), if it exists")
    ap.add_argument("--seed", type=int, default=0, help="random seed of the synthetic data")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per step of ours (each step is a process)")
    ap.add_argument("--plain-timeout", type=float, default=240,
                    help="seconds per plain rdflib/pySHACL step (and `kg validate --engine pyshacl`)")
    ap.add_argument("--plain-max", default="1M", metavar="SIZE",
                    help="above this many triples the plain steps are not run (estimated instead)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each saved query (median)")
    ap.add_argument("--query-budget", type=float, default=10, help="stop repeating a query after this many seconds")
    ap.add_argument("--query-timeout", type=float, default=60, help="seconds one query run may take")
    ap.add_argument("--large-repeat", type=int, default=1, help="runs of each saved query above --plain-max")
    ap.add_argument("--large-query-timeout", type=float, default=300, help="--query-timeout above --plain-max")
    ap.add_argument("--memory-skip", type=float, default=12, metavar="GB",
                    help="do not load a pyoxigraph store in memory whose estimated RSS exceeds this")
    ap.add_argument("--work", metavar="DIR", help="folder for the generated projects (default: the system's temp)")
    ap.add_argument("--max-memory", type=float, default=8, metavar="GB",
                    help="kill a step whose processes hold more memory than this (the machine is shared)")
    ap.add_argument("--write", metavar="FILE.md", help="replace the scale section of this file (docs/benchmarks.md)")
    ap.add_argument("--raw", metavar="FILE.md", help="write the full output, per-query figures included, here")
    ap.add_argument("--keep", action="store_true", help="keep the generated projects (printed)")
    ap.add_argument("--earlier", metavar="FILE.json",
                    help="an earlier run's results (cckg-scale-last.json): its sizes not in --sizes are shown too, marked as such")
    args = ap.parse_args()
    args.plain_max = parse_size(args.plain_max)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    global MAX_RSS_KB
    MAX_RSS_KB = int(args.max_memory * 1024 * 1024)
    started = time.time()
    load0 = os.getloadavg()
    if args.work:
        Path(args.work).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="cckg-scale-", dir=args.work))
    results, history, notes = [], {}, []
    try:
        log("seed graph: cold kg query...")
        seed_cold = seed_cold_queries(work, 5, args.timeout)
        log(f"  {seed_cold.get('walls')}")
        for size in sizes:
            log(f"generating {size_label(size)}...")
            g, gen_step = generate_apart(size, args.seed, work / size_label(size), args.timeout,
                                        max(args.max_memory, args.memory_skip))
            if g is None:
                notes.append(f"{size_label(size)} not measured: generating it failed ({fmt_step(gen_step)}).")
                log(notes[-1])
                break
            log(f"  {g['triples']:,} triples, {g['companies']:,} companies, {g['files']} files, "
                f"{g['seconds']:.1f} s, {mb(gen_step['rss_kb'])}")
            root = Path(g["root"])
            res = measure(size_label(size), root, g["triples"], args, history, nominal=size)
            res["companies"], res["files"], res["generate"] = g["companies"], g["files"], gen_step
            store_dir = root / "build" / "store"
            if store_dir.is_dir():
                res["store_bytes"] = sum(p.stat().st_size for p in store_dir.rglob("*") if p.is_file())
            results.append(res)
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
        if args.sbti:
            root, why = sbti_project(work, args.timeout)
            if root is None:
                notes.append(f"SBTi row skipped: {why}.")
                log(notes[-1])
            else:
                from kg.store.build import assemble
                from kg.project import Project
                from kg.store.embedded import Store

                st = Store.memory()
                assemble(st, Project(root), Project(root).turtle_files())
                res = measure("SBTi", root, st.triple_count(), args, history)
                del st
                res["note"] = why
                results.append(res)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept {work}")
    load1 = os.getloadavg()
    minutes = (time.time() - started) / 60
    if args.earlier:
        done = {r["label"] for r in results}
        earlier = [r for r in json.loads(Path(args.earlier).read_text(encoding="utf-8")) if r["label"] not in done]
        for r in earlier:
            notes.append(f"The {r['label']} column is an earlier run's ({args.earlier}: older code, other load), not run "
                         "again; growth exponents to it mix the two runs.")
        sized = sorted((r for r in results + earlier if r["label"] != "SBTi"), key=lambda r: r["triples"])
        results = sized + [r for r in results if r["label"] == "SBTi"]
    cmdline = "benchmarks/scale.py " + " ".join(sys.argv[1:])
    labels = [r["label"] for r in results if r["label"] != "SBTi"]
    span = f"{labels[0]} to {labels[-1]}" if len(labels) > 1 else (labels[0] if labels else "SBTi")
    summary = [f"## Side by side: ours against plain rdflib + pySHACL, {span} triples (`benchmarks/scale.py`)\n",
               f"`.venv/bin/python {cmdline}`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}, "
               f"{minutes:.0f} min. Machine: {os.cpu_count()} cores, 24 GB, shared with other developers' test runs: "
               f"load average (1, 5, 15 min) {load0[0]:.2f}, {load0[1]:.2f}, {load0[2]:.2f} at the start, "
               f"{load1[0]:.2f}, {load1[1]:.2f}, {load1[2]:.2f} at the end. {versions()}.\n",
               "Synthetic projects from `benchmarks/generate.py` (the repository's ontology, shapes, queries and "
               "data, plus fictitious companies shaped like data/*.ttl, about 50,000 triples per file). Each step "
               f"runs in a new process, killed after {args.timeout:.0f} s (plain steps and `--engine pyshacl`: "
               f"{args.plain_timeout:.0f} s; \"> N s\" when killed); a step that timed out is not run at larger "
               "sizes, nor a pySHACL step whose time scaled linearly would exceed its limit. Above "
               f"{args.plain_max:,} triples (`--plain-max`) the plain steps are not run (their memory and time "
               f"estimated linearly from the largest size they ran at), and each saved query runs {args.large_repeat} "
               f"time(s), stopped after {args.large_query_timeout:.0f} s. Times are wall-clock; for plain, load, validation, queries and export are timed inside the "
               "process (rdflib's parse excluded from the last three), while ours are whole `kg` commands "
               "(start-up, opening the store and writing files included), so the ratios are conservative for "
               f"ours. Queries: warm median of up to {args.repeat} runs in one process (fewer once "
               f"{args.query_budget:.0f} s are spent; a run over {args.query_timeout:.0f} s is stopped), required "
               "parameters given sample values, optional ones left out. Peak memory: the largest process of "
               "each side (maximum RSS).\n"]
    summary += [f"- {n}" for n in notes] + ([""] if notes else [])
    summary.append("### Goals\n")
    summary += goals_table(results, seed_cold)
    if seed_cold.get("walls"):
        summary.append(f"Seed graph: {seed_cold['triples']:,} triples; cold `kg query {REPRESENTATIVE}` walls "
                       + ", ".join(secs(w) for w in seed_cold["walls"])
                       + f" (load average {min(seed_cold['loads']):.2f} to {max(seed_cold['loads']):.2f}).\n")
    summary += findings(results)
    summary += growth_table(results)
    for res in results:
        summary += size_tables(res)
    detail = []
    for res in results:
        detail += query_table(res)
        detail.append(f"Steps ({res['label']}):\n")
        detail.append("| step | figure | load average |")
        detail.append("|---|---|---:|")
        for k, r in res.items():
            if isinstance(r, dict) and ("wall" in r or "timeout" in r or "skipped" in r):
                detail.append(f"| {k} | {fmt_step(r)} | {r.get('load', float('nan')):.2f} |")
        detail.append("")
    text = "\n".join(summary) + "\n"
    full = text + "\n## Per-query figures and every step\n\n" + "\n".join(detail) + "\n"
    print(full)
    if args.write:
        write_section(Path(args.write), text, BEGIN, END)
        log(f"wrote the scale section of {args.write}")
    if args.raw:
        Path(args.raw).write_text("# Scale benchmark: full output\n\n" + full, encoding="utf-8")
        log(f"wrote {args.raw}")
    (work.parent / "cckg-scale-last.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
