"""Date and date-time parameters (kg/sparql/params.py): only the ISO 8601 forms XSD writes are taken;
anything else (20250101, 2025-W01-1, ...) is refused in one line naming the parameter, the value and the
form expected, instead of being bound as an ill-typed literal that silently matches nothing."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.sparql import bind, load_query
from kg.store.embedded import Term

from ..conftest import ROOT

XSD = "http://www.w3.org/2001/XMLSchema#"
NOT_DATES = ["20250101", "2025-W01-1", "2025W011", "2025-001", "2025-1-1", "25-01-01", "2025-01-01Z",
             "2025-01-01+02:00", "2025-01-01T00:00:00", " 2025-01-01", "2025-01-01 ", "2025-13-45", "2025-02-29",
             "0000-01-01", "\u0662\u0660\u0662\u0665-\u0660\u0661-\u0660\u0661", "01/02/2025", "Today", ""]
NOT_DATE_TIMES = ["2025-01-01", "2025-01-01 09:30:00", "20250101T093000", "2025-01-01T09:30", "2025-01-01T24:00:00",
                  "2025-W01-1T09:30:00", "2025-01-01T09:30:00+15:00", "2025-01-01T09:30:00z", "2025-02-30T09:30:00"]


@pytest.fixture(scope="module")
def past_deadline():
    return load_query(ROOT / "queries" / "pledges_past_deadline.rq")


@pytest.fixture
def timed(tmp_path):
    path = tmp_path / "timed.rq"
    path.write_text("SELECT ?when WHERE { BIND(?_when_xsd_dateTime AS ?when) }\n", encoding="utf-8")
    return load_query(path)


@pytest.mark.parametrize("value", NOT_DATES)
def test_a_date_parameter_takes_only_a_calendar_date(past_deadline, value):
    with pytest.raises(KgError) as err:
        bind(past_deadline, {"asof": value})
    message = str(err.value)
    assert message.startswith(f"parameter asof: {value!r} is not a date: give an ISO 8601 calendar date YYYY-MM-DD")
    assert "\n" not in message


@pytest.mark.parametrize("value", ["2025-01-01", "2024-02-29", "1999-12-31", "9999-12-31"])
def test_calendar_dates_are_bound_as_they_are(past_deadline, value):
    assert bind(past_deadline, {"asof": value})["__asof_xsd_date"] == Term.literal(value, XSD + "date")


def test_today_is_a_date(past_deadline):
    assert bind(past_deadline, {"asof": "today"})["__asof_xsd_date"].value == dt.date.today().isoformat()
    assert bind(past_deadline, {})["__asof_xsd_date"].value == dt.date.today().isoformat()  # the default


@pytest.mark.parametrize("value", NOT_DATE_TIMES)
def test_a_date_time_parameter_takes_only_the_xsd_form(timed, value):
    with pytest.raises(KgError, match=r"^parameter when: .* is not a date and time: give YYYY-MM-DDThh:mm:ss"):
        bind(timed, {"when": value})


@pytest.mark.parametrize("value", ["2025-01-31T09:30:00", "2025-01-31T09:30:00Z", "2025-01-31T09:30:00.250+02:00",
                                   "2025-01-31T23:59:59-14:00"])
def test_date_times_are_bound_as_they_are(timed, value):
    assert bind(timed, {"when": value})["_when_xsd_dateTime"] == Term.literal(value, XSD + "dateTime")


# -- through the command line ------------------------------------------------------------------------

@pytest.fixture
def bare(tmp_path) -> Path:
    """A project holding the ontology and the saved queries: a quick build."""
    for name in ("ontology", "queries"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("value", ["20250101", "2025-W01-1"])
def test_kg_query_refuses_a_date_that_is_not_a_calendar_date_in_one_line(run_kg, bare, value):
    res = run_kg("--root", str(bare), "query", "pledges_past_deadline", "-p", f"asof={value}",
                 env={"KG_BUILD_DIR": ""})
    assert res.returncode == 2 and res.stdout == ""
    lines = [ln for ln in res.stderr.splitlines() if not ln.startswith("kg: no build yet")]
    assert lines == [f"kg: error: parameter asof: {value!r} is not a date: give an ISO 8601 calendar date "
                     f"YYYY-MM-DD (such as 2025-01-31), without a time zone, or today"]


def test_kg_query_takes_a_calendar_date_and_a_date_time(run_kg, bare):
    res = run_kg("--root", str(bare), "query", "pledges_past_deadline", "-p", "asof=2025-01-01", "-f", "csv",
                 env={"KG_BUILD_DIR": ""})
    assert res.returncode == 0 and res.stdout.startswith("org,orgLabel,pledge"), res.stderr
    (bare / "timed.rq").write_text("SELECT ?when WHERE { BIND(?_when_xsd_dateTime AS ?when) }\n", encoding="utf-8")
    res = run_kg("--root", str(bare), "query", str(bare / "timed.rq"), "-p", "when=2025-01-31T09:30:00Z", "-f", "csv",
                 env={"KG_BUILD_DIR": ""})
    assert res.returncode == 0 and res.stdout.split() == ["when", "2025-01-31T09:30:00Z"], res.stderr
    res = run_kg("--root", str(bare), "query", str(bare / "timed.rq"), "-p", "when=20250131T093000",
                 env={"KG_BUILD_DIR": ""})
    assert res.returncode == 2 and "parameter when: '20250131T093000' is not a date and time" in res.stderr
