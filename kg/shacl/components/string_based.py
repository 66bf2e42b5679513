"""String-based constraint components: sh:minLength, sh:maxLength, sh:pattern, sh:languageIn, sh:uniqueLang."""
from __future__ import annotations

import re

from ...errors import KgError
from ..sparql_text import RDF, SH, XSD, iri, not_, path_pattern, string
from ..terms import rdflib_term
from .base import Component, Row


def _string_of(v) -> str:
    """pySHACL StringBasedConstraintBase.value_node_to_string."""
    import rdflib

    if isinstance(v, rdflib.Literal):
        if v.value is not None and v.datatype in (None, rdflib.RDF.langString, rdflib.XSD.string):
            return str(v.value)
    return str(v)


def _stringish(v: str) -> str:
    """Values whose string pySHACL takes verbatim (IRIs, plain and language-tagged strings)."""
    return f"(isIRI({v}) || (isLiteral({v}) && DATATYPE({v}) IN ({iri(XSD + 'string')}, {iri(RDF + 'langString')})))"


class LengthC(Component):
    value_level = True

    def __init__(self, shape, bound, maximum: bool):
        super().__init__(shape)
        self.bound, self.max = bound, maximum
        self.iri = SH + ("MaxLengthConstraintComponent" if maximum else "MinLengthConstraintComponent")
        self.n = int(bound.value)
        if self.n < 0:
            raise KgError(f"{shape.label}: sh:{'maxLength' if maximum else 'minLength'} must be >= 0")

    def _ok(self, v):
        return f"STRLEN(STR({v})) {'<=' if self.max else '>='} {self.n}"

    def passes(self, eng, v):
        if not self.max and self.n == 0:
            return "true"
        return f"({_stringish(v)} && {self._ok(v)})"

    def fails(self, eng, v):
        if not self.max and self.n == 0:
            return "false"
        return f"(isBlank({v}) || ({_stringish(v)} && !({self._ok(v)})))"

    def judge(self, eng, values, undecided):
        import rdflib

        out = set()
        for t in values:
            v = rdflib_term(t)
            ok = False if isinstance(v, rdflib.BNode) else (
                len(_string_of(v)) <= self.n if self.max else len(_string_of(v)) >= self.n)
            if not ok:
                out.add(t)
        return out

    def generic_message(self, eng, row):
        return f"String length not {'<=' if self.max else '>='} {eng.literal_str(self.bound)}"


class PatternC(Component):
    iri = SH + "PatternConstraintComponent"
    value_level = True

    def __init__(self, shape, pattern, flags, all_patterns):
        super().__init__(shape)
        self.pattern, self.all = str(pattern), all_patterns
        flags = str(flags).lower() if flags is not None else ""
        self.flags = "".join(f for f in "im" if f in flags)  # the only flags pySHACL applies
        re_flags = (re.I if "i" in self.flags else 0) | (re.M if "m" in self.flags else 0)
        try:
            self.regex = re.compile(self.pattern, re_flags)
        except re.error as exc:
            raise KgError(f"{shape.label}: invalid sh:pattern {self.pattern!r}: {exc}") from exc
        self.sparql_ok: bool | None = None  # does Oxigraph accept the pattern?

    def passes(self, eng, v):
        if self.sparql_ok is None:
            try:
                eng.select(f"SELECT (REGEX(\"\", {string(self.pattern)}, {string(self.flags)}) AS ?x) WHERE {{}}")
                self.sparql_ok = True
            except KgError:
                self.sparql_ok = False
        if not self.sparql_ok:
            return None
        # A match by Oxigraph's regex engine counts as a match; the rest goes to Python's `re`.
        return f"({_stringish(v)} && REGEX(STR({v}), {string(self.pattern)}, {string(self.flags)}))"

    def fails(self, eng, v):
        return f"isBlank({v})"

    def judge(self, eng, values, undecided):
        import rdflib

        out = set()
        for t in values:
            v = rdflib_term(t)
            if isinstance(v, rdflib.BNode) or not self.regex.search(_string_of(v)):
                out.add(t)
        return out

    def generic_message(self, eng, row):
        if len(self.all) < 2:
            return f"Value does not match pattern '{self.pattern}'"
        return "Value does not match every pattern in ('{}')".format("', '".join(str(p) for p in self.all))


class LanguageInC(Component):
    iri = SH + "LanguageInConstraintComponent"
    value_level = True

    def __init__(self, shape, languages, node):
        super().__init__(shape)
        self.langs = sorted({str(x).lower() for x in languages})
        self.node = node

    def passes(self, eng, v):
        has = f'(isLiteral({v}) && LANG({v}) != "")'
        if "*" in self.langs:
            return has
        listed = ", ".join(string(x) for x in self.langs)
        return (f'({has} && (LCASE(LANG({v})) IN ({listed}) '
                f'|| LCASE(STRBEFORE(LANG({v}), "-")) IN ({listed})))')

    def fails(self, eng, v):
        return not_(self.passes(eng, v))

    def generic_message(self, eng, row):
        return f"String language is not in {eng.shape_str(self.node)}"


class UniqueLangC(Component):
    iri = SH + "UniqueLangConstraintComponent"

    def evaluate(self, eng, focus):
        p = self.shape.path
        h = focus.broad
        # one result per language tag that two values share (SHACL 4.4.4)
        q = (f"SELECT DISTINCT ?this (LCASE(LANG(?a)) AS ?lang) WHERE {{ {focus.pattern(eng, '?this', False)} "
             f"{path_pattern('?this', p, '?a', h)} {path_pattern('?this', p, '?b', h)} "
             f'FILTER(isLiteral(?a) && LANG(?a) != "" && !sameTerm(?a, ?b) && isLiteral(?b) '
             f"&& LCASE(LANG(?a)) = LCASE(LANG(?b))) }}")
        return [Row(r[0], bindings={"lang": r[1]}) for r in eng.select(q).rows]

    def generic_message(self, eng, row):
        return "More than one String shares the same Language"
