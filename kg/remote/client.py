"""Remote triple stores: saved queries through SPARQLWrapper, `kg push` through the Graph Store
Protocol or SPARQL Update.

`Endpoint.select` answers the same call as `Store.select` (rows of `Term`s), so `kg.query.run`
works unchanged on Fuseki, GraphDB, Virtuoso, Neptune or Oxigraph. Parameters travel inside the
query text as a VALUES block written by pyoxigraph's serialiser (`kg.query.with_values`).

Credentials come from the environment only, never from the command line or the URL:
KG_ENDPOINT_TOKEN (bearer) or KG_ENDPOINT_USER + KG_ENDPOINT_PASSWORD (basic). They are sent as
an Authorization header and never printed; error messages name the URL without user information.
"""
from __future__ import annotations

import ast
import base64
import html
import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

from ..errors import KgError
from ..store.embedded import Rows, Term, XSD

USER_AGENT = "cckg-kg (https://w3id.org/climate-commitments)"
DEFAULT_TIMEOUT = 60.0
DEFAULT_CHUNK = 50_000
MAX_ANSWER_BYTES = 512 * 2**20  # an endpoint's answer is read into memory: no further than this
NTRIPLES = "application/n-triples"


def check_url(url: str, what: str = "--endpoint") -> str:
    """An http(s) URL without credentials in it."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(f"{what} {safe_url(url)!r}: not an http(s) URL")
    if parts.username or parts.password:
        raise KgError(f"{what} {safe_url(url)}: credentials do not belong in the URL; set KG_ENDPOINT_USER and "
                      "KG_ENDPOINT_PASSWORD (basic) or KG_ENDPOINT_TOKEN (bearer) instead")
    return url


def safe_url(url: str) -> str:
    """The URL with any user:password@ part and query string removed, fit for a message."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))
    except ValueError:
        return "<invalid URL>"


def auth_header() -> dict[str, str]:
    """The Authorization header from KG_ENDPOINT_TOKEN or KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD."""
    token = os.environ.get("KG_ENDPOINT_TOKEN")
    user, password = os.environ.get("KG_ENDPOINT_USER"), os.environ.get("KG_ENDPOINT_PASSWORD")
    if token:
        return {"Authorization": f"Bearer {token}"}
    if user is not None or password is not None:
        if not user or password is None:
            raise KgError("KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD must be set together")
        pair = base64.b64encode(f"{user}:{password}".encode()).decode()
        return {"Authorization": f"Basic {pair}"}
    return {}


def _secrets() -> list[str]:
    keys = ("KG_ENDPOINT_TOKEN", "KG_ENDPOINT_PASSWORD")
    values = [os.environ[k] for k in keys if os.environ.get(k)]
    return values + [v for v in (auth_header().get("Authorization", "").partition(" ")[2],) if v]


def _scrub(text: str) -> str:
    for secret in _secrets():
        text = text.replace(secret, "***")
    return text


def _body_hint(body: bytes | str | None) -> str:
    """The first readable words of an error body (HTML tags dropped), at most 160 characters."""
    if not body:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    if "\nResponse:\n" in text:  # SPARQLWrapper's message: "<Name>: <advice>\n\nResponse:\n<repr of body>"
        text = text.split("\nResponse:\n", 1)[1]
    if text[:2] in ("b'", 'b"') and text[-1:] == text[1]:
        try:
            text = ast.literal_eval(text).decode("utf-8", "replace")
        except (ValueError, SyntaxError):
            pass
    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    return _scrub(text[:157] + "..." if len(text) > 160 else text)


def _failure(url: str, exc: BaseException, timeout: float) -> KgError:
    """One clear line for anything that went wrong talking to an endpoint."""
    where = safe_url(url)
    if isinstance(exc, urllib.error.HTTPError):
        hint = _body_hint(exc.read() if exc.fp else None)
        return KgError(f"{where}: HTTP {exc.code} {exc.reason}" + (f": {hint}" if hint else ""))
    code = getattr(exc, "code", None)
    try:
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException
    except ImportError:  # pragma: no cover - a dependency
        SPARQLWrapperException = ()  # noqa: N806
    if isinstance(exc, SPARQLWrapperException):
        status = {"QueryBadFormed": "HTTP 400 (query refused)", "Unauthorized": "HTTP 401 (unauthorised: check "
                  "KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or KG_ENDPOINT_TOKEN)", "EndPointNotFound": "HTTP 404 "
                  "(no endpoint at this URL)", "URITooLong": "HTTP 414 (URI too long)",
                  "EndPointInternalError": "HTTP 500 (server error)"}.get(type(exc).__name__, type(exc).__name__)
        hint = _body_hint(getattr(exc, "response", None) or str(exc))
        return KgError(f"{where}: {status}" + (f": {hint}" if hint else ""))
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (socket.timeout, TimeoutError)) or isinstance(exc, (socket.timeout, TimeoutError)):
        return KgError(f"{where}: no answer within {timeout:g} s (timeout; --timeout sets it)")
    if isinstance(reason, ConnectionRefusedError):
        return KgError(f"{where}: connection refused (is the server running?)")
    if isinstance(reason, socket.gaierror):
        return KgError(f"{where}: unknown host")
    if code:
        return KgError(f"{where}: HTTP {code}")
    return KgError(f"{where}: {_scrub(str(reason)) or type(exc).__name__}")


# -- reading: SPARQL 1.1 Protocol through SPARQLWrapper ---------------------------------------------

def _term(cell: dict) -> Term:
    kind = cell.get("type")
    value = cell.get("value", "")
    if kind == "uri":
        return Term.iri(value)
    if kind == "bnode":
        return Term("bnode", value)
    if kind in ("literal", "typed-literal"):
        return Term.literal(value, cell.get("datatype"), cell.get("xml:lang"))
    raise KgError(f"unexpected term type {kind!r} in the endpoint's results")


@dataclass
class Endpoint:
    """A SPARQL 1.1 query endpoint that answers `select` like the embedded store."""

    url: str
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self):
        check_url(self.url)
        self._auth = auth_header()

    def _wrapper(self, text: str, fmt: str):
        from SPARQLWrapper import POST, URLENCODED, SPARQLWrapper

        sw = SPARQLWrapper(self.url, agent=USER_AGENT)
        sw.setQuery(text)
        sw.setMethod(POST)  # long queries and parameters never hit URL length limits
        sw.setRequestMethod(URLENCODED)
        sw.setReturnFormat(fmt)
        sw.setTimeout(self.timeout)
        for key, value in self._auth.items():
            sw.addCustomHttpHeader(key, value)
        return sw

    def select(self, sparql: str, max_rows: int | None = None) -> Rows:
        """SELECT rows, ASK as one boolean row, CONSTRUCT/DESCRIBE as subject/predicate/object rows."""
        from SPARQLWrapper import JSON, TURTLE

        sw = self._wrapper(sparql, JSON)
        graph_form = sw.queryType in ("CONSTRUCT", "DESCRIBE")
        if graph_form:
            sw.setReturnFormat(TURTLE)
            sw.addCustomHttpHeader("Accept", f"{NTRIPLES}, text/turtle;q=0.9")
        try:
            result = sw.query()
            body = result.response.read(MAX_ANSWER_BYTES + 1)
            ctype = (result.response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        except Exception as exc:  # noqa: BLE001 - every failure becomes one line
            raise _failure(self.url, exc, self.timeout) from exc
        if len(body) > MAX_ANSWER_BYTES:
            raise KgError(f"{safe_url(self.url)}: the answer is larger than {MAX_ANSWER_BYTES // 2**20} MB: "
                          "narrow the query")
        if "html" in ctype or body.lstrip()[:1] == b"<" and b"<html" in body[:2000].lower():
            raise KgError(f"{safe_url(self.url)}: answered with an HTML page ({ctype or 'no content type'}), "
                          f"not SPARQL results: is this the SPARQL endpoint URL? {_body_hint(body)}".rstrip())
        rows = _triple_rows(body, ctype, self.url) if graph_form else _json_rows(body, self.url)
        if max_rows and len(rows.rows) > max_rows:
            from ..store.embedded import TooManyRows, _capped

            list(_capped(rows.rows, max_rows))  # raises TooManyRows with the usual message
            raise TooManyRows("unreachable")
        return rows

    def count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {Term.iri(graph).n3()} {{ ?s ?p ?o }} }}")
        try:
            return int(rows.rows[0][0].value)
        except (IndexError, TypeError, ValueError, AttributeError) as exc:
            raise KgError(f"{safe_url(self.url)}: could not count the triples of {graph}") from exc


def _json_rows(body: bytes, url: str) -> Rows:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise KgError(f"{safe_url(url)}: the answer is not SPARQL JSON results: {_body_hint(body)}") from exc
    if not isinstance(data, dict):
        raise KgError(f"{safe_url(url)}: the answer is not SPARQL JSON results")
    if "boolean" in data:
        return Rows(["result"], [(Term.literal("true" if data["boolean"] else "false", XSD + "boolean"),)])
    try:
        names = list(data["head"].get("vars", []))
        rows = [tuple(_term(b[n]) if n in b else None for n in names) for b in data["results"]["bindings"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise KgError(f"{safe_url(url)}: the answer is not SPARQL JSON results (no head/results)") from exc
    return Rows(names, rows)


def _triple_rows(body: bytes, ctype: str, url: str) -> Rows:
    import pyoxigraph as ox

    from ..store.embedded import _from_ox

    fmt = ox.RdfFormat.N_TRIPLES if ctype == NTRIPLES else ox.RdfFormat.TURTLE
    try:
        triples = list(ox.parse(body, format=fmt))
    except (SyntaxError, ValueError) as exc:
        raise KgError(f"{safe_url(url)}: the answer is not RDF ({ctype}): {exc}") from exc
    return Rows(["subject", "predicate", "object"],
                [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in triples])


# -- writing: `kg push` --------------------------------------------------------------------------

def derived_urls(endpoint: str) -> tuple[str | None, str | None]:
    """(update URL, Graph Store URL) beside a query URL ending in /query, Oxigraph's layout
    (/query, /update, /store); else (None, None): other stores name them differently."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if not path.endswith("/query"):
        return None, None
    base = path[: -len("/query")]
    return (urllib.parse.urlunsplit(parts._replace(path=base + "/update", query="")),
            urllib.parse.urlunsplit(parts._replace(path=base + "/store", query="")))


def chunks(ntriples: bytes, size: int) -> list[bytes]:
    """N-Triples split into documents of at most `size` lines; every line holding a blank node goes
    in the first one, since a blank node label only means the same node within one request."""
    from ..store.embedded import _has_blank_node

    lines = ntriples.splitlines()
    blank = [ln for ln in lines if ln and _has_blank_node(ln)]
    ground = [ln for ln in lines if ln and not _has_blank_node(ln)]
    docs, first = [], blank + ground[: max(0, size - len(blank))]
    rest = ground[len(first) - len(blank):]
    if first:
        docs.append(b"\n".join(first) + b"\n")
    docs += [b"\n".join(rest[i:i + size]) + b"\n" for i in range(0, len(rest), size)]
    return docs


@dataclass
class Pusher:
    """Replaces one named graph of a remote store: chunks into a fresh staging graph, a count check,
    then one SPARQL Update `MOVE` (a single transaction), so a push that fails half-way leaves the
    target graph as it was."""

    query_url: str
    update_url: str
    store_url: str | None
    protocol: str = "gsp"
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self):
        check_url(self.query_url)
        check_url(self.update_url, "--update")
        if self.protocol == "gsp":
            if not self.store_url:
                raise KgError("--protocol gsp needs the Graph Store URL: give --store URL "
                              "(or --protocol update to send SPARQL Update only)")
            check_url(self.store_url, "--store")
        self._auth = auth_header()
        self._endpoint = Endpoint(self.query_url, self.timeout)

    def update(self, text: str) -> None:
        request = urllib.request.Request(self.update_url, data=text.encode("utf-8"), method="POST", headers={
            "Content-Type": "application/sparql-update", "User-Agent": USER_AGENT, **self._auth})
        self._send(request, self.update_url)

    def _post_graph(self, graph: str, data: bytes) -> None:
        url = f"{self.store_url}{'&' if '?' in self.store_url else '?'}graph={urllib.parse.quote(graph, safe='')}"
        request = urllib.request.Request(url, data=data, method="POST", headers={
            "Content-Type": NTRIPLES, "User-Agent": USER_AGENT, **self._auth})
        self._send(request, self.store_url)

    def _send(self, request, url: str) -> None:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except Exception as exc:  # noqa: BLE001
            raise _failure(url, exc, self.timeout) from exc

    def _insert(self, graph: str, data: bytes) -> None:
        # N-Triples lines are valid triples of an INSERT DATA block
        self.update(f"INSERT DATA {{ GRAPH {Term.iri(graph).n3()} {{\n{data.decode('utf-8')}}} }}")

    def push(self, ntriples: bytes, graph: str, chunk: int = DEFAULT_CHUNK, log=lambda m: None) -> dict:
        Term.iri(graph).n3()  # a valid IRI, or KgError
        if chunk < 1:
            raise KgError(f"--chunk-size {chunk}: must be at least 1 triple")
        docs = chunks(ntriples, chunk)
        expected = sum(doc.count(b"\n") for doc in docs)
        staging = f"urn:uuid:{uuid.uuid4()}"
        sent = 0
        try:
            for i, doc in enumerate(docs, 1):
                (self._post_graph if self.protocol == "gsp" else self._insert)(staging, doc)
                sent += doc.count(b"\n")
                log(f"sent chunk {i} of {len(docs)} ({sent:,} of {expected:,} triples)")
            staged = self._endpoint.count(staging)
            if staged != expected:
                raise KgError(f"{safe_url(self.query_url)}: the staging graph holds {staged:,} triples, "
                              f"{expected:,} were sent; {graph} left unchanged")
            target = Term.iri(graph).n3()
            self.update(f"MOVE GRAPH {Term.iri(staging).n3()} TO GRAPH {target}" if expected
                        else f"DROP SILENT GRAPH {target}")
        except BaseException as exc:
            try:
                self.update(f"DROP SILENT GRAPH {Term.iri(staging).n3()}")
            except KgError:
                pass
            if isinstance(exc, KgError):
                raise KgError(f"push failed after {sent:,} of {expected:,} triples, {graph} left as it was: "
                              f"{exc}") from exc
            raise
        stored = self._endpoint.count(graph)
        if stored != expected:
            raise KgError(f"{safe_url(self.query_url)}: {graph} holds {stored:,} triples after the push, "
                          f"{expected:,} were sent")
        return {"graph": graph, "sent": expected, "stored": stored, "chunks": len(docs),
                "protocol": self.protocol}
