"""Test cases of the saved queries: parameter values that give rows on the curated graph."""
from __future__ import annotations

from .saved import SavedQuery

# one value per parameter name used by queries/*.rq; each names something the curated data holds
CASE_VALUES = {"org": "kgr:org-netflix", "type": "cckg:NetZeroPledge", "year": "2022", "asof": "2026-01-01",
               "initiative": "kgr:initiative-cop-28", "article": "kgr:article-472470f9ea62a2fc", "text": "2022",
               "speaker": "kgr:person-lei-jun", "kind": "cckg:PledgingOrganisation", "by": "country",
               "since": "2021-01-01", "unstated": "true", "sources": "0", "confidence": "0.8", "clients": "1",
               # SBTi's classification: no curated organisation has one (pledges_by_sector gives no row with them)
               "sector": "Software and Services", "country": "France", "region": "Europe"}


def cases(query: SavedQuery) -> list[dict[str, str]]:
    """The query's test cases: its required parameters only, then every parameter (one if they coincide)."""
    required = {p.name: CASE_VALUES[p.name] for p in query.params if p.required}
    every = {p.name: CASE_VALUES[p.name] for p in query.params}
    return [required] if required == every else [required, every]
