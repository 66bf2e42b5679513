"""SHACL-SPARQL pre-binding (SHACL 5.3.1): which queries are ill-formed, and which may run set-oriented.

Pre-binding gives `$this` (and the other pre-bound variables) its value everywhere in the query,
sub-queries included, as SEP-0007 substitution does; pyoxigraph's `substitutions` implements it.
The engine would rather run ONE query for all focus nodes, joining the WHERE clause with them. That
join gives the same solutions as pre-binding only when every use of `$this` sees the joined value:
`set_oriented` accepts a query only when it can show that, and the engine evaluates the others per
focus node. The rule (on rdflib's SPARQL algebra): `$this` is certainly bound by the conjunctive
core of the WHERE clause (triple patterns reached through joins, filters, left sides of OPTIONAL,
both sides of UNION), no expression reads it where it is not bound by the group it belongs to (a
FILTER in an inner group, a BIND before the pattern that binds it), and there is no sub-query,
aggregate, LIMIT/OFFSET, or EXISTS whose own group does not bind it.
"""
from __future__ import annotations

from ..errors import KgError

PREBOUND = ("this", "shapesGraph", "currentShape")


def _parse(text: str, prefixes: dict, label: str):
    from rdflib.plugins.sparql.parser import parseQuery

    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
    try:
        return parseQuery(head + text)
    except Exception as exc:  # pyparsing's ParseException and friends
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise KgError(f"{label}: the SPARQL query does not parse: {first}") from exc


def _nodes(tree):
    """Every CompValue of a parse tree or algebra, depth first."""
    from rdflib.plugins.sparql.parserutils import CompValue

    todo = [tree]
    while todo:
        n = todo.pop()
        if isinstance(n, CompValue):
            yield n
            todo.extend(n.values())
        elif isinstance(n, dict):
            todo.extend(n.values())
        elif isinstance(n, (list, tuple)) or type(n).__name__ == "ParseResults":
            todo.extend(n)


def check(text: str, prefixes: dict, prebound: set[str], label: str):
    """KgError when the query breaks SHACL 5.3.1.1's rules for pre-bound variables (or does not parse):
    MINUS, SERVICE, VALUES, `AS ?var` for a pre-bound variable, a sub-query not returning `$this`.
    Returns the parse tree, for `set_oriented` (parsing is most of the cost)."""
    import rdflib

    tree = _parse(text, prefixes, label)
    for n in _nodes(tree):
        if n.name == "MinusGraphPattern":
            raise KgError(f"{label}: a SPARQL query with pre-bound variables must not contain MINUS (SHACL 5.3.1.1)")
        if n.name == "ServiceGraphPattern":
            raise KgError(f"{label}: a SPARQL query with pre-bound variables must not contain SERVICE (SHACL 5.3.1.1)")
        if n.name in ("InlineData", "ValuesClause") and (n.get("var") or n.get("value")):
            raise KgError(f"{label}: a SPARQL query with pre-bound variables must not contain VALUES (SHACL 5.3.1.1)")
        bound = n.get("var") if n.name == "Bind" else n.get("evar") if n.name == "vars" else None
        if isinstance(bound, rdflib.Variable) and str(bound) in prebound:
            raise KgError(f"{label}: `AS ?{bound}` gives a pre-bound variable a value (SHACL 5.3.1.1)")
        if n.name == "SubSelect" and "this" in prebound:
            projection = n.get("projection")
            if projection is None or isinstance(projection, str):  # SELECT *
                returned = {str(v) for v in _in_scope_of_subselect(n)}
            else:
                returned = {str(v.get("var") or v.get("evar")) for v in projection if hasattr(v, "get")}
            if "this" not in returned:
                raise KgError(f"{label}: a sub-query must return $this (SHACL 5.3.1.1)")
    return tree


def _in_scope_of_subselect(sub) -> set:
    """The variables `SELECT *` returns: those of triple patterns, BINDs and sub-query projections."""
    import rdflib

    out = set()
    for n in _nodes(sub.get("where")):
        if n.name == "TriplesBlock":
            for triple in n.get("triples") or []:
                out |= {t for t in _flat(triple) if isinstance(t, rdflib.Variable)}
        elif n.name == "Bind":
            out.add(n.get("var"))
        elif n.name == "vars" and n.get("var") is not None:
            out.add(n.get("var"))
    return out


def _flat(x):
    if isinstance(x, (list, tuple)) or type(x).__name__ == "ParseResults":
        for y in x:
            yield from _flat(y)
    else:
        yield x


def set_oriented(text: str, prefixes: dict, var: str = "this", tree=None) -> bool:
    """True when joining the query's WHERE clause with the focus nodes is provably the same as
    pre-binding `var` (see the module's docstring); False sends the engine per focus node. `tree`:
    the query's parse tree, when `check` made it already."""
    import rdflib
    from rdflib.plugins.sparql.algebra import translateQuery

    try:
        query = translateQuery(tree if tree is not None else _parse(text, prefixes, "query"))
    except Exception:  # noqa: BLE001 - anything rdflib cannot translate is evaluated per focus node
        return False
    v = rdflib.Variable(var)
    root = query.algebra.p  # below SelectQuery
    groups = [n for n in _nodes(root) if n.name == "Group"]
    if groups:
        # GROUP BY that includes `var`: one group per focus node, exactly what pre-binding gives
        # (the aggregates, HAVING and projection above it only read the groups)
        if len(groups) > 1 or v not in (groups[0].expr or []):
            return False
        root = groups[0].p
    while root.name in ("Project", "Distinct", "Reduced", "OrderBy"):
        root = root.p
    if any(n.name in ("ToMultiSet", "Slice", "Group", "AggregateJoin", "Minus", "values", "ServiceGraphPattern")
           for n in _nodes(root)):
        return False
    return v in _bound(root) and _reads_ok(root, v)


def _bound(p) -> set:
    """Variables certainly bound in every solution of algebra pattern `p`."""
    import rdflib

    name = getattr(p, "name", None)
    if name == "BGP":
        return {t for triple in p.triples for t in triple if isinstance(t, rdflib.Variable)}
    if name == "Join":
        return _bound(p.p1) | _bound(p.p2)
    if name == "LeftJoin":
        return _bound(p.p1)
    if name in ("Filter", "Extend", "Graph"):
        return _bound(p.p)
    if name == "Union":
        return _bound(p.p1) & _bound(p.p2)
    return set()


def _names(expr, v) -> bool:
    """Does the expression (or anything under it) use variable `v`?"""
    import rdflib

    stack = [expr]
    while stack:
        x = stack.pop()
        if isinstance(x, rdflib.Variable):
            if x == v:
                return True
        elif hasattr(x, "values") and callable(x.values):
            stack.extend(x.values())
        elif isinstance(x, (list, tuple, set)):
            stack.extend(x)
    return False


def _reads_ok(p, v) -> bool:
    """Every expression reading `v` is evaluated where `p`'s own patterns bind it."""
    name = getattr(p, "name", None)
    if name in ("Filter", "Extend"):  # FILTER, BIND: the expression reads the solutions of p
        return (not _names(p.expr, v) or v in _bound(p.p)) and _exists_ok(p.expr, v) and _reads_ok(p.p, v)
    if name == "LeftJoin":
        expr_ok = not _names(p.expr, v) or v in _bound(p.p1) | _bound(p.p2)
        return expr_ok and _exists_ok(p.expr, v) and _reads_ok(p.p1, v) and _reads_ok(p.p2, v)
    if name in ("Join", "Union"):
        return _reads_ok(p.p1, v) and _reads_ok(p.p2, v)
    if name == "Graph":
        return _reads_ok(p.p, v)
    if name == "BGP":
        return True
    return False


def _exists_ok(expr, v) -> bool:
    """An EXISTS in an expression must bind `v` in its own group if it reads it anywhere."""
    for n in _nodes(expr):
        if n.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            graph = n.graph
            if _names(graph, v) and not _group_binds(graph, v):
                return False
    return True


def _group_binds(group, v) -> bool:
    """A (parse-tree) group of an EXISTS binds `v` in a triple pattern of its own, with no inner group
    or sub-query reading it."""
    import rdflib

    if getattr(group, "name", None) != "GroupGraphPatternSub":  # rdflib translated it to algebra
        return v in _bound(group) and _reads_ok(group, v)
    parts = group.get("part") or []
    binds = False
    for part in parts:
        if not hasattr(part, "name"):
            return False
        if part.name == "TriplesBlock":
            binds |= any(t == v for t in _flat(part.get("triples") or []) if isinstance(t, rdflib.Variable))
        elif part.name == "Filter":
            continue
        elif _names(part, v):
            return False
    return binds


def substitute(text: str, masked: str, values: dict[str, str]) -> str:
    """The query with each pre-bound variable replaced by its value (N-Triples syntax), as SHACL's
    pre-binding defines it: everywhere, inner groups and sub-queries included. `bound(?var)` becomes
    `(true)`; a variable projected by a SELECT becomes `(value AS ?_kg_var_N)` (a name of its own per
    SELECT, so that no two clash), one in GROUP BY or ORDER BY `(value)`, so the text stays SPARQL.
    `masked` is `text` with strings, IRIs and comments blanked (the same length)."""
    import re

    names = "|".join(re.escape(n) for n in values)
    regions = _clause_regions(masked)
    spans = []  # (start, end, replacement)
    for m in re.finditer(rf"(?i)\bbound\s*\(\s*[?$]({names})\s*\)", masked):
        spans.append((m.start(), m.end(), "(true)"))
    for n, m in enumerate(re.finditer(rf"[?$]({names})\b", masked)):
        if any(a <= m.start() < b for a, b, _ in spans):
            continue
        if m.start() and (masked[m.start() - 1].isalnum() or masked[m.start() - 1] == "_"):
            continue
        name, value = m.group(1), values[m.group(1)]
        kind, depth = _where(regions, masked, m.start())
        if kind == "select" and depth == 0:
            new = f"({value} AS ?_kg_{name}_{n})"
        elif kind in ("group", "order") and depth == 0:
            new = f"({value})"
        else:
            new = value
        spans.append((m.start(), m.end(), new))
    out, last = [], 0
    for start, end, new in sorted(spans):
        out += [text[last:start], new]
        last = end
    out.append(text[last:])
    return "".join(out)


def _clause_regions(masked: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the projections of every SELECT and of GROUP BY / ORDER BY clauses."""
    import re

    regions = []
    for m in re.finditer(r"(?i)\bSELECT\b(\s+(DISTINCT|REDUCED)\b)?", masked):
        end = re.compile(r"(?i)\bWHERE\b|\{").search(masked, m.end())
        regions.append((m.end(), end.start() if end else len(masked), "select"))
    for m in re.finditer(r"(?i)\b(GROUP|ORDER)\s+BY\b", masked):
        end = re.compile(r"(?i)\b(HAVING|ORDER|LIMIT|OFFSET|VALUES)\b|[{}]").search(masked, m.end())
        regions.append((m.end(), end.start() if end else len(masked), m.group(1).lower()))
    return regions


def _where(regions, masked: str, pos: int) -> tuple[str | None, int]:
    for start, end, kind in regions:
        if start <= pos < end:
            depth = masked[start:pos].count("(") - masked[start:pos].count(")")
            return kind, depth
    return None, 0
