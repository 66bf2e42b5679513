"""Hostile entries in data/ (kg/project.py's source checks, kg/store/build.py's graph names,
kg/store/embedded.py's Turtle loading): refused in one line naming the entry, the previous build
untouched; odd but harmless names and encodings work."""
from __future__ import annotations

import json
import os
import shutil

import pytest

from kg.project import Project
from kg.store.build import graph_iri
from kg.store.embedded import Store

from ..conftest import built_copy, kg

TURTLE = "@prefix ex: <http://example.org/> .\nex:thing ex:name \"caf\u00e9\" .\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    return built_copy(tmp_path_factory.mktemp("sources") / "project")


def _refused(project: Project, name: str, message: str) -> None:
    """Every command refuses in one line naming the entry; the previous build stays as it was."""
    manifest = (project.build_dir / "manifest.json").read_bytes()
    link = os.readlink(project.build_dir / "store")
    for args in (("build",), ("build", "--full"), ("stats",), ("query", "provider_pledges")):
        res = kg(*args, cwd=project.root)
        assert res.returncode == 2, (args, res.stderr)
        assert res.stderr.count("\n") == 1 and name in res.stderr and message in res.stderr, (args, res.stderr)
        assert "Traceback" not in res.stderr
    assert (project.build_dir / "manifest.json").read_bytes() == manifest
    assert os.readlink(project.build_dir / "store") == link


@pytest.fixture
def entry(built):
    """A path in data/ removed after the test, whatever it became."""
    made = []

    def make(name: str):
        made.append(built.data_dir / name)
        return made[-1]

    yield make
    for path in made:
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.exists():
            shutil.rmtree(path)
    assert kg("build", cwd=built.root).returncode == 0


def test_a_symlink_to_a_file_outside_the_project_is_refused(built, entry, tmp_path):
    outside = tmp_path / "secret.ttl"
    outside.write_text('@prefix ex: <http://example.org/> .\nex:secret ex:is "outside" .\n', encoding="utf-8")
    os.symlink(outside, entry("leak.ttl"))
    _refused(built, "data/leak.ttl", "outside the project")
    assert "outside" not in Store.open_read_only(built.build_dir / "store").select(
        "SELECT ?o WHERE { ?s <http://example.org/is> ?o }").rows


def test_a_folder_linked_to_outside_the_project_is_refused(built, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "facts.ttl").write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "c" .\n', encoding="utf-8")
    os.symlink(outside, built.root / "imported")  # imported/ is git-ignored, but a link to it can be committed
    try:
        _refused(built, "facts.ttl", "outside the project")
    finally:
        (built.root / "imported").unlink()


def test_a_symlink_to_dev_zero_is_refused_at_once(built, entry):
    os.symlink("/dev/zero", entry("zero.ttl"))
    _refused(built, "data/zero.ttl", "outside the project")


def test_a_fifo_and_a_folder_named_like_turtle_are_refused(built, entry):
    os.mkfifo(entry("pipe.ttl"))
    _refused(built, "data/pipe.ttl", "a FIFO, not a plain file")
    os.unlink(built.data_dir / "pipe.ttl")
    entry("folder.ttl").mkdir()
    _refused(built, "data/folder.ttl", "a folder, not a plain file")


def test_a_dangling_symlink_is_one_line_in_every_command(built, entry):
    os.symlink("gone.ttl", entry("dangling.ttl"))
    _refused(built, "data/dangling.ttl", "a symbolic link to gone.ttl, which does not exist")


def test_a_symlink_inside_the_project_is_its_own_source(built, entry):
    shared = built.root / "shared.ttl"
    shared.write_text(TURTLE, encoding="utf-8")
    try:
        os.symlink("../shared.ttl", entry("alias.ttl"))
        res = kg("build", cwd=built.root)
        assert res.returncode == 0, res.stderr
        manifest = json.loads((built.build_dir / "manifest.json").read_text())
        assert graph_iri("data/alias.ttl") in manifest["graphs"] and "data/alias.ttl" in manifest["sources"]
    finally:
        shared.unlink()
        (built.data_dir / "alias.ttl").unlink()


@pytest.mark.parametrize("name,iri_tail", [
    ("with space.ttl", "with%20space.ttl"), ("a>b.ttl", "a%3Eb.ttl"), ('say "hi".ttl', "say%20%22hi%22.ttl"),
    ("{x}.ttl", "%7Bx%7D.ttl"), ("100%zz.ttl", "100%25zz.ttl"), ("caf\u00e9.ttl", "caf\u00e9.ttl"),
    ("a|b^c`d\\e.ttl", "a%7Cb%5Ec%60d%5Ce.ttl"),
])
def test_odd_file_names_get_percent_encoded_graph_names(built, entry, name, iri_tail):
    entry(name).write_text(TURTLE, encoding="utf-8")
    res = kg("build", cwd=built.root)
    assert res.returncode == 0, res.stderr
    graphs = json.loads((built.build_dir / "manifest.json").read_text())["graphs"]
    assert "https://w3id.org/climate-commitments/graph/data/" + iri_tail in graphs
    store = Store.open_read_only(built.build_dir / "store")
    rows = store.select(f"SELECT ?n WHERE {{ GRAPH <{graph_iri('data/' + name)}> {{ ?s ?p ?n }} }}").rows
    assert [r[0].value for r in rows] == ["caf\u00e9"]


def test_ordinary_names_keep_their_graph_names():
    assert graph_iri("data/000-netflix.ttl") == "https://w3id.org/climate-commitments/graph/data/000-netflix.ttl"
    assert graph_iri("seeds/003_3f05cd81590e013e.txt") == \
        "https://w3id.org/climate-commitments/graph/seeds/003_3f05cd81590e013e.txt"
    assert graph_iri("imported/sbti-targets~v2.ttl").endswith("/imported/sbti-targets~v2.ttl")


def test_an_error_in_a_file_with_an_odd_name_names_it(built, entry):
    entry("bad name {1}.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    res = kg("build", cwd=built.root)
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert "data/bad name {1}.ttl:2:" in res.stderr and "invalid Turtle" in res.stderr


def test_a_utf8_byte_order_mark_is_accepted(built, entry):
    entry("bom.ttl").write_bytes(b"\xef\xbb\xbf" + TURTLE.encode("utf-8"))
    res = kg("build", cwd=built.root)
    assert res.returncode == 0, res.stderr
    store = Store.open_read_only(built.build_dir / "store")
    assert store.select("SELECT ?n WHERE { ?s <http://example.org/name> ?n }").rows[0][0].value == "caf\u00e9"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_gets_a_hint_naming_the_file(built, entry, encoding):
    entry("wide.ttl").write_bytes(TURTLE.encode(encoding))  # utf-16: with a byte-order mark; -le/-be: without
    res = kg("build", cwd=built.root)
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert "data/wide.ttl: UTF-16: convert to UTF-8" in res.stderr
