"""The SBTi datasets' columns, addresses and licence, the IRIs the import writes, and its result types."""
from __future__ import annotations

from dataclasses import dataclass, field
import re

from ...iris import CCKG_NS, GRAPH_NS, KGR_NS

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


def cckg_term(name: str) -> str:
    """The IRI of a term of our ontology."""
    return CCKG_NS + name
