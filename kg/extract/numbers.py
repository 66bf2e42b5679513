"""Pure parsers of numbers, percentages and emission amounts, in French and English formats.

No state, no spaCy: every function here is a plain function of its arguments, so it is cheap to
test. Offsets are always into the string given. Years and dates are in kg.extract.dates.
"""
from __future__ import annotations

import math
import re
import unicodedata

# -- numbers ---------------------------------------------------------------------------------

SPACES = "\u00a0\u202f\u2009\u2007 "          # thousands separators used in French text
SPACE_CLASS = f"[{SPACES}]"

#: scale words and their multiplier (lower case, without accents)
SCALES = {
    "k": 1e3, "mille": 1e3, "milliers": 1e3, "millier": 1e3, "thousand": 1e3, "thousands": 1e3,
    "m": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
    "md": 1e9, "mds": 1e9, "mrd": 1e9, "bn": 1e9, "milliard": 1e9, "milliards": 1e9,
    "billion": 1e9, "billions": 1e9,
}

#: numbers written in words, as far as articles use them for counts and years
WORD_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}

#: fractions written in words, as percentages
WORD_FRACTIONS = {
    "un tiers": 100 / 3, "d'un tiers": 100 / 3, "a third": 100 / 3, "one third": 100 / 3, "one-third": 100 / 3,
    "un quart": 25.0, "a quarter": 25.0, "one quarter": 25.0, "la moitie": 50.0, "de moitie": 50.0,
    "half": 50.0, "deux tiers": 200 / 3, "two thirds": 200 / 3, "two-thirds": 200 / 3,
    "trois quarts": 75.0, "three quarters": 75.0, "three-quarters": 75.0,
}

_NUMBER = rf"(?<![\w.,])[-+−–]?\s?(?:\d{{1,3}}(?:(?:{SPACE_CLASS}|[.,](?=\d{{3}}(?!\d)))\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
_WHOLE = rf"(?![.,]\d|{SPACE_CLASS}\d{{3}}(?!\d))"    # never '12' of '12.5' nor '1' of '1 000'
#: a number as written: digits with optional thousands groups and decimals, optional sign
NUMBER_RE = re.compile(rf"{_NUMBER}(?!\w){_WHOLE}")
#: the same, glued to the scale or unit word after it: '3bn', '15Mt', '12tCO2e'
_GLUED_NUMBER_RE = re.compile(rf"{_NUMBER}(?!\d){_WHOLE}")


def lower_ascii(s: str) -> str:
    """Lower case without accents, typographic apostrophes made straight."""
    s = s.replace("’", "'").replace("ʼ", "'")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()


def parse_decimal(s: str, lang: str | None = None) -> float | None:
    """A number written with French or English separators: '68,25' 68.25, '38 000' 38000,
    '38,000' 38000, '1.1' 1.1, '1 234,5' 1234.5, '1,234.5' 1234.5, '-75' -75. None if not a number.

    A single separator followed by exactly three digits is a thousands separator for a comma in
    English and for a dot in French ('38.000'); otherwise it is the decimal mark.
    """
    s = s.strip().replace("−", "-").replace("–", "-")
    sign = -1.0 if s.startswith("-") else 1.0
    s = s.lstrip("+-").strip()
    s = re.sub(SPACE_CLASS, "", s)
    if not s or not re.fullmatch(r"[\d.,]+", s) or not s[0].isdigit():
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:                              # the last separator is the decimal mark
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thou = "," if dec == "." else "."
        s = s.replace(thou, "").replace(dec, ".")
    elif dots + commas > 1:                          # several of one kind: thousands groups
        sep = "." if dots else ","
        parts = s.split(sep)
        if all(len(p) == 3 for p in parts[1:]):
            s = s.replace(sep, "")
        else:
            return None
    elif dots + commas == 1:
        sep = "." if dots else ","
        head, tail = s.split(sep)
        grouping = len(tail) == 3 and head != "0" and (
            (sep == "," and lang == "en") or (sep == "." and lang == "fr" and len(head) <= 3))
        s = head + tail if grouping else head + "." + tail
    try:
        value = sign * float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None   # 400 digits are not a number of anything


_SCALE_RE = re.compile(
    r"^\s*(?:de\s+)?(milliards?|milliers?|millions?|mille|thousands?|billions?|bn|mds?|mrd|mio|mn|k|m)\b\.?",
    re.I)


def parse_number(s: str, lang: str | None = None) -> float | None:
    """A number with an optional scale word: '68,25 millions' 68250000, '1.1 million' 1100000,
    '38 000' 38000, '2,5 milliards' 2.5e9, '15.4' 15.4, 'douze' 12, 'un tiers' 33.33.
    None when `s` does not start with a number."""
    text = s.strip()
    folded = lower_ascii(text)
    for words, value in WORD_FRACTIONS.items():
        if folded.startswith(words):
            return value
    m = NUMBER_RE.match(text)
    glued = m is None and (m := _GLUED_NUMBER_RE.match(text)) is not None   # '3bn': a scale must follow
    if not m:
        word = re.match(r"[a-z_]+", folded)
        if word and word.group(0) in WORD_NUMBERS:
            value = float(WORD_NUMBERS[word.group(0)])
            rest = text[word.end():]
        else:
            return None
    else:
        value = parse_decimal(m.group(0), lang)
        if value is None:
            return None
        rest = text[m.end():]
    sm = _SCALE_RE.match(rest)
    if sm and not re.match(r"\s*(?:de\s+)?m\b\s*(?:2|²|3|³)", rest):
        scale_word = lower_ascii(sm.group(1))
        # 'M' alone is a scale only when written in capitals ('15.4 M tonnes'), never 'm' (metres)
        if scale_word == "m" and sm.group(1) != "M":
            return None if glued else value
        if scale_word == "k" and sm.group(1) != "k":
            return None if glued else value
        value *= SCALES[scale_word]
    elif glued:
        return None
    return value


# -- percentages -------------------------------------------------------------------------------

PERCENT_RE = re.compile(
    rf"(?P<num>[-+−–]?\s?\d+(?:[.,]\d+)?){SPACE_CLASS}?(?:%|pour\s?cents?\b|per\s?cent\b|percent\b|pct\b)", re.I)


def parse_percent(s: str) -> float | None:
    """'-75 %' -75.0, '6%' 6.0, '46,2 %' 46.2, '12 per cent' 12.0, 'un tiers' 33.3 (one decimal)."""
    folded = lower_ascii(s.strip())
    for words, value in WORD_FRACTIONS.items():
        if folded.startswith(words):
            return round(value, 1)
    m = PERCENT_RE.match(s.strip())
    if not m:
        return None
    value = parse_decimal(m.group("num"), "en" if "." in m.group("num") else "fr")
    return value


_PCT_UNIT = rf"{SPACE_CLASS}?(?:%|pour\s?cents?\b|per\s?cent\b|percent\b|pct\b)"
#: a range of percentages: '15-20%', '20%-30%', '35 à 40 %', 'entre 15 et 20 %', 'between 15 and 20 per cent'
PERCENT_RANGE_RE = re.compile(
    rf"(?:\b(?:entre|between|de|from)\s+)?(?P<lo>\d+(?:[.,]\d+)?)(?:{_PCT_UNIT})?\s?(?:[-–]|\bà\b|\bto\b|\bet\b|\band\b)\s?"
    rf"(?P<hi>\d+(?:[.,]\d+)?){_PCT_UNIT}", re.I)


def find_percents(text: str) -> list[tuple[int, int, float | None]]:
    """Every percentage of `text` as (start, end, value), a range ('15-20%', '20%-30%', 'entre
    15 et 20 %', 'between 15 and 20 per cent') counted once with its lower bound (the
    convention for range targets). A sign is dropped only where it is a range dash."""
    out: list[tuple[int, int, float | None]] = []
    taken: list[tuple[int, int]] = []
    for m in PERCENT_RANGE_RE.finditer(text):
        lo, hi = parse_decimal(m.group("lo")), parse_decimal(m.group("hi"))
        if lo is None or hi is None or not lo < hi:
            continue
        if re.match(r"\b(?:de|from)\b", m.group(0), re.I) and not re.search(r"[-–]", m.group(0)):
            continue   # 'from 20% to 30%', 'de 35 à 40 %' is a change of value, not a range
        out.append((m.start("lo"), m.end(), lo))
        taken.append((m.start(), m.end()))
    for m in PERCENT_RE.finditer(text):
        if any(m.start() < b and a < m.end() for a, b in taken):
            continue
        out.append((m.start(), m.end(), parse_percent(m.group(0))))
    return sorted(out)


# -- emission amounts --------------------------------------------------------------------------

UNITS = {"tCO2e": 1.0, "ktCO2e": 1e3, "MtCO2e": 1e6}

_CO2 = r"(?:CO2|CO₂|CO\s?2)"
#: unit words after a number, with their size in tonnes (None: take the scale from the number)
_UNIT_PATTERNS: list[tuple[re.Pattern, float]] = [
    (re.compile(rf"^\s*(?:de\s+|of\s+)?(?:Gt|gigatonnes?|gigatons?)(?![a-z])", re.I), 1e9),
    (re.compile(rf"^\s*(?:de\s+|of\s+)?(?:Mt|Mte|Mteq|MtCO2e?q?|MtCO₂e?|mégatonnes?|megatonnes?|megatons?)(?![a-z])"), 1e6),
    (re.compile(rf"^\s*(?:de\s+|of\s+)?(?:kt|kte|kteq|ktCO2e?q?|ktCO₂e?|kilotonnes?|kilotons?)(?![a-z])", re.I), 1e3),
    (re.compile(rf"^\s*(?:de\s+|d'|d’|of\s+)?(?:tonnes?|tons?|t|tCO2e?q?|tCO₂e?|teqCO2|teq|téq)(?![a-zA-Z])", re.I), 1.0),
]


def parse_amount(s: str, lang: str | None = None) -> tuple[float, str] | None:
    """An emission amount, normalised: '68,25 millions de tonnes métriques' (68.25, 'MtCO2e'),
    '1.1 million de tonnes' (1.1, 'MtCO2e'), '38 000 tonnes' (38000.0, 'tCO2e'),
    '15.4 Mt' (15.4, 'MtCO2e'), '250 kt CO2e' (250.0, 'ktCO2e'), '2 Gt' (2000.0, 'MtCO2e').

    Amounts of a million tonnes or more are given in MtCO2e, amounts stated in kilotonnes in
    ktCO2e, the rest in tCO2e. None when `s` does not start with a number followed by a mass.
    """
    text = s.strip()
    m = NUMBER_RE.match(text) or _GLUED_NUMBER_RE.match(text)   # '15Mt', '12tCO2e': a unit must follow
    if not m:
        return None
    value = parse_decimal(m.group(0), lang)
    if value is None or value < 0:
        return None
    rest = text[m.end():]
    sm = _SCALE_RE.match(rest)
    scale = 1.0
    if sm and not (lower_ascii(sm.group(1)) in ("m", "k") and _unit_size(rest) is not None):
        word = lower_ascii(sm.group(1))
        if word == "m" and sm.group(1) != "M":
            return None
        scale = SCALES[word]
        rest = rest[sm.end():]
    size = _unit_size(rest)
    if size is None:
        return None
    tonnes = value * scale * size
    return normalise_tonnes(tonnes, kilo=(size == 1e3 and scale == 1.0))


def _unit_size(rest: str) -> float | None:
    rest = re.sub(r"^\s*(?:de\s+|of\s+)?(?:métriques?|metric)\s+", " ", rest, flags=re.I)
    for pattern, size in _UNIT_PATTERNS:
        if pattern.match(rest):
            return size
    rest2 = re.sub(r"^\s*(?:de\s+|of\s+)?(?:métriques?|metric)\s+", " ", rest, flags=re.I)
    if rest2 != rest:
        return _unit_size(rest2)
    return None


def normalise_tonnes(tonnes: float, kilo: bool = False) -> tuple[float, str]:
    """(value, unit) for an amount in tonnes: MtCO2e from a million tonnes, else ktCO2e when the
    article spoke in kilotonnes, else tCO2e."""
    if tonnes >= 1e6:
        return round(tonnes / 1e6, 6), "MtCO2e"
    if kilo:
        return round(tonnes / 1e3, 6), "ktCO2e"
    return round(tonnes, 6), "tCO2e"


def to_tonnes(value: float, unit: str) -> float:
    """An amount in tonnes CO2e: to_tonnes(1.1, 'MtCO2e') == 1100000.0."""
    return value * UNITS[unit]
