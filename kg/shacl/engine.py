"""A SHACL engine that runs the shapes as set-oriented SPARQL over the store (`kg validate`'s default).

pySHACL (the reference, `--engine pyshacl`) walks every focus node in Python over an rdflib copy
of the graph and re-parses each SHACL-SPARQL query per focus node. This engine compiles the
shapes graph once and asks the store (pyoxigraph, through `Store.select`) for the violating rows
of each (shape, constraint component) in ONE query covering all focus nodes:

    SELECT ?this ?value WHERE { <focus nodes of the shape> ?this <path> ?value FILTER(<fails>) }

so its cost is a few hundred set-oriented queries, whatever the number of focus nodes.

Design (docs/validation.md has the long version):
- Focus nodes are a SPARQL pattern (`Focus.pattern(var)`), never a Python list: targets
  (sh:targetClass with rdfs:subClassOf*, sh:targetSubjectsOf, sh:targetObjectsOf, sh:targetNode,
  implicit class targets), the union of the parents' focus nodes for a property shape reached
  through sh:property, or "the value nodes of those focus nodes that still need checking" for
  nested shapes (sh:node, sh:or, sh:and, sh:xone, sh:not, sh:qualifiedValueShape).
- Each value-level component compiles to two SPARQL expressions over a value node: `passes`
  (true only if the value surely conforms) and `fails` (true only if it surely does not). Where
  SPARQL's semantics provably coincide with pySHACL's (sh:class, sh:nodeKind, sh:languageIn,
  counts...) the two are complements; elsewhere (ill-typed literals against sh:datatype, non-
  numeric values against sh:minInclusive, regular-expression dialects) the query returns the
  few undecided rows and a Python port of pySHACL's own check decides them. Nested shapes are
  inlined into these expressions (a correlated EXISTS per property shape), so sh:or / sh:not
  over simple shapes cost one query; undecided values are re-checked exactly, by running the
  nested shape's own component queries on just those values.
- sh:sparql: $this is pre-bound by joining the SELECT's WHERE clause with the focus-node pattern
  (plus ?this added to the projection and the GROUP BY), $PATH is substituted, $currentShape is
  bound; queries with an aggregate but no GROUP BY, or with LIMIT/OFFSET, run once per focus
  node (VALUES ?this) because their meaning is per focus node.
- Conformance of nested shapes follows pySHACL as kg.validate calls it (allow_warnings=True): a
  nested shape whose severity is sh:Warning or sh:Info always conforms; a value failing sh:node
  also brings the nested shape's own results (pySHACL's sh:detail, which kg's report lists).

Results are the `kg.validate.Finding`s pySHACL's report gives (severity, named source shape,
focus, path, value, message); a shape using a component this engine does not support fails
with a KgError naming the shape and the component, before any query runs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from ..errors import KgError
from ..iris import compact
from ..store.embedded import Store, Term

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# kg.validate runs pySHACL with allow_warnings=True: a nested shape of these severities conforms.
ALLOWED_SEVERITIES = {SH + "Warning", SH + "Info"}

# Constraint parameters (sh: local names) this engine evaluates; anything else in the sh:
# namespace on a shape that is not listed in _NOT_CONSTRAINTS is an unsupported component.
SUPPORTED = {
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "minLength", "maxLength", "pattern", "flags", "languageIn",
    "uniqueLang", "equals", "disjoint", "lessThan", "lessThanOrEquals", "not", "and", "or", "xone",
    "node", "property", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint", "closed", "ignoredProperties", "hasValue", "in", "sparql",
}
_NOT_CONSTRAINTS = {
    "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "path", "severity",
    "message", "deactivated", "name", "description", "order", "group", "defaultValue",
}
_COMPONENT_OF = {  # parameter -> constraint component, for error messages
    "target": "sh:target (SPARQL-based / custom targets)", "rule": "sh:rule (SHACL rules)",
    "expression": "sh:expression (node expressions)", "js": "sh:js (SHACL-JS)",
}

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


# -- SPARQL text ---------------------------------------------------------------------------------

def _iri(value: str) -> str:
    if re.search(r'[\x00-\x20<>"{}|^`\\]', value):
        raise KgError(f"<{value}> is not an IRI SPARQL can state")
    return f"<{value}>"


def _string(text: str) -> str:
    return '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                  .replace("\r", "\\r").replace("\t", "\\t")) + '"'


def _literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> str:
    if lang:
        return f"{_string(lexical)}@{lang}"
    if datatype and datatype != XSD + "string":
        return f"{_string(lexical)}^^{_iri(datatype)}"
    return _string(lexical)


def _and(parts) -> str:
    parts = [p for p in parts if p != "true"]
    if not parts:
        return "true"
    if "false" in parts:
        return "false"
    return "(" + " && ".join(f"COALESCE({p}, false)" for p in parts) + ")"


def _or(parts) -> str:
    parts = [p for p in parts if p != "false"]
    if not parts:
        return "false"
    if "true" in parts:
        return "true"
    return "(" + " || ".join(f"COALESCE({p}, false)" for p in parts) + ")"


def _not(expr: str) -> str:
    return {"true": "false", "false": "true"}.get(expr, f"!COALESCE({expr}, false)")


def _distinct(n: int, path: str, focus: str, fresh) -> str:
    """A pattern matching when `focus` has at least n distinct values along `path`."""
    vs = [fresh() for _ in range(n)]
    triples = " ".join(f"{focus} {path} {v} ." for v in vs)
    different = " && ".join(f"!sameTerm({a}, {b})" for a, b in combinations(vs, 2))
    return triples + (f" FILTER({different})" if different else "")


def _repeats(path: str) -> bool:
    """Whether a SPARQL property path has *, + or ? (outside IRIs): its pairs cannot be listed cheaply."""
    return bool(re.search(r"[*+?]", re.sub(r"<[^<>]*>", "", path)))


def _pairs(this: str, path: str, value: str, hashed: bool) -> str:
    """The pattern `this path value`; with `hashed`, as a sub-select, so that the store reads the path's
    pairs once and joins them with the focus nodes by hashing, instead of one index look-up per focus
    node (Oxigraph joins a triple pattern by look-ups, a sub-select by hashing: several times faster
    for thousands of focus nodes on the on-disk store). Only for broad focus sets (Focus.broad) and
    paths without repetition (whose pairs are a scan, not a closure over the whole graph)."""
    if hashed and not _repeats(path):
        projected = this if this == value else f"{this} {value}"
        return f"{{ SELECT {projected} WHERE {{ {this} {path} {value} . }} }}"
    return f"{this} {path} {value} ."


def _distinct_pairs(n: int, path: str, focus: str, fresh, hashed: bool) -> str:
    """_distinct as a join of hashed pairs (see _pairs), for a focus set (not inside EXISTS)."""
    if not hashed or _repeats(path):
        return _distinct(n, path, focus, fresh)
    vs = [fresh() for _ in range(n)]
    triples = " ".join(_pairs(focus, path, v, True) for v in vs)
    different = " && ".join(f"!sameTerm({a}, {b})" for a, b in combinations(vs, 2))
    return triples + (f" FILTER({different})" if different else "")


# -- terms ---------------------------------------------------------------------------------------

def _rdflib(term: Term):
    """The rdflib term pySHACL sees for a store term (rdflib parses kg's N-Triples the same way)."""
    import rdflib

    if term.kind == "uri":
        return rdflib.URIRef(term.value)
    if term.kind == "bnode":
        return rdflib.BNode(term.value)
    return rdflib.Literal(term.value, lang=term.lang, datatype=term.datatype)


def _text(term: Term | None) -> str | None:
    """str() of the term as pySHACL reports it: rdflib's (normalised) lexical form for literals."""
    if term is None:
        return None
    if term.kind == "literal" and term.datatype:
        return str(_rdflib(term))
    return term.value


# -- shapes ----------------------------------------------------------------------------------------

class Shape:
    """One node or property shape of the shapes graph, compiled."""

    def __init__(self, node, label: str):
        self.node = node
        self.label = label  # for error messages
        self.is_property = False
        self.path_node = None
        self.path: str | None = None  # SPARQL property path
        self.path_iri: str | None = None  # the path when it is a single IRI (reported as sh:resultPath)
        self.severity = SH + "Violation"
        self.messages: list = []
        self.deactivated = False
        self.classes: list[str] = []
        self.nodes: list = []
        self.subjects_of: list[str] = []
        self.objects_of: list[str] = []
        self.implicit = False
        self.components: list[Component] = []
        self.properties: list[Shape] = []
        self.parents: list = []
        self.source = ""

    @property
    def has_targets(self) -> bool:
        return bool(self.classes or self.nodes or self.subjects_of or self.objects_of or self.implicit)

    def value_pattern(self, this: str, value: str, hashed: bool = False) -> str:
        return _pairs(this, self.path, value, hashed) if self.is_property else ""


@dataclass
class Row:
    """One validation result before it becomes a Finding."""

    focus: Term
    value: Term | None = None
    path: Term | None = None
    bindings: dict | None = None  # SHACL-SPARQL: variables for {?var} in the message
    component: str = ""
    message: str | None = None  # generic message (shapes without sh:message)


# -- focus nodes -----------------------------------------------------------------------------------

class Focus:
    """A set of focus nodes, as a SPARQL pattern binding one variable to each of them.

    `distinct=False` gives a plain group pattern (faster: no sub-select to materialise) that may
    bind the same node more than once; callers then use SELECT DISTINCT or COUNT(DISTINCT ...)."""

    def pattern(self, eng: "Engine", var: str, distinct: bool = True) -> str:
        raise NotImplementedError

    @property
    def broad(self) -> bool:
        """Whether the set is given by targets that may hold many nodes (class, subjects or objects
        of a property), rather than a few listed or left-over nodes: joins with it then hash (_pairs)."""
        return False


def _group(body: str, var: str, distinct: bool) -> str:
    return f"{{ SELECT DISTINCT {var} WHERE {{ {body} }} }}" if distinct else f"{{ {body} }}"


class TargetFocus(Focus):
    def __init__(self, shape: Shape):
        self.shape = shape

    @property
    def broad(self):
        s = self.shape
        return bool(s.classes or s.subjects_of or s.objects_of or s.implicit)

    def pattern(self, eng, var, distinct=True):
        s = self.shape
        parts = [eng.instances(c, var) for c in s.classes + ([str(s.node)] if s.implicit else [])]
        parts += [f"{var} {_iri(p)} {eng.fresh()} ." for p in s.subjects_of]
        parts += [f"{eng.fresh()} {_iri(p)} {var} ." for p in s.objects_of]
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
            body = f"{self.parent.pattern(eng, f, False)} {_pairs(f, self.path, var, self.parent.broad)}"
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


# -- components --------------------------------------------------------------------------------------

class Component:
    """A constraint component instance on a shape. `iri` is the sh:*ConstraintComponent."""

    iri = ""
    value_level = False  # judged per value node (else per focus node)

    def __init__(self, shape: Shape):
        self.shape = shape

    # value-level components
    def passes(self, eng, v: str) -> str | None:
        """A SPARQL expression true only if value `v` surely conforms (None: cannot tell)."""
        return None

    def fails(self, eng, v: str) -> str | None:
        """A SPARQL expression true only if value `v` surely does not conform."""
        return None

    def judge(self, eng, values: set, undecided: Focus) -> set:
        """The failing ones of the undecided `values` (exact; `undecided` binds them in SPARQL)."""
        raise NotImplementedError

    # focus-level components
    def evaluate(self, eng, focus: Focus) -> list[Row]:
        raise NotImplementedError

    def inline_pass(self, eng, x: str) -> str | None:
        return None

    def inline_fail(self, eng, x: str) -> str | None:
        return None

    def generic_message(self, eng, row: Row) -> str | None:
        return None


class ClassC(Component):
    iri = SH + "ClassConstraintComponent"
    value_level = True

    def __init__(self, shape, cls, all_classes):
        super().__init__(shape)
        self.cls, self.all = cls, all_classes

    def passes(self, eng, v):
        return f"EXISTS {{ {eng.instances(str(self.cls), v)} }}"

    def fails(self, eng, v):
        return _not(self.passes(eng, v))

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
            return f"(isLiteral({v}) && DATATYPE({v}) != {_iri(XSD + 'string')} && LANG({v}) = \"\")"
        same = f"(isLiteral({v}) && DATATYPE({v}) = {_iri(dt)})"
        if dt not in _RDFLIB_CHECKED:
            return same
        if dt in _CASTABLE:
            return f"({same} && sameTerm({_iri(dt)}({v}), {v}))"
        return None

    def fails(self, eng, v):
        dt = self.dt
        if dt in (RDFS + "Literal", RDFS + "Datatype") or dt not in _RDFLIB_CHECKED:
            return _not(self.passes(eng, v))
        return f"(!isLiteral({v}) || DATATYPE({v}) != {_iri(dt)})"

    def judge(self, eng, values, undecided):
        return {t for t in values if not _datatype_matches(_rdflib(t), self.dt)}

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
        return _not(self.passes(eng, v))

    def generic_message(self, eng, row):
        return f"Value is not of Node Kind {eng.shape_str(self.kind)}"


def _term_match(v: str, item) -> tuple[str, str]:
    """(surely equal, maybe equal) SPARQL tests of value `v` against a shapes-graph term, with
    rdflib's term equality: same lexical form (rdflib-normalised), datatype and language."""
    import rdflib

    if isinstance(item, rdflib.URIRef):
        test = f"sameTerm({v}, {_iri(str(item))})"
        return test, test
    if isinstance(item, rdflib.Literal):
        if item.language:
            kind = f'(isLiteral({v}) && LCASE(LANG({v})) = {_string(item.language.lower())})'
        elif item.datatype is None:
            kind = f'(isLiteral({v}) && LANG({v}) = "" && DATATYPE({v}) = {_iri(XSD + "string")})'
        elif str(item.datatype) == XSD + "string":
            return "false", "false"  # rdflib: "x"^^xsd:string never equals the data's plain "x"
        else:
            kind = f"(isLiteral({v}) && DATATYPE({v}) = {_iri(str(item.datatype))})"
        return f"({kind} && STR({v}) = {_string(str(item))})", kind
    return "false", "false"  # a blank node of the shapes graph is no node of the data graph


class InC(Component):
    iri = SH + "InConstraintComponent"
    value_level = True

    def __init__(self, shape, items):
        super().__init__(shape)
        self.items = items

    def passes(self, eng, v):
        return _or([_term_match(v, i)[0] for i in self.items])

    def fails(self, eng, v):
        return _not(_or([_term_match(v, i)[1] for i in self.items]))

    def judge(self, eng, values, undecided):
        items = set(self.items)
        return {t for t in values if _rdflib(t) not in items}

    def generic_message(self, eng, row):
        listed = [eng.shape_str(i) for i in self.items]
        return f"Value {eng.data_str(row.value)} not in list {listed}"


def _string_of(v) -> str:
    """pySHACL StringBasedConstraintBase.value_node_to_string."""
    import rdflib

    if isinstance(v, rdflib.Literal):
        if v.value is not None and v.datatype in (None, rdflib.RDF.langString, rdflib.XSD.string):
            return str(v.value)
    return str(v)


def _stringish(v: str) -> str:
    """Values whose string pySHACL takes verbatim (IRIs, plain and language-tagged strings)."""
    return f"(isIRI({v}) || (isLiteral({v}) && DATATYPE({v}) IN ({_iri(XSD + 'string')}, {_iri(RDF + 'langString')})))"


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
            v = _rdflib(t)
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
                eng.select(f"SELECT (REGEX(\"\", {_string(self.pattern)}, {_string(self.flags)}) AS ?x) WHERE {{}}")
                self.sparql_ok = True
            except KgError:
                self.sparql_ok = False
        if not self.sparql_ok:
            return None
        # A match by Oxigraph's regex engine counts as a match; the rest goes to Python's `re`.
        return f"({_stringish(v)} && REGEX(STR({v}), {_string(self.pattern)}, {_string(self.flags)}))"

    def fails(self, eng, v):
        return f"isBlank({v})"

    def judge(self, eng, values, undecided):
        import rdflib

        out = set()
        for t in values:
            v = _rdflib(t)
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
        listed = ", ".join(_string(x) for x in self.langs)
        return (f'({has} && (LCASE(LANG({v})) IN ({listed}) '
                f'|| LCASE(STRBEFORE(LANG({v}), "-")) IN ({listed})))')

    def fails(self, eng, v):
        return _not(self.passes(eng, v))

    def generic_message(self, eng, row):
        return f"String language is not in {eng.shape_str(self.node)}"


_RANGE = {  # parameter: (component, SPARQL operator, pySHACL test on compare_literal(value, bound), message)
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
        name, self.op, self.test, self.template = _RANGE[param]
        self.iri = SH + name
        self.numeric = bound.datatype is not None and str(bound.datatype) in _NUMERIC and not bound.ill_typed

    def passes(self, eng, v):
        if not self.numeric:
            return None
        b = _literal(str(self.bound), str(self.bound.datatype))
        return f"(isNumeric({v}) && {v} {self.op} {b})"

    def fails(self, eng, v):
        if not self.numeric:
            return f"!isLiteral({v})"
        b = _literal(str(self.bound), str(self.bound.datatype))
        return f"(!isLiteral({v}) || (isNumeric({v}) && !({v} {self.op} {b})))"

    def judge(self, eng, values, undecided):
        return {t for t in values if not _range_ok(_rdflib(t), self.bound, self.test)}

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
            return _and(ps)
        if self.kind == "or":
            return _or(ps)
        if self.kind == "not":
            return fs[0]
        return _or([_and([ps[i]] + [fs[j] for j in range(len(fs)) if j != i]) for i in range(len(ps))])

    def fails(self, eng, v):
        ps, fs = self._exprs(eng, v)
        if self.kind in ("node", "and"):
            return _or(fs)
        if self.kind == "or":
            return _and(fs)
        if self.kind == "not":
            return ps[0]
        return _or([_and(fs)] + [_and([ps[i], ps[j]]) for i, j in combinations(range(len(ps)), 2)])

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
        if self.n == 1 and focus.broad and not _repeats(s.path):
            # a hash anti-join (?this is bound on both sides: the same as FILTER NOT EXISTS)
            q = f"SELECT DISTINCT ?this WHERE {{ {f} MINUS {{ SELECT ?this WHERE {{ ?this {s.path} ?v }} }} }}"
        elif self.n == 1:
            q = f"SELECT DISTINCT ?this WHERE {{ {f} FILTER NOT EXISTS {{ ?this {s.path} ?v }} }}"
        else:
            q = (f"SELECT ?this WHERE {{ {f} OPTIONAL {{ {_pairs('?this', s.path, '?v', focus.broad)} }} }} "
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
        return None if p is None else _not(p)

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
            q = (f"SELECT ?this WHERE {{ {f} {_pairs('?this', p, '?v', focus.broad)} }} "
                 f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {self.n})")
        return [Row(r[0]) for r in eng.select(q).rows]

    def inline_fail(self, eng, x):
        if self.n >= 4:
            return None
        return f"EXISTS {{ {_distinct(self.n + 1, self.shape.path, x, eng.fresh)} }}"

    def inline_pass(self, eng, x):
        f = self.inline_fail(eng, x)
        return None if f is None else _not(f)

    def generic_message(self, eng, row):
        return f"More than {self.n} values on {eng.data_str(row.focus)}->{eng.shape_str(self.shape.path_node)}"


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
        return _not(self._has(eng, x))

    def generic_message(self, eng, row):
        the_set = [eng.shape_str(v) for v in self.all]
        if self.shape.is_property:
            return (f"Node {eng.data_str(row.focus)}->{eng.shape_str(self.shape.path_node)} "
                    f"does not contain a value in the set: {the_set}")
        return f"Node {eng.data_str(row.focus)} value is not a in the set of values: {the_set}"


class UniqueLangC(Component):
    iri = SH + "UniqueLangConstraintComponent"

    def evaluate(self, eng, focus):
        p = self.shape.path
        h = focus.broad
        q = (f"SELECT DISTINCT ?this WHERE {{ {focus.pattern(eng, '?this', False)} "
             f"{_pairs('?this', p, '?a', h)} {_pairs('?this', p, '?b', h)} "
             f'FILTER(isLiteral(?a) && LANG(?a) != "" && !sameTerm(?a, ?b) && isLiteral(?b) '
             f"&& LCASE(LANG(?a)) = LCASE(LANG(?b))) }}")
        return [Row(r[0]) for r in eng.select(q).rows]

    def generic_message(self, eng, row):
        return "More than one String shares the same Language"


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
        s, p = self.shape, _iri(self.prop)
        f = focus.pattern(eng, "?this", False)
        value = "?value" if s.is_property else "?this"
        h = focus.broad
        vp = s.value_pattern("?this", "?value", h)
        if self.kind == "disjoint":
            q = (f"SELECT DISTINCT ?this {value if s.is_property else ''} WHERE {{ {f} {vp} "
                 f"{_pairs('?this', p, value, h)} }}")
            return [Row(r[0], r[-1]) for r in eng.select(q).rows]
        if self.kind == "equals":
            vpx = s.value_pattern("?this", "?x") if s.is_property else "BIND(?this AS ?x)"
            has_x = s.value_pattern("?this", "?x") if s.is_property else "FILTER(sameTerm(?this, ?x))"
            q = (f"SELECT DISTINCT ?this ?x WHERE {{ {{ {f} {vpx} FILTER NOT EXISTS {{ ?this {p} ?x }} }} UNION "
                 f"{{ {focus.pattern(eng, '?this', False)} ?this {p} ?x FILTER NOT EXISTS {{ {has_x} }} }} }}")
            return [Row(r[0], r[1]) for r in eng.select(q).rows]
        op = "<" if self.kind == "lessThan" else "<="
        sure = (f"(isNumeric({value}) && isNumeric(?o)) || "
                f"(DATATYPE({value}) = {_iri(XSD + 'string')} && DATATYPE(?o) = {_iri(XSD + 'string')})")
        q = (f"SELECT DISTINCT ?this {value if s.is_property else ''} ?o WHERE {{ {f} {vp} "
             f"{_pairs('?this', p, '?o', h)} FILTER(!COALESCE(({sure}) && {value} {op} ?o, false)) }}")
        rows = []
        for r in eng.select(q).rows:
            this, val, other = r[0], r[-2], r[-1]
            if not _pair_ok(_rdflib(val), _rdflib(other), strict=op == "<", shape=s.label):
                rows.append(Row(this, val))
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


class QualifiedC(Component):
    def __init__(self, shape, q_shape, low, high, siblings):
        super().__init__(shape)
        self.q, self.low, self.high, self.siblings = q_shape, low, high, siblings

    def evaluate(self, eng, focus):
        s = self.shape
        f = focus.pattern(eng, "?this", False)
        sure = _and([eng.shape_pass(self.q, "?v", "conform")]
                    + [eng.shape_fail(x, "?v", "conform") for x in self.siblings])
        maybe = _and([_not(eng.shape_fail(self.q, "?v", "conform"))]
                     + [_not(eng.shape_pass(x, "?v", "conform")) for x in self.siblings])
        low = "0" if self.low is None else str(self.low)
        ok = [f"?lo >= {low}"] + ([f"?hi <= {self.high}"] if self.high is not None else [])
        counts = (f"SELECT ?this (COUNT(DISTINCT ?l) AS ?lo) (COUNT(DISTINCT ?h) AS ?hi) WHERE {{ {f} "
                  f"OPTIONAL {{ {_pairs('?this', s.path, '?v', focus.broad)} BIND(IF({sure}, ?v, ?unbound) AS ?l) "
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
        out = []
        for this, n in decided.items():
            if self.high is not None and n > self.high:
                out.append(Row(this, component=SH + "QualifiedMaxCountConstraintComponent"))
            if self.low is not None and n < self.low:
                out.append(Row(this, component=SH + "QualifiedMinCountConstraintComponent"))
        return out

    def generic_message(self, eng, row):
        counts = (f" MinCount {self.low}" if self.low is not None else "") + (
            f" MaxCount {self.high}" if self.high is not None else "")
        return f"Focus node does not conform to shape{counts}: {eng.shape_str(self.q.node)}"


class ClosedC(Component):
    iri = SH + "ClosedConstraintComponent"

    def __init__(self, shape, allowed, ignored):
        super().__init__(shape)
        self.allowed, self.ignored = allowed, ignored

    def evaluate(self, eng, focus):
        s = self.shape
        v = "?v" if s.is_property else "?this"
        keep = [f"!sameTerm(?p, {_iri(str(p))})" for p in self.allowed]
        keep += [f"!sameTerm(?p, {eng.term(p)})" for p in self.ignored if not _is_bnode(p)]
        keep.append(f"!(sameTerm(?p, {_iri(RDF + 'type')}) && sameTerm(?o, {_iri(RDFS + 'Resource')}))")
        q = (f"SELECT DISTINCT ?this ?p ?o WHERE {{ {focus.pattern(eng, '?this', False)} {s.value_pattern('?this', v)} "
             f"{v} ?p ?o FILTER({' && '.join(keep)}) }}")
        return [Row(t, o, path=p) for t, p, o in eng.select(q).rows]

    def generic_message(self, eng, row):
        return f"Node {eng.data_str(row.focus)} is closed. It cannot have value: {eng.data_str(row.value)}"


def _is_bnode(node) -> bool:
    import rdflib

    return isinstance(node, rdflib.BNode)


# -- SHACL-SPARQL ----------------------------------------------------------------------------------

_PREBOUND = re.compile(r"([\s{}()])[\$\?](this|PATH|currentShape|shapesGraph)\b")


def _mask(text: str) -> str:
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


def _hashed_bgp(text: str, masked: str, start: int, end: int) -> str | None:
    """The group text[start:end] (a WHERE clause) with each triple pattern made a sub-select (see
    _wrap), so that the store joins them by hashing (see _pairs); None unless the group is flat:
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


class SparqlC(Component):
    iri = SH + "SPARQLConstraintComponent"

    def __init__(self, shape, node, select, prefixes, messages, deactivated):
        super().__init__(shape)
        self.node, self.messages, self.deactivated = node, messages, deactivated
        self.prefixes = prefixes
        text = str(select)
        masked = _mask(text)
        for bad, what in (("MINUS", "a MINUS clause"), ("SERVICE", "a federated query (SERVICE)")):
            if re.search(rf"\b{bad}\b", masked, re.I):
                raise KgError(f"{shape.label}: a SPARQL constraint must not contain {what}")
        if re.search(r"(?<![\w:\-])VALUES\b", masked, re.I):
            raise KgError(f"{shape.label}: a SPARQL constraint must not contain a VALUES clause")
        if re.search(r"[\$\?]shapesGraph\b", masked):
            raise KgError(f"{shape.label}: $shapesGraph in a SPARQL constraint is not supported")
        if re.search(r"[\$\?]PATH\b", masked):
            if not shape.is_property:
                raise KgError(f"{shape.label}: SPARQL constraint uses $PATH but the shape has no sh:path")
            text = _PREBOUND.sub(lambda m: m.group(1) + shape.path if m.group(2) == "PATH" else m.group(0), text)
            masked = _mask(text)
        self.current_shape = bool(re.search(r"[\$\?]currentShape\b", masked))
        if self.current_shape and _is_bnode(shape.node):
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
        self.per_focus = (has_agg and not group) or bool(re.search(r"\b(LIMIT|OFFSET)\b", modifiers))
        self.text, self.open_pos, self.close_pos = text, open_pos, close_pos
        self.hashed = _hashed_bgp(text, masked, open_pos + 1, close_pos)  # None: not a flat group
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
        head = "".join(f"PREFIX {p}: {_iri(str(ns))}\n" for p, ns in self.prefixes.items())
        return head + t

    def _bind(self, pattern: str) -> str:
        if self.current_shape:
            return (f"{{ SELECT ?this ?currentShape WHERE {{ {pattern} "
                    f"BIND({_iri(str(self.shape.node))} AS ?currentShape) }} }}")
        return pattern

    def evaluate(self, eng, focus):
        if self.deactivated:
            return []
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
            d = {k: v for k, v in d.items() if v is not None}
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


# -- the engine ----------------------------------------------------------------------------------------

class Engine:
    """Compiled shapes; `validate(store)` gives the findings."""

    def __init__(self, shapes_graph):
        import rdflib

        self.sg = shapes_graph
        self.R = rdflib
        self.shapes: dict = {}
        self._n = 0
        self._check_custom_components()
        for node in self._shape_nodes():
            self.shape(node)
        for s in list(self.shapes.values()):
            for p in s.properties:
                p.parents.append(s)
        for s in list(self.shapes.values()):  # sibling shapes need every parent known
            for c in s.components:
                if isinstance(c, QualifiedC) and c.siblings is None:
                    c.siblings = self._siblings(s, c.q)
        self.store: Store | None = None
        self._dg = None

    # -- compiling --------------------------------------------------------------------------------
    def _shape_nodes(self):
        R, sg = self.R, self.sg
        sh = R.Namespace(SH)
        nodes = set(sg.subjects(R.RDF.type, sh.NodeShape)) | set(sg.subjects(R.RDF.type, sh.PropertyShape))
        for p in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "path"):
            nodes |= set(sg.subjects(sh[p], None))
        for p in ("property", "node", "not", "qualifiedValueShape"):
            nodes |= set(sg.objects(None, sh[p]))
        for p in ("or", "and", "xone"):
            for lst in sg.objects(None, sh[p]):
                nodes |= set(sg.items(lst))
        nodes -= set(sg.objects(None, sh.parameter))  # parameters of constraint components have a sh:path too
        return sorted(nodes, key=str)

    def _label(self, node) -> str:
        from ..validation.validate import _named_shape

        if not _is_bnode(node):
            return compact(str(node))
        named = _named_shape(self.sg, node)
        return f"a blank-node shape of {compact(str(named))}" if not _is_bnode(named) else "a blank-node shape"

    def _check_custom_components(self):
        R, sg = self.R, self.sg
        for cc in sg.subjects(R.RDF.type, R.URIRef(SH + "ConstraintComponent")):
            params = [sg.value(p, R.URIRef(SH + "path")) for p in sg.objects(cc, R.URIRef(SH + "parameter"))]
            for p in params:
                for s in sg.subjects(p, None):
                    raise KgError(f"{self._label(s)}: constraint component {compact(str(cc))} (a custom SPARQL-based "
                                  f"component, parameter {compact(str(p))}) is not supported by the sparql engine; "
                                  "use --engine pyshacl")

    def fresh(self) -> str:
        self._n += 1
        return f"?_v{self._n}"

    def term(self, node) -> str:
        R = self.R
        if isinstance(node, R.URIRef):
            return _iri(str(node))
        if isinstance(node, R.Literal):
            return _literal(str(node), str(node.datatype) if node.datatype else None, node.language)
        raise KgError(f"a blank node of the shapes graph cannot be used here ({node})")

    def _list(self, node, shape_label, param) -> list:
        try:
            return list(self.sg.items(node))
        except Exception as exc:  # noqa: BLE001 - rdflib raises several
            raise KgError(f"{shape_label}: the value of sh:{param} must be an RDF list") from exc

    def _path(self, node, depth=0) -> str:
        R, sg = self.R, self.sg
        if depth > 12:
            raise KgError("property path too deep")
        if isinstance(node, R.URIRef):
            return _iri(str(node))
        if not _is_bnode(node):
            raise KgError(f"invalid sh:path {node!r}")
        items = list(sg.items(node))
        if items:
            if len(items) < 2:
                raise KgError("a sequence path needs at least two members")
            return "(" + "/".join(self._path(i, depth + 1) for i in items) + ")"
        for p, fmt in (("inversePath", "^{}"), ("zeroOrMorePath", "{}*"), ("oneOrMorePath", "{}+"),
                       ("zeroOrOnePath", "{}?")):
            x = sg.value(node, R.URIRef(SH + p))
            if x is not None:
                inner = self._path(x, depth + 1)
                return "(" + fmt.format(inner if inner.startswith(("(", "<")) else f"({inner})") + ")"
        alt = sg.value(node, R.URIRef(SH + "alternativePath"))
        if alt is not None:
            return "(" + "|".join(self._path(i, depth + 1) for i in sg.items(alt)) + ")"
        raise KgError(f"unsupported sh:path {node}")

    def shape(self, node) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        from ..validation.validate import _named_shape

        R, sg = self.R, self.sg
        sh = R.Namespace(SH)
        s = Shape(node, self._label(node))
        self.shapes[node] = s
        s.source = str(_named_shape(sg, node))
        preds = {}
        for p, o in sg.predicate_objects(node):
            preds.setdefault(str(p), []).append(o)
        for p in preds:
            if p.startswith(SH):
                name = p[len(SH):]
                if name not in SUPPORTED and name not in _NOT_CONSTRAINTS:
                    what = _COMPONENT_OF.get(name, f"sh:{name}")
                    raise KgError(f"{s.label}: unsupported SHACL constraint component {what} "
                                  "(sparql engine); use --engine pyshacl")

        def get(name):
            return preds.get(SH + name, [])

        def one(name, kind=None):
            vals = get(name)
            if len(vals) > 1:
                raise KgError(f"{s.label}: sh:{name} must have at most one value")
            if vals and kind == "int":
                v = vals[0]
                if not (isinstance(v, R.Literal) and isinstance(v.value, int) and v.value >= 0):
                    raise KgError(f"{s.label}: sh:{name} must be an integer >= 0")
                return int(v.value)
            if vals and kind == "bool":
                v = vals[0]
                if not (isinstance(v, R.Literal) and isinstance(v.value, bool)):
                    raise KgError(f"{s.label}: sh:{name} must be a boolean")
                return bool(v.value)
            return vals[0] if vals else None

        if get("path"):
            s.is_property = True
            s.path_node = one("path")
            s.path = self._path(s.path_node)
            s.path_iri = str(s.path_node) if isinstance(s.path_node, R.URIRef) else None
        sev = get("severity")
        if sev:
            s.severity = str(sev[0])
        s.messages = list(get("message"))
        deactivated = one("deactivated")
        if deactivated is not None and not isinstance(deactivated, R.Literal):
            raise KgError(f"{s.label}: sh:deactivated must be a literal")
        s.deactivated = bool(deactivated.value) if deactivated is not None else False  # as pySHACL reads it
        s.classes = [str(c) for c in get("targetClass")]
        s.nodes = get("targetNode")
        if any(_is_bnode(n) for n in s.nodes):
            raise KgError(f"{s.label}: a blank-node sh:targetNode is not supported (sparql engine)")
        s.subjects_of = [str(p) for p in get("targetSubjectsOf")]
        s.objects_of = [str(p) for p in get("targetObjectsOf")]
        class_types = {R.RDFS.Class} | set(sg.subjects(R.RDFS.subClassOf, R.RDFS.Class))
        s.implicit = (not _is_bnode(node)) and any(t in class_types for t in sg.objects(node, R.RDF.type))

        C = s.components
        classes = get("class")
        C += [ClassC(s, c, classes) for c in classes]
        if get("datatype"):
            C.append(DatatypeC(s, one("datatype")))
        if get("nodeKind"):
            C.append(NodeKindC(s, one("nodeKind")))
        for name, maximum in (("minLength", False), ("maxLength", True)):
            if get(name):
                C.append(LengthC(s, one(name), maximum))
        patterns = get("pattern")
        C += [PatternC(s, p, one("flags"), patterns) for p in patterns]
        if get("languageIn"):
            C.append(LanguageInC(s, self._list(one("languageIn"), s.label, "languageIn"), one("languageIn")))
        for name in _RANGE:
            bounds = get(name)
            C += [RangeC(s, name, b, bounds) for b in bounds]
        if get("in"):
            C.append(InC(s, self._list(one("in"), s.label, "in")))
        for kind in ("node", "not"):
            for target in get(kind):
                member = self.shape(target)
                if kind == "node" and member.is_property:
                    raise KgError(f"{s.label}: sh:node must point to a node shape, not to a property shape")
                C.append(NestedC(s, kind, [member], target, get(kind)))
        for kind in ("or", "and", "xone"):
            for lst in get(kind):
                C.append(NestedC(s, kind, [self.shape(m) for m in self._list(lst, s.label, kind)], lst, get(kind)))
        needs_path = []
        if get("minCount"):
            needs_path.append("minCount")
            C.append(MinCountC(s, one("minCount", "int")))
        if get("maxCount"):
            needs_path.append("maxCount")
            C.append(MaxCountC(s, one("maxCount", "int")))
        for hv in get("hasValue"):
            C.append(HasValueC(s, hv, get("hasValue")))
        if get("uniqueLang"):
            needs_path.append("uniqueLang")
            if one("uniqueLang", "bool"):
                C.append(UniqueLangC(s))
        for kind in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            props = get(kind)
            if props and kind in ("lessThan", "lessThanOrEquals"):
                needs_path.append(kind)
            C += [PairC(s, kind, p, props) for p in props]
        if get("qualifiedValueShape") and s.is_property:
            low, high = one("qualifiedMinCount", "int"), one("qualifiedMaxCount", "int")
            if low is None and high is None:
                raise KgError(f"{s.label}: sh:qualifiedValueShape needs sh:qualifiedMinCount or sh:qualifiedMaxCount")
            disjoint = any(isinstance(d, R.Literal) and d.value is True for d in get("qualifiedValueShapesDisjoint"))
            for q in get("qualifiedValueShape"):
                C.append(QualifiedC(s, self.shape(q), low, high, None if disjoint else []))
        if get("closed") and one("closed", "bool"):
            ignored = []
            for lst in get("ignoredProperties"):
                ignored += self._list(lst, s.label, "ignoredProperties")
            allowed = []
            for p in get("property"):
                ps = self.shape(p)
                if not ps.is_property:
                    raise KgError(f"{s.label}: sh:property must point to a property shape")
                if ps.path_iri:
                    allowed.append(ps.path_iri)
            C.append(ClosedC(s, allowed, ignored))
        for sp in get("sparql"):
            C.append(self._sparql(s, sp))
        for name in needs_path:
            if not s.is_property:
                raise KgError(f"{s.label}: sh:{name} can only be used on a property shape")
        for p in get("property"):
            ps = self.shape(p)
            if not ps.is_property:
                raise KgError(f"{s.label}: sh:property must point to a property shape (one with sh:path)")
            s.properties.append(ps)
        return s

    def _siblings(self, s: Shape, q: Shape) -> list:
        sh = self.R.Namespace(SH)
        out = []
        for parent in self.sg.subjects(sh.property, s.node):
            for ps in self.sg.objects(parent, sh.property):
                for sib in self.sg.objects(ps, sh.qualifiedValueShape):
                    if sib != q.node:
                        out.append(self.shape(sib))
        return out

    def _sparql(self, s: Shape, node) -> SparqlC:
        R, sg = self.R, self.sg
        sh = R.Namespace(SH)
        selects = list(sg.objects(node, sh.select))
        if len(selects) != 1 or not isinstance(selects[0], R.Literal):
            raise KgError(f"{s.label}: a SPARQL constraint needs exactly one sh:select string")
        for p in sg.predicates(node, None):
            if str(p).startswith(SH) and str(p)[len(SH):] not in ("select", "prefixes", "message", "deactivated"):
                raise KgError(f"{s.label}: unsupported sh:{str(p)[len(SH):]} in a SPARQL constraint (sparql engine)")
        deact = sg.value(node, sh.deactivated)
        prefixes = {"rdf": RDF, "rdfs": RDFS, "owl": OWL}
        onts = set(sg.subjects(R.RDF.type, R.OWL.Ontology))
        global_declares = set()
        for o in onts:
            global_declares |= set(sg.objects(o, sh.declare))
        for pv in sg.objects(node, sh.prefixes):
            own = set(sg.objects(pv, sh.declare))
            for dec in (own if own and pv in onts else global_declares | own):
                prefix, ns = sg.value(dec, sh.prefix), sg.value(dec, sh.namespace)
                if prefix is None or ns is None:
                    raise KgError(f"{s.label}: sh:declare needs sh:prefix and sh:namespace")
                prefixes[str(prefix)] = str(ns)
        return SparqlC(s, node, selects[0], prefixes, list(sg.objects(node, sh.message)),
                       bool(deact is not None and getattr(deact, "value", False) is True))

    # -- running ------------------------------------------------------------------------------------
    def select(self, q: str):
        try:
            return self.store.select(q)
        except KgError as exc:
            raise KgError(f"SHACL query failed: {exc}") from exc

    def instances(self, cls: str, var: str) -> str:
        """A pattern: `var` is a SHACL instance of `cls` (rdf:type/rdfs:subClassOf*)."""
        sub = self._subclasses(cls)
        if sub is None:
            return f"{var} {_iri(RDF + 'type')}/{_iri(RDFS + 'subClassOf')}* {_iri(cls)} ."
        if len(sub) == 1:
            return f"{var} {_iri(RDF + 'type')} {_iri(cls)} ."
        t = self.fresh()
        return f"VALUES {t} {{ {' '.join(_iri(c) for c in sorted(sub))} }} {var} {_iri(RDF + 'type')} {t} ."

    def _subclasses(self, cls: str):
        if self._down is None:
            self._down = {}
            rows = self.select(f"SELECT DISTINCT ?s ?o WHERE {{ ?s {_iri(RDFS + 'subClassOf')} ?o }}").rows
            for sub, sup in rows:
                self._down.setdefault(sup, set()).add(sub)
        seen, todo = {Term.iri(cls)}, [Term.iri(cls)]
        while todo:
            for sub in self._down.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        if any(t.kind != "uri" for t in seen):
            return None
        return {t.value for t in seen}

    def evaluate(self, shape: Shape, comp: Component, focus: Focus) -> list[Row]:
        if not comp.value_level:
            return comp.evaluate(self, focus)
        value = "?value" if shape.is_property else "?this"
        p, f = comp.passes(self, value), comp.fails(self, value)
        keep = f"FILTER(!COALESCE({p}, false))" if p is not None else ""
        sure = f"(COALESCE({f}, false) AS ?sure)" if f is not None else ""
        if shape.is_property and focus.broad and not _repeats(shape.path):
            # hashed pairs, copied into ?value so that the engine tests only the focus nodes' values
            # (a filter on ?value alone would be pushed into the sub-select, over every pair)
            pair = self.fresh()
            values = f"{_pairs('?this', shape.path, pair, True)} BIND({pair} AS ?value)"
        else:
            values = shape.value_pattern("?this", "?value")
        q = (f"SELECT DISTINCT ?this {value if shape.is_property else ''} {sure} WHERE {{ "
             f"{focus.pattern(self, '?this', False)} {values} {keep} }}")
        rows = self.select(q)
        has_sure = f is not None
        failing, undecided = [], []
        for r in rows.rows:
            this = r[0]
            v = r[1] if shape.is_property else this
            sure_fail = has_sure and r[-1] is not None and r[-1].value == "true"
            (failing if sure_fail else undecided).append((this, v))
        if undecided:
            def still(var):
                return _and([_not(comp.passes(self, var) or "false"), _not(comp.fails(self, var) or "false")])

            cand = ValuesFocus(focus, shape.path if shape.is_property else None, still)
            bad = comp.judge(self, {v for _, v in undecided}, cand)
            failing += [(t, v) for t, v in undecided if v in bad]
        return [Row(t, v) for t, v in failing]

    def failing(self, shape: Shape, focus: Focus, mode: str, _stack=()) -> set:
        """Focus nodes that do not conform to `shape` ("conform") or get any result ("results")."""
        if shape.deactivated or (mode == "conform" and shape.severity in ALLOWED_SEVERITIES):
            return set()
        if shape in _stack:
            raise KgError(f"{shape.label}: recursive shapes are not supported (sparql engine)")
        out = set()
        for c in shape.components:
            out |= {r.focus for r in self.evaluate(shape, c, focus)}
        for p in shape.properties:
            if not shape.is_property:
                out |= self.failing(p, focus, mode, _stack + (shape,))
                continue
            bad = self.failing(p, ValuesFocus(focus, shape.path), mode, _stack + (shape,))
            if bad:
                pairs = self.select(f"SELECT DISTINCT ?t ?v WHERE {{ {focus.pattern(self, '?t')} "
                                    f"?t {shape.path} ?v }}").rows
                out |= {t for t, v in pairs if v in bad}
        return out

    def shape_pass(self, s: Shape, x: str, mode: str, _stack=()) -> str:
        """SPARQL expression: true only if `x` surely conforms to `s` (mode "results": has no result)."""
        if s.deactivated or (mode == "conform" and s.severity in ALLOWED_SEVERITIES):
            return "true"
        if s in _stack or len(_stack) > 8:
            return "false"
        parts = []
        for c in s.components:
            e = self._comp_pass(s, c, x, _stack + (s,))
            if e is None:
                return "false"
            parts.append(e)
        for p in s.properties:
            if s.is_property:
                return "false"
            parts.append(self.shape_pass(p, x, mode, _stack + (s,)))
        return _and(parts)

    def shape_fail(self, s: Shape, x: str, mode: str, _stack=()) -> str:
        """SPARQL expression: true only if `x` surely does not conform to `s` (or surely has results)."""
        if s.deactivated or (mode == "conform" and s.severity in ALLOWED_SEVERITIES):
            return "false"
        if s in _stack or len(_stack) > 8:
            return "false"
        parts = [e for c in s.components if (e := self._comp_fail(s, c, x, _stack + (s,))) is not None]
        if not s.is_property:
            parts += [self.shape_fail(p, x, mode, _stack + (s,)) for p in s.properties]
        return _or(parts)

    def _comp_pass(self, s, c, x, stack):
        if not c.value_level:
            return c.inline_pass(self, x)
        if not s.is_property:
            return c.passes(self, x)
        v = self.fresh()
        e = c.passes(self, v)
        return None if e is None else f"NOT EXISTS {{ {x} {s.path} {v} FILTER(!COALESCE({e}, false)) }}"

    def _comp_fail(self, s, c, x, stack):
        if not c.value_level:
            return c.inline_fail(self, x)
        if not s.is_property:
            return c.fails(self, x)
        v = self.fresh()
        e = c.fails(self, v)
        return None if e is None else f"EXISTS {{ {x} {s.path} {v} FILTER(COALESCE({e}, false)) }}"

    # -- messages -------------------------------------------------------------------------------------
    def shape_str(self, node) -> str:
        try:
            from pyshacl.rdfutil import stringify_node

            if not isinstance(node, self.R.term.Node):
                node = self.R.URIRef(node)
            return stringify_node(self.sg, node)
        except Exception:  # noqa: BLE001 - pySHACL's wording is a nicety, never an error
            return compact(str(node))

    def data_str(self, term: Term | None) -> str:
        """A data node as pySHACL's generic messages write it (a blank node: its description)."""
        if term is None:
            return "None"
        try:
            from pyshacl.rdfutil import stringify_node

            return stringify_node(self._data_graph(bnodes=term.kind == "bnode"), _rdflib(term))
        except Exception:  # noqa: BLE001 - pySHACL's wording is a nicety, never an error
            return _text(term) or ""

    def literal_str(self, lit) -> str:
        try:
            from pyshacl.rdfutil import stringify_node

            return stringify_node(self._data_graph(), lit)
        except Exception:  # noqa: BLE001
            return str(lit)

    def _data_graph(self, bnodes: bool = False):
        """An rdflib graph with pySHACL's namespace bindings; with `bnodes`, every triple whose subject
        is a blank node (what pySHACL's description of a blank node reads), fetched once."""
        if self._dg is None:
            self._dg = self.R.Graph()
        if bnodes and not getattr(self._dg, "_kg_bnodes", False):
            rows = self.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isBlank(?s)) }").rows
            for row in rows:
                self._dg.add(tuple(_rdflib(t) for t in row))
            self._dg._kg_bnodes = True
        return self._dg

    def _message(self, shape: Shape, comp: Component, row: Row) -> str:
        if isinstance(comp, SparqlC):
            messages = list(comp.messages) + list(shape.messages)
        else:
            messages = list(shape.messages)
        if messages:
            msg = str(messages[0])
            if row.bindings is not None:
                for var, val in row.bindings.items():
                    msg = re.sub("{[?$]%s}" % re.escape(var), lambda _m, v=_text(val): v or "", msg)
            return msg
        generic = comp.generic_message(self, row)
        return generic if generic else f"fails {compact(row.component or comp.iri)}"

    # -- validation ---------------------------------------------------------------------------------
    def top_focus(self) -> dict:
        """Every shape evaluated on its own: the union of its targets and its parents' focus nodes."""
        parts = {s: [TargetFocus(s)] for s in self.shapes.values() if s.has_targets and not s.deactivated}
        focus: dict = {}  # through sh:property, parents first

        def resolve(s, stack=()):
            if s in focus:
                return focus[s]
            if s in stack:
                raise KgError(f"{s.label}: recursive sh:property is not supported (sparql engine)")
            srcs = list(parts.get(s, []))
            for parent in s.parents:
                if parent.deactivated:
                    continue
                pf = resolve(parent, stack + (s,))
                if pf is not None:
                    srcs.append(pf if not parent.is_property else ValuesFocus(pf, parent.path))
            focus[s] = UnionFocus(srcs) if srcs else None
            return focus[s]

        for s in self.shapes.values():
            if not s.deactivated:
                resolve(s)
        return {s: f for s, f in focus.items() if f is not None and not s.deactivated}

    def _collect(self, shape: Shape, focus: Focus, out: set, with_properties: bool, _stack=()) -> None:
        """Add the results of `shape`'s components on `focus`, with what pySHACL adds to them: the
        results of the shape an sh:node points to, for each value that fails it (pySHACL nests them
        as sh:detail, and kg's report lists every sh:ValidationResult), and, for such a nested
        shape, the results of its property shapes."""
        from ..validation.validate import Finding

        if shape.deactivated:
            return
        if shape in _stack:
            raise KgError(f"{shape.label}: recursive shapes are not supported (sparql engine)")
        for c in shape.components:
            rows = self.evaluate(shape, c, focus)
            for row in rows:
                path = row.path if row.path is not None else (Term.iri(shape.path_iri) if shape.path_iri else None)
                out.add(Finding(
                    severity=shape.severity.rsplit("#", 1)[-1],
                    source=shape.source,
                    focus=_text(row.focus),
                    path=_text(path) if path is not None and path.kind != "bnode" else None,
                    value=_text(row.value),
                    message=self._message(shape, c, row)))
            if rows and isinstance(c, NestedC) and c.kind == "node":
                member = c.members[0]
                failed = ValuesFocus(focus, shape.path if shape.is_property else None,
                                     lambda var, m=member: _not(self.shape_pass(m, var, "results")))
                self._collect(member, failed, out, True, _stack + (shape,))
        if with_properties:
            for p in shape.properties:
                self._collect(p, ValuesFocus(focus, shape.path) if shape.is_property else focus, out, True,
                              _stack + (shape,))

    def validate(self, store: Store) -> list:
        self.store, self._down, self._n, self._dg = store, None, 0, None
        findings: set = set()
        from ..progress import progress

        try:
            for s, focus in progress(list(self.top_focus().items()), desc="validating", unit="shape"):
                self._collect(s, focus, findings, with_properties=False)  # property shapes: top_focus
        finally:
            self.store = None
        return sorted(findings, key=lambda f: (f.severity, f.source, f.focus or "", f.path or "",
                                               f.value or "", f.message))


def run_sparql_shacl(store: Store, shapes_graph) -> list:
    """Validate the store's graph (union of its named graphs) against an rdflib shapes graph."""
    return Engine(shapes_graph).validate(store)
