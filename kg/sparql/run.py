"""Running a saved query: read-only (the guard), its parameters bound, within a time and row limit."""
from __future__ import annotations

from ..errors import KgError
from ..store.embedded import Rows, Store, TooManyRows
from .guard import safe_query
from .params import bind, with_values
from .saved import SavedQuery


class QueryTimeout(KgError):
    """A query ran out of time."""


def run(store: Store, query: SavedQuery, given: dict[str, str] | None = None, timeout: float | None = None,
        max_rows: int | None = None, allow_service: bool = False, limit: int | None = None, offset: int = 0) -> Rows:
    """The rows of a saved query, read-only (kg.sparql.guard), within `timeout` seconds and `max_rows` rows;
    `limit` and `offset` take one page of them. The engine runs the guard's canonical text of the query as
    bound: exactly what the guard checked, and the page's LIMIT/OFFSET (digits) after it."""
    embedded = isinstance(store, Store)  # its query method runs no update (the guard's fast path)
    text = safe_query(query.text, query.name, allow_service, embedded)
    bindings = bind(query, given or {}, store)
    if bindings:
        text = safe_query(with_values(text, bindings), query.name, allow_service, embedded)
    text = paged(text, query.name, limit, offset)
    try:
        if timeout is None:
            return store.select(text, max_rows=max_rows)
        return within(timeout, lambda: store.select(text, max_rows=max_rows),
                      f"{query.name}: stopped after {timeout:g} s (the query timeout): add parameters to narrow "
                      "it, or raise --timeout")
    except TooManyRows as exc:
        raise TooManyRows(f"{query.name}: {exc}") from None


def paged(text: str, name: str, limit: int | None, offset: int = 0) -> str:
    """The query with `LIMIT limit OFFSET offset` as its last solution modifiers (after its ORDER BY)."""
    import re

    if limit is None and not offset:
        return text
    if (limit is not None and limit < 0) or offset < 0:
        raise KgError(f"--limit and --offset must be 0 or more, not {limit if limit is not None and limit < 0 else offset}")
    bare = re.sub(r"#[^\n]*", "", re.sub(r'"(?:[^"\\\n]|\\.)*"|<[^<>\s]*>', '""', text))  # no comment, string or IRI
    if re.search(r"\b(LIMIT|OFFSET)\s+\d+\s*(\b(LIMIT|OFFSET)\s+\d+\s*)?$", bare, re.IGNORECASE):
        raise KgError(f"{name}: has a LIMIT or OFFSET of its own, so --limit/--offset cannot page it")
    return text.rstrip() + "\n" + (f"LIMIT {limit} " if limit is not None else "") + (f"OFFSET {offset}" if offset else "")


def within(seconds: float, work, message: str):
    """work() in a worker thread, given up after `seconds` (QueryTimeout). The engine releases the
    GIL while it evaluates, so the wait is exact; the abandoned evaluation ends with the process."""
    import threading

    outcome: dict = {}

    def target():
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            # without its traceback: the engine's result objects in those frames must be freed
            # in this thread (pyoxigraph's are bound to the thread that made them)
            outcome["error"] = exc.with_traceback(None)

    worker = threading.Thread(target=target, name="kg-query", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryTimeout(message)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
