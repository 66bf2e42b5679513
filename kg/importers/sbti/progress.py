"""`kg import sbti-progress`: the 2021 progress report's rows mapped to progress on the imported pledges."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
import re

from ...iris import CCKG_NS, KGR_NS, RDF, RDFS, SKOS, XSD, slug
from .cells import display_name, normalise_name, parse_years, percent
from .curated import Curated
from .records import Importer
from .terms import (IMPORTED_GRAPH_NS, OUTPUT, PROGRESS_COLUMNS, PROGRESS_SHEET, PROGRESS_URL, SBTI_INITIATIVE,
                    SCOPE_RE, TIMEFRAME, ImportResult, RowProblem, cckg_term)
from .workbook import read_sheet, render

TARGET_COLUMNS = ("Target completion [%]", "Progress against target text", "Target elapsed timeframe [%]",
                  "Target Timeframe", "Target type", "Target scope", "Target year", "Target value")


def import_progress(xlsx: Path, companies: bytes, known=None, log=None, accessed: str | None = None) -> ImportResult:
    """Map SBTi's 2021 progress appendix onto the pledges of `companies` (the Turtle import_companies
    wrote): one cckg:PledgeProgress per target row; rows matching no pledge are `unmatched`."""
    from ...store.embedded import Store

    _, rows, blanks = read_sheet(Path(xlsx), PROGRESS_COLUMNS, preferred=PROGRESS_SHEET)
    imp = Importer(Path(xlsx), known, accessed, "SBTi progress report 2021, appendix", PROGRESS_URL, log)
    imp.uncalculated(blanks)
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
    from ...progress import progress

    for n, cells in progress(rows, desc="matching", unit="row"):
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
        signature = tuple(render(v) if v is not None else None for v in cells.values())
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
    counts["evidence"] = sum(1 for s, p, o in imp.g.triples if p.value == RDF + "type" and o.value == cckg_term("Evidence"))
    counts["triples"] = len(imp.g.triples)
    imp.problems.sort(key=lambda p: (p.row, p.column or "", p.message))
    return ImportResult(imp.g.turtle(imp.header("sbti-progress")), imp.problems, imp.counts(counts),
                        sorted(matches), unmatched)


class _PledgeIndex:
    """The SBTi pledges of the companies import, and the names of the organisations that made them."""

    def __init__(self, comp, curated: Curated):
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


def _int_year(imp: Importer, n: int, column: str, value) -> int | None:
    if value is None:
        return None
    try:
        years, _ = parse_years(value)
        if len(years) == 1:
            return years[0]
    except ValueError:
        pass
    imp.problem(n, column, f"{render(value)!r} is not a year: not recorded", "unparseable_year")
    return None


def _progress_years(imp: Importer, n: int, cells: dict) -> dict[str, int | None]:
    """Base, target and reporting years: their columns, else the Target Timeframe "2019 to 2030 (2020)"."""
    years = {"base": _int_year(imp, n, "Base year", cells["Base year"]),
             "target": _int_year(imp, n, "Target year", cells["Target year"]),
             "reporting": _int_year(imp, n, "Reporting year", cells["Reporting year"])}
    frame = cells["Target Timeframe"]
    if frame is not None:
        m = TIMEFRAME.search(str(frame))
        if not m:
            imp.problem(n, "Target Timeframe", f"{render(frame)!r} is not 'YYYY to YYYY (YYYY)': not used",
                        "unparseable_year")
            return years
        for key, group in (("base", 1), ("target", 2), ("reporting", 3)):
            if m.group(group) is None:
                continue
            value = int(m.group(group))
            if years[key] is None:
                years[key] = value
            elif years[key] != value:
                imp.problem(n, "Target Timeframe", f"{render(frame)!r} disagrees with the {key} year "
                            f"{years[key]}: the column's year is recorded", "inconsistent")
    return years


def _map_progress(imp: Importer, n: int, cells: dict, name: str, org: str, pledge: str, years: dict,
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
            imp.problem(n, "Target scope", f"{render(scope_text)!r} names no GHG Protocol scope: not recorded",
                        "unknown_value")
    kind = display_name(render(cells["Target type"])) if cells["Target type"] is not None else None
    key = "-".join(x for x in (org[len(KGR_NS) + len("org-"):], "sbti",
                               slug("scope", *scopes) if scopes else "", slug(kind) if kind else "",
                               str(years["base"] or ""), str(years["target"] or "")) if x)
    iri, k = f"{KGR_NS}progress-{key}", 1
    while iri in used:
        k += 1
        iri = f"{KGR_NS}progress-{key}-{k}"
    used.add(iri)
    g.iri(iri, RDF + "type", cckg_term("PledgeProgress"))
    g.iri(iri, cckg_term("progressOf"), pledge)
    for s in scopes:
        g.iri(iri, cckg_term("coversScope"), cckg_term(f"Scope{s}"))
    g.lit(iri, cckg_term("targetType"), kind)
    if years["base"] is not None and years["target"] is not None and years["base"] > years["target"]:
        imp.problem(n, "Base year", f"base year {years['base']} is after the target year {years['target']}: "
                    "base year not recorded", "inconsistent")
        years["base"] = None
    g.lit(iri, cckg_term("baselineYear"), years["base"], XSD + "integer")
    g.lit(iri, cckg_term("targetYear"), years["target"], XSD + "integer")
    g.lit(iri, cckg_term("progressYear"), years["reporting"], XSD + "integer")
    values = {}
    for prop, column in (("completionPercentage", "Target completion [%]"),
                         ("elapsedPercentage", "Target elapsed timeframe [%]"),
                         ("targetPercentage", "Target value"), ("achievedPercentage", "Current target status")):
        try:
            values[prop] = percent(cells[column])
        except ValueError:
            imp.problem(n, column, f"{render(cells[column])!r} is not a number: not recorded", "unknown_value")
            values[prop] = None
    if values["targetPercentage"] is not None and not 0 <= Decimal(values["targetPercentage"]) <= 100:
        imp.problem(n, "Target value", f"{render(cells['Target value'])} is not a share between 0 and 1: "
                    "not recorded", "unknown_value")
        values["targetPercentage"] = None
    if values["elapsedPercentage"] is not None and Decimal(values["elapsedPercentage"]) < 0:
        imp.problem(n, "Target elapsed timeframe [%]", "negative elapsed timeframe: not recorded", "unknown_value")
        values["elapsedPercentage"] = None
    for prop, value in values.items():
        g.lit(iri, cckg_term(prop), value, XSD + "decimal")
    if cells["Progress source"] is not None:
        g.lit(iri, cckg_term("progressSource"), display_name(render(cells["Progress source"])))
    what = " ".join(x for x in (f"scope {'+'.join(scopes)}" if scopes else None,
                                kind.lower() if kind else None) if x) or "near-term"
    frame = f" ({years['base']} to {years['target']})" if years["base"] and years["target"] else ""
    done = values["completionPercentage"]
    label = (f"{name}: progress on its SBTi {what} target{frame}"
             + (f" in {years['reporting']}" if years["reporting"] else "")
             + (f": {Decimal(done).quantize(Decimal('0.1'))} % complete" if done is not None else ""))
    g.lit(iri, RDFS + "label", label, lang="en")
    imp.evidence(iri, rid, rec, rec.span(*PROGRESS_COLUMNS[2:]))
