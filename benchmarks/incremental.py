"""Incremental `kg validate` after a one-line change, against a full validation, in the same run.

For each size (--sizes, default 100k,1M) a synthetic project (benchmarks/generate.py, source files
of about 10,000 triples each) is built and
validated in full once (which leaves the state an incremental run starts from). Then, --repeat
times: one line of one source file changes (an organisation's class misspelt, which gives new
findings in that file and others), `kg build` (incremental), `kg validate --no-owl` (incremental)
and `kg validate --no-owl --full`, whose JSON reports must be identical; then the line is set back
and the same again. Wall time of each command (a new process each), medians, and the incremental
run's note (how many nodes it re-checked). The goal (issue 18): <= 2 s at 1M triples.

Run: .venv/bin/python benchmarks/incremental.py [--sizes 100k,1M] [--repeat 3] [--write docs/benchmarks.md]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate, parse_size  # noqa: E402
from procs import write_section  # noqa: E402

KG = [sys.executable, "-m", "kg"]
BEGIN, END = "<!-- incremental:begin -->", "<!-- incremental:end -->"
WRONG, RIGHT = "a cckg:Compagny", "a cckg:Company"
FILE_TRIPLES = 10_000  # many source files, as a real project has: one of them changes


def timed(args: list[str], root: Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    res = subprocess.run([*KG, "--root", str(root), *args], capture_output=True, text=True,
                         cwd=HERE.parent, env={**os.environ, "PYTHONPATH": str(HERE.parent)})
    if res.returncode not in ((0, 1) if args[0] == "validate" else (0,)):
        raise SystemExit(f"kg {' '.join(args)}: exit {res.returncode}: {res.stderr.strip()[-500:]}")
    return time.perf_counter() - started, res


def flip(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def measure(size: int, repeat: int, work: Path) -> dict:
    root = work / f"p{size}"
    g = generate(size, 0, root, file_triples=FILE_TRIPLES, log=lambda m: print(m, file=sys.stderr))
    target = root / "data" / "synthetic-0001.ttl"
    assert RIGHT in target.read_text(encoding="utf-8"), target
    out = {"triples": g.triples, "files": len(g.files)}
    out["build_full"], _ = timed(["build", "--full"], root)
    out["validate_first"], _ = timed(["validate", "--no-owl", "--full", "-f", "json", "-o", str(work / "v.json")], root)
    runs = {"build": [], "incremental": [], "full": []}
    notes = []
    for i in range(2 * repeat):
        flip(target, *((RIGHT, WRONG) if i % 2 == 0 else (WRONG, RIGHT)))
        runs["build"].append(timed(["build"], root)[0])
        t, inc = timed(["validate", "--no-owl", "-f", "json"], root)
        runs["incremental"].append(t)
        notes.append(next((ln for ln in inc.stderr.splitlines() if "validat" in ln), ""))
        t, full = timed(["validate", "--no-owl", "--full", "-f", "json"], root)
        runs["full"].append(t)
        if inc.stdout != full.stdout or inc.returncode != full.returncode:
            raise SystemExit(f"{size}: the incremental report differs from the full one after change {i + 1}")
        print(f"{size}: change {i + 1}: build {runs['build'][-1]:.2f} s, incremental {runs['incremental'][-1]:.2f} s, "
              f"full {runs['full'][-1]:.2f} s; {notes[-1]}", file=sys.stderr)
    shutil.rmtree(root, ignore_errors=True)
    return out | {k: statistics.median(v) for k, v in runs.items()} | {"runs": runs, "note": notes[-1]}


def report(results: dict, repeat: int, started: str, load: tuple) -> str:
    lines = ["## Incremental validation after a one-line change (`benchmarks/incremental.py`)", "",
             f"`.venv/bin/python benchmarks/incremental.py --sizes {','.join(results)} --repeat {repeat}`, {started}; "
             f"load average at the start {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} (2 cores, shared). One line of "
             "one source file changes (an organisation's class misspelt: new findings in that file and in others), "
             "then is set back, "
             f"{2 * repeat} changes in all; after each, `kg build`, `kg validate --no-owl` (incremental) and "
             "`kg validate --no-owl --full`, each a new process; the two reports were identical every time. Medians.",
             "", "| size | triples | incremental validate | full validate | ratio | incremental build | what it re-checked |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for label, r in results.items():
        lines.append(f"| {label} | {r['triples']:,} | {r['incremental']:.2f} s | {r['full']:.2f} s | "
                     f"{r['incremental'] / r['full']:.2f} | {r['build']:.2f} s | {r['note'].removeprefix('kg: ')} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100k,1M")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", help="Markdown file whose incremental section is replaced")
    args = ap.parse_args()
    started, load = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="cckg-incremental-"))
    try:
        results = {label: measure(parse_size(label), args.repeat, work) for label in args.sizes.split(",")}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(results, args.repeat, started, load)
    print(text)
    if args.write:
        write_section(Path(args.write), text, BEGIN, END)


if __name__ == "__main__":
    main()
