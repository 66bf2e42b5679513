"""SPARQL-based constraints (sh:sparql): the SELECT joined with the focus nodes, its triple patterns hashed."""
from __future__ import annotations

import re

from ...errors import KgError
from ...store.embedded import Term
from .. import prebinding
from ..sparql_text import SH, iri
from ..terms import is_bnode
from .base import Component, Row

_PREBOUND = re.compile(r"([\s{}()])[\$\?](this|PATH|currentShape|shapesGraph)\b")


def mask(text: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length), for finding keywords."""
    out = list(text)
    i, n = 0, len(text)
    iri = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif c in "'\"":
            q = text[i:i + 3] if text[i:i + 3] in ("'''", '"""') else c
            j = i + len(q)
            while j < n and not text.startswith(q, j):
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(q))
        elif c == "<" and (m := iri.match(text, i)):
            j = m.end()
        else:
            i += 1
            continue
        for k in range(i, j):
            if out[k] != "\n":
                out[k] = " "
        i = j
    return "".join(out)


# SPARQL's lexical rules, as pattern text to compose _BGP_TOKEN from. Not kg.sparql.lexical's compiled
# IRIREF and STRING: that STRING (re.S) also matches a carriage return in a short string and a backslash
# before a line break, which SPARQL's grammar (STRING_LITERAL1/2, ECHAR) and this one reject.
_IRIREF = r'<[^<>"{}|^`\\\x00-\x20]*>'
_PNAME = (r"(?:[^\W\d_](?:[\w.-]*[\w-])?)?:"
          r"(?:(?:[\w:%-]|\\[^\s])(?:(?:[\w.:%-]|\\[^\s])*(?:[\w:%-]|\\[^\s]))?)?")
_STRING = (r'(?:"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
           r'|"(?:[^"\\\n\r]|\\.)*"' r"|'(?:[^'\\\n\r]|\\.)*')")
_BGP_TOKEN = re.compile(
    r"(?P<ws>\s+|\#[^\n]*)"
    r"|(?P<kw>(?i:FILTER|BIND)(?![\w:]))"
    rf"|(?P<term>{_IRIREF}|[?$]\w+"
    rf"|{_STRING}(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:{_IRIREF}|{_PNAME}))?"
    r"|[+-]?(?:\d+\.\d*[eE][+-]?\d+|\.\d+[eE][+-]?\d+|\d+[eE][+-]?\d+|\d*\.\d+|\d+)(?![\w:])"
    r"|(?:true|false|a)(?![\w:.-])"
    rf"|{_PNAME})"
    r"|(?P<punct>[;,.])")
_CALL = re.compile(rf"\s*(?:{_IRIREF}|{_PNAME}|[A-Za-z_]\w*)?\s*\(")  # FILTER regex( / FILTER (
_DOT = re.compile(r"\s*\.?")  # FILTER(...) . and BIND(...) . may end with a dot


def _triples(tokens: list) -> list | None:
    """Triple patterns (subject, predicate, object texts) of tokens `s p o ; p o , o .`, or None."""
    out, k, n = [], 0, len(tokens)
    while k < n:
        s = tokens[k]
        if s in ";,.":
            return None
        k += 1
        while True:  # predicate-object lists
            if k + 1 >= n or tokens[k] in ";,." or tokens[k + 1] in ";,.":
                return None
            p = tokens[k]
            k += 1
            while True:  # objects
                out.append((s, p, tokens[k]))
                k += 1
                if k < n and tokens[k] == ",":
                    k += 1
                    if k >= n or tokens[k] in ";,.":
                        return None
                    continue
                break
            if k < n and tokens[k] == ";":
                while k < n and tokens[k] == ";":
                    k += 1
                if k < n and tokens[k] != ".":
                    continue
            break
        if k < n:
            if tokens[k] != ".":
                return None
            k += 1
    return out


def _wrap(s: str, p: str, o: str) -> str:
    """One triple pattern as a sub-select of its variables (a plain pattern if its predicate is a
    variable, whose pairs would be the whole graph, or if it has no variable)."""
    names = []
    for t in (s, p, o):
        if t[0] in "?$" and t[1:] not in names:
            names.append(t[1:])
    if not names or p[0] in "?$":
        return f"{s} {p} {o} ."
    return f"{{ SELECT {' '.join('?' + v for v in names)} WHERE {{ {s} {p} {o} . }} }}"


def _hashed_bgp(text: str, masked: str, start: int, end: int, triple_vars: set | None = None) -> str | None:
    """The group text[start:end] (a WHERE clause) with each triple pattern made a sub-select (see
    _wrap), so that the store joins them by hashing (see path_pattern); None unless the group is flat:
    triple patterns (no blank nodes, collections or property paths), FILTER and BIND, nothing else.
    The same solutions: a sub-select of one triple pattern projecting all its variables is that
    pattern, and every FILTER and BIND keeps its place (and scope) in the group."""
    out, pending, i = [], [], start

    def flush() -> bool:
        triples = _triples(pending)
        pending.clear()
        if triples is None:
            return False
        out.extend(_wrap(*t) for t in triples)
        if triple_vars is not None:
            triple_vars.update(x[1:] for t in triples for x in t if x[0] in "?$")
        return True

    while i < end:
        m = _BGP_TOKEN.match(text, i, end)
        if not m:
            return None
        if m.lastgroup == "kw":
            if not flush():
                return None
            call = _CALL.match(masked, m.end(), end)
            if not call:
                return None
            depth, k = 0, call.end() - 1
            while k < end:
                depth += {"(": 1, ")": -1}.get(masked[k], 0)
                if depth == 0:
                    break
                k += 1
            if k >= end or re.search(r"[{}]", masked[m.end():k]):
                return None
            out.append(text[m.start():k + 1])
            i = _DOT.match(text, k + 1, end).end()
            continue
        if m.lastgroup != "ws":
            pending.append(m.group())
        i = m.end()
    if not flush():
        return None
    return " ".join(out)


def _binds_read(masked: str, start: int, end: int, var: str) -> bool:
    """Does a BIND between `start` and `end` read variable `var`?"""
    for m in re.finditer(r"(?i)\bBIND\s*\(", masked[start:end]):
        depth, k = 0, start + m.end() - 1
        while k < end:
            depth += {"(": 1, ")": -1}.get(masked[k], 0)
            if depth == 0:
                break
            k += 1
        if re.search(rf"[\$\?]{var}\b", masked[start + m.start():k + 1]):
            return True
    return False


class SparqlC(Component):
    iri = SH + "SPARQLConstraintComponent"

    def __init__(self, shape, node, select, prefixes, messages, deactivated):
        super().__init__(shape)
        self.node, self.messages, self.deactivated = node, messages, deactivated
        self.prefixes = prefixes
        text = str(select)
        masked = mask(text)
        self.shapes_graph = bool(re.search(r"[\$\?]shapesGraph\b", masked))  # kg shacl gives it a value
        if re.search(r"[\$\?]PATH\b", masked):
            if not shape.is_property:
                raise KgError(f"{shape.label}: SPARQL constraint uses $PATH but the shape has no sh:path")
            text = _PREBOUND.sub(lambda m: m.group(1) + shape.path if m.group(2) == "PATH" else m.group(0), text)
            masked = mask(text)
        self.current_shape = bool(re.search(r"[\$\?]currentShape\b", masked))
        if self.current_shape and is_bnode(shape.node):
            raise KgError(f"{shape.label}: $currentShape of a blank-node shape is not supported")
        up = masked.upper()
        sel = re.search(r"\bSELECT\b", up)
        if not sel:
            raise KgError(f"{shape.label}: sh:select must be a SELECT query")
        depth, open_pos = 0, None
        for k in range(sel.end(), len(up)):
            if up[k] == "{":
                open_pos = k
                break
        if open_pos is None:
            raise KgError(f"{shape.label}: sh:select has no WHERE clause")
        close_pos = None
        for k in range(open_pos, len(up)):
            if up[k] == "{":
                depth += 1
            elif up[k] == "}":
                depth -= 1
                if depth == 0:
                    close_pos = k
                    break
        if close_pos is None:
            raise KgError(f"{shape.label}: unbalanced braces in sh:select")
        projection = up[sel.end():open_pos]
        projection = re.sub(r"\bWHERE\b\s*$", "", projection.rstrip())
        modifiers = up[close_pos + 1:]
        # Is $this projected (outside any expression)?
        depth, bare = 0, []
        for ch in projection:
            depth += ch == "("
            depth -= ch == ")"
            bare.append(ch if depth == 0 else " ")
        bare = "".join(bare)
        self.star = bool(re.search(r"(^|\s)\*(\s|$)", bare))
        self.projects_this = self.star or bool(re.search(r"[\$\?]THIS\b", bare))
        aggregate = re.compile(r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(")
        has_agg = bool(aggregate.search(projection) or aggregate.search(modifiers))
        group = re.search(r"\bGROUP\s+BY\b", modifiers)
        self.aggregate_per_focus = (has_agg and not group) or bool(re.search(r"\b(LIMIT|OFFSET)\b", modifiers))
        triple_vars: set = set()
        self.hashed = _hashed_bgp(text, masked, open_pos + 1, close_pos, triple_vars)  # None: not a flat group
        # A flat WHERE clause (triple patterns, FILTER and BIND, nothing nested) binding $this in a triple
        # pattern, no BIND reading $this, no `AS` of a pre-bound variable, GROUP BY (if any) by $this:
        # joining is pre-binding, and SHACL 5.3.1.1's restrictions hold by construction; rdflib's SPARQL
        # parser (about 40 ms a query) is left for the others.
        flat = (self.hashed is not None and "this" in triple_vars and not self.aggregate_per_focus
                and not _binds_read(masked, open_pos + 1, close_pos, "this")
                and not re.search(r"\bAS\s+[\$\?](this|currentShape|shapesGraph)\b", masked, re.I)
                and (not group or re.search(r"[\$\?]THIS\b", modifiers[group.end():]))
                and not re.search(r"\bVALUES\b", modifiers))
        if flat:
            self.substituted = False
        else:
            names = {p: str(ns) for p, ns in prefixes.items()}
            tree = prebinding.check(text, names, set(prebinding.PREBOUND), shape.label)
            self.substituted = not self.aggregate_per_focus and not prebinding.set_oriented(text, names, tree=tree)
        self.substituted = self.substituted or self.shapes_graph  # never joined: it names a graph
        self.per_focus = self.aggregate_per_focus or self.substituted
        self.text, self.open_pos, self.close_pos = text, open_pos, close_pos
        self.group_at = close_pos + 1 + group.end() if group else None
        distinct = re.match(r"\s*(DISTINCT|REDUCED)\b", up[sel.end():])
        self.select_at = sel.end() + (distinct.end() if distinct else 0)
        if group and not re.search(r"[\$\?]THIS\b", modifiers[group.end():]):
            self.group_adds_this = True
        else:
            self.group_adds_this = False

    def _query(self, eng, insert: str, hashed: bool = False) -> str:
        t, edits, group_at = self.text, [], self.group_at
        if hashed and self.hashed is not None:  # the same group, its triple patterns as sub-selects
            t = t[:self.open_pos + 1] + " " + self.hashed + " " + t[self.close_pos:]
            if group_at is not None:
                group_at += len(t) - len(self.text)
        edits.append((self.open_pos + 1, " " + insert + " "))
        if not self.projects_this and not self.per_focus:
            edits.append((self.select_at, " ?this "))
        if group_at is not None and self.group_adds_this and not self.per_focus:
            edits.append((group_at, " ?this "))
        for pos, s in sorted(edits, reverse=True):
            t = t[:pos] + s + t[pos:]
        head = "".join(f"PREFIX {p}: {iri(str(ns))}\n" for p, ns in self.prefixes.items())
        return head + t

    def _bind(self, pattern: str) -> str:
        if self.current_shape:
            return (f"{{ SELECT ?this ?currentShape WHERE {{ {pattern} "
                    f"BIND({iri(str(self.shape.node))} AS ?currentShape) }} }}")
        return pattern

    def _prebound(self, focus: Term) -> str:
        """The query with $this (and $currentShape) replaced by their values (SHACL pre-binding)."""
        values = {"this": focus.n3()}
        if self.current_shape:
            values["currentShape"] = Term.iri(str(self.shape.node)).n3()
        if self.shapes_graph:
            values["shapesGraph"] = Term.iri(self.shapes_graph_iri).n3()
        head = "".join(f"PREFIX {p}: {iri(str(ns))}\n" for p, ns in self.prefixes.items())
        return head + prebinding.substitute(self.text, mask(self.text), values)

    def evaluate(self, eng, focus):
        if self.deactivated:
            return []
        if self.shapes_graph:
            if eng.shapes_graph_iri is None or self.aggregate_per_focus:
                raise KgError(f"{self.shape.label}: $shapesGraph in a SPARQL constraint is not supported here "
                              "(kg shacl gives it a value; kg validate does not load the shapes as a graph)")
            self.shapes_graph_iri = eng.shapes_graph_iri
        if self.substituted:
            nodes = [f for (f,) in eng.select(f"SELECT DISTINCT ?this WHERE {{ {focus.pattern(eng, '?this')} }} "
                                              "ORDER BY ?this").rows]
            blank = any(f.kind == "bnode" for f in nodes)  # cannot be written into the query text
            if self.shapes_graph and blank:
                raise KgError(f"{self.shape.label}: $shapesGraph with a blank-node focus node is not supported")
            if not blank:
                return [row for f in nodes for row in self._rows(eng.select(self._prebound(f)), f)]
        if self.per_focus:
            results = []
            order = f"SELECT ?this WHERE {{ {focus.pattern(eng, '?this')} }} ORDER BY ?this"
            for k, (f,) in enumerate(eng.select(order).rows):
                if f.kind == "bnode":  # a stored blank node cannot be written in a query: pin it by position
                    pin = f"{{ {order} OFFSET {k} LIMIT 1 }}"
                else:
                    pin = f"VALUES ?this {{ {f.n3()} }}"
                results += self._rows(eng.select(self._query(eng, self._bind(pin))), f)
            return results
        query = self._query(eng, self._bind(focus.pattern(eng, "?this")), hashed=focus.broad)
        return self._rows(eng.select(query), None)

    def _rows(self, rows, focus: Term | None) -> list[Row]:
        s = self.shape
        out, seen = [], set()
        for d in rows.dicts():
            this = d.pop("this", None) or focus
            d = {k: v for k, v in d.items() if v is not None and not k.startswith("_kg_")}
            failure = d.pop("failure", None)
            path, value = d.pop("path", None), d.pop("value", None)
            t = this if self.projects_this else None
            if failure is not None:
                key = (this, True)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Row(this, None if s.is_property else this, None, dict(d)))
                continue
            if path is None and value is None and t is None:
                continue
            key = (this, path, value, tuple(sorted(d.items())))
            if key in seen:
                continue
            seen.add(key)
            if value is None and not s.is_property:
                value = this
            bindings = dict(d)
            for k, x in (("this", t), ("path", path), ("value", value)):
                if x is not None:
                    bindings[k] = x
            out.append(Row(this, value, path, bindings))
        return out
