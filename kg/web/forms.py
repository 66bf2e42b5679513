"""Saved queries as web forms (/queries, /queries/<name>) and the SPARQL editor (/sparql).

A saved query's form is built from its grlc metadata (kg.sparql.saved.Param): one labelled input per
parameter, a select for an enumeration, a text input with a datalist of labels for an IRI. What is
submitted is bound as RDF terms by kg.sparql (bind) that travel beside the text, never pasted into it;
a bad value gives the form again, HTTP 400, with a one-line message beside its field. The query runs
through the pages' query source (kg.web.source), so the serve timeout and row limit apply.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import functools
import re
import urllib.parse

from ..errors import KgError
from ..iris import compact, expand
from ..remote.protocol import Request, Response
from ..sparql import Param, SavedQuery, bind, safe_query, saved_queries
from ..store.embedded import Rows, Term, TooManyRows
from .results import DOWNLOADS, Answers, Page, download, link, page_number, page_of
from .source import EngineSource

XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
CONTROL = ("page", "format", "run")  # query-string fields of the page, not parameters of the query
MAX_SUGGESTIONS = 500  # labels a datalist offers, the most used first (pages stay small); any label typed works
MAX_MESSAGE = 300
EDITOR_ROWS = 1000  # rows the editor's "run here" shows; a longer answer is refused (send it to /query)
EXAMPLE = """PREFIX cckg: <https://w3id.org/climate-commitments/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# Pledges with a target year, and who made them
SELECT ?targetYear ?org ?orgLabel ?pledge WHERE {
  ?pledge cckg:madeBy ?org ;
          cckg:targetYear ?targetYear .
  OPTIONAL { ?org rdfs:label ?orgLabel }
}
ORDER BY ?targetYear ?orgLabel
LIMIT 100
"""
KINDS = {XSD + "integer": "a whole number", XSD + "decimal": "a number", XSD + "boolean": "true or false",
         XSD + "date": "a date, YYYY-MM-DD", XSD + "dateTime": "a date and time, YYYY-MM-DDThh:mm:ss",
         XSD + "gYear": "a year"}
_NAME = r"(?:<[^<>\"{}|^`\\\s]*>|[A-Za-z][\w.-]*:[\w-]*|:[\w-]+)"
_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE)
_FORM = re.compile(r"<[^<>\s]*>|#[^\n]*|\b(select|ask|construct|describe)\b(?!:)", re.IGNORECASE)


@dataclass
class Field:
    """One input of a saved query's form, as the template draws it."""

    param: Param
    control: str  # "select" | "text" | "date"
    value: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, text) of a select
    suggestions: list[tuple[str, str]] = field(default_factory=list)  # (value, text) of a datalist
    inputmode: str | None = None  # the keyboard a phone shows ("numeric", "decimal")
    error: str | None = None

    @property
    def name(self) -> str:
        return self.param.name

    @property
    def id(self) -> str:
        return "p-" + self.param.name

    @property
    def hint(self) -> str:
        p = self.param
        kind = ("one of the list" if p.choices is not None else "a name or an IRI (kgr:...)" if p.kind == "iri"
                else KINDS.get(p.datatype or "") or (compact(p.datatype) if p.datatype else
                                                     f"text in @{p.lang}" if p.lang else "text"))
        default = f"; empty: {p.default}" if p.default is not None else "" if p.required else "; optional"
        return ("required; " if p.required else "") + kind + default


def one_line(message: str) -> str:
    """A message as one short line."""
    text = " ".join(str(message).split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 1] + "…"


# -- labels --------------------------------------------------------------------------------------
def _prefixes(text: str) -> dict[str, str]:
    return {(m.group(1) or ""): m.group(2) for m in _PREFIX.finditer(text)}


def _full(name: str, prefixes: dict[str, str]) -> str | None:
    if name.startswith("<"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    return prefixes[prefix] + local if prefix in prefixes else expand(name)


def predicates_of(query: SavedQuery, param: Param) -> tuple[list[str], list[str]]:
    """The predicates the parameter's variable is the object of, and those it is the subject of, in
    the query's triple patterns (a lexical reading, for suggestions only: it binds nothing)."""
    body = "\n".join(ln for ln in query.text.splitlines() if not ln.lstrip().startswith("#"))
    prefixes = _prefixes(query.text)
    var = re.escape(param.variable)
    before = re.findall(rf"(?<![\w?$:<]){_NAME}(?=\s+\?{var}\b)", body)
    after = re.findall(rf"\?{var}\s+({_NAME})", body)
    objects = [p for p in (_full(n, prefixes) for n in before) if p]
    subjects = [p for p in (_full(n, prefixes) for n in after) if p]
    return sorted(set(objects)), sorted(set(subjects))


def _label_rows(source, pattern: str, limit: int | None = None) -> dict[str, str]:
    """{IRI: English or plain label} of the resources ?value that `pattern` finds, at most `limit` of
    them: those it finds most often (ranked first, then labelled: fast on a large graph)."""
    # (no tie-break on ?value: sorting the IRIs takes Oxigraph 0.4 s on the SBTi graph, the rest 0.05 s)
    ranked = (f"{{ SELECT ?value (COUNT(*) AS ?uses) WHERE {{ {pattern} }} GROUP BY ?value "
              f"ORDER BY DESC(?uses) LIMIT {int(limit)} }}" if limit else pattern)
    rows = source.select(f"""SELECT ?value ?label WHERE {{ {ranked}
  ?value <{RDFS_LABEL}> ?label FILTER(isIRI(?value) && (LANG(?label) = "" || LANGMATCHES(LANG(?label), "en"))) }}""")
    labels: dict[str, str] = {}
    for value, label in sorted(rows.rows, key=lambda r: (r[0].value, r[1].lang or "", r[1].value)):
        labels.setdefault(value.value, label.value)  # a plain label before an English one, deterministic
    return labels


def labelled(site, name: str, compute) -> list[tuple[str, str]]:
    """compute() kept by the site until the data changes; [] when the graph cannot answer now
    (labels are a convenience: the form works without them)."""
    try:
        return site.cached("forms:" + name, compute)
    except KgError:
        return []


def suggestions(source, query: SavedQuery, param: Param) -> list[tuple[str, str]]:
    """(what to type, what it is) for an IRI parameter: the labelled resources that stand where the
    parameter stands in the query, the 500 found there most often; a label two of them share is offered
    as their CURIEs (typed, it would be ambiguous; kg.sparql.resolve_label says so of any other)."""
    objects, subjects = predicates_of(query, param)
    patterns = [f"{{ ?s {Term.iri(p).n3()} ?value }}" for p in objects]
    patterns += [f"{{ ?value {Term.iri(p).n3()} ?o }}" for p in subjects]
    if not patterns:
        return []
    labels = _label_rows(source, " UNION ".join(patterns), MAX_SUGGESTIONS)
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label.lower()] = counts.get(label.lower(), 0) + 1
    return sorted(((compact(iri) if counts[label.lower()] > 1 else label, f"{label} ({compact(iri)})")
                   for iri, label in labels.items()), key=lambda o: (o[1].casefold(), o[0]))


def choice_texts(source, choices: list[str]) -> list[tuple[str, str]]:
    """(value, label (value)) for an enumeration's values, labelled when they are IRIs with a label."""
    iris = {c: expand(c) for c in choices}
    terms = [Term.iri(i) for i in iris.values() if i]
    labels = _label_rows(source, f"VALUES ?value {{ {' '.join(t.n3() for t in terms)} }}") if terms else {}
    return [(c, f"{labels[iris[c]]} ({c})" if iris[c] in labels else c) for c in choices]


# -- the form ------------------------------------------------------------------------------------
def fields(site, query: SavedQuery, values: dict[str, str], errors: dict[str, str]) -> list[Field]:
    """The form's inputs, filled with what was submitted (or the defaults) and their errors."""
    out = []
    for p in query.params:
        value = values.get(p.name, p.default or "")
        f = Field(p, "text", value, error=errors.get(p.name))
        if p.choices is not None:
            f.control = "select"
            f.options = labelled(site, f"choices:{query.name}:{p.name}",
                                 lambda p=p: choice_texts(site.source, p.choices)) or [(c, c) for c in p.choices]
        elif p.datatype == XSD + "boolean":
            f.control, f.options = "select", [("true", "true"), ("false", "false")]
        elif p.datatype in (XSD + "integer", XSD + "decimal"):  # text, not type=number: a bad value is shown back
            f.inputmode = "numeric" if p.datatype == XSD + "integer" else "decimal"
        elif p.datatype == XSD + "date":
            f.control = "date"
            f.value = "" if value == "today" else value
        elif p.kind == "iri":
            where = predicates_of(query, p)  # the key: queries whose parameter stands in the same place share it
            f.suggestions = labelled(site, f"suggest:{where}", lambda p=p: suggestions(site.source, query, p))
        if f.control == "select" and not p.required:
            f.options = [("", "(any)" if p.default is None else f"(default: {p.default})"), *f.options]
        out.append(f)
    return out


def read_values(query: SavedQuery, params: dict[str, list[str]]) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(submitted values, errors by field, errors of the whole form) from a query string."""
    known = {p.name for p in query.params}
    values, errors, general = {}, {}, []
    for name, given in params.items():
        if name in CONTROL:
            continue
        if name not in known:
            accepted = ", ".join(sorted(known)) or "none"
            general.append(one_line(f"{query.name} has no parameter {name!r} (parameters: {accepted})"))
        elif len(given) > 1:
            errors[name] = "give one value"
            values[name] = given[0]
        else:
            values[name] = given[0]
    return values, errors, general


def check(site, query: SavedQuery, values: dict[str, str], errors: dict[str, str]) -> dict[str, str]:
    """The values to bind (empty ones left out: the query's default applies); each bad one gets its
    message in `errors`, by binding it alone (kg.sparql.bind: types, enumerations, labels)."""
    given = {}
    for p in query.params:
        raw = values.get(p.name, "")
        if p.name in errors:
            continue
        alone = SavedQuery(query.name, query.path, query.text, query.meta, [p])
        try:
            if p.kind == "iri" and raw:  # a label looked up in the graph: kept once found, until the data changes
                site.cached(f"forms:bound:{query.name}:{p.name}:{raw}",
                            lambda alone=alone, p=p, raw=raw: bind(alone, {p.name: raw}, site.source))
            else:
                bind(alone, {p.name: raw} if raw != "" else {}, site.source)
        except KgError as exc:
            errors[p.name] = one_line(f"{p.name} is required" if raw == "" and p.required else exc)
            continue
        if raw != "":
            given[p.name] = raw
    return given


# -- pages ---------------------------------------------------------------------------------------
def all_queries(site) -> dict[str, SavedQuery]:
    """The saved queries of the served project, by name."""
    return site.saved_queries() if hasattr(site, "saved_queries") else saved_queries(site.queries_dir)


def max_rows(site) -> int | None:
    settings = getattr(site, "settings", None)
    return getattr(settings, "max_rows", None)


def list_page(site, request: Request) -> Response:
    """/queries: every saved query with its summary, its whole description, tags and parameters."""
    try:
        queries = list(all_queries(site).values())
    except KgError as exc:
        return site.error(request, 500, one_line(exc))
    return site.page(request, "queries.html", title="Saved queries", queries=queries)


def query_page(site, request: Request) -> Response:
    """/queries/<name>: the form, the SPARQL text and, once submitted, a page of results or a download."""
    name = request.path.removeprefix("/queries/")
    found = all_queries(site).get(name) if re.fullmatch(r"[\w.-]+", name) else None
    if found is None:
        return site.error(request, 404, f"no saved query is called {name[:80]!r}: /queries lists them")
    query: SavedQuery = found
    values, errors, general = read_values(query, request.params)
    fmt = _first(request.params, "format")
    submitted = bool(request.params)
    page_no = 1
    try:
        page_no = page_number(_first(request.params, "page"))
    except ValueError as exc:
        general.append(str(exc))
    if fmt is not None and fmt not in DOWNLOADS:
        general.append(f"format {fmt[:20]!r}: choose {', '.join(DOWNLOADS)}")
    given = check(site, query, values, errors) if submitted else {}
    context = {"title": query.name, "query": query, "general": general, "page": None,
               "editor": "/sparql?" + urllib.parse.urlencode({"saved": query.name})}
    status = 400 if errors or general else 200
    if submitted and status == 200:
        key = (getattr(site.source, "key", ""), query.name, tuple(sorted(given.items())))
        try:
            rows = _ANSWERS.get(key, lambda: answer(site, query, given))
        except TooManyRows as exc:  # as /query answers it
            status = 422
            general.append(one_line(f"{exc} (narrow it with the parameters)"))
        except KgError as exc:  # the graph could not answer: the timeout, busy engines, the endpoint
            status = 502
            general.append(one_line(exc))
        else:
            if fmt is not None:
                return download(rows, fmt, query.name)
            context["page"] = page_of(rows, page_no)
            context.update(_paging(request, context["page"]))
    context["fields"] = fields(site, query, values, errors)
    return site.page(request, "query.html", status=status, **context)


def checked_text(site, query: SavedQuery) -> str:
    """The saved query's text as the guard passes it: for kg serve's engines, which run no update and
    check it again, by the guard's fast path; for another store, by a parse (kept: done once, at the warm-up)."""
    return safe_query(query.text, query.name, allow_service=False, embedded=isinstance(site.source, EngineSource))


def answer(site, query: SavedQuery, given: dict[str, str]) -> Rows:
    """A saved query's rows for the form's values, within kg serve's row limit: its own text checked by the
    guard, the values bound as RDF terms that travel beside it (kg.sparql.bind; the engines add them after
    their own check), never written into the text, so a new value costs no new parse (one took 0.1 to 0.4 s)."""
    text = checked_text(site, query)
    bindings = bind(query, given, site.source)
    try:
        return site.source.select(text, max_rows=max_rows(site), bindings=bindings or None)
    except TooManyRows as exc:
        raise TooManyRows(f"{query.name}: {exc}") from None


def _first(params: dict[str, list[str]], name: str) -> str | None:
    return params[name][0] if params.get(name) else None


def _paging(request: Request, page: Page) -> dict:
    """The links of the results: previous, next, and the downloads (same parameters)."""
    params = [(k, v) for k, values in request.params.items() for v in values]
    here = request.path
    return {"previous": link(here, params, page=str(page.number - 1)) if page.number > 1 else None,
            "next": link(here, params, page=str(page.number + 1)) if page.number < page.pages else None,
            "downloads": {fmt: link(here, params, page=None, format=fmt) for fmt in DOWNLOADS}}


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form, its first keyword outside IRIs and comments."""
    for m in _FORM.finditer(text):
        if m.group(1):
            return m.group(1).upper()
    return None


def editor_rows(source, text: str, limit: int | None) -> Rows:
    """The answer to a query from the editor, read-only (the guard), as rows (a graph: its triples)."""
    canonical = safe_query(text, "the query", allow_service=False, embedded=False)
    if query_form(canonical) not in ("CONSTRUCT", "DESCRIBE"):
        return source.select(canonical, max_rows=limit)
    from ..store.embedded import Store

    answer = Store.memory()  # the engines' N-Triples read back as rows
    answer.load_turtle_bytes(source.graph(canonical), "urn:kg:answer", "the answer")
    return answer.select("SELECT ?subject ?predicate ?object WHERE { ?subject ?predicate ?object } "
                         "ORDER BY ?subject ?predicate ?object", max_rows=limit)


def sparql_page(site, request: Request) -> Response:
    """/sparql: a textarea that posts to /query (the SPARQL 1.1 Protocol), or here for a table."""
    text, error, page = EXAMPLE, None, None
    if request.method == "POST":
        form = urllib.parse.parse_qs(request.body().decode("utf-8", "replace"), keep_blank_values=True)
        text = (form.get("query") or [""])[0]
        if not text.strip():
            error = "write a query first"
        else:
            try:
                page = page_of(editor_rows(site.source, text, EDITOR_ROWS), 1, EDITOR_ROWS)
            except TooManyRows:
                error = (f"the answer has more than {EDITOR_ROWS:,} rows, more than this page shows: add a LIMIT, "
                         "or send it to /query")
            except KgError as exc:
                error = one_line(exc)
    elif request.params.get("saved"):  # a saved query's text to start from (its parameters left unbound)
        saved = all_queries(site).get(request.params["saved"][0])
        text = saved.text if saved is not None else text
    return site.page(request, "sparql.html", status=400 if error else 200, title="SPARQL editor", text=text,
                     error=error, page=page, limit=f"{EDITOR_ROWS:,}")


def warm(site) -> int:
    """Before the first visitor: every saved query read and checked by the guard (a parse, for another store,
    is kept), and each form's lists (enumeration labels, suggestions) asked of the graph; how many there are."""
    queries = all_queries(site)
    for query in queries.values():
        try:
            checked_text(site, query)
        except KgError:
            pass  # its page says why
        fields(site, query, {}, {})  # labels it cannot get now are asked again by its page
    return len(queries)


_ANSWERS = Answers()
ROUTES = {"/queries": list_page, "/queries/": query_page, "/sparql": sparql_page}


def routes(site) -> dict:
    """The pages of this module for kg.web's mount: path (a prefix when it ends in "/") -> handler(request)."""
    return {path: functools.partial(handler, site) for path, handler in ROUTES.items()}

