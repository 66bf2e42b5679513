"""Value type constraint components: sh:class, sh:datatype, sh:nodeKind."""
from __future__ import annotations

from ..sparql_text import RDF, RDFS, SH, XSD, iri, not_
from ..terms import rdflib_term
from .base import Component

# Datatypes rdflib checks for well-formedness (pySHACL: a literal of such a type that rdflib
# cannot parse does not match sh:datatype), and those of them whose SPARQL cast in Oxigraph
# succeeds exactly on the well-formed, canonical literals the store holds.
_RDFLIB_CHECKED = {XSD + t for t in (
    "time", "date", "dateTime", "duration", "dayTimeDuration", "yearMonthDuration", "hexBinary", "boolean",
    "decimal", "integer", "nonPositiveInteger", "long", "nonNegativeInteger", "negativeInteger", "int",
    "unsignedLong", "positiveInteger", "short", "unsignedInt", "byte", "unsignedShort", "unsignedByte",
    "float", "double", "base64Binary")} | {RDF + "XMLLiteral", RDF + "HTML"}
_CASTABLE = {XSD + t for t in ("integer", "decimal", "float", "double", "boolean", "dateTime", "date",
                               "time", "duration")}
_NODE_KINDS = {  # sh:nodeKind -> SPARQL test
    SH + "IRI": "isIRI({v})", SH + "Literal": "isLiteral({v})", SH + "BlankNode": "isBlank({v})",
    SH + "BlankNodeOrIRI": "!isLiteral({v})", SH + "BlankNodeOrLiteral": "!isIRI({v})",
    SH + "IRIOrLiteral": "!isBlank({v})",
}


class ClassC(Component):
    iri = SH + "ClassConstraintComponent"
    value_level = True

    def __init__(self, shape, cls, all_classes):
        super().__init__(shape)
        self.cls, self.all = cls, all_classes

    def passes(self, eng, v):
        return f"EXISTS {{ {eng.instances(str(self.cls), v)} }}"

    def fails(self, eng, v):
        return not_(self.passes(eng, v))

    def generic_message(self, eng, row):
        if len(self.all) < 2:
            return f"Value does not have class {eng.shape_str(self.all[0])}"
        return f"Value class is not in classes ({', '.join(eng.shape_str(c) for c in self.all)})"


class DatatypeC(Component):
    iri = SH + "DatatypeConstraintComponent"
    value_level = True

    def __init__(self, shape, datatype):
        super().__init__(shape)
        self.dt = str(datatype)

    def passes(self, eng, v):
        dt = self.dt
        if dt == RDFS + "Literal":
            return f"isLiteral({v})"
        if dt == RDFS + "Datatype":  # rdflib: a literal with a datatype (not plain, not tagged)
            return f"(isLiteral({v}) && DATATYPE({v}) != {iri(XSD + 'string')} && LANG({v}) = \"\")"
        same = f"(isLiteral({v}) && DATATYPE({v}) = {iri(dt)})"
        if dt not in _RDFLIB_CHECKED:
            return same
        if dt in _CASTABLE:
            return f"({same} && sameTerm({iri(dt)}({v}), {v}))"
        return None

    def fails(self, eng, v):
        dt = self.dt
        if dt in (RDFS + "Literal", RDFS + "Datatype") or dt not in _RDFLIB_CHECKED:
            return not_(self.passes(eng, v))
        return f"(!isLiteral({v}) || DATATYPE({v}) != {iri(dt)})"

    def judge(self, eng, values, undecided):
        return {t for t in values if not _datatype_matches(rdflib_term(t), self.dt)}

    def generic_message(self, eng, row):
        return f"Value is not Literal with datatype {eng.shape_str(self.dt)}"


def _datatype_matches(v, rule: str) -> bool:
    """pySHACL 0.40 DatatypeConstraintComponent, for one value."""
    import datetime as dt
    from decimal import Decimal

    import rdflib

    if not isinstance(v, rdflib.Literal):
        return False
    rule = rdflib.URIRef(rule)
    X = rdflib.XSD

    def actual():
        value = v.value
        checks = {X.string: (str, bytes), RDF + "langString": (str, bytes), X.integer: int, X.float: float,
                  X.decimal: Decimal, X.boolean: bool, X.date: dt.date, X.time: dt.time,
                  X.dateTime: dt.datetime}
        want = checks.get(str(rule))
        return True if want is None else isinstance(value, want)

    if v.datatype == rule:
        return False if v.ill_typed is True else actual()
    if str(rule) == RDFS + "Literal":
        return True
    if str(rule) == RDFS + "Datatype" and v.datatype:
        return True
    if v.datatype is None and v.language is None and str(rule) == XSD + "string":
        return actual()
    if str(rule) == RDF + "langString" and v.language:
        return actual()
    return False


class NodeKindC(Component):
    iri = SH + "NodeKindConstraintComponent"
    value_level = True

    def __init__(self, shape, kind):
        super().__init__(shape)
        self.kind = kind

    def passes(self, eng, v):
        return _NODE_KINDS.get(str(self.kind), "false").format(v=v)

    def fails(self, eng, v):
        return not_(self.passes(eng, v))

    def generic_message(self, eng, row):
        return f"Value is not of Node Kind {eng.shape_str(self.kind)}"
