"""Sets of focus nodes as SPARQL patterns: targets, unions, value nodes of other focus nodes, queries."""
from __future__ import annotations

from .sparql_text import iri, path_pattern


class Focus:
    """A set of focus nodes, as a SPARQL pattern binding one variable to each of them.

    `distinct=False` gives a plain group pattern (faster: no sub-select to materialise) that may
    bind the same node more than once; callers then use SELECT DISTINCT or COUNT(DISTINCT ...).
    `eng` is the running kg.shacl.engine.Engine."""

    def pattern(self, eng, var: str, distinct: bool = True) -> str:
        raise NotImplementedError

    @property
    def broad(self) -> bool:
        """Whether the set is given by targets that may hold many nodes (class, subjects or objects
        of a property), rather than a few listed or left-over nodes: joins with it then hash (path_pattern)."""
        return False


def _group(body: str, var: str, distinct: bool) -> str:
    return f"{{ SELECT DISTINCT {var} WHERE {{ {body} }} }}" if distinct else f"{{ {body} }}"


class TargetFocus(Focus):
    def __init__(self, shape):  # a kg.shacl.shapes.Shape
        self.shape = shape

    @property
    def broad(self):
        s = self.shape
        return bool(s.classes or s.subjects_of or s.objects_of or s.implicit)

    def pattern(self, eng, var, distinct=True):
        s = self.shape
        parts = [eng.instances(c, var) for c in s.classes + ([str(s.node)] if s.implicit else [])]
        parts += [f"{var} {iri(p)} {eng.fresh()} ." for p in s.subjects_of]
        parts += [f"{eng.fresh()} {iri(p)} {var} ." for p in s.objects_of]
        if s.nodes:
            parts.append(f"VALUES {var} {{ {' '.join(eng.term(n) for n in s.nodes)} }}")
        body = " UNION ".join("{ " + p + " }" for p in parts) if len(parts) > 1 else parts[0]
        return _group(body, var, distinct)


class UnionFocus(Focus):
    def __init__(self, parts: list[Focus]):
        self.parts = parts

    @property
    def broad(self):
        return any(p.broad for p in self.parts)

    def pattern(self, eng, var, distinct=True):
        if len(self.parts) == 1:
            return self.parts[0].pattern(eng, var, distinct)
        body = " UNION ".join(p.pattern(eng, var, False) for p in self.parts)
        return _group(body, var, distinct)


class ValuesFocus(Focus):
    """The value nodes (along `path`; the focus nodes themselves without one) of another focus
    set, optionally only those passing `keep(var)` (a SPARQL expression)."""

    def __init__(self, parent: Focus, path: str | None, keep=None):
        self.parent, self.path, self.keep = parent, path, keep

    @property
    def broad(self):
        return self.keep is None and self.parent.broad

    def pattern(self, eng, var, distinct=True):
        if self.path:
            f = eng.fresh()
            body = f"{self.parent.pattern(eng, f, False)} {path_pattern(f, self.path, var, self.parent.broad)}"
        else:
            body = self.parent.pattern(eng, var, False)
        if self.keep is not None:
            body += f" FILTER({self.keep(var)})"
        return _group(body, var, distinct)


class QueryFocus(Focus):
    def __init__(self, make):
        self.make = make

    def pattern(self, eng, var, distinct=True):
        return self.make(eng, var)
