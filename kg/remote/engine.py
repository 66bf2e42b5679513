"""The query engine behind `kg serve`: one worker process, pyoxigraph on the served snapshot opened
read-only, confined (kg.remote.confine), answering jobs that come over its end of a socketpair.

Run as `python -m kg.remote.engine CONFIG` by kg.remote.pool, never by hand. A job is one query
with its dataset, the answer formats and the limits; the worker checks it with the guard
(kg.sparql.guard) inside its own time and memory budget, runs exactly the text the guard returns
(for the pages' own queries, with VALUES blocks of RDF terms added: values travel beside the text,
so the text the guard checks is the same whatever the values), and serialises the answer with pyoxigraph, counting every row (or triple) against the row limit
and every byte against the size limit as it writes. Messages are JSON headers plus raw bytes: the
parent never unpickles what a worker sends.
"""
from __future__ import annotations

import json
import os
import socket
import struct
import sys

import pyoxigraph as ox

from ..errors import KgError
from . import confine
from .media import CONTENT_TYPES

_FRAME = struct.Struct("!IQ")  # header length, body length


def send(sock: socket.socket, header: dict, body: bytes = b"") -> None:
    """One message: a JSON header and a body of raw bytes."""
    data = json.dumps(header).encode("utf-8")
    sock.sendall(_FRAME.pack(len(data), len(body)) + data)
    if body:
        sock.sendall(body)


def receive(sock: socket.socket) -> tuple[dict, bytes] | None:
    """The next message, or None when the other end has closed."""
    head = _exactly(sock, _FRAME.size)
    if head is None:
        return None
    hlen, blen = _FRAME.unpack(head)
    header = _exactly(sock, hlen)
    body = _exactly(sock, blen) if blen else b""
    if header is None or body is None:
        return None
    return json.loads(header), body


def _exactly(sock: socket.socket, n: int) -> bytes | None:
    view = bytearray(n)
    got = 0
    while got < n:
        k = sock.recv_into(memoryview(view)[got:], n - got)
        if not k:
            return None
        got += k
    return bytes(view)


class Limit(Exception):
    """An answer grew past the row or byte limit while it was written."""


class NotAcceptable(Exception):
    """The client accepts no format this kind of answer has."""


class CountingWriter:
    """A file-like sink for pyoxigraph's serialisers that counts lines (one per row in TSV and
    N-Triples) and bytes, and stops the writing as soon as either passes its limit."""

    def __init__(self, max_lines: int | None, max_bytes: int):
        self.max_lines, self.max_bytes = max_lines, max_bytes
        self.lines, self.size, self.chunks, self.over = 0, 0, [], None

    def write(self, data) -> int:
        data = bytes(data)
        self.lines += data.count(b"\n")
        self.size += len(data)
        if self.max_lines is not None and self.lines > self.max_lines:
            self.over = "rows"
            raise Limit("rows")
        if self.size > self.max_bytes:
            self.over = "bytes"
            raise Limit("bytes")
        self.chunks.append(data)
        return len(data)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.chunks)


def write_capped(serialise, max_lines: int | None, max_bytes: int) -> tuple[bytes, int]:
    """The bytes `serialise(writer)` writes and their line count; Limit past a limit."""
    writer = CountingWriter(max_lines, max_bytes)
    try:
        serialise(writer)
    except Exception:
        if writer.over:
            raise Limit(writer.over) from None
        raise
    return writer.value(), writer.lines


def serialise(result, job: dict) -> tuple[str, bytes]:
    """(format name, bytes) of a query's answer in the format the client accepts; every row is
    counted against job["max_rows"] (None: no limit) and every byte against job["max_bytes"].
    Rows go out as TSV (one line per row, unbound values included) or N-Triples (one line per
    triple) first, then, for another format, through pyoxigraph's parser into that one."""
    max_rows, max_bytes = job.get("max_rows"), job["max_bytes"]
    if isinstance(result, ox.QueryBoolean):
        fmt = job["results"]
        if fmt is None:
            raise NotAcceptable()
        return fmt, result.serialize(format=getattr(ox.QueryResultsFormat, fmt))
    if isinstance(result, ox.QueryTriples):
        fmt = job["graphs"]
        if fmt is None:
            raise NotAcceptable()
        data, _ = write_capped(lambda w: result.serialize(w, format=ox.RdfFormat.N_TRIPLES),
                               max_rows, max_bytes)
        if fmt == "N_TRIPLES":
            return fmt, data
        triples = (ox.Triple(q.subject, q.predicate, q.object)
                   for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        return fmt, write_capped(lambda w: ox.serialize(triples, w, format=getattr(ox.RdfFormat, fmt)),
                                 None, max_bytes)[0]
    fmt = job["results"]
    if fmt is None:
        raise NotAcceptable()
    header_and_rows = None if max_rows is None else max_rows + 1  # the TSV header is a line too
    tsv = ox.QueryResultsFormat.TSV
    data, _ = write_capped(lambda w: result.serialize(w, format=tsv), header_and_rows, max_bytes)
    if fmt == "TSV":
        return fmt, data
    solutions = ox.parse_query_results(data, format=tsv)
    return fmt, write_capped(lambda w: solutions.serialize(w, format=getattr(ox.QueryResultsFormat, fmt)),
                             None, max_bytes)[0]


def guard(text: str, allow_service: bool) -> str:
    """The text to run: the guard's canonical form of the query, or KgError if it is refused. This
    store runs queries only (pyoxigraph's Store.query runs no update), so the guard may take its fast path."""
    from ..sparql.guard import safe_query

    return safe_query(text, "query", allow_service, embedded=True)


def term(spec) -> ox.NamedNode | ox.Literal:
    """An RDF term from its [kind, value, datatype, lang] list (pyoxigraph validates IRIs)."""
    kind, value, datatype, lang = spec
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "literal":
        return (ox.Literal(value, language=lang) if lang else
                ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value))
    raise ValueError(f"a {kind!r} cannot be bound")


def with_bindings(text: str, bindings: dict) -> str:
    """The text with `VALUES ?name { term ... }` blocks at the start of its outermost WHERE group, one
    per variable of `bindings` ({name: [[kind, value, datatype, lang], ...]}), each term written by
    pyoxigraph's N-Triples serialiser (escaped, IRIs validated): data, never query text."""
    from ..sparql.lexical import where_brace

    blocks = []
    for name, specs in bindings.items():
        if not (isinstance(name, str) and name.isascii() and name.isidentifier()):
            raise ValueError(f"{str(name)[:40]!r} is not a variable name")
        blocks.append(f" VALUES ?{name} {{ {' '.join(str(term(s)) for s in specs)} }}")
    at = where_brace(text) + 1
    return text[:at] + "".join(blocks) + text[at:]


def answer(store: ox.Store, job: dict) -> tuple[dict, bytes]:
    """(header, body) of the reply to one job: {"status", "type"} and the answer, or a one-line message."""
    def refuse(status: int, message: str) -> tuple[dict, bytes]:
        return {"status": status, "type": "text/plain; charset=utf-8"}, f"kg serve: {message}\n".encode()

    try:
        text = guard(job["query"], job.get("allow_service", False))
    except KgError as exc:
        return refuse(403, str(exc))
    if job.get("bindings"):  # kg.web's own queries: the guard checked the text, the values are data
        try:
            text = with_bindings(text, job["bindings"])
        except (TypeError, ValueError, KgError) as exc:
            return refuse(400, f"bad bindings: {one_line(str(exc))}")
    dataset = {"use_default_graph_as_union": True}
    if job.get("default") is not None:
        dataset = {"default_graph": [ox.NamedNode(g) for g in job["default"]]}
    if job.get("named") is not None:
        dataset["named_graphs"] = [ox.NamedNode(g) for g in job["named"]]
    try:
        result = store.query(text, **dataset)
        fmt, body = serialise(result, job)
    except SyntaxError as exc:
        return refuse(400, f"invalid SPARQL: {one_line(exc.msg or str(exc))}")
    except Limit as exc:
        if str(exc) == "rows":
            return refuse(422, f"the answer has more than {job['max_rows']:,} rows (the row limit, kg serve "
                               "--max-rows): add a LIMIT")
        return refuse(422, f"the answer is larger than {confine.show_size(job['max_bytes'])}: add a LIMIT")
    except NotAcceptable:
        kind = "a graph" if isinstance(result, ox.QueryTriples) else "query results"
        return refuse(406, f"cannot answer {kind} in any type the Accept header lists (see the service "
                           "description: GET /query)")
    except ValueError as exc:
        return refuse(400, one_line(str(exc)))
    except (OSError, RuntimeError) as exc:
        return refuse(500, f"the query failed: {one_line(str(exc))}")
    return {"status": 200, "type": CONTENT_TYPES[fmt]}, body


def one_line(text: str) -> str:
    """A message made one line."""
    return " ".join(text.split())[:500]


def main(argv: list[str]) -> int:
    """The worker: confine itself, open the snapshot, say it is ready, answer jobs until EOF."""
    config = json.loads(argv[0])
    confine.die_with_parent(config["parent"])
    notes = []
    if not config["network"]:
        why = confine.drop_network()
        if why:
            notes.append(why)
    confine.cap_memory(config["memory"])
    sock = socket.socket(fileno=config["fd"])
    try:
        store = ox.Store.read_only(config["store"])
    except OSError as exc:
        send(sock, {"ready": False, "message": f"cannot open the snapshot: {exc}"})
        return 1
    send(sock, {"ready": True, "notes": notes})
    while True:
        message = receive(sock)
        if message is None:
            return 0
        header, body = answer(store, message[0])
        send(sock, header, body)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except MemoryError:
        os._exit(confine.MEMORY_EXIT)
    except (BrokenPipeError, ConnectionResetError):
        os._exit(0)
