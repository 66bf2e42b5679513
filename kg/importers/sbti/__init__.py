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

Modules: terms (columns, IRIs, result types), workbook (reading sheets), cells (parsing values),
records (the dataset, its records and evidence), curated (what entity resolution reads from the
curated graph), companies (`kg import sbti`), progress (`kg import sbti-progress`).

May import: the top-level modules, kg.store and kg.sparql. Used by: the CLI (`kg import`), tests.
"""
from .cells import normalise_name, parse_date, parse_years
from .companies import import_companies
from .progress import import_progress
from .terms import COMPANY_COLUMNS, IMPORTED_GRAPH_NS, OUTPUT, PROGRESS_COLUMNS, ImportResult, RowProblem
from .workbook import check_workbook

__all__ = ["COMPANY_COLUMNS", "IMPORTED_GRAPH_NS", "OUTPUT", "PROGRESS_COLUMNS", "ImportResult", "RowProblem",
           "check_workbook", "import_companies", "import_progress", "normalise_name", "parse_date", "parse_years"]
