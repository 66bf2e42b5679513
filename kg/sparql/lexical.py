"""Lexical rules of SPARQL shared by parameter binding and the guard: IRIs, strings, the WHERE group."""
from __future__ import annotations

import re

from ..errors import KgError

IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|'
                     r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.S)
WHERE = re.compile(r"WHERE\b", re.I)


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
            m = STRING.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == "<":
            m = IRIREF.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == "{":
            if seen_where:
                return i
            if first_brace < 0:
                first_brace = i
        elif c in "wW" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_?$:")) and WHERE.match(text, i):
            seen_where = True
            i += 5
            continue
        i += 1
    if first_brace < 0:
        raise KgError("the query has no WHERE group to bind parameters in")
    return first_brace
