"""The build's journal of changed nodes (kg.store.changes, build/changes.jsonl), which incremental
validation starts from: exactly the nodes of the triples an incremental build added or removed."""
from __future__ import annotations

from kg.store.build import build, read_manifest
from kg.store.changes import read, since

from ..conftest import built_copy

AMAZON = "<https://w3id.org/climate-commitments/id/org-amazon>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def test_an_incremental_build_records_the_nodes_of_the_triples_it_changed(tmp_path):
    project = built_copy(tmp_path / "p")
    first = read_manifest(project)["id"]
    assert read(project.build_dir) == [{"build": first, "full": True}]
    entities = project.root / "data" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8").replace('rdfs:label "Amazon" ;', 'rdfs:label "Amazon.com" ;'),
                        encoding="utf-8")
    build(project)
    second = read_manifest(project)["id"]
    changed = ({AMAZON, LABEL, '"Amazon"', '"Amazon.com"'}, {AMAZON})  # literal objects too: a focus may be one
    assert since(project.build_dir, first, second) == changed
    entities.touch()  # rewritten, same triples: reloaded, nothing changed
    build(project)
    third = read_manifest(project)["id"]
    assert since(project.build_dir, second, third) == (set(), set())
    assert since(project.build_dir, first, third) == changed
    (project.root / "data" / "002-blue-soft-empower.ttl").unlink()
    build(project)
    nodes, subjects = since(project.build_dir, third, read_manifest(project)["id"])
    assert "<https://w3id.org/climate-commitments/id/org-blue-soft-empower>" in nodes and len(subjects) > 20
    build(project, full=True)  # from scratch: the journal cannot tell what changed since any earlier build
    assert since(project.build_dir, third, read_manifest(project)["id"]) is None
    assert since(project.build_dir, "no-such-build", read_manifest(project)["id"]) is None
