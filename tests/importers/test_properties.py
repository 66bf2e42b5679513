"""Property-based tests (Hypothesis) of the SBTi cell parsers (kg/importers/sbti/cells.py): years,
dates and company names as the workbooks write them, and any cell at all."""
from __future__ import annotations

import re
from datetime import date, datetime

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from kg.importers import sbti as S
from kg.iris import XSD

from ..strategies import ANY_TEXT, DIGITS, FAST, soup


SBTI_YEARS = st.integers(1990, 2149)


@settings(max_examples=300, **FAST)
@given(SBTI_YEARS, SBTI_YEARS, st.sampled_from(["{y}", "FY{y}", "FY {y}", "fy{y}", "F{y}", "Y{y}", " {y} ",
                                                "{y}, {z}", "{y};{z}", "{y} & {z}", "{y} and {z}", "FY{y}/{z}"]))
def test_parse_years_reads_what_sbti_writes(y, z, template):
    text = template.format(y=y, z=z)
    years, raw = S.parse_years(text)
    assert years == ([y, z] if "{z}" in template else [y]) and raw == text
    assert S.parse_years(y) == ([y], None)
    assert S.parse_years(float(y)) == ([y], None)       # Excel gives 2030.0


@settings(max_examples=200, **FAST)
@given(st.integers(1990, 2148).filter(lambda y: (y + 1) // 100 == y // 100))
def test_parse_years_fiscal_span_with_two_digits(y):
    assert S.parse_years(f"FY{y}/{(y + 1) % 100:02d}")[0] == [y, y + 1]


@settings(max_examples=50, **FAST)
@given(st.integers(1990, 2148))
@example(2099)
@example(1999)
def test_parse_years_fiscal_span_across_a_century(y):
    assert S.parse_years(f"FY{y}/{(y + 1) % 100:02d}")[0] == [y, y + 1]


ANY_CELL = st.one_of(ANY_TEXT, soup([*DIGITS, *"FYfy/,;&. -", " and "], max_size=20),
                     st.integers(), st.floats(), st.booleans(), st.none(), st.dates(), st.datetimes(),
                     st.binary(max_size=8), st.lists(st.integers(), max_size=2))


@settings(max_examples=500, **FAST)
@given(ANY_CELL)
def test_parse_years_of_any_cell_is_years_or_value_error(value):
    try:
        years, raw = S.parse_years(value)
    except ValueError:
        return
    assert years and all(isinstance(y, int) and 1990 <= y <= 2150 for y in years)
    assert raw == (value if isinstance(value, str) else None)


@settings(max_examples=400, **FAST)
@given(st.dates(), st.sampled_from(["{d:02d}/{m:02d}/{y:04d}", "{d}/{m}/{y:04d}", " {d:02d}/{m:02d}/{y:04d} "]),
       st.sampled_from(["str", "date", "datetime"]))
def test_parse_date_round_trip(d, template, kind):
    value = {"str": template.format(d=d.day, m=d.month, y=d.year), "date": d,
             "datetime": datetime(d.year, d.month, d.day, 12, 30)}[kind]
    expected = ((f"{d.year:04d}-{d.month:02d}", XSD + "gYearMonth") if d.day == 1 else
                (d.isoformat(), XSD + "date"))
    assert S.parse_date(value) == expected


@settings(max_examples=400, **FAST)
@given(st.one_of(ANY_CELL, st.text(st.sampled_from(list(DIGITS + "/ ")), max_size=12)))
def test_parse_date_of_any_cell_is_none_or_a_valid_date(value):
    got = S.parse_date(value)
    if got is not None:
        lexical, datatype = got
        if datatype == XSD + "date":
            assert date.fromisoformat(lexical).day != 1
        else:
            assert datatype == XSD + "gYearMonth" and date.fromisoformat(lexical + "-01")


NAMES = st.text(st.characters(categories=("L", "Nd"), include_characters=" &-'’"), max_size=25)


@settings(max_examples=500, **FAST)
@given(st.one_of(st.text(max_size=40), NAMES, soup([*"aAsS/.&() ", " Inc", " S.A.", " A/S"], max_size=15)))
def test_normalise_name_is_idempotent_ascii_words(name):
    key = S.normalise_name(name)
    assert S.normalise_name(key) == key
    assert re.fullmatch(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?", key), key


@settings(max_examples=400, **FAST)
@given(NAMES, NAMES, st.sampled_from(["Inc.", "Ltd", "S.A.", "SA", "GmbH", "plc", "A/S", "AG", "S.p.A.", "Corp.",
                                      "Co., Ltd."]))
def test_normalise_name_ignores_legal_forms_ampersands_and_parentheses(a, b, form):
    assume(S.normalise_name(a))
    key = S.normalise_name(a)
    assert S.normalise_name(f"{a} {form}") == key
    assert S.normalise_name(f"{a} ({b})") == key
    assert S.normalise_name(f"{a} & {b}") == S.normalise_name(f"{a} and {b}")


@settings(max_examples=300, **FAST)
@given(st.text(max_size=20))
@example("Straße")
@example("ı")
def test_normalise_name_ignores_case(name):
    assert S.normalise_name(name) == S.normalise_name(name.upper()) == S.normalise_name(name.lower())


@settings(max_examples=200, **FAST)
@given(st.text(st.characters(min_codepoint=0xC0, max_codepoint=0x17F, categories=("Lu", "Ll")), min_size=1,
               max_size=12))
@example("Ørsted")
def test_normalise_name_keeps_every_latin_letter(word):
    """A word of Latin letters (Latin-1 and Extended-A) keeps at least one ASCII letter per letter."""
    assert len(S.normalise_name(word)) >= len(word), (word, S.normalise_name(word))

