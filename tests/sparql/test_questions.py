"""The questions of issue 16 as saved queries: exact rows on the curated graph, on a small synthetic graph
for what the articles do not state (scopes, baselines, shared advisers, facts with two sources), and on
SBTi data: small workbooks imported here, and the real ones when ../shared holds them.

Cells are compared as in test_saved_queries: compact IRIs, numbers as Decimal, other literals by their
lexical value, None = unbound.
"""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from kg.importers import sbti
from kg.sparql import find_query, saved_queries
from kg.store.build import assemble
from kg.store.embedded import Store

from ..conftest import store_with
from ..importers.test_sbti import (ACME, BETA, REAL_COMPANIES, REAL_PROGRESS, company, progress, write_companies,
                                   write_progress)
from .test_saved_queries import AMAZON_ARTICLE, NETFLIX_ARTICLE, QUERIES, XIAOMI_ARTICLE, ask

QUESTIONS = ["pledges_by_sector", "targets_and_progress", "net_zero_without_scope3", "pledges_on_track",
             "pledges_announced_since", "provider_deadline_later", "thinly_supported_facts",
             "largest_emitters_with_net_zero", "shared_advisers"]


def test_every_question_is_a_saved_query_with_its_parameters():
    described = {name: [p.describe() for p in q.params] for name, q in saved_queries(QUERIES).items()}
    assert {name: described.get(name) for name in QUESTIONS} == {
        "pledges_by_sector": ["by (text, default sector)", "type (IRI or label, optional)", "sector (text, optional)",
                              "country (text, optional)", "region (text, optional)"],
        "targets_and_progress": ["org (IRI or label)"],
        "net_zero_without_scope3": ["type (IRI or label, default cckg:NetZeroPledge)", "org (IRI or label, optional)",
                                    "unstated (xsd:boolean, default false)"],
        "pledges_on_track": ["org (IRI or label, optional)"],
        "pledges_announced_since": ["since (xsd:date)", "type (IRI or label, optional)"],
        "provider_deadline_later": ["org (IRI or label, optional)"],
        "thinly_supported_facts": ["sources (xsd:integer, default 1)", "confidence (xsd:decimal, default 1)"],
        "largest_emitters_with_net_zero": ["type (IRI or label, default cckg:NetZeroPledge)"],
        "shared_advisers": ["clients (xsd:integer, default 2)"],
    }
    assert find_query("pledges_by_sector", QUERIES).params[0].choices == ["sector", "country", "region"]


# ---------------------------------------------------------------------------------------------
# The curated graph
# ---------------------------------------------------------------------------------------------

def test_pledges_by_sector_counts_unclassified_organisations_in_one_empty_group(seed_store):
    # no curated organisation has an SBTi sector, country or region: one group, empty
    unclassified = [(None, "cckg:CarbonNeutralPledge", "carbon-neutral pledge", 3, 4),  # Empower (2), Microsoft, Xiaomi
                    (None, "cckg:NetZeroPledge", "net-zero pledge", 3, 3),                # Netflix, Amazon, Xiaomi
                    (None, "cckg:EmissionReductionPledge", "emission reduction pledge", 1, 1),  # Blue Soft
                    (None, "cckg:WasteRecyclingPledge", "waste recycling pledge", 1, 1)]  # Xiaomi
    assert ask(seed_store, "pledges_by_sector") == unclassified
    assert ask(seed_store, "pledges_by_sector", by="region") == unclassified
    assert ask(seed_store, "pledges_by_sector", type="cckg:NetZeroPledge") == unclassified[1:2]
    assert ask(seed_store, "pledges_by_sector", country="France") == []


TARGET_COLUMNS = ["horizon", "pledge", "type", "status", "targetYear", "baselineYear", "targetPercentage", "scopes",
                  "progress", "completion", "elapsed", "pace"]


def test_targets_and_progress_on_the_curated_graph_has_no_baseline_nor_progress(seed_store):
    assert ask(seed_store, "targets_and_progress", ["org", "orgLabel"] + TARGET_COLUMNS, org="Amazon") == [
        ("kgr:org-amazon", "Amazon", None, "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge", "cckg:Declared",
         2040, None, None, None, None, None, None, None)]
    assert ask(seed_store, "targets_and_progress", ["pledge", "targetYear"], org="Xiaomi") == [
        ("kgr:pledge-xiaomi-net-zero", None), ("kgr:pledge-xiaomi-waste-recycling-2026", 2026),
        ("kgr:pledge-xiaomi-carbon-neutral-2040", 2040)]


SCOPE3_COLUMNS = ["org", "pledge", "type", "targetYear", "status", "scopes", "scope3", "coverage"]


def test_net_zero_without_scope3_on_the_curated_graph(seed_store):
    assert ask(seed_store, "net_zero_without_scope3") == []  # no article states a pledge's scopes
    assert ask(seed_store, "net_zero_without_scope3", SCOPE3_COLUMNS, unstated="true") == [
        ("kgr:org-amazon", "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge", 2040, "cckg:Declared", None,
         "not stated", None),
        ("kgr:org-netflix", "kgr:pledge-netflix-net-zero-2022", "cckg:NetZeroPledge", 2022, "cckg:Declared", None,
         "not stated", None),
        ("kgr:org-xiaomi", "kgr:pledge-xiaomi-net-zero", "cckg:NetZeroPledge", None, "cckg:Proposed", None,
         "not stated", None)]
    # 001: "atteindre la neutralité carbone dans ses installations d'ici 2040" (its facilities only)
    assert ask(seed_store, "net_zero_without_scope3", ["pledge", "coverage"], unstated="true",
               type="cckg:CarbonNeutralPledge", org="Xiaomi") == [
        ("kgr:pledge-xiaomi-carbon-neutral-2040", "dans ses installations")]


TRACK_COLUMNS = ["org", "pledge", "type", "targetYear", "lastYear", "lastFigure", "lastTCO2e", "targetTCO2e",
                 "neededCutTCO2e", "neededCut", "actualChange", "verdict"]


def test_pledges_on_track_amazon_needs_a_cut_and_rose(seed_store):
    # 003: 68.25 Mt in 2024, "+6%" on 2023; net zero by 2040: 68.25 Mt / 16 years a year, 6.25 % rounded to 6.3
    # 000: 1.1 Mt in 2020, net zero by the end of 2022, no change reported: no verdict
    assert ask(seed_store, "pledges_on_track", TRACK_COLUMNS) == [
        ("kgr:org-amazon", "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge", 2040, 2024,
         "kgr:emission-amazon-2024", 68_250_000, 0, 4_265_625, D("6.3"), 6, "off track"),
        ("kgr:org-netflix", "kgr:pledge-netflix-net-zero-2022", "cckg:NetZeroPledge", 2022, 2020,
         "kgr:emission-netflix-2020", 1_100_000, 0, 550_000, 50, None, None)]
    assert ask(seed_store, "pledges_on_track", ["pledge", "verdict"], org="Amazon") == [
        ("kgr:pledge-amazon-net-zero-2040", "off track")]


def test_pledges_announced_since_a_date(seed_store):
    columns = ["announced", "org", "pledge", "type", "targetYear", "status"]
    amazon = ("2019", "kgr:org-amazon", "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge", 2040, "cckg:Declared")
    netflix = ("2021-04-03", "kgr:org-netflix", "kgr:pledge-netflix-net-zero-2022", "cckg:NetZeroPledge", 2022,
               "cckg:Declared")
    xiaomi = ("2023-12", "kgr:org-xiaomi", "kgr:pledge-xiaomi-carbon-neutral-2040", "cckg:CarbonNeutralPledge", 2040,
              "cckg:Declared")
    assert ask(seed_store, "pledges_announced_since", columns, since="2019-01-01") == [xiaomi, netflix, amazon]
    # "2019" counts from 1 January 2019; "2023-12" from 1 December 2023; the day itself is included
    assert ask(seed_store, "pledges_announced_since", columns, since="2019-01-02") == [xiaomi, netflix]
    assert ask(seed_store, "pledges_announced_since", columns, since="2021-04-03") == [xiaomi, netflix]
    assert ask(seed_store, "pledges_announced_since", columns, since="2021-04-04") == [xiaomi]
    assert ask(seed_store, "pledges_announced_since", columns, since="2023-12-01") == [xiaomi]
    assert ask(seed_store, "pledges_announced_since", columns, since="2023-12-02") == []
    assert ask(seed_store, "pledges_announced_since", columns, since="2019-01-01", type="cckg:NetZeroPledge") == [
        netflix, amazon]


def test_provider_deadline_later_netflix_before_amazon(seed_store):
    # 000: Netflix, net zero by the end of 2022, relies on AWS; 003: Amazon, AWS's parent, net zero by 2040.
    # Blue Soft Empower relies on Azure, but Microsoft's carbon neutrality has no year: not comparable
    expected = [("kgr:org-netflix", "Netflix", "kgr:pledge-netflix-net-zero-2022", "cckg:NetZeroPledge", 2022,
                 "kgr:platform-amazon-web-services", "Amazon Web Services cloud", "kgr:org-amazon-web-services",
                 "kgr:org-amazon", "Amazon", "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge", 2040, 18)]
    assert ask(seed_store, "provider_deadline_later") == expected
    assert ask(seed_store, "provider_deadline_later", org="Netflix") == expected
    assert ask(seed_store, "provider_deadline_later", org="Blue Soft Empower") == []


THIN_COLUMNS = ["fact", "sources", "quotes", "minConfidence", "source"]


def test_thinly_supported_facts_every_curated_fact_rests_on_one_article(seed_store):
    rows = ask(seed_store, "thinly_supported_facts", THIN_COLUMNS)
    facts = seed_store.select("SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f "
                              "<https://w3id.org/climate-commitments/ontology#evidence> ?e }").rows[0][0].value
    assert len(rows) == int(facts) == 67 and {r[1] for r in rows} == {1}
    assert rows[:4] == [  # least confident first
        ("kgr:emission-amazon-2024-since-2019", 1, 1, D("0.7"), AMAZON_ARTICLE),
        ("kgr:participation-amazon-the-climate-pledge-signature", 1, 2, D("0.7"), AMAZON_ARTICLE),
        ("kgr:pledge-amazon-net-zero-2040", 1, 4, D("0.7"), AMAZON_ARTICLE),
        ("kgr:pledge-xiaomi-net-zero", 1, 2, D("0.7"), XIAOMI_ARTICLE)]
    assert rows[-1][3] == 1 and rows[-1][4] in (NETFLIX_ARTICLE, AMAZON_ARTICLE, XIAOMI_ARTICLE,
                                                "kgr:article-a0dce402356df52f")


def test_thinly_supported_facts_by_confidence_only(seed_store):
    assert ask(seed_store, "thinly_supported_facts", THIN_COLUMNS, sources=0, confidence="0.8") == [
        ("kgr:emission-amazon-2024-since-2019", 1, 1, D("0.7"), AMAZON_ARTICLE),
        ("kgr:participation-amazon-the-climate-pledge-signature", 1, 2, D("0.7"), AMAZON_ARTICLE),
        ("kgr:pledge-amazon-net-zero-2040", 1, 4, D("0.7"), AMAZON_ARTICLE),
        ("kgr:pledge-xiaomi-net-zero", 1, 2, D("0.7"), XIAOMI_ARTICLE)]
    doubtful = ask(seed_store, "thinly_supported_facts", ["fact", "minConfidence"], sources=0)
    assert len(doubtful) == 26 and all(c < 1 for _, c in doubtful)
    assert ("kgr:pledge-netflix-net-zero-2022", D("0.9")) in doubtful
    assert ask(seed_store, "thinly_supported_facts", sources=0, confidence="0.7") == []


def test_largest_emitters_with_net_zero(seed_store):
    columns = ["org", "lastTCO2e", "lastYear", "lastFigure", "pledge", "type", "targetYear", "status"]
    assert ask(seed_store, "largest_emitters_with_net_zero", columns) == [
        ("kgr:org-amazon", 68_250_000, 2024, "kgr:emission-amazon-2024", "kgr:pledge-amazon-net-zero-2040",
         "cckg:NetZeroPledge", 2040, "cckg:Declared"),
        ("kgr:org-netflix", 1_100_000, 2020, "kgr:emission-netflix-2020", "kgr:pledge-netflix-net-zero-2022",
         "cckg:NetZeroPledge", 2022, "cckg:Declared")]
    # Xiaomi's carbon neutrality has no emission figure beside it
    assert ask(seed_store, "largest_emitters_with_net_zero", type="cckg:CarbonNeutralPledge") == []


ADVISER_COLUMNS = ["adviser", "kind", "clientCount", "client", "role", "pledge", "partnership"]


def test_shared_advisers_none_shared_in_the_articles(seed_store):
    assert ask(seed_store, "shared_advisers") == []
    # 000: "plus de 60 experts dont des chercheurs du Lawrence Berkeley National Laboratory ... d'Engie Impact
    # et même des stratèges politiques du Natural Resources Defense Council"
    assert ask(seed_store, "shared_advisers", ADVISER_COLUMNS, clients=1) == [
        ("kgr:org-engie-impact", "cckg:Consultancy", 1, "kgr:org-netflix", "cckg:AdviserRole",
         "kgr:pledge-netflix-net-zero-2022", "kgr:partnership-netflix-engie-impact-adviser"),
        ("kgr:org-lawrence-berkeley-national-laboratory", "cckg:ResearchInstitute", 1, "kgr:org-netflix",
         "cckg:AdviserRole", "kgr:pledge-netflix-net-zero-2022",
         "kgr:partnership-netflix-lawrence-berkeley-national-laboratory-adviser"),
        ("kgr:org-natural-resources-defense-council", "cckg:NGO", 1, "kgr:org-netflix", "cckg:AdviserRole",
         "kgr:pledge-netflix-net-zero-2022", "kgr:partnership-netflix-natural-resources-defense-council-adviser")]


# ---------------------------------------------------------------------------------------------
# A synthetic graph: what the articles do not state
# ---------------------------------------------------------------------------------------------

SYNTHETIC = """
@prefix cckg: <https://w3id.org/climate-commitments/ontology#> .
@prefix kgr: <https://w3id.org/climate-commitments/id/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kgr:org-test-co a cckg:Company ; rdfs:label "Test Co" .
kgr:pledge-test-co-net-zero-2030 a cckg:NetZeroPledge ; cckg:madeBy kgr:org-test-co ; cckg:targetYear 2030 ;
    cckg:coversScope cckg:Scope1, cckg:Scope2 ; cckg:hasInterimTarget kgr:pledge-test-co-reduction-2028 ;
    cckg:evidence kgr:ev-a, kgr:ev-b .
kgr:pledge-test-co-reduction-2028 a cckg:EmissionReductionPledge ; cckg:madeBy kgr:org-test-co ; cckg:targetYear 2028 ;
    cckg:baselineYear 2022 ; cckg:targetPercentage 50.0 ; cckg:evidence kgr:ev-c, kgr:ev-d .
kgr:ev-a oa:hasSource kgr:article-a ; cckg:confidence 1.0 .
kgr:ev-b oa:hasSource kgr:article-b ; cckg:confidence 1.0 .
kgr:ev-c oa:hasSource kgr:article-a ; cckg:confidence 1.0 .
kgr:ev-d oa:hasSource kgr:article-b ; cckg:confidence 0.6 .
kgr:emission-test-co-2022 a cckg:EmissionFigure ; cckg:emittedBy kgr:org-test-co ; cckg:reportingYear 2022 ;
    cckg:amount 500.0 ; cckg:unit cckg:KilotonneCO2e ; cckg:emissionCategory cckg:TotalEmissions .
kgr:emission-test-co-2023 a cckg:EmissionFigure ; cckg:emittedBy kgr:org-test-co ; cckg:reportingYear 2023 ;
    cckg:amount 0.55 ; cckg:unit cckg:MegatonneCO2e ; cckg:emissionCategory cckg:TotalEmissions .
kgr:emission-test-co-2024 a cckg:EmissionFigure ; cckg:emittedBy kgr:org-test-co ; cckg:reportingYear 2024 ;
    cckg:amount 500000.0 ; cckg:unit cckg:TonneCO2e ; cckg:emissionCategory cckg:TotalEmissions .
kgr:emission-test-co-2025-electricity a cckg:EmissionFigure ; cckg:emittedBy kgr:org-test-co ;
    cckg:reportingYear 2025 ; cckg:amount 9.0 ; cckg:unit cckg:TonneCO2e ;
    cckg:emissionCategory cckg:ElectricityEmissions .

kgr:org-done-co a cckg:Company ; rdfs:label "Done Co" .
kgr:pledge-done-co-net-zero-2035 a cckg:NetZeroPledge ; cckg:madeBy kgr:org-done-co ; cckg:targetYear 2035 ;
    cckg:coversScope cckg:Scope1, cckg:Scope2, cckg:Scope3 .
kgr:pledge-done-co-reduction-2030 a cckg:EmissionReductionPledge ; cckg:madeBy kgr:org-done-co ;
    cckg:targetYear 2030 ; cckg:baselineYear 2020 ; cckg:targetPercentage 50.0 .
kgr:emission-done-co-2020 a cckg:EmissionFigure ; cckg:emittedBy kgr:org-done-co ; cckg:reportingYear 2020 ;
    cckg:amount 1000.0 ; cckg:unit cckg:TonneCO2e .
kgr:emission-done-co-2023 a cckg:EmissionFigure ; cckg:emittedBy kgr:org-done-co ; cckg:reportingYear 2023 ;
    cckg:amount 450.0 ; cckg:unit cckg:TonneCO2e .
kgr:emission-done-co-2024 a cckg:EmissionFigure ; cckg:emittedBy kgr:org-done-co ; cckg:reportingYear 2024 ;
    cckg:amount 400.0 ; cckg:unit cckg:TonneCO2e .

kgr:org-host-holding a cckg:Company ; rdfs:label "Host Holding" .
kgr:org-host-group a cckg:Company ; rdfs:label "Host Group" ; cckg:subsidiaryOf kgr:org-host-holding .
kgr:org-host-sub a cckg:CloudProvider ; rdfs:label "Host Sub" ; cckg:subsidiaryOf kgr:org-host-group .
kgr:platform-host a cckg:Platform ; rdfs:label "Host cloud" ; cckg:operatedBy kgr:org-host-sub .
kgr:reliance-test-co-host a cckg:PlatformReliance ; cckg:client kgr:org-test-co ; cckg:platform kgr:platform-host .
kgr:pledge-host-holding-net-zero-2045 a cckg:NetZeroPledge ; cckg:madeBy kgr:org-host-holding ; cckg:targetYear 2045 .
kgr:pledge-host-group-carbon-neutral-2025 a cckg:CarbonNeutralPledge ; cckg:madeBy kgr:org-host-group ;
    cckg:targetYear 2025 .

kgr:org-green-advice a cckg:Consultancy ; rdfs:label "Green Advice" .
kgr:org-prof-lab a cckg:ResearchInstitute ; rdfs:label "Prof Lab" .
kgr:org-widgets a cckg:Company ; rdfs:label "Widgets" .
kgr:partnership-test-co-green-advice a cckg:Partnership ; cckg:client kgr:org-test-co ;
    cckg:partner kgr:org-green-advice ; cckg:partnerRole cckg:AdviserRole .
kgr:partnership-done-co-green-advice a cckg:Partnership ; cckg:client kgr:org-done-co ;
    cckg:partner kgr:org-green-advice ; cckg:partnerRole cckg:SupplierRole .
kgr:partnership-test-co-prof-lab a cckg:Partnership ; cckg:client kgr:org-test-co ;
    cckg:partner kgr:org-prof-lab ; cckg:partnerRole cckg:AdviserRole .
kgr:partnership-test-co-widgets a cckg:Partnership ; cckg:client kgr:org-test-co ;
    cckg:partner kgr:org-widgets ; cckg:partnerRole cckg:SupplierRole .
kgr:partnership-done-co-widgets a cckg:Partnership ; cckg:client kgr:org-done-co ;
    cckg:partner kgr:org-widgets ; cckg:partnerRole cckg:SupplierRole .
"""


@pytest.fixture(scope="module")
def synthetic(project) -> Store:
    return store_with(project, SYNTHETIC)


def test_net_zero_without_scope3_lists_stated_scopes_that_leave_it_out(synthetic):
    # Done Co's pledge covers scope 3: never listed; Host Holding's states no scope
    assert ask(synthetic, "net_zero_without_scope3", SCOPE3_COLUMNS) == [
        ("kgr:org-test-co", "kgr:pledge-test-co-net-zero-2030", "cckg:NetZeroPledge", 2030, None, "scope 1+2",
         "left out", None)]
    assert ask(synthetic, "net_zero_without_scope3", ["pledge", "scopes", "scope3"], unstated="true") == [
        ("kgr:pledge-test-co-net-zero-2030", "scope 1+2", "left out"),
        ("kgr:pledge-host-holding-net-zero-2045", None, "not stated")]


def test_targets_and_progress_interim_target_is_near_term(synthetic):
    assert ask(synthetic, "targets_and_progress", TARGET_COLUMNS, org="Test Co") == [
        ("near-term", "kgr:pledge-test-co-reduction-2028", "cckg:EmissionReductionPledge", None, 2028, 2022, 50, None,
         None, None, None, None),
        ("long-term", "kgr:pledge-test-co-net-zero-2030", "cckg:NetZeroPledge", None, 2030, None, None, "scope 1+2",
         None, None, None, None)]


def test_pledges_on_track_cut_needed_against_change(synthetic):
    assert ask(synthetic, "pledges_on_track", TRACK_COLUMNS[1:]) == [
        # last total 2024: 400 t, 450 t in 2023 (-11.1 %); the 2030 target is half of 2020's 1,000 t: reached
        ("kgr:pledge-done-co-reduction-2030", "cckg:EmissionReductionPledge", 2030, 2024, "kgr:emission-done-co-2024",
         400, 500, -17, D("-4.2"), D("-11.1"), "target reached"),
        # zero by 2035: 400 t / 11 years = 36 t a year, 9.1 % of 400 t; it fell 11.1 %
        ("kgr:pledge-done-co-net-zero-2035", "cckg:NetZeroPledge", 2035, 2024, "kgr:emission-done-co-2024",
         400, 0, 36, D("9.1"), D("-11.1"), "on track"),
        # the 2025 electricity figure is not a total: the last total is 2024's 500,000 t, down 9.1 % on 0.55 Mt;
        # half of 2022's 500 kt by 2028: 62,500 t a year (12.5 %): off track
        ("kgr:pledge-test-co-reduction-2028", "cckg:EmissionReductionPledge", 2028, 2024, "kgr:emission-test-co-2024",
         500_000, 250_000, 62_500, D("12.5"), D("-9.1"), "off track"),
        # zero by 2030: 83,333 t a year (16.7 %): off track
        ("kgr:pledge-test-co-net-zero-2030", "cckg:NetZeroPledge", 2030, 2024, "kgr:emission-test-co-2024",
         500_000, 0, 83_333, D("16.7"), D("-9.1"), "off track")]


def test_provider_deadline_later_follows_the_parents(synthetic):
    # Host Sub operates the platform; its parent Host Group aims at 2025 (earlier: not listed), the holding at 2045
    columns = ["client", "clientPledge", "clientYear", "operator", "pledgeOwner", "providerPledge", "providerYear",
               "yearsLater"]
    assert ask(synthetic, "provider_deadline_later", columns) == [
        ("kgr:org-test-co", "kgr:pledge-test-co-net-zero-2030", 2030, "kgr:org-host-sub", "kgr:org-host-holding",
         "kgr:pledge-host-holding-net-zero-2045", 2045, 15)]


def test_thinly_supported_facts_two_sources(synthetic):
    # the net-zero pledge rests on two articles, each quote certain: not listed; the reduction's second quote
    # is doubtful
    assert ask(synthetic, "thinly_supported_facts", THIN_COLUMNS) == [
        ("kgr:pledge-test-co-reduction-2028", 2, 2, D("0.6"), None)]
    assert ask(synthetic, "thinly_supported_facts", THIN_COLUMNS, sources=2) == [
        ("kgr:pledge-test-co-reduction-2028", 2, 2, D("0.6"), None),
        ("kgr:pledge-test-co-net-zero-2030", 2, 2, 1, None)]


def test_largest_emitters_with_net_zero_largest_first(synthetic):
    assert ask(synthetic, "largest_emitters_with_net_zero", ["org", "lastTCO2e", "lastYear", "pledge"]) == [
        ("kgr:org-test-co", 500_000, 2024, "kgr:pledge-test-co-net-zero-2030"),
        ("kgr:org-done-co", 400, 2024, "kgr:pledge-done-co-net-zero-2035")]


def test_shared_advisers_a_consultancy_in_any_role(synthetic):
    # Green Advice advises Test Co and supplies Done Co (a consultancy counts in any role); Prof Lab has one
    # client; Widgets, a supplier with two clients, is neither an adviser nor a consultancy
    assert ask(synthetic, "shared_advisers", ADVISER_COLUMNS) == [
        ("kgr:org-green-advice", "cckg:Consultancy", 2, "kgr:org-done-co", "cckg:SupplierRole", None,
         "kgr:partnership-done-co-green-advice"),
        ("kgr:org-green-advice", "cckg:Consultancy", 2, "kgr:org-test-co", "cckg:AdviserRole", None,
         "kgr:partnership-test-co-green-advice")]
    assert [r[0] for r in ask(synthetic, "shared_advisers", ADVISER_COLUMNS, clients=1)] == [
        "kgr:org-green-advice", "kgr:org-green-advice", "kgr:org-prof-lab"]
    assert ask(synthetic, "shared_advisers", clients=3) == []


# ---------------------------------------------------------------------------------------------
# SBTi data: small workbooks imported with the curated graph
# ---------------------------------------------------------------------------------------------

NETFLIX_SBTI = company("Netflix", Location="United States of America (USA)", Region="North America", Sector="Media",
                       Date="01/08/2021", **{"Near term - Target Status": "Targets Set",
                                             "Near term - Target Classification": "1.5°C",
                                             "Near term - Target Year": 2030, "Net-Zero Committed": "Yes"})
KAITO = company("Kaito Denki", Location="Japan", Region="Asia", Sector="Electrical Equipment and Machinery",
                Date="01/10/2022", **{"Net-Zero Committed": "Yes"})
ACME_PROGRESS = [progress("Acme Widgets"),  # scope 1+2, 50 % by 2030 from 2019: 18.0 % done, 9.1 % of the time
                 progress("Acme Widgets", **{"Target scope": "Scope 3", "Target type": "Intensity",
                                             "Target value": 0.3, "Target completion [%]": 0.05}),
                 progress("Acme Widgets", **{"Target year": 2050, "Target Timeframe": "2019 to 2050 (2020)",
                                             "Target elapsed timeframe [%]": 0.0322580645161290,
                                             "Target completion [%]": 0.02})]


@pytest.fixture(scope="module")
def with_sbti(project, seed_store, tmp_path_factory) -> Store:
    """The curated graph with four SBTi rows (Acme Widgets and Beta Foods as in tests/importers, Netflix, matched
    to the curated organisation, and Kaito Denki) and three progress rows for Acme."""
    folder = tmp_path_factory.mktemp("sbti")
    workbook = write_companies(folder / "companies-taking-action-2023-01-09.xlsx", [ACME, BETA, NETFLIX_SBTI, KAITO])
    companies = sbti.import_companies(workbook, seed_store)
    assert [p.message for p in companies.problems] == []
    progress_file = write_progress(folder / "progress.xlsx", ACME_PROGRESS)
    progress_import = sbti.import_progress(progress_file, companies.turtle, seed_store, accessed="2023-01-09")
    assert progress_import.counts["progress_records"] == 3
    store = Store.memory()
    assemble(store, project, project.ontology_files() + project.data_files())
    store.load_turtle_bytes(companies.turtle, sbti.IMPORTED_GRAPH_NS + "sbti-companies.ttl", "companies")
    store.load_turtle_bytes(progress_import.turtle, sbti.IMPORTED_GRAPH_NS + "sbti-progress.ttl", "progress")
    return store


def test_pledges_by_sector_country_and_region_of_sbti(with_sbti):
    columns = ["group", "type", "organisations", "pledges"]
    # Acme: near-term, long-term and net zero (software, France); Beta: near-term (food, France);
    # Netflix: its curated net zero 2022 and SBTi's near-term and net zero (media, USA); Kaito: near-term and
    # net zero (Japan)
    assert ask(with_sbti, "pledges_by_sector", columns) == [
        (None, "cckg:CarbonNeutralPledge", 3, 4),
        (None, "cckg:NetZeroPledge", 2, 2),  # Amazon, Xiaomi (Netflix has SBTi's sector now)
        (None, "cckg:EmissionReductionPledge", 1, 1),
        (None, "cckg:WasteRecyclingPledge", 1, 1),
        ("Electrical Equipment and Machinery", "cckg:EmissionReductionPledge", 1, 1),
        ("Electrical Equipment and Machinery", "cckg:NetZeroPledge", 1, 1),
        ("Food and Beverage Processing", "cckg:EmissionReductionPledge", 1, 1),
        ("Media", "cckg:EmissionReductionPledge", 1, 1),
        ("Media", "cckg:NetZeroPledge", 1, 2),
        ("Software and Services", "cckg:EmissionReductionPledge", 1, 2),
        ("Software and Services", "cckg:NetZeroPledge", 1, 1)]
    assert ask(with_sbti, "pledges_by_sector", columns, by="region", type="cckg:NetZeroPledge") == [
        (None, "cckg:NetZeroPledge", 2, 2), ("Asia", "cckg:NetZeroPledge", 1, 1),
        ("Europe", "cckg:NetZeroPledge", 1, 1), ("North America", "cckg:NetZeroPledge", 1, 2)]
    assert ask(with_sbti, "pledges_by_sector", columns, by="country", region="Europe") == [
        ("France", "cckg:EmissionReductionPledge", 2, 3), ("France", "cckg:NetZeroPledge", 1, 1)]
    assert ask(with_sbti, "pledges_by_sector", columns, by="region", sector="Media", country="France") == []


def test_targets_and_progress_of_an_sbti_company(with_sbti):
    near, far = "kgr:pledge-acme-widgets-sbti-near-term", "kgr:pledge-acme-widgets-sbti-long-term"
    assert ask(with_sbti, "targets_and_progress", TARGET_COLUMNS + ["classification", "targetType", "progressYear",
                                                                    "achieved"], org="Acme Widgets") == [
        ("near-term", near, "cckg:EmissionReductionPledge", "cckg:TargetValidated", 2030, 2019, 50, "scope 1+2",
         "kgr:progress-acme-widgets-sbti-scope-1-2-absolute-2019-2030", D("18.0257703355529"),
         D("9.09090909090909"), "ahead", "1.5°C", "Absolute", 2020, D("9.01288516777647")),
        ("near-term", near, "cckg:EmissionReductionPledge", "cckg:TargetValidated", 2030, 2019, 30, "scope 3",
         "kgr:progress-acme-widgets-sbti-scope-3-intensity-2019-2030", 5, D("9.09090909090909"), "behind",
         "1.5°C", "Intensity", 2020, D("9.01288516777647")),
        ("long-term", far, "cckg:EmissionReductionPledge", "cckg:TargetValidated", 2050, 2019, 50, "scope 1+2",
         "kgr:progress-acme-widgets-sbti-scope-1-2-absolute-2019-2050", 2, D("3.2258064516129"), "behind",
         "1.5°C", "Absolute", 2020, D("9.01288516777647")),
        # validated because the long-term target is: its record quotes the "Long term" lines
        ("long-term", "kgr:pledge-acme-widgets-sbti-net-zero", "cckg:NetZeroPledge", "cckg:TargetValidated", 2050,
         None, None, None, None, None, None, None, None, None, None, None)]
    # a curated organisation matched by name: its curated pledge beside SBTi's
    assert ask(with_sbti, "targets_and_progress", ["horizon", "pledge", "status"], org="Netflix") == [
        ("near-term", "kgr:pledge-netflix-sbti-near-term", "cckg:TargetValidated"),
        (None, "kgr:pledge-netflix-sbti-net-zero", "cckg:CommittedToSetTarget"),
        (None, "kgr:pledge-netflix-net-zero-2022", "cckg:Declared")]


def test_pledges_announced_since_with_sbti_months(with_sbti):
    # SBTi's "Date" (01/10/2022) is a month: 2022-10, counted from its first day
    assert ask(with_sbti, "pledges_announced_since", ["announced", "pledge"], since="2021-06-01") == [
        ("2023-12", "kgr:pledge-xiaomi-carbon-neutral-2040"),
        ("2022-10", "kgr:pledge-kaito-denki-sbti-near-term"),
        ("2022-02", "kgr:pledge-acme-widgets-sbti-near-term"),
        ("2021-08", "kgr:pledge-netflix-sbti-near-term")]
    assert ask(with_sbti, "pledges_announced_since", ["pledge"], since="2022-10-02") == [
        ("kgr:pledge-xiaomi-carbon-neutral-2040",)]


def test_net_zero_without_scope3_sbti_commitments_state_no_scope(with_sbti):
    rows = ask(with_sbti, "net_zero_without_scope3", ["pledge", "scope3"], unstated="true")
    assert ("kgr:pledge-acme-widgets-sbti-net-zero", "not stated") in rows and len(rows) == 3 + 3
    assert ask(with_sbti, "net_zero_without_scope3") == []


# ---------------------------------------------------------------------------------------------
# The real SBTi workbooks (only when ../shared holds them)
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_sbti(project, seed_store) -> Store:
    if not REAL_COMPANIES.is_file():
        pytest.skip("SBTi workbooks not in ../shared (docs/import.md)")
    companies = sbti.import_companies(REAL_COMPANIES, seed_store)
    progress_import = sbti.import_progress(REAL_PROGRESS, companies.turtle, seed_store, accessed="2023-01-09")
    store = Store.memory()
    assemble(store, project, project.ontology_files() + project.data_files())
    store.load_turtle_bytes(companies.turtle, sbti.IMPORTED_GRAPH_NS + "sbti-companies.ttl", "companies")
    store.load_turtle_bytes(progress_import.turtle, sbti.IMPORTED_GRAPH_NS + "sbti-progress.ttl", "progress")
    return store


def test_real_sbti_microsoft_near_term_target_and_progress(real_sbti):
    # "Microsoft also commits to reduce scope 3 GHG emissions intensity per unit of revenue 30% by 2030 from a
    # 2017 base year"; the 2021 progress report: 109 % of the target done with 23 % of the time elapsed
    assert ask(real_sbti, "targets_and_progress", ["horizon", "pledge", "targetYear", "baselineYear",
                                                   "targetPercentage", "scopes", "targetType", "completion",
                                                   "elapsed", "pace"], org="kgr:org-microsoft")[0] == (
        "near-term", "kgr:pledge-microsoft-sbti-near-term", 2030, 2017, 30, "scope 3", "Intensity",
        D("109.144542772861"), D("23.0769230769231"), "ahead")


def test_real_sbti_pledges_by_region(real_sbti):
    rows = ask(real_sbti, "pledges_by_sector", ["group", "type", "organisations"], by="region")
    europe = {t: n for g, t, n in rows if g == "Europe"}
    assert europe == {"cckg:EmissionReductionPledge": 2370, "cckg:NetZeroPledge": 1018}
    # every organisation with a pledge is in one group per kind of pledge
    total = real_sbti.select("""PREFIX cckg: <https://w3id.org/climate-commitments/ontology#>
        SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?p a cckg:NetZeroPledge ; cckg:madeBy ?o }""").rows[0][0].value
    assert sum(n for _, t, n in rows if t == "cckg:NetZeroPledge") == int(total)
