"""Synthetic projects shaped like ours, at a given number of triples (10k, 100k, 1M...).

`generate(triples_target, seed)` writes a throwaway project folder: a copy of the repository's
ontology/, shapes/, queries/, seeds/ and data/, plus fictitious companies in
data/synthetic-0001.ttl, data/synthetic-0002.ttl... (about 50,000 triples per file, so a build has
several source files). The companies come from benchmarks/reasoning.py's `synthetic_turtle`
(imported, not copied): one article each, with its text inline (`schema:text`) holding every
quote at its offsets, 1-2 pledges, ~50 % an emission figure, ~25 % a platform reliance, ~10 % a
subsidiary, every fact with its evidence node and selectors. The data conform to the SHACL shapes
(checked with `kg validate --no-owl`).

The number of companies is calibrated on the generator itself (about 49 triples a company), so
the total, ontology and curated data included, lands within about 0.5 % of the target; the exact
count (distinct triples, as `kg build` counts them) is returned. samples.json in the folder gives
sample values for the saved queries' parameters (an organisation with an emission figure, its
article, a word to search for).

Run: .venv/bin/python benchmarks/generate.py 100k [-o DIR] [--seed 0]
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from reasoning import synthetic_turtle  # noqa: E402

from kg.store.build import assemble  # noqa: E402
from kg.iris import CCKG_NS, PREFIXES  # noqa: E402
from kg.project import Project  # noqa: E402
from kg.store.embedded import Store  # noqa: E402

COPIED = ("ontology", "shapes", "queries", "seeds", "data")
FILE_TRIPLES = 50_000
_RATE: tuple[float, int] | None = None  # (triples per company, fixed triples), measured once


@dataclass
class Generated:
    root: Path  # the project folder (kg --root ROOT)
    files: list[Path]  # the synthetic Turtle files written in ROOT/data
    triples: int  # distinct triples of the whole project (ontology, seeds, data, texts, synthetic)
    companies: int  # synthetic companies
    base_triples: int  # the copied project alone
    samples: dict = field(default_factory=dict)  # parameter name -> value (full IRI or text)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        d = asdict(self)
        d["root"] = str(self.root)
        d["files"] = [str(f) for f in self.files]
        return d


def parse_size(text: str) -> int:
    """'10k' -> 10000, '1M' -> 1000000, '250000' -> 250000."""
    t = text.strip().lower().replace("_", "").replace(",", "")
    mult = 1
    if t.endswith("k"):
        mult, t = 1_000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    return int(float(t) * mult)


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def _count(turtle: str) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE))


def triples_per_company(seed: int = 0) -> tuple[float, int]:
    """(triples per synthetic company, triples that do not depend on the count), measured."""
    global _RATE
    if _RATE is None:
        fixed = _count(synthetic_turtle(0, seed)[0])
        n = 2000
        _RATE = ((_count(synthetic_turtle(n, seed)[0]) - fixed) / n, fixed)
    return _RATE


SEED_FILE_RE = re.compile(r'cckg:seedFile "(\d+)_([0-9a-f]+)\.txt"')


def fix_seed_files(turtle: str) -> str:
    """synthetic_turtle names seed files NNNN_<hex>.txt; the shapes now want 3 digits (NNN_<hex>.txt).

    The hex (the article's id) keeps the names unique; the number is the company's index modulo
    1000. The texts are inline (schema:text), so no file is needed.
    """
    return SEED_FILE_RE.sub(lambda m: f'cckg:seedFile "{int(m.group(1)) % 1000:03d}_{m.group(2)}.txt"', turtle)


def split_statements(turtle: str) -> tuple[str, list[str]]:
    """(prefix header, statements) of synthetic_turtle's output: one subject block each.

    synthetic_turtle writes one statement per subject, its predicates on lines ending with " ;"
    and the last one with " ." (literals escape their newlines, so no line breaks inside them).
    """
    header, statements, current = [], [], []
    for line in turtle.splitlines():
        if not current and line.startswith("@prefix"):
            header.append(line)
            continue
        if not current and not line.strip():
            continue
        current.append(line)
        if line.endswith(" ."):
            statements.append("\n".join(current))
            current = []
    if current:
        raise ValueError("synthetic Turtle: unterminated statement")
    return "\n".join(header) + "\n\n", statements


def _statement_triples(statement: str) -> int:
    # One predicate per line; the evidence's oa:hasSelector line has two objects.
    return statement.count("\n") + 1 + statement.count(", kgr:")


def copy_project(target: Path, source: Path = ROOT) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def _base_store(project: Project) -> Store:
    store = Store.memory()
    assemble(store, project, project.turtle_files())
    return store


SAMPLE_QUERY = f"""
PREFIX cckg: <{CCKG_NS}>
PREFIX oa: <{PREFIXES['oa']}>
PREFIX rdfs: <{PREFIXES['rdfs']}>
SELECT ?org ?label ?article WHERE {{
  ?f a cckg:EmissionFigure ; cckg:emittedBy ?org ; cckg:evidence/oa:hasSource ?article .
  ?org rdfs:label ?label .
  FILTER(LANG(?label) = "" || LANGMATCHES(LANG(?label), "en"))
  FILTER(STRSTARTS(STR(?org), "https://w3id.org/climate-commitments/id/org-"))
}} ORDER BY ?org ?article
"""


def _samples(store: Store, synthetic: bool) -> dict:
    """Sample parameter values: an organisation with an emission figure, its article, its name.

    On a synthetic project, a synthetic company half-way through the list (a typical one); on the
    seed project, Amazon (four emission figures, one article).
    """
    rows = store.select(SAMPLE_QUERY).rows
    if not rows:
        return {}
    pick = rows[0]
    if synthetic:
        pick = rows[len(rows) // 2]
    else:
        amazon = [r for r in rows if r[0].value.endswith("/org-amazon")]
        pick = amazon[0] if amazon else rows[0]
    org, label, article = pick
    return {"org": org.value, "article": article.value, "text": label.value, "speaker": org.value}


def generate(triples_target: int, seed: int = 0, out: Path | None = None, file_triples: int = FILE_TRIPLES,
             log=None) -> Generated:
    """Write a project folder of about `triples_target` triples; see the module docstring.

    `out`: the folder to write (must not exist or be empty); default a new temporary folder. A
    target below the copied project's own size gives the copied project alone (the seed graph).
    """
    started = time.perf_counter()
    root = Path(out) if out else Path(tempfile.mkdtemp(prefix=f"cckg-scale-{size_label(triples_target)}-"))
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root}: not empty")
    copy_project(root)
    project = Project(root)
    base = _base_store(project)
    base_triples = base.triple_count()
    files: list[Path] = []
    companies = 0
    if triples_target > base_triples:
        rate, fixed = triples_per_company(seed)
        companies = max(1, round((triples_target - base_triples - fixed) / rate))
        for _ in range(3):  # the rate varies a little with the count: correct it on the real count
            turtle, _ = synthetic_turtle(companies, seed)
            got = _count(turtle)
            if abs(base_triples + got - triples_target) <= 0.005 * triples_target:
                break
            companies = max(1, round(companies * (triples_target - base_triples) / got))
        header, statements = split_statements(fix_seed_files(turtle))
        del turtle
        total = sum(_statement_triples(s) for s in statements)
        n_files = max(1, round(total / file_triples))
        per_file = total / n_files
        chunk: list[str] = []
        acc = 0.0
        index = 1

        def flush() -> None:
            nonlocal chunk, index
            path = root / "data" / f"synthetic-{index:04d}.ttl"
            path.write_text(header + "\n".join(chunk) + "\n", encoding="utf-8")
            files.append(path)
            chunk = []
            index += 1

        for st in statements:
            chunk.append(st)
            acc += _statement_triples(st)
            if acc >= per_file * index and index < n_files:
                flush()
        if chunk:
            flush()
        del statements  # before the store is built again: at 10M, gigabytes
        if log:
            log(f"generated {companies:,} companies in {len(files)} files")
    store = _base_store(project) if files else base
    triples = store.triple_count() if files else base_triples
    samples = _samples(store, synthetic=bool(files))
    (root / "samples.json").write_text(json.dumps(samples, indent=1) + "\n", encoding="utf-8")
    return Generated(root, files, triples, companies, base_triples, samples, time.perf_counter() - started)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size", help="target triples: 10k, 100k, 1M, or a number")
    ap.add_argument("-o", "--output", help="project folder to write (default: a new temporary folder)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    g = generate(parse_size(args.size), args.seed, Path(args.output) if args.output else None,
                 log=lambda m: print(m, file=sys.stderr))
    print(json.dumps({k: v for k, v in g.as_dict().items() if k != "files"} | {"files": len(g.files)}, indent=1))


if __name__ == "__main__":
    main()
