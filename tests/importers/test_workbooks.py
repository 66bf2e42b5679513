"""Workbooks that lie about themselves (kg/importers/sbti/workbook.py): a wrong or missing `<dimension>`
in the sheet's XML, formula cells saved without a calculated value. Small workbooks are built here; the
real SBTi workbook is modified in a temporary copy when ../shared holds it."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.importers import sbti
from kg.importers.sbti.workbook import read_sheet

from .test_sbti import ACME, BETA, REAL_COMPANIES, company, progress, write_companies, write_progress

SHEET = "xl/worksheets/sheet1.xml"


def with_dimension(src: Path, dst: Path, ref: str | None, sheet: str = SHEET) -> Path:
    """A copy of the workbook `src` whose sheet declares `<dimension ref=ref>` (none at all if None)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == sheet:
                new = b"" if ref is None else f'<dimension ref="{ref}"/>'.encode()
                data, n = re.subn(rb"<dimension\b[^>]*/>", new, data, count=1)
                assert n == 1, f"{src}: no <dimension> in {sheet}"
            zout.writestr(item, data)
    return dst


def without_digest(turtle: bytes) -> bytes:
    """The Turtle with the workbook's SHA-256 left out (the two files differ by their <dimension>)."""
    return re.sub(rb"[0-9a-f]{64}", b"", turtle)


def companies_rows(n: int) -> list[dict]:
    return [company(f"Company {i:03d}", Date=f"01/{1 + i % 12:02d}/2022") for i in range(n)]


# -- item: read every row whatever <dimension> says -------------------------------------------------

@pytest.mark.parametrize("ref", ["A1:U10", "A1:B2", "A1", "C5:D6", None],
                         ids=["too-few-rows", "too-few-columns", "one-cell", "offset", "missing"])
def test_every_row_is_imported_whatever_the_dimension_says(tmp_path, ref):
    (tmp_path / "honest").mkdir()
    (tmp_path / "lying").mkdir()
    name = "companies.xlsx"
    honest = sbti.import_companies(write_companies(tmp_path / "honest" / name, companies_rows(40)))
    lying = sbti.import_companies(with_dimension(tmp_path / "honest" / name, tmp_path / "lying" / name, ref))
    assert honest.counts["rows"] == honest.counts["organisations"] == 40
    assert lying.counts == honest.counts and lying.problems == honest.problems
    assert without_digest(lying.turtle) == without_digest(honest.turtle)


@pytest.fixture(scope="module")
def real_read():
    if not REAL_COMPANIES.is_file():
        pytest.skip("SBTi workbooks not in ../shared")
    return read_sheet(REAL_COMPANIES, sbti.COMPANY_COLUMNS)


@pytest.fixture(scope="module")
def real_import(real_read):
    return sbti.import_companies(REAL_COMPANIES)


def test_the_real_workbook_with_too_few_columns_in_its_dimension_reads_every_cell(real_read, tmp_path):
    title, rows, blanks = real_read
    assert len(rows) == 4382 and blanks == []  # the unmodified workbook, for comparison
    lying = with_dimension(REAL_COMPANIES, tmp_path / "companies-taking-action-2023-01-09.xlsx", "A1:B2")
    assert read_sheet(lying, sbti.COMPANY_COLUMNS) == (title, rows, blanks)


@pytest.mark.parametrize("ref", ["A1:U10", None], ids=["wrong", "missing"])
def test_the_real_workbook_with_a_wrong_or_missing_dimension_imports_every_row(real_import, tmp_path, ref):
    """The findings as they were seen: 9 of 4,382 rows imported with "problems 0"; a traceback."""
    lying = with_dimension(REAL_COMPANIES, tmp_path / "companies-taking-action-2023-01-09.xlsx", ref)
    result = sbti.import_companies(lying)
    assert result.counts["rows"] == 4382 and result.counts["organisations"] == 4377
    assert result.counts == real_import.counts and result.problems == real_import.problems


# -- item: formula cells without a cached value are reported by row and column ----------------------

def test_formula_cells_without_a_cached_value_are_reported_by_row_and_column(tmp_path):
    rows = [ACME, company("=\"Zeta \"&\"Corp\""), BETA, company("Eta", **{"Near term - Target Year": "=2025+5"})]
    result = sbti.import_companies(write_companies(tmp_path / "c.xlsx", rows))  # openpyxl saves no values
    got = {}
    for p in result.problems:
        got.setdefault((p.row, p.column), []).append(p.message)
    assert set(got) == {(3, "Company Name"), (5, "Near term - Target Year")}
    name, missing = sorted(got[(3, "Company Name")])
    assert name.startswith("formula =\"Zeta \"&\"Corp\" has no cached value, so the cell is read as empty")
    assert missing == "no company name: row not imported"
    [year] = got[(5, "Near term - Target Year")]
    assert year.startswith("formula =2025+5 has no cached value")
    assert result.counts["problems_uncalculated"] == 2
    assert str(next(p for p in result.problems if p.row == 5)).startswith("row 5: Near term - Target Year: formula")


def test_a_formula_with_a_cached_value_is_read_as_that_value_and_not_reported(tmp_path):
    path = write_companies(tmp_path / "c.xlsx", [ACME, company("=\"Zeta \"&\"Corp\"")])
    calculated = tmp_path / "calculated.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(calculated, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == SHEET:  # what Excel saves: the formula and its result
                # openpyxl writes an empty <v/> without lxml, <v></v> with it (pyld, a test dependency, brings lxml)
                data, n = re.subn(rb'<c r="A3"><f>(.*?)</f>(?:<v\s*/>|<v></v>)', rb'<c r="A3" t="str"><f>\1</f><v>Zeta Corp</v>',
                                  data)
                assert n == 1
            zout.writestr(item, data)
    result = sbti.import_companies(calculated)
    assert result.problems == [] and result.counts["organisations"] == 2
    assert b'"Zeta Corp"' in result.turtle


def test_progress_import_reports_formula_cells_too(tmp_path):
    companies = sbti.import_companies(write_companies(tmp_path / "c.xlsx", [ACME]))
    prog = write_progress(tmp_path / "p.xlsx", [progress("Acme Widgets", **{"Target year": "=2020+10"})])
    result = sbti.import_progress(prog, companies.turtle)
    assert [(p.row, p.column) for p in result.problems] == [(3, "Target year")]
    assert "formula =2020+10 has no cached value" in result.problems[0].message


def test_a_sheet_cut_short_is_one_line_naming_the_file(tmp_path):
    path = write_companies(tmp_path / "c.xlsx", companies_rows(40))
    cut = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(cut, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, data[: len(data) // 2] if item.filename == SHEET else data)
    with pytest.raises(KgError, match=r"cut.xlsx: sheet 'Worksheet' is unreadable after row \d+ \(") as err:
        sbti.import_companies(cut)
    assert "\n" not in str(err.value)
