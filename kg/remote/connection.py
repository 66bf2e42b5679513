"""Talking to other SPARQL servers safely: URLs checked, credentials from the environment only and
never shown, every request within one total deadline, and every failure turned into one clear line.

Credentials come from the environment only, never from the command line or the URL:
KG_ENDPOINT_TOKEN (bearer) or KG_ENDPOINT_USER + KG_ENDPOINT_PASSWORD (basic). They are sent as
an Authorization header to the origin (scheme, host, port) the user named and nowhere else: a
redirect is followed only within that origin and only when it keeps the request as it is, any other
is refused in one line. They are never printed: every message about an answer is scrubbed of them.

`fetch` bounds a whole request (connect, send, the status line, headers and body, redirects
included) by one deadline: every socket operation gets the time left, so a server that answers one
byte a second cannot stretch it (a per-read socket timeout would restart at every byte).
"""
from __future__ import annotations

import base64
import functools
import html
import http.client
import io
import json
import os
import re
import socket
import string
import time
import urllib.error
import urllib.parse
import urllib.request

from ..errors import KgError

USER_AGENT = "cckg-kg (https://w3id.org/climate-commitments)"
DEFAULT_TIMEOUT = 60.0
NTRIPLES = "application/n-triples"
MAX_ANSWER_BYTES = 512 * 2**20  # an endpoint's answer is read into memory: no further than this
MAX_ERROR_BYTES = 64 * 2**10  # of an error page, enough for its first words


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
        return scrub(urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", "")))
    except ValueError:
        return "<invalid URL>"


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, the default port made explicit."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(scheme)


def auth_header() -> dict[str, str]:
    """The Authorization header from KG_ENDPOINT_TOKEN or KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD."""
    token = os.environ.get("KG_ENDPOINT_TOKEN")
    user, password = os.environ.get("KG_ENDPOINT_USER"), os.environ.get("KG_ENDPOINT_PASSWORD")
    if token:
        return {"Authorization": f"Bearer {token}"}
    if user is not None or password is not None:
        if not user or password is None:
            raise KgError("KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD must be set together")
        return {"Authorization": f"Basic {_basic(user, password)}"}
    return {}


def _basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


def secrets() -> list[str]:
    """The credentials in every form a server could echo them in a message: as set, base64 (basic),
    percent-, HTML-, JSON- and repr-escaped; longest first, so that a longer form goes whole."""
    token, user = os.environ.get("KG_ENDPOINT_TOKEN"), os.environ.get("KG_ENDPOINT_USER")
    password = os.environ.get("KG_ENDPOINT_PASSWORD")
    raw = [v for v in (token, password) if v]
    if user and password:
        raw.append(_basic(user, password))
    forms = {form for value in raw for form in (
        value, urllib.parse.quote(value, safe=""), urllib.parse.quote(value, safe=string.punctuation),
        urllib.parse.quote_plus(value), html.escape(value), json.dumps(value)[1:-1], repr(value)[1:-1])}
    return sorted(forms, key=len, reverse=True)


def scrub(text: str) -> str:
    """`text` with every form of the credentials replaced by ***, whatever its letter case."""
    for secret in secrets():
        text = re.sub(re.escape(secret), "***", text, flags=re.IGNORECASE)
    return text


def one_line(text: str) -> str:
    """Text from a server, scrubbed and on one line."""
    return " ".join(scrub(str(text)).split())


def body_hint(body: bytes | str | None) -> str:
    """The first readable words of an error body (HTML tags dropped), at most 160 characters."""
    if not body:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    if re.search(r"(?i)<(html|body|p|div|h\d|pre|title)\b|</\w+>", text):  # an HTML page: its words only
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    # else plain text, whose <IRI>s are part of the message (Jena: "Invalid source target ... <g>")
    text = one_line(text)  # scrubbed before it is cut, so no part of a secret is left at the cut
    return text[:157] + "..." if len(text) > 160 else text


# -- one request, within one deadline ---------------------------------------------------------------

class Deadline:
    """The moment by which every step of one request must be done."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; TimeoutError once there are none."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"the {self.seconds:g} s deadline passed")
        return left


class _TimedReader(io.RawIOBase):
    """A socket's reading end on which every read gets the time left before the deadline."""

    def __init__(self, raw, sock, deadline: Deadline):
        self.raw, self.sock, self.deadline = raw, sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.sock.settimeout(self.deadline.left())
        return self.raw.readinto(buffer)

    def close(self) -> None:
        self.raw.close()
        super().close()


class _TimedAnswer(http.client.HTTPResponse):
    def __init__(self, sock, *args, deadline: Deadline, **kwargs):
        super().__init__(sock, *args, **kwargs)
        self.fp = io.BufferedReader(_TimedReader(self.fp.detach(), sock, deadline))


class _Timed(http.client.HTTPConnection):
    """An HTTP connection whose connect, sends and reads share one deadline (given by `_timed`)."""

    deadline: Deadline

    def connect(self):
        self.timeout = self.deadline.left()  # the TCP connect
        super().connect()
        self.sock.settimeout(self.deadline.left())  # then over HTTPS the TLS handshake, bounded as a whole

    def send(self, data):
        if self.sock is not None:
            self.sock.settimeout(self.deadline.left())  # sendall: a total bound on sending `data`
        super().send(data)


class _TimedHTTPS(http.client.HTTPSConnection, _Timed):
    """TLS over _Timed's TCP connection (its `super().connect()` is _Timed's)."""


def _timed(cls, deadline: Deadline):
    def connection(*args, **kwargs):
        conn = cls(*args, **kwargs)
        conn.deadline, conn.response_class = deadline, functools.partial(_TimedAnswer, deadline=deadline)
        return conn
    return connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline):
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_timed(_Timed, self.deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(_timed(_TimedHTTPS, self.deadline), req, context=self._context)


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the same origin and only as the same request (307/308, or any for
    GET/HEAD); refuses every other in one line. urllib's own handler copies the Authorization header
    to any host, and turns a redirected POST into a GET without its body."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if origin(newurl) != origin(req.full_url) or not (code in (307, 308) or req.get_method() in ("GET", "HEAD")):
            fp.close()
            raise KgError(f"{safe_url(req.full_url)}: HTTP {code} redirects to {safe_url(newurl)}, which kg does not "
                          "follow (only to the same scheme, host and port, as the same request, so that credentials "
                          "and data go nowhere else): give that URL instead if you trust it")
        return urllib.request.Request(newurl, data=req.data, headers=req.headers, method=req.get_method(),
                                      origin_req_host=req.origin_req_host, unverifiable=True)


def fetch(request: urllib.request.Request, timeout: float, limit: int = MAX_ANSWER_BYTES):
    """The answer to `request` as (body, headers), within `timeout` seconds in all; at most `limit` + 1
    bytes of body are read. Every failure is one KgError line, scrubbed of the credentials."""
    deadline = Deadline(timeout)
    opener = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline), _SameOriginRedirects())
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.read(limit + 1), response.headers
    except KgError:
        raise
    except urllib.error.HTTPError as exc:
        try:
            body = exc.read(MAX_ERROR_BYTES) if exc.fp else b""
        except (OSError, http.client.HTTPException):  # the deadline passed, or the server hung up
            body = b""
        finally:
            exc.close()
        raise failure(request.full_url, exc, timeout, body) from None
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line
        raise failure(request.full_url, exc, timeout) from None


EXPLAINED = {400: "refused as malformed", 401: "unauthorised: check KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or "
             "KG_ENDPOINT_TOKEN", 404: "no endpoint at this URL", 414: "URI too long", 500: "server error"}


class HTTPStatusError(KgError):
    """The server answered with an error status (it received the request and refused it)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def failure(url: str, exc: BaseException, timeout: float, body: bytes | None = None) -> KgError:
    """One clear line, scrubbed of the credentials, for anything that went wrong talking to an endpoint."""
    where = safe_url(url)
    if isinstance(exc, urllib.error.HTTPError):
        if 300 <= exc.code < 400:  # urllib refused it: a loop, or a scheme other than http(s)
            return KgError(f"{where}: HTTP {exc.code}: a redirect kg does not follow (a loop, or not to http(s))")
        status = f"({EXPLAINED[exc.code]})" if exc.code in EXPLAINED else one_line(exc.reason)
        hint = body_hint(body)
        return HTTPStatusError(f"{where}: HTTP {exc.code} {status}".rstrip() + (f": {hint}" if hint else ""), exc.code)
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
        return KgError(f"{where}: no complete answer within {timeout:g} s (the deadline of one request, connection "
                       "and whole answer included; --timeout sets it)")
    if isinstance(reason, ConnectionRefusedError):
        return KgError(f"{where}: connection refused (is the server running?)")
    if isinstance(reason, socket.gaierror):
        return KgError(f"{where}: unknown host")
    return KgError(f"{where}: {one_line(reason) or type(exc).__name__}")
