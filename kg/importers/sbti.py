"""`kg import sbti` and `kg import sbti-progress`: SBTi's workbooks mapped into our ontology.

The Science Based Targets initiative publishes the companies taking action (one row per
organisation: near-term, long-term and net-zero targets, Business Ambition for 1.5°C) and, in its
2021 progress report, per-target progress. `import_companies` and `import_progress` turn them into
Turtle kept apart from the curated data (imported/*.ttl, one named graph each); docs/import.md
gives the mapping tables.

- Evidence: each row becomes a `cckg:DatasetRecord` whose `schema:text` renders the row's non-empty
  cells, one line `Column: value` each, in the columns' order, values verbatim (so the "Target"
  wording is in it word for word). Every fact cites spans of that text (kgr:ev-{record}-{start}-{end}),
  which SHACL checks like quotes of an article.
- Entity resolution with the curated graph, first rule that applies: (1) same LEI, (2) same ISIN as a
  curated organisation; (3) the normalised name (NFKD, casefold, `&` = and, parenthesised parts and
  punctuation dropped, trailing legal forms such as Inc., Ltd, S.A., plc, AG removed) equals the
  normalised rdfs:label or skos:altLabel of exactly one curated organisation. A match reuses the
  curated IRI (the row adds an altLabel, identifiers and attributes the curated data lacks);
  otherwise the IRI is kgr:org-{slug(name)}, or kgr:org-{slug}-sbti when that IRI is a curated
  resource the rule did not match (never merged silently). Identifiers that several differently
  named rows share are neither used for matching nor asserted.
- Rows with the same name (or resolving to the same organisation) are one organisation: the row with
  the latest Date is mapped (ties: the first), the others are reported with both row numbers.
- Row-level problems never stop the import; each is a RowProblem (Excel row number, column, message).
- Output is deterministic: same workbook and curated graph, same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import KgError
from ..iris import CCKG_NS, GRAPH_NS, KGR_NS, PREFIXES, ascii_fold, slug

OUTPUT = {"sbti": "sbti-companies.ttl", "sbti-progress": "sbti-progress.ttl"}
IMPORTED_GRAPH_NS = GRAPH_NS + "imported/"

COMPANY_COLUMNS = (
    "Company Name", "ISIN", "LEI", "Near term - Target Status", "Near term - Target Classification",
    "Near term - Target Year", "Long term - Target Status", "Long term - Target Classification",
    "Long term - Target Year", "Net-Zero Committed", "Net-Zero Year", "Organization Type", "BA1.5",
    "BA1.5 Date", "Location", "Region", "Sector", "Date", "Target", "Target Classification", "Extension")
PROGRESS_COLUMNS = (
    "Company name", "Company Status Text", "Target completion [%]", "Progress against target text",
    "Target elapsed timeframe [%]", "Target Timeframe", "Target type", "Activity unit", "Target scope",
    "Scope 3 category", "Year target approved", "Organization type", "IsAggregateParent", "IsAggregated",
    "Target year", "Base year", "Target value", "Current target status", "Reporting year", "Progress source")
PROGRESS_SHEET = "Appendix - Download"

SBTI_URL = "https://sciencebasedtargets.org/companies-taking-action"
PROGRESS_URL = "https://sciencebasedtargets.org/reports/sbti-progress-report-2021/progress-data-dashboard"
LICENSE = "https://creativecommons.org/licenses/by-nc/4.0/"

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
XSD = PREFIXES["xsd"]
SKOS = PREFIXES["skos"]
SCHEMA = PREFIXES["schema"]
OA = PREFIXES["oa"]
PROV = PREFIXES["prov"]
DCTERMS = PREFIXES["dcterms"]

SBTI_INITIATIVE = KGR_NS + "initiative-sbti"
SBTI_ORG = KGR_NS + "org-science-based-targets-initiative"
BA15 = KGR_NS + "initiative-business-ambition-for-1-5c"
AGENT = KGR_NS + "agent-kg-import-sbti"

STATUS = {"committed": "CommittedToSetTarget", "targets set": "TargetValidated", "target set": "TargetValidated",
          "commitment removed": "CommitmentRemoved", "removed": "CommitmentRemoved"}
YES, NO = {"yes", "y", "true"}, {"no", "n", "false"}
PLACEHOLDERS = {"n/a", "na", "n.a", "n.a.", "nc", "none", "nil", "null", "-", "--", "tbd", "not available",
                "not applicable", "not relevant"}
LEGAL_FORMS = {"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "lp",
               "llp", "plc", "sa", "ag", "se", "nv", "bv", "gmbh", "kg", "kgaa", "spa", "srl", "sarl",
               "sas", "sl", "ltda", "ab", "asa", "as", "aps", "oy", "oyj", "kk", "jsc", "pjsc", "pty", "pte", "bhd",
               "tbk"}
ISIN_RE = re.compile(r"[A-Z]{2}[A-Z0-9]{9}[0-9]")
LEI_RE = re.compile(r"[A-Z0-9]{18}[0-9]{2}")
YEAR_TOKEN = re.compile(r"(?:FY|F|Y)?\s*(\d{4})(?:\s*/\s*(\d{4}|\d{2}))?", re.I)
TIMEFRAME = re.compile(r"(\d{4})\s+to\s+(\d{4})(?:\s*\((\d{4})\))?")
SCOPE_RE = re.compile(r"scope\s*([123](?:\s*\+\s*[123])*)", re.I)


@dataclass(frozen=True)
class RowProblem:
    row: int  # the spreadsheet row as Excel shows it (header = 1)
    column: str | None
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.column + ': ' if self.column else ''}{self.message}"


@dataclass
class ImportResult:
    turtle: bytes
    problems: list[RowProblem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    matches: list[tuple[str, str, str]] = field(default_factory=list)  # (SBTi name, our IRI, rule)
    unmatched: list[RowProblem] = field(default_factory=list)  # progress rows matching no pledge


# -- reading workbooks ----------------------------------------------------------------------------

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


def _read_sheet(path: Path, columns: tuple[str, ...], preferred: str | None = None):
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
                from ..progress import progress

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


def _render(value) -> str:
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


class _Record:
    """A row's text, one line `Column: value` per non-empty cell, with each line's offsets."""

    def __init__(self, cells: dict):
        parts, self.lines, pos = [], {}, 0
        for column, value in cells.items():
            if value is None:
                continue
            line = f"{column}: {_render(value)}"
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


# -- parsing cells --------------------------------------------------------------------------------

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


def _is_placeholder(value) -> bool:
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


def _yes_no(value) -> bool | None:
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


def _percent(value) -> str | None:
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


# -- the graph being written ----------------------------------------------------------------------

class _Graph:
    """Triples as Terms; serialised sorted by pyoxigraph (kg.store), so output is deterministic."""

    def __init__(self):
        from ..store.embedded import Term

        self.Term = Term
        self.triples: set = set()

    def iri(self, s: str, p: str, o: str) -> None:
        self.triples.add((self.Term.iri(s), self.Term.iri(p), self.Term.iri(o)))

    def lit(self, s: str, p: str, value, datatype: str | None = None, lang: str | None = None) -> None:
        if value is None:
            return
        self.triples.add((self.Term.iri(s), self.Term.iri(p), self.Term.literal(str(value), datatype, lang)))

    def subjects(self) -> set[str]:
        return {s.value for s, _, _ in self.triples}

    def turtle(self, header: str) -> bytes:
        from ..store.embedded import Store

        store = Store.memory()
        graph = IMPORTED_GRAPH_NS + "tmp"
        for s, p, o in self.triples:
            store.add(s, p, o, graph)
        used = ("rdf", "rdfs", "xsd", "skos", "dcterms", "prov", "oa", "schema", "cckg", "kgr")
        return header.encode("utf-8") + store.serialize("turtle", {k: PREFIXES[k] for k in used})


def _c(name: str) -> str:
    return CCKG_NS + name


class _Importer:
    """Shared by both imports: datasets, records, evidence, reference entities, problems."""

    def __init__(self, path: Path, known, accessed: str | None, title: str, url: str, log):
        self.path = Path(path)
        self.g = _Graph()
        self.problems: list[RowProblem] = []
        self.kinds: dict[str, int] = {}
        self.log = log or (lambda message: None)
        self.curated = _Curated(known)
        stem = slug(self.path.stem) or "workbook"
        self.dataset_id = stem if stem.startswith("sbti") else f"sbti-{stem}"
        self.dataset = KGR_NS + "dataset-" + self.dataset_id
        self.digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        if accessed is None:
            m = re.search(r"(\d{4}-\d{2}-\d{2})", self.path.name)
            accessed = m.group(1) if m else None
        if accessed is not None:
            try:
                dt.date.fromisoformat(accessed)
            except ValueError as exc:
                raise KgError(f"--accessed {accessed!r}: not a date YYYY-MM-DD") from exc
        self.accessed = accessed
        self.title, self.url = title, url

    def problem(self, row: int, column: str | None, message: str, kind: str) -> None:
        self.problems.append(RowProblem(row, column, message))
        self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def describe_sources(self) -> None:
        g = self.g
        g.iri(self.dataset, RDF + "type", _c("Dataset"))
        g.lit(self.dataset, RDFS + "label", f"{self.title} ({self.path.name})", lang="en")
        g.iri(self.dataset, SCHEMA + "publisher", SBTI_ORG)
        g.iri(self.dataset, DCTERMS + "license", LICENSE)
        g.lit(self.dataset, SCHEMA + "url", self.url, XSD + "anyURI")
        g.lit(self.dataset, _c("accessDate"), self.accessed, XSD + "date")
        g.lit(self.dataset, DCTERMS + "identifier", "sha256:" + self.digest)
        if not self.curated.describes(SBTI_ORG):
            g.iri(SBTI_ORG, RDF + "type", _c("InitiativeBody"))
            g.lit(SBTI_ORG, RDFS + "label", "Science Based Targets initiative")
            g.lit(SBTI_ORG, _c("website"), "https://sciencebasedtargets.org", XSD + "anyURI")
            g.lit(SBTI_ORG, SKOS + "note", "The organisation that runs the Science Based Targets initiative "
                  "(kgr:initiative-sbti) and publishes its datasets.", lang="en")
        if not self.curated.describes(AGENT):
            g.iri(AGENT, RDF + "type", PROV + "Agent")
            g.lit(AGENT, RDFS + "label", "kg import sbti", lang="en")
            g.lit(AGENT, SKOS + "note", "The SBTi importer of this repository (kg/sbti.py): every evidence it "
                  "asserts quotes the text of a dataset record (a row of an SBTi workbook).", lang="en")

    def record(self, row: int, cells: dict, about: str) -> tuple[str, _Record]:
        rec = _Record(cells)
        rid = f"{self.dataset_id}-row-{row}"
        iri = KGR_NS + "record-" + rid
        g = self.g
        g.iri(iri, RDF + "type", _c("DatasetRecord"))
        g.lit(iri, RDFS + "label", f"{self.title}, row {row}", lang="en")
        g.lit(iri, SCHEMA + "text", rec.text)
        g.iri(iri, SCHEMA + "isPartOf", self.dataset)
        g.lit(iri, _c("rowNumber"), row, XSD + "integer")
        g.iri(iri, SCHEMA + "about", about)
        return rid, rec

    def evidence(self, fact: str, rid: str, rec: _Record, span: tuple[int, int] | None) -> None:
        if span is None:
            return
        start, end = span
        ev = f"{KGR_NS}ev-{rid}-{start}-{end}"
        g = self.g
        g.iri(fact, _c("evidence"), ev)
        g.iri(ev, RDF + "type", _c("Evidence"))
        g.iri(ev, OA + "hasSource", KGR_NS + "record-" + rid)
        g.iri(ev, OA + "hasSelector", ev + "-quote")
        g.iri(ev, OA + "hasSelector", ev + "-position")
        g.iri(ev, PROV + "wasAttributedTo", AGENT)
        g.lit(ev, _c("confidence"), "1.0", XSD + "decimal")
        g.iri(ev + "-quote", RDF + "type", OA + "TextQuoteSelector")
        g.lit(ev + "-quote", OA + "exact", rec.text[start:end])
        g.iri(ev + "-position", RDF + "type", OA + "TextPositionSelector")
        g.lit(ev + "-position", OA + "start", start, XSD + "integer")
        g.lit(ev + "-position", OA + "end", end, XSD + "integer")

    def header(self, command: str) -> str:
        return (f"# Imported by `kg import {command}` from {self.path.name} (SHA-256 {self.digest}).\n"
                "# Generated: do not edit, re-import (same workbook and curated graph, same bytes).\n"
                "# Data: Science Based Targets initiative, licence CC BY-NC 4.0\n"
                f"# ({LICENSE}): non-commercial use, with attribution.\n"
                "# Keep it out of the repository (imported/ is git-ignored). Mapping: docs/import.md.\n\n")

    def counts(self, counts: dict[str, int]) -> dict[str, int]:
        counts["problems"] = len(self.problems)
        for kind in sorted(self.kinds):
            counts[f"problems_{kind}"] = self.kinds[kind]
        return counts


class _Curated:
    """What entity resolution needs from the curated graph (imported graphs left out)."""

    def __init__(self, known):
        self.orgs: dict[str, dict[str, set[str]]] = {}
        self.by_lei: dict[str, set[str]] = {}
        self.by_isin: dict[str, set[str]] = {}
        self.by_name: dict[str, set[str]] = {}
        self.described: set[str] = set()
        if known is None:
            return
        imported = [g for g in known.graphs() if g.startswith(IMPORTED_GRAPH_NS)]
        if imported:
            known = known.without(*imported)
        rows = known.select(f"""
            PREFIX cckg: <{CCKG_NS}> PREFIX rdfs: <{RDFS}> PREFIX skos: <{SKOS}>
            SELECT ?o ?p ?v WHERE {{
              ?o a/rdfs:subClassOf* cckg:Organisation .
              VALUES ?p {{ rdfs:label skos:altLabel cckg:lei cckg:isin cckg:sector cckg:country cckg:region
                          cckg:organisationType }}
              ?o ?p ?v }}""").rows
        for o, p, v in rows:
            props = self.orgs.setdefault(o.value, {})
            props.setdefault(p.value, set()).add(v.value)
            if p.value == _c("lei"):
                self.by_lei.setdefault(v.value, set()).add(o.value)
            elif p.value == _c("isin"):
                self.by_isin.setdefault(v.value, set()).add(o.value)
            elif p.value in (RDFS + "label", SKOS + "altLabel") and normalise_name(v.value):
                self.by_name.setdefault(normalise_name(v.value), set()).add(o.value)
        self.described = {r[0].value for r in known.select(
            f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{KGR_NS}")) }}').rows}

    def describes(self, iri: str) -> bool:
        return iri in self.described

    def names(self, iri: str) -> set[str]:
        props = self.orgs.get(iri, {})
        return props.get(RDFS + "label", set()) | props.get(SKOS + "altLabel", set())

    def value(self, iri: str, prop: str) -> set[str]:
        return self.orgs.get(iri, {}).get(prop, set())


# -- companies taking action ---------------------------------------------------------------------

@dataclass
class _Company:
    row: int
    cells: dict
    name: str
    leis: list[str]
    isins: list[str]
    date: tuple[str, str] | None
    iri: str = ""
    rule: str | None = None


def import_companies(xlsx: Path, known=None, log=None, accessed: str | None = None) -> ImportResult:
    """Map SBTi's "companies taking action" workbook: organisations, near-term, long-term and net-zero
    pledges, Business Ambition for 1.5°C signatures, each with its dataset-record evidence."""
    _, rows = _read_sheet(Path(xlsx), COMPANY_COLUMNS)
    imp = _Importer(Path(xlsx), known, accessed, "SBTi companies taking action", SBTI_URL, log)
    imp.log(f"{Path(xlsx).name}: {len(rows)} rows")
    counts = {"rows": 0, "empty_rows": 0, "placeholder_cells": 0}
    companies = []
    for n, cells in rows:
        if all(v is None for v in cells.values()):
            counts["empty_rows"] += 1
            continue
        counts["rows"] += 1
        company = _read_company(imp, n, cells, counts)
        if company is not None:
            companies.append(company)
    _drop_shared_identifiers(imp, companies)
    matches = _resolve(imp, companies)
    kept = _deduplicate(imp, companies)
    imp.describe_sources()
    if not imp.curated.describes(SBTI_INITIATIVE):
        imp.g.iri(SBTI_INITIATIVE, RDF + "type", _c("Coalition"))
        imp.g.lit(SBTI_INITIATIVE, RDFS + "label", "Science Based Targets initiative")
        imp.g.lit(SBTI_INITIATIVE, SKOS + "altLabel", "SBTi")
    tally = {"organisations": 0, "organisations_matched": 0, "near_term_pledges": 0, "long_term_pledges": 0,
             "net_zero_pledges": 0, "ba15_participations": 0}
    from ..progress import progress

    for company in progress(kept, desc="importing", unit="org"):
        _map_company(imp, company, tally)
    counts.update(tally)
    counts["records"] = len(kept)
    counts["evidence"] = sum(1 for s, p, o in imp.g.triples
                             if p.value == RDF + "type" and o.value == _c("Evidence"))
    counts["triples"] = len(imp.g.triples)
    turtle = imp.g.turtle(imp.header("sbti"))
    imp.problems.sort(key=lambda p: (p.row, p.column or "", p.message))
    return ImportResult(turtle, imp.problems, imp.counts(counts), sorted(matches))


def _identifiers(imp: _Importer, n: int, column: str, value, pattern: re.Pattern, counts: dict) -> list[str]:
    if value is None:
        return []
    if _is_placeholder(value):
        counts["placeholder_cells"] += 1
        return []
    if isinstance(value, str):
        parts = [p.strip() for p in re.split(r"[,;/]", value) if p.strip()]
        if parts and all(pattern.fullmatch(p) for p in parts) and (column == "ISIN" or len(parts) == 1):
            return sorted(set(parts))
    what = "an ISIN (ISO 6166)" if column == "ISIN" else "an LEI (ISO 17442)"
    imp.problem(n, column, f"{_render(value)!r} is not {what}: not recorded", "invalid_identifier")
    return []


def _read_company(imp: _Importer, n: int, cells: dict, counts: dict) -> _Company | None:
    raw = cells["Company Name"]
    name = display_name(raw) if raw is not None else ""
    if not name:
        imp.problem(n, "Company Name", "no company name: row not imported", "missing_name")
        return None
    date = None
    if cells["Date"] is not None:
        date = parse_date(cells["Date"])
        if date is None:
            imp.problem(n, "Date", f"{_render(cells['Date'])!r} is not a date dd/mm/yyyy: not recorded",
                        "unparseable_date")
    return _Company(n, cells, name, _identifiers(imp, n, "LEI", cells["LEI"], LEI_RE, counts),
                    _identifiers(imp, n, "ISIN", cells["ISIN"], ISIN_RE, counts), date)


def _drop_shared_identifiers(imp: _Importer, companies: list[_Company]) -> None:
    """An LEI or ISIN given for differently named organisations identifies none of them for sure."""
    for attr, label in (("leis", "LEI"), ("isins", "ISIN")):
        holders: dict[str, dict[str, list[_Company]]] = {}
        for c in companies:
            for ident in getattr(c, attr):
                holders.setdefault(ident, {}).setdefault(c.name.casefold(), []).append(c)
        for ident, by_name in holders.items():
            if len(by_name) < 2:
                continue
            everyone = [c for group in by_name.values() for c in group]
            for c in everyone:
                others = ", ".join(f"row {o.row} ({o.name})" for o in everyone if o.name.casefold() != c.name.casefold())
                setattr(c, attr, [i for i in getattr(c, attr) if i != ident])
                imp.problem(c.row, label, f"{ident} is also given for {others}: not recorded for either",
                            "shared_identifier")


def _resolve(imp: _Importer, companies: list[_Company]) -> list[tuple[str, str, str]]:
    cur = imp.curated
    matches = set()
    for c in companies:
        found, rule = set(), None
        for lei in c.leis:
            found |= cur.by_lei.get(lei, set())
        if found:
            rule = "lei"
        else:
            for isin in c.isins:
                found |= cur.by_isin.get(isin, set())
            if found:
                rule = "isin"
            else:
                found = set(cur.by_name.get(normalise_name(c.name), set()))
                rule = "name" if found else None
        if len(found) == 1:
            c.iri, c.rule = found.pop(), rule
            matches.add((c.name, c.iri, rule))
            continue
        key = slug(c.name)
        if not key:
            key = f"sbti-row-{c.row}"
            imp.problem(c.row, "Company Name", f"{c.name!r} has no letter or digit in ASCII: "
                        f"organisation named kgr:org-{key}", "name_collision")
        c.iri = KGR_NS + "org-" + key
        if len(found) > 1:
            imp.problem(c.row, "Company Name", f"matches several curated organisations by {rule} "
                        f"({', '.join(sorted(found))}): not merged, kept as {c.iri}", "ambiguous_match")
        if cur.describes(c.iri):
            c.iri = KGR_NS + "org-" + key + "-sbti"
            imp.problem(c.row, "Company Name", f"kgr:org-{key} is a curated resource that the matching rule "
                        f"does not identify with {c.name!r}: not merged, kept as kgr:org-{key}-sbti "
                        "(check by hand)", "name_collision")
    return sorted(matches)


def _deduplicate(imp: _Importer, companies: list[_Company]) -> list[_Company]:
    """One row per organisation: the latest Date wins, ties go to the first row."""
    groups: dict[str, list[_Company]] = {}
    for c in companies:
        groups.setdefault(c.iri, []).append(c)
    kept = []
    for group in groups.values():
        best = max(group, key=lambda c: ((c.date or ("",))[0], -c.row))
        kept.append(best)
        for c in group:
            if c is not best:
                same = "same name" if c.name.casefold() == best.name.casefold() else f"same organisation as {best.name!r}"
                imp.problem(c.row, "Company Name", f"duplicate of row {best.row} ({same}): row {best.row} is "
                            f"imported (latest Date), row {c.row} is not", "duplicate")
    return sorted(kept, key=lambda c: c.row)


def _map_company(imp: _Importer, c: _Company, tally: dict) -> None:
    g, cur, cells, n = imp.g, imp.curated, c.cells, c.row
    org = c.iri
    rid, rec = imp.record(n, cells, org)
    tally["organisations"] += 1
    attrs = (("sector", "Sector"), ("country", "Location"), ("region", "Region"),
             ("organisationType", "Organization Type"))
    if c.rule:
        tally["organisations_matched"] += 1
        if c.name.casefold() not in {x.casefold() for x in cur.names(org)}:
            g.lit(org, SKOS + "altLabel", c.name)
        g.lit(org, SKOS + "note", f"SBTi lists this organisation as {c.name!r} (row {n}); linked to the curated "
              f"organisation by the import's {c.rule} rule (docs/import.md).", lang="en")
        have = cur.value(org, _c("lei"))
        for lei in c.leis:
            if have and lei not in have:
                imp.problem(n, "LEI", f"{lei} differs from the curated LEI {sorted(have)[0]} of {org}: not recorded",
                            "identifier_conflict")
            elif not have:
                g.lit(org, _c("lei"), lei)
        for isin in c.isins:
            g.lit(org, _c("isin"), isin)
        for prop, column in attrs:
            if cells[column] is not None and not cur.value(org, _c(prop)):
                g.lit(org, _c(prop), display_name(_render(cells[column])))
    else:
        g.iri(org, RDF + "type", _c("Company"))
        g.lit(org, RDFS + "label", c.name)
        for lei in c.leis[:1]:
            g.lit(org, _c("lei"), lei)
        for isin in c.isins:
            g.lit(org, _c("isin"), isin)
        for prop, column in attrs:
            if cells[column] is not None:
                g.lit(org, _c(prop), display_name(_render(cells[column])))
    key = org[len(KGR_NS) + len("org-"):]
    wording = rec.value("Target")
    text = str(cells["Target"] or "")

    # near-term
    near = ("Near term - Target Status", "Near term - Target Classification", "Near term - Target Year")
    if any(cells[col] is not None for col in near):
        pledge = f"{KGR_NS}pledge-{key}-sbti-near-term"
        year = _pledge_common(imp, c, pledge, "EmissionReductionPledge", *near, "near-term SBTi target")
        tally["near_term_pledges"] += 1
        imp.evidence(pledge, rid, rec, rec.span(*near))
        imp.evidence(pledge, rid, rec, wording)
        if c.date is not None:
            if year is not None and year < int(c.date[0][:4]):
                imp.problem(n, "Date", f"the near-term target year {year} is earlier than the Date "
                            f"{_render(cells['Date'])}: the date is not recorded as the announcement date",
                            "inconsistent")
            else:
                g.lit(pledge, _c("announcementDate"), c.date[0], c.date[1])
                imp.evidence(pledge, rid, rec, rec.span("Date"))
        if cells["Extension"] is not None:
            g.lit(pledge, SKOS + "note", f"SBTi extension: {display_name(_render(cells['Extension']))}", lang="en")
            imp.evidence(pledge, rid, rec, rec.span("Extension"))

    # long-term
    far = ("Long term - Target Status", "Long term - Target Classification", "Long term - Target Year")
    long_term_set = False
    if any(cells[col] is not None for col in far):
        pledge = f"{KGR_NS}pledge-{key}-sbti-long-term"
        _pledge_common(imp, c, pledge, "EmissionReductionPledge", *far, "long-term SBTi target")
        long_term_set = _status(cells[far[0]]) == "TargetValidated"
        tally["long_term_pledges"] += 1
        imp.evidence(pledge, rid, rec, rec.span(*far))
        if re.search(r"long[- ]term|net[- ]?zero", text, re.I):
            imp.evidence(pledge, rid, rec, wording)

    # net zero
    try:
        committed = _yes_no(cells["Net-Zero Committed"])
    except ValueError:
        committed = None
        imp.problem(n, "Net-Zero Committed", f"{_render(cells['Net-Zero Committed'])!r} is neither Yes nor No: "
                    "no net-zero pledge recorded", "unknown_value")
    if committed:
        pledge = f"{KGR_NS}pledge-{key}-sbti-net-zero"
        g.iri(pledge, RDF + "type", _c("NetZeroPledge"))
        g.iri(pledge, _c("madeBy"), org)
        g.iri(pledge, _c("underInitiative"), SBTI_INITIATIVE)
        status = "TargetValidated" if long_term_set else "CommittedToSetTarget"
        g.iri(pledge, _c("pledgeStatus"), _c(status))
        year = _target_year(imp, n, "Net-Zero Year", cells["Net-Zero Year"], pledge)
        g.lit(pledge, RDFS + "label", f"{c.name} net-zero commitment (SBTi" + (f", {year})" if year else ")"), lang="en")
        g.lit(pledge, SKOS + "note", "Status from SBTi's long-term target status (Targets Set: the net-zero target "
              "is validated)" if long_term_set else "Status: SBTi lists the organisation as committed to net "
              "zero (Net-Zero Committed: Yes) without a validated long-term target", lang="en")
        tally["net_zero_pledges"] += 1
        imp.evidence(pledge, rid, rec, rec.span("Net-Zero Committed", "Net-Zero Year"))
        if long_term_set:
            imp.evidence(pledge, rid, rec, rec.span(*far))
        if re.search(r"net[- ]?zero", text, re.I):
            imp.evidence(pledge, rid, rec, wording)
    elif committed is False and cells["Net-Zero Year"] is not None:
        imp.problem(n, "Net-Zero Year", f"{_render(cells['Net-Zero Year'])} given but Net-Zero Committed is "
                    f"{_render(cells['Net-Zero Committed'])!r}: no net-zero pledge recorded", "inconsistent")

    # Business Ambition for 1.5°C
    try:
        signed = _yes_no(cells["BA1.5"])
    except ValueError:
        signed = None
        imp.problem(n, "BA1.5", f"{_render(cells['BA1.5'])!r} is neither Yes nor No: no signature recorded",
                    "unknown_value")
    if signed:
        part = f"{KGR_NS}participation-{key}-business-ambition-for-1-5c-signature"
        g.iri(part, RDF + "type", _c("InitiativeParticipation"))
        g.iri(part, _c("participant"), org)
        g.iri(part, _c("initiative"), BA15)
        g.iri(part, _c("participationKind"), _c("SignatureParticipation"))
        since = None
        if cells["BA1.5 Date"] is not None:
            d = parse_date(cells["BA1.5 Date"])
            if d is None:
                imp.problem(n, "BA1.5 Date", f"{_render(cells['BA1.5 Date'])!r} is not a date dd/mm/yyyy: "
                            "not recorded", "unparseable_date")
            else:
                since = int(d[0][:4])
                g.lit(part, _c("sinceYear"), since, XSD + "integer")
        g.lit(part, RDFS + "label", f"{c.name} signed the Business Ambition for 1.5°C commitment"
              + (f" ({since})" if since else ""), lang="en")
        tally["ba15_participations"] += 1
        imp.evidence(part, rid, rec, rec.span("BA1.5", "BA1.5 Date"))
        if not imp.curated.describes(BA15):
            g.iri(BA15, RDF + "type", _c("Initiative"))
            g.lit(BA15, RDFS + "label", "Business Ambition for 1.5°C")
            g.lit(BA15, SKOS + "altLabel", "BA1.5")
            g.lit(BA15, SKOS + "note", "Campaign whose signatories commit to set science-based targets aligned "
                  "with 1.5°C and to reach net zero by 2050 at the latest; SBTi's workbook lists them (column "
                  "BA1.5).", lang="en")
    elif signed is False and cells["BA1.5 Date"] is not None:
        imp.problem(n, "BA1.5 Date", f"{_render(cells['BA1.5 Date'])} given but BA1.5 is "
                    f"{_render(cells['BA1.5'])!r}: no signature recorded", "inconsistent")


def _status(value) -> str | None:
    return STATUS.get(" ".join(str(value).split()).casefold()) if value is not None else None


def _target_year(imp: _Importer, n: int, column: str, value, pledge: str) -> int | None:
    if value is None:
        return None
    try:
        years, raw = parse_years(value)
    except ValueError:
        imp.problem(n, column, f"{_render(value)!r} is not a target year: pledge recorded without one",
                    "unparseable_year")
        return None
    year = max(years)
    imp.g.lit(pledge, _c("targetYear"), year, XSD + "integer")
    if raw is not None and raw.strip() != str(year):
        imp.g.lit(pledge, SKOS + "note", f"SBTi gives the target year as {raw.strip()!r}; cckg:targetYear is "
                  "the latest year it names" + (" (FY: fiscal year)" if "f" in raw.casefold() else ""), lang="en")
    return year


def _pledge_common(imp: _Importer, c: _Company, pledge: str, cls: str, status_col: str, class_col: str,
                   year_col: str, what: str) -> int | None:
    g, cells = imp.g, c.cells
    g.iri(pledge, RDF + "type", _c(cls))
    g.iri(pledge, _c("madeBy"), c.iri)
    g.iri(pledge, _c("underInitiative"), SBTI_INITIATIVE)
    if cells[status_col] is not None:
        status = _status(cells[status_col])
        if status:
            g.iri(pledge, _c("pledgeStatus"), _c(status))
        else:
            imp.problem(c.row, status_col, f"unknown status {_render(cells[status_col])!r}: pledge recorded "
                        "without a status", "unknown_value")
    classification = cells[class_col]
    if classification is not None:
        g.lit(pledge, _c("targetClassification"), display_name(_render(classification)))
    year = _target_year(imp, c.row, year_col, cells[year_col], pledge)
    extra = ", ".join(x for x in (display_name(_render(classification)) if classification is not None else None,
                                  str(year) if year else None) if x)
    g.lit(pledge, RDFS + "label", f"{c.name} {what}" + (f" ({extra})" if extra else ""), lang="en")
    return year


# -- progress report 2021 ------------------------------------------------------------------------

TARGET_COLUMNS = ("Target completion [%]", "Progress against target text", "Target elapsed timeframe [%]",
                  "Target Timeframe", "Target type", "Target scope", "Target year", "Target value")


def import_progress(xlsx: Path, companies: bytes, known=None, log=None, accessed: str | None = None) -> ImportResult:
    """Map SBTi's 2021 progress appendix onto the pledges of `companies` (the Turtle import_companies
    wrote): one cckg:PledgeProgress per target row; rows matching no pledge are `unmatched`."""
    from ..store.embedded import Store

    _, rows = _read_sheet(Path(xlsx), PROGRESS_COLUMNS, preferred=PROGRESS_SHEET)
    imp = _Importer(Path(xlsx), known, accessed, "SBTi progress report 2021, appendix", PROGRESS_URL, log)
    imp.log(f"{Path(xlsx).name}: {len(rows)} rows")
    comp = Store.memory()
    comp.load_turtle_bytes(companies, IMPORTED_GRAPH_NS + OUTPUT["sbti"], OUTPUT["sbti"])
    index = _PledgeIndex(comp, imp.curated)
    counts = {"rows": 0, "description_rows": 0, "empty_rows": 0, "no_progress_data": 0, "progress_records": 0,
              "matched_rows": 0, "unmatched_rows": 0, "pledges_with_progress": 0}
    unmatched: list[RowProblem] = []
    matches: set[tuple[str, str, str]] = set()
    seen: dict[tuple, int] = {}
    used_iris: set[str] = set()
    pledges: set[str] = set()
    imp.describe_sources()
    for n, cells in rows:
        if all(v is None for v in cells.values()):
            counts["empty_rows"] += 1
            continue
        if n == 2 and cells["Company name"] is None:
            counts["description_rows"] += 1  # SBTi's second row describes the columns
            continue
        counts["rows"] += 1
        raw = cells["Company name"]
        name = display_name(raw) if raw is not None else ""
        has_target = any(cells[c] is not None for c in TARGET_COLUMNS)
        if not name:
            imp.problem(n, "Company name", "no company name: row not imported", "missing_name")
            continue
        signature = tuple(_render(v) if v is not None else None for v in cells.values())
        if signature in seen:
            imp.problem(n, None, f"duplicate of row {seen[signature]} (every cell equal): row {seen[signature]} is "
                        f"imported, row {n} is not", "duplicate")
            continue
        seen[signature] = n
        org, rule, why = index.organisation(name)
        if org is None:
            unmatched.append(RowProblem(n, "Company name", why))
            counts["unmatched_rows"] += 1
            continue
        matches.add((name, org, rule))
        if not has_target:
            counts["no_progress_data"] += 1
            continue
        years = _progress_years(imp, n, cells)
        pledge, why = index.pledge(org, years["target"])
        if pledge is None:
            unmatched.append(RowProblem(n, "Target year", f"{name}: {why}"))
            counts["unmatched_rows"] += 1
            continue
        counts["matched_rows"] += 1
        _map_progress(imp, n, cells, name, org, pledge, years, used_iris)
        pledges.add(pledge)
        counts["progress_records"] += 1
    counts["pledges_with_progress"] = len(pledges)
    counts["evidence"] = sum(1 for s, p, o in imp.g.triples if p.value == RDF + "type" and o.value == _c("Evidence"))
    counts["triples"] = len(imp.g.triples)
    imp.problems.sort(key=lambda p: (p.row, p.column or "", p.message))
    return ImportResult(imp.g.turtle(imp.header("sbti-progress")), imp.problems, imp.counts(counts),
                        sorted(matches), unmatched)


class _PledgeIndex:
    """The SBTi pledges of the companies import, and the names of the organisations that made them."""

    def __init__(self, comp, curated: _Curated):
        self.pledges: dict[str, dict[str, int | None]] = {}
        for pledge, org, year in comp.select(f"""
                PREFIX cckg: <{CCKG_NS}>
                SELECT ?pledge ?org ?year WHERE {{
                  ?pledge cckg:madeBy ?org ; cckg:underInitiative <{SBTI_INITIATIVE}> .
                  OPTIONAL {{ ?pledge cckg:targetYear ?year }} }}""").rows:
            kind = pledge.value.rsplit("-sbti-", 1)[-1]
            self.pledges.setdefault(org.value, {})[pledge.value] = (kind, int(year.value) if year else None)
        self.exact: dict[str, set[str]] = {}
        self.normal: dict[str, set[str]] = {}
        names = comp.select(f"""
            PREFIX rdfs: <{RDFS}> PREFIX skos: <{SKOS}>
            SELECT ?o ?name WHERE {{ VALUES ?p {{ rdfs:label skos:altLabel }} ?o ?p ?name }}""").rows
        pairs = [(o.value, v.value) for o, v in names if o.value in self.pledges]
        pairs += [(o, v) for o in self.pledges for v in curated.names(o)]
        for org, name in pairs:
            self.exact.setdefault(display_name(name).casefold(), set()).add(org)
            if normalise_name(name):
                self.normal.setdefault(normalise_name(name), set()).add(org)

    def organisation(self, name: str) -> tuple[str | None, str | None, str]:
        for rule, found in (("exact name", self.exact.get(name.casefold(), set())),
                            ("normalised name", self.normal.get(normalise_name(name), set()))):
            if len(found) == 1:
                return next(iter(found)), rule, ""
            if len(found) > 1:
                return None, None, f"{name!r} matches several organisations by {rule}: {', '.join(sorted(found))}"
        return None, None, f"{name!r} is not an organisation with an SBTi pledge in the companies import"

    def pledge(self, org: str, year: int | None) -> tuple[str | None, str]:
        """Long-term pledge of the same target year; else the near-term one if the year fits it."""
        pledges = self.pledges.get(org, {})
        by_kind = {kind: (p, y) for p, (kind, y) in pledges.items()}
        if year is not None and "long-term" in by_kind and by_kind["long-term"][1] == year:
            return by_kind["long-term"][0], ""
        if "near-term" in by_kind:
            p, y = by_kind["near-term"]
            if year is None or y is None or year <= y:
                return p, ""
            return None, f"target year {year} is later than the near-term pledge's ({y}) and matches no long-term pledge"
        return None, "the organisation has no near-term SBTi pledge in the companies import"


def _int_year(imp: _Importer, n: int, column: str, value) -> int | None:
    if value is None:
        return None
    try:
        years, _ = parse_years(value)
        if len(years) == 1:
            return years[0]
    except ValueError:
        pass
    imp.problem(n, column, f"{_render(value)!r} is not a year: not recorded", "unparseable_year")
    return None


def _progress_years(imp: _Importer, n: int, cells: dict) -> dict[str, int | None]:
    """Base, target and reporting years: their columns, else the Target Timeframe "2019 to 2030 (2020)"."""
    years = {"base": _int_year(imp, n, "Base year", cells["Base year"]),
             "target": _int_year(imp, n, "Target year", cells["Target year"]),
             "reporting": _int_year(imp, n, "Reporting year", cells["Reporting year"])}
    frame = cells["Target Timeframe"]
    if frame is not None:
        m = TIMEFRAME.search(str(frame))
        if not m:
            imp.problem(n, "Target Timeframe", f"{_render(frame)!r} is not 'YYYY to YYYY (YYYY)': not used",
                        "unparseable_year")
            return years
        for key, group in (("base", 1), ("target", 2), ("reporting", 3)):
            if m.group(group) is None:
                continue
            value = int(m.group(group))
            if years[key] is None:
                years[key] = value
            elif years[key] != value:
                imp.problem(n, "Target Timeframe", f"{_render(frame)!r} disagrees with the {key} year "
                            f"{years[key]}: the column's year is recorded", "inconsistent")
    return years


def _map_progress(imp: _Importer, n: int, cells: dict, name: str, org: str, pledge: str, years: dict,
                  used: set[str]) -> None:
    g = imp.g
    rid, rec = imp.record(n, cells, org)
    scopes = []
    scope_text = cells["Target scope"]
    if scope_text is not None:
        m = SCOPE_RE.search(str(scope_text))
        if m:
            scopes = sorted(set(re.findall(r"[123]", m.group(1))))
        else:
            imp.problem(n, "Target scope", f"{_render(scope_text)!r} names no GHG Protocol scope: not recorded",
                        "unknown_value")
    kind = display_name(_render(cells["Target type"])) if cells["Target type"] is not None else None
    key = "-".join(x for x in (org[len(KGR_NS) + len("org-"):], "sbti",
                               slug("scope", *scopes) if scopes else "", slug(kind) if kind else "",
                               str(years["base"] or ""), str(years["target"] or "")) if x)
    iri, k = f"{KGR_NS}progress-{key}", 1
    while iri in used:
        k += 1
        iri = f"{KGR_NS}progress-{key}-{k}"
    used.add(iri)
    g.iri(iri, RDF + "type", _c("PledgeProgress"))
    g.iri(iri, _c("progressOf"), pledge)
    for s in scopes:
        g.iri(iri, _c("coversScope"), _c(f"Scope{s}"))
    g.lit(iri, _c("targetType"), kind)
    if years["base"] is not None and years["target"] is not None and years["base"] > years["target"]:
        imp.problem(n, "Base year", f"base year {years['base']} is after the target year {years['target']}: "
                    "base year not recorded", "inconsistent")
        years["base"] = None
    g.lit(iri, _c("baselineYear"), years["base"], XSD + "integer")
    g.lit(iri, _c("targetYear"), years["target"], XSD + "integer")
    g.lit(iri, _c("progressYear"), years["reporting"], XSD + "integer")
    values = {}
    for prop, column in (("completionPercentage", "Target completion [%]"),
                         ("elapsedPercentage", "Target elapsed timeframe [%]"),
                         ("targetPercentage", "Target value"), ("achievedPercentage", "Current target status")):
        try:
            values[prop] = _percent(cells[column])
        except ValueError:
            imp.problem(n, column, f"{_render(cells[column])!r} is not a number: not recorded", "unknown_value")
            values[prop] = None
    if values["targetPercentage"] is not None and not 0 <= Decimal(values["targetPercentage"]) <= 100:
        imp.problem(n, "Target value", f"{_render(cells['Target value'])} is not a share between 0 and 1: "
                    "not recorded", "unknown_value")
        values["targetPercentage"] = None
    if values["elapsedPercentage"] is not None and Decimal(values["elapsedPercentage"]) < 0:
        imp.problem(n, "Target elapsed timeframe [%]", "negative elapsed timeframe: not recorded", "unknown_value")
        values["elapsedPercentage"] = None
    for prop, value in values.items():
        g.lit(iri, _c(prop), value, XSD + "decimal")
    if cells["Progress source"] is not None:
        g.lit(iri, _c("progressSource"), display_name(_render(cells["Progress source"])))
    what = " ".join(x for x in (f"scope {'+'.join(scopes)}" if scopes else None,
                                kind.lower() if kind else None) if x) or "near-term"
    frame = f" ({years['base']} to {years['target']})" if years["base"] and years["target"] else ""
    done = values["completionPercentage"]
    label = (f"{name}: progress on its SBTi {what} target{frame}"
             + (f" in {years['reporting']}" if years["reporting"] else "")
             + (f": {Decimal(done).quantize(Decimal('0.1'))} % complete" if done is not None else ""))
    g.lit(iri, RDFS + "label", label, lang="en")
    imp.evidence(iri, rid, rec, rec.span(*PROGRESS_COLUMNS[2:]))


# -- command line ---------------------------------------------------------------------------------

def add_parser(sub):
    """The `kg import` subcommand."""
    s = sub.add_parser(
        "import", help="map a third-party dataset (SBTi workbooks) into imported/*.ttl",
        description="Map the SBTi 'companies taking action' workbook (source sbti) or its 2021 progress "
                    "appendix (source sbti-progress, after sbti) into our ontology, written to imported/ "
                    "(git-ignored), which `kg build` loads as one named graph per file. Row problems are "
                    "listed, never fatal; same input, same output bytes. Mapping: docs/import.md.")
    s.add_argument("source", choices=sorted(OUTPUT), help="which dataset the workbook is")
    s.add_argument("path", metavar="PATH.xlsx", help="the workbook")
    s.add_argument("--output-dir", help="folder to write into (default: <project>/imported)")
    s.add_argument("--accessed", metavar="YYYY-MM-DD",
                   help="when the workbook was retrieved (default: the date in its file name, if any)")
    s.add_argument("--format", "-f", choices=["text", "json"], default="text")
    s.set_defaults(func=cmd_import)
    return s


def cmd_import(args) -> int:
    import json
    import sys

    from ..store.build import open_built
    from ..store.export import write_atomic
    from ..project import find_project

    def log(message: str) -> None:
        print(f"kg: {message}", file=sys.stderr)

    project = find_project(getattr(args, "root", None))
    path = Path(args.path)
    check_workbook(path)  # before building: a wrong path fails fast
    out_dir = (Path(args.output_dir) if getattr(args, "output_dir", None)
               else getattr(project, "imported_dir", project.root / "imported"))
    accessed = getattr(args, "accessed", None)
    known = open_built(project, log=log, infer=False)
    if args.source == "sbti":
        result = import_companies(path, known, log, accessed=accessed)
    else:
        companies_file = out_dir / OUTPUT["sbti"]
        if not companies_file.is_file():
            raise KgError(f"{companies_file}: no companies import to match progress rows to; "
                          "run `kg import sbti COMPANIES.xlsx` first")
        result = import_progress(path, companies_file.read_bytes(), known, log, accessed=accessed)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / OUTPUT[args.source]
    write_atomic(target, result.turtle, False, project.root)
    shown = project.rel(target)
    if getattr(args, "format", "text") == "json":
        print(json.dumps({"file": shown, "counts": result.counts,
                          "problems": [vars(p) for p in result.problems],
                          "matches": [list(m) for m in result.matches],
                          "unmatched": [vars(p) for p in result.unmatched]}, indent=1, ensure_ascii=False))
        return 0
    print(f"wrote {shown}")
    width = max(len(k) for k in result.counts)
    for key, value in result.counts.items():
        print(f"{key.replace('_', ' ').ljust(width)}  {value}")
    for name, iri, rule in result.matches:
        if args.source == "sbti":
            print(f"matched {name!r} to curated {iri} by {rule}")
    for p in result.problems:
        print(p)
    for p in result.unmatched:
        print(f"{p} (unmatched)")
    return 0
