"""`kg shacl`: a general SHACL validator over any RDF files, with pySHACL's exit codes and W3C reports."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import rdflib

from ..conftest import ROOT, kg

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
EX = "http://example.org/"
SHAPES = f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:age ; sh:maxInclusive 150 ; sh:datatype xsd:decimal ] ;
    sh:property [ sh:path ( ex:knows ex:name ) ; sh:minCount 1 ; sh:severity sh:Warning ] .
"""
VALID = f"""@prefix ex: <{EX}> . ex:ann a ex:Person ; ex:age 42.0 ; ex:knows [ ex:name "Bo" ] ."""
INVALID = f"""@prefix ex: <{EX}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:bob a ex:Person ; ex:age "151.0"^^xsd:decimal ."""


@pytest.fixture
def files(tmp_path):
    out = {}
    for name, text in (("shapes.ttl", SHAPES), ("valid.ttl", VALID), ("invalid.ttl", INVALID)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        out[name] = tmp_path / name
    return out


def report(stdout: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=stdout, format="turtle")
    return g


def results(g: rdflib.Graph) -> set:
    return {(g.value(r, SH.focusNode), g.value(r, SH.value), g.value(r, SH.resultSeverity),
             g.value(r, SH.sourceConstraintComponent)) for r in g.subjects(rdflib.RDF.type, SH.ValidationResult)}


def test_conforming_data_exits_0_with_a_conforming_report(files):
    res = kg("shacl", str(files["valid.ttl"]), "--shapes", str(files["shapes.ttl"]), "-f", "turtle")
    assert res.returncode == 0, res.stderr
    g = report(res.stdout)
    assert next(g.objects(None, SH.conforms)) == rdflib.Literal(True) and not results(g)


def test_a_violation_and_a_warning_exit_1_and_are_reported_with_the_data_graphs_own_terms(files):
    res = kg("shacl", str(files["invalid.ttl"]), "--shapes", str(files["shapes.ttl"]), "-f", "turtle")
    assert res.returncode == 1, res.stderr
    g = report(res.stdout)
    assert next(g.objects(None, SH.conforms)) == rdflib.Literal(False)
    decimal = rdflib.Literal("151.0", datatype=rdflib.XSD.decimal)
    assert results(g) == {
        (rdflib.URIRef(EX + "bob"), decimal, SH.Violation, SH.MaxInclusiveConstraintComponent),
        (rdflib.URIRef(EX + "bob"), None, SH.Warning, SH.MinCountConstraintComponent)}
    assert str(next(o for o in g.objects(None, SH.value))) == "151.0"  # as written, not the store's "151"
    sequence = [p for p in g.objects(None, SH.resultPath) if isinstance(p, rdflib.BNode)]
    assert len(sequence) == 1 and list(rdflib.collection.Collection(g, sequence[0])) == [
        rdflib.URIRef(EX + "knows"), rdflib.URIRef(EX + "name")]  # the complex path, as SHACL path nodes


def test_fail_on_decides_the_exit_code_not_the_report(files):
    only_warning = files["valid.ttl"].with_name("warn.ttl")
    only_warning.write_text(f"@prefix ex: <{EX}> . ex:cy a ex:Person ; ex:age 3.0 .", encoding="utf-8")
    args = ("shacl", str(only_warning), "--shapes", str(files["shapes.ttl"]), "-f", "turtle")
    strict, lenient = kg(*args), kg(*args, "--fail-on", "violation")
    assert (strict.returncode, lenient.returncode) == (1, 0)
    for res in (strict, lenient):
        assert next(report(res.stdout).objects(None, SH.conforms)) == rdflib.Literal(False)


def test_both_engines_report_the_same_results(files):
    ours = kg("shacl", str(files["invalid.ttl"]), "--shapes", str(files["shapes.ttl"]), "-f", "turtle")
    ref = kg("shacl", str(files["invalid.ttl"]), "--shapes", str(files["shapes.ttl"]), "-f", "turtle",
             "--engine", "pyshacl")
    assert ours.returncode == ref.returncode == 1
    assert results(report(ours.stdout)) == results(report(ref.stdout))


def test_standard_input_and_relative_iris_resolve_against_the_files_own_url(files, tmp_path):
    data = "@prefix ex: <http://example.org/> . <person/dee> a ex:Person ; ex:age 200.0 ."
    from_file = tmp_path / "rel.ttl"
    from_file.write_text(data, encoding="utf-8")
    res = kg("shacl", str(from_file), "--shapes", str(files["shapes.ttl"]), "-f", "json")
    assert res.returncode == 1
    focus = {r["focus"] for r in json.loads(res.stdout)["results"]}
    assert focus == {from_file.as_uri()[:-len("rel.ttl")] + "person/dee"}
    piped = kg("shacl", "-", "--shapes", str(files["shapes.ttl"]), "-f", "json", input=data)
    assert piped.returncode == 1 and "person/dee" in piped.stdout


def test_junit_lists_one_case_per_shape_and_one_failure_per_violation(files):
    res = kg("shacl", str(files["invalid.ttl"]), "--shapes", str(files["shapes.ttl"]), "-f", "junit")
    assert res.returncode == 1
    root = ET.fromstring(res.stdout)
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == [EX + "PersonShape"]
    assert len(root.findall(".//failure")) == 1 and root.get("failures") == "1"


@pytest.mark.parametrize("bad,message", [
    ("nowhere.ttl", "nowhere.ttl: no such file"),
    ("data.csv", "unknown RDF format .csv"),
    ("broken.ttl", "broken.ttl: invalid RDF"),
])
def test_bad_input_is_one_line_and_exit_2(files, tmp_path, bad, message):
    if bad != "nowhere.ttl":
        (tmp_path / bad).write_text("this is ( not RDF", encoding="utf-8")
    res = kg("shacl", str(tmp_path / bad), "--shapes", str(files["shapes.ttl"]))
    assert res.returncode == 2 and message in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_an_ill_formed_sparql_constraint_is_refused_not_run(files, tmp_path):
    shapes = tmp_path / "minus.ttl"
    shapes.write_text(f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{EX}> .
ex:S a sh:NodeShape ; sh:targetClass ex:Person ;
  sh:sparql [ sh:select "SELECT $this WHERE {{ $this ?p ?o MINUS {{ $this ?p 1 }} }}" ] .""", encoding="utf-8")
    res = kg("shacl", str(files["invalid.ttl"]), "--shapes", str(shapes))
    assert res.returncode == 2 and "must not contain MINUS" in res.stderr


def test_kg_validate_turtle_is_a_w3c_report_that_does_not_conform_while_warnings_exist():
    res = kg("validate", "-f", "turtle", "--no-owl", cwd=ROOT)
    assert res.returncode == 0, res.stderr  # warnings only: exit 0 by default
    g = report(res.stdout)
    found = list(g.subjects(rdflib.RDF.type, SH.ValidationResult))
    assert found and next(g.objects(None, SH.conforms)) == rdflib.Literal(False)
    for r in found:  # every result names its component and a shape
        assert g.value(r, SH.sourceConstraintComponent) is not None and g.value(r, SH.sourceShape) is not None
        assert g.value(r, SH.resultSeverity) in (SH.Violation, SH.Warning, SH.Info)


@pytest.mark.parametrize("shapes,cycle", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:Person ; sh:property [ sh:path ex:knows ; sh:node ex:S ] .",
     "<http://example.org/S> -(sh:property)-> a blank-node shape of <http://example.org/S> -(sh:node)-> "
     "<http://example.org/S>"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:Person ; sh:or ( ex:S ) .", "<http://example.org/S> -(sh:or)->"),
    ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P . ex:P sh:path ex:p ; sh:property ex:P .",
     "<http://example.org/P> -(sh:property)-> <http://example.org/P>"),
])
def test_a_recursive_shape_is_refused_in_one_line_naming_the_cycle(files, tmp_path, shapes, cycle):
    path = tmp_path / "recursive.ttl"
    path.write_text(f"@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{EX}> .\n{shapes}", encoding="utf-8")
    res = kg("shacl", str(files["invalid.ttl"]), "--shapes", str(path))
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1, res.stderr[-300:]
    assert "recursive shapes are not supported" in res.stderr and cycle in res.stderr
