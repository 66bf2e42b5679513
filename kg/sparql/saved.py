"""Saved SPARQL queries (grlc conventions), typed parameters bound as RDF terms, result formats.

A saved query is one `.rq` file that stays valid SPARQL. Its metadata are `#+ ` comment lines
holding YAML (grlc decorators: summary, tags, defaults, enumerate, description). Parameters are
the grlc variables `?_name` (required) and `?__name` (optional) with a type suffix: `_iri`,
`_integer`, `_decimal`, `_boolean`, `_xsd_<type>` (e.g. `?_asof_xsd_date`) or a language tag
(`_en`); no suffix means a plain string. Values are bound as RDF terms through the store
(SEP-0007 substitution, like rdflib's initBindings); they are never pasted into the query text,
so an injection string stays a literal.

Binding is a VALUES block at the start of the query's outermost WHERE group, holding only the
query's own parameter variables and terms written by pyoxigraph's N-Triples serialiser (escaped,
IRIs validated). Unlike an engine's substitution API, this works unchanged on any SPARQL 1.1
endpoint, and FILTERs and aggregates in that group see the values. (Parameters are visible in
the outermost group; a sub-SELECT that needs one must project it from outside.)
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import KgError
from ..iris import PREFIXES, compact, expand
from ..store.embedded import Rows, Store, Term

XSD = PREFIXES["xsd"]
PARAM_RE = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
LANG_RE = re.compile(r"^[a-z]{2}$")
MAX_PARAM_LENGTH = 2000


@dataclass
class Param:
    name: str
    variable: str  # without "?"
    kind: str  # "iri" | "literal"
    datatype: str | None = None
    lang: str | None = None
    required: bool = True
    default: str | None = None
    choices: list[str] | None = None

    def describe(self) -> str:
        t = "IRI or label" if self.kind == "iri" else compact(self.datatype) if self.datatype else (
            f"text@{self.lang}" if self.lang else "text")
        extra = f", default {self.default}" if self.default is not None else ("" if self.required else ", optional")
        return f"{self.name} ({t}{extra})"


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    meta: dict = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return str(self.meta.get("summary", "")).strip()

    @property
    def tags(self) -> list[str]:
        tags = self.meta.get("tags") or []
        return [str(t) for t in (tags if isinstance(tags, list) else [tags])]


def parse_metadata(text: str, name: str) -> dict:
    """The YAML held in the leading `#+ ` comment lines of a query file."""
    import yaml  # only saved-query commands need it

    lines = [ln[3:] if ln.startswith("#+ ") else ln[2:] for ln in text.splitlines() if ln.startswith("#+")]
    if not lines:
        return {}
    try:
        meta = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as exc:
        # A one-line value holding ": " (e.g. "summary: kgr: IRIs...") is not YAML; quote such
        # top-level scalars and try once more before reporting the original error.
        quoted = [f"{m.group(1)}: {json.dumps(m.group(2))}"
                  if (m := re.match(r"^([A-Za-z_]+):\s+([^\s'\"|>\[{&*!%@`].*)$", ln)) else ln for ln in lines]
        try:
            meta = yaml.safe_load("\n".join(quoted)) or {}
        except yaml.YAMLError:
            raise KgError(f"{name}: invalid `#+` metadata: {str(exc).splitlines()[0]}") from exc
    if not isinstance(meta, dict):
        raise KgError(f"{name}: `#+` metadata must be `key: value` lines")
    return meta


def _type_of(spec: str) -> tuple[str, str, str | None, str | None]:
    """Split a grlc variable body into (name, kind, datatype, lang)."""
    parts = spec.split("_")
    if len(parts) >= 3 and parts[-2] in PREFIXES:
        return "_".join(parts[:-2]), "literal", PREFIXES[parts[-2]] + parts[-1], None
    if len(parts) >= 2:
        suffix = parts[-1]
        base = "_".join(parts[:-1])
        if suffix == "iri":
            return base, "iri", None, None
        if suffix in ("integer", "decimal", "boolean", "date", "string"):
            return base, "literal", XSD + suffix, None
        if LANG_RE.match(suffix):
            return base, "literal", None, suffix
    return spec, "literal", None, None


def _listify(value) -> dict:
    """grlc writes defaults/enumerate as a list of one-key maps; accept a map as well."""
    if isinstance(value, dict):
        return value
    out = {}
    for item in value or []:
        if isinstance(item, dict):
            out.update(item)
    return out


def load_query(path: Path, name: str | None = None) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise KgError(f"{path}: no such query file") from exc
    except UnicodeDecodeError as exc:
        raise KgError(f"{path}: not UTF-8") from exc
    meta = parse_metadata(text, str(path))
    defaults = {str(k): v for k, v in _listify(meta.get("defaults")).items()}
    choices = {str(k): v for k, v in _listify(meta.get("enumerate")).items()}
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    params: dict[str, Param] = {}
    for underscores, spec in PARAM_RE.findall(body):
        variable = underscores + spec
        if variable in (p.variable for p in params.values()):
            continue
        pname, kind, datatype, lang = _type_of(spec)
        default = defaults.get(pname)
        params[pname] = Param(pname, variable, kind, datatype, lang,
                              required=(underscores == "_" and default is None),
                              default=None if default is None else str(default),
                              choices=[str(c) for c in choices[pname]] if pname in choices else None)
    return SavedQuery(name or path.stem, path, text, meta, list(params.values()))


def saved_queries(queries_dir: Path) -> dict[str, SavedQuery]:
    return {p.stem: load_query(p) for p in sorted(queries_dir.glob("*.rq"))}


def find_query(name_or_path: str, queries_dir: Path) -> SavedQuery:
    """A saved query by name, or a query file by path; unknown names get suggestions."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.exists():
        return load_query(path)
    candidate = queries_dir / f"{name_or_path}.rq"
    if candidate.is_file():
        return load_query(candidate)
    names = sorted(p.stem for p in queries_dir.glob("*.rq"))
    close = difflib.get_close_matches(name_or_path, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kg queries` lists them"
    raise KgError(f"{name_or_path}: no such saved query{hint}")


def _literal(param: Param, raw: str) -> Term:
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
        try:
            dt.date.fromisoformat(value)
        except ValueError as exc:
            raise KgError(f"parameter {param.name}: {raw!r} is not a date (YYYY-MM-DD or today)") from exc
        return Term.literal(value, dtype)
    if dtype == XSD + "gYear" and not re.fullmatch(r"-?\d{4}", raw):
        raise KgError(f"parameter {param.name}: {raw!r} is not a year")
    return Term.literal(raw, dtype, param.lang)


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|'
                     r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.S)
_WHERE = re.compile(r"WHERE\b", re.I)


def where_brace(text: str) -> int:
    """Index of the `{` opening the outermost WHERE group, skipping comments, strings and IRIs."""
    i, first_brace, seen_where = 0, -1, False
    while i < len(text):
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl + 1
            continue
        if c in "\"'":
            m = _STRING.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == "<":
            m = _IRIREF.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == "{":
            if seen_where:
                return i
            if first_brace < 0:
                first_brace = i
        elif c in "wW" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_?$:")) and _WHERE.match(text, i):
            seen_where = True
            i += 5
            continue
        i += 1
    if first_brace < 0:
        raise KgError("the query has no WHERE group to bind parameters in")
    return first_brace


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
        raise KgError(f"parameter {param}: nothing is labelled {label!r}; give an IRI or CURIE (kgr:org-...)")
    if len(found) > 1:
        raise KgError(f"parameter {param}: {label!r} is ambiguous: {', '.join(compact(f) for f in found)}")
    return found[0]


def bind(query: SavedQuery, given: dict[str, str], store: Store | None = None) -> dict[str, Term]:
    """Typed RDF terms for the query's parameters, from user strings and the query's defaults."""
    known = {p.name: p for p in query.params}
    for name in given:
        if name not in known:
            accepted = ", ".join(sorted(known)) or "none"
            raise KgError(f"{query.name}: unknown parameter {name!r} (parameters: {accepted})")
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
            raise KgError(f"parameter {p.name}: {raw!r} is not one of {', '.join(p.choices)}")
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
            bindings[p.variable] = _literal(p, raw)
    return bindings


class QueryTimeout(KgError):
    """A query ran out of time."""


def run(store: Store, query: SavedQuery, given: dict[str, str] | None = None, timeout: float | None = None,
        max_rows: int | None = None, allow_service: bool = False) -> Rows:
    """The rows of a saved query, read-only (`kg.guard`), within `timeout` seconds and `max_rows` rows."""
    from .guard import check_query

    check_query(query.text, query.name, allow_service)
    text = with_values(query.text, bind(query, given or {}, store))
    from ..store.embedded import TooManyRows

    try:
        if timeout is None:
            return store.select(text, max_rows=max_rows)
        return within(timeout, lambda: store.select(text, max_rows=max_rows),
                      f"{query.name}: stopped after {timeout:g} s (the query timeout): add parameters to narrow "
                      "it, or raise --timeout")
    except TooManyRows as exc:
        raise TooManyRows(f"{query.name}: {exc}") from None


def within(seconds: float, work, message: str):
    """work() in a worker thread, given up after `seconds` (QueryTimeout). The engine releases the
    GIL while it evaluates, so the wait is exact; the abandoned evaluation ends with the process."""
    import threading

    outcome: dict = {}

    def target():
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            # without its traceback: the engine's result objects in those frames must be freed
            # in this thread (pyoxigraph's are bound to the thread that made them)
            outcome["error"] = exc.with_traceback(None)

    worker = threading.Thread(target=target, name="kg-query", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryTimeout(message)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# -- output formats ---------------------------------------------------------------------------

def _plain(term: Term | None) -> str:
    return "" if term is None else term.value


def _short(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return compact(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value  # language tags and datatypes are in the csv/tsv/json formats


def to_table(rows: Rows) -> str:
    cells = [[_short(t).replace("\n", " ") for t in row] for row in rows.rows]
    widths = [len(v) for v in rows.variables]
    for row in cells:
        widths = [max(w, min(len(c), 80)) for w, c in zip(widths, row)]
    def line(values):
        return "  ".join((v if len(v) <= 80 else v[:77] + "...").ljust(w) for v, w in zip(values, widths)).rstrip()
    out = [line(rows.variables), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(rows.rows)} row{'s' if len(rows.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def to_csv(rows: Rows) -> str:
    """SPARQL 1.1 Query Results CSV: plain values."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(rows.variables)
    for row in rows.rows:
        w.writerow([_plain(t) for t in row])
    return buf.getvalue()


def to_tsv(rows: Rows) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples syntax."""
    out = ["\t".join("?" + v for v in rows.variables)]
    out += ["\t".join("" if t is None else t.n3() for t in row) for row in rows.rows]
    return "\n".join(out) + "\n"


def to_json(rows: Rows) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = []
    for row in rows.rows:
        b = {}
        for var, t in zip(rows.variables, row):
            if t is None:
                continue
            cell = {"type": t.kind, "value": t.value}
            if t.lang:
                cell["xml:lang"] = t.lang
            elif t.datatype:
                cell["datatype"] = t.datatype
            b[var] = cell
        bindings.append(b)
    return json.dumps({"head": {"vars": rows.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


FORMATTERS = {"table": to_table, "csv": to_csv, "tsv": to_tsv, "json": to_json}
