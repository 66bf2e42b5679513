"""Server time and wall time of each web page of `kg serve` on the graph with both SBTi imports (issue 16)."""
# The project's sources (ontology, seeds, data, shapes, queries) are copied to a temporary folder; there
# `kg import sbti` and `kg import sbti-progress` read the workbooks of ../shared/data/sbti/ (skipped, with a
# message, when absent: the seed graph alone is measured), `kg build`, then `kg serve --port <free>`.
# Each page: one cold request (the first after the server starts), one warm-up, then --repeat requests
# whose median and max are reported, for the server time (`Server-Timing: app;dur=`, kg.web.site) and the
# wall time seen by this client (urllib on 127.0.0.1). Goal: server time <= 300 ms (median) on every page.
#
# Run: .venv/bin/python benchmarks/pages.py [--repeat 20] [--no-sbti] [--write docs/benchmarks.md]
# --write FILE replaces the section between `<!-- pages:begin -->` and `<!-- pages:end -->` (appended
# when absent).
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.remote.serve import free_port, wait_for_port  # noqa: E402 - after the path is set

VENV_BIN = Path(sys.executable).parent
KG = str(VENV_BIN / "kg") if (VENV_BIN / "kg").exists() else shutil.which("kg") or "kg"
SBTI = ROOT.parent / "shared" / "data" / "sbti"
COMPANIES = SBTI / "companies-taking-action-2023-01-09.xlsx"
PROGRESS = SBTI / "progress-report-2021-appendix.xlsx"
COPIED = ("ontology", "seeds", "data", "shapes", "queries")
GOAL_MS = 300.0
BEGIN, END = "<!-- pages:begin -->", "<!-- pages:end -->"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def kg(root: Path, *args: str) -> str:
    """Run `kg --root ROOT ARGS` to the end; its output (stdout and stderr); raises on failure."""
    done = subprocess.run([KG, "--root", str(root), *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"kg {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def prepare(root: Path, sbti: bool) -> dict:
    """Copy the sources, import SBTi (if wanted and present), build; the seconds each step took."""
    for name in COPIED:
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    steps = {}
    if sbti:
        t0 = time.perf_counter()
        kg(root, "import", "sbti", str(COMPANIES))
        kg(root, "import", "sbti-progress", str(PROGRESS), "--accessed", "2023-01-09")
        steps["import"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    kg(root, "build")
    steps["build"] = time.perf_counter() - t0
    return steps


def first_iri(files: list[Path], pattern: str, exclude: set[str] = frozenset(), subject: bool = True) -> str | None:
    """The first `kgr:NAME` matching `pattern` (as a subject, or anywhere) in these Turtle files, NAME not in exclude."""
    regex = re.compile(rf"{'^' if subject else ''}kgr:({pattern})\b", re.M)
    for path in files:
        for match in regex.finditer(path.read_text(encoding="utf-8")):
            if match.group(1) not in exclude:
                return match.group(1)
    return None


def pages(root: Path) -> list[tuple[str, str]]:
    """(label, path) of every page measured; the SBTi ones only when the import ran."""
    data = sorted((root / "data").glob("*.ttl"))
    curated = set(re.findall(r"kgr:(org-[\w-]+)", "".join(p.read_text(encoding="utf-8") for p in data)))
    imported = sorted((root / "imported").glob("*.ttl")) if (root / "imported").is_dir() else []
    article = first_iri(data, r"article-[\w-]+", subject=False)  # described in seeds/, cited in data/
    sbti_org = first_iri(imported, r"org-[\w-]+", curated)
    record = first_iri(imported, r"record-[\w-]+")
    dataset = first_iri(imported, r"dataset-[\w-]+")
    listed = [
        ("home", "/"),
        ("search", "/search?q=amazon"),
        ("SBTi-only organisation", f"/id/{sbti_org}" if sbti_org else None),
        ("organisation (curated + SBTi)", "/id/org-amazon"),
        ("organisation", "/id/org-amazon-web-services"),
        ("article", f"/id/{article}" if article else None),
        ("pledge", "/id/pledge-amazon-net-zero-2040"),
        ("initiative (largest hub)", "/id/initiative-sbti"),
        ("dataset", f"/id/{dataset}" if dataset else None),
        ("dataset record", f"/id/{record}" if record else None),
        ("ontology", "/ontology"),
        ("ontology term", "/ontology/Organisation"),
        ("saved queries", "/queries"),
        ("saved query run", "/queries/pledges_by_target_year?year=2040"),
        ("SPARQL form", "/sparql"),
        ("Turtle", "/id/org-amazon?format=ttl"),
        ("JSON-LD", "/id/org-amazon?format=jsonld"),
    ]
    return [(label, path) for label, path in listed if path]


def get(base: str, path: str) -> tuple[int, float, float, int]:
    """(status, server ms, wall ms, bytes) of one GET."""
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=300) as response:
            body, status, timing = response.read(), response.status, response.headers.get("Server-Timing", "")
    except urllib.error.HTTPError as exc:
        body, status, timing = exc.read(), exc.code, exc.headers.get("Server-Timing", "")
    wall = (time.perf_counter() - t0) * 1000
    match = re.search(r"dur=([\d.]+)", timing or "")
    return status, float(match.group(1)) if match else float("nan"), wall, len(body)


def count(base: str, where: str) -> int | None:
    """COUNT of a pattern over /query (the default graph: the union of the build's named graphs)."""
    text = ("PREFIX cckg: <https://w3id.org/climate-commitments/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT (COUNT(" + where)
    request = urllib.request.Request(f"{base}/query?{urllib.parse.urlencode({'query': text})}",
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return int(json.load(response)["results"]["bindings"][0]["n"]["value"])
    except (OSError, ValueError, KeyError, IndexError):
        return None


TRIPLES = "*) AS ?n) WHERE { ?s ?p ?o }"
ORGANISATIONS = "DISTINCT ?o) AS ?n) WHERE { ?o a/rdfs:subClassOf* cckg:Organisation }"


def measure(root: Path, repeat: int) -> tuple[list[dict], dict]:
    """Start `kg serve` in root, measure every page, stop it."""
    port = free_port()
    process = subprocess.Popen([KG, "--root", str(root), "serve", "--port", str(port)], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        wait_for_port("127.0.0.1", port, process, timeout=180)
        listed = pages(root)
        colds = {}
        for label, path in listed:  # every page's first request before any warm one
            colds[path] = get(base, path)
        for label, path in listed:
            log(f"{path} ...")
            get(base, path)  # warm-up
            runs = [get(base, path) for _ in range(repeat)]
            server, wall = [r[1] for r in runs], [r[2] for r in runs]
            rows.append({"label": label, "path": path, "status": runs[-1][0], "bytes": runs[-1][3],
                         "cold": colds[path][1], "cold_wall": colds[path][2],
                         "median": statistics.median(server), "max": max(server),
                         "wall": statistics.median(wall), "wall_max": max(wall)})
        counts = {"triples": count(base, TRIPLES), "organisations": count(base, ORGANISATIONS)}
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate(timeout=10)
    return rows, counts


def ms(value: float) -> str:
    return "–" if value != value else f"{value:,.1f}"


def markdown(rows: list[dict], counts: dict, info: dict) -> str:
    triples, orgs = counts["triples"], counts["organisations"]
    sbti = info["sbti"]
    passed = sum(r["median"] <= GOAL_MS for r in rows)
    lines = [
        "## Web pages (`benchmarks/pages.py`, issue 16)",
        "",
        f"Goal: each page answers in {GOAL_MS:.0f} ms or less of server time on the graph with both SBTi imports. "
        f"{info['date']}, Python {platform.python_version()}, pyoxigraph {version('pyoxigraph')}; graph: "
        + (f"{triples:,} triples" if triples is not None else "triple count unknown")
        + (f" and {orgs:,} organisations (typed cckg:Organisation or a subclass)" if orgs is not None else "")
        + (", the seed data plus `kg import sbti` and `kg import sbti-progress` of `../shared/data/sbti/`" if sbti else
           ", the seed data only (`../shared/data/sbti/` absent or --no-sbti: no SBTi import)")
        + "; `kg serve` with its defaults (4 engine processes) on 127.0.0.1.",
        "",
        f"Server time: the `Server-Timing: app;dur=` header (kg.web.site, from the request's arrival at the page "
        f"handler to its response); wall: urllib's request to the last byte, on the same machine. Per page: the "
        f"first request after the server started (cold: every page's before any warm one), one warm-up, then "
        f"{info['repeat']} requests: median and max. The machine is shared (2 cores, other jobs running: load "
        f"average {info['load_start']} at the start, {info['load_end']} at the end), so the max columns carry "
        f"the neighbours' noise; read the medians. The site keeps some computed parts until the data changes "
        f"(kg.web.site `cached`, the charts): the warm figures include those caches, the cold column is a page's "
        f"first, uncached answer. Run took {info['elapsed']:.0f} s "
        f"({'import ' + format(info['steps']['import'], '.0f') + ' s, ' if 'import' in info['steps'] else ''}"
        f"build {info['steps']['build']:.0f} s).",
        "",
        f"| page | path | status | bytes | cold ms | server ms (median) | server max | wall ms (median) | wall max "
        f"| ≤ {GOAL_MS:.0f} ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in rows:
        ok = "–" if r["median"] != r["median"] else ("yes" if r["median"] <= GOAL_MS else "**no**")
        lines.append(f"| {r['label']} | `{r['path']}` | {r['status']} | {r['bytes']:,} | {ms(r['cold'])} | "
                     f"{ms(r['median'])} | {ms(r['max'])} | {ms(r['wall'])} | {ms(r['wall_max'])} | {ok} |")
    slowest = max(rows, key=lambda r: r["median"] if r["median"] == r["median"] else -1)
    lines += ["", f"{passed} of {len(rows)} pages meet the goal (median server time); the slowest is "
              f"`{slowest['path']}` at {ms(slowest['median'])} ms (max {ms(slowest['max'])} ms, cold "
              f"{ms(slowest['cold'])} ms)."]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    doc = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{BEGIN}\n{text.rstrip()}\n{END}"
    if BEGIN in doc and END in doc and doc.index(BEGIN) < doc.index(END):
        new = doc[:doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
    else:
        new = doc.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="warm requests per page (default 20)")
    parser.add_argument("--no-sbti", action="store_true", help="measure the seed graph alone")
    parser.add_argument("--write", type=Path, help="replace the pages section of this Markdown file")
    args = parser.parse_args()
    started = time.perf_counter()
    info = {"date": datetime.date.today().isoformat(), "repeat": args.repeat, "load_start": load()}
    log(f"load average at start: {info['load_start']}")
    sbti = not args.no_sbti and COMPANIES.exists() and PROGRESS.exists()
    if not args.no_sbti and not sbti:
        log(f"SBTi skipped: {SBTI} (both workbooks) not found; measuring the seed graph alone")
    info["sbti"] = sbti
    with tempfile.TemporaryDirectory(prefix="kg-pages-") as tmp:
        root = Path(tmp)
        log("copying sources, importing, building ...")
        info["steps"] = prepare(root, sbti)
        rows, counts = measure(root, args.repeat)
    info["load_end"] = load()
    info["elapsed"] = time.perf_counter() - started
    text = markdown(rows, counts, info)
    print(text)
    if args.write:
        write_section(args.write, text)
        log(f"wrote the section to {args.write}")


if __name__ == "__main__":
    main()
