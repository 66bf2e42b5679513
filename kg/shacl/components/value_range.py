"""Value range constraint components: sh:minExclusive, sh:minInclusive, sh:maxExclusive, sh:maxInclusive."""
from __future__ import annotations

from ...errors import KgError
from ..sparql_text import SH, XSD, literal
from ..terms import rdflib_term
from .base import Component

RANGE = {  # parameter: (component, SPARQL operator, pySHACL test on compare_literal(value, bound), message)
    "minExclusive": ("MinExclusiveConstraintComponent", ">", lambda c: c > 0, "Value is not > {}"),
    "minInclusive": ("MinInclusiveConstraintComponent", ">=", lambda c: c >= 0, "Value is not >= {}"),
    "maxExclusive": ("MaxExclusiveConstraintComponent", "<", lambda c: c < 0, "Value is not < {}"),
    "maxInclusive": ("MaxInclusiveConstraintComponent", "<=", lambda c: c <= 0, "Value is not <= {}"),
}
_NUMERIC = {XSD + t for t in ("integer", "decimal", "float", "double", "nonPositiveInteger", "negativeInteger",
                              "long", "int", "short", "byte", "nonNegativeInteger", "unsignedLong",
                              "unsignedInt", "unsignedShort", "unsignedByte", "positiveInteger")}


class RangeC(Component):
    value_level = True

    def __init__(self, shape, param, bound, all_bounds):
        super().__init__(shape)
        import rdflib

        if not isinstance(bound, rdflib.Literal):
            raise KgError(f"{shape.label}: sh:{param} must be a literal")
        self.param, self.bound, self.all = param, bound, all_bounds
        name, self.op, self.test, self.template = RANGE[param]
        self.iri = SH + name
        self.numeric = bound.datatype is not None and str(bound.datatype) in _NUMERIC and not bound.ill_typed

    def passes(self, eng, v):
        if not self.numeric:
            return None
        b = literal(str(self.bound), str(self.bound.datatype))
        return f"(isNumeric({v}) && {v} {self.op} {b})"

    def fails(self, eng, v):
        if not self.numeric:
            return f"!isLiteral({v})"
        b = literal(str(self.bound), str(self.bound.datatype))
        return f"(!isLiteral({v}) || (isNumeric({v}) && !({v} {self.op} {b})))"

    def judge(self, eng, values, undecided):
        return {t for t in values if not _range_ok(rdflib_term(t), self.bound, self.test)}

    def generic_message(self, eng, row):
        if len(self.all) < 2:
            return self.template.format(eng.shape_str(self.bound))
        return self.template.replace("{}", "in ({})").format(", ".join(eng.shape_str(b) for b in self.all))


def _compare_literal(l1, l2) -> int:
    """pyshacl.rdfutil.compare.compare_literal."""
    import datetime

    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (datetime.datetime, datetime.time):
        if l1.value == l2.value:
            return 0
        elif l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


def _range_ok(v, bound, test) -> bool:
    """pySHACL 0.40 Min/MaxIn/Exclusive components, for one value."""
    import rdflib

    if not isinstance(v, rdflib.Literal):
        return False
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return test(_compare_literal(v, bound))
    except (TypeError, NotImplementedError):
        return False
