"""Triple stores known to answer some saved queries wrongly, by the Server header they send, and why.

Measured by tests/remote/test_virtuoso.py and tests/remote/test_jena.py on every saved query's test
cases against the embedded store; `kg query --endpoint` refuses these queries on these stores (one
line naming the store's bug) rather than print wrong rows, and the tests check each still differs.
"""
from __future__ import annotations

PATH_BUG = "an rdfs:subClassOf* path joined to more patterns keeps one row of several"
BOOLEAN_BUG = "xsd:boolean true comes back as xsd:integer 1"
DECIMAL_FORM = ("a computed xsd:decimal comes back in XSD 1.0 form (\"550000.0\"), another RDF term than the "
                "embedded store's (\"550000\") for the same value")

# Server header (lower case) -> {saved query: the store's bug}
KNOWN_WRONG: dict[str, dict[str, str]] = {
    "virtuoso": {
        "emissions_rose_after_pledge": PATH_BUG,
        "pledges_by_target_year": PATH_BUG,
        "provider_pledges": PATH_BUG,
        "who_said_what": PATH_BUG + "; next to OPTIONAL it loses them all",
        "pledges_past_deadline": ("no rows: the COALESCE/xsd:date deadline never passes the FILTER "
                                  "(YEAR() of an unbound value is an error there)"),
        "article_facts": BOOLEAN_BUG,
        "pledges_relying_on_offsetting": BOOLEAN_BUG,
    },
    "apache-jena": {
        "emission_breakdown": DECIMAL_FORM,
        "emissions_history": DECIMAL_FORM,
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
