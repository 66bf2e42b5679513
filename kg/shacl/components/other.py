"""Other constraint components: sh:in, sh:hasValue, sh:closed."""
from __future__ import annotations

from ..sparql_text import RDF, RDFS, SH, XSD, iri, not_, or_, string
from ..terms import is_bnode, rdflib_term
from .base import Component, Row


def _term_match(v: str, item) -> tuple[str, str]:
    """(surely equal, maybe equal) SPARQL tests of value `v` against a shapes-graph term, with
    rdflib's term equality: same lexical form (rdflib-normalised), datatype and language."""
    import rdflib

    if isinstance(item, rdflib.URIRef):
        test = f"sameTerm({v}, {iri(str(item))})"
        return test, test
    if isinstance(item, rdflib.Literal):
        if item.language:
            kind = f'(isLiteral({v}) && LCASE(LANG({v})) = {string(item.language.lower())})'
        elif item.datatype is None:
            kind = f'(isLiteral({v}) && LANG({v}) = "" && DATATYPE({v}) = {iri(XSD + "string")})'
        elif str(item.datatype) == XSD + "string":
            return "false", "false"  # rdflib: "x"^^xsd:string never equals the data's plain "x"
        else:
            kind = f"(isLiteral({v}) && DATATYPE({v}) = {iri(str(item.datatype))})"
        return f"({kind} && STR({v}) = {string(str(item))})", kind
    return "false", "false"  # a blank node of the shapes graph is no node of the data graph


class InC(Component):
    iri = SH + "InConstraintComponent"
    value_level = True

    def __init__(self, shape, items):
        super().__init__(shape)
        self.items = items

    def passes(self, eng, v):
        return or_([_term_match(v, i)[0] for i in self.items])

    def fails(self, eng, v):
        return not_(or_([_term_match(v, i)[1] for i in self.items]))

    def judge(self, eng, values, undecided):
        items = set(self.items)
        return {t for t in values if rdflib_term(t) not in items}

    def generic_message(self, eng, row):
        listed = [eng.shape_str(i) for i in self.items]
        return f"Value {eng.data_str(row.value)} not in list {listed}"


class HasValueC(Component):
    iri = SH + "HasValueConstraintComponent"

    def __init__(self, shape, value, all_values):
        super().__init__(shape)
        self.value, self.all = value, all_values

    def _has(self, eng, x):
        if not self.shape.is_property:
            return _term_match(x, self.value)[0]
        v = eng.fresh()
        return f"EXISTS {{ {x} {self.shape.path} {v} FILTER({_term_match(v, self.value)[0]}) }}"

    def evaluate(self, eng, focus):
        q = (f"SELECT DISTINCT ?this WHERE {{ {focus.pattern(eng, '?this', False)} "
             f"FILTER(!COALESCE({self._has(eng, '?this')}, false)) }}")
        return [Row(r[0]) for r in eng.select(q).rows]

    def inline_pass(self, eng, x):
        return self._has(eng, x)

    def inline_fail(self, eng, x):
        return not_(self._has(eng, x))

    def generic_message(self, eng, row):
        the_set = [eng.shape_str(v) for v in self.all]
        if self.shape.is_property:
            return (f"Node {eng.data_str(row.focus)}->{eng.shape_str(self.shape.path_node)} "
                    f"does not contain a value in the set: {the_set}")
        return f"Node {eng.data_str(row.focus)} value is not a in the set of values: {the_set}"


class ClosedC(Component):
    iri = SH + "ClosedConstraintComponent"

    def __init__(self, shape, allowed, ignored):
        super().__init__(shape)
        self.allowed, self.ignored = allowed, ignored

    def evaluate(self, eng, focus):
        s = self.shape
        v = "?v" if s.is_property else "?this"
        keep = [f"!sameTerm(?p, {iri(str(p))})" for p in self.allowed]
        keep += [f"!sameTerm(?p, {eng.term(p)})" for p in self.ignored if not is_bnode(p)]
        keep.append(f"!(sameTerm(?p, {iri(RDF + 'type')}) && sameTerm(?o, {iri(RDFS + 'Resource')}))")
        q = (f"SELECT DISTINCT ?this ?p ?o WHERE {{ {focus.pattern(eng, '?this', False)} {s.value_pattern('?this', v)} "
             f"{v} ?p ?o FILTER({' && '.join(keep)}) }}")
        return [Row(t, o, path=p) for t, p, o in eng.select(q).rows]

    def generic_message(self, eng, row):
        return f"Node {eng.data_str(row.focus)} is closed. It cannot have value: {eng.data_str(row.value)}"
