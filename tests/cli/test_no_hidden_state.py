"""No hidden state: a command's output depends on its arguments and the sources, never on an earlier
`--infer`; a stale inferred graph is never rebuilt inside a command that did not ask for it."""
from __future__ import annotations

import json

import pytest

from kg.iris import INFERRED_GRAPH
from kg.project import Project
from kg.store.embedded import Store

from ..conftest import copy_sources
from ..reason.test_reasoning import JAVA, needs_java


PLEDGE = '"Amazon pledges net-zero carbon by 2040 under The Climate Pledge"@en'
EDITED = '"Amazon pledges net-zero carbon by 2040 (edited)"@en'


@pytest.fixture(autouse=True)
def own_build_dir(monkeypatch):
    monkeypatch.delenv("KG_BUILD_DIR", raising=False)  # each copy's build/, as the subprocesses see it


def kgc(run_kg, project: Project, *args: str, env: dict | None = None):
    return run_kg("--root", str(project.root), *args, env={"KG_BUILD_DIR": "", **(env or {})})


def outputs(run_kg, project: Project) -> dict[str, str]:
    """What export, query and stats print, each checked to succeed."""
    commands = {"export": ("export", "-f", "nquads"), "turtle": ("export",),
                "query": ("query", "platform_dependencies", "-f", "csv"),
                "pledges": ("query", "provider_pledges", "-f", "csv"), "stats": ("stats", "-f", "json")}
    out = {}
    for name, args in commands.items():
        res = kgc(run_kg, project, *args)
        assert res.returncode == 0, res.stderr
        out[name] = res.stdout
    return out


def manifest(project: Project) -> dict:
    return json.loads((project.build_dir / "manifest.json").read_text())


@pytest.mark.parametrize("between", [("build", "--infer"), ("build", "--infer", "--engine", "rl"),
                                     ("query", "platform_dependencies", "--infer")],
                         ids=["build-infer", "build-infer-rl", "query-infer"])
def test_export_query_and_stats_print_the_same_bytes_after_an_infer_command(run_kg, tmp_path, between):
    if "rl" not in between and not JAVA:
        pytest.skip("HermiT needs Java")
    copy = copy_sources(tmp_path)
    assert kgc(run_kg, copy, "build").returncode == 0
    before = outputs(run_kg, copy)
    res = kgc(run_kg, copy, *between)
    assert res.returncode == 0, res.stderr
    assert manifest(copy)["infer"] is True  # the build now holds the inferred graph...
    after = outputs(run_kg, copy)
    assert after == before  # ...and no command without --infer sees it
    assert json.loads(after["stats"])["inferred_triples"] == 0
    assert len(after["query"].splitlines()) == 1  # header only: platform_dependencies needs inferred facts
    # the same commands with --infer do see it: the comparison above can fail
    inferred = kgc(run_kg, copy, "export", "-f", "nquads", "--infer")
    assert inferred.returncode == 0 and f"<{INFERRED_GRAPH}> ." in inferred.stdout
    assert set(before["export"].splitlines()) < set(inferred.stdout.splitlines())
    stats = json.loads(kgc(run_kg, copy, "stats", "-f", "json", "--infer").stdout)
    assert stats["inferred_triples"] > 100
    assert len(kgc(run_kg, copy, "query", "platform_dependencies", "-f", "csv", "--infer").stdout.splitlines()) == 4


@needs_java
def test_after_a_source_edit_only_infer_starts_the_reasoner(run_kg, tmp_path):
    copy = copy_sources(tmp_path / "edited")
    assert kgc(run_kg, copy, "build", "--infer").returncode == 0
    meta = copy.build_dir / "inferred.json"
    stamp = (meta.stat().st_mtime_ns, meta.read_bytes())
    source = copy.data_dir / "003-amazon.ttl"
    text = source.read_text(encoding="utf-8")
    assert PLEDGE in text
    source.write_text(text.replace(PLEDGE, EDITED), encoding="utf-8")
    # no Java at all: a command that tried HermiT would fail
    no_java = {"PATH": str(tmp_path / "no-java-here"), "JAVA_HOME": ""}
    res = kgc(run_kg, copy, "query", "provider_pledges", "-f", "csv", env=no_java)
    assert res.returncode == 0, res.stderr
    assert res.stderr.splitlines()[0] == "kg: sources changed since the last build: building..."
    assert "reasoning" not in res.stderr and "HermiT" not in res.stderr
    assert (meta.stat().st_mtime_ns, meta.read_bytes()) == stamp  # inferred.json not rewritten
    assert manifest(copy)["infer"] is False and "inferred" not in manifest(copy)
    # the right rows: those of a fresh build of the edited sources
    fresh = copy_sources(tmp_path / "fresh")
    (fresh.data_dir / "003-amazon.ttl").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    expected = kgc(run_kg, fresh, "query", "provider_pledges", "-f", "csv")
    assert expected.returncode == 0 and res.stdout == expected.stdout
    assert "(edited)" in res.stdout
    # --infer says it reasons, then gives the inferred rows, with the edit
    res = kgc(run_kg, copy, "query", "platform_dependencies", "-f", "csv", "--infer")
    assert res.returncode == 0, res.stderr
    lines = res.stderr.splitlines()
    assert lines[0] == "kg: --infer: this build has no inferred facts: adding them..."
    assert any(line.startswith("kg: reasoning with HermiT over ") for line in lines)
    assert len(res.stdout.splitlines()) == 4 and "(edited)" in res.stdout
    assert manifest(copy)["infer"] is True and meta.stat().st_mtime_ns != stamp[0]


@needs_java
def test_a_stale_inferred_graph_is_rebuilt_only_by_infer_and_says_so(run_kg, tmp_path):
    copy = copy_sources(tmp_path)
    assert kgc(run_kg, copy, "build", "--infer").returncode == 0
    (copy.data_dir / "003-amazon.ttl").write_text(
        (copy.data_dir / "003-amazon.ttl").read_text(encoding="utf-8").replace(PLEDGE, EDITED), encoding="utf-8")
    for command in (("export", "-f", "nt"), ("stats",), ("validate", "--no-owl")):
        res = kgc(run_kg, copy, *command)
        assert res.returncode == 0, res.stderr
        assert "reasoning" not in res.stderr and not manifest(copy)["infer"], (command, res.stderr)
    res = kgc(run_kg, copy, "stats", "-f", "json", "--infer")
    assert res.returncode == 0, res.stderr
    assert res.stderr.splitlines()[0] == "kg: --infer: this build has no inferred facts: adding them..."
    assert json.loads(res.stdout)["inferred_triples"] > 100


@needs_java
def test_a_plain_build_drops_the_inferred_graph_and_infer_reuses_it_without_reasoning(run_kg, tmp_path):
    copy = copy_sources(tmp_path)
    assert kgc(run_kg, copy, "build", "--infer").returncode == 0
    res = kgc(run_kg, copy, "build")
    assert res.returncode == 0 and "reasoning" not in res.stderr, res.stderr
    assert manifest(copy)["infer"] is False and INFERRED_GRAPH not in manifest(copy)["graphs"]
    res = kgc(run_kg, copy, "query", "platform_dependencies", "-f", "csv", "--infer")
    assert res.returncode == 0, res.stderr
    assert "reusing inferred.trig" in res.stderr and "reasoning with" not in res.stderr
    assert len(res.stdout.splitlines()) == 4


def test_serve_snapshots_hold_the_inferred_graph_only_with_infer(run_kg, tmp_path):
    from kg.remote.serve import snapshot

    copy = copy_sources(tmp_path)
    assert kgc(run_kg, copy, "build", "--infer", "--engine", "rl").returncode == 0
    copy = Project(copy.root)
    for infer, held in ((None, False), (False, False), (True, True)):
        store = Store.open_read_only(snapshot(copy, infer, print))
        assert (INFERRED_GRAPH in store.graphs()) is held, infer
        store.close()


@needs_java
def test_the_reasoner_of_infer_is_the_commands_own_not_the_last_builds(run_kg, tmp_path):
    """`--infer` reasons with HermiT, `--infer --engine rl` with OWL 2 RL, whichever engine inferred the build
    before: the same answer as on a fresh copy (HermiT gives 5 subclass axioms OWL 2 RL cannot)."""
    fresh, used = copy_sources(tmp_path / "fresh"), copy_sources(tmp_path / "used")
    wanted = {}
    for engine in ("hermit", "rl"):
        res = kgc(run_kg, fresh, "stats", "--infer", "--engine", engine, "-f", "json")
        assert res.returncode == 0, res.stderr
        wanted[engine] = json.loads(res.stdout)
    assert wanted["hermit"] != wanted["rl"]
    for engine in ("rl", "hermit", "rl", "hermit"):
        res = kgc(run_kg, used, "stats", "--infer", *(["--engine", engine] if engine == "rl" else []), "-f", "json")
        assert res.returncode == 0 and json.loads(res.stdout) == wanted[engine], (engine, res.stderr)
    res = kgc(run_kg, used, "stats", "--engine", "rl")
    assert res.returncode == 2 and "--infer" in res.stderr
