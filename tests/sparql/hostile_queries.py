"""Hostile spellings of SERVICE and of SPARQL Update (issue 15), for every way a query reaches an engine:
`kg query FILE`, `kg query --endpoint` and `kg serve`. Each one got through the old keyword guard,
because Oxigraph reads the same text differently: comments ended by a bare CR, a quote inside an
apparent IRI, a string ending in \\u005C, `\\#` in a prefixed name, glued keywords, keyword-colon forms.

SERVICE_VECTORS hold the placeholder {url} for a canary server's URL: `service_vectors(url)` fills it
(str.format would trip on SPARQL's braces). UPDATE_VECTORS would change the store they reach.
"""
from __future__ import annotations

SERVICE_VECTORS = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * { service silent <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICESILENT<{url}> { ?s ?p ?o } }",  # glued keywords
    "SELECT * WHERE { SERVICE<{url}>{ ?s ?p ?o } }",
    "PREFIX : <{url}#> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",  # SERVICE:colon, the empty prefix
    "SELECT * WHERE { # a comment ended by a bare CR\rSERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }".replace(" ", "\r"),
    "SELECT * WHERE { BIND(1 AS ?o) FILTER(?o <'>' || true) SERVICE <{url}> { ?a ?b ?c } #'\n}",  # ' in an apparent IRI
    'SELECT * WHERE { BIND("x\\u005C" AS ?v) SERVICE <{url}> { ?a ?b ?c } #")\n}',  # a string ending in \u005C
    "SELECT * WHERE { BIND('x\\u005C' AS ?v) SERVICE <{url}> { ?a ?b ?c } #')\n}",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { BIND(ex:a\\# AS ?v) SERVICE <{url}> { ?a ?b ?c } }",  # \#
    "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",  # a codepoint escape in a keyword
    "SELECT * WHERE { BIND(1 AS ?x) FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "ASK { { SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } } } }",
    "SELECT * WHERE { VALUES ?x { 1 } # \\u000A SERVICE <{url}> { }\n}",  # LF for rdflib, not for Oxigraph
]

# valid read-only queries that only look like SERVICE or an update, or that the old guard crashed on
HARMLESS = [
    'SELECT * WHERE { BIND("""x\\u0022\\u0022\\u0022 . SERVICE <http://127.0.0.1:9/> { } #""" AS ?v) }',
    'SELECT * WHERE { BIND("say \\u0022 DROP ALL" AS ?v) }',
    "SELECT ?soci\u00e9t\u00e9 WHERE { BIND(1 AS ?soci\u00e9t\u00e9) }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { OPTIONAL { ?s ex:\u00e9mission ?o } }",
    "PREFIX \u00e9: <http://example.org/> SELECT * WHERE { OPTIONAL { ?s \u00e9:x ?o } }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { OPTIONAL { ?s ex:v1.drop ?o } }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { OPTIONAL { ?s ex:2020-load ?o } }",
    "SELECT * WHERE { OPTIONAL { _:b.add <http://example.org/none> ?o } }",
    "SELECT * WHERE { BIND('it\\'s' AS ?v) }",
    "PREFIX service: <http://example.org/> SELECT * WHERE { OPTIONAL { ?s service:x ?o } }",
    "SELECT ?insert ?delete WHERE { OPTIONAL { ?insert <http://example.org/drop> ?delete } } # then DROP ALL",
    "SELECT * WHERE { BIND('SERVICE <http://127.0.0.1:9/>'@en-GB AS ?v) }",
    "\\u0053ELECT * WHERE { }",
]

UPDATE_VECTORS = [
    "DROP ALL", "drop all", "DROPALL", "DROP SILENT ALL", "CLEARALL", "CLEAR ALL", "CLEAR DEFAULT",
    "INSERTDATA{<http://example.org/s> <http://example.org/p> 1}",
    "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
    "DELETEWHERE{?s ?p ?o}", "DELETE WHERE { ?s ?p ?o }", "DELETE{?s ?p ?o}WHERE{?s ?p ?o}",
    "WITH <http://example.org/a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOADSILENT<http://127.0.0.1:9/x.ttl>", "LOAD SILENT <http://127.0.0.1:9/x.ttl> INTO GRAPH <http://example.org/a>",
    "PREFIX : <http://example.org/> MOVE:a TO:b", "PREFIX : <http://example.org/> MOVE DEFAULT TO:b",
    "PREFIX : <http://example.org/> COPY:a TO DEFAULT", "PREFIX : <http://example.org/> ADD DEFAULT TO:a",
    "PREFIX : <http://example.org/> DROP GRAPH:a", "CREATE GRAPH <http://example.org/c>",
    "# a comment ended by a bare CR\rDROP ALL", "PREFIX x: <http://example.org/>\r# comment\rinsert data { x:s x:p 1 }",
    "\\u0044ROP ALL", "DR\\u004FP ALL", "SELECT * WHERE { ?s ?p ?o } ;DROP ALL",
    "SELECT * WHERE { ?s ?p ?o }\r;DROP ALL",
    "drop all # SELECT * WHERE { ?s ?p ?o }",
]


def service_vectors(url: str) -> list[str]:
    """SERVICE_VECTORS with the canary's URL in them."""
    return [v.replace("{url}", url) for v in SERVICE_VECTORS]
