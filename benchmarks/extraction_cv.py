"""Does a trained sentence classifier improve pledges on articles it was not trained on?

Leave-one-part-out cross-validation over the annotated sets (never eval/heldout): the parts are
the seeds (gold from data/), eval/devset, eval/devset2 and the real-article set
(../shared/real-articles) cut in two by file number (201-215, 231-245). For each part, the
sentence classifier below is trained on the other parts (plus SBTi target texts as
positives) and the part's pledges are scored three ways: the rules alone; the rules
with the classifier's precision filter (drop a rule pledge whose sentence scores < --low); and
the filter plus its recall step (a pledge for a sentence scoring >= --high that the rules
skipped). Prints one row per left-out part (pledges P/R/F1), the training time, the model size
and articles per second on one core.

The current rules were tuned on all four parts, so "rules" is an optimistic baseline here;
--rules-at COMMIT runs the same protocol with the rules of an older commit (extracted with
`git archive` into a temporary folder, with its own store built there) and the classifier of
this script: e.g. --rules-at 4c4b106, the rules before they saw the real set.

The component is a logistic regression over hashed word and character n-grams, in numpy (a
dependency of spaCy, already installed): scikit-learn is not installed and spaCy's textcat
would need its own training loop and config for a 2,600-sentence problem; this trains in about
3 s per fold, deterministically (sorted inputs, fixed seed and epochs), into an 88 KB model.
It is not part of kg.extract: it did not improve pledges on the left-out parts (run this to see).

Run: OMP_NUM_THREADS=1 .venv/bin/python benchmarks/extraction_cv.py [--rules-at COMMIT] [--sbti-weight 0.2]
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CODE = Path(os.environ.get("KG_CV_CODE", ROOT))
sys.path.insert(0, str(CODE))

from kg.extract import evaluate as ev  # noqa: E402
from kg.extract.article import Article  # noqa: E402
from kg.extract.extractor import extract  # noqa: E402
from kg.extract.gazetteer import Gazetteer  # noqa: E402
from kg.extract.pipelines import load_pipelines  # noqa: E402
from kg.project import Project  # noqa: E402
from kg.store.build import open_built  # noqa: E402
from kg.extract.cues import PLEDGE_RE  # noqa: E402
from kg.extract.text import content_lines, split_sentences  # noqa: E402

REAL = ROOT.parent / "shared" / "real-articles"
SBTI = ROOT.parent / "shared" / "data" / "sbti" / ev.SBTI_WORKBOOK


# -- the component: a sentence classifier (logistic regression, numpy only) ----------------------

BUCKETS = 1 << 16
_WORD = re.compile(r"\w+|%", re.U)


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    out = []
    for w in _WORD.findall(text):
        if re.fullmatch(r"(?:19|20)\d\d", w):
            w = "<year>"
        elif w.isdigit():
            w = "<num>"
        out.append(w)
    return out


def features(text: str) -> np.ndarray:
    """Hashed feature ids of a sentence: words, word pairs and 3-5 character pieces of words
    (French and English share stems: 'neutral'/'neutralité'), crc32 (stable across runs)."""
    toks = _tokens(text)
    grams = [f"w:{t}" for t in toks] + [f"b:{a} {b}" for a, b in zip(toks, toks[1:])]
    for t in toks:
        padded = f"<{t}>"
        for n in (3, 4, 5):
            grams += [f"c:{padded[i:i + n]}" for i in range(max(1, len(padded) - n + 1))]
    ids = {zlib.crc32(g.encode()) % BUCKETS for g in grams}
    return np.fromiter(sorted(ids), dtype=np.int64) if ids else np.zeros(0, dtype=np.int64)


@dataclass
class SentenceModel:
    weights: np.ndarray
    bias: float

    def prob(self, text: str) -> float:
        ids = features(text)
        z = self.bias + (self.weights[ids].sum() / np.sqrt(len(ids)) if len(ids) else 0.0)
        return float(1.0 / (1.0 + np.exp(-z)))

    def save(self, path) -> None:
        np.savez_compressed(path, weights=self.weights.astype(np.float16), bias=np.array([self.bias]))

    @classmethod
    def load(cls, path) -> "SentenceModel":
        with np.load(path) as z:
            return cls(z["weights"].astype(np.float32), float(z["bias"][0]))


def train(examples: list[tuple[str, int, float]], epochs: int = 8, l2: float = 1e-4, rate: float = 0.5,
          seed: int = 0) -> SentenceModel:
    """Logistic regression by AdaGrad over (text, label, weight) examples, in an order fixed by
    the sorted examples and `seed`: the same examples give the same model, byte for byte."""
    examples = sorted(examples)
    xs = [features(t) for t, _, _ in examples]
    ys = np.array([y for _, y, _ in examples], dtype=np.float64)
    ws = np.array([w for _, _, w in examples], dtype=np.float64)
    pos, neg = ws[ys == 1].sum(), ws[ys == 0].sum()
    if pos and neg:   # balance the classes
        ws = np.where(ys == 1, ws * (pos + neg) / (2 * pos), ws * (pos + neg) / (2 * neg))
    w = np.zeros(BUCKETS)
    g2 = np.full(BUCKETS, 1e-8)
    b, gb2 = 0.0, 1e-8
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        for i in rng.permutation(len(examples)):
            ids = xs[i]
            if not len(ids):
                continue
            scale = 1.0 / np.sqrt(len(ids))
            z = b + w[ids].sum() * scale
            err = (1.0 / (1.0 + np.exp(-z)) - ys[i]) * ws[i]
            grad = err * scale + l2 * w[ids]
            g2[ids] += grad * grad
            w[ids] -= rate * grad / np.sqrt(g2[ids])
            gb2 += err * err
            b -= rate * err / np.sqrt(gb2)
    return SentenceModel(w.astype(np.float32), float(b))


def sentence_examples(text: str, gold: dict, weight: float = 1.0) -> list[tuple[str, int, float]]:
    """(sentence, 1 if it holds a gold pledge's evidence, weight) for each sentence of an article."""
    evidence = [p["evidence"] for p in gold.get("pledges", []) if p.get("evidence")]
    out = []
    for s in split_sentences(text, content_lines(text)):
        label = int(any(e in s.text or s.text in e for e in evidence))
        out.append((s.text, label, weight))
    return out


def refine(a, pledges: list[dict], model: SentenceModel, low: float = 0.1, high: float = 0.9,
           add: bool = True) -> list[dict]:
    """The rules' pledges less those of sentences the model gives < `low`, plus, with `add`, one
    pledge per sentence the model gives >= `high` where the rules emitted none: the type of its
    first pledge cue, its first introduced target year after the article's date, the actor
    before the cue. `a` is the kg.extract.article.Article the rules read."""
    probs: dict[str, float] = {}

    def prob(t: str) -> float:
        if t not in probs:
            probs[t] = model.prob(t)
        return probs[t]

    kept = [p for p in pledges if prob(p["evidence"]) >= low]
    if not add:
        return kept
    have = {p["evidence"] for p in pledges}
    keys = {(p["org"], p["type"], p["target_year"]) for p in kept}
    ref = a.ref.year if a.ref else None
    for s in a.sentences:
        if s.text in have or s.heading or prob(s.text) < high:
            continue
        cue = PLEDGE_RE.search(s.text)
        if cue is None:
            continue
        years = [d for d, prep in a.target_years(s) if prep and d.year and (ref is None or d.year > ref)]
        if not years:
            continue
        year = next((d for d in years if d.start >= cue.start() + s.start), years[0])
        org = a.actor_before(s, cue.start() + s.start)
        ptype = cue.lastgroup.rstrip("_")
        if not org or (org, ptype, year.year) in keys:
            continue
        keys.add((org, ptype, year.year))
        kept.append({"org": org, "type": ptype, "target_year": year.year, "baseline_year": None,
                     "percentage": None, "scope": None, "evidence": s.text})
    return kept


# -- the cross-validation ---------------------------------------------------------------------------

def sbti_texts() -> list[str]:
    if not SBTI.is_file():
        return []
    import openpyxl

    ws = openpyxl.load_workbook(SBTI, read_only=True).active
    rows = ws.iter_rows(values_only=True)
    col = next(rows).index("Target")
    return sorted({str(r[col]).strip() for r in rows if r[col] and str(r[col]).strip()})


def parts(project: Project, store) -> dict[str, list]:
    real = ev.folder_items(REAL) if REAL.is_dir() else []
    return {"seeds": ev.seed_items(project, store),
            "devset": ev.folder_items(ROOT / "eval" / "devset"),
            "devset2": ev.folder_items(ROOT / "eval" / "devset2"),
            "real 201-215": [i for i in real if i[0] < "230"],
            "real 231-245": [i for i in real if i[0] >= "230"]}


def auc(items, model: SentenceModel) -> float:
    """Sentence-level ranking quality on left-out articles: the chance that a pledge sentence
    scores above a sentence without one."""
    pairs = [(model.prob(t), y) for _, text, gold in items for t, y, _ in sentence_examples(text, gold)]
    pos = [p for p, y in pairs if y]
    neg = [p for p, y in pairs if not y]
    if not pos or not neg:
        return float("nan")
    return sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / (len(pos) * len(neg))


def score(items, predict, aliases) -> ev.Score:
    s = ev.Score()
    for name, text, gold in items:
        s.add(ev.score_article(gold, predict(text, name), aliases)["pledges"])
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules-at", help="run with the rules of this git commit (classifier of this tree)")
    ap.add_argument("--sbti-weight", type=float, default=0.2, help="weight of each SBTi target text (0: none)")
    ap.add_argument("--low", type=float, default=0.1)
    ap.add_argument("--high", type=float, default=0.9)
    args = ap.parse_args()
    if args.rules_at and "KG_CV_CODE" not in os.environ:
        with tempfile.TemporaryDirectory(prefix="kg-cv-") as tmp:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.rules_at], check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            env = dict(os.environ, KG_CV_CODE=tmp)
            sys.exit(subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env).returncode)
    project = Project(CODE)
    store = open_built(project, log=lambda m: None)
    gaz = Gazetteer.from_store(store)
    aliases = ev.graph_aliases(store)
    load_pipelines()
    sets = parts(project, store)
    sbti = [(t, 1, args.sbti_weight) for t in sbti_texts()] if args.sbti_weight > 0 else []
    print(f"rules: {args.rules_at or 'this tree'}; SBTi positives: {len(sbti)} (weight {args.sbti_weight}); "
          f"low {args.low}, high {args.high}")
    rules_cache = {name: extract(text, name, gaz) for items in sets.values() for name, text, _ in items}

    def with_component(model, add):
        def predict(text, name):
            doc = dict(rules_cache[name])
            doc["pledges"] = refine(Article(text, name, gaz), doc["pledges"], model, args.low, args.high, add)
            return doc
        return predict

    header = f"{'left out':<14} {'n':>3}  {'rules P/R/F1':<20} {'+filter P/R/F1':<20} {'+filter+add P/R/F1':<20} sentence AUC"
    print(header)
    print("-" * len(header))
    totals = [ev.Score(), ev.Score(), ev.Score()]
    deltas: list[tuple[float, float]] = []
    train_secs, model = 0.0, None
    for left, items in sets.items():
        train_items = [i for name, its in sets.items() if name != left for i in its]
        examples = [e for _, text, gold in sorted(train_items, key=lambda i: i[0])
                    for e in sentence_examples(text, gold)] + sbti
        t0 = time.perf_counter()
        model = train(examples)
        train_secs = max(train_secs, time.perf_counter() - t0)
        scores = [score(items, lambda t, n: rules_cache[n], aliases),
                  score(items, with_component(model, False), aliases),
                  score(items, with_component(model, True), aliases)]
        for tot, s in zip(totals, scores):
            tot.add(s)
        deltas.append((scores[1].f1 - scores[0].f1, scores[2].f1 - scores[0].f1))
        cells = [f"{s.precision:.3f}/{s.recall:.3f}/{s.f1:.3f}" for s in scores]
        print(f"{left:<14} {len(items):>3}  {cells[0]:<20} {cells[1]:<20} {cells[2]:<20} {auc(items, model):.3f}")
    print("-" * len(header))
    cells = [f"{s.precision:.3f}/{s.recall:.3f}/{s.f1:.3f}" for s in totals]
    print(f"{'pooled':<14} {sum(len(i) for i in sets.values()):>3}  {cells[0]:<20} {cells[1]:<20} {cells[2]:<20}")
    for k, label in enumerate(("+filter", "+filter+add")):
        ds = [d[k] for d in deltas]
        print(f"{label}: mean F1 change over the parts {sum(ds) / len(ds):+.3f}, worst part {min(ds):+.3f}")
    with tempfile.TemporaryDirectory() as tmp:
        model.save(Path(tmp) / "m.npz")
        size = (Path(tmp) / "m.npz").stat().st_size
    texts = [(name, text) for items in sets.values() for name, text, _ in items]
    t0 = time.perf_counter()
    for name, text in texts:
        extract(text, name, gaz)
    rules_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for name, text in texts:
        doc = extract(text, name, gaz)
        refine(Article(text, name, gaz), doc["pledges"], model, args.low, args.high, True)
    both_s = time.perf_counter() - t0
    print(f"training: {len(examples)} sentences in {train_secs:.1f} s (slowest fold); model {size / 1024:.0f} KB (npz, float16)")
    print(f"speed: rules {len(texts) / rules_s:.1f} articles/s; rules + component {len(texts) / both_s:.1f} articles/s "
          "(the component rebuilds the Article here; behind extract() it would reuse it)")


if __name__ == "__main__":
    main()
