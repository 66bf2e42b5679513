"""The saved queries (queries/*.rq): exact answers over the seed graph, and safe parameters.

Every expected row below is what the four seed articles say (seeds/*.txt); the comments quote
the sentence that gives the answer. Cells are compared as compact IRIs (kgr:..., cckg:...),
numbers as Decimal (so 50 == "50.0"), other literals by their lexical value, None = unbound.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from kg.errors import KgError
from kg.iris import compact
from kg.sparql.cases import CASE_VALUES
from kg.sparql import bind, find_query, load_query, run, saved_queries, with_values
from kg.store.embedded import Store, Term

from ..conftest import store_with

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
SEEDS = ROOT / "seeds"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long",
                             "nonNegativeInteger", "positiveInteger")}
D = Decimal

NETFLIX_ARTICLE = "kgr:article-472470f9ea62a2fc"
XIAOMI_ARTICLE = "kgr:article-c24b65ef5799ca4b"
EMPOWER_ARTICLE = "kgr:article-a0dce402356df52f"
AMAZON_ARTICLE = "kgr:article-3f05cd81590e013e"
ARTICLE_FILES = {
    NETFLIX_ARTICLE: "000_472470f9ea62a2fc.txt",
    XIAOMI_ARTICLE: "001_c24b65ef5799ca4b.txt",
    EMPOWER_ARTICLE: "002_a0dce402356df52f.txt",
    AMAZON_ARTICLE: "003_3f05cd81590e013e.txt",
}


def cell(term: Term | None):
    if term is None:
        return None
    if term.kind == "uri":
        return compact(term.value)
    if term.datatype in NUMERIC:
        return Decimal(term.value)
    return term.value


def ask(store: Store, name: str, columns: list[str] | None = None, **params) -> list[tuple]:
    """Run saved query `name` with string parameters; the rows as tuples of the given columns."""
    rows = run(store, find_query(name, QUERIES), {k: str(v) for k, v in params.items()})
    columns = columns or rows.variables
    missing = [c for c in columns if c not in rows.variables]
    assert not missing, f"{name} has no column {missing}; it has {rows.variables}"
    index = [rows.variables.index(c) for c in columns]
    return [tuple(cell(row[i]) for i in index) for row in rows.rows]


def article_text(article: str) -> str:
    return (SEEDS / ARTICLE_FILES[article]).read_text(encoding="utf-8")


def test_at_least_twelve_saved_queries():
    assert len(list(QUERIES.glob("*.rq"))) >= 12


# ---------------------------------------------------------------------------------------------
# Pledges
# ---------------------------------------------------------------------------------------------

PLEDGE_COLUMNS = ["targetYear", "type", "org", "orgLabel", "pledge", "status", "announced", "targetDate"]
ALL_PLEDGES_WITH_YEAR = [
    # 002: "atteindre sa neutralité carbone d'ici fin 2022" (announcement date not in the undated article)
    (2022, "cckg:CarbonNeutralPledge", "kgr:org-blue-soft-empower", "Blue Soft Empower",
     "kgr:pledge-blue-soft-empower-carbon-neutral-2022", "cckg:Declared", None, "2022-12-31"),
    # 000 (2021-04-03): "devenir neutre en carbone d'ici la fin de l'année 2022", titled "zéro émission nette"
    (2022, "cckg:NetZeroPledge", "kgr:org-netflix", "Netflix",
     "kgr:pledge-netflix-net-zero-2022", "cckg:Declared", "2021-04-03", "2022-12-31"),
    # 002: "un bilan carbone neutre atteint courant 2023"
    (2023, "cckg:CarbonNeutralPledge", "kgr:org-blue-soft-empower", "Blue Soft Empower",
     "kgr:pledge-blue-soft-empower-carbon-neutral-2023", "cckg:Declared", None, None),
    # 001: "Entre 2022 et 2026, l'entreprise prévoit de recycler 38 000 tonnes de déchets électroniques"
    (2026, "cckg:WasteRecyclingPledge", "kgr:org-xiaomi", "Xiaomi",
     "kgr:pledge-xiaomi-waste-recycling-2026", "cckg:Declared", None, None),
    # 003: "engagée publiquement à réaliser un carbone net-zéro d'ici 2040" "il y a seulement cinq ans"
    (2040, "cckg:NetZeroPledge", "kgr:org-amazon", "Amazon",
     "kgr:pledge-amazon-net-zero-2040", "cckg:Declared", "2019", None),
    # 001 (2023-12): "atteindre la neutralité carbone dans ses installations d'ici 2040"
    (2040, "cckg:CarbonNeutralPledge", "kgr:org-xiaomi", "Xiaomi",
     "kgr:pledge-xiaomi-carbon-neutral-2040", "cckg:Declared", "2023-12", None),
]


def test_pledges_by_target_year_all(seed_store):
    assert ask(seed_store, "pledges_by_target_year", PLEDGE_COLUMNS) == ALL_PLEDGES_WITH_YEAR


def test_pledges_by_target_year_labels(seed_store):
    rows = ask(seed_store, "pledges_by_target_year", ["pledge", "typeLabel", "statusLabel"], org="Netflix")
    assert rows == [("kgr:pledge-netflix-net-zero-2022", "net-zero pledge", "declared")]


def test_pledges_by_target_year_filters(seed_store):
    net_zero = ask(seed_store, "pledges_by_target_year", PLEDGE_COLUMNS, type="cckg:NetZeroPledge")
    assert net_zero == [r for r in ALL_PLEDGES_WITH_YEAR if r[1] == "cckg:NetZeroPledge"]
    assert [r[4] for r in net_zero] == ["kgr:pledge-netflix-net-zero-2022", "kgr:pledge-amazon-net-zero-2040"]
    assert ask(seed_store, "pledges_by_target_year", ["pledge"], org="Xiaomi", year=2040) == [
        ("kgr:pledge-xiaomi-carbon-neutral-2040",)]
    assert ask(seed_store, "pledges_by_target_year", ["pledge"], year=2022, type="cckg:CarbonNeutralPledge") == [
        ("kgr:pledge-blue-soft-empower-carbon-neutral-2022",)]
    assert ask(seed_store, "pledges_by_target_year", ["pledge"], year=2041) == []
    assert ask(seed_store, "pledges_by_target_year", ["pledge"], org="Microsoft") == []  # no year given


def test_pledges_by_target_year_parameter_columns(seed_store):
    """The parameter columns echo the filter, or the matched value when the filter is not given."""
    rows = ask(seed_store, "pledges_by_target_year", ["org", "type", "targetYear"], org="Amazon")
    assert rows == [("kgr:org-amazon", "cckg:NetZeroPledge", 2040)]


PAST_COLUMNS = ["org", "pledge", "targetYear", "deadline", "yearsAgo", "status"]


def test_pledges_past_deadline_2026(seed_store):
    assert ask(seed_store, "pledges_past_deadline", PAST_COLUMNS, asof="2026-01-01") == [
        ("kgr:org-blue-soft-empower", "kgr:pledge-blue-soft-empower-carbon-neutral-2022", 2022, "2022-12-31", 3,
         "cckg:Declared"),
        ("kgr:org-netflix", "kgr:pledge-netflix-net-zero-2022", 2022, "2022-12-31", 3, "cckg:Declared"),
        # "courant 2023": no date, so the end of 2023
        ("kgr:org-blue-soft-empower", "kgr:pledge-blue-soft-empower-carbon-neutral-2023", 2023, "2023-12-31", 2,
         "cckg:Declared"),
    ]


def test_pledges_past_deadline_changes_with_the_date(seed_store):
    # before 2022 no deadline had passed (Netflix announced its pledge on 2021-04-03)
    assert ask(seed_store, "pledges_past_deadline", PAST_COLUMNS, asof="2021-06-01") == []
    # "by the end of 2022" is still on time on 31 December 2022
    assert ask(seed_store, "pledges_past_deadline", ["pledge"], asof="2022-12-31") == []
    assert ask(seed_store, "pledges_past_deadline", ["pledge", "yearsAgo"], asof="2023-06-01") == [
        ("kgr:pledge-blue-soft-empower-carbon-neutral-2022", 0),
        ("kgr:pledge-netflix-net-zero-2022", 0),
    ]
    # Xiaomi's 2026 recycling target falls due at the end of 2026; the 2040 pledges much later
    assert ask(seed_store, "pledges_past_deadline", ["pledge", "yearsAgo"], asof="2041-01-01") == [
        ("kgr:pledge-blue-soft-empower-carbon-neutral-2022", 18),
        ("kgr:pledge-netflix-net-zero-2022", 18),
        ("kgr:pledge-blue-soft-empower-carbon-neutral-2023", 17),
        ("kgr:pledge-xiaomi-waste-recycling-2026", 14),
        ("kgr:pledge-amazon-net-zero-2040", 0),
        ("kgr:pledge-xiaomi-carbon-neutral-2040", 0),
    ]


def test_pledges_past_deadline_defaults_to_today(seed_store):
    query = find_query("pledges_past_deadline", QUERIES)
    assert [(p.name, p.default, p.required) for p in query.params] == [("asof", "today", False)]
    rows = ask(seed_store, "pledges_past_deadline", ["pledge", "yearsAgo"])
    assert rows == ask(seed_store, "pledges_past_deadline", ["pledge", "yearsAgo"], asof=dt.date.today().isoformat())
    if dt.date.today() >= dt.date(2024, 1, 1):
        assert [r[0] for r in rows][:3] == [
            "kgr:pledge-blue-soft-empower-carbon-neutral-2022", "kgr:pledge-netflix-net-zero-2022",
            "kgr:pledge-blue-soft-empower-carbon-neutral-2023"]


def test_pledges_relying_on_offsetting(seed_store):
    # 000: "réduire drastiquement ses émissions de CO2 et de compenser le reste via des projets de
    # financement en faveur de la préservation des écosystèmes en danger"
    expected = [("kgr:org-netflix", "Netflix", "kgr:pledge-netflix-net-zero-2022", "cckg:NetZeroPledge", 2022, "true")]
    columns = ["org", "orgLabel", "pledge", "type", "targetYear", "alsoReducesEmissions"]
    assert ask(seed_store, "pledges_relying_on_offsetting", columns) == expected
    assert ask(seed_store, "pledges_relying_on_offsetting", columns, org="kgr:org-netflix") == expected
    # Blue Soft offsets ("stratégie de compensation") but no pledge of its relies on it
    assert ask(seed_store, "pledges_relying_on_offsetting", columns, org="Blue Soft") == []


def test_pledges_without_interim_target(seed_store):
    columns = ["org", "pledge", "type", "targetYear", "status"]
    assert ask(seed_store, "pledges_without_interim_target", columns) == [
        ("kgr:org-amazon", "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge", 2040, "cckg:Declared"),
        # 002: "le groupe Blue Soft s'est ainsi engagé à limiter son empreinte carbone" (no target)
        ("kgr:org-blue-soft", "kgr:pledge-blue-soft-emission-reduction", "cckg:EmissionReductionPledge", None,
         "cckg:Declared"),
        ("kgr:org-blue-soft-empower", "kgr:pledge-blue-soft-empower-carbon-neutral-2022", "cckg:CarbonNeutralPledge",
         2022, "cckg:Declared"),
        ("kgr:org-blue-soft-empower", "kgr:pledge-blue-soft-empower-carbon-neutral-2023", "cckg:CarbonNeutralPledge",
         2023, "cckg:Declared"),
        # 002: "data centers Azure, dont Microsoft vise la neutralité carbone" (no year)
        ("kgr:org-microsoft", "kgr:pledge-microsoft-carbon-neutral", "cckg:CarbonNeutralPledge", None, "cckg:Declared"),
        ("kgr:org-netflix", "kgr:pledge-netflix-net-zero-2022", "cckg:NetZeroPledge", 2022, "cckg:Declared"),
        # 001: "Établissement d'objectifs de zéro émission nette" (no year)
        ("kgr:org-xiaomi", "kgr:pledge-xiaomi-net-zero", "cckg:NetZeroPledge", None, "cckg:Proposed"),
        ("kgr:org-xiaomi", "kgr:pledge-xiaomi-waste-recycling-2026", "cckg:WasteRecyclingPledge", 2026, "cckg:Declared"),
        ("kgr:org-xiaomi", "kgr:pledge-xiaomi-carbon-neutral-2040", "cckg:CarbonNeutralPledge", 2040, "cckg:Declared"),
    ]
    assert ask(seed_store, "pledges_without_interim_target", ["pledge"], org="Amazon") == [
        ("kgr:pledge-amazon-net-zero-2040",)]


def test_provider_pledges(seed_store):
    columns = ["client", "platform", "operator", "pledgeOwner", "pledge", "type", "targetYear"]
    expected = [
        # 002: "stockées dans des data centers Azure, dont Microsoft vise la neutralité carbone"
        ("kgr:org-blue-soft-empower", "kgr:platform-microsoft-azure", "kgr:org-microsoft", "kgr:org-microsoft",
         "kgr:pledge-microsoft-carbon-neutral", "cckg:CarbonNeutralPledge", None),
        # 000: "Nous dépendons de fournisseurs d'hébergement comme Amazon Web Services" (a subsidiary of
        # Amazon, whose net-zero 2040 pledge is in 003); Netflix's own Open Connect is not a provider
        ("kgr:org-netflix", "kgr:platform-amazon-web-services", "kgr:org-amazon-web-services", "kgr:org-amazon",
         "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge", 2040),
    ]
    assert ask(seed_store, "provider_pledges", columns) == expected
    assert ask(seed_store, "provider_pledges", columns, org="Netflix") == expected[1:]
    assert ask(seed_store, "provider_pledges", ["clientLabel", "platformLabel", "operatorLabel", "pledgeOwnerLabel"],
               org="Blue Soft Empower") == [("Blue Soft Empower", "Microsoft Azure", "Microsoft", "Microsoft")]
    assert ask(seed_store, "provider_pledges", columns, org="Amazon") == []


def test_actions_supporting_pledges(seed_store):
    columns = ["org", "actionType", "status", "started", "action", "pledge"]
    # 003: "décarboniser sa flotte de livraison et développer ses achats d'énergie renouvelable et ses
    # investissements dans des technologies naissantes telles que la capture du carbone"; nuclear deals
    assert ask(seed_store, "actions_supporting_pledges", columns, org="Amazon") == [
        ("kgr:org-amazon", "cckg:CarbonCapture", "cckg:InProgress", None, "kgr:action-amazon-carbon-capture",
         "kgr:pledge-amazon-net-zero-2040"),
        ("kgr:org-amazon", "cckg:FleetDecarbonisation", "cckg:InProgress", None,
         "kgr:action-amazon-fleet-decarbonisation", "kgr:pledge-amazon-net-zero-2040"),
        ("kgr:org-amazon", "cckg:NuclearPowerPurchase", "cckg:InProgress", None,
         "kgr:action-amazon-nuclear-power-purchase", "kgr:pledge-amazon-net-zero-2040"),
        ("kgr:org-amazon", "cckg:RenewableEnergyInvestment", "cckg:InProgress", None,
         "kgr:action-amazon-renewable-energy-investment", "kgr:pledge-amazon-net-zero-2040"),
    ]
    # 002: "Depuis 2016 ... comptabilise ses émissions", "stratégie de compensation",
    # "dès janvier 2022 sa nouvelle politiques RSE"
    assert ask(seed_store, "actions_supporting_pledges", columns, org="Blue Soft") == [
        ("kgr:org-blue-soft", "cckg:CarbonOffsetting", None, None, "kgr:action-blue-soft-carbon-offsetting", None),
        ("kgr:org-blue-soft", "cckg:CsrPolicy", None, "2022-01", "kgr:action-blue-soft-csr-policy", None),
        ("kgr:org-blue-soft", "cckg:EmissionAccounting", "cckg:InProgress", "2016",
         "kgr:action-blue-soft-emission-accounting", None),
    ]
    # 002: "Une action majeure ... a déjà été appliquée" (completed), "Une autre action est aussi en cours",
    # "des sessions de sensibilisation seront proposées" (planned); each serves both deadlines
    assert ask(seed_store, "actions_supporting_pledges", ["actionType", "status", "pledge"],
               org="Blue Soft Empower") == [
        ("cckg:CloudMigration", "cckg:Completed", "kgr:pledge-blue-soft-empower-carbon-neutral-2022"),
        ("cckg:CloudMigration", "cckg:Completed", "kgr:pledge-blue-soft-empower-carbon-neutral-2023"),
        ("cckg:EnergyEfficiency", "cckg:InProgress", "kgr:pledge-blue-soft-empower-carbon-neutral-2022"),
        ("cckg:EnergyEfficiency", "cckg:InProgress", "kgr:pledge-blue-soft-empower-carbon-neutral-2023"),
        ("cckg:GreenElectricitySupply", "cckg:InProgress", "kgr:pledge-blue-soft-empower-carbon-neutral-2022"),
        ("cckg:GreenElectricitySupply", "cckg:InProgress", "kgr:pledge-blue-soft-empower-carbon-neutral-2023"),
        ("cckg:StaffAwareness", "cckg:Planned", "kgr:pledge-blue-soft-empower-carbon-neutral-2022"),
        ("cckg:StaffAwareness", "cckg:Planned", "kgr:pledge-blue-soft-empower-carbon-neutral-2023"),
    ]
    # 000: the three-part strategy, all still intentions ("souhaite", "seront financés")
    assert ask(seed_store, "actions_supporting_pledges", ["actionType", "status", "pledge"], org="Netflix") == [
        ("cckg:EcosystemProtection", "cckg:Planned", "kgr:pledge-netflix-net-zero-2022"),
        ("cckg:EcosystemRestoration", "cckg:Planned", "kgr:pledge-netflix-net-zero-2022"),
        ("cckg:EmissionReductionProgramme", "cckg:Planned", "kgr:pledge-netflix-net-zero-2022"),
    ]
    assert ask(seed_store, "actions_supporting_pledges", ["actionType", "status", "started", "pledge"],
               org="Xiaomi") == [
        ("cckg:EWasteRecycling", "cckg:InProgress", None, "kgr:pledge-xiaomi-waste-recycling-2026"),
        ("cckg:EnergyEfficiency", "cckg:InProgress", None, "kgr:pledge-xiaomi-carbon-neutral-2040"),
        ("cckg:GreenElectricitySupply", "cckg:InProgress", None, "kgr:pledge-xiaomi-carbon-neutral-2040"),
        # "Entre 2022 et 2026, l'entreprise prévoit ... d'investir dans des projets d'énergies renouvelables"
        ("cckg:RenewableEnergyInvestment", "cckg:Planned", "2022", "kgr:pledge-xiaomi-carbon-neutral-2040"),
        ("cckg:SustainableProductDesign", "cckg:InProgress", None, "kgr:pledge-xiaomi-carbon-neutral-2040"),
        ("cckg:SustainableProductDesign", "cckg:InProgress", None, None),
    ]
    assert len(ask(seed_store, "actions_supporting_pledges")) == 4 + 3 + 8 + 3 + 6


# ---------------------------------------------------------------------------------------------
# Emissions
# ---------------------------------------------------------------------------------------------

HISTORY_COLUMNS = ["org", "reportingYear", "figure", "category", "amount", "unit", "tCO2e",
                   "reportedChange", "comparedToYear", "computedChange"]


def test_emissions_history_amazon(seed_store):
    assert ask(seed_store, "emissions_history", HISTORY_COLUMNS, org="Amazon") == [
        # "ses émissions augmenteraient de 1% en 2024" (electricity purchases), no amount given
        ("kgr:org-amazon", 2024, "kgr:emission-amazon-2024-electricity", "cckg:ElectricityEmissions",
         None, None, None, 1, 2023, None),
        # "ont augmenté de 6% en 2024", "68,25 millions de tonnes métriques de dioxyde de carbone équivalent"
        ("kgr:org-amazon", 2024, "kgr:emission-amazon-2024", "cckg:TotalEmissions",
         D("68.25"), "cckg:MegatonneCO2e", 68_250_000, 6, 2023, None),
        # "cinq ans plus tard, les émissions d'Amazon avaient augmenté d'un tiers"
        ("kgr:org-amazon", 2024, "kgr:emission-amazon-2024-since-2019", "cckg:TotalEmissions",
         None, None, None, D("33.3"), 2019, None),
    ]


def test_emissions_history_netflix_label_and_curie(seed_store):
    # 000: "En 2020, les activités du services de streaming auraient produit 1.1 million de tonnes de CO2."
    expected = [("kgr:org-netflix", 2020, "kgr:emission-netflix-2020", "cckg:TotalEmissions",
                 D("1.1"), "cckg:MegatonneCO2e", 1_100_000, None, None, None)]
    assert ask(seed_store, "emissions_history", HISTORY_COLUMNS, org="Netflix") == expected
    assert ask(seed_store, "emissions_history", HISTORY_COLUMNS, org="kgr:org-netflix") == expected
    assert ask(seed_store, "emissions_history", ["orgLabel", "categoryLabel"], org="netflix") == [
        ("Netflix", "total emissions")]
    assert ask(seed_store, "emissions_history", HISTORY_COLUMNS, org="Xiaomi") == []


def test_emission_breakdown(seed_store):
    columns = ["org", "figure", "reportingYear", "amount", "unit", "activity", "percentage",
               "shareAmount", "shareTCO2e"]
    expected = [
        # "50% de ses émissions sont allouées à la production des contenus du catalogue"
        ("kgr:org-netflix", "kgr:emission-netflix-2020", 2020, D("1.1"), "cckg:MegatonneCO2e",
         "content production (own and partner productions)", 50, D("0.55"), 550_000),
        # "45% provient des différentes activités de l'entreprise : location de bureaux, achats de biens"
        ("kgr:org-netflix", "kgr:emission-netflix-2020", 2020, D("1.1"), "cckg:MegatonneCO2e",
         "corporate operations (office leases, purchased goods, mainly marketing)", 45, D("0.495"), 495_000),
        # "Les 5% restants sont dus au différents stockages pour les données et au fonctionnement de la plateforme"
        ("kgr:org-netflix", "kgr:emission-netflix-2020", 2020, D("1.1"), "cckg:MegatonneCO2e",
         "data storage and operation of the streaming platform", 5, D("0.055"), 55_000),
    ]
    assert ask(seed_store, "emission_breakdown", columns) == expected
    assert ask(seed_store, "emission_breakdown", columns, org="Netflix") == expected
    assert sum(r[6] for r in expected) == 100
    assert ask(seed_store, "emission_breakdown", columns, org="Amazon") == []


def test_emissions_rose_after_pledge(seed_store):
    columns = ["org", "pledge", "pledgeYear", "targetYear", "figure", "reportingYear", "category",
               "change", "comparedToYear", "changeSource"]
    # 003: pledged in 2019 ("il y a seulement cinq ans"), emissions up in 2024
    assert ask(seed_store, "emissions_rose_after_pledge", columns) == [
        ("kgr:org-amazon", "kgr:pledge-amazon-net-zero-2040", 2019, 2040, "kgr:emission-amazon-2024-electricity",
         2024, "cckg:ElectricityEmissions", 1, 2023, "reported"),
        ("kgr:org-amazon", "kgr:pledge-amazon-net-zero-2040", 2019, 2040, "kgr:emission-amazon-2024-since-2019",
         2024, "cckg:TotalEmissions", D("33.3"), 2019, "reported"),
        ("kgr:org-amazon", "kgr:pledge-amazon-net-zero-2040", 2019, 2040, "kgr:emission-amazon-2024",
         2024, "cckg:TotalEmissions", 6, 2023, "reported"),
    ]
    # Netflix's only figure (2020) predates its pledge (2021-04-03): not listed


SYNTHETIC = """
@prefix cckg: <https://w3id.org/climate-commitments/ontology#> .
@prefix kgr: <https://w3id.org/climate-commitments/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
kgr:org-test-co a cckg:Company ; rdfs:label "Test Co" .
kgr:pledge-test-co-net-zero-2030 a cckg:NetZeroPledge ; cckg:madeBy kgr:org-test-co ;
    cckg:targetYear 2030 ; cckg:announcementDate "2021-06"^^xsd:gYearMonth .
kgr:emission-test-co-2022 a cckg:EmissionFigure ; cckg:emittedBy kgr:org-test-co ; cckg:reportingYear 2022 ;
    cckg:amount 500.0 ; cckg:unit cckg:KilotonneCO2e ; cckg:emissionCategory cckg:TotalEmissions .
kgr:emission-test-co-2023 a cckg:EmissionFigure ; cckg:emittedBy kgr:org-test-co ; cckg:reportingYear 2023 ;
    cckg:amount 0.55 ; cckg:unit cckg:MegatonneCO2e ; cckg:emissionCategory cckg:TotalEmissions .
kgr:emission-test-co-2024 a cckg:EmissionFigure ; cckg:emittedBy kgr:org-test-co ; cckg:reportingYear 2024 ;
    cckg:amount 500000.0 ; cckg:unit cckg:TonneCO2e ; cckg:emissionCategory cckg:TotalEmissions .
kgr:emission-test-co-2024-electricity a cckg:EmissionFigure ; cckg:emittedBy kgr:org-test-co ;
    cckg:reportingYear 2024 ; cckg:amount 9.0 ; cckg:unit cckg:TonneCO2e ;
    cckg:emissionCategory cckg:ElectricityEmissions .
"""


@pytest.fixture(scope="module")
def synthetic_store(project) -> Store:
    """The ontology (units and their factors) and three consecutive amounts in different units."""
    return store_with(project, SYNTHETIC)


def test_emissions_history_computes_the_change_between_consecutive_years(synthetic_store):
    columns = ["reportingYear", "category", "tCO2e", "reportedChange", "previousTCO2e", "computedChange"]
    assert ask(synthetic_store, "emissions_history", columns, org="Test Co") == [
        (2022, "cckg:TotalEmissions", 500_000, None, None, None),
        (2023, "cckg:TotalEmissions", 550_000, None, 500_000, 10),      # 500 kt -> 0.55 Mt: +10 %
        (2024, "cckg:ElectricityEmissions", 9, None, None, None),       # no 2023 electricity figure
        (2024, "cckg:TotalEmissions", 500_000, None, 550_000, D("-9.1")),
    ]


def test_emissions_rose_after_pledge_uses_computed_changes(synthetic_store):
    columns = ["figure", "pledgeYear", "change", "comparedToYear", "changeSource"]
    assert ask(synthetic_store, "emissions_rose_after_pledge", columns) == [
        ("kgr:emission-test-co-2023", 2021, 10, 2022, "computed")]


# ---------------------------------------------------------------------------------------------
# Partners, providers, initiatives, people, statements
# ---------------------------------------------------------------------------------------------

def test_partners_and_advisers(seed_store):
    # 000: "collaborer avec plus de 60 experts dont des chercheurs du Lawrence Berkeley National Laboratory
    # ... d'Engie Impact et même des stratèges politiques du Natural Resources Defense Council"
    columns = ["client", "clientLabel", "partner", "partnerLabel", "role", "roleLabel", "pledge"]
    expected = [
        ("kgr:org-netflix", "Netflix", "kgr:org-engie-impact", "Engie Impact", "cckg:AdviserRole", "adviser",
         "kgr:pledge-netflix-net-zero-2022"),
        ("kgr:org-netflix", "Netflix", "kgr:org-lawrence-berkeley-national-laboratory",
         "Lawrence Berkeley National Laboratory", "cckg:AdviserRole", "adviser", "kgr:pledge-netflix-net-zero-2022"),
        ("kgr:org-netflix", "Netflix", "kgr:org-natural-resources-defense-council",
         "Natural Resources Defense Council", "cckg:AdviserRole", "adviser", "kgr:pledge-netflix-net-zero-2022"),
    ]
    assert ask(seed_store, "partners_and_advisers", columns) == expected
    assert ask(seed_store, "partners_and_advisers", columns, org="Netflix") == expected
    assert ask(seed_store, "partners_and_advisers", columns, org="Xiaomi") == []


def test_initiative_members(seed_store):
    columns = ["initiative", "initiativeLabel", "org", "kind", "since", "presenterLabel", "documentLabel"]
    assert ask(seed_store, "initiative_members", columns) == [
        # 001: "Présenté par Alain Lam Sai-wai ... lors de la 28e conférence des Nations Unies (COP 28)"
        ("kgr:initiative-cop-28", "COP 28", "kgr:org-xiaomi", "cckg:PresentationParticipation", None,
         "Alain Lam Sai-wai", "Xiaomi's first climate-action white paper"),
        # 001: "Adhésion à l'initiative GE100%"
        ("kgr:initiative-ge100", "GE100%", "kgr:org-xiaomi", "cckg:MembershipParticipation", None, None, None),
        # 003: "dans le cadre de son engagement climatique"; 2019 from "cinq ans plus tard" counted from 2024
        ("kgr:initiative-the-climate-pledge", "The Climate Pledge", "kgr:org-amazon", "cckg:SignatureParticipation",
         2019, None, None),
        # 002: "Membre depuis 2018 du Global Impact, le groupe Blue Soft" (read as the UN Global Compact)
        ("kgr:initiative-un-global-compact", "UN Global Compact", "kgr:org-blue-soft", "cckg:MembershipParticipation",
         2018, None, None),
    ]
    assert ask(seed_store, "initiative_members", ["org", "kind"], initiative="COP 28") == [
        ("kgr:org-xiaomi", "cckg:PresentationParticipation")]
    assert ask(seed_store, "initiative_members", ["org", "kind"], initiative="kgr:initiative-cop-28") == [
        ("kgr:org-xiaomi", "cckg:PresentationParticipation")]
    assert ask(seed_store, "initiative_members", ["org"], initiative="RE100") == []


def test_people_and_roles(seed_store):
    columns = ["person", "personLabel", "role", "org", "orgLabel"]
    assert ask(seed_store, "people_and_roles", columns) == [
        # 002: "Alexandre Lamotte & Patrick Dubois, codirigeants de Blue Soft Empower"
        ("kgr:person-alexandre-lamotte", "Alexandre Lamotte", "cckg:CoChiefExecutive", "kgr:org-blue-soft-empower",
         "Blue Soft Empower"),
        ("kgr:person-patrick-dubois", "Patrick Dubois", "cckg:CoChiefExecutive", "kgr:org-blue-soft-empower",
         "Blue Soft Empower"),
        # 000: "rédigé par la nouvelle directrice de la durabilité chez Netflix" (unnamed)
        ("kgr:person-netflix-sustainability-director", "Netflix's new sustainability director (unnamed)",
         "cckg:SustainabilityDirector", "kgr:org-netflix", "Netflix"),
        # 001: "Alain Lam Sai-wai, vice-président et directeur financier de l'entreprise"
        ("kgr:person-alain-lam-sai-wai", "Alain Lam Sai-wai", "cckg:ChiefFinancialOfficer", "kgr:org-xiaomi", "Xiaomi"),
        ("kgr:person-alain-lam-sai-wai", "Alain Lam Sai-wai", "cckg:VicePresident", "kgr:org-xiaomi", "Xiaomi"),
    ]
    assert ask(seed_store, "people_and_roles", ["personLabel", "roleLabel"], org="Xiaomi") == [
        ("Alain Lam Sai-wai", "chief financial officer"), ("Alain Lam Sai-wai", "vice president")]


def test_who_said_what(seed_store):
    E, A, N = EMPOWER_ARTICLE, AMAZON_ARTICLE, NETFLIX_ARTICLE
    ambition = "kgr:statement-blue-soft-empower-co-chiefs-ambition"
    empower_2022 = "kgr:pledge-blue-soft-empower-carbon-neutral-2022"
    at_risk = "kgr:statement-cryptopolitan-amazon-climate-promises-at-risk"
    press = "kgr:statement-netflix-press-release-net-zero"
    director = "Netflix's new sustainability director (unnamed)"
    assert ask(seed_store, "who_said_what", ["speakerLabel", "channel", "statement", "about", "article", "start"]) == [
        # 002: "souligne Alexandre Lamotte, à la tête de Empower"
        ("Alexandre Lamotte", None, "kgr:statement-alexandre-lamotte-staff-awareness",
         "kgr:action-blue-soft-empower-staff-awareness", E, 2756),
        # 002: "Notre ambition : ... d'ici fin 2022. – Alexandre Lamotte & Patrick Dubois, codirigeants"
        ("Alexandre Lamotte", None, ambition, empower_2022, E, 1088),
        ("Alexandre Lamotte", None, ambition, empower_2022, E, 1205),
        # 003: "Dans le rapport, Amazon a reconnu qu'il était crucial ..."
        ("Amazon", "2024 sustainability report (rapport annuel sur le développement durable)",
         "kgr:statement-amazon-green-energy-access", "kgr:pledge-amazon-net-zero-2040", A, 1821),
        # 003: the article's own judgements
        ("Cryptopolitan", None, "kgr:statement-cryptopolitan-amazon-2024-rise-data-centres", "kgr:emission-amazon-2024",
         A, 376),
        ("Cryptopolitan", None, at_risk, "kgr:pledge-amazon-net-zero-2040", A, 3907),
        ("Cryptopolitan", None, at_risk, "kgr:pledge-amazon-net-zero-2040", A, 4314),
        # 002: "Le GIEC définit la neutralité carbone comme ..."
        ("Intergovernmental Panel on Climate Change", None, "kgr:statement-ipcc-carbon-neutrality-definition", None,
         E, 249),
        # 001: "comme le mentionne Lei Jun lui-même sur X (Twitter)"
        ("Lei Jun", "X (Twitter)", "kgr:statement-lei-jun-xiaomi-carbon-neutral-2040",
         "kgr:pledge-xiaomi-carbon-neutral-2040", "kgr:article-c24b65ef5799ca4b", 3406),
        # 000: "Dans son communiqué de presse, rédigé par la nouvelle directrice de la durabilité chez Netflix"
        (director, "press release (communiqué de presse)", press, "kgr:emission-netflix-2020", N, 641),
        (director, "press release (communiqué de presse)", press, "kgr:emission-netflix-2020", N, 1368),
        (director, "press release (communiqué de presse)", press, "kgr:pledge-netflix-net-zero-2022", N, 641),
        (director, "press release (communiqué de presse)", press, "kgr:pledge-netflix-net-zero-2022", N, 1368),
        ("Patrick Dubois", None, ambition, empower_2022, E, 1088),
        ("Patrick Dubois", None, ambition, empower_2022, E, 1205),
        # 002: "Patrick Dubois, codirigeant de Blue Soft Empower, explique : « Auparavant hébergés sur site ..."
        ("Patrick Dubois", None, "kgr:statement-patrick-dubois-cloud-migration",
         "kgr:action-blue-soft-empower-cloud-migration", E, 1941),
    ]
    assert ask(seed_store, "who_said_what", ["speaker", "channel", "exact"], speaker="Lei Jun") == [
        ("kgr:person-lei-jun", "X (Twitter)",
         "L’objectif, comme le mentionne Lei Jun lui-même sur X (Twitter), est d’atteindre la neutralité carbone "
         "dans ses installations d’ici 2040, dans 16 ans."),
    ]
    assert ask(seed_store, "who_said_what", ["statement", "exact"], speaker="Patrick Dubois") == [
        ("kgr:statement-blue-soft-empower-co-chiefs-ambition",
         "Notre ambition\xa0: réaliser notre transformation écoénergétique et atteindre notre neutralité carbone "
         "d’ici fin 2022."),
        ("kgr:statement-blue-soft-empower-co-chiefs-ambition",
         "– Alexandre Lamotte & Patrick Dubois, codirigeants de Blue Soft Empower"),
        ("kgr:statement-patrick-dubois-cloud-migration",
         "Patrick Dubois, codirigeant de Blue Soft Empower, explique : « Auparavant hébergés sur site, le transfert "
         "des serveurs Empower a permis de réduire les émissions issues des activités de l’entreprise. La "
         "consommation énergétique d’un data center de Microsoft est bien plus optimisée que ne l’était notre salle "
         "serveurs locale. C’est donc aussi un moyen d’optimiser notre consommation. »"),
    ]
    for article, start, exact in ask(seed_store, "who_said_what", ["article", "start", "exact"]):
        assert article_text(article)[int(start):int(start) + len(exact)] == exact


# ---------------------------------------------------------------------------------------------
# Evidence, articles, data quality
# ---------------------------------------------------------------------------------------------

NETFLIX_FACTS = [
    (16, 84, "kgr:pledge-netflix-net-zero-2022", "cckg:NetZeroPledge"),
    (146, 362, "kgr:action-netflix-ecosystem-protection", "cckg:Action"),
    (146, 362, "kgr:pledge-netflix-net-zero-2022", "cckg:NetZeroPledge"),
    (363, 456, "kgr:pledge-netflix-net-zero-2022", "cckg:NetZeroPledge"),
    (641, 800, "kgr:pledge-netflix-net-zero-2022", "cckg:NetZeroPledge"),
    (641, 800, "kgr:statement-netflix-press-release-net-zero", "cckg:Statement"),
    (801, 1106, "kgr:observation-netflix-more-than-60-experts", "cckg:Observation"),
    (801, 1106, "kgr:partnership-netflix-engie-impact-adviser", "cckg:Partnership"),
    (801, 1106, "kgr:partnership-netflix-lawrence-berkeley-national-laboratory-adviser", "cckg:Partnership"),
    (801, 1106, "kgr:partnership-netflix-natural-resources-defense-council-adviser", "cckg:Partnership"),
    (1107, 1236, "kgr:partnership-netflix-engie-impact-adviser", "cckg:Partnership"),
    (1107, 1236, "kgr:partnership-netflix-lawrence-berkeley-national-laboratory-adviser", "cckg:Partnership"),
    (1107, 1236, "kgr:partnership-netflix-natural-resources-defense-council-adviser", "cckg:Partnership"),
    (1308, 1366, "kgr:emission-netflix-2020", "cckg:EmissionFigure"),
    (1368, 1571, "kgr:position-netflix-sustainability-director-netflix", "cckg:Position"),
    (1368, 1571, "kgr:statement-netflix-press-release-net-zero", "cckg:Statement"),
    (1589, 1683, "kgr:emission-netflix-2020", "cckg:EmissionFigure"),
    (1685, 1860, "kgr:share-netflix-2020-content-production", "cckg:EmissionShare"),
    (1862, 2016, "kgr:share-netflix-2020-corporate", "cckg:EmissionShare"),
    (2017, 2121, "kgr:share-netflix-2020-data-and-streaming", "cckg:EmissionShare"),
    (2258, 2423, "kgr:reliance-netflix-amazon-web-services", "cckg:PlatformReliance"),
    (2258, 2423, "kgr:reliance-netflix-open-connect", "cckg:PlatformReliance"),
    (2475, 2667, "kgr:action-netflix-emission-reduction-programme", "cckg:Action"),
    (2776, 3027, "kgr:action-netflix-ecosystem-protection", "cckg:Action"),
    (3029, 3193, "kgr:action-netflix-ecosystem-restoration", "cckg:Action"),
    (3029, 3193, "kgr:pledge-netflix-net-zero-2022", "cckg:NetZeroPledge"),
    (3285, 3412, "kgr:observation-netflix-climate-content-households-2020", "cckg:Observation"),
]


def test_article_facts_netflix(seed_store):
    text = article_text(NETFLIX_ARTICLE)
    rows = ask(seed_store, "article_facts", ["start", "end", "fact", "factType", "exact", "quoteFound"],
               article=NETFLIX_ARTICLE)
    # the quotes are the article's own words at those offsets
    assert rows == [(s, e, f, t, text[s:e], "true") for s, e, f, t in NETFLIX_FACTS]
    assert rows[0][4] == "Netflix souhaite atteindre l’objectif zéro émission nette de carbone"
    assert rows[13][4] == "Un constat : 1.1 millions de tonnes de CO2 rejetée en 2020"


def test_article_facts_amazon(seed_store):
    text = article_text(AMAZON_ARTICLE)
    rows = ask(seed_store, "article_facts", ["start", "end", "fact", "factType", "exact"], article=AMAZON_ARTICLE)
    assert [r[:4] for r in rows] == [
        (0, 108, "kgr:emission-amazon-2024", "cckg:EmissionFigure"),
        (109, 375, "kgr:document-amazon-2024-sustainability-report", "cckg:Document"),
        (109, 375, "kgr:emission-amazon-2024", "cckg:EmissionFigure"),
        (376, 529, "kgr:statement-cryptopolitan-amazon-2024-rise-data-centres", "cckg:Statement"),
        (818, 1031, "kgr:participation-amazon-the-climate-pledge-signature", "cckg:InitiativeParticipation"),
        (818, 1031, "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge"),
        (1032, 1108, "kgr:emission-amazon-2024-since-2019", "cckg:EmissionFigure"),
        (1032, 1108, "kgr:participation-amazon-the-climate-pledge-signature", "cckg:InitiativeParticipation"),
        (1032, 1108, "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge"),
        (1203, 1466, "kgr:emission-amazon-2024-electricity", "cckg:EmissionFigure"),
        (1821, 2081, "kgr:statement-amazon-green-energy-access", "cckg:Statement"),
        (2082, 2290, "kgr:action-amazon-renewable-energy-investment", "cckg:Action"),
        (2291, 2474, "kgr:org-google", "cckg:Company"),
        (3251, 3558, "kgr:action-amazon-nuclear-power-purchase", "cckg:Action"),
        (3620, 3906, "kgr:action-amazon-carbon-capture", "cckg:Action"),
        (3620, 3906, "kgr:action-amazon-fleet-decarbonisation", "cckg:Action"),
        (3620, 3906, "kgr:action-amazon-renewable-energy-investment", "cckg:Action"),
        (3620, 3906, "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge"),
        (3907, 4057, "kgr:statement-cryptopolitan-amazon-climate-promises-at-risk", "cckg:Statement"),
        (4314, 4541, "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge"),
        (4314, 4541, "kgr:statement-cryptopolitan-amazon-climate-promises-at-risk", "cckg:Statement"),
    ]
    assert rows[0][4] == ("Les émissions de carbone d'Amazon ont augmenté de 6% en 2024, "
                          "mettant fin à un cycle de trois ans en baisse.")
    assert all(text[int(s):int(e)] == exact for s, e, _, _, exact in rows)


@pytest.mark.parametrize("article", sorted(ARTICLE_FILES))
def test_article_facts_quotes_are_in_the_article(seed_store, article):
    text = article_text(article)
    rows = ask(seed_store, "article_facts", ["start", "end", "exact", "quoteFound"], article=article)
    assert rows, f"no fact from {article}"
    for start, end, exact, found in rows:
        assert text[int(start):int(end)] == exact and found == "true"
    # one article's evidence only
    others = [a for a in ARTICLE_FILES if a != article]
    assert not set(ask(seed_store, "article_facts", ["evidence"], article=article)) & {
        e for a in others for e in ask(seed_store, "article_facts", ["evidence"], article=a)}


def test_article_facts_unknown_article_gives_no_rows(seed_store):
    assert ask(seed_store, "article_facts", article="kgr:article-0000000000000000") == []


def test_quotes_mentioning(seed_store):
    # 002: "les données et applications Empower sont stockées dans des data centers Azure, dont Microsoft
    # vise la neutralité carbone"
    assert ask(seed_store, "quotes_mentioning", ["article", "start", "end", "fact"], text="azure") == [
        (EMPOWER_ARTICLE, 1742, 1940, "kgr:action-blue-soft-empower-cloud-migration"),
        (EMPOWER_ARTICLE, 1742, 1940, "kgr:pledge-microsoft-carbon-neutral"),
        (EMPOWER_ARTICLE, 1742, 1940, "kgr:reliance-blue-soft-empower-microsoft-azure"),
    ]
    assert ask(seed_store, "quotes_mentioning", ["fact"], text="GE100%") == [
        ("kgr:participation-xiaomi-ge100-membership",)]
    assert ask(seed_store, "quotes_mentioning", ["fact"], text="no such words anywhere") == []


def test_articles(seed_store):
    columns = ["article", "headline", "language", "published", "publisherLabel", "authorLabel", "seedFile"]
    assert ask(seed_store, "articles", columns) == [
        # "Publié le 03 avril 2021 par Kévin Mister Bazar"
        (NETFLIX_ARTICLE, "Netflix souhaite atteindre l’objectif zéro émission nette de carbone", "fr", "2021-04-03",
         "Paperblog", "Kévin Mister Bazar", "000_472470f9ea62a2fc.txt"),
        # " date 2023-12"
        (XIAOMI_ARTICLE, "« Philosophie zéro carbone » : objectif pour 2040", "fr", "2023-12", None, None,
         "001_c24b65ef5799ca4b.txt"),
        # undated
        (EMPOWER_ARTICLE, "Des mesures d’entreprise pour une transformation écoénergétique systémique", "fr", None,
         None, None, "002_a0dce402356df52f.txt"),
        # undated too: 2025 is the curators' inference (it reports on 2024; its advert mentions 2025)
        (AMAZON_ARTICLE, "Les demandes de puissance en plein essor de l'IA poussent les émissions d'Amazon plus élevées",
         "fr", "2025", "Cryptopolitan", None, "003_3f05cd81590e013e.txt"),
    ]
    counts = ask(seed_store, "articles", ["article", "facts", "quotes"])
    assert counts == [(NETFLIX_ARTICLE, 17, 17), (XIAOMI_ARTICLE, 15, 17), (EMPOWER_ARTICLE, 21, 20),
                      (AMAZON_ARTICLE, 14, 13)]
    for article, facts, quotes in counts:
        listed = ask(seed_store, "article_facts", ["fact", "evidence"], article=article)
        assert facts == len({f for f, _ in listed}) and quotes == len({e for _, e in listed})


def test_conflicting_facts(seed_store):
    # 002: "atteindre sa neutralité carbone d'ici fin 2022" vs "un bilan carbone neutre atteint courant 2023"
    assert ask(seed_store, "conflicting_facts", ["orgLabel", "fact", "otherFact"]) == [
        ("Blue Soft Empower", "kgr:pledge-blue-soft-empower-carbon-neutral-2022",
         "kgr:pledge-blue-soft-empower-carbon-neutral-2023"),
    ]


def test_organisations_without_identifier(seed_store):
    # the same six organisations `kg validate` warns about; the Berkeley Lab and the NRDC have a website
    assert ask(seed_store, "organisations_without_identifier") == [
        ("kgr:org-blue-soft-empower", "Blue Soft Empower", "cckg:Company", 9),
        ("kgr:org-blue-soft", "Blue Soft", "cckg:Company", 5),
        ("kgr:org-cryptopolitan", "Cryptopolitan", "cckg:Publisher", 2),
        ("kgr:org-engie-impact", "Engie Impact", "cckg:Consultancy", 1),
        ("kgr:org-engie", "Engie", "cckg:Company", 0),
        ("kgr:org-paperblog", "Paperblog", "cckg:Publisher", 0),
    ]


# ---------------------------------------------------------------------------------------------
# Every query file: metadata, syntax, parameters
# ---------------------------------------------------------------------------------------------

QUERY_FILES = sorted(QUERIES.glob("*.rq"))

# a value for each parameter name used by the saved queries, to run them all
SAMPLE_VALUES = CASE_VALUES  # the saved queries' test cases (kg endpoint-check runs them too)
assert SAMPLE_VALUES["article"] == NETFLIX_ARTICLE


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_is_documented_and_valid(path, seed_store):
    query = load_query(path)
    assert query.summary and "\n" not in query.summary
    assert str(query.meta.get("description", "")).strip()
    assert isinstance(query.meta.get("tags"), list) and query.tags
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#+ summary:")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert re.search(r"^\s*PREFIX\s", body, re.M | re.I)
    assert re.search(r"^\s*SELECT\s", body, re.M | re.I)
    assert re.search(r"^\s*ORDER BY\s", body, re.M | re.I)
    prepareQuery(text)  # SPARQL 1.1 syntax, checked by a second engine (rdflib)
    # runs without and with all its parameters
    required = {p.name: SAMPLE_VALUES[p.name] for p in query.params if p.required}
    run(seed_store, query, required)
    run(seed_store, query, {p.name: SAMPLE_VALUES[p.name] for p in query.params})


def test_parameters_are_declared_as_documented():
    described = {name: [p.describe() for p in q.params] for name, q in saved_queries(QUERIES).items()}
    assert described["pledges_by_target_year"] == [
        "type (IRI or label, optional)", "org (IRI or label, optional)", "year (xsd:integer, optional)"]
    assert described["pledges_past_deadline"] == ["asof (xsd:date, default today)"]
    assert described["emissions_history"] == ["org (IRI or label)"]
    assert described["article_facts"] == ["article (IRI or label)"]
    assert described["quotes_mentioning"] == ["text (text)"]
    assert described["initiative_members"] == ["initiative (IRI or label, optional)"]
    assert described["conflicting_facts"] == []


def test_binding_does_not_change_the_query_text(seed_store):
    query = find_query("quotes_mentioning", QUERIES)
    before = query.text
    on_disk = query.path.read_text(encoding="utf-8")
    bindings = bind(query, {"text": "mangroves"}, seed_store)
    assert bindings == {"_text": Term.literal("mangroves")}
    rows = run(seed_store, query, {"text": "mangroves"})
    assert [cell(r[rows.variables.index("fact")]) for r in rows.rows] == [
        "kgr:action-netflix-ecosystem-restoration", "kgr:pledge-netflix-net-zero-2022"]
    assert query.text == before == on_disk
    assert "mangroves" not in query.text and "?_text" in query.text


INJECTIONS = ['"} ; DROP ALL #', "<http://evil.example/>", "') } DELETE WHERE { ?s ?p ?o } #",
              '" . } } INSERT DATA { <http://evil.example/s> <http://evil.example/p> "x" } #']


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_in_a_literal_parameter_is_just_text(seed_store, value):
    size = len(seed_store)
    assert ask(seed_store, "quotes_mentioning", text=value) == []
    assert ask(seed_store, "pledges_by_target_year", ["pledge"], org="<http://evil.example/>") == []
    assert len(seed_store) == size


def test_injection_in_an_iri_parameter_is_refused(seed_store):
    size = len(seed_store)
    with pytest.raises(KgError, match="not a valid IRI"):
        ask(seed_store, "emissions_history", org="kgr:x> } DROP ALL { <y")
    with pytest.raises(KgError, match="nothing is labelled"):
        ask(seed_store, "emissions_history", org='"} ; DROP ALL #')
    assert len(seed_store) == size


def test_unknown_parameter_is_an_error(seed_store):
    with pytest.raises(KgError, match=r"pledges_by_target_year: unknown parameter 'company' \(parameters: org, type, year\)"):
        ask(seed_store, "pledges_by_target_year", company="Netflix")


def test_missing_required_parameter_is_an_error(seed_store):
    with pytest.raises(KgError, match="emissions_history: parameter 'org' is required"):
        ask(seed_store, "emissions_history")
    with pytest.raises(KgError, match="article_facts: parameter 'article' is required"):
        ask(seed_store, "article_facts")


def test_badly_typed_parameters_are_errors(seed_store):
    with pytest.raises(KgError, match="parameter year: '20x0' is not an integer"):
        ask(seed_store, "pledges_by_target_year", year="20x0")
    with pytest.raises(KgError, match="parameter asof: '2026-13-01' is not a date"):
        ask(seed_store, "pledges_past_deadline", asof="2026-13-01")
    with pytest.raises(KgError, match="parameter type: 'cckg:Pledge' is not one of"):
        ask(seed_store, "pledges_by_target_year", type="cckg:Pledge")
    with pytest.raises(KgError, match="nothing is labelled 'Nobody Inc'"):
        ask(seed_store, "emissions_history", org="Nobody Inc")


def test_unknown_query_name_suggests_close_names():
    with pytest.raises(KgError, match="did you mean pledges_by_target_year"):
        find_query("pledges_by_target_yaer", QUERIES)


def test_label_and_curie_resolve_to_the_same_iri(seed_store):
    query = find_query("emissions_history", QUERIES)
    netflix = Term.iri("https://w3id.org/climate-commitments/id/org-netflix")
    for given in ("Netflix", "netflix", "Netflix, Inc.", "kgr:org-netflix", "<https://w3id.org/climate-commitments/id/org-netflix>"):
        assert bind(query, {"org": given}, seed_store) == {"_org_iri": netflix}, given
    assert ask(seed_store, "emissions_history", org="Netflix") == ask(seed_store, "emissions_history",
                                                                      org="kgr:org-netflix")
    aws = find_query("provider_pledges", QUERIES)
    assert bind(aws, {"org": "AWS"}, seed_store) == bind(aws, {"org": "kgr:org-amazon-web-services"}, seed_store)


def test_cli_runs_a_saved_query(run_kg, tmp_path, curated):
    result = run_kg("--root", str(curated.root), "query", "provider_pledges", "-p", "org=Netflix", "--format", "csv",
                    env={"KG_BUILD_DIR": str(tmp_path / "build")})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("client,clientLabel,platform,platformLabel,operator,operatorLabel,pledgeOwner")
    assert len(lines) == 2 and "https://w3id.org/climate-commitments/id/pledge-amazon-net-zero-2040" in lines[1]
    bad = run_kg("query", "pledges_by_target_year", "-p", "year=20x0", env={"KG_BUILD_DIR": str(tmp_path / "build")})
    assert bad.returncode == 2 and "'20x0' is not an integer" in bad.stderr


@pytest.mark.parametrize("name", sorted(saved_queries(QUERIES)), ids=str)
def test_a_query_sent_with_its_optional_parameters_unbound_answers_as_kg_does(seed_store, name):
    """grlc (and any client following its conventions) sends a query without binding the optional
    parameters it was not given; kg binds their defaults. Both must give the same rows: a parameter with
    a default is optional (`?__name`) and the query falls back to the default itself (COALESCE)."""
    query = saved_queries(QUERIES)[name]
    required = {p.name: SAMPLE_VALUES[p.name] for p in query.params if p.required}
    text = with_values(query.text, bind(query, required, seed_store)) if required else query.text
    unbound = seed_store.select(text)
    bound = run(seed_store, query, required)
    assert sorted(map(repr, unbound.rows)) == sorted(map(repr, bound.rows)), name
    assert all(not p.required or p.default is None for p in query.params), "a default makes it optional: ?__"
