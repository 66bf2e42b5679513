"""Extraction speed, ours against the plain approach, measured in the same run.

Ours: kg.extract.extract over every article with gold (seeds, eval/*/), the pipelines loaded.
Baseline: what a user would write first, `spacy.load("fr_core_news_sm")(text)` with the full
pipeline, on the same texts (it only tags; it extracts nothing). Prints articles per second for
both, the ratio, and the cold start of `kg query` and `kg extract` as separate processes.

Run: .venv/bin/python benchmarks/extract_speed.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.evaluate import GOLD_SETS, devset_items  # noqa: E402
from kg.extract import Gazetteer, extract, load_pipelines  # noqa: E402
from kg.project import Project  # noqa: E402


def texts() -> list[str]:
    project = Project(ROOT)
    out = [p.read_text(encoding="utf-8") for p in sorted(project.seeds_dir.glob("*.txt"))]
    for name in GOLD_SETS:
        out += [text for _, text, _ in devset_items(project, name)]
    return out


def rate(fn, docs: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
        runs.append(len(docs) / (time.perf_counter() - t0))
    return statistics.median(runs)


def wall(cmd: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    import spacy

    docs = texts()
    load_pipelines()
    gaz = Gazetteer.empty()
    ours = rate(lambda t: extract(t, "bench", gaz), docs, args.repeat)
    nlp = spacy.load("fr_core_news_sm")
    plain = rate(nlp, docs, args.repeat)
    kg = str(ROOT / ".venv" / "bin" / "kg")
    subprocess.run([kg, "build"], cwd=ROOT, capture_output=True, check=True)
    query = wall([kg, "query", "provider_pledges"], args.repeat)
    extract_cold = wall([kg, "extract", "seeds/003_3f05cd81590e013e.txt"], max(1, args.repeat // 2))
    print(f"articles: {len(docs)} (median of {args.repeat} runs, one process, pipelines loaded)")
    print(f"kg extract (rules + NER):            {ours:8.1f} articles/s   goal >= 10")
    print(f"plain spacy fr_core_news_sm (tags):  {plain:8.1f} articles/s")
    print(f"ratio ours / plain:                  {ours / plain:8.2f}")
    print(f"cold `kg query provider_pledges`:    {query:8.2f} s wall")
    print(f"cold `kg extract` one article:       {extract_cold:8.2f} s wall (includes loading spaCy)")
    if ours < 10:
        sys.exit("below the goal of 10 articles per second")


if __name__ == "__main__":
    main()
