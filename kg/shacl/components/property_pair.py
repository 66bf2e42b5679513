"""Property pair constraint components: sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals."""
from __future__ import annotations

from ...errors import KgError
from ..sparql_text import SH, XSD, iri, path_pattern
from ..terms import rdflib_term
from .base import Component, Row


class PairC(Component):
    """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals against the values of a property."""

    def __init__(self, shape, kind, prop, all_props):
        super().__init__(shape)
        import rdflib

        if not isinstance(prop, rdflib.URIRef):
            raise KgError(f"{shape.label}: the value of sh:{kind} must be an IRI")
        self.kind, self.prop, self.all = kind, str(prop), all_props
        self.iri = SH + kind[0].upper() + kind[1:] + "ConstraintComponent"

    def evaluate(self, eng, focus):
        s, p = self.shape, iri(self.prop)
        f = focus.pattern(eng, "?this", False)
        value = "?value" if s.is_property else "?this"
        h = focus.broad
        vp = s.value_pattern("?this", "?value", h)
        if self.kind == "disjoint":
            q = (f"SELECT DISTINCT ?this {value if s.is_property else ''} WHERE {{ {f} {vp} "
                 f"{path_pattern('?this', p, value, h)} }}")
            return [Row(r[0], r[-1]) for r in eng.select(q).rows]
        if self.kind == "equals":
            vpx = s.value_pattern("?this", "?x") if s.is_property else "BIND(?this AS ?x)"
            has_x = s.value_pattern("?this", "?x") if s.is_property else "FILTER(sameTerm(?this, ?x))"
            q = (f"SELECT DISTINCT ?this ?x WHERE {{ {{ {f} {vpx} FILTER NOT EXISTS {{ ?this {p} ?x }} }} UNION "
                 f"{{ {focus.pattern(eng, '?this', False)} ?this {p} ?x FILTER NOT EXISTS {{ {has_x} }} }} }}")
            return [Row(r[0], r[1]) for r in eng.select(q).rows]
        op = "<" if self.kind == "lessThan" else "<="
        sure = (f"(isNumeric({value}) && isNumeric(?o)) || "
                f"(DATATYPE({value}) = {iri(XSD + 'string')} && DATATYPE(?o) = {iri(XSD + 'string')})")
        q = (f"SELECT DISTINCT ?this {value if s.is_property else ''} ?o WHERE {{ {f} {vp} "
             f"{path_pattern('?this', p, '?o', h)} FILTER(!COALESCE(({sure}) && {value} {op} ?o, false)) }}")
        rows = []
        for r in eng.select(q).rows:
            this, val, other = r[0], r[-2], r[-1]
            if not _pair_ok(rdflib_term(val), rdflib_term(other), strict=op == "<", shape=s.label):
                rows.append(Row(this, val, bindings={"other": other}))  # one result per pair (SHACL 4.5.3)
        return rows

    def generic_message(self, eng, row):
        sign = {"equals": "!=", "disjoint": "==", "lessThan": "<=", "lessThanOrEquals": "<"}[self.kind]
        props = eng.shape_str(self.all[0]) if len(self.all) < 2 else ", ".join(eng.shape_str(p) for p in self.all)
        return f"Value of {eng.data_str(row.focus)}->{props} {sign} {eng.data_str(row.value)}"


def _pair_ok(v, c, strict: bool, shape: str) -> bool:
    """pySHACL 0.40 LessThan(OrEquals)ConstraintComponent._compare_lt(oe), for one pair."""
    import rdflib

    def side(x):
        if isinstance(x, rdflib.BNode):
            raise KgError(f"{shape}: sh:lessThan cannot compare a blank node")
        if isinstance(x, rdflib.URIRef):
            return str(x), True
        if isinstance(x, rdflib.Literal) and isinstance(x.value, str):
            return x.value, True
        return x, False

    (a, a_str), (b, b_str) = side(v), side(c)
    if a_str != b_str:
        return False
    try:
        return bool(a < b) if strict else bool(a <= b)
    except TypeError:  # pySHACL lets this exception end the validation; here: not comparable, a result
        return False
