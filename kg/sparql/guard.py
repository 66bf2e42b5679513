"""What a query may do: read only, and reach no other server unless allowed.

`check_query` reads the query's keywords (outside comments, strings and IRIs, after undoing
SPARQL's \\u codepoint escapes, which the grammar allows anywhere) and refuses SPARQL Update
operations and, unless allowed, SERVICE (a federated query makes the engine open HTTP
connections to any URL the query names). The embedded store is opened read-only as well, and
`kg serve`'s server is read-only: this check is what turns those into a clear message, and what
protects a remote endpoint that would accept an update sent to its query URL.
"""
from __future__ import annotations

import re

from ..errors import KgError
from .lexical import IRIREF, STRING  # the same lexical rules as parameter binding

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def unescape(text: str) -> str:
    """SPARQL 1.1 §19.2: \\uXXXX and \\UXXXXXXXX are replaced before the query is parsed."""
    def char(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)
    return _ESCAPE.sub(char, text)


def keywords(text: str):
    """(KEYWORD, offset) for each bare word of the query: not in a comment, string or IRI, not a
    variable (?x, $x), not part of a prefixed name (ex:drop, drop:x) or of a language tag."""
    text = unescape(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            i = n if nl < 0 else nl + 1
        elif c in "\"'":
            m = STRING.match(text, i)
            i = m.end() if m else i + 1
        elif c == "<":
            m = IRIREF.match(text, i)
            i = m.end() if m else i + 1
        elif c.isalpha() or c == "_":
            m = _WORD.match(text, i)
            word, end = m.group(0), m.end()
            before = text[i - 1] if i else " "
            if before not in "?$:@" and not before.isalnum() and not (end < n and text[end] == ":"):
                yield word.upper(), i
            i = end
        else:
            i += 1


def check_query(text: str, name: str = "the query", allow_service: bool = False) -> None:
    """Raise KgError if the query would change data or, unless allowed, contact another server."""
    for word, _ in keywords(text):
        if word in UPDATE_KEYWORDS:
            raise KgError(f"{name}: {word} is SPARQL Update; kg only runs read-only queries "
                          "(SELECT, ASK, CONSTRUCT, DESCRIBE)")
        if word == "SERVICE" and not allow_service:
            raise KgError(f"{name}: SERVICE would make the query engine contact another server; "
                          "pass --allow-service if you trust the query")
