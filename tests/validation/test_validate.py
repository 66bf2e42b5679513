"""SHACL shapes and quality-control queries: the shipped graph conforms; every invalid fixture
fails on exactly the shape and focus node it declares (`# expect: <shape> <focus>`)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rdflib

from kg.cli import main
from kg.validation import FORMATS, store_for_files, validate_store

from ..conftest import FIXTURES

EXPECT = re.compile(r"^#\s*expect(-warning)?:\s*<([^>]+)>\s+<([^>]+)>\s*$", re.M)


def fixtures(kind: str) -> list[Path]:
    return sorted((FIXTURES / kind).glob("*.ttl"))


def expectations(path: Path) -> tuple[set, set]:
    violations, warnings = set(), set()
    for warning, shape, focus in EXPECT.findall(path.read_text(encoding="utf-8")):
        (warnings if warning else violations).add((shape, focus))
    return violations, warnings


def report_for(project, path: Path):
    return validate_store(store_for_files(project, [path]), project, owl=False)


def test_there_are_fixtures_of_each_kind():
    assert len(fixtures("valid")) >= 3
    assert len(fixtures("invalid")) >= 14
    for f in fixtures("invalid"):
        assert expectations(f)[0], f"{f.name} declares no `# expect:` line"


@pytest.mark.parametrize("path", fixtures("valid"), ids=lambda p: p.name)
def test_valid_fixture_conforms(project, path):
    report = report_for(project, path)
    assert [f for f in report.findings if f.severity == "Violation"] == []


@pytest.mark.parametrize("path", fixtures("invalid"), ids=lambda p: p.name)
def test_invalid_fixture_fails_on_its_shape_and_focus(project, path, tmp_path):
    """Through the command line: exit 1, and violations on exactly the declared shape and focus."""
    expected, _ = expectations(path)
    out = tmp_path / "report.json"
    assert main(["--root", str(project.root), "validate", "--no-owl", "-f", "json", "-o", str(out), str(path)]) == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    got = {(r["source"], r["focus"]) for r in report["results"] if r["severity"] == "Violation"}
    assert got == expected


@pytest.mark.parametrize("path", fixtures("warning"), ids=lambda p: p.name)
def test_warning_fixture_warns_but_conforms(project, path):
    _, expected = expectations(path)
    report = report_for(project, path)
    assert report.conforms()
    assert expected <= {(f.source, f.focus) for f in report.findings if f.severity == "Warning"}
    assert not report.conforms("Warning")


def test_shipped_graph_conforms_with_owl(run_kg, tmp_path, curated):
    """What CI checks on every change: `kg validate` over the built graph exits 0."""
    res = run_kg("--root", str(curated.root), "validate", "--format", "json",
                 env={"KG_BUILD_DIR": str(tmp_path / "build")})
    assert res.returncode == 0, res.stdout + res.stderr
    report = json.loads(res.stdout)
    assert report["conforms"] is True and report["violations"] == 0
    assert report["checks"]["owl"] in ("HermiT: consistent", ) or report["checks"]["owl"].startswith("skipped")


def test_report_formats(project):
    path = fixtures("invalid")[0]
    report = report_for(project, path)
    g = rdflib.Graph().parse(data=FORMATS["turtle"](report), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.conforms, rdflib.Literal(False)) in g
    assert len(list(g.subjects(rdflib.RDF.type, sh.ValidationResult))) == len(report.findings)
    data = json.loads(FORMATS["json"](report))
    assert data["conforms"] is False and data["violations"] == report.count("Violation")
    table = FORMATS["table"](report)
    assert table.splitlines()[0].split()[:3] == ["severity", "focus", "path"]
    assert "VIOLATION" in FORMATS["human"](report)


def test_validate_reports_missing_and_malformed_files(project, tmp_path, capsys):
    assert main(["--root", str(project.root), "validate", str(tmp_path / "nope.ttl")]) == 2
    assert "nope.ttl: no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b \"unclosed .\n", encoding="utf-8")
    assert main(["--root", str(project.root), "validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert re.search(r"bad\.ttl:2:\d+: invalid Turtle", err) and len(err.splitlines()) == 1


def test_quality_queries_catch_a_typo_and_a_duplicate_with_their_severities(project, tmp_path):
    valid = (FIXTURES / "valid" / "pledge-complete.ttl").read_text(encoding="utf-8")
    draft = tmp_path / "draft.ttl"
    draft.write_text(valid + """
kgr:org-typo-co a cckg:Company ; rdfs:label "ACME cloud" ; cckg:websiteUrl "https://hooli.example" .
""", encoding="utf-8")
    report = report_for(project, draft)
    typo = [f for f in report.findings if f.source == "undeclared-term-violation.rq"]
    assert [(f.severity, f.focus, f.value) for f in typo] == [
        ("Violation", "https://w3id.org/climate-commitments/id/org-typo-co", "https://w3id.org/climate-commitments/ontology#websiteUrl")]
    dup = [f for f in report.findings if f.source == "duplicate-label-violation.rq"]
    assert dup and {f.severity for f in dup} == {"Warning"}
    assert not report.conforms()
