"""Reading SBTi workbooks: the sheet holding the expected columns, cells cleaned, a row rendered as quotable text."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...errors import KgError


def _key(header) -> str:
    return " ".join(str(header).split()).casefold() if header is not None else ""


def check_workbook(path: Path) -> None:
    """A KgError unless `path` is a readable file that looks like an .xlsx workbook (a zip)."""
    path = Path(path)
    if not path.exists():
        raise KgError(f"{path}: no such file")
    if path.is_dir():
        raise KgError(f"{path}: is a directory, not an .xlsx workbook")
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise KgError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if magic != b"PK\x03\x04":
        raise KgError(f"{path}: not an .xlsx workbook (save it as Excel .xlsx)")


def read_sheet(path: Path, columns: tuple[str, ...], preferred: str | None = None):
    """(sheet title, rows as dicts column -> value, with their Excel row numbers) of the first sheet
    whose header row holds every expected column; a KgError names the missing ones otherwise."""
    path = Path(path)
    check_workbook(path)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds; one line is what matters
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise KgError(f"{path}: not a readable .xlsx workbook ({reason})") from exc
    try:
        sheets = sorted(wb.worksheets, key=lambda ws: ws.title != preferred)
        best = None
        for ws in sheets:
            header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
            index = {}
            for i, h in enumerate(header):
                index.setdefault(_key(h), i)
            missing = [c for c in columns if _key(c) not in index]
            if not missing:
                from ...progress import progress

                rows = []
                for n, values in enumerate(progress(ws.iter_rows(min_row=2, values_only=True), total=ws.max_row - 1,
                                                    desc=f"reading {path.name}", unit="row"), start=2):
                    rows.append((n, {c: _clean(values[index[_key(c)]]) if index[_key(c)] < len(values) else None
                                     for c in columns}))
                return ws.title, rows
            if best is None or len(missing) < len(best[1]):
                best = (ws.title, missing)
    finally:
        wb.close()
    title, missing = best if best else ("?", list(columns))
    raise KgError(f"{path}: sheet {title!r} lacks the expected column(s) {', '.join(map(repr, missing))} "
                  f"in its header row")


def _clean(value):
    """Cell values as read; empty strings are empty cells."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def render(value) -> str:
    """A cell value as the record text shows it: strings verbatim, numbers as written."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class Record:
    """A row's text, one line `Column: value` per non-empty cell, with each line's offsets."""

    def __init__(self, cells: dict):
        parts, self.lines, pos = [], {}, 0
        for column, value in cells.items():
            if value is None:
                continue
            line = f"{column}: {render(value)}"
            if parts:
                pos += 1
            self.lines[column] = (pos, pos + len(column) + 2, pos + len(line))
            parts.append(line)
            pos += len(line)
        self.text = "\n".join(parts)

    def span(self, *columns: str) -> tuple[int, int] | None:
        """From the start of the first present line to the end of the last one."""
        present = [self.lines[c] for c in columns if c in self.lines]
        return (present[0][0], present[-1][2]) if present else None

    def value(self, column: str) -> tuple[int, int] | None:
        return (self.lines[column][1], self.lines[column][2]) if column in self.lines else None
