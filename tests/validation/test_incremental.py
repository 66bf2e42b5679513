"""Incremental validation (kg.validation.incremental, issue 18): after each change to the curated
sources, an incremental `kg validate` gives exactly the findings of a full one. The changes target
every family of check (shapes with sh:class across files, SHACL-SPARQL constraints, the quality
queries, the global duplicate-label query), in data, in an article text, and whole files."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.store.build import build, open_built
from kg.validation.incremental import validate_build

from ..conftest import built_copy, kg

# (file, old text, new text): applied one after the other, each undone or kept as the next needs
CHANGES = [
    # an organisation's class misspelt: undeclared term here, sh:class failures on facts in other files
    ("data/entities.ttl", "kgr:org-amazon a cckg:Company ;", "kgr:org-amazon a cckg:Compagny ;"),
    ("data/entities.ttl", "kgr:org-amazon a cckg:Compagny ;", "kgr:org-amazon a cckg:Company ;"),  # fixed again
    # an offset one character off: evidence IRI query, quote-offset SPARQL constraint (two triples away)
    ("data/003-amazon.ttl", "oa:start 0 ; oa:end 108 .", "oa:start 1 ; oa:end 108 ."),
    # a reference to an organisation nobody describes
    ("data/003-amazon.ttl", "cckg:emittedBy kgr:org-amazon ;\n    cckg:reportingYear 2024 ;\n    cckg:amount 68.25",
     "cckg:emittedBy kgr:org-amazone ;\n    cckg:reportingYear 2024 ;\n    cckg:amount 68.25"),
    # two organisations with one label (a global query: the two are far apart in the graph)
    ("data/entities.ttl", 'rdfs:label "Netflix" ;', 'rdfs:label "Amazon" ;'),
    # an organisation renamed: the facts of another file that cite it now dangle
    ("data/entities.ttl", "kgr:org-cryptopolitan a cckg:Publisher ;", "kgr:org-cryptopolitan-news a cckg:Publisher ;"),
    # an evidence no longer cited
    ("data/003-amazon.ttl", "cckg:evidence kgr:ev-3f05cd81590e013e-376-529 .",
     "cckg:evidence kgr:ev-3f05cd81590e013e-0-108 ."),
    # shares of one figure adding up to more than 100 (targetObjectsOf, GROUP BY in a constraint)
    ("data/000-netflix.ttl", "cckg:percentage 5.0 ;", "cckg:percentage 50.0 ;"),
    # a target year before the announcement
    ("data/000-netflix.ttl", "cckg:targetYear 2022 ;", "cckg:targetYear 2020 ;"),
    # an IRI off the kgr:{kind}-{slug} pattern
    ("data/003-amazon.ttl", "kgr:statement-cryptopolitan-amazon-2024-rise-data-centres a",
     "kgr:Statement_Rise a"),
    # the article text changed under a quote
    ("seeds/003_3f05cd81590e013e.txt", "Les émissions de carbone d'Amazon", "Les émissions de CO2 d'Amazon"),
    # a whole source file removed, then a new one added
    ("data/002-blue-soft-empower.ttl", None, None),
    ("data/900-new.ttl", None,
     "@prefix cckg: <https://w3id.org/climate-commitments/ontology#> .\n"
     "@prefix kgr: <https://w3id.org/climate-commitments/id/> .\n"
     "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
     "kgr:pledge-new-2030 a cckg:NetZeroPledge ; rdfs:label \"A new pledge\"@en ;\n"
     "    cckg:madeBy kgr:org-netflix ; cckg:targetYear \"2030\" .\n"),
]


def apply(root: Path, change) -> None:
    path, old, new = root / change[0], change[1], change[2]
    if old is None and new is None:
        path.unlink()
    elif old is None:
        path.write_text(new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (change[0], old)
        path.write_text(text.replace(old, new), encoding="utf-8")


def findings(project, full: bool) -> tuple[list, list[str]]:
    notes: list[str] = []
    store = open_built(project, infer=False)
    try:
        report = validate_build(store, project, owl=False, full=full, log=notes.append)
    finally:
        store.close()
    rows = sorted((f.severity, f.source, f.focus or "", f.path or "", f.value or "", f.message, f.nested)
                  for f in report.findings)
    return rows, notes + report.notes


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return built_copy(tmp_path_factory.mktemp("incremental") / "project")


def test_each_change_gives_the_findings_of_a_full_validation(project):
    first, _ = findings(project, full=True)
    seen = {tuple(first)}
    for change in CHANGES:
        apply(project.root, change)
        build(project)
        incremental, notes = findings(project, full=False)
        assert any("validated incrementally" in n for n in notes), (change, notes)  # not a silent full run
        full, _ = findings(project, full=True)
        assert incremental == full, (change, sorted(set(incremental) ^ set(full)))
        seen.add(tuple(full))
    assert len(seen) >= len(CHANGES) - 1  # nearly every change changed the findings: the test sees something


def test_what_the_journal_cannot_vouch_for_is_validated_in_full(tmp_path):
    project = built_copy(tmp_path / "project")
    findings(project, full=True)
    shapes = project.root / "shapes" / "cckg-shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    _, notes = findings(project, full=False)
    assert any("shapes, quality queries, ontology or kg changed" in n for n in notes), notes
    build(project, full=True)
    _, notes = findings(project, full=False)
    assert any("from scratch" in n for n in notes), notes
    state = project.build_dir / "validation-state.json"
    findings(project, full=True)
    state.write_text(state.read_text(encoding="utf-8").replace('"findings": [[', '"findings": [[1, '), encoding="utf-8")
    _, notes = findings(project, full=False)
    assert any("validation-state.json cannot be read" in n for n in notes), notes
    apply(project.root, ("data/entities.ttl", "kgr:org-amazon a cckg:Company ;",
                         "kgr:org-amazon a cckg:Company ; cckg:note [ rdfs:label \"x\" ] ;"))
    build(project)
    _, notes = findings(project, full=False)
    assert any("blank node" in n for n in notes), notes


def test_kg_validate_says_it_was_incremental_and_fails_as_a_full_run_does(tmp_path):
    project = built_copy(tmp_path / "project")
    assert kg("validate", "--no-owl", cwd=project.root).returncode == 0
    apply(project.root, CHANGES[0])
    res = kg("validate", "--no-owl", "-f", "json", cwd=project.root)
    assert res.returncode == 1 and "validated incrementally" in res.stderr, res.stderr
    full = kg("validate", "--no-owl", "--full", "-f", "json", cwd=project.root)
    assert full.returncode == 1 and "incrementally" not in full.stderr
    assert res.stdout == full.stdout


def test_a_literal_focus_node_is_rechecked_when_its_triple_changes(tmp_path):
    # a shape whose focus nodes are literals (the objects of cckg:confidence): the changed literal is
    # itself an affected node, though no walk reaches it
    project = built_copy(tmp_path / "project")
    (project.root / "shapes" / "zz-literal-focus.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix cckg: <https://w3id.org/climate-commitments/ontology#> .\n"
        "<urn:test:ConfidenceAtMostOne> a sh:NodeShape ; sh:targetObjectsOf cckg:confidence ;\n"
        "    sh:maxInclusive 1.0 .\n", encoding="utf-8")
    before, _ = findings(project, full=True)
    apply(project.root, ("data/003-amazon.ttl", "cckg:confidence 0.9 ;", "cckg:confidence 1.5 ;"))
    build(project)
    incremental, notes = findings(project, full=False)
    assert any("validated incrementally" in n for n in notes), notes
    assert incremental == findings(project, full=True)[0]
    assert [f[2] for f in incremental if f[1] == "urn:test:ConfidenceAtMostOne"] == ["1.5"]
    assert not [f for f in before if f[1] == "urn:test:ConfidenceAtMostOne"]
