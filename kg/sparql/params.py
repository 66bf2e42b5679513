"""Parameters of saved queries bound as RDF terms, never pasted into the query text.

Values are bound through the store (SEP-0007 substitution, like rdflib's initBindings), so an
injection string stays a literal. Binding is a VALUES block at the start of the query's outermost
WHERE group, holding only the query's own parameter variables and terms written by pyoxigraph's
N-Triples serialiser (escaped, IRIs validated). Unlike an engine's substitution API, this works
unchanged on any SPARQL 1.1 endpoint, and FILTERs and aggregates in that group see the values.
(Parameters are visible in the outermost group; a sub-SELECT that needs one must project it from
outside.)
"""
from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal, InvalidOperation
import re

from ..errors import KgError
from ..iris import compact, expand
from ..store.embedded import Store, Term
from .lexical import where_brace
from .saved import XSD, Param, SavedQuery

MAX_PARAM_LENGTH = 2000
# xsd:date's lexical form as ISO 8601 writes a calendar date, nothing else: Python's fromisoformat also
# takes 20250101 and 2025-W01-1, which the store would keep as ill-typed literals that match nothing.
# No time zone: the graph's dates have none, and comparing one with a zoned date can be undetermined
# (a row silently lost).
CALENDAR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
                       r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?")


def _parses(parse, value: str) -> bool:
    """Whether `parse(value)` accepts it (a real day of a real month, hours below 24)."""
    try:
        parse(value)
    except ValueError:
        return False
    return True


def literal_value(param: Param, raw: str) -> Term:
    dtype = param.datatype
    if dtype == XSD + "integer":
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise KgError(f"parameter {param.name}: {raw!r} is not an integer")
        return Term.literal(str(int(raw)), dtype)
    if dtype == XSD + "decimal":
        try:
            return Term.literal(str(Decimal(raw)), dtype)
        except InvalidOperation as exc:
            raise KgError(f"parameter {param.name}: {raw!r} is not a decimal number") from exc
    if dtype == XSD + "boolean":
        if raw.lower() not in ("true", "false"):
            raise KgError(f"parameter {param.name}: {raw!r} is not true or false")
        return Term.literal(raw.lower(), dtype)
    if dtype == XSD + "date":
        value = dt.date.today().isoformat() if raw == "today" else raw
        if not (CALENDAR_DATE.fullmatch(value) and _parses(dt.date.fromisoformat, value)):
            raise KgError(f"parameter {param.name}: {raw!r} is not a date: give an ISO 8601 calendar date "
                          f"YYYY-MM-DD (such as 2025-01-31), without a time zone, or today")
        return Term.literal(value, dtype)
    if dtype == XSD + "dateTime":
        if not (DATE_TIME.fullmatch(raw) and _parses(dt.datetime.fromisoformat, raw.replace("Z", "+00:00"))):
            raise KgError(f"parameter {param.name}: {raw!r} is not a date and time: give YYYY-MM-DDThh:mm:ss "
                          f"(such as 2025-01-31T09:30:00, optionally with Z or +hh:mm)")
        return Term.literal(raw, dtype)
    if dtype == XSD + "gYear" and not re.fullmatch(r"-?\d{4}", raw):
        raise KgError(f"parameter {param.name}: {raw!r} is not a year")
    return Term.literal(raw, dtype, param.lang)


def with_values(text: str, bindings: dict[str, Term]) -> str:
    """The query with a VALUES block binding `bindings` at the start of its WHERE group."""
    if not bindings:
        return text
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise KgError(f"{name!r} is not a SPARQL variable name")
    row = " ".join(bindings[n].n3() for n in names)
    at = where_brace(text) + 1
    values = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}"
    return text[:at] + values + text[at:]


def resolve_label(store: Store, label: str, param: str) -> str:
    """The one resource whose rdfs:label or skos:altLabel is `label` (case-insensitive)."""
    rows = store.select(with_values(
        "SELECT DISTINCT ?r WHERE { ?r <http://www.w3.org/2000/01/rdf-schema#label>|"
        "<http://www.w3.org/2004/02/skos/core#altLabel> ?l . FILTER(LCASE(STR(?l)) = LCASE(?wanted)) } ORDER BY ?r",
        {"wanted": Term.literal(label)}))
    found = [r[0].value for r in rows.rows if r[0] and r[0].kind == "uri"]
    if not found:
        close = similar_labels(store, label)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise KgError(f"parameter {param}: nothing is labelled {label!r}{hint} (or give an IRI or CURIE, kgr:org-...)")
    if len(found) > 1:
        raise KgError(f"parameter {param}: {label!r} is ambiguous: {', '.join(compact(f) for f in found)}")
    return found[0]


def similar_labels(store: Store, label: str, n: int = 3) -> list[str]:
    """Labels of the graph close to a mistyped one (difflib), among those of about its length."""
    rows = store.select(with_values(
        "SELECT DISTINCT ?l WHERE { ?r <http://www.w3.org/2000/01/rdf-schema#label>|"
        "<http://www.w3.org/2004/02/skos/core#altLabel> ?l . FILTER(isIRI(?r) && ABS(STRLEN(STR(?l)) - ?n) <= 3) }",
        {"n": Term.literal(str(len(label)), datatype="http://www.w3.org/2001/XMLSchema#integer")}))
    labels = {str(r[0].value): None for r in rows.rows if r[0] is not None}
    by_case = {lab.lower(): lab for lab in labels}
    return [by_case[c] for c in difflib.get_close_matches(label.lower(), list(by_case), n=n, cutoff=0.75)]


def _suggest(value: str, choices) -> str:
    """"; did you mean X?" for a value close to one of `choices`, else ""."""
    close = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def bind(query: SavedQuery, given: dict[str, str], store: Store | None = None) -> dict[str, Term]:
    """Typed RDF terms for the query's parameters, from user strings and the query's defaults."""
    known = {p.name: p for p in query.params}
    for name in given:
        if name not in known:
            accepted = ", ".join(sorted(known)) or "none"
            raise KgError(f"{query.name}: unknown parameter {name!r}{_suggest(name, known)} (parameters: {accepted})")
    bindings: dict[str, Term] = {}
    for p in query.params:
        raw = given.get(p.name, p.default)
        if raw is None:
            if p.required:
                raise KgError(f"{query.name}: parameter {p.name!r} is required: {p.describe()}")
            continue
        if len(raw) > MAX_PARAM_LENGTH:
            raise KgError(f"parameter {p.name}: value longer than {MAX_PARAM_LENGTH} characters")
        if p.choices is not None and raw not in p.choices:
            raise KgError(f"parameter {p.name}: {raw!r} is not one of {', '.join(p.choices)}{_suggest(raw, p.choices)}")
        if p.kind == "iri":
            iri = expand(raw)
            if iri is None:
                if store is None:
                    raise KgError(f"parameter {p.name}: {raw!r} is not an IRI or known CURIE")
                iri = resolve_label(store, raw, p.name)
            term = Term.iri(iri)
            try:
                term.n3()
            except KgError as exc:
                raise KgError(f"parameter {p.name}: {raw!r} is not a valid IRI") from exc
            bindings[p.variable] = term
        else:
            bindings[p.variable] = literal_value(p, raw)
    return bindings
