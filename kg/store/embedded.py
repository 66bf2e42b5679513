"""The embedded store: the only module that knows the storage engine (pyoxigraph).

Everything else speaks in `Term`s (the shape of a SPARQL JSON result cell), so the engine can be
swapped, or a remote endpoint answer the same calls, without touching the callers.
"""
from __future__ import annotations

import gc
import heapq
import itertools
import io
from dataclasses import dataclass
from pathlib import Path
import tempfile
from typing import IO, Iterable, Iterator

import pyoxigraph as ox

from ..errors import KgError

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
REMOVE_CHUNK = 100_000  # quads removed per transaction: bounds the memory a removal takes
SORT_RUN_BYTES = 16 * 2**20  # lines an export sorts in memory before spilling them, sorted, to a temporary file


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as SPARQL 1.1 JSON results describe it."""

    kind: str  # "uri" | "literal" | "bnode"
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def iri(cls, value: str) -> "Term":
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> "Term":
        if lang:
            return cls("literal", value, None, lang)
        return cls("literal", value, datatype if datatype and datatype != XSD_STRING else None)

    def n3(self) -> str:
        """N-Triples/SPARQL syntax, escaped by pyoxigraph's serialiser; an invalid IRI raises KgError."""
        try:
            return str(to_ox(self))
        except ValueError as exc:
            raise KgError(f"{self.value!r} is not a valid {'IRI' if self.kind == 'uri' else 'RDF term'}") from exc


def to_ox(term: Term):
    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def one_line(text: str) -> str:
    """A parser message quoting the input, made one line (its newlines escaped)."""
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


UTF8_BOM = b"\xef\xbb\xbf"


def looks_utf16(data: bytes) -> bool:
    """A UTF-16 byte-order mark, or text whose every other byte is NUL (ASCII in UTF-16 without one)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = data[:4096]
    pairs = len(head) // 2
    return pairs >= 2 and max(head[0::2].count(0), head[1::2].count(0)) >= 0.75 * pairs


class TooManyRows(KgError):
    """A query's answer is longer than the row limit."""


def capped(results, max_rows: int | None):
    """The results, stopping (before reading further) once there are more than max_rows."""
    for n, item in enumerate(results, 1):
        if max_rows and n > max_rows:
            raise TooManyRows(f"the answer has more than {max_rows:,} row{'s' if max_rows != 1 else ''} (the row limit): add parameters or a "
                              "LIMIT to narrow it, or raise --max-rows")
        yield item


def has_blank_node(line: bytes) -> bool:
    """Whether an N-Triples line has a blank node as subject or object (labels hold no quote)."""
    if line.startswith(b"_:"):
        return True
    last = line[:-2].rstrip().rsplit(b" ", 1)[-1]
    return last.startswith(b"_:") and b'"' not in last


def canonical_lines(lines: list[bytes], fmt) -> list[bytes]:
    """N-Triples or N-Quads lines holding blank nodes, their labels made canonical (RDFC-1.0): a blank
    node's canonical label depends on the triples that touch it alone, so the rest need not go through."""
    if not lines:
        return []
    data = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object, q.graph_name)
                      for q in ox.parse(b"\n".join(lines), format=fmt))
    data.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    if fmt == ox.RdfFormat.N_QUADS:
        return (ox.serialize(data, format=fmt) or b"").splitlines()
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in data)
    return (ox.serialize(triples, format=fmt) or b"").splitlines()


def sorted_run(lines: list[bytes], folder: str) -> IO[bytes]:
    """The lines sorted into a temporary file, rewound: one run of an external merge sort."""
    lines.sort()
    run = tempfile.TemporaryFile(dir=folder)
    run.writelines(lines)
    run.seek(0)
    return run


def merged_unique(runs: list[Iterable[bytes]]) -> Iterator[bytes]:
    """The sorted runs merged into one sorted stream, each line once."""
    previous = None
    for line in heapq.merge(*runs):
        if line != previous:
            yield line
            previous = line


class LinesReader(io.RawIOBase):
    """A binary stream over an iterator of lines, so that pyoxigraph's parser reads them as they come."""

    def __init__(self, lines: Iterable[bytes], block: int = 1 << 16):
        self._lines = iter(lines)
        self._block = block
        self._buffer = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        if not self._buffer:
            parts, size = [], 0
            for line in self._lines:
                parts.append(line)
                size += len(line)
                if size >= self._block:
                    break
            self._buffer = memoryview(b"".join(parts))
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def from_ox(node) -> Term | None:
    if node is None:
        return None
    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        if node.language:
            return Term("literal", node.value, None, node.language)
        dt = node.datatype.value
        return Term("literal", node.value, None if dt == XSD_STRING else dt)
    return Term("literal", str(node))  # RDF 1.2 triple terms: not used by this project


@dataclass
class Rows:
    """The answer to a SELECT query: variable names and rows of Terms (None = unbound)."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]]

    def dicts(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]


class Store:
    """A quad store; queries see the union of all named graphs."""

    def __init__(self, backend: ox.Store, graphs: list[str] | None = None, named: list[str] | None = None,
                 hold: object | None = None):
        self._s = backend
        self._graphs = graphs  # None: the union of all named graphs
        self._named = named  # the graphs GRAPH <g> { } reaches (None: the same as the default graph's)
        self._hold = hold  # keeps the folder from being removed while the store is open (kg.store.versions)
        self._kept = None  # self._graphs as pyoxigraph terms, once `touching` needs them

    def without(self, *graphs: str, still_named: bool = False) -> "Store":
        """The same store, queried as the union of every named graph but these (e.g. inferred facts);
        with `still_named`, GRAPH <g> { } still reaches them (kg shacl's $shapesGraph)."""
        everything = self.graphs()
        keep = [g for g in everything if g not in graphs]
        return Store(self._s, keep, everything if still_named else None, self._hold)

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def memory(cls) -> "Store":
        return cls(ox.Store())

    @classmethod
    def create(cls, path: Path) -> "Store":
        return cls(ox.Store(str(path)))

    @classmethod
    def open_read_only(cls, path: Path, hold: object | None = None) -> "Store":
        """The store in folder `path`, read-only; `hold` (kept as long as the store) is what keeps
        the folder from being removed meanwhile."""
        try:
            return cls(ox.Store.read_only(str(path)), hold=hold)
        except OSError as exc:
            raise KgError(f"{path}: cannot open the built store ({exc}); run `kg build`") from exc

    def close(self) -> None:
        """Release the backend (RocksDB keeps the folder open until the object is gone)."""
        self._s = None
        self._hold = None
        gc.collect()

    # -- writing -----------------------------------------------------------------------------
    def load_turtle(self, path: Path, graph: str, display: str | None = None) -> None:
        """Parse a Turtle file into a named graph; a syntax error names file:line:column."""
        name = display or str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise KgError(f"{name}: cannot read ({exc.strerror or exc})") from exc
        if data.startswith(UTF8_BOM):
            data = data[len(UTF8_BOM):]
        if looks_utf16(data):
            raise KgError(f"{name}: UTF-16: convert to UTF-8, e.g. `iconv -f utf-16 -t utf-8`")
        self.load_turtle_bytes(data, graph, name)

    def load_turtle_bytes(self, data: bytes, graph: str, name: str) -> None:
        """Parse Turtle into a named graph, in Rust (no Python object per triple); blank nodes are
        renamed per load. Not transactional: builds load into a store that is discarded on error."""
        try:
            self._s.bulk_load(data, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
        except SyntaxError as exc:
            line = exc.lineno or "?"
            col = exc.offset or "?"
            reason = (exc.msg or str(exc)).split(" (", 1)[0]
            if ": " in reason and reason.startswith("Parser error"):
                reason = reason.split(": ", 1)[1]
            raise KgError(f"{name}:{line}:{col}: invalid Turtle: {one_line(reason)}") from exc
        except ValueError as exc:  # e.g. invalid UTF-8
            raise KgError(f"{name}: invalid Turtle: {one_line(str(exc))}") from exc
        except OSError as exc:
            raise KgError(f"{name}: cannot load ({one_line(str(exc))})") from exc

    def add(self, subject: Term, predicate: Term, obj: Term, graph: str) -> None:
        self._s.add(ox.Quad(to_ox(subject), to_ox(predicate), to_ox(obj), ox.NamedNode(graph)))

    def add_quads(self, quads) -> None:
        """Add pyoxigraph quads, as a parser gives them (kg shacl's data files)."""
        self._s.extend(quads)

    def flush(self) -> None:
        self._s.flush()

    def compact(self) -> None:
        """Merge the sorted runs that one bulk load per source file leaves (RocksDB compaction): at 1M
        triples 1.5 s once, and every later scan of the read-only store about twice as fast."""
        self._s.optimize()

    def remove_graph(self, graph: str) -> None:
        """Drop a named graph and its quads, REMOVE_CHUNK quads per transaction (not atomic: builds
        work on a copy). One transaction for a whole graph holds it all in memory: removing a
        1M-quad graph took 3x as long as loading it and 1.4 GB."""
        name = ox.NamedNode(graph)
        chunk = (f"DELETE {{ GRAPH {name} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {name} "
                 f"{{ SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {REMOVE_CHUNK} }} }}")
        while next(self._s.quads_for_pattern(None, None, None, name), None) is not None:
            self._s.update(chunk)
        self._s.remove_graph(name)

    def backup(self, target: Path) -> None:
        """A consistent copy of this on-disk store in `target` (hard links where possible: cheap)."""
        try:
            self._s.backup(str(target))
        except OSError as exc:
            raise KgError(f"{target}: cannot copy the store ({exc})") from exc

    # -- reading -----------------------------------------------------------------------------
    def _query(self, sparql: str, substitutions: dict[str, Term] | None = None):
        extra = {"substitutions": {ox.Variable(k): to_ox(v) for k, v in substitutions.items()}} if substitutions else {}
        try:
            if self._graphs is not None:
                named = self._named if self._named is not None else self._graphs
                return self._s.query(sparql, default_graph=[ox.NamedNode(g) for g in self._graphs],
                                     named_graphs=[ox.NamedNode(g) for g in named], **extra)
            return self._s.query(sparql, use_default_graph_as_union=True, **extra)
        except SyntaxError as exc:
            raise KgError(f"invalid SPARQL: {exc.msg or exc}") from exc
        except (OSError, RuntimeError) as exc:
            raise KgError(f"query failed: {exc}") from exc

    def select(self, sparql: str, max_rows: int | None = None, substitutions: dict[str, Term] | None = None) -> Rows:
        """Run a query; SELECT gives its rows, ASK one boolean row, CONSTRUCT subject/predicate/object
        rows. More than max_rows rows stops the query with a KgError (TooManyRows). `substitutions`
        pre-binds variables to terms (SEP-0007, as SHACL-SPARQL pre-binding wants); a SELECT must
        project them."""
        result = self._query(sparql, substitutions)
        if isinstance(result, ox.QueryBoolean):
            return Rows(["result"], [(Term.literal("true" if bool(result) else "false", XSD + "boolean"),)])
        if isinstance(result, ox.QueryTriples):
            rows = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
                    for t in capped(result, max_rows)]
            return Rows(["subject", "predicate", "object"], rows)
        names = [v.value for v in result.variables]
        return Rows(names, [tuple(from_ox(sol[n]) for n in names) for sol in capped(result, max_rows)])

    def quads(self, graph: str):
        """The pyoxigraph quads of one named graph (kg.store.changes compares them)."""
        return self._s.quads_for_pattern(None, None, None, ox.NamedNode(graph))

    def touching(self, iri: str, as_object: bool = True) -> Iterator:
        """The pyoxigraph quads of this store's graphs whose subject (or object) is the IRI `iri`."""
        node = ox.NamedNode(iri)
        quads = itertools.chain(self._s.quads_for_pattern(node, None, None),
                                self._s.quads_for_pattern(None, None, node) if as_object else ())
        if self._graphs is None:
            return quads
        if self._kept is None:  # walks call this once per node: the graph terms are made once
            self._kept = frozenset(ox.NamedNode(g) for g in self._graphs)
        return (q for q in quads if q.graph_name in self._kept)

    def adjacent(self, iri: str) -> set[str]:
        """The IRIs and blank nodes one triple away from the IRI `iri`, either way, in N-Triples syntax."""
        ends = (q.object if q.subject.value == iri and isinstance(q.subject, ox.NamedNode) else q.subject
                for q in self.touching(iri))
        return {str(t) for t in ends if not isinstance(t, ox.Literal)}

    def outgoing(self, node: Term) -> list[tuple[Term, Term]]:
        """(predicate, object) of every triple whose subject is `node`, a blank node included."""
        rows = self.select("SELECT ?this ?p ?o WHERE { ?this ?p ?o }", substitutions={"this": node}).rows
        return [(p, o) for _, p, o in rows]

    def triple_count(self) -> int:
        """Distinct triples over all graphs (quads repeating a triple count once), counted by the engine."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
        return int(rows.rows[0][0].value)

    def __len__(self) -> int:
        return len(self._s)

    def _sorted_ntriples(self) -> bytes:
        """The distinct triples of all graphs as sorted N-Triples lines, blank nodes labelled by RDFC-1.0.

        Only the triples that touch a blank node go through canonicalisation (a blank node's
        canonical label depends on those alone); the rest are serialised and sorted as bytes,
        which keeps a million-triple export to a few hundred MB instead of a Python object per triple.
        """
        graphs = [ox.NamedNode(g) for g in self.graphs()]
        if self._graphs is None:
            graphs.append(ox.DefaultGraph())
        lines, blank = [], []
        for graph in graphs:  # graph by graph: the store's own N-Triples writer, no dedup set
            for line in (self._s.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b"").splitlines():
                (blank if b"_:" in line and has_blank_node(line) else lines).append(line)
        lines += canonical_lines(blank, ox.RdfFormat.N_TRIPLES)
        lines.sort()
        lines = [line for i, line in enumerate(lines) if line and (i == 0 or line != lines[i - 1])]
        return b"\n".join(lines) + b"\n" if lines else b""  # a triple in several graphs once

    def serialize(self, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
        """Deterministic N-Triples ("nt"), RDF/XML ("xml"), JSON-LD ("jsonld") or plain Turtle.

        Triples in sorted N-Triples order (so Turtle has one block per subject, in order), blank
        nodes relabelled canonically: the same graph always gives the same bytes.
        """
        formats = {"nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML,
                   "jsonld": ox.RdfFormat.JSON_LD, "turtle": ox.RdfFormat.TURTLE}
        ntriples = self._sorted_ntriples()
        if fmt == "nt":
            return ntriples
        triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in triples),
                            format=formats[fmt], prefixes=prefixes or {}) or b""

    def dataset(self, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
        """Every quad, named graphs kept, as sorted N-Quads ("nquads") or TriG ("trig"), blank nodes
        labelled by RDFC-1.0 over the whole dataset: the same dataset always gives the same bytes."""
        lines, blank = [], []
        for graph in self.graphs():
            for line in (self._s.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)) or b"").splitlines():
                quad = line.rstrip()[:-1].rstrip() + b" <" + graph.encode() + b"> ."  # the triple, in its graph
                (blank if has_blank_node(line) else lines).append(quad)
        lines += canonical_lines(blank, ox.RdfFormat.N_QUADS)
        lines = sorted(set(line for line in lines if line))
        nquads = b"\n".join(lines) + b"\n" if lines else b""
        if fmt == "nquads":
            return nquads
        quads = sorted(ox.parse(nquads, format=ox.RdfFormat.N_QUADS), key=lambda q: (str(q.graph_name), str(q)))
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes or {}) or b""

    def sorted_lines(self, quads: bool = False, graph_first: bool = False) -> Iterator[bytes]:
        """The lines of `serialize("nt")` (quads=False) or `dataset("nquads")` (quads=True), the same
        bytes, produced as a stream in bounded memory: an external merge sort, graph by graph from the
        store's own N-Triples writer, runs of SORT_RUN_BYTES in temporary files. Lines holding a
        blank node are kept in memory for their canonical labels (RDFC-1.0 needs all of them at once).
        `graph_first` orders N-Quads by graph, then line (TriG's order, one block per graph)."""
        with tempfile.TemporaryDirectory(prefix="kg-export-") as folder:
            runs, chunk, blank, size = [], [], [], 0
            graphs = [(ox.NamedNode(g), b" <" + g.encode() + b"> .\n") for g in self.graphs()]
            if self._graphs is None and not quads:
                graphs.append((ox.DefaultGraph(), b""))
            for graph, suffix in graphs:
                with tempfile.TemporaryFile(dir=folder) as dumped:
                    self._s.dump(dumped, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
                    dumped.seek(0)
                    while part := dumped.readlines(1 << 20):
                        if not all(line.endswith(b" .\n") for line in part):
                            raise KgError("unexpected N-Triples line from the store")  # the slicing below needs it
                        if odd := [line for line in part if b"_:" in line and has_blank_node(line[:-1])]:
                            blank += [line[:-3] + suffix[:-1] if quads else line[:-1] for line in odd]
                            odd = set(odd)  # a graph's dump holds each line once
                            part = [line for line in part if line not in odd]
                        if quads:
                            part = [line[:-3] + suffix for line in part]
                            if graph_first:
                                part = [suffix[1:-3] + b"\x00" + line for line in part]
                        chunk += part
                        size += sum(map(len, part))
                        if size >= SORT_RUN_BYTES:
                            runs.append(sorted_run(chunk, folder))
                            chunk, size = [], 0
            canonical = canonical_lines(blank, ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES)
            del blank
            canonical = [line + b"\n" for line in canonical if line]
            if graph_first:
                canonical = [line.rsplit(b" ", 2)[1] + b"\x00" + line for line in canonical]
            canonical.sort()
            chunk.sort()
            try:
                for line in merged_unique([chunk, canonical, *runs]):
                    yield line[line.find(b"\x00") + 1:] if graph_first else line
            finally:
                for run in runs:
                    run.close()

    def write(self, fmt: str, out: IO[bytes], prefixes: dict[str, str] | None = None) -> None:
        """`serialize(fmt)` or, for "nquads" and "trig", `dataset(fmt)`: the same bytes, written to `out`
        as they are made, in bounded memory (see sorted_lines)."""
        formats = {"nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
                   "turtle": ox.RdfFormat.TURTLE, "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
        quads = fmt in ("nquads", "trig")
        lines = self.sorted_lines(quads=quads, graph_first=fmt == "trig")
        try:
            if fmt in ("nt", "nquads"):
                out.writelines(lines)
                return
            parsed = ox.parse(io.BufferedReader(LinesReader(lines)),  # quads of the default graph: triples
                              format=ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES)
            ox.serialize(parsed, out, format=formats[fmt], prefixes=prefixes or {})
        finally:
            lines.close()  # the temporary files go now, not when the generator is collected

    def graph_ntriples(self, graph: str) -> bytes:
        """One named graph as sorted N-Triples with canonical blank-node labels."""
        return Store(self._s, [graph], hold=self._hold).ntriples()

    def ntriples(self) -> bytes:
        """The union of all graphs as sorted N-Triples with canonical blank-node labels."""
        return self.serialize("nt")

    def graphs(self) -> list[str]:
        every = sorted(g.value for g in self._s.named_graphs())
        return every if self._graphs is None else [g for g in every if g in self._graphs]

    def load_dataset(self, data: bytes, name: str) -> None:
        """Add the quads of a TriG document (their own named graphs)."""
        try:
            self._s.extend(list(ox.parse(data, format=ox.RdfFormat.TRIG)))
        except (SyntaxError, ValueError) as exc:
            raise KgError(f"{name}: invalid TriG: {exc}") from exc

