"""Shape-based and logical constraint components: sh:node, sh:not, sh:and, sh:or, sh:xone, sh:qualifiedValueShape."""
from __future__ import annotations

from itertools import combinations

from ..focus import QueryFocus, ValuesFocus
from ..sparql_text import SH, and_, not_, or_, path_pattern
from .base import Component, Row
from .value_type import ClassC


class NestedC(Component):
    """sh:node, sh:or, sh:and, sh:xone, sh:not: conformance of each value node to other shapes."""

    value_level = True

    def __init__(self, shape, kind, members, node, all_nodes):
        super().__init__(shape)
        self.kind, self.members, self.node, self.all_nodes = kind, members, node, all_nodes
        self.iri = SH + {"node": "Node", "or": "Or", "and": "And", "xone": "Xone", "not": "Not"}[kind] \
            + "ConstraintComponent"
        self.mode = "results" if kind == "node" else "conform"

    def _exprs(self, eng, v):
        return ([eng.shape_pass(m, v, self.mode) for m in self.members],
                [eng.shape_fail(m, v, self.mode) for m in self.members])

    def passes(self, eng, v):
        ps, fs = self._exprs(eng, v)
        if self.kind in ("node", "and"):
            return and_(ps)
        if self.kind == "or":
            return or_(ps)
        if self.kind == "not":
            return fs[0]
        return or_([and_([ps[i]] + [fs[j] for j in range(len(fs)) if j != i]) for i in range(len(ps))])

    def fails(self, eng, v):
        ps, fs = self._exprs(eng, v)
        if self.kind in ("node", "and"):
            return or_(fs)
        if self.kind == "or":
            return and_(fs)
        if self.kind == "not":
            return ps[0]
        return or_([and_(fs)] + [and_([ps[i], ps[j]]) for i, j in combinations(range(len(ps)), 2)])

    def judge(self, eng, values, undecided):
        failing = [eng.failing(m, undecided, self.mode) for m in self.members]
        if self.kind in ("node", "and"):
            return values & set().union(*failing)
        if self.kind == "or":
            return values & set.intersection(*failing)
        if self.kind == "not":
            return values - failing[0]
        return {t for t in values if sum(t not in f for f in failing) != 1}

    def generic_message(self, eng, row):
        sg, nodes = eng.sg, self.all_nodes
        if self.kind == "node":
            if len(nodes) < 2:
                m = f"Value does not conform to Shape {eng.shape_str(nodes[0])}."
            else:
                m = "Value must conform to every Shape in ('{}').".format("', '".join(eng.shape_str(n) for n in nodes))
            return m + " See details for more information."
        value = eng.data_str(row.value)
        if self.kind == "not":
            if len(nodes) == 1:
                return f"Node {value} must not conform to shape {eng.shape_str(nodes[0])}"
            return f"Node {value} must not conform to any shapes in {' , '.join(eng.shape_str(n) for n in nodes)}"
        lists = [" , ".join(eng.shape_str(m) for m in sg.items(n)) for n in nodes]
        listed = lists[0] if len(lists) < 2 else " and ".join(f"({x})" for x in lists)
        return {"or": f"Node {value} must conform to one or more shapes in {listed}",
                "and": f"Node {value} must conform to all shapes in {listed}",
                "xone": f"Node {value} must conform to exactly one shape in {listed}"}[self.kind]


class QualifiedC(Component):
    def __init__(self, shape, q_shape, low, high, siblings):
        super().__init__(shape)
        self.q, self.low, self.high, self.siblings = q_shape, low, high, siblings

    def evaluate(self, eng, focus):
        simple = self._class_only(eng) if focus.broad else None  # few focus nodes: probes are cheap
        decided = self._class_counts(eng, focus, simple) if simple is not None else self._counts(eng, focus)
        out = []
        for this, n in decided.items():
            if self.high is not None and n > self.high:
                out.append(Row(this, component=SH + "QualifiedMaxCountConstraintComponent"))
            if self.low is not None and n < self.low:
                out.append(Row(this, component=SH + "QualifiedMinCountConstraintComponent"))
        return out

    def _bounds_ok(self, lo: str, hi: str) -> str:
        low = "0" if self.low is None else str(self.low)
        return " && ".join([f"{lo} >= {low}"] + ([f"{hi} <= {self.high}"] if self.high is not None else []))

    def _class_only(self, eng):
        """The ClassC of a qualified value shape that is just `[ sh:class C ]` (one class, nothing
        else, no sibling shapes, judged: not deactivated, not of an allowed severity), else None."""
        q = self.q
        if (self.siblings or q.deactivated or q.severity in eng.allowed or q.is_property or q.properties
                or len(q.components) != 1 or not isinstance(q.components[0], ClassC)):
            return None
        return q.components[0]

    def _class_counts(self, eng, focus, cls) -> dict:
        """For a `[ sh:class C ]` qualified shape: the conforming values are the SHACL instances of
        C, so each focus node's count is a hash join of its values with those instances (the
        generic query below probes `EXISTS { ?v rdf:type C }` twice per value: 4x slower at 1M).
        Same counts: a value conforms iff ClassC.passes, which is that same instance pattern."""
        s = self.shape
        q = (f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?l) AS ?n) WHERE {{ "
             f"{focus.pattern(eng, '?this', False)} OPTIONAL {{ {path_pattern('?this', s.path, '?l', True)} "
             f"{{ SELECT DISTINCT ?l WHERE {{ {eng.instances(str(cls.cls), '?l')} }} }} }} }} GROUP BY ?this }} "
             f"FILTER(!({self._bounds_ok('?n', '?n')})) }}")
        return {this: int(n.value) for this, n in eng.select(q).rows}

    def _counts(self, eng, focus) -> dict:
        s = self.shape
        f = focus.pattern(eng, "?this", False)
        sure = and_([eng.shape_pass(self.q, "?v", "conform")]
                    + [eng.shape_fail(x, "?v", "conform") for x in self.siblings])
        maybe = and_([not_(eng.shape_fail(self.q, "?v", "conform"))]
                     + [not_(eng.shape_pass(x, "?v", "conform")) for x in self.siblings])
        low = "0" if self.low is None else str(self.low)
        ok = [f"?lo >= {low}"] + ([f"?hi <= {self.high}"] if self.high is not None else [])
        counts = (f"SELECT ?this (COUNT(DISTINCT ?l) AS ?lo) (COUNT(DISTINCT ?h) AS ?hi) WHERE {{ {f} "
                  f"OPTIONAL {{ {path_pattern('?this', s.path, '?v', focus.broad)} "
                  f"BIND(IF({sure}, ?v, ?unbound) AS ?l) "
                  f"BIND(IF({maybe}, ?v, ?unbound) AS ?h) }} }} GROUP BY ?this")
        rows = eng.select(f"SELECT ?this ?lo ?hi WHERE {{ {{ {counts} }} FILTER(!({' && '.join(ok)})) }}").rows
        decided, undecided = {}, []
        for this, lo, hi in rows:
            lo, hi = int(lo.value), int(hi.value)
            if lo == hi:
                decided[this] = lo
            else:
                undecided.append(this)
        if undecided:
            # Exact counts for those foci: their value nodes, checked against the shapes one by one.
            und = QueryFocus(lambda e, var: (
                f"{{ SELECT DISTINCT {var} WHERE {{ {{ {counts} }} FILTER(?lo != ?hi && !({' && '.join(ok)})) "
                f"BIND(?this AS {var}) }} }}"))
            values = ValuesFocus(und, s.path)
            bad_q = eng.failing(self.q, values, "conform")
            bad_sib = [eng.failing(x, values, "conform") for x in self.siblings]
            pairs = eng.select(f"SELECT DISTINCT ?t ?v WHERE {{ {und.pattern(eng, '?t')} ?t {s.path} ?v }}").rows
            for t, v in pairs:
                decided.setdefault(t, 0)
                if v not in bad_q and all(v in b for b in bad_sib):
                    decided[t] += 1
        return decided

    def generic_message(self, eng, row):
        counts = (f" MinCount {self.low}" if self.low is not None else "") + (
            f" MaxCount {self.high}" if self.high is not None else "")
        return f"Focus node does not conform to shape{counts}: {eng.shape_str(self.q.node)}"
