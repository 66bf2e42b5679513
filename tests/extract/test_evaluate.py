"""Scoring: gold read back from the curated graph, matching rules, aliases, SBTi column parsing."""
from __future__ import annotations

import copy

from kg.extract.evaluate import Names, gold_from_graph, graph_aliases, norm, score_article, years_in

AMAZON = "003_3f05cd81590e013e.txt"
NETFLIX = "000_472470f9ea62a2fc.txt"


def f1s(scores):
    return {k: round(s.f1, 3) for k, s in scores.items()}


def test_gold_from_the_graph_is_what_the_article_says(seed_store):
    gold = gold_from_graph(seed_store, AMAZON)
    assert [(p["org"], p["type"], p["target_year"]) for p in gold["pledges"]] == [("Amazon", "net_zero", 2040)]
    assert sorted(((e["year"], e["amount"], e["unit"], e["change_pct"]) for e in gold["emissions"]), key=str) == [
        (2024, 68.25, "MtCO2e", 6.0), (2024, None, None, 1.0), (2024, None, None, 33.3)]
    text = (seed_store.select('SELECT ?t WHERE { ?a <https://w3id.org/climate-commitments/ontology#seedFile> "%s" ; '
                              '<https://schema.org/text> ?t }' % AMAZON).rows[0][0].value)
    assert all(f["evidence"] in text for k in ("pledges", "emissions", "initiatives") for f in gold[k])
    netflix = gold_from_graph(seed_store, NETFLIX)
    assert sorted((p["partner"], p["role"]) for p in netflix["partners"]) == [
        ("Amazon Web Services", "host"), ("Engie Impact", "adviser"),
        ("Lawrence Berkeley National Laboratory", "adviser"), ("Natural Resources Defense Council", "adviser")]


def test_perfect_prediction_scores_one_and_errors_count(seed_store):
    gold = gold_from_graph(seed_store, AMAZON)
    assert set(f1s(score_article(gold, gold)).values()) == {1.0}
    wrong = copy.deepcopy(gold)
    wrong["pledges"][0]["target_year"] = 2050
    scores = score_article(gold, wrong)
    assert (scores["pledges"].tp, scores["pledges"].fp, scores["pledges"].fn) == (0, 1, 1)


def test_amounts_match_within_two_percent_in_tonnes(seed_store):
    gold = gold_from_graph(seed_store, AMAZON)
    close = copy.deepcopy(gold)
    total = next(e for e in close["emissions"] if e["amount"])
    total.update(amount=68_000_000, unit="tCO2e")  # -0.4 %
    assert score_article(gold, close)["emissions"].tp == 3
    total.update(amount=70_000_000)  # +2.6 %
    assert score_article(gold, close)["emissions"].tp == 2


def test_names_match_through_aliases_and_normalisation(seed_store):
    gold = gold_from_graph(seed_store, NETFLIX)
    pred = copy.deepcopy(gold)
    for p in pred["partners"]:
        p["partner"] = {"Amazon Web Services": "AWS", "Natural Resources Defense Council": "NRDC"}.get(p["partner"], p["partner"])
    pred["organisations"] = []
    assert score_article(gold, pred)["partners"].tp == 4  # gold lists the graph's aliases (AWS, NRDC)
    for o in gold["organisations"]:
        o["aliases"] = []
    assert score_article(gold, pred)["partners"].tp == 2  # without any alias, AWS and NRDC miss
    assert score_article(gold, pred, graph_aliases(seed_store))["partners"].tp == 4
    assert norm("Amazon.com, Inc.") == norm("amazon com") and norm("Xiaomi Corporation") == "xiaomi"
    names = Names()
    names.join(["UN Global Compact", "Global Impact"])
    assert names("global impact") == names("UN Global Compact")


def test_sbti_year_cells():
    assert years_in("2030, 2025") == {2030, 2025}
    assert years_in("FY2030") == {2030}
    assert years_in(None) == set() and years_in(2040) == {2040}
