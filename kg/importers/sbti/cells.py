"""Parsing SBTi cells: company names (displayed, normalised for matching), years, dates, yes/no, percentages."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
import re

from ...iris import XSD, ascii_fold
from .terms import LEGAL_FORMS, NO, PLACEHOLDERS, YEAR_TOKEN, YES


def display_name(name: str) -> str:
    """A company name with runs of white space (non-breaking ones too) made one space."""
    return " ".join(str(name).split())


def normalise_name(name: str) -> str:
    """The key of the name rule: ASCII, casefolded, & = and, no parentheses, no trailing legal form."""
    text = ascii_fold(str(name).casefold()).casefold()  # casefold first: Straße and STRASSE agree
    text = re.sub(r"\([^)]*\)", " ", text.replace("&", " and "))
    text = re.sub(r"\ba\s*/\s*s\b", "as", text)  # Danish A/S
    text = re.sub(r"\b([a-z])\.(?=[a-z]\b|[a-z]\.)", r"\1", text)  # S.A. -> sa., S.p.A. -> spa.
    words = re.findall(r"[a-z0-9]+", text)
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def is_placeholder(value) -> bool:
    return isinstance(value, str) and value.strip().casefold() in PLACEHOLDERS


def parse_years(value) -> tuple[list[int], str | None]:
    """Years in a target-year cell: 2030, "FY2040", "2030, 2025", "FY2030/31". ValueError if unreadable."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        years = [int(value)]
    elif isinstance(value, str):
        years = []
        for token in re.split(r"\s*[,;&]\s*|\s+and\s+", value.strip()):
            m = YEAR_TOKEN.fullmatch(token)
            if not m:
                raise ValueError(value)
            first = int(m.group(1))
            years.append(first)
            if m.group(2):
                second = m.group(2)
                if len(second) == 2:  # FY2029/30; FY2099/00 ends in 2100
                    end = first // 100 * 100 + int(second)
                    years.append(end + 100 if end < first else end)
                else:
                    years.append(int(second))
    else:
        raise ValueError(value)
    if not years or any(not 1990 <= y <= 2150 for y in years):
        raise ValueError(value)
    return years, (value if isinstance(value, str) else None)


def parse_date(value) -> tuple[str, str] | None:
    """(lexical form, datatype) of an SBTi date "dd/mm/yyyy". SBTi gives months: day 01 -> gYearMonth."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        d = value
    else:
        m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", str(value))
        if not m:
            return None
        try:
            d = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    if d.day == 1:
        return f"{d.year:04d}-{d.month:02d}", XSD + "gYearMonth"
    return d.isoformat(), XSD + "date"


def yes_no(value) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(value)


def percent(value) -> str | None:
    """A 0-1 fraction as a percentage, exactly (0.180257703355529 -> "18.0257703355529")."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    try:
        d = Decimal(repr(value) if isinstance(value, float) else str(value).strip()) * 100
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    text = format(d.normalize(), "f")
    return text if "." in text else text + ".0"
