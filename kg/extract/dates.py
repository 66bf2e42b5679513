"""Pure parsers of years and dates: fiscal years, ranges, relative dates, the publication date.

French and English formats, no state, no spaCy; offsets are always into the string given.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .numbers import SPACE_CLASS, WORD_NUMBERS, lower_ascii

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "fev": 2, "mar": 3, "apr": 4, "avr": 4, "jun": 6, "jul": 7, "juil": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_ALT = "|".join(sorted({m for m in MONTHS}, key=len, reverse=True))
_MONTH_RE = rf"(?:{_MONTH_ALT}|f[ée]vrier|ao[uû]t|d[ée]cembre)\.?"

YEAR = r"(?:19[5-9]\d|20\d\d|2100)"
_YEAR_RE = rf"(?<![\d.,/-])(?<!\d{SPACE_CLASS})(?:{YEAR})(?![\d%])(?!{SPACE_CLASS}?(?:%|\d))"


@dataclass(frozen=True)
class DateMention:
    """A time expression in a text: its span, the year it points to and how it was written.

    kind: 'year' (2030), 'end_of_year' (fin 2022), 'fiscal' (FY30), 'relative' (dans 16 ans,
    cette année), 'decade' (by the end of the decade), 'range' (entre 2022 et 2026: the end year),
    'since' (depuis 2012: a past start), 'baseline' (par rapport à 2019), 'date' (a full date).
    """
    start: int
    end: int
    year: int | None
    kind: str
    text: str
    month: int | None = None
    day: int | None = None


def fiscal_year(s: str) -> int | None:
    """The year a fiscal-year label ends in: 'FY30' 2030, 'FY2030' 2030, 'FY 2029/30' 2030,
    'FY2029-30' 2030, 'exercice 2023' 2023, 'fiscal 2025' 2025, 'exercice 2022/2023' 2023."""
    m = re.search(r"(?:FY|fiscal(?:\s+year)?|exercice(?:\s+fiscal)?|année\s+fiscale)\s*'?(\d{2,4})(?:\s*[/-]\s*(\d{2,4}))?",
                  s, re.I)
    if not m:
        return None
    if m.group(2):
        return _end_year(m.group(1), m.group(2))
    return _expand_year(m.group(1))


def _expand_year(digits: str) -> int | None:
    n = int(digits)
    if len(digits) == 2:
        return 2000 + n
    if len(digits) == 4 and 1950 <= n <= 2100:
        return n
    return None


def _end_year(first: str, last: str) -> int | None:
    """The end year of a span written 'first/last': two digits after four take the century of
    the first year, the next one when they are smaller ('2029/30' 2030, '1999/00' 2000)."""
    if len(first) == 4 and len(last) == 2:
        year = int(first[:2] + last)
        if year < int(first):
            year += 100
        return year if 1950 <= year <= 2100 else None
    return _expand_year(last)


def add_years(ref: date | None, n: int) -> int | None:
    return ref.year + n if ref else None


#: relative time expressions: (pattern, function(match, reference date) -> year)
def _num(m: re.Match) -> int | None:
    word = lower_ascii(m.group("n"))
    if word.isdigit():
        return int(word)
    return WORD_NUMBERS.get(word)


def _decade_end(ref: date | None) -> int | None:
    return (ref.year // 10) * 10 + 10 if ref else None


def _in_n_years(m: re.Match, ref: date | None) -> int | None:
    n = _num(m)
    return ref.year + n if ref and n is not None else None


_N = r"(?P<n>\d{1,2}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"

RELATIVE_PATTERNS: list[tuple[re.Pattern, object]] = [
    (re.compile(rf"\b(?:dans|d'ici|d’ici|sous|within|in)\s+(?:les\s+|the\s+next\s+)?{_N}\s+(?:prochaines?\s+)?(?:ans|années|years)\b", re.I), _in_n_years),
    (re.compile(r"\b(?:cette\s+année|this\s+year|l'année\s+en\s+cours|l’année\s+en\s+cours|the\s+current\s+year)\b", re.I),
     lambda m, ref: ref.year if ref else None),
    (re.compile(r"\b(?:l'an\s+prochain|l’an\s+prochain|l'année\s+prochaine|l’année\s+prochaine|next\s+year)\b", re.I),
     lambda m, ref: ref.year + 1 if ref else None),
    (re.compile(r"\b(?:l'an\s+dernier|l’an\s+dernier|l'année\s+dernière|l’année\s+dernière|last\s+year|l'an\s+passé|l’an\s+passé)\b", re.I),
     lambda m, ref: ref.year - 1 if ref else None),
    (re.compile(r"\b(?:le\s+mois\s+prochain|next\s+month)\b", re.I),
     lambda m, ref: (ref.year + (ref.month == 12)) if ref else None),
    (re.compile(r"\b(?:(?:by\s+)?the\s+end\s+of\s+(?:the|this)\s+decade|(?:d'ici\s+|d’ici\s+)?(?:la\s+)?fin\s+de\s+(?:la|cette)\s+décennie)\b", re.I),
     lambda m, ref: _decade_end(ref)),
    (re.compile(r"\b(?:(?:by\s+)?mid-?\s?century|(?:au\s+|d'ici\s+le\s+|d’ici\s+le\s+)?milieu\s+du\s+siècle)\b", re.I),
     lambda m, ref: 2050),
]


def resolve_relative(expr: str, ref: date | None) -> int | None:
    """The year a relative expression points to from the reference date: 'dans 16 ans' with
    2023-12 gives 2039, 'cette année' the reference year, 'by the end of the decade' the next
    year ending in 0, 'FY30' 2030, 'd'ici fin 2022' 2022. None when it cannot be resolved."""
    fy = fiscal_year(expr)
    if fy:
        return fy
    for pattern, fn in RELATIVE_PATTERNS:
        m = pattern.search(expr)
        if m:
            return fn(m, ref)
    m = re.search(YEAR, expr)
    return int(m.group(0)) if m else None


_ABS_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("fiscal", re.compile(r"\b(?:FY\s?'?\d{2}(?:\d{2})?(?:\s*[/-]\s*\d{2,4})?|(?:fiscal(?:\s+year)?|exercice(?:\s+fiscal)?|année\s+fiscale)\s+(?:\d{4}(?:\s*[/-]\s*\d{2,4})?))(?!\d)", re.I)),
    ("range", re.compile(rf"\b(?:entre|between|de|from)\s+(?P<a>{YEAR})\s+(?:et|and|à|to|-)\s+(?P<b>{YEAR})\b", re.I)),
    ("range", re.compile(rf"(?<!\d)(?P<a>{YEAR})\s?[-–/]\s?(?P<b>{YEAR}|\d\d)(?![\d%])(?!-\d)")),  # not 2005-11-20
    ("end_of_year", re.compile(rf"\b(?:(?:d'ici|d’ici|avant|pour)\s+)?(?:la\s+)?fin\s+(?:de\s+l'année\s+|de\s+l’année\s+|d'année\s+)?(?P<y>{YEAR})\b|\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+year\s+)?(?P<y2>{YEAR})\b", re.I)),
    ("date", re.compile(rf"\b(?P<d>\d{{1,2}})(?:er)?\s+(?P<m>{_MONTH_RE})\s+(?P<y>{YEAR})\b", re.I)),
    ("date", re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{YEAR})\b", re.I)),
    ("date", re.compile(rf"\b(?P<y>{YEAR})-(?P<m>\d{{2}})(?:-(?P<d>\d{{2}}))?\b")),
    ("date", re.compile(rf"\b(?P<d>\d{{1,2}})[/.](?P<m>\d{{1,2}})[/.](?P<y>{YEAR})\b")),
    ("month", re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<y>{YEAR})\b", re.I)),
    ("year", re.compile(_YEAR_RE)),
    # a footnote call glued to a deadline year: 'd'ici 20304' is 2030 and note 4
    ("footnote", re.compile(rf"(?:\bd['’]ici(?:\s+à)?|\bby|\bhorizon|\buntil)\s+(?P<y>20[2-9]\d)\d(?![\d%]|[.,]\d|\s?(?:t\b|tonnes?|tons?|MW|GW|kWh|euros?|dollars?|€|\$))", re.I)),
]


#: words just before a year that make it a start ('since') or a reference year ('baseline')
LEFT_CONTEXT: list[tuple[str, re.Pattern]] = [
    ("since", re.compile(r"(?:\b(?:depuis|since)\s+(?:(?:la\s+)?(?:fin|début)\s+(?:de\s+l['’]année\s+|d['’]année\s+)?|the\s+end\s+of\s+|(?:l['’]année|l['’]exercice|the\s+year)\s+)?)$", re.I)),
    ("baseline", re.compile(
        r"(?:\b(?:par\s+rapport\s+(?:à|aux?)|comparée?s?\s+(?:à|aux?)|comparativement\s+(?:à|aux?)|rapport\s+à|vs\.?|versus|"
        r"compared\s+(?:to|with)|relative\s+to|against|from|sur\s+la\s+base\s+(?:de|d['’])|base(?:line)?|"
        r"année\s+de\s+référence|référence|levels?\s+(?:of|in)|niveaux?\s+(?:de|d['’])|en\s+dessous\s+des\s+niveaux\s+de|below)"
        r"\s+(?:(?:les\s+|leurs?\s+|ses\s+)?niveaux?\s+(?:de\s+)?|(?:l['’]|d['’])?(?:année|exercice)\s+|(?:a|an|its|their|the|le|la|l['’])\s*)?"
        r"(?:(?:fiscal\s+(?:year\s+)?)?)$)", re.I)),
]


RIGHT_BASELINE = re.compile(r"\s*(?:base[\s-]?year|baseline|base\b|levels?\b|comme\s+(?:année\s+de\s+)?référence)", re.I)


def detect_dates(text: str, ref: date | None = None) -> list[DateMention]:
    """Time expressions in `text`, left to right, without overlaps (the first pattern of the
    table wins at a position): fiscal years, ranges, 'depuis 2012', baselines, 'fin 2022',
    full dates, months, bare years, and relative expressions resolved against `ref`."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, pattern in _ABS_PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span("y") if kind == "footnote" else m.span()
            if not free(start, end):
                continue
            month = day = None
            if kind == "fiscal":
                year = fiscal_year(m.group(0))
            elif kind == "range":
                a, b = m.group("a"), m.group("b")
                year = _end_year(a, b)
                if year is None or not (int(a) < year <= int(a) + 60):
                    continue
            elif kind == "end_of_year":
                year = int(m.group("y") or m.group("y2"))
            elif kind in ("date", "month"):
                year = int(m.group("y"))
                mo = m.group("m")
                month = int(mo) if mo.isdigit() else MONTHS.get(lower_ascii(mo).rstrip("."))
                if month and month > 12 and m.groupdict().get("d") and int(m.group("d")) <= 12:
                    month, swapped = int(m.group("d")), True   # 12/25/2023: month first (US)
                else:
                    swapped = False
                if not month or month > 12:
                    continue
                d = m.groupdict().get("d")
                day = (int(mo) if swapped else int(d)) if d else None
                if day is not None and not 1 <= day <= 31:
                    continue
            elif kind == "year":
                year = int(m.group(0))
            else:
                year = int(m.group("y"))
            if year is None:
                continue
            role = "year" if kind == "footnote" else kind
            if role in ("year", "fiscal", "end_of_year"):
                left = text[max(0, start - 60): start]
                role = next((r for r, lp in LEFT_CONTEXT if lp.search(left)), role)
                if RIGHT_BASELINE.match(text[end: end + 30]):
                    role = "baseline"
            found.append(DateMention(start, end, year, role, text[start:end], month, day))
            taken.append((start, end))
    for pattern, fn in RELATIVE_PATTERNS:
        for m in pattern.finditer(text):
            if free(m.start(), m.end()):
                found.append(DateMention(m.start(), m.end(), fn(m, ref), "relative", m.group(0)))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


_PUBLISHED_CUES = re.compile(
    r"(?:publi[ée]\s+le|publi[ée]\s+|mis\s+à\s+jour\s+le|published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?|"
    r"^\s*date\s*:?|le\s+(?=\d{1,2}(?:er)?\s+\w+\s+\d{4}))\s*:?\s*", re.I | re.M)


def detect_published(text: str) -> str | None:
    """The article's publication date from its own text: 'Publié le 03 avril 2021' '2021-04-03',
    a leading ' date 2023-12' or a first line '2023-12' '2023-12', 'Published March 3, 2021' '2021-03-03'. None when the
    text does not say. Looks at the cue words first, then at a full date in the first lines."""
    head = text[:3000]
    candidates: list[DateMention] = []
    for cue in _PUBLISHED_CUES.finditer(head):
        window = head[cue.end(): cue.end() + 40]
        ds = [d for d in detect_dates(window) if d.start <= 2 and d.kind in ("date", "month", "year")]
        if ds:
            candidates.append(ds[0])
            break
    first = next((line for line in head.splitlines() if line.strip()), "")
    if not candidates and re.fullmatch(rf"\s*{YEAR}-(?:0[1-9]|1[0-2])\s*", first):
        return first.strip()   # a leading date line at month precision: '2021-01'
    if not candidates:
        first_lines = head[:400]
        ds = [d for d in detect_dates(first_lines) if d.kind == "date" and d.day]
        if ds:
            candidates.append(ds[0])
    if not candidates:
        return None
    d = candidates[0]
    if d.month and d.day:
        try:
            return date(d.year, d.month, d.day).isoformat()
        except ValueError:
            return f"{d.year:04d}-{d.month:02d}"
    if d.month:
        return f"{d.year:04d}-{d.month:02d}"
    return None


def reference_date(published: str | None) -> date | None:
    """A date for resolving relative expressions: the publication date, its month's first day,
    or None."""
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    while len(parts) < 3:
        parts.append(1)
    try:
        return date(*parts[:3])
    except ValueError:
        return None
