"""The W3C SHACL test suite for tests and benchmarks: its entries, two runners (kg, pySHACL), report comparison."""
from __future__ import annotations

import contextlib
import subprocess
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

from kg.validation.files import exact_literals  # literals as written: compare RDF terms, not values

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT.parent / "shared" / "w3c" / "shacl-tests"
MANIFESTS = ("core/manifest.ttl", "sparql/manifest.ttl")

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
SH = Namespace("http://www.w3.org/ns/shacl#")

# The six fields a result is compared on (focus node and value come from the data graph: a blank node
# there matches any blank node, as the report does not describe data-graph nodes; a blank source shape
# or result path matches by its description).
FIELDS = ("focusNode", "resultPath", "value", "sourceShape", "sourceConstraintComponent", "resultSeverity")
DATA_FIELDS = ("focusNode", "value")
# pySHACL as kg.validation calls it (no inference, advanced, warnings fail) and as its own runner of this suite
# does (test/test_sht_validate.py: meta_shacl off; it also runs with inference "rdfs": the same 118 pass).
PYSHACL_OPTIONS = {"inference": "none", "advanced": True, "allow_warnings": False, "meta_shacl": False}
KG_TIMEOUT = 120


@dataclass(frozen=True)
class Failure:
    """The outcome `sht:Failure`: the shapes graph is ill-formed and is rejected (`why`: the engine's words)."""
    why: str = ""

    def __repr__(self) -> str:
        return "sht:Failure"


FAILURE = Failure()


@dataclass(frozen=True)
class Expected:
    """An expected report: its node in `graph`, which holds what is reachable from it in the test file."""
    graph: Graph
    node: BNode | URIRef


@dataclass(frozen=True)
class Entry:
    """One sht:Validate entry of the suite."""
    id: str          # the entry IRI relative to the suite folder: core/node/minLength-001
    label: str
    folder: str      # core/node
    data: Path
    shapes: Path
    expected: Expected | Failure

    def __repr__(self) -> str:
        return f"Entry({self.id})"



def parse(path: Path | None = None, data: str | None = None, base: str | None = None) -> Graph:
    """A Turtle file (its base its own file:// URL) or text, literals kept as written."""
    graph = Graph()
    with exact_literals(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the suite's ill-formed literals ("none"^^xsd:boolean) are on purpose
        if path is not None:
            graph.parse(path, format="turtle", publicID=base or path.resolve().as_uri())
        else:
            graph.parse(data=data, format="turtle", publicID=base)
    return graph


def _file(iri) -> Path:
    if not str(iri).startswith("file://"):
        raise ValueError(f"not a local file: {iri}")
    return Path(url2pathname(urlsplit(str(iri)).path))


def _reachable(graph: Graph, node) -> Graph:
    """`node`'s outgoing triples and, recursively, those of the blank nodes they reach."""
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True)
    todo, seen = [node], set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for p, o in graph.predicate_objects(subject):
            out.add((subject, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def _manifest_entries(path: Path, suite: Path) -> Iterator[Entry]:
    graph = parse(path)
    manifest = URIRef(path.resolve().as_uri())
    for include in graph.objects(manifest, MF.include):
        yield from _manifest_entries(_file(include), suite)
    for items in graph.objects(manifest, MF.entries):
        for node in graph.items(items):
            if (node, RDF.type, SHT.Validate) not in graph:
                continue
            action, result = graph.value(node, MF.action), graph.value(node, MF.result)
            ident = _file(node).relative_to(suite).as_posix()
            expected = FAILURE if result == SHT.Failure else Expected(_reachable(graph, result), result)
            yield Entry(ident, str(graph.value(node, RDFS.label) or ""), ident.rpartition("/")[0],
                        _file(graph.value(action, SHT.dataGraph)), _file(graph.value(action, SHT.shapesGraph)),
                        expected)


def entries(suite: Path = SUITE) -> list[Entry]:
    """Every sht:Validate entry of the core and SPARQL manifests, in manifest order."""
    suite = suite.resolve()
    return [e for name in MANIFESTS for e in _manifest_entries(suite / name, suite)]


# -- comparing reports --------------------------------------------------------------------------

def _term(graph: Graph, node, seen: frozenset = frozenset()):
    """A hashable form of an RDF term; a blank node is its outgoing triples, recursively (lists in order)."""
    if isinstance(node, URIRef):
        return ("iri", str(node))
    if isinstance(node, Literal):  # RDF 1.1: a simple literal is an xsd:string; language tags ignore case
        datatype = node.datatype or (RDF.langString if node.language else XSD.string)
        return ("literal", str(node), str(datatype), node.language.lower() if node.language else None)
    if node in seen:
        return ("cycle",)
    seen = seen | {node}
    if graph.value(node, RDF.first) is not None:
        items, rest, extra = [], node, []
        while isinstance(rest, BNode) and graph.value(rest, RDF.first) is not None:
            items.append(_term(graph, graph.value(rest, RDF.first), seen))
            extra += [(str(p), _term(graph, o, seen)) for p, o in graph.predicate_objects(rest)
                      if p not in (RDF.first, RDF.rest)]
            rest = graph.value(rest, RDF.rest)
        if rest == RDF.nil and not extra:
            return ("list", tuple(items))
    return ("bnode", frozenset((str(p), _term(graph, o, seen)) for p, o in graph.predicate_objects(node)))


def _key(graph: Graph, result) -> tuple:
    fields = []
    for name in FIELDS:
        values = []
        for value in graph.objects(result, SH[name]):
            values.append(("bnode", None) if name in DATA_FIELDS and isinstance(value, BNode)
                          else _term(graph, value))
        fields.append(values[0] if len(values) == 1 else frozenset(values) if values else None)
    return tuple(fields)


def _show(term, short: Callable[[str], str]) -> str:
    """A term's hashable form as Turtle-like text."""
    if term is None:
        return "-"
    if isinstance(term, frozenset):
        return "{" + ", ".join(sorted(_show(t, short) for t in term)) + "}"
    kind = term[0]
    if kind == "iri":
        return short(term[1])
    if kind == "literal":
        text = '"' + term[1].replace('"', '\\"') + '"'
        return text + (f"@{term[3]}" if term[3] else "" if term[2] == str(XSD.string) else f"^^{short(term[2])}")
    if kind == "list":
        return "( " + " ".join(_show(t, short) for t in term[1]) + " )"
    if kind == "cycle":
        return "[...]"
    if term[1] is None:
        return "_:b"
    pairs = sorted(f"{short(p)} {_show(o, short)}" for p, o in term[1])
    return "[ " + " ; ".join(pairs) + " ]" if pairs else "[]"


def _shortener(graph: Graph) -> Callable[[str], str]:
    prefixes = sorted(((str(ns), prefix) for prefix, ns in graph.namespaces() if prefix), key=lambda x: -len(x[0]))

    def short(iri: str) -> str:
        for ns, prefix in prefixes:
            if iri.startswith(ns) and iri[len(ns):].replace("-", "_").replace(".", "_").isidentifier():
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"
    return short


def describe_result(key: tuple, short: Callable[[str], str], skip: int | None = None) -> str:
    """One result's compared fields (FIELDS order; the field numbered `skip` left out) as text."""
    names = ("focus", "path", "value", "shape", "component", "severity")
    return " ".join(f"{n}={_show(v, short)}" for i, (n, v) in enumerate(zip(names, key)) if i != skip)


def _report_node(graph: Graph):
    reports = set(graph.subjects(RDF.type, SH.ValidationReport))
    return reports.pop() if len(reports) == 1 else None


def _conforms(graph: Graph, node) -> bool | None:
    value = graph.value(node, SH.conforms)
    return bool(value.toPython()) if isinstance(value, Literal) else None


def compare(expected: Expected | Failure, actual: Graph | Failure, conforms_only: bool = False) -> list[str]:
    """The differences between the expected outcome and an engine's (a report graph, or FAILURE).

    Compared: sh:conforms and (unless conforms_only) the multiset of results on FIELDS. Messages,
    sh:sourceConstraint and sh:detail are not compared. An empty list: they agree.
    """
    if isinstance(expected, Failure) or isinstance(actual, Failure):
        if isinstance(expected, Failure) and isinstance(actual, Failure):
            return []
        if isinstance(expected, Failure):
            node = _report_node(actual)
            return [f"expected sht:Failure (ill-formed shapes graph), got a report with sh:conforms "
                    f"{_conforms(actual, node) if node is not None else '?'}"]
        why = f": {actual.why}" if actual.why else ""
        return [f"expected a report, got sht:Failure (shapes graph rejected){why}"]
    node = _report_node(actual)
    if node is None:
        return ["the output holds no single sh:ValidationReport"]
    want, got = _conforms(expected.graph, expected.node), _conforms(actual, node)
    differences = [] if want == got else [f"sh:conforms: expected {want}, got {got}"]
    if conforms_only:
        return differences
    short = _shortener(expected.graph)
    wanted = Counter(_key(expected.graph, r) for r in expected.graph.objects(expected.node, SH.result))
    found = Counter(_key(actual, r) for r in actual.objects(node, SH.result))
    order = lambda key: describe_result(key, short)  # noqa: E731
    missing, extra = sorted((wanted - found).elements(), key=order), sorted((found - wanted).elements(), key=order)
    for want in list(missing):  # a result found with one field wrong: say which
        near = next((got for got in extra if sum(a != b for a, b in zip(want, got)) == 1), None)
        if near is not None:
            field = next(i for i, (a, b) in enumerate(zip(want, near)) if a != b)
            differences.append(f"result {describe_result(want, short, skip=field)}: {FIELDS[field]} expected "
                               f"{_show(want[field], short)}, got {_show(near[field], short)}")
            missing.remove(want)
            extra.remove(near)
    for label, keys in (("missing", missing), ("extra", extra)):
        for key, count in sorted(Counter(keys).items(), key=lambda kv: order(kv[0])):
            differences.append(f"{label} result{f' (x{count})' if count > 1 else ''}: {describe_result(key, short)}")
    return differences


# -- the runners --------------------------------------------------------------------------------

class RunError(RuntimeError):
    """An engine neither reported nor rejected the shapes graph (a crash, a timeout, output not Turtle)."""


def kg_command() -> list[str]:
    """How the tests run `kg`: this interpreter's `-m kg`, as tests/conftest.py does."""
    return [sys.executable, "-m", "kg"]


def kg_args(entry: Entry) -> list[str]:
    """The command line that validates an entry: `kg shacl DATA --shapes SHAPES -f turtle`."""
    return ["shacl", str(entry.data), "--shapes", str(entry.shapes), "-f", "turtle"]


def _outcome(entry: Entry, code: int, stdout: str, stderr: str) -> Graph | Failure:
    """A `kg shacl` run's outcome: FAILURE on exit 2, else the report it printed."""
    if code == 2:
        said = [line for line in stderr.splitlines() if line.startswith("kg: error:")] or stderr.splitlines() or [""]
        return Failure(said[0].removeprefix("kg: error:").strip())
    if code not in (0, 1):
        tail = (stderr.strip().splitlines() or ["(no stderr)"])[-1]
        raise RunError(f"kg shacl exited {code}: {tail}")
    try:
        return parse(data=stdout, base=entry.data.resolve().as_uri())
    except Exception as exc:  # noqa: BLE001 - any parser error means the output is not a report
        raise RunError(f"kg shacl printed no Turtle report: {type(exc).__name__}: {exc}") from exc


def run_kg(entry: Entry) -> Graph | Failure:
    """`kg shacl DATA --shapes SHAPES -f turtle` in a subprocess: its report graph, FAILURE on exit 2."""
    try:
        done = subprocess.run([*kg_command(), *kg_args(entry)], capture_output=True, text=True, cwd=ROOT,
                              timeout=KG_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise RunError(f"kg shacl timed out after {KG_TIMEOUT} s") from exc
    return _outcome(entry, done.returncode, done.stdout, done.stderr)


def _kg_in_process(args: list[str]) -> tuple[int, str, str]:
    """In a pool worker: `kg.cli.main(args)` with its output captured (exit code, stdout, stderr)."""
    import io
    import traceback

    from kg.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
        except Exception:  # noqa: BLE001 - a crash is an outcome to report, not to stop the batch
            traceback.print_exc()
            code = 99
    return code, out.getvalue(), err.getvalue()


def run_kg_batch(items: list[Entry], workers: int = 2) -> dict[str, Graph | Failure | RunError]:
    """`kg shacl` on many entries: `kg.cli.main` run in a pool of `workers` processes (imports paid once
    per worker, not per entry); outcome by entry id, a RunError for a crash or a timeout."""
    import multiprocessing

    outcomes: dict[str, Graph | Failure | RunError] = {}
    pool = multiprocessing.get_context("spawn").Pool(workers)
    stuck = True  # until every answer is in: then the workers are stopped, not waited for
    try:
        pending = [(e, pool.apply_async(_kg_in_process, (kg_args(e),))) for e in items]
        stuck = False
        for entry, result in pending:
            try:
                outcomes[entry.id] = _outcome(entry, *result.get(timeout=KG_TIMEOUT))
            except RunError as exc:
                outcomes[entry.id] = exc
            except multiprocessing.TimeoutError:
                stuck = True
                outcomes[entry.id] = RunError(f"kg shacl gave no answer in {KG_TIMEOUT} s (in a pool worker)")
    except BaseException:
        stuck = True
        raise
    finally:
        if stuck:
            pool.terminate()
        else:
            pool.close()
        pool.join()
    return outcomes


def run_pyshacl(entry: Entry) -> Graph | Failure:
    """pySHACL with PYSHACL_OPTIONS on the entry's graphs: its report graph, FAILURE when it rejects the shapes."""
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    data = parse(entry.data)
    shapes = data if entry.shapes == entry.data else parse(entry.shapes)
    try:
        with exact_literals():
            _conforms_, report, _text = pyshacl.validate(data, shacl_graph=shapes, **PYSHACL_OPTIONS)
    except (ReportableRuntimeError, NotImplementedError) as exc:
        return Failure(_first_line(exc))
    if isinstance(report, ReportableRuntimeError):  # a ValidationFailure is returned, not raised
        return Failure(_first_line(report))
    return report


def _first_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0]}"


RUNNERS: dict[str, Callable[[Entry], Graph | Failure]] = {"kg": run_kg, "pyshacl": run_pyshacl}

