"""The `kg` command line end to end, on a throwaway copy of the project (the checkout's own
build/ is never touched)."""
from __future__ import annotations

import csv
import io
import json
import shutil

import pyoxigraph as ox
import pytest

from kg.store.build import is_current
from kg.project import Project

from ..conftest import ROOT

SOURCES = ("ontology", "seeds", "data", "shapes", "queries")


@pytest.fixture
def copy(tmp_path) -> Project:
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name)
    return Project(tmp_path)


def kgc(run_kg, project: Project, *args: str):
    return run_kg("--root", str(project.root), *args, env={"KG_BUILD_DIR": ""})


def test_build_loads_every_source_and_every_article_text(run_kg, copy, seed_store):
    res = kgc(run_kg, copy, "build")
    assert res.returncode == 0, res.stderr
    manifest = json.loads((copy.build_dir / "manifest.json").read_text())
    assert manifest["quads"] == int(seed_store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0].value)
    assert f"store: {manifest['quads']} quads (a triple two source files state counts twice) from " in res.stdout
    assert set(manifest["sources"]) == {copy.rel(p) for p in copy.source_files()}
    store = ox.Store.read_only(str(copy.build_dir / "store"))
    texts = {str(r["f"].value): r["t"].value for r in store.query(
        "SELECT ?f ?t WHERE { ?a <https://w3id.org/climate-commitments/ontology#seedFile> ?f ; <https://schema.org/text> ?t }",
        use_default_graph_as_union=True)}
    assert len(texts) == 4
    for name, text in texts.items():
        assert text == (copy.seeds_dir / name).read_text(encoding="utf-8")


def test_query_builds_on_first_use_and_rebuilds_after_an_edit(run_kg, copy):
    res = kgc(run_kg, copy, "query", "pledges_by_target_year", "--format", "csv")
    assert res.returncode == 0, res.stderr
    assert "building" in res.stderr and is_current(copy)
    assert kgc(run_kg, copy, "query", "pledges_by_target_year").stderr == ""  # no rebuild
    with open(copy.data_dir / "000-netflix.ttl", "a", encoding="utf-8") as fh:
        fh.write("\nkgr:org-netflix skos:altLabel \"N\" .\n")
    res = kgc(run_kg, copy, "query", "pledges_by_target_year")
    assert res.returncode == 0 and "sources changed" in res.stderr


def _dump(project: Project) -> bytes:
    from kg.store.embedded import Store

    store = Store.open_read_only(project.build_dir / "store")
    try:
        return store.ntriples() + "\n".join(store.graphs()).encode()
    finally:
        store.close()


def test_build_reloads_only_what_changed_and_equals_a_full_build(run_kg, copy):
    assert kgc(run_kg, copy, "build").returncode == 0
    assert json.loads((copy.build_dir / "manifest.json").read_text())["update"]["mode"] == "full"
    # an edited fact file, a removed one, an edited article text
    netflix = copy.data_dir / "000-netflix.ttl"
    netflix.write_text(netflix.read_text(encoding="utf-8") + '\nkgr:org-netflix skos:altLabel "Netflix Inc."@en .\n',
                       encoding="utf-8")
    (copy.data_dir / "001-xiaomi.ttl").unlink()
    text = copy.seeds_dir / "003_3f05cd81590e013e.txt"
    text.write_text(text.read_text(encoding="utf-8") + "(Updated.)\n", encoding="utf-8")
    res = kgc(run_kg, copy, "build")
    assert res.returncode == 0, res.stderr
    update = json.loads((copy.build_dir / "manifest.json").read_text())["update"]
    assert update == {"mode": "incremental",
                      "reloaded": ["data/000-netflix.ttl", "seeds/003_3f05cd81590e013e.txt", "data/001-xiaomi.ttl"]}
    assert "reloaded 3 of" in res.stderr
    incremental = _dump(copy)
    assert b'"Netflix Inc."@en' in incremental and b"pledge-xiaomi-net-zero" not in incremental
    assert b"(Updated.)" in incremental
    assert kgc(run_kg, copy, "build", "--full").returncode == 0
    assert _dump(copy) == incremental
    # nothing changed: nothing reloaded
    assert kgc(run_kg, copy, "build").returncode == 0
    assert json.loads((copy.build_dir / "manifest.json").read_text())["update"]["reloaded"] == []


def test_malformed_turtle_names_file_line_and_column_and_keeps_the_previous_build(run_kg, copy):
    assert kgc(run_kg, copy, "build").returncode == 0
    before = (copy.build_dir / "manifest.json").read_text()
    path = copy.data_dir / "001-xiaomi.ttl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(20, "kgr:broken cckg:targetYear \"2040 .")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = kgc(run_kg, copy, "build")
    assert res.returncode == 2
    assert res.stderr.startswith("kg: error: data/001-xiaomi.ttl:21:") and len(res.stderr.splitlines()) == 1
    assert (copy.build_dir / "manifest.json").read_text() == before
    store = ox.Store.read_only(str(copy.build_dir / "store"))  # the previous build is intact
    assert len(store) > 1000


def test_article_that_is_not_utf8_is_refused_by_name(run_kg, copy):
    path = copy.seeds_dir / "002_a0dce402356df52f.txt"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))  # as a Windows editor would save it
    res = kgc(run_kg, copy, "build")
    assert res.returncode == 2
    assert "seeds/002_a0dce402356df52f.txt: not UTF-8" in res.stderr and len(res.stderr.splitlines()) == 1


def test_missing_article_file_is_named(run_kg, copy):
    (copy.seeds_dir / "003_3f05cd81590e013e.txt").unlink()
    res = kgc(run_kg, copy, "build")
    assert res.returncode == 2 and "seeds/003_3f05cd81590e013e.txt: missing" in res.stderr


def test_query_output_formats_agree(run_kg, copy):
    outputs = {fmt: kgc(run_kg, copy, "query", "pledges_by_target_year", "-f", fmt) for fmt in ("table", "csv", "tsv", "json")}
    assert all(r.returncode == 0 for r in outputs.values()), {k: r.stderr for k, r in outputs.items()}
    rows = list(csv.reader(io.StringIO(outputs["csv"].stdout)))
    js = json.loads(outputs["json"].stdout)
    tsv = outputs["tsv"].stdout.splitlines()
    assert rows[0] == js["head"]["vars"] == [v.lstrip("?") for v in tsv[0].split("\t")]
    assert len(rows) - 1 == len(js["results"]["bindings"]) == len(tsv) - 1 >= 5
    assert f"({len(rows) - 1} rows)" in outputs["table"].stdout


def test_query_errors_are_one_line(run_kg, copy):
    res = kgc(run_kg, copy, "query", "pledges_by_target_yaer")
    assert res.returncode == 2 and "did you mean pledges_by_target_year" in res.stderr
    res = kgc(run_kg, copy, "query", "pledges_by_target_year", "-p", "year=20x0")
    assert res.returncode == 2 and "'20x0' is not an integer" in res.stderr
    res = kgc(run_kg, copy, "query", "pledges_by_target_year", "-p", "colour=green")
    assert res.returncode == 2 and "unknown parameter 'colour'" in res.stderr
    for res in (kgc(run_kg, copy, "query", "pledges_by_target_yaer"), kgc(run_kg, copy, "query", "x.rq")):
        assert len(res.stderr.strip().splitlines()) == 1


def test_queries_lists_every_saved_query_with_its_summary(run_kg, copy):
    res = kgc(run_kg, copy, "queries", "--format", "json")
    listed = json.loads(res.stdout)
    assert {q["name"] for q in listed} == {p.stem for p in copy.saved_queries()}
    assert all(q["summary"] for q in listed)


@pytest.mark.parametrize("fmt,oxfmt", [("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                                        ("xml", ox.RdfFormat.RDF_XML), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_export_parses_to_the_same_triples_as_the_build(run_kg, copy, tmp_path, fmt, oxfmt):
    out = tmp_path / f"export.{fmt}"
    res = kgc(run_kg, copy, "export", "--format", fmt, "-o", str(out))
    assert res.returncode == 0, res.stderr
    store = ox.Store.read_only(str(copy.build_dir / "store"))
    built = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in store)
    exported = ox.Dataset(ox.parse(path=str(out), format=oxfmt))
    built.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    exported.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert len(built) > 1000 and set(map(str, built)) == set(map(str, exported))


def test_export_is_deterministic_and_protects_curated_files(run_kg, copy):
    first = kgc(run_kg, copy, "export").stdout
    assert first == kgc(run_kg, copy, "export").stdout
    target = copy.data_dir / "000-netflix.ttl"
    before = target.read_bytes()
    res = kgc(run_kg, copy, "export", "-o", str(target))
    assert res.returncode == 2 and "refusing to overwrite" in res.stderr
    assert target.read_bytes() == before


def test_stats_count_what_the_graph_holds(run_kg, copy, seed_store):
    res = kgc(run_kg, copy, "stats", "--format", "json")
    stats = json.loads(res.stdout)
    def count(cls):
        return int(seed_store.select(
            "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
            f"<https://w3id.org/climate-commitments/ontology#{cls}> }}").rows[0][0].value)
    assert stats["articles"] == 4
    assert stats["pledges"] == count("Pledge") >= 8
    assert stats["organisations"] == count("Organisation")
    assert stats["emission_figures"] == count("EmissionFigure")
    assert stats["facts_without_evidence"] == 0


def test_help_everywhere(run_kg):
    for cmd in ([], ["build"], ["validate"], ["query"], ["queries"], ["export"], ["stats"], ["push"], ["serve"]):
        res = run_kg(*cmd, "--help")
        assert res.returncode == 0 and "usage: kg" in res.stdout


def test_no_project_is_a_clear_error(run_kg, tmp_path):
    res = run_kg("--root", str(tmp_path), "stats")
    assert res.returncode == 2 and "not a knowledge-graph project" in res.stderr


def test_query_runs_a_sparql_file_with_its_own_parameters(run_kg, copy, tmp_path):
    rq = tmp_path / "targets.rq"
    rq.write_text("#+ summary: targets of one organisation\n"
                  "PREFIX cckg: <https://w3id.org/climate-commitments/ontology#>\n"
                  "SELECT ?year WHERE { ?p cckg:madeBy ?_org_iri ; cckg:targetYear ?year } ORDER BY ?year\n",
                  encoding="utf-8")
    res = kgc(run_kg, copy, "query", str(rq), "-p", "org=Xiaomi", "-f", "csv")
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["year", "2026", "2040"]  # e-waste 2022-2026, carbon neutral 2040
    res = kgc(run_kg, copy, "query", str(rq))
    assert res.returncode == 2 and "parameter 'org' is required" in res.stderr


def test_an_incremental_build_drops_graphs_no_source_names_any_more(run_kg, copy):
    """When a source's graph IRI changes (as when the namespace moved), the old graph must not linger."""
    import pyoxigraph as ox

    assert kgc(run_kg, copy, "build").returncode == 0
    live = (copy.build_dir / "store").resolve()
    stale = "https://w3id.org/" + "cckg/graph/data/000-netflix.ttl"  # a graph name of the earlier namespace
    store = ox.Store(str(live))
    store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                      ox.Literal("left over"), ox.NamedNode(stale)))
    store.flush()
    del store
    netflix = copy.data_dir / "000-netflix.ttl"
    netflix.write_text(netflix.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    res = kgc(run_kg, copy, "build")
    assert res.returncode == 0 and f"dropped 1 graph(s) no source names any more: {stale}" in res.stderr
    incremental = _dump(copy)
    assert b"left over" not in incremental and stale.encode() not in incremental
    assert kgc(run_kg, copy, "build", "--full").returncode == 0
    assert _dump(copy) == incremental


@pytest.mark.parametrize("fmt,oxfmt", [("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS)])
def test_export_of_the_dataset_keeps_every_named_graph(run_kg, copy, tmp_path, fmt, oxfmt):
    """trig and nquads carry the build's per-file graphs (what kg push --graphs will recreate), deterministically."""
    out = tmp_path / f"export.{fmt}"
    assert kgc(run_kg, copy, "export", "-f", fmt, "-o", str(out)).returncode == 0
    store = ox.Store.read_only(str(copy.build_dir / "store"))
    built, exported = ox.Dataset(store), ox.Dataset(ox.parse(path=str(out), format=oxfmt))
    built.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    exported.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert len(built) > 1000 and set(map(str, built)) == set(map(str, exported))
    assert len({q.graph_name for q in exported}) == len(list(store.named_graphs())) >= 10
    again = tmp_path / f"again.{fmt}"
    assert kgc(run_kg, copy, "export", "-f", fmt, "-o", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()
