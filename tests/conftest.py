"""Shared fixtures: the project checkout and the seed graph, built in memory once per session."""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store.build import assemble
from kg.project import Project
from kg.store.embedded import Store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def seed_store(project) -> Store:
    """Ontology + article metadata + texts + curated facts: what `kg build` stores."""
    store = Store.memory()
    assemble(store, project, project.ontology_files() + project.data_files())
    return store


@pytest.fixture(scope="session")
def java_available() -> bool:
    return shutil.which("java") is not None


def kg(*args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None):
    """Run the real `kg` command line in a subprocess; returns CompletedProcess (text)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, input=input, timeout=600)


@pytest.fixture
def run_kg():
    return kg


SOURCES = ("ontology", "seeds", "data", "shapes", "queries")  # what a clean clone builds (no imported/)


def copy_sources(target: Path) -> Project:
    """A copy of the curated sources at `target`."""
    for name in SOURCES:
        shutil.copytree(ROOT / name, target / name)
    return Project(target)


def built_copy(target: Path) -> Project:
    """A copy of the curated sources at `target`, built by `kg build` (which must succeed)."""
    project = copy_sources(target)
    res = kg("build", cwd=target)
    assert res.returncode == 0, res.stderr
    return project


def store_with(project: Project, turtle: str) -> Store:
    """An in-memory store holding the ontology and `turtle` (synthetic data of a test)."""
    store = Store.memory()
    for path in project.ontology_files():
        store.load_turtle(path, "urn:test:ontology")
    store.load_turtle_bytes(turtle.encode(), "urn:test:data", "synthetic")
    return store


@pytest.fixture
def curated(tmp_path) -> Project:
    """A copy of the curated sources only: what a clean clone builds (a local imported/ is left out)."""
    return copy_sources(tmp_path / "project")


# -- property tests: how many examples ran -----------------------------------------------------
# Every Hypothesis test's body is wrapped (through `.hypothesis.inner_test`, the hook Hypothesis
# provides for this) to count the examples it ran; the summary line states the totals.

_EXAMPLES: dict[str, int] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    handle = getattr(getattr(item, "obj", None), "hypothesis", None)
    inner = getattr(handle, "inner_test", None)
    if inner is None:
        yield
        return
    nodeid = item.nodeid
    _EXAMPLES.setdefault(nodeid, 0)

    @functools.wraps(inner)  # the same name, signature and source for Hypothesis
    def counted(*args, **kwargs):
        _EXAMPLES[nodeid] += 1
        return inner(*args, **kwargs)

    handle.inner_test = counted
    try:
        yield
    finally:
        handle.inner_test = inner


def pytest_terminal_summary(terminalreporter):
    if _EXAMPLES:
        total, tests = sum(_EXAMPLES.values()), len(_EXAMPLES)
        terminalreporter.write_line(f"hypothesis: {total:,} examples ran over {tests} property "
                                    f"test{'s' if tests != 1 else ''}")
