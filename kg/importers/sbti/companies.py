"""`kg import sbti`: the companies taking action mapped to organisations, pledges and BA1.5 signatures."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import re

from ...iris import KGR_NS, RDF, RDFS, SKOS, XSD, slug
from .cells import display_name, is_placeholder, normalise_name, parse_date, parse_years, yes_no
from .records import Importer
from .terms import BA15, COMPANY_COLUMNS, ISIN_RE, LEI_RE, SBTI_INITIATIVE, SBTI_URL, STATUS, ImportResult, cckg_term
from .workbook import read_sheet, render


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
    _, rows, blanks = read_sheet(Path(xlsx), COMPANY_COLUMNS)
    imp = Importer(Path(xlsx), known, accessed, "SBTi companies taking action", SBTI_URL, log)
    imp.uncalculated(blanks)
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
        imp.g.iri(SBTI_INITIATIVE, RDF + "type", cckg_term("Coalition"))
        imp.g.lit(SBTI_INITIATIVE, RDFS + "label", "Science Based Targets initiative")
        imp.g.lit(SBTI_INITIATIVE, SKOS + "altLabel", "SBTi")
    tally = {"organisations": 0, "organisations_matched": 0, "near_term_pledges": 0, "long_term_pledges": 0,
             "net_zero_pledges": 0, "ba15_participations": 0}
    from ...progress import progress

    for company in progress(kept, desc="importing", unit="org"):
        _map_company(imp, company, tally)
    counts.update(tally)
    counts["records"] = len(kept)
    counts["evidence"] = sum(1 for s, p, o in imp.g.triples
                             if p.value == RDF + "type" and o.value == cckg_term("Evidence"))
    counts["triples"] = len(imp.g.triples)
    turtle = imp.g.turtle(imp.header("sbti"))
    imp.problems.sort(key=lambda p: (p.row, p.column or "", p.message))
    return ImportResult(turtle, imp.problems, imp.counts(counts), sorted(matches))


def _identifiers(imp: Importer, n: int, column: str, value, pattern: re.Pattern, counts: dict) -> list[str]:
    if value is None:
        return []
    if is_placeholder(value):
        counts["placeholder_cells"] += 1
        return []
    if isinstance(value, str):
        parts = [p.strip() for p in re.split(r"[,;/]", value) if p.strip()]
        if parts and all(pattern.fullmatch(p) for p in parts) and (column == "ISIN" or len(parts) == 1):
            return sorted(set(parts))
    what = "an ISIN (ISO 6166)" if column == "ISIN" else "an LEI (ISO 17442)"
    imp.problem(n, column, f"{render(value)!r} is not {what}: not recorded", "invalid_identifier")
    return []


def _read_company(imp: Importer, n: int, cells: dict, counts: dict) -> _Company | None:
    raw = cells["Company Name"]
    name = display_name(raw) if raw is not None else ""
    if not name:
        imp.problem(n, "Company Name", "no company name: row not imported", "missing_name")
        return None
    date = None
    if cells["Date"] is not None:
        date = parse_date(cells["Date"])
        if date is None:
            imp.problem(n, "Date", f"{render(cells['Date'])!r} is not a date dd/mm/yyyy: not recorded",
                        "unparseable_date")
    return _Company(n, cells, name, _identifiers(imp, n, "LEI", cells["LEI"], LEI_RE, counts),
                    _identifiers(imp, n, "ISIN", cells["ISIN"], ISIN_RE, counts), date)


def _drop_shared_identifiers(imp: Importer, companies: list[_Company]) -> None:
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


def _resolve(imp: Importer, companies: list[_Company]) -> list[tuple[str, str, str]]:
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


def _deduplicate(imp: Importer, companies: list[_Company]) -> list[_Company]:
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


def _map_company(imp: Importer, c: _Company, tally: dict) -> None:
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
        have = cur.value(org, cckg_term("lei"))
        for lei in c.leis:
            if have and lei not in have:
                imp.problem(n, "LEI", f"{lei} differs from the curated LEI {sorted(have)[0]} of {org}: not recorded",
                            "identifier_conflict")
            elif not have:
                g.lit(org, cckg_term("lei"), lei)
        for isin in c.isins:
            g.lit(org, cckg_term("isin"), isin)
        for prop, column in attrs:
            if cells[column] is not None and not cur.value(org, cckg_term(prop)):
                g.lit(org, cckg_term(prop), display_name(render(cells[column])))
    else:
        g.iri(org, RDF + "type", cckg_term("Company"))
        g.lit(org, RDFS + "label", c.name)
        for lei in c.leis[:1]:
            g.lit(org, cckg_term("lei"), lei)
        for isin in c.isins:
            g.lit(org, cckg_term("isin"), isin)
        for prop, column in attrs:
            if cells[column] is not None:
                g.lit(org, cckg_term(prop), display_name(render(cells[column])))
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
                            f"{render(cells['Date'])}: the date is not recorded as the announcement date",
                            "inconsistent")
            else:
                g.lit(pledge, cckg_term("announcementDate"), c.date[0], c.date[1])
                imp.evidence(pledge, rid, rec, rec.span("Date"))
        if cells["Extension"] is not None:
            g.lit(pledge, SKOS + "note", f"SBTi extension: {display_name(render(cells['Extension']))}", lang="en")
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
        committed = yes_no(cells["Net-Zero Committed"])
    except ValueError:
        committed = None
        imp.problem(n, "Net-Zero Committed", f"{render(cells['Net-Zero Committed'])!r} is neither Yes nor No: "
                    "no net-zero pledge recorded", "unknown_value")
    if committed:
        pledge = f"{KGR_NS}pledge-{key}-sbti-net-zero"
        g.iri(pledge, RDF + "type", cckg_term("NetZeroPledge"))
        g.iri(pledge, cckg_term("madeBy"), org)
        g.iri(pledge, cckg_term("underInitiative"), SBTI_INITIATIVE)
        status = "TargetValidated" if long_term_set else "CommittedToSetTarget"
        g.iri(pledge, cckg_term("pledgeStatus"), cckg_term(status))
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
        imp.problem(n, "Net-Zero Year", f"{render(cells['Net-Zero Year'])} given but Net-Zero Committed is "
                    f"{render(cells['Net-Zero Committed'])!r}: no net-zero pledge recorded", "inconsistent")

    # Business Ambition for 1.5°C
    try:
        signed = yes_no(cells["BA1.5"])
    except ValueError:
        signed = None
        imp.problem(n, "BA1.5", f"{render(cells['BA1.5'])!r} is neither Yes nor No: no signature recorded",
                    "unknown_value")
    if signed:
        part = f"{KGR_NS}participation-{key}-business-ambition-for-1-5c-signature"
        g.iri(part, RDF + "type", cckg_term("InitiativeParticipation"))
        g.iri(part, cckg_term("participant"), org)
        g.iri(part, cckg_term("initiative"), BA15)
        g.iri(part, cckg_term("participationKind"), cckg_term("SignatureParticipation"))
        since = None
        if cells["BA1.5 Date"] is not None:
            d = parse_date(cells["BA1.5 Date"])
            if d is None:
                imp.problem(n, "BA1.5 Date", f"{render(cells['BA1.5 Date'])!r} is not a date dd/mm/yyyy: "
                            "not recorded", "unparseable_date")
            else:
                since = int(d[0][:4])
                g.lit(part, cckg_term("sinceYear"), since, XSD + "integer")
        g.lit(part, RDFS + "label", f"{c.name} signed the Business Ambition for 1.5°C commitment"
              + (f" ({since})" if since else ""), lang="en")
        tally["ba15_participations"] += 1
        imp.evidence(part, rid, rec, rec.span("BA1.5", "BA1.5 Date"))
        if not imp.curated.describes(BA15):
            g.iri(BA15, RDF + "type", cckg_term("Initiative"))
            g.lit(BA15, RDFS + "label", "Business Ambition for 1.5°C")
            g.lit(BA15, SKOS + "altLabel", "BA1.5")
            g.lit(BA15, SKOS + "note", "Campaign whose signatories commit to set science-based targets aligned "
                  "with 1.5°C and to reach net zero by 2050 at the latest; SBTi's workbook lists them (column "
                  "BA1.5).", lang="en")
    elif signed is False and cells["BA1.5 Date"] is not None:
        imp.problem(n, "BA1.5 Date", f"{render(cells['BA1.5 Date'])} given but BA1.5 is "
                    f"{render(cells['BA1.5'])!r}: no signature recorded", "inconsistent")


def _status(value) -> str | None:
    return STATUS.get(" ".join(str(value).split()).casefold()) if value is not None else None


def _target_year(imp: Importer, n: int, column: str, value, pledge: str) -> int | None:
    if value is None:
        return None
    try:
        years, raw = parse_years(value)
    except ValueError:
        imp.problem(n, column, f"{render(value)!r} is not a target year: pledge recorded without one",
                    "unparseable_year")
        return None
    year = max(years)
    imp.g.lit(pledge, cckg_term("targetYear"), year, XSD + "integer")
    if raw is not None and raw.strip() != str(year):
        imp.g.lit(pledge, SKOS + "note", f"SBTi gives the target year as {raw.strip()!r}; cckg:targetYear is "
                  "the latest year it names" + (" (FY: fiscal year)" if "f" in raw.casefold() else ""), lang="en")
    return year


def _pledge_common(imp: Importer, c: _Company, pledge: str, cls: str, status_col: str, class_col: str,
                   year_col: str, what: str) -> int | None:
    g, cells = imp.g, c.cells
    g.iri(pledge, RDF + "type", cckg_term(cls))
    g.iri(pledge, cckg_term("madeBy"), c.iri)
    g.iri(pledge, cckg_term("underInitiative"), SBTI_INITIATIVE)
    if cells[status_col] is not None:
        status = _status(cells[status_col])
        if status:
            g.iri(pledge, cckg_term("pledgeStatus"), cckg_term(status))
        else:
            imp.problem(c.row, status_col, f"unknown status {render(cells[status_col])!r}: pledge recorded "
                        "without a status", "unknown_value")
    classification = cells[class_col]
    if classification is not None:
        g.lit(pledge, cckg_term("targetClassification"), display_name(render(classification)))
    year = _target_year(imp, c.row, year_col, cells[year_col], pledge)
    extra = ", ".join(x for x in (display_name(render(classification)) if classification is not None else None,
                                  str(year) if year else None) if x)
    g.lit(pledge, RDFS + "label", f"{c.name} {what}" + (f" ({extra})" if extra else ""), lang="en")
    return year
