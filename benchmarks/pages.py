"""Server time and wall time of each web page of `kg serve` on the graph with both SBTi imports (issue 16)."""
# The project's sources (ontology, seeds, data, shapes, queries) are copied to a temporary folder; there
# `kg import sbti` and `kg import sbti-progress` read the workbooks of ../shared/data/sbti/ (skipped, with a
# message, when absent: the seed graph alone is measured), `kg build`, then `kg serve --port <free>`.
# First a start-up probe: a fresh server, `GET /` sent the moment its port opens (before its engines have
# started), stopped. Then the measured server: once it says its pages are warm (the `kg: pages warm` line on
# stderr, kg.web.pages.warm), each page's first request (every page's before any other), one warm-up, then
# --repeat requests whose median and max are reported, for the server time (`Server-Timing: app;dur=`,
# kg.web.site) and the wall time seen by this client (urllib on 127.0.0.1). Goal: server time <= 300 ms on
# every page, for its first request and the median.
#
# Run: .venv/bin/python benchmarks/pages.py [--repeat 20] [--no-sbti] [--write docs/benchmarks.md]
# [--project DIR] (an already built project, measured in place: no copy, import or build)
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
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/procs.py

from kg.remote.serve import free_port  # noqa: E402 - after the path is set
from procs import write_section  # noqa: E402 - benchmarks/procs.py

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
        ("saved query run, 1,766 rows on the SBTi graph", "/queries/pledges_by_target_year?year=2030"),
        ("saved query, 5 parameters", "/queries/pledges_by_sector?by=country&country=France"),
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


class Server:
    """`kg serve --port <free>` in root, each line of its stderr kept with the seconds since its launch."""

    def __init__(self, root: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.launched = time.perf_counter()
        self.process = subprocess.Popen([KG, "--root", str(root), "serve", "--port", str(self.port)], cwd=root,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append((self.since(), line.rstrip()))

    def since(self) -> float:
        return time.perf_counter() - self.launched

    def listening(self, timeout: float = 180) -> float:
        """Seconds from the launch until the port accepts a connection."""
        while self.since() < timeout:
            if self.process.poll() is not None:
                time.sleep(0.2)
                raise SystemExit("kg serve stopped at start:\n" + "\n".join(line for _, line in self.lines))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self.since()
            except OSError:
                time.sleep(0.02)
        raise SystemExit(f"kg serve did not listen within {timeout:g} s")

    def said(self, text: str, timeout: float = 0) -> float | None:
        """Seconds from the launch until stderr held a line with `text` (waiting up to `timeout` s), or None."""
        while True:
            found = next((at for at, line in self.lines if text in line), None)
            if found is not None or self.since() >= timeout or self.process.poll() is not None:
                return found
            time.sleep(0.05)

    def stop(self) -> float:
        """SIGTERM, then the seconds until the process has ended."""
        began = time.perf_counter()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        return time.perf_counter() - began


def startup(root: Path) -> dict:
    """A fresh server asked for / the moment its port opens: what a visitor who comes during start-up waits."""
    server = Server(root)
    try:
        listening = server.listening()
        status, app, wall, _ = get(server.base, "/")
        answered = server.since()
    finally:
        stopped = server.stop()
    return {"listening": listening, "status": status, "server": app, "wall": wall, "answered": answered,
            "serving": server.said("serving the graph"), "stopped": stopped}


def measure(root: Path, repeat: int, wait_warm: float) -> tuple[list[dict], dict, dict]:
    """Start `kg serve` in root, wait for its pages to be warm, measure every page, stop it."""
    server = Server(root)
    base = server.base
    rows, timing = [], {}
    try:
        timing = {"listening": server.listening(), "warm": server.said("pages warm", timeout=wait_warm)}
        timing["serving"] = server.said("serving the graph")
        if timing["warm"] is None:
            log(f"kg serve did not say its pages were warm within {wait_warm:g} s: measuring anyway")
        listed = pages(root)
        colds = {}
        for label, path in listed:  # every page's first request before any other
            colds[path] = get(base, path)
        for label, path in listed:
            log(f"{path} ...")
            get(base, path)  # warm-up
            runs = [get(base, path) for _ in range(repeat)]
            server_ms, wall = [r[1] for r in runs], [r[2] for r in runs]
            rows.append({"label": label, "path": path, "status": runs[-1][0], "bytes": runs[-1][3],
                         "cold": colds[path][1], "cold_wall": colds[path][2],
                         "median": statistics.median(server_ms), "max": max(server_ms),
                         "wall": statistics.median(wall), "wall_max": max(wall)})
        counts = {"triples": count(base, TRIPLES), "organisations": count(base, ORGANISATIONS)}
    finally:
        timing["stopped"] = server.stop()
    return rows, counts, timing


def ms(value: float) -> str:
    return "–" if value != value else f"{value:,.1f}"


def seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} s"


def markdown(rows: list[dict], counts: dict, info: dict) -> str:
    triples, orgs = counts["triples"], counts["organisations"]
    sbti, timing, probe = info["sbti"], info["timing"], info["startup"]
    met = [r for r in rows if max(r["cold"], r["median"]) <= GOAL_MS]  # NaN compares False: not met
    lines = [
        "## Web pages (`benchmarks/pages.py`, issue 16)",
        "",
        f"Goal: each page answers in {GOAL_MS:.0f} ms or less of server time on the graph with both SBTi imports. "
        f"{info['date']}, Python {platform.python_version()}, pyoxigraph {version('pyoxigraph')}; graph: "
        + (f"{triples:,} triples" if triples is not None else "triple count unknown")
        + (f" and {orgs:,} organisations (typed cckg:Organisation or a subclass)" if orgs is not None else "")
        + (", the seed data plus `kg import sbti` and `kg import sbti-progress` of `../shared/data/sbti/`" if sbti else
           ", the seed data only (`../shared/data/sbti/` absent or --no-sbti: no SBTi import)")
        + "; `kg serve` with its defaults (4 engine processes) on 127.0.0.1. Command: "
        f"`.venv/bin/python benchmarks/pages.py --repeat {info['repeat']} --write docs/benchmarks.md`.",
        "",
        f"Start-up: the port opened {seconds(timing.get('listening'))} after the launch, the engines answered "
        f"(the `serving` line) after {seconds(timing.get('serving'))}, and the server said its pages were warm "
        f"(`kg: pages warm`, kg.web.pages `warm`: the home page's parts, the search index, one query per engine "
        f"that readies its guard's parser, the templates compiled, every saved query's form ready) after "
        f"{seconds(timing.get('warm'))}. A visitor "
        f"who comes during start-up waits for it: on a fresh server, `GET /` sent the moment the port opened "
        f"answered {probe['status']} after {ms(probe['server'])} ms of server time ({ms(probe['wall'])} ms wall, "
        f"{seconds(probe['answered'])} after the launch). SIGTERM stopped the servers in "
        f"{seconds(probe['stopped'])} and {seconds(timing.get('stopped'))}.",
        "",
        f"Server time: the `Server-Timing: app;dur=` header (kg.web.site, from the request's arrival at the page "
        f"handler to its response); wall: urllib's request to the last byte, on the same machine. Per page, once "
        f"the pages were warm: the first request (every page's before any other), one warm-up, then "
        f"{info['repeat']} requests: median and max. The machine is shared (2 cores, other jobs running: load "
        f"average {info['load_start']} at the start, {info['load_end']} at the end), so the max columns carry "
        f"the neighbours' noise; read the medians and the ratios, which come from the same run. The site keeps "
        f"some computed parts until the data changes (kg.web.site `cached`, the charts, a saved query's answers): "
        f"the repeated requests are served from those caches, the first column is a page's first, uncached "
        f"answer (for the saved queries, its first run with those values). Run took {info['elapsed']:.0f} s"
        + (f" (import {info['steps']['import']:.0f} s, " if "import" in info["steps"] else " (")
        + (f"build {info['steps']['build']:.0f} s)." if "build" in info["steps"] else "the project built beforehand)."),
        "",
        f"| page | path | status | bytes | first ms | server ms (median) | server max | first ÷ median "
        f"| wall ms (median) | wall max | first and median ≤ {GOAL_MS:.0f} ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in rows:
        ok = "–" if r["median"] != r["median"] else ("yes" if r in met else "**no**")
        ratio = r["cold"] / r["median"] if r["median"] and r["median"] == r["median"] else float("nan")
        lines.append(f"| {r['label']} | `{r['path']}` | {r['status']} | {r['bytes']:,} | {ms(r['cold'])} | "
                     f"{ms(r['median'])} | {ms(r['max'])} | {ms(ratio)} | {ms(r['wall'])} | {ms(r['wall_max'])} "
                     f"| {ok} |")
    slowest = max(rows, key=lambda r: r["cold"] if r["cold"] == r["cold"] else -1)
    lines += ["", f"{len(met)} of {len(rows)} pages meet the goal on their first request and on the median; the "
              f"slowest first request is `{slowest['path']}` at {ms(slowest['cold'])} ms (median "
              f"{ms(slowest['median'])} ms)."]
    return "\n".join(lines)


def run(root: Path, info: dict, args) -> tuple[list[dict], dict]:
    """The start-up probe, then every page measured; the server's timings go into info."""
    log("start-up probe ...")
    info["startup"] = startup(root)
    rows, counts, info["timing"] = measure(root, args.repeat, args.wait_warm)
    return rows, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="warm requests per page (default 20)")
    parser.add_argument("--no-sbti", action="store_true", help="measure the seed graph alone")
    parser.add_argument("--write", type=Path, help="replace the pages section of this Markdown file")
    parser.add_argument("--project", type=Path, metavar="DIR",
                        help="measure this already built project in place (no copy, import or build)")
    parser.add_argument("--wait-warm", type=float, default=300, metavar="SECONDS",
                        help="how long to wait for the server's `pages warm` line before measuring (default 300; "
                             "a server without one is measured after this long)")
    args = parser.parse_args()
    started = time.perf_counter()
    info = {"date": datetime.date.today().isoformat(), "repeat": args.repeat, "load_start": load()}
    log(f"load average at start: {info['load_start']}")
    if args.project is not None:
        info["sbti"] = (args.project / "imported").is_dir() and any((args.project / "imported").glob("sbti*.ttl"))
        info["steps"] = {}
        log(f"measuring {args.project} as built")
        rows, counts = run(args.project, info, args)
    else:
        sbti = not args.no_sbti and COMPANIES.exists() and PROGRESS.exists()
        if not args.no_sbti and not sbti:
            log(f"SBTi skipped: {SBTI} (both workbooks) not found; measuring the seed graph alone")
        info["sbti"] = sbti
        with tempfile.TemporaryDirectory(prefix="kg-pages-") as tmp:
            root = Path(tmp)
            log("copying sources, importing, building ...")
            info["steps"] = prepare(root, sbti)
            rows, counts = run(root, info, args)
    info["load_end"] = load()
    info["elapsed"] = time.perf_counter() - started
    text = markdown(rows, counts, info)
    print(text)
    if args.write:
        write_section(args.write, text, BEGIN, END)
        log(f"wrote the section to {args.write}")


if __name__ == "__main__":
    main()
