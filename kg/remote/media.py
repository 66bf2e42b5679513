"""Content negotiation for `kg serve`: the answer formats it offers and the one an Accept header picks."""
from __future__ import annotations

# media type -> the format's name in pyoxigraph (QueryResultsFormat / RdfFormat), first = the default
RESULTS = {
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
GRAPHS = {
    "text/turtle": "TURTLE", "application/x-turtle": "TURTLE", "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES", "application/rdf+xml": "RDF_XML", "application/ld+json": "JSON_LD",
}
# the Content-Type sent for each format
CONTENT_TYPES = {
    "JSON": "application/sparql-results+json", "XML": "application/sparql-results+xml",
    "CSV": "text/csv; charset=utf-8", "TSV": "text/tab-separated-values; charset=utf-8",
    "TURTLE": "text/turtle; charset=utf-8", "N_TRIPLES": "application/n-triples",
    "RDF_XML": "application/rdf+xml", "JSON_LD": "application/ld+json",
}


def accepted(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q values (RFC 9110 §12.5.1), malformed parts left out."""
    out = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if media.count("/") != 1:
            continue
        q = 1.0
        for field in fields[1:]:
            key, _, value = field.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def negotiate(header: str | None, offered) -> str | None:
    """The offered media type the Accept header prefers (the first offered when there is no header);
    None when it accepts none of them. The most specific matching range gives a type its q."""
    offered = list(offered)
    ranges = accepted(header)
    if not ranges:
        return offered[0] if offered else None
    best, best_q = None, 0.0
    for media in offered:
        kind = media.split("/")[0]
        q, rank = 0.0, -1
        for pattern, pq in ranges:
            specificity = 2 if pattern == media else 1 if pattern == f"{kind}/*" else 0 if pattern == "*/*" else -1
            if specificity > rank:
                q, rank = pq, specificity
        if rank >= 0 and q > best_q:
            best, best_q = media, q
    return best
