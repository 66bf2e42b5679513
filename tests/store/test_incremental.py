"""Incremental builds that remove sources (kg/store/build.py, Store.remove_graph): the graph goes, the
counts are right, and removing a large source costs no more than adding it."""
from __future__ import annotations

import json

from kg.store import embedded
from kg.store.build import graph_iri, open_built
from kg.store.embedded import Store

from ..conftest import kg


def _dir_bytes(folder) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_removing_a_large_source_leaves_the_store_as_if_it_was_never_added(curated):
    res = kg("build", cwd=curated.root)
    assert res.returncode == 0, res.stderr
    before = json.loads((curated.build_dir / "manifest.json").read_text())
    reference = kg("query", "provider_pledges", "-f", "csv", cwd=curated.root).stdout
    size_before = _dir_bytes(curated.build_dir / "store")
    big = curated.data_dir / "zz-big.ttl"  # 2 MB, 80k triples: more than the rest of the project
    lines = ["@prefix ex: <http://example.org/> ."]
    lines += [f'ex:s{i} ex:p{i % 7} ex:o{i % 1013} ; ex:label "item {i}" .' for i in range(40_000)]
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert kg("build", cwd=curated.root).returncode == 0
    added = json.loads((curated.build_dir / "manifest.json").read_text())
    assert added["quads"] == before["quads"] + 80_000 and graph_iri("data/zz-big.ttl") in added["graphs"]

    big.unlink()
    res = kg("build", cwd=curated.root)
    assert res.returncode == 0, res.stderr
    assert "building from scratch: faster than removing 2 MB" in res.stderr  # not quad by quad
    after = json.loads((curated.build_dir / "manifest.json").read_text())
    assert after["quads"] == before["quads"] and after["graphs"] == before["graphs"]
    store = open_built(curated)
    assert graph_iri("data/zz-big.ttl") not in store.graphs()
    assert store.select("ASK { ?s <http://example.org/p1> ?o }").rows[0][0].value == "false"
    store.close()
    assert kg("query", "provider_pledges", "-f", "csv", cwd=curated.root).stdout == reference
    # quad-by-quad removal left 35 times the store's size behind (tombstones over the removed data)
    assert _dir_bytes(curated.build_dir / "store") < 2 * size_before


def test_a_small_change_beside_large_sources_stays_incremental(curated):
    big = curated.data_dir / "zz-big.ttl"
    big.write_text("@prefix ex: <http://example.org/> .\n"
                   + "".join(f'ex:s{i} ex:label "item {i}" .\n' for i in range(60_000)), encoding="utf-8")
    assert kg("build", cwd=curated.root).returncode == 0
    (curated.data_dir / "000-netflix.ttl").unlink()
    res = kg("build", cwd=curated.root)
    assert res.returncode == 0 and "from scratch" not in res.stderr, res.stderr
    manifest = json.loads((curated.build_dir / "manifest.json").read_text())
    assert manifest["update"]["mode"] == "incremental" and "data/000-netflix.ttl" in manifest["update"]["reloaded"]
    assert graph_iri("data/000-netflix.ttl") not in manifest["graphs"]


def test_a_graph_larger_than_one_removal_transaction_is_removed_whole(monkeypatch):
    monkeypatch.setattr(embedded, "REMOVE_CHUNK", 7)
    store = Store.memory()
    body = "".join(f'<http://e/s{i}> <http://e/p> [ <http://e/q> "{i}" ] .\n' for i in range(40))
    store.load_turtle_bytes(body.encode(), "http://g/big", "big")
    store.load_turtle_bytes(body.encode(), "http://g/kept", "kept")
    store.load_turtle_bytes(b"<http://e/a> <http://e/b> <http://e/c> .\n", "http://g/small", "small")
    assert len(store) == 161
    store.remove_graph("http://g/big")  # 80 quads, 7 a transaction
    assert store.graphs() == ["http://g/kept", "http://g/small"] and len(store) == 81
    store.remove_graph("http://g/small")
    assert store.graphs() == ["http://g/kept"] and len(store) == 80
