"""Floors under the extractor's measured scores (eval/floors.json), so they cannot drop silently,
and `kg extract` end to end through the command line."""
from __future__ import annotations

import json

import pytest

from kg.extract import Gazetteer, evaluate, extract, load_pipelines

from ..conftest import ROOT, SHARED

FLOORS = json.loads((ROOT / "eval" / "floors.json").read_text(encoding="utf-8"))
SBTI = SHARED / "data" / "sbti"
REAL = SHARED / "real-articles"


@pytest.fixture(scope="module")
def scores(project, seed_store):
    load_pipelines()
    return evaluate.run(project, seed_store, sbti_dir=None, real_dir=REAL if REAL.is_dir() else None)


@pytest.mark.parametrize("set_name", ["seeds", "devset", "devset2", "heldout", "real"])
def test_scores_stay_above_their_floors(scores, set_name):
    if set_name == "real" and not REAL.is_dir():
        pytest.skip("../shared/real-articles is absent (the real-article set is never copied into the repository)")
    assert set_name in scores.sets, f"no {set_name} articles were scored"
    got, floors = scores.sets[set_name], FLOORS[set_name]
    assert got["evidence_not_in_article"] == 0
    for kind, floor in floors.items():
        if kind.startswith("_"):
            continue
        value = got["all"]["f1"] if kind == "all" else got["kinds"][kind]["f1"]
        assert value >= floor, f"{set_name} {kind} F1 {value} fell below its floor {floor}"


def test_devset_gold_is_well_formed():
    kinds = {"pledges": "type", "partners": "role", "initiatives": "relation"}
    enums = {"type": {"net_zero", "carbon_neutral", "carbon_negative", "emission_reduction", "renewable_energy",
                      "carbon_removal", "waste_recycling", "other"},
             "role": {"adviser", "host", "supplier", "funder", "member", "other"},
             "relation": {"member", "signatory", "presented_at", "founder", "other"}}
    items = evaluate.devset_items(evaluate.Project(ROOT))
    assert len(items) >= 8 and sum(1 for _, _, g in items if g["language"] == "en") >= 3
    for name, text, gold in items:
        orgs = {o["name"] for o in gold["organisations"]}
        for kind in evaluate.KINDS:
            for fact in gold[kind]:
                assert fact["evidence"] in text, (name, fact)
                assert fact.get("org") in orgs, (name, fact)
                if kind in kinds:
                    assert fact[kinds[kind]] in enums[kinds[kind]], (name, fact)


@pytest.mark.skipif(not (SBTI / evaluate.SBTI_WORKBOOK).is_file(), reason="../shared/data/sbti is absent")
def test_sbti_targetyears_in_stay_above_their_floor():
    load_pipelines()
    gazetteer = Gazetteer.empty()
    result = evaluate.score_sbti(SBTI, lambda text, name: extract(text, name, gazetteer))
    assert result["target_texts"] == 2138
    for key, floor in FLOORS["sbti"].items():  # noqa: B007
        assert result[key] is not None and result[key] >= floor, f"SBTi {key} {result[key]} < {floor}"


def test_extract_cli_json_turtle_and_overwrite(run_kg, tmp_path):
    article = ROOT / "seeds" / "003_3f05cd81590e013e.txt"
    res = run_kg("extract", str(article))
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["article"] == article.name and doc["language"] == "fr"
    assert ("Amazon", "net_zero", 2040) in {(p["org"], p["type"], p["target_year"]) for p in doc["pledges"]}
    text = article.read_text(encoding="utf-8")
    assert all(f["evidence"] in text for k in evaluate.KINDS for f in doc[k])
    out = tmp_path / "amazon.ttl"
    assert run_kg("extract", str(article), "-f", "turtle", "-o", str(out)).returncode == 0
    assert run_kg("validate", "--with-data", "--no-owl", str(out)).returncode == 0
    before = out.read_bytes()
    res = run_kg("extract", str(article), "-f", "turtle", "-o", str(out))
    assert res.returncode == 2 and "already exists; use --force" in res.stderr and out.read_bytes() == before
    assert run_kg("extract", str(article), "-f", "turtle", "-o", str(out), "--force").returncode == 0


def test_extract_cli_batch_shows_progress(run_kg, tmp_path):
    res = run_kg("extract", str(ROOT / "eval" / "devset"), "-o", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr
    n = len(list((ROOT / "eval" / "devset").glob("*.txt")))
    assert f"[{n}/{n}]" in res.stderr and len(list((tmp_path / "out").glob("*.json"))) == n


@pytest.mark.parametrize("content,expect", [
    (b"", "ok"), (b"Retour \xc3\xa0 La Une\nPartagez l'article !\n", "ok"),
    (b"Le chat dort sur le canap\xc3\xa9. Il fait beau.", "ok"), (b"caf\xe9 cr\xe8me", "not UTF-8"),
    (b"\x00\x01\x02binary", "binary"),
])
def test_extract_cli_bad_input(run_kg, tmp_path, content, expect):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    res = run_kg("extract", str(path), "--no-graph")
    if expect == "ok":
        doc = json.loads(res.stdout)
        assert res.returncode == 0 and all(doc[k] == [] for k in evaluate.KINDS)
    else:
        assert res.returncode == 2 and expect in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_drafts_of_every_eval_article_pass_the_shapes_as_if_merged(project, seed_store, tmp_path):
    """`kg extract -f turtle` on articles new to the graph gives drafts that pass SHACL once merged."""
    from kg.extract.draft import next_seed_name, to_turtle
    from kg.validation.validate import store_for_files, validate_store

    load_pipelines()
    gazetteer = Gazetteer.from_store(seed_store)
    drafts = []
    for set_name in evaluate.GOLD_SETS:
        for name, text, _ in evaluate.devset_items(project, set_name):
            doc = extract(text, name, gazetteer)
            data, _ = to_turtle(doc, text, seed_store, seed_name=next_seed_name(project.seeds_dir, name, text))
            path = tmp_path / f"{set_name}-{name}.ttl"
            path.write_bytes(data)
            drafts.append(path)
    assert len(drafts) >= 27
    for draft in drafts:  # one at a time: two drafts may each declare the same new organisation
        report = validate_store(store_for_files(project, project.data_files() + [draft]), project, owl=False)
        violations = [(f.source, f.focus, f.message) for f in report.findings if f.severity == "Violation"]
        assert violations == [], draft.name


def test_eval_real_set_from_a_folder_and_its_errors(run_kg, tmp_path):
    article = ROOT / "eval" / "devset" / "101-microsoft.txt"
    (tmp_path / "a.txt").write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.gold.json").write_text(article.with_name("101-microsoft.gold.json").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    res = run_kg("eval", "--sets", "real", "--real", str(tmp_path), "--no-sbti", "-f", "json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["sets"]["real"]["articles"] == 1
    (tmp_path / "b.gold.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "b.txt").write_text("text", encoding="utf-8")
    res = run_kg("eval", "--sets", "real", "--real", str(tmp_path), "--no-sbti")
    assert res.returncode == 2 and "b.gold.json" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    res = run_kg("eval", "--sets", "real", "--real", str(tmp_path / "nowhere"), "--no-sbti")
    assert res.returncode == 2 and "nowhere: no NAME.gold.json articles here" in res.stderr
