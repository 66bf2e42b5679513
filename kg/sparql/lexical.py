"""Lexical rules of SPARQL shared by parameter binding and the guard: IRIs, strings, the WHERE group,
and the canonical text of a query that the guard checks and the engine runs."""
from __future__ import annotations

from dataclasses import dataclass
import re

from ..errors import KgError

IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|'
                     r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.S)
WHERE = re.compile(r"WHERE\b", re.I)
MAX_NESTING = 100  # ( { [ inside one another; pyoxigraph crashes past some thousands, rdflib's default stack at ~25

# the canonical text: every pattern below matches in time linear in what it consumes
_PLAIN = re.compile(r"[^#\"'<\\(){}\[\]]+")
_TOKEN = re.compile(r"[\w$?@:.\-]+|[^\w\s]")  # a name, keyword, variable or number; or one symbol
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_LEFTOVER_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")
_IRI_BODY = re.compile(r"(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")
_SHORT_BODY = {q: re.compile(rf"[^{q}\\\n]*(?:\\.[^{q}\\\n]*)*") for q in "\"'"}
_LONG_BODY = {q: re.compile(rf"[^{q}\\]*(?:(?:\\.|{q}(?!{q}{q}))[^{q}\\]*)*", re.S) for q in "\"'"}
_NOT_IN_IRI = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}
_SIGNIFICANT = set("\"'#<>\\(){}[]")  # what starts or ends a string, IRI, comment, escape or nest


def where_brace(text: str) -> int:
    """Index of the `{` opening the outermost WHERE group, skipping comments, strings and IRIs."""
    i, first_brace, seen_where = 0, -1, False
    while i < len(text):
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl + 1
            continue
        if c == "\\":  # an escaped character of a prefixed name (ex:a\'b, ex:a\#b)
            i += 2
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


@dataclass(frozen=True)
class Canonical:
    """A query's canonical text, and how many tokens (words, symbols, strings, IRIs) it holds."""

    text: str
    tokens: int


def canonical_text(text: str, name: str = "the query") -> Canonical:
    """The query as the engine must run it and the guard must check it: line ends made LF (Oxigraph
    ends a comment at a bare CR, rdflib does not) and every \\u escape undone as Oxigraph reads it:
    inside a string as that character (written \\" or \\\\ where the string needs it), inside an
    IRI as that character, elsewhere as the character SPARQL 1.1 §19.2 says. rdflib undoes escapes
    before it parses, so a text with none left reads alike for both. One pass, linear in the text.
    KgError (one line) if an escape stands for what cannot be written so, if one is left (\\\\u0041
    in a string), or if brackets nest deeper than MAX_NESTING (counted outside strings and comments;
    in an IRI, which Oxigraph may read as `<` and code, its opening brackets count)."""
    if re.search("[\ud800-\udfff]", text):
        raise KgError(f"{name}: not valid Unicode text (a lone surrogate)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    depth, tokens, i, n = 0, 0, 0, len(text)
    while i < n:
        m = _PLAIN.match(text, i)
        if m:
            out.append(m.group())
            tokens += len(_TOKEN.findall(m.group()))
            i = m.end()
            continue
        c = text[i]
        tokens += c != "#"
        if c == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(text[i:end])
            i = end
        elif c in "\"'":
            i = _string(text, i, out, name)
        elif c == "<":
            m = _IRI_BODY.match(text, i + 1)
            if not m:
                out.append(c)
                i += 1
                continue
            iri = _unescape_iri(text[i:m.end()], text, i, name)
            opened = 0
            for ch in iri:  # read as code, its brackets could nest: count what it opens
                if ch in "([":
                    opened += 1
                elif ch in ")]" and opened:
                    opened -= 1
            if depth + opened > MAX_NESTING:
                raise _too_deep(text, i, name)
            depth += opened
            out.append(iri)
            i = m.end()
        elif c == "\\":
            i = _code_escape(text, i, out, name)
        elif c in "({[":
            depth += 1
            if depth > MAX_NESTING:
                raise _too_deep(text, i, name)
            out.append(c)
            i += 1
        else:  # ) } ]
            depth -= depth > 0
            out.append(c)
            i += 1
    canonical = "".join(out)
    left = _LEFTOVER_ESCAPE.search(canonical)
    if left:
        raise KgError(f"{name}: line {_line(canonical, left.start())}: {left.group()!r} after a backslash, which "
                      "SPARQL parsers read differently (as an escape or as text): write the character itself")
    return Canonical(canonical, tokens)


def _string(text: str, i: int, out: list[str], name: str) -> int:
    """Copy the string at text[i] with its escapes undone; the index after it."""
    q = text[i]
    long = text.startswith(q * 3, i)
    start = i + (3 if long else 1)
    body = (_LONG_BODY if long else _SHORT_BODY)[q].match(text, start)
    end = body.end()
    closing = q * 3 if long else q

    def echar(m: re.Match) -> str:
        if m.group(3) is not None:  # \t \n \" ...: kept, but a quote that needs no escape is written plain
            other = m.group(3)
            return other if other in "\"'" and other != q else m.group()
        ch = _codepoint(m, text, i, name)
        if ch == q or ch == "\\":
            return "\\" + ch
        return {"\n": "\\n", "\r": "\\r"}.get(ch, ch)

    out.append(text[i:start] + _ESCAPE.sub(echar, body.group()))
    if text.startswith(closing, end):
        out.append(closing)
        return end + len(closing)
    return end  # unterminated: the engine refuses it; the scan goes on from here


def _unescape_iri(iri: str, text: str, at: int, name: str) -> str:
    def char(m: re.Match) -> str:
        ch = _codepoint(m, text, at, name)
        if ch in _NOT_IN_IRI:
            raise KgError(f"{name}: line {_line(text, at)}: {m.group()} in an IRI stands for {ch!r}, which an "
                          "IRI cannot hold")
        return ch
    return _ESCAPE.sub(char, iri) if "\\" in iri else iri


def _code_escape(text: str, i: int, out: list[str], name: str) -> int:
    """A backslash outside strings and IRIs: a codepoint escape, undone, or an escaped character of a
    prefixed name (ex:a\\'b), kept with its backslash. The index after it."""
    m = _ESCAPE.match(text, i)
    if not m:  # a backslash at the very end
        out.append("\\")
        return i + 1
    if m.group(3) is not None:
        out.append(m.group())
        return m.end()
    ch = _codepoint(m, text, i, name)
    if ch in _SIGNIFICANT:
        raise KgError(f"{name}: line {_line(text, i)}: {m.group()} outside a string or IRI stands for {ch!r}, "
                      "which SPARQL parsers read differently: write it plainly")
    out.append(ch)
    return m.end()


def _codepoint(m: re.Match, text: str, at: int, name: str) -> str:
    code = int(m.group(1) or m.group(2), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise KgError(f"{name}: line {_line(text, at)}: {m.group()} is not a Unicode character")
    return chr(code)


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _too_deep(text: str, at: int, name: str) -> KgError:
    return KgError(f"{name}: line {_line(text, at)}: brackets ( {{ [ nested more than {MAX_NESTING} deep; kg "
                   "refuses deeper queries (the nesting limit)")
