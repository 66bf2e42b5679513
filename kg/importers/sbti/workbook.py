"""Reading SBTi workbooks: the sheet holding the expected columns, cells cleaned, a row rendered as quotable text."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
import zipfile
import zlib

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


def _open(path: Path, data_only: bool):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds; one line is what matters
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise KgError(f"{path}: not a readable .xlsx workbook ({reason})") from exc


def read_sheet(path: Path, columns: tuple[str, ...], preferred: str | None = None):
    """(sheet title, rows as dicts column -> value with their Excel row numbers, formula cells without a
    cached value as (row, column, formula)) of the first sheet whose header row holds every expected
    column; a KgError names the missing ones otherwise.

    Every row in the sheet's XML is read: its `<dimension>` (which openpyxl's read-only mode takes as the
    sheet's extent) may be wrong or missing, so it is only a hint for the progress bar. A formula cell
    that has no cached value reads as empty and is returned with its formula so the importer reports it
    (openpyxl does not calculate formulas)."""
    path = Path(path)
    check_workbook(path)
    wb = _open(path, data_only=True)
    try:
        sheets = sorted(wb.worksheets, key=lambda ws: ws.title != preferred)
        best = None
        for ws in sheets:
            declared = ws.max_row
            ws.reset_dimensions()
            header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
            index = {}
            for i, h in enumerate(header):
                index.setdefault(_key(h), i)
            missing = [c for c in columns if _key(c) not in index]
            if not missing:
                where = {c: index[_key(c)] for c in columns}
                rows, blanks = _read_rows(path, ws, where, declared)
                return ws.title, rows, blanks
            if best is None or len(missing) < len(best[1]):
                best = (ws.title, missing)
    finally:
        wb.close()
    title, missing = best if best else ("?", list(columns))
    raise KgError(f"{path}: sheet {title!r} lacks the expected column(s) {', '.join(map(repr, missing))} "
                  f"in its header row")


def _read_rows(path: Path, ws, where: dict[str, int], declared: int | None):
    """The rows below the header, and the formula cells among them that have no cached value.

    The same sheet is read a second time with formulas as text, in step with the first reading (both
    parse the same XML, row for row): a cell empty in the first and not in the second is a formula
    that was never calculated."""
    from ...progress import progress

    formulas = _open(path, data_only=False)
    try:
        fws = formulas[ws.title]
        fws.reset_dimensions()
        values_rows = ws.iter_rows(min_row=2, values_only=True)
        formula_rows = fws.iter_rows(min_row=2, values_only=True)
        total = declared - 1 if declared and declared > 1 else None  # a hint: the dimension may be wrong
        rows, blanks = [], []
        pairs = progress(zip(values_rows, formula_rows, strict=True), total=total, desc=f"reading {path.name}",
                         unit="row")
        try:
            for n, (values, texts) in enumerate(pairs, start=2):
                cells = {}
                for column, i in where.items():
                    value = values[i] if i < len(values) else None
                    text = texts[i] if i < len(texts) else None
                    if value is None and text is not None:
                        blanks.append((n, column, str(getattr(text, "text", text))))
                    cells[column] = _clean(value)
                rows.append((n, cells))
        except (SyntaxError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:  # a broken sheet XML
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise KgError(f"{path}: sheet {ws.title!r} is unreadable after row {len(rows) + 1} ({reason})") from exc
        return rows, blanks
    finally:
        formulas.close()


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
