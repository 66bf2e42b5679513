"""The store's versioned folders (kg/store/versions.py): a command keeps the store it opened whatever
builds do beside it, and any command removes what killed builds left behind."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

from kg.project import Project
from kg.store.build import open_built
from kg.store.versions import hold_live

from ..conftest import kg

BAD = ("Traceback", "Corruption", "Mismatch", "No such file", "MemoryError")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _build(project: Project, *args: str):
    res = kg("build", *args, cwd=project.root)
    assert res.returncode == 0, res.stderr
    return res


class BuildsInALoop:
    """`kg build --full` run again and again in the background (at most `limit` times) until stopped."""

    def __init__(self, project: Project, limit: int):
        self.project, self.limit, self.results = project, limit, []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self) -> None:
        while not self.stop.is_set() and len(self.results) < self.limit:
            self.results.append(kg("build", "--full", cwd=self.project.root))

    def __enter__(self) -> "BuildsInALoop":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        for res in self.results:
            assert res.returncode == 0 and not any(b in res.stderr for b in BAD), res.stderr


def test_stores_opened_beside_full_builds_are_always_whole(curated):
    """Open the built store and count its triples, again and again, while builds swap it: every open
    gives the whole store (before: "Corruption: Mismatch in unique ID", "Sst file size mismatch",
    "No such file" on an .sst file, about one open in 50, read through the build/store link)."""
    _build(curated)
    expected = open_built(curated).triple_count()
    counts, errors = [], []
    # enough of both whatever the machine's load: at least 10 builds and 60 opens (at most 40 builds)
    with BuildsInALoop(curated, limit=40) as builds:
        while builds.thread.is_alive() and not (len(builds.results) >= 10 and len(counts) >= 60):
            try:
                store = open_built(curated)
                counts.append(store.triple_count())
                store.close()
            except Exception as exc:  # noqa: BLE001 -- any failure is what this test looks for
                errors.append(repr(exc))
    assert not errors, errors[:3]
    assert len(builds.results) >= 10 and len(counts) >= 60 and set(counts) == {expected}


def test_commands_that_rebuild_beside_full_builds_each_read_one_whole_store(curated):
    """`kg query` and `kg stats` rebuild first (a source was touched) while `kg build --full` runs in a
    loop beside them: every answer is the reference answer, no command reports corruption or a
    missing file (before, 3 of 4 runs read the other build's files through the build/store link)."""
    _build(curated)
    query = ("query", "provider_pledges", "-f", "csv")
    reference = {"query": kg(*query, cwd=curated.root).stdout, "stats": kg("stats", cwd=curated.root).stdout}
    assert "Amazon" in reference["query"] and "triples" in reference["stats"]
    answers, source = [], curated.data_dir / "entities.ttl"
    first = source.stat().st_mtime_ns
    with BuildsInALoop(curated, limit=60) as builds:
        for _ in range(6):
            for name, args in (("query", query), ("stats", ("stats",))):
                stamp = first + 1_000_000 * (len(answers) + 1)
                os.utime(source, ns=(stamp, stamp))  # same content, new time: the command rebuilds first
                answers.append((name, kg(*args, cwd=curated.root)))
    assert sum("building..." in res.stderr for _, res in answers) >= len(answers) // 2  # they did rebuild
    for name, res in answers:
        assert res.returncode == 0 and not any(b in res.stderr for b in BAD), (name, res.stderr)
        assert res.stdout == reference[name], (name, res.stderr)
    assert len(builds.results) >= 3


def test_a_build_never_removes_a_store_a_command_has_open(curated):
    _build(curated)
    folder, hold = hold_live(curated.build_dir)
    try:
        _build(curated, "--full")
        _build(curated, "--full")
        assert folder.is_dir()  # swapped out twice, still there: held
        assert os.readlink(curated.build_dir / "store") != folder.name
        kg("stats", cwd=curated.root)
        assert folder.is_dir()
    finally:
        hold.release()
    assert kg("stats", cwd=curated.root).returncode == 0  # once released, the next command removes it
    assert not folder.exists()
    versions = [p.name for p in curated.build_dir.iterdir() if p.name.startswith("store-")]
    assert versions == [os.readlink(curated.build_dir / "store")]


def test_an_open_store_keeps_answering_after_builds_swap_it_out(curated):
    _build(curated)
    store = open_built(curated)
    before = store.triple_count()
    (curated.data_dir / "zz-extra.ttl").write_text("<http://e/s> <http://e/p> <http://e/o> .\n", encoding="utf-8")
    _build(curated, "--full")
    _build(curated, "--full")
    assert store.triple_count() == before  # the store it opened, whole, not the new one
    store.close()
    assert open_built(curated).triple_count() == before + 1


def test_any_command_removes_what_dead_builds_left_and_keeps_what_live_ones_use(curated):
    _build(curated)
    out, dead, alive = curated.build_dir, _dead_pid(), os.getpid()
    for pid in (dead, alive):
        (out / f".store.tmp-{pid}").mkdir()
        (out / f".store.tmp-{pid}" / "000001.sst").write_bytes(b"half a store")
        (out / f"store-20200101000000-{pid}").mkdir()
        (out / f".manifest.json.tmp-{pid}").write_text("{")
        (out / f".inferred.trig.tmp-{pid}").write_text("")
        os.symlink(f"store-20200101000000-{pid}", out / f".store.link-{pid}")
    res = kg("stats", cwd=curated.root)  # current: no build, only the sweep every command does
    assert res.returncode == 0 and "building" not in res.stderr, res.stderr
    left = sorted(p.name for p in out.iterdir())
    assert not [name for name in left if name.endswith(f"-{dead}")], left
    assert [name for name in left if name.endswith(f"-{alive}")] == sorted(
        [f".store.tmp-{alive}", f"store-20200101000000-{alive}", f".manifest.json.tmp-{alive}",
         f".inferred.trig.tmp-{alive}", f".store.link-{alive}"])


def test_the_command_after_a_killed_build_removes_its_leftovers(curated):
    _build(curated)
    bulk = ["@prefix ex: <http://example.org/> ."] + [f"ex:s{i} ex:p ex:o{i} ." for i in range(200_000)]
    (curated.data_dir / "zz-bulk.ttl").write_text("\n".join(bulk) + "\n", encoding="utf-8")
    build = subprocess.Popen([sys.executable, "-m", "kg", "build"], cwd=curated.root,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tmp = curated.build_dir / f".store.tmp-{build.pid}"
    for _ in range(3000):  # wait until it writes its temporary store
        if tmp.is_dir() or build.poll() is not None:
            break
        threading.Event().wait(0.01)
    build.kill()
    build.wait()
    assert tmp.is_dir(), "the build ended before it could be killed mid-way"
    (curated.data_dir / "zz-bulk.ttl").unlink()  # sources as built: the next command does not build
    res = kg("stats", cwd=curated.root)
    assert res.returncode == 0 and "building" not in res.stderr, res.stderr
    assert not tmp.exists()
    assert sorted(p.name for p in curated.build_dir.iterdir()) == sorted(
        ["changes.jsonl", "manifest.json", "store", os.readlink(curated.build_dir / "store")])
