"""Talking to other SPARQL servers safely: URLs checked, credentials from the environment only and
never shown, and every failure turned into one clear line.

Credentials come from the environment only, never from the command line or the URL:
KG_ENDPOINT_TOKEN (bearer) or KG_ENDPOINT_USER + KG_ENDPOINT_PASSWORD (basic). They are sent as
an Authorization header and never printed; error messages name the URL without user information.
"""
from __future__ import annotations

import ast
import base64
import html
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request

from ..errors import KgError

USER_AGENT = "cckg-kg (https://w3id.org/climate-commitments)"
DEFAULT_TIMEOUT = 60.0
NTRIPLES = "application/n-triples"
MAX_ANSWER_BYTES = 512 * 2**20  # an endpoint's answer is read into memory: no further than this


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


def secrets() -> list[str]:
    keys = ("KG_ENDPOINT_TOKEN", "KG_ENDPOINT_PASSWORD")
    values = [os.environ[k] for k in keys if os.environ.get(k)]
    return values + [v for v in (auth_header().get("Authorization", "").partition(" ")[2],) if v]


def scrub(text: str) -> str:
    for secret in secrets():
        text = text.replace(secret, "***")
    return text


def body_hint(body: bytes | str | None) -> str:
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
    if re.search(r"(?i)<(html|body|p|div|h\d|pre|title)\b|</\w+>", text):  # an HTML page: its words only
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    # else plain text, whose <IRI>s are part of the message (Jena: "Invalid source target ... <g>")
    text = " ".join(text.split())
    return scrub(text[:157] + "..." if len(text) > 160 else text)


def failure(url: str, exc: BaseException, timeout: float) -> KgError:
    """One clear line for anything that went wrong talking to an endpoint."""
    where = safe_url(url)
    if isinstance(exc, urllib.error.HTTPError):
        hint = body_hint(exc.read() if exc.fp else None)
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
        hint = body_hint(getattr(exc, "response", None) or str(exc))
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
    return KgError(f"{where}: {scrub(str(reason)) or type(exc).__name__}")

