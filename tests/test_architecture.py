"""The layout holds: packages import only the layers docs/architecture.md allows, no import cycles,
no module over 600 lines, no private name used across packages, tests mirror the packages."""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KG = ROOT / "kg"
MAX_LINES = 600


@dataclass(frozen=True)
class Import:
    source: str  # the importing module (dotted)
    target: str  # the imported module (dotted), or a module's attribute owner
    names: tuple[str, ...]  # names taken from the target ("" for a plain `import x`)
    line: int
    file: Path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(dotted: str) -> bool:
    return (ROOT / dotted.replace(".", "/") / "__init__.py").is_file()


def is_module(dotted: str) -> bool:
    return is_package(dotted) or (ROOT / (dotted.replace(".", "/") + ".py")).is_file()


def imports_of(path: Path, text: str | None = None) -> list[Import]:
    """Every import in a file, at any depth (inside functions too), resolved to modules of ours."""
    source = module_name(path)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8") if text is None else text)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "kg":
                    found.append(Import(source, alias.name, ("",), node.lineno, path))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "kg":
                continue
            for alias in node.names:  # `from kg.x import y`: y may itself be a module
                sub = f"{target}.{alias.name}"
                if is_module(sub):
                    found.append(Import(source, sub, ("",), node.lineno, path))
                else:
                    found.append(Import(source, target, (alias.name,), node.lineno, path))
    return found


def layer(dotted: str) -> str:
    """The package a module belongs to: kg.store.build -> kg.store; kg.iris -> kg (top level)."""
    if dotted == "kg.__main__":  # `python -m kg`: the command line
        return "kg.cli"
    parts = dotted.split(".")
    if len(parts) >= 2 and is_package(".".join(parts[:2])):
        return ".".join(parts[:2])
    return "kg"


def kg_files() -> list[Path]:
    return sorted(KG.rglob("*.py"))


def allowed_imports() -> dict[str, set[str] | None]:
    """The table of docs/architecture.md: package -> the packages it may import (None: all)."""
    table = {}
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for row in re.findall(r"^\| `(kg[\w.]*)`[^|]*\|[^|]*\| ([^|]+) \|$", text, re.M):
        package, may = row
        table[package] = None if "every package" in may else set(re.findall(r"`(kg[\w.]*)`", may))
    return table


def test_the_architecture_table_names_every_package_and_nothing_else():
    packages = {"kg"} | {module_name(p.parent) for p in KG.glob("*/__init__.py")}
    assert set(allowed_imports()) == packages


def test_no_package_imports_a_layer_it_may_not():
    table = allowed_imports()
    wrong = []
    for path in kg_files():
        for imp in imports_of(path):
            mine, theirs = layer(imp.source), layer(imp.target)
            allowed = table[mine]
            if mine != theirs and allowed is not None and theirs not in allowed:
                wrong.append(f"{imp.file.relative_to(ROOT)}:{imp.line}: {mine} imports {imp.target}")
    assert wrong == []


def test_no_import_cycle_between_modules():
    graph: dict[str, set[str]] = {module_name(p): set() for p in kg_files()}
    for path in kg_files():
        for imp in imports_of(path):
            if imp.target in graph and imp.target != imp.source:
                graph[imp.source].add(imp.target)
    cycles = [sorted(c) for c in strongly_connected(graph) if len(c) > 1]
    assert cycles == []


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    out.append(component)
    return out


def test_the_cycle_finder_finds_a_cycle():
    assert [sorted(c) for c in strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) if len(c) > 1] \
        == [["a", "b", "c"]]


def test_no_module_is_over_600_lines():
    long = {str(p.relative_to(ROOT)): n for p in kg_files()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def python_files_using_kg() -> list[Path]:
    return kg_files() + sorted((ROOT / "benchmarks").glob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))


def private_uses(path: Path, text: str | None = None) -> list[str]:
    """`from other_package.module import _name` and `module._name` where the module is another package's."""
    text = path.read_text(encoding="utf-8") if text is None else text
    tree = ast.parse(text)
    here = layer(module_name(path)) if path.is_relative_to(KG) else "outside"
    imports = imports_of(path, text)
    found = [f"{path.relative_to(ROOT)}:{imp.line}: {imp.target}.{name}" for imp in imports for name in imp.names
             if name.startswith("_") and not name.startswith("__") and layer(imp.target) != here]
    modules = {}  # local name -> module of another package, bound by an import
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                for imp in imports:
                    if imp.line == node.lineno and imp.names == ("",) and imp.target.endswith(alias.name) \
                            and layer(imp.target) != here:
                        modules[local] = imp.target
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules \
                and node.attr.startswith("_") and not node.attr.startswith("__"):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {modules[node.value.id]}.{node.attr}")
    return found


def test_no_private_name_is_used_across_packages():
    found = [use for path in python_files_using_kg() for use in private_uses(path)]
    assert found == []


def test_the_private_name_check_sees_both_forms():
    probe = "from kg.store.embedded import _probe, public\nfrom kg.store import embedded as E\nE._other, E.fine\n"
    uses = private_uses(ROOT / "tests" / "probe.py", probe)
    assert [u.split(": ")[1] for u in uses] == ["kg.store.embedded._probe", "kg.store.embedded._other"]
    assert private_uses(KG / "store" / "probe.py", probe) == []  # inside its own package: allowed


@pytest.mark.parametrize("init", sorted(KG.rglob("__init__.py")), ids=lambda p: module_name(p.parent))
def test_each_package_says_what_it_does_what_it_may_import_and_who_uses_it(init):
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    assert len(doc.splitlines()[0]) > 20
    assert re.search(r"\bmay import\b", doc, re.I), "say what the package may import"
    assert re.search(r"\bused by\b|\bnothing imports it\b", doc, re.I), "say who uses the package"


@pytest.mark.parametrize("package", sorted(p.parent.name for p in KG.glob("*/__init__.py")))
def test_tests_mirror_the_packages(package):
    folder = ROOT / "tests" / package
    assert (folder / "__init__.py").is_file(), f"tests/{package}/ with an __init__.py"
    assert list(folder.glob("test_*.py")), f"tests/{package}/ holds no test file"


def test_every_path_the_docs_name_exists():
    """README.md and docs/*.md name modules and tests by path: a move must update them."""
    pattern = re.compile(r"(?<![\w./-])((?:kg|tests|benchmarks|shapes|queries|docs|eval)/[\w./-]*[\w/])(?![\w*<])")
    missing = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            for path in pattern.findall(line):
                placeholder = "NNN" in path or "xxx" in path
                if not placeholder and not (ROOT / path).exists():
                    missing.append(f"{doc.relative_to(ROOT)}:{number}: {path}")
    assert missing == []


def test_every_test_the_docs_name_exists():
    """The docs cite tests as `tests/FILE.py::name` and then `::name` for more of the same file: each must
    be a test function of that file, so a renamed or removed test cannot leave a claim behind."""
    cite = re.compile(r"`(tests/[\w/]+\.py)?::(\w+)")
    missing = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        current = None
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            for path, name in cite.findall(line):
                current = path or current
                if current is None:
                    missing.append(f"{doc.relative_to(ROOT)}:{number}: ::{name} names no file")
                    continue
                source = (ROOT / current).read_text(encoding="utf-8") if (ROOT / current).exists() else ""
                if not re.search(rf"^\s*(?:async )?def {name}\b", source, re.M):
                    missing.append(f"{doc.relative_to(ROOT)}:{number}: {current}::{name}")
    assert missing == []


def test_kg_query_imports_no_package_it_does_not_use(tmp_path):
    """`kg query` starts fast: the importers, extraction, validation, reasoning (HermiT, owlready2) and
    rdflib stay unimported, the CLI parser and its error handling included (issue 18: 40 ms of 200)."""
    import os
    import subprocess
    import sys

    from .conftest import built_copy

    project = built_copy(tmp_path / "project")
    probe = ("import sys\nfrom kg.cli import main\nrc = main(['query', 'provider_pledges', '-f', 'csv'])\n"
             "print('MODULES', rc, ' '.join(sorted(sys.modules)))\n")
    env = {k: v for k, v in os.environ.items() if k != "KG_BUILD_DIR"}
    res = subprocess.run([sys.executable, "-c", probe], cwd=project.root, env=env, capture_output=True, text=True,
                         timeout=300)
    rc, modules = res.stdout.rsplit("MODULES ", 1)[1].split(" ", 1)
    assert rc == "0" and res.stdout.count("\n") > 2, res.stderr  # it answered, rows and all
    unwanted = ("kg.importers", "kg.extract", "kg.validation", "kg.shacl", "kg.reason", "kg.web", "rdflib", "owlready2")
    assert [m for m in modules.split() if any(m == u or m.startswith(u + ".") for u in unwanted)] == []
