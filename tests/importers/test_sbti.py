"""`kg import sbti` / `kg import sbti-progress` (kg/importers/sbti/): small workbooks built here with openpyxl
(SBTi's data is CC BY-NC and never copied into the repository); the real workbooks are used only
when ../shared holds them."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import openpyxl
import pytest
import rdflib

from kg.cli import parser
from kg.importers import sbti
from kg.iris import GRAPH_NS, PREFIXES
from kg.store.build import assemble
from kg.errors import KgError
from kg.store.embedded import Store
from kg.validation import run_violation_queries, store_for_files, validate_store

from ..conftest import SHARED

C = rdflib.Namespace("https://w3id.org/climate-commitments/ontology#")
K = rdflib.Namespace("https://w3id.org/climate-commitments/id/")
SCHEMA = rdflib.Namespace("https://schema.org/")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")  # not rdflib.XSD: pytest probes module globals
REAL = SHARED / "data" / "sbti"
REAL_COMPANIES = REAL / "companies-taking-action-2023-01-09.xlsx"
REAL_PROGRESS = REAL / "progress-report-2021-appendix.xlsx"

ACME_TARGET = ("Acme Widgets commits to reduce absolute scope 1 and 2 GHG emissions 50% by FY2030 from a 2019 "
               "base year. Acme Widgets also commits to reach net-zero greenhouse gas emissions across the "
               "value chain by FY2050.")


def company(name, **cells) -> dict:
    row = {"Company Name": name, "Near term - Target Status": "Committed", "Net-Zero Committed": "No",
           "Organization Type": "Company", "BA1.5": "No", "Location": "France", "Region": "Europe",
           "Sector": "Software and Services", "Date": "01/06/2022"}
    row.update({k.replace("_", " "): v for k, v in cells.items()})
    return row


ACME = company("Acme Widgets", ISIN="FR0000120271", LEI="969500LXBWLJSO2DV936",
               **{"Near term - Target Status": "Targets Set", "Near term - Target Classification": "1.5°C",
                  "Near term - Target Year": "FY2030", "Long term - Target Status": "Targets Set",
                  "Long term - Target Classification": "1.5°C", "Long term - Target Year": 2050,
                  "Net-Zero Committed": "Yes", "Net-Zero Year": "FY2050", "BA1.5": "Yes",
                  "BA1.5 Date": "01/11/2021", "Date": "01/02/2022", "Target": ACME_TARGET,
                  "Organization Type": "Small or Medium Enterprise"})
BETA = company("Beta Foods Ltd", Date=None, Sector="Food and Beverage Processing")


def write_companies(path: Path, rows: list[dict], columns=sbti.COMPANY_COLUMNS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Worksheet"
    ws.append(list(columns))
    for row in rows:
        ws.append([row.get(c) for c in columns] if row else [])
    wb.save(path)
    return path


def progress(name, **cells) -> dict:
    row = {"Company name": name, "Company Status Text": f"{name} reported progress on all SBTs.",
           "Target completion [%]": 0.180257703355529, "Progress against target text": "9 of a 50% reduction target",
           "Target elapsed timeframe [%]": 0.0909090909090909, "Target Timeframe": "2019 to 2030 (2020)",
           "Target type": "Absolute", "Target scope": "Scope 1+2", "Year target approved": 2020,
           "Organization type": "Company", "Target year": 2030, "Base year": 2019, "Target value": 0.5,
           "Current target status": 0.0901288516777647, "Reporting year": 2020, "Progress source": "CDP"}
    row.update({k.replace("_", " "): v for k, v in cells.items()})
    return row


def no_data(name) -> dict:
    return {"Company name": name, "Company Status Text": f"No comparable progress data of SBT(s) was publicly "
            f"found for {name}.", "Organization type": "Company"}


def write_progress(path: Path, rows: list[dict]) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "READ ME"
    ws = wb.create_sheet("Appendix - Download")
    ws.append(["Company name", "Company Status Text", "Target completion  [%]"] + list(sbti.PROGRESS_COLUMNS[3:]))
    ws.append([None, None, "Percentage of progress achieved (% completed)"] + [None] * 17)
    for row in rows:
        ws.append([row.get(c) for c in sbti.PROGRESS_COLUMNS])
    wb.save(path)
    return path


def graph(turtle: bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=turtle.decode("utf-8"), format="turtle")


def known_store(project, turtle: str = "") -> Store:
    store = Store.memory()
    assemble(store, project, project.ontology_files())
    if turtle:
        prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
        store.load_turtle_bytes((prefixes + turtle).encode(), GRAPH_NS + "data/test.ttl", "test.ttl")
    return store


@pytest.fixture
def acme(tmp_path) -> Path:
    return write_companies(tmp_path / "companies-taking-action-2023-01-09.xlsx", [ACME, BETA])


# -- companies ------------------------------------------------------------------------------------

def test_companies_become_organisations_pledges_and_signatures(acme):
    result = sbti.import_companies(acme)
    g = graph(result.turtle)
    org = K["org-acme-widgets"]
    assert (org, rdflib.RDF.type, C.Company) in g
    assert g.value(org, rdflib.RDFS.label) == rdflib.Literal("Acme Widgets")
    assert str(g.value(org, C.lei)) == "969500LXBWLJSO2DV936" and str(g.value(org, C.isin)) == "FR0000120271"
    assert {str(g.value(org, p)) for p in (C.sector, C.country, C.region, C.organisationType)} == {
        "Software and Services", "France", "Europe", "Small or Medium Enterprise"}

    near = K["pledge-acme-widgets-sbti-near-term"]
    assert (near, rdflib.RDF.type, C.EmissionReductionPledge) in g
    assert g.value(near, C.madeBy) == org and g.value(near, C.underInitiative) == K["initiative-sbti"]
    assert g.value(near, C.pledgeStatus) == C.TargetValidated
    assert g.value(near, C.targetYear) == rdflib.Literal(2030)
    assert "FY2030" in str(g.value(near, SKOS.note))
    assert str(g.value(near, C.targetClassification)) == "1.5°C"
    assert g.value(near, C.announcementDate) == rdflib.Literal("2022-02", datatype=XSD.gYearMonth)
    far = K["pledge-acme-widgets-sbti-long-term"]
    assert g.value(far, C.targetYear) == rdflib.Literal(2050) and g.value(far, C.pledgeStatus) == C.TargetValidated
    nz = K["pledge-acme-widgets-sbti-net-zero"]
    assert (nz, rdflib.RDF.type, C.NetZeroPledge) in g and g.value(nz, C.targetYear) == rdflib.Literal(2050)
    assert g.value(nz, C.pledgeStatus) == C.TargetValidated  # long-term target validated
    ba = K["participation-acme-widgets-business-ambition-for-1-5c-signature"]
    assert g.value(ba, C.initiative) == K["initiative-business-ambition-for-1-5c"]
    assert g.value(ba, C.participationKind) == C.SignatureParticipation
    assert g.value(ba, C.sinceYear) == rdflib.Literal(2021)

    beta_near = K["pledge-beta-foods-ltd-sbti-near-term"]
    assert g.value(beta_near, C.pledgeStatus) == C.CommittedToSetTarget
    assert g.value(beta_near, C.targetYear) is None and g.value(beta_near, C.announcementDate) is None
    assert g.value(K["pledge-beta-foods-ltd-sbti-net-zero"], None) is None
    assert result.counts["organisations"] == 2 and result.counts["near_term_pledges"] == 2
    assert result.counts["net_zero_pledges"] == 1 and result.counts["ba15_participations"] == 1
    assert result.problems == [] and result.matches == []


def test_target_wording_is_the_evidence_and_the_dataset_its_source(acme):
    g = graph(sbti.import_companies(acme).turtle)
    dataset = K["dataset-sbti-companies-taking-action-2023-01-09"]
    assert (dataset, rdflib.RDF.type, C.Dataset) in g
    assert g.value(dataset, SCHEMA.publisher) == K["org-science-based-targets-initiative"]
    assert g.value(dataset, rdflib.DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by-nc/4.0/")
    assert g.value(dataset, C.accessDate) == rdflib.Literal("2023-01-09", datatype=XSD.date)
    record = K["record-sbti-companies-taking-action-2023-01-09-row-2"]
    assert g.value(record, SCHEMA.isPartOf) == dataset and g.value(record, C.rowNumber) == rdflib.Literal(2)
    text = str(g.value(record, SCHEMA.text))
    assert text.startswith("Company Name: Acme Widgets\nISIN: FR0000120271\n") and f"Target: {ACME_TARGET}" in text
    quotes = set()
    for ev in g.objects(K["pledge-acme-widgets-sbti-near-term"], C.evidence):
        assert g.value(ev, OA.hasSource) == record
        assert g.value(ev, C.confidence).toPython() == 1
        assert g.value(ev, rdflib.URIRef("http://www.w3.org/ns/prov#wasAttributedTo")) == K["agent-kg-import-sbti"]
        exact = next(str(g.value(s, OA.exact)) for s in g.objects(ev, OA.hasSelector) if g.value(s, OA.exact))
        start, end = (int(g.value(s, p)) for p in (OA.start, OA.end) for s in g.objects(ev, OA.hasSelector)
                      if g.value(s, p) is not None)
        assert text[start:end] == exact
        assert str(ev) == f"{K}ev-sbti-companies-taking-action-2023-01-09-row-2-{start}-{end}"
        quotes.add(exact)
    assert ACME_TARGET in quotes  # the Target wording itself
    assert ("Near term - Target Status: Targets Set\nNear term - Target Classification: 1.5°C\n"
            "Near term - Target Year: FY2030") in quotes
    assert "Date: 01/02/2022" in quotes


def test_row_problems_are_reported_with_row_numbers_and_never_stop_the_others(tmp_path):
    rows = [company("Gamma AG", ISIN="not an isin", LEI="N/A", **{"Near term - Target Year": "soon"}),
            company(None),
            {},  # an empty row: skipped, counted
            company("Delta SA", Date="01/03/2021"),
            company("Delta SA", Date="01/01/2023", **{"Near term - Target Status": "Targets Set",
                                                      "Near term - Target Year": 2030}),
            company("Epsilon", **{"Near term - Target Status": "Pending", "Net-Zero Committed": "Maybe",
                                  "BA1.5 Date": "01/04/2022"})]
    result = sbti.import_companies(write_companies(tmp_path / "c.xlsx", rows))
    got = {(p.row, p.column): p.message for p in result.problems}
    assert set(got) == {(2, "ISIN"), (2, "Near term - Target Year"), (3, "Company Name"), (5, "Company Name"),
                        (7, "BA1.5 Date"), (7, "Near term - Target Status"), (7, "Net-Zero Committed")}
    assert "'soon' is not a target year" in got[(2, "Near term - Target Year")]
    assert "no company name" in got[(3, "Company Name")]
    assert "duplicate of row 6" in got[(5, "Company Name")] and "row 5" in got[(5, "Company Name")]
    assert str(next(p for p in result.problems if p.row == 2 and p.column == "ISIN")).startswith("row 2: ISIN: ")
    c = result.counts
    assert (c["rows"], c["empty_rows"], c["organisations"], c["placeholder_cells"]) == (5, 1, 3, 1)
    assert (c["problems"], c["problems_duplicate"], c["problems_missing_name"]) == (7, 1, 1)
    g = graph(result.turtle)
    assert g.value(K["pledge-gamma-ag-sbti-near-term"], C.targetYear) is None  # imported, without the year
    delta = K["pledge-delta-sa-sbti-near-term"]  # the later row is the one imported
    assert g.value(delta, C.pledgeStatus) == C.TargetValidated and g.value(delta, C.targetYear) == rdflib.Literal(2030)
    assert g.value(K["pledge-epsilon-sbti-near-term"], C.pledgeStatus) is None


@pytest.mark.parametrize("cell, years", [(2030, [2030]), ("FY2040", [2040]), ("2030, 2025", [2030, 2025]),
                                         ("FY2030/31", [2030, 2031]), ("F2030", [2030]), (2030.0, [2030])])
def test_target_years(cell, years):
    assert sbti.parse_years(cell)[0] == years


@pytest.mark.parametrize("cell", ["soon", "20300", "1850", "FY", True])
def test_unreadable_target_years(cell):
    with pytest.raises(ValueError):
        sbti.parse_years(cell)


def test_shared_identifiers_are_not_asserted(tmp_path):
    rows = [company("Volvo Cars", LEI="5299000EAMGGBEYP7J33"), company("AB Volvo", LEI="5299000EAMGGBEYP7J33")]
    result = sbti.import_companies(write_companies(tmp_path / "c.xlsx", rows))
    assert [(p.row, p.column) for p in result.problems] == [(2, "LEI"), (3, "LEI")]
    assert "also given for row 3 (AB Volvo)" in result.problems[0].message
    assert not list(graph(result.turtle).subject_objects(C.lei))


# -- entity resolution ----------------------------------------------------------------------------

def test_curated_organisations_keep_their_iri(project, seed_store, tmp_path):
    rows = [company("Microsoft Corporation", LEI="INR2EJN1ERAN0W5ZP974"), company("Netflix"),
            company("Facebook, Inc.")]
    result = sbti.import_companies(write_companies(tmp_path / "c.xlsx", rows), seed_store)
    assert result.matches == [("Microsoft Corporation", str(K["org-microsoft"]), "name"),
                              ("Netflix", str(K["org-netflix"]), "name")]
    g = graph(result.turtle)
    ms = K["org-microsoft"]
    assert g.value(ms, rdflib.RDFS.label) is None and g.value(ms, rdflib.RDF.type) is None  # curated ones stay
    assert g.value(ms, C.lei) == rdflib.Literal("INR2EJN1ERAN0W5ZP974")
    assert "name rule" in str(g.value(ms, SKOS.note))
    assert g.value(K["pledge-microsoft-sbti-near-term"], C.madeBy) == ms
    assert g.value(K["org-netflix"], SKOS.altLabel) is None  # same name as the curated label
    assert (K["org-facebook-inc"], rdflib.RDF.type, C.Company) in g  # Meta's curated names do not include it
    # the imported graph is left out of the curated graph: a re-import decides the same
    again = Store.memory()
    assemble(again, project, project.ontology_files() + project.data_files())
    again.load_turtle_bytes(result.turtle, sbti.IMPORTED_GRAPH_NS + "sbti-companies.ttl", "sbti-companies.ttl")
    assert sbti.import_companies(tmp_path / "c.xlsx", again).turtle == result.turtle


def test_identifier_rules_come_first_and_collisions_are_not_merged(project, tmp_path):
    known = known_store(project, """
kgr:org-hooli a cckg:Company ; rdfs:label "Hooli" ; cckg:lei "5493001KJTIIGC8Y1R12" .
kgr:org-pied-piper a cckg:Company ; rdfs:label "Piper Holdings" ; cckg:isin "US0000000002" .
kgr:org-acme-widgets a cckg:Company ; rdfs:label "Totally Different Ltd" .
kgr:org-one a cckg:Company ; rdfs:label "Twin" .
kgr:org-two a cckg:Company ; rdfs:label "Other" ; skos:altLabel "Twin Inc." .
""")
    rows = [company("Hooli XYZ, Inc.", LEI="5493001KJTIIGC8Y1R12"), company("PP Group", ISIN="US0000000002"),
            company("Acme Widgets"), company("Twin")]
    result = sbti.import_companies(write_companies(tmp_path / "c.xlsx", rows), known)
    assert result.matches == [("Hooli XYZ, Inc.", str(K["org-hooli"]), "lei"),
                              ("PP Group", str(K["org-pied-piper"]), "isin")]
    g = graph(result.turtle)
    assert g.value(K["org-hooli"], SKOS.altLabel) == rdflib.Literal("Hooli XYZ, Inc.")
    assert g.value(K["org-hooli"], C.lei) is None  # already curated
    assert (K["org-acme-widgets-sbti"], rdflib.RDF.type, C.Company) in g
    assert g.value(K["org-acme-widgets"], None) is None
    messages = {p.row: p.message for p in result.problems}
    assert "not merged" in messages[4] and "kgr:org-acme-widgets-sbti" in messages[4]
    assert "several curated organisations" in messages[5]


# -- conformance and determinism ------------------------------------------------------------------

def test_output_conforms_to_the_shapes_with_the_curated_data(project, seed_store, tmp_path):
    rows = [ACME, BETA, company("Microsoft Corporation", **{"BA1.5": "Yes"}), company("Gamma AG", ISIN="bad")]
    companies = sbti.import_companies(write_companies(tmp_path / "c-2023-01-09.xlsx", rows), seed_store)
    prog = sbti.import_progress(write_progress(tmp_path / "p.xlsx", [
        progress("Acme Widgets"), progress("Acme Widgets", **{"Target scope": "Scope 3", "Target year": 2050,
                                                              "Base year": 2019, "Target Timeframe": None}),
        progress("Microsoft"), no_data("Beta Foods Ltd")]), companies.turtle, seed_store)
    files = []
    for name, result in (("sbti-companies.ttl", companies), ("sbti-progress.ttl", prog)):
        (tmp_path / name).write_bytes(result.turtle)
        files.append(tmp_path / name)
    report = validate_store(store_for_files(project, project.data_files() + files), project, owl=False)
    assert [f for f in report.findings if f.severity == "Violation"] == []
    warned = {f.source.rsplit("#", 1)[-1] for f in report.findings}
    assert warned <= {"PledgeTargetYearRequiredShape", "OrganisationIdentifierShape",
                      "ArticleDatePublishedRequiredShape", "DatasetAccessDateRequiredShape"}


def test_quote_checks_apply_to_dataset_records(project, acme, tmp_path):
    turtle = sbti.import_companies(acme).turtle.decode("utf-8")
    broken = turtle.replace('oa:exact "Date: 01/02/2022"', 'oa:exact "Date: 02/02/2022"', 1)
    assert broken != turtle
    (tmp_path / "broken.ttl").write_text(broken, encoding="utf-8")
    report = validate_store(store_for_files(project, [tmp_path / "broken.ttl"]), project, owl=False)
    bad = {(f.source.rsplit("#", 1)[-1], f.focus) for f in report.findings if f.severity == "Violation"}
    ev = re.search(r"kgr:(ev-[\w-]+)-quote a oa:TextQuoteSelector ;\n\toa:exact \"Date: 02/02/2022\"", broken)
    assert bad == {("EvidenceQuoteInArticleShape", f"{K}{ev.group(1)}")}


def test_reimport_is_byte_identical(acme, seed_store):
    first = sbti.import_companies(acme, seed_store).turtle
    assert sbti.import_companies(acme, seed_store).turtle == first
    assert first.startswith(b"# Imported by `kg import sbti` from companies-taking-action-2023-01-09.xlsx")
    assert b"CC BY-NC 4.0" in first


# -- progress -------------------------------------------------------------------------------------

def test_progress_rows_attach_to_the_matching_pledges(acme, tmp_path):
    companies = sbti.import_companies(acme)
    rows = [progress("Acme Widgets"),
            progress("ACME WIDGETS S.A.", **{"Target scope": "Scope 3", "Target type": "Intensity"}),
            progress("Acme Widgets", **{"Target year": 2050, "Target Timeframe": "2019 to 2050 (2020)"}),
            progress("Acme Widgets", **{"Target year": 2040, "Target Timeframe": "2019 to 2040 (2020)"}),
            progress("Unknown Corp"),
            no_data("Beta Foods Ltd"),
            progress("Beta Foods Ltd", **{"Target year": None, "Base year": None, "Reporting year": None})]
    result = sbti.import_progress(write_progress(tmp_path / "p.xlsx", rows), companies.turtle)
    assert [(p.row, p.column) for p in result.unmatched] == [(6, "Target year"), (7, "Company name")]
    assert "later than the near-term pledge's (2030)" in result.unmatched[0].message
    assert "'Unknown Corp' is not an organisation" in result.unmatched[1].message
    c = result.counts
    assert (c["rows"], c["description_rows"], c["progress_records"], c["unmatched_rows"], c["no_progress_data"]) == (
        7, 1, 4, 2, 1)
    assert ("ACME WIDGETS S.A.", str(K["org-acme-widgets"]), "normalised name") in result.matches
    g = graph(result.turtle)
    p = K["progress-acme-widgets-sbti-scope-1-2-absolute-2019-2030"]
    assert g.value(p, C.progressOf) == K["pledge-acme-widgets-sbti-near-term"]
    assert set(g.objects(p, C.coversScope)) == {C.Scope1, C.Scope2}
    assert str(g.value(p, C.completionPercentage)) == "18.0257703355529"  # exactly 100 x the cell
    assert str(g.value(p, C.elapsedPercentage)) == "9.09090909090909"
    assert g.value(p, C.targetPercentage).toPython() == 50
    assert (g.value(p, C.baselineYear), g.value(p, C.targetYear), g.value(p, C.progressYear)) == (
        rdflib.Literal(2019), rdflib.Literal(2030), rdflib.Literal(2020))
    assert str(g.value(p, C.targetType)) == "Absolute" and str(g.value(p, C.progressSource)) == "CDP"
    assert g.value(K["progress-acme-widgets-sbti-scope-1-2-absolute-2019-2050"], C.progressOf) == \
        K["pledge-acme-widgets-sbti-long-term"]
    beta = K["progress-beta-foods-ltd-sbti-scope-1-2-absolute-2019-2030"]  # years from the timeframe
    assert g.value(beta, C.progressOf) == K["pledge-beta-foods-ltd-sbti-near-term"]
    assert g.value(beta, C.progressYear) == rdflib.Literal(2020)
    assert sbti.import_progress(tmp_path / "p.xlsx", companies.turtle).turtle == result.turtle


# -- errors and the command line ------------------------------------------------------------------

def test_unusable_files_are_one_line_errors(tmp_path):
    with pytest.raises(KgError, match="nope.xlsx: no such file"):
        sbti.import_companies(tmp_path / "nope.xlsx")
    (tmp_path / "text.xlsx").write_text("Company Name,ISIN\n", encoding="utf-8")
    with pytest.raises(KgError, match="not an .xlsx workbook"):
        sbti.import_companies(tmp_path / "text.xlsx")
    with pytest.raises(KgError, match="is a directory"):
        sbti.import_companies(tmp_path)
    short = write_companies(tmp_path / "short.xlsx", [ACME], columns=sbti.COMPANY_COLUMNS[:5])
    with pytest.raises(KgError) as err:
        sbti.import_companies(short)
    assert "'Near term - Target Year'" in str(err.value) and "'Extension'" in str(err.value)
    with pytest.raises(KgError, match="lacks the expected column"):
        sbti.import_progress(short, b"")


def _args(root: Path, *argv: str) -> argparse.Namespace:
    return parser().parse_args(["--root", str(root), *argv])


def test_cmd_import_writes_imported_files_and_lists_problems(project, acme, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KG_BUILD_DIR", str(tmp_path / "build"))
    out = tmp_path / "imported"
    rows = [ACME, BETA, company(None)]
    workbook = write_companies(tmp_path / "companies-taking-action-2023-01-09.xlsx", rows)
    args = _args(project.root, "import", "sbti", str(workbook), "--output-dir", str(out))
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "organisations" in text and "row 4: Company Name: no company name: row not imported" in text
    first = (out / "sbti-companies.ttl").read_bytes()
    assert args.func(args) == 0 and (out / "sbti-companies.ttl").read_bytes() == first
    capsys.readouterr()
    prog = write_progress(tmp_path / "p.xlsx", [progress("Acme Widgets"), progress("Nobody")])
    args = _args(project.root, "import", "sbti-progress", str(prog), "--output-dir", str(out), "-f", "json",
                 "--accessed", "2023-01-09")
    assert args.func(args) == 0
    import json

    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["progress_records"] == 1 and report["unmatched"][0]["row"] == 4
    assert (out / "sbti-progress.ttl").is_file()
    with pytest.raises(KgError, match="no such file"):
        args = _args(project.root, "import", "sbti", str(tmp_path / "missing.xlsx"), "--output-dir", str(out))
        args.func(args)


def test_progress_needs_the_companies_import_first(project, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_BUILD_DIR", str(tmp_path / "build"))
    prog = write_progress(tmp_path / "p.xlsx", [progress("Acme Widgets")])
    args = _args(project.root, "import", "sbti-progress", str(prog), "--output-dir", str(tmp_path / "empty"))
    with pytest.raises(KgError, match="run `kg import sbti"):
        args.func(args)


# -- the real workbooks (only when ../shared holds them) -----------------------------------------

needs_real = pytest.mark.skipif(not REAL_COMPANIES.is_file(), reason="SBTi workbooks not in ../shared")


@pytest.fixture(scope="module")
def real(project):
    if not REAL_COMPANIES.is_file():
        pytest.skip("SBTi workbooks not in ../shared")
    known = Store.memory()
    assemble(known, project, project.ontology_files() + project.data_files())
    companies = sbti.import_companies(REAL_COMPANIES, known)
    prog = sbti.import_progress(REAL_PROGRESS, companies.turtle, known, accessed="2023-01-09")
    return known, companies, prog


@needs_real
def test_real_workbooks_import_with_every_row_accounted_for(real):
    _, companies, prog = real
    c = companies.counts
    assert c["rows"] == 4382 and c["organisations"] == 4377 and c["problems_duplicate"] == 5
    assert c["organisations"] + c["problems_duplicate"] + c.get("problems_missing_name", 0) == c["rows"]
    matched = {name: iri.rsplit("/", 1)[-1] for name, iri, _ in companies.matches}
    assert matched["Microsoft Corporation"] == "org-microsoft" and matched["Netflix"] == "org-netflix"
    assert matched["Amazon"] == "org-amazon" and matched["ENGIE"] == "org-engie"
    p = prog.counts
    assert p["rows"] == 1315 and p["progress_records"] > 900
    assert (p["progress_records"] + p["unmatched_rows"] + p["no_progress_data"] + p.get("problems_duplicate", 0)
            + p.get("problems_missing_name", 0)) == p["rows"]


@needs_real
def test_real_import_passes_the_quality_queries_and_quote_checks(project, real, tmp_path):
    known, companies, prog = real
    store = Store.memory()
    assemble(store, project, project.ontology_files() + project.data_files())
    store.load_turtle_bytes(companies.turtle, sbti.IMPORTED_GRAPH_NS + "sbti-companies.ttl", "c")
    store.load_turtle_bytes(prog.turtle, sbti.IMPORTED_GRAPH_NS + "sbti-progress.ttl", "p")
    rows = store.select("""PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX schema: <https://schema.org/>
        SELECT ?ev ?src ?s ?e WHERE { ?ev oa:hasSource ?src ; oa:hasSelector ?q, ?p . ?q oa:exact ?x .
          ?p oa:start ?s ; oa:end ?e . ?src schema:text ?t
          FILTER (SUBSTR(STR(?t), ?s + 1, ?e - ?s) != STR(?x)) }""").rows
    assert rows == []
    findings = [f for f in run_violation_queries(store, project) if f.severity == "Violation"]
    assert findings == []


@needs_real
def test_a_sample_of_the_real_workbook_conforms_to_the_shapes(project, seed_store, tmp_path):
    src = openpyxl.load_workbook(REAL_COMPANIES, read_only=True).active
    wb = openpyxl.Workbook()
    for i, row in enumerate(src.iter_rows(values_only=True)):
        if i > 40:
            break
        wb.active.append(row)
    wb.save(tmp_path / "companies-taking-action-2023-01-09.xlsx")
    result = sbti.import_companies(tmp_path / "companies-taking-action-2023-01-09.xlsx", seed_store)
    (tmp_path / "sample.ttl").write_bytes(result.turtle)
    report = validate_store(store_for_files(project, project.data_files() + [tmp_path / "sample.ttl"]), project,
                            owl=False)
    assert [f for f in report.findings if f.severity == "Violation"] == []
