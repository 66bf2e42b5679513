"""Triple stores known to answer some saved queries wrongly, by the Server header they send, and why.

Measured by tests/remote/test_virtuoso.py and tests/remote/test_jena.py on every saved query's test
cases against the embedded store; `kg query --endpoint` refuses these queries on these stores (one
line naming the store's bug) rather than print wrong rows, and the tests check each still differs.
"""
from __future__ import annotations

PATH_BUG = "an rdfs:subClassOf* path joined to more patterns keeps one row of several"
BOOLEAN_BUG = "xsd:boolean true comes back as xsd:integer 1"

# Server header (lower case) -> {saved query: the store's bug}
KNOWN_WRONG: dict[str, dict[str, str]] = {
    "virtuoso": {
        # the same rewrite as the three others (the class path in a sub-SELECT with a LIMIT) gives
        # Virtuoso's rows right, but makes Oxigraph plan these 30-180x slower at 100k triples
        "emissions_rose_after_pledge": PATH_BUG,
        # rewritten so, it gave the right rows on one Virtuoso instance and lost one of two on another
        "provider_pledges": PATH_BUG,
        "who_said_what": PATH_BUG + "; next to OPTIONAL it loses them all",
        "article_facts": BOOLEAN_BUG,
        "pledges_relying_on_offsetting": BOOLEAN_BUG,
    },
}


def store_of(server_header: str | None) -> str | None:
    """The store a Server header names, among those KNOWN_WRONG knows."""
    header = (server_header or "").lower()
    return next((store for store in KNOWN_WRONG if store in header), None)


def known_wrong(server_header: str | None, query: str) -> str | None:
    """Why `query` gives wrong rows on the store that sent `server_header`, or None."""
    store = store_of(server_header)
    return KNOWN_WRONG[store].get(query) if store else None
