"""Cardinality constraint components: sh:minCount, sh:maxCount."""
from __future__ import annotations

from itertools import combinations

from ..sparql_text import SH, not_, path_pattern, repeats
from .base import Component, Row


def _distinct(n: int, path: str, focus: str, fresh) -> str:
    """A pattern matching when `focus` has at least n distinct values along `path`."""
    vs = [fresh() for _ in range(n)]
    triples = " ".join(f"{focus} {path} {v} ." for v in vs)
    different = " && ".join(f"!sameTerm({a}, {b})" for a, b in combinations(vs, 2))
    return triples + (f" FILTER({different})" if different else "")


def _distinct_pairs(n: int, path: str, focus: str, fresh, hashed: bool) -> str:
    """_distinct as a join of hashed pairs (see path_pattern), for a focus set (not inside EXISTS)."""
    if not hashed or repeats(path):
        return _distinct(n, path, focus, fresh)
    vs = [fresh() for _ in range(n)]
    triples = " ".join(path_pattern(focus, path, v, True) for v in vs)
    different = " && ".join(f"!sameTerm({a}, {b})" for a, b in combinations(vs, 2))
    return triples + (f" FILTER({different})" if different else "")


class MinCountC(Component):
    iri = SH + "MinCountConstraintComponent"

    def __init__(self, shape, n):
        super().__init__(shape)
        self.n = n

    def evaluate(self, eng, focus):
        s = self.shape
        if self.n == 0:
            return []
        f = focus.pattern(eng, "?this", False)
        if self.n == 1 and focus.broad and not repeats(s.path):
            # a hash anti-join (?this is bound on both sides: the same as FILTER NOT EXISTS)
            q = f"SELECT DISTINCT ?this WHERE {{ {f} MINUS {{ SELECT ?this WHERE {{ ?this {s.path} ?v }} }} }}"
        elif self.n == 1:
            q = f"SELECT DISTINCT ?this WHERE {{ {f} FILTER NOT EXISTS {{ ?this {s.path} ?v }} }}"
        else:
            q = (f"SELECT ?this WHERE {{ {f} OPTIONAL {{ {path_pattern('?this', s.path, '?v', focus.broad)} }} }} "
                 f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {self.n})")
        return [Row(r[0]) for r in eng.select(q).rows]

    def inline_pass(self, eng, x):
        if self.n == 0:
            return "true"
        if self.n > 4:
            return None
        return f"EXISTS {{ {_distinct(self.n, self.shape.path, x, eng.fresh)} }}"

    def inline_fail(self, eng, x):
        p = self.inline_pass(eng, x)
        return None if p is None else not_(p)

    def generic_message(self, eng, row):
        return f"Less than {self.n} values on {eng.data_str(row.focus)}->{eng.shape_str(self.shape.path_node)}"


class MaxCountC(Component):
    iri = SH + "MaxCountConstraintComponent"

    def __init__(self, shape, n):
        super().__init__(shape)
        self.n = n

    def evaluate(self, eng, focus):
        f, p = focus.pattern(eng, "?this", False), self.shape.path
        if self.n <= 1:  # pairs of different values: faster than grouping
            q = (f"SELECT DISTINCT ?this WHERE {{ {f} "
                 f"{_distinct_pairs(self.n + 1, p, '?this', eng.fresh, focus.broad)} }}")
        else:
            q = (f"SELECT ?this WHERE {{ {f} {path_pattern('?this', p, '?v', focus.broad)} }} "
                 f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {self.n})")
        return [Row(r[0]) for r in eng.select(q).rows]

    def inline_fail(self, eng, x):
        if self.n >= 4:
            return None
        return f"EXISTS {{ {_distinct(self.n + 1, self.shape.path, x, eng.fresh)} }}"

    def inline_pass(self, eng, x):
        f = self.inline_fail(eng, x)
        return None if f is None else not_(f)

    def generic_message(self, eng, row):
        return f"More than {self.n} values on {eng.data_str(row.focus)}->{eng.shape_str(self.shape.path_node)}"
