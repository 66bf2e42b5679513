"""Random small shapes graphs against random small data graphs, through `kg shacl`'s entry point
(`kg.validation.files.validate_files`): the sparql engine's W3C report is pySHACL's, on sh:conforms and
on the multiset of results compared on the six W3C fields (focus node, path, value, source shape,
constraint component, severity; tests/shacl/w3c.py's comparison); and a shapes graph using a feature
the engine does not support fails with a one-line KgError, never another exception.

The shapes: one to three shapes with targets (sh:targetClass, sh:targetNode, sh:targetSubjectsOf,
sh:targetObjectsOf, a shape that is a class), node shapes with property shapes or property shapes of
their own; IRI, inverse, sequence, alternative and */+/? paths; the core constraint components
(sh:class, sh:datatype, sh:nodeKind, counts, ranges, lengths, sh:pattern with sh:flags, sh:languageIn,
sh:uniqueLang, sh:equals, sh:disjoint, sh:lessThan(OrEquals), sh:hasValue, sh:in, sh:closed, sh:node,
sh:not, sh:and, sh:or, sh:xone, sh:qualifiedValueShape), nested two levels deep; severities (any IRI),
sh:deactivated, a property shape shared by two node shapes; SHACL-SPARQL constraints from templates
($this, $PATH, sub-selects, OPTIONAL, FILTER NOT EXISTS, UNION groups, aggregates with and without
GROUP BY). The data: four IRIs, two blank nodes, literals of several datatypes and languages, some
ill-typed, some not in canonical form. tests/conftest.py counts the examples that ran.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.errors import KgError
from kg.shacl.report import report_graph
from kg.validation.files import validate_files

from ..strategies import SLOW
from . import w3c
from .test_engine import PREFIXES

DECLARE = 'ex: a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .\n'

# -- the data graph -----------------------------------------------------------------------------------

IRIS = ["ex:a", "ex:b", "ex:c", "ex:d"]
BNODES = ["_:x", "_:y"]
CLASSES = ["ex:C", "ex:D"]
PROPS = ["ex:p", "ex:q", "ex:r"]
# sh:lessThan and sh:lessThanOrEquals only compare values of ex:n and ex:m, never blank nodes, dates or
# ill-typed literals (COMPARABLE): pySHACL raises on a blank-node value node even when there is nothing
# to compare it with (SHACL 4.5.3 and ours need a pair), and crashes (TypeError) on values Python cannot
# order, a date and a number, where ours gives a result ("cannot be compared", docs/validation.md).
ORDERED = ["ex:n", "ex:m"]
LANGUAGES = ['"ab"@en', '"abc"@en', '"ab"@en-US', '"x"@fr', '"x"@EN', '"y"@fr']
LITERALS = [
    "1", "2", "10", "-1", "1.5", "true",                          # xsd:integer, xsd:decimal, xsd:boolean
    '"abc"', '"ab"', '""', '"A1"', *LANGUAGES,                     # xsd:string, rdf:langString
    '"2020-01-01"^^xsd:date', '"2021-06-30"^^xsd:date', '"1"^^ex:unknown',
    '"abc"^^xsd:integer', '"2020-13-45"^^xsd:date',                # ill-typed
    '" 7"^^xsd:integer', '"maybe"^^xsd:boolean',                  # ill-typed for XSD, not for rdflib
]
# Not drawn: well-typed literals out of canonical form ("01"^^xsd:integer, "2.0e0"^^xsd:double,
# "1"^^xsd:boolean). Oxigraph keeps them in canonical form, so `kg shacl`'s sparql engine judges "1" and
# counts 1 and "01" as one value: a documented limit of the store (docs/validation.md, "Values as
# written"; `kg shacl` says so on stderr), found by this test (CANONICAL_LITERALS below, which pySHACL
# reads as two terms).
OBJECTS = IRIS + BNODES + LITERALS
COMPARABLE = IRIS + ["1", "2", "10", "-1", "1.5", '"abc"', '"ab"', '""', '"ab"@en', '"x"@fr']


@st.composite
def data_graphs(draw) -> str:
    """Up to 24 triples: types, values of ex:p, ex:q, ex:r (anything) and of ex:n, ex:m (comparable)."""
    lines = ["ex:D rdfs:subClassOf ex:C ."] if draw(st.booleans()) else []
    subjects = st.sampled_from(IRIS + BNODES)
    for _ in range(draw(st.integers(0, 24))):
        s, kind = draw(subjects), draw(st.integers(0, 9))
        if kind < 2:
            lines.append(f"{s} a {draw(st.sampled_from(CLASSES))} .")
        elif kind < 4:  # few subjects: sh:lessThan needs values of both ex:n and ex:m, sh:uniqueLang two languages
            s = draw(st.sampled_from(["ex:a", "ex:b", "_:y"]))
            lines.append(f"{s} {draw(st.sampled_from(ORDERED))} {draw(st.sampled_from(COMPARABLE))} .")
        elif kind < 6:
            s, p = draw(st.sampled_from(["ex:a", "ex:b", "_:x"])), draw(st.sampled_from(["ex:p", "ex:r"]))
            lines.append(f"{s} {p} {draw(st.sampled_from(LANGUAGES))} .")
        else:
            lines.append(f"{s} {draw(st.sampled_from(PROPS))} {draw(st.sampled_from(OBJECTS))} .")
    return PREFIXES + "\n".join(lines) + "\n"


# -- the shapes graph ---------------------------------------------------------------------------------

PATHS = ["ex:p", "ex:q", "ex:r", "[ sh:inversePath ex:p ]", "( ex:p ex:q )", "( ex:p [ sh:inversePath ex:q ] )",
         "[ sh:alternativePath ( ex:p ex:q ) ]", "[ sh:alternativePath ( ex:r [ sh:inversePath ex:p ] ) ]",
         "[ sh:zeroOrMorePath ex:p ]", "[ sh:oneOrMorePath ex:q ]", "[ sh:zeroOrOnePath ex:r ]",
         "( ex:p [ sh:zeroOrMorePath ex:q ] )", "[ sh:inversePath [ sh:oneOrMorePath ex:p ] ]"]
BOUNDS = ["1", "2", "0", "1.5", '"2020-06-01"^^xsd:date', '"b"']
TERMS = ["ex:a", "ex:b", "1", '"abc"', '"ab"@en', "true"]
SEVERITIES = [None, None, None, None, "sh:Violation", "sh:Warning", "sh:Info", "ex:Severe"]  # any IRI will do

# SHACL-SPARQL constraints: (uses $PATH, so property shapes only; SELECT). The FILTERs test term kinds,
# languages and counts only: rdflib's SPARQL, which pySHACL runs, departs from the standard when comparing across
# types and on ill-typed literals (docs/validation.md).
SPARQL = [
    (False, "SELECT $this ?value WHERE { $this ex:p ?value . FILTER(isLiteral(?value)) }"),
    (False, "SELECT $this WHERE { OPTIONAL { $this ex:q ?x } FILTER(!BOUND(?x)) }"),
    (False, "SELECT $this ?value WHERE { { SELECT $this (COUNT(?o) AS ?value) WHERE { $this ex:p ?o } "
            "GROUP BY $this } FILTER(?value >= 2) }"),
    (False, "SELECT $this ?value WHERE { $this ex:p ?value . FILTER NOT EXISTS { ?value a ex:C } }"),
    (False, "SELECT $this ?value WHERE { { $this ex:p ?value } UNION { ?value ex:q $this } FILTER(isIRI(?value)) }"),
    (False, 'SELECT $this (ex:r AS ?path) ?value WHERE { $this ex:r ?value . '
            'FILTER(langMatches(lang(?value), "en")) }'),
    (False, "SELECT $this ?value WHERE { $this ex:p ?value . { ?value a ex:C } UNION "
            "{ ?value ex:q ?z . FILTER NOT EXISTS { ?z a ex:D } } }"),
    (False, "SELECT ?value WHERE { $this ex:q ?value . FILTER(isBlank(?value)) }"),  # $this not projected
    (False, "SELECT (COUNT(?o) AS ?value) WHERE { $this ex:r ?o } HAVING (COUNT(?o) = 0)"),  # per focus node
    (False, "SELECT $this (COUNT(?o) AS ?n) WHERE { $this ex:p ?o } GROUP BY $this HAVING (COUNT(?o) > 1)"),
    (True, "SELECT $this ?value WHERE { $this $PATH ?value . FILTER(isBlank(?value)) }"),
    (True, "SELECT $this ?value WHERE { $this $PATH ?value . FILTER NOT EXISTS { $this ex:r ?value } }"),
    (True, "SELECT $this WHERE { $this $PATH ?v . OPTIONAL { ?v ex:p ?w } FILTER(!BOUND(?w)) }"),
]

# parameters a shape may give several values (each one more constraint); the others are given once at most
MANY = {"class", "hasValue", "equals", "disjoint", "not", "and", "or", "xone", "node", "sparql", "property"}


def _once(pairs: list[tuple[str, str]]) -> list[str]:
    """`sh:parameter object` texts, a single-valued parameter kept at its first value."""
    seen, out = set(), []
    for param, obj in pairs:
        if param in seen and param not in MANY:
            continue
        seen.add(param)
        out.append(f"sh:{param} {obj}")
    return out


def _severity(draw) -> list[tuple[str, str]]:
    severity = draw(st.sampled_from(SEVERITIES))
    return [("severity", severity)] if severity else []


@st.composite
def value_constraints(draw, depth: int, names: list[str], on_property: bool) -> list[tuple[str, str]]:
    """One or two constraints any shape may have (node or property shape), as (parameter, object);
    shape-based ones while `depth` lasts; sh:node to a named shape of `names` (drawn before: no cycle)."""
    kinds = ["class", "datatype", "nodeKind", "range", "length", "pattern", "languageIn", "in", "hasValue",
             "equals", "disjoint", "sparql"]
    if depth > 0:
        kinds += ["not", "and", "or", "xone", "node"]
    out = []
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=2)):
        if kind == "class":
            out.append(("class", draw(st.sampled_from(CLASSES))))
        elif kind == "datatype":
            out.append(("datatype", draw(st.sampled_from(
                ["xsd:integer", "xsd:string", "rdf:langString", "xsd:date", "xsd:decimal", "xsd:boolean"]))))
        elif kind == "nodeKind":
            out.append(("nodeKind", "sh:" + draw(st.sampled_from(
                ["IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral"]))))
        elif kind == "range":
            op = draw(st.sampled_from(["minInclusive", "maxInclusive", "minExclusive", "maxExclusive"]))
            out.append((op, draw(st.sampled_from(BOUNDS))))
        elif kind == "length":
            out.append((draw(st.sampled_from(["minLength", "maxLength"])), str(draw(st.integers(0, 4)))))
        elif kind == "pattern":
            out.append(("pattern", '"%s"' % draw(st.sampled_from(["^a", "b", "^[0-9]+$", "^A", "c$", "^.$"]))))
            if draw(st.booleans()):
                out.append(("flags", '"i"'))
        elif kind == "languageIn":
            out.append(("languageIn", draw(st.sampled_from(['( "en" )', '( "en" "fr" )', '( "de" )']))))
        elif kind == "in":
            items = draw(st.lists(st.sampled_from(TERMS), min_size=1, max_size=3, unique=True))
            out.append(("in", f"( {' '.join(items)} )"))
        elif kind == "hasValue":
            out.append(("hasValue", draw(st.sampled_from(TERMS))))
        elif kind in ("equals", "disjoint"):
            out.append((kind, draw(st.sampled_from(PROPS))))
        elif kind == "sparql":
            query = draw(st.sampled_from([q for prop, q in SPARQL if on_property or not prop]))
            message = draw(st.sampled_from(["", ' ; sh:message "{$this}: {?value}"']))
            out.append(("sparql", f'[ sh:prefixes ex: ; sh:select """{query}"""{message} ]'))
        elif kind == "not":
            out.append(("not", draw(nested_shapes(depth - 1, names))))
        elif kind in ("and", "or", "xone"):
            members = draw(st.lists(nested_shapes(depth - 1, names), min_size=1, max_size=3))
            out.append((kind, f"( {' '.join(members)} )"))
        elif kind == "node":
            named = names and draw(st.booleans())
            out.append(("node", draw(st.sampled_from(names)) if named else draw(nested_shapes(depth - 1, names, True))))
    return out


@st.composite
def property_constraints(draw, depth: int, names: list[str]) -> list[tuple[str, str]]:
    """Constraints of a property shape: any shape's, counts, sh:uniqueLang, a qualified value shape, and a
    property shape over ex:n or ex:m with sh:lessThan(OrEquals) (see ORDERED)."""
    out = []
    for kind in draw(st.lists(st.sampled_from(["value", "value", "count", "uniqueLang", "lessThan", "qualified"]),
                              min_size=1, max_size=3)):
        if kind == "value":
            out += draw(value_constraints(depth, names, True))
        elif kind == "count":
            out.append((draw(st.sampled_from(["minCount", "maxCount"])), str(draw(st.integers(0, 2)))))
        elif kind == "uniqueLang":
            out.append(("uniqueLang", "true"))
        elif kind == "lessThan":
            out.append(("property", f"[ {draw(comparisons())} ]"))
        elif kind == "qualified":
            out.append(("qualifiedValueShape", draw(nested_shapes(max(depth - 1, 0), names))))
            for count in draw(st.sampled_from([("qualifiedMinCount",), ("qualifiedMaxCount",),
                                               ("qualifiedMinCount", "qualifiedMaxCount")])):
                out.append((count, str(draw(st.integers(0, 2)))))
            if draw(st.booleans()):
                out.append(("qualifiedValueShapesDisjoint", "true"))
    return out


@st.composite
def comparisons(draw) -> str:
    """A property shape's body over ex:n or ex:m with sh:lessThan or sh:lessThanOrEquals (see ORDERED)."""
    path = draw(st.sampled_from(ORDERED + ["[ sh:alternativePath ( ex:n ex:m ) ]"]))
    which = draw(st.sampled_from(["lessThan", "lessThanOrEquals"]))
    body = [("path", path), (which, draw(st.sampled_from(ORDERED)))] + _severity(draw)
    return " ; ".join(_once(body))


@st.composite
def nested_shapes(draw, depth: int, names: list[str], node_only: bool = False) -> str:
    """A blank-node shape for sh:not, sh:and, sh:or, sh:xone, sh:node or sh:qualifiedValueShape."""
    if node_only or draw(st.booleans()):
        body = draw(value_constraints(depth, names, False))
    else:
        body = [("path", draw(st.sampled_from(PATHS)))] + draw(property_constraints(depth, names))
    return "[ " + " ; ".join(_once(body + _severity(draw))) + " ]"


@st.composite
def property_shapes(draw, depth: int, names: list[str]) -> str:
    body = [("path", draw(st.sampled_from(PATHS)))] + draw(property_constraints(depth, names)) + _severity(draw)
    if draw(st.integers(0, 9)) == 0:
        body.append(("deactivated", "true"))
    return " ; ".join(_once(body))


TARGETS = ["sh:targetClass ex:C", "sh:targetClass ex:D", "sh:targetNode ex:a", "sh:targetNode ex:b",
           "sh:targetNode 1", 'sh:targetNode "abc"', "sh:targetSubjectsOf ex:p", "sh:targetSubjectsOf ex:r",
           "sh:targetObjectsOf ex:q", "sh:targetObjectsOf ex:p"]

# What the sparql engine refuses (docs/validation.md), added to a shapes graph: the error names ex:U.
UNSUPPORTED = [
    'ex:U a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE { ?this a ex:C }" ] ; '
    "sh:class ex:D .",
    "ex:U a sh:NodeShape ; sh:targetClass ex:C ; sh:rule [ a sh:TripleRule ; sh:subject sh:this ; "
    "sh:predicate ex:p ; sh:object 1 ] .",
    'ex:U a sh:NodeShape ; sh:targetClass ex:C ; sh:js [ sh:jsFunctionName "f" ] .',
    "ex:U a sh:NodeShape ; sh:targetClass ex:C ; sh:frobnicate true .",
    "ex:U a sh:NodeShape ; sh:targetClass ex:C ; sh:expression [ sh:path ex:p ] .",
    "ex:U a sh:NodeShape ; sh:targetNode [] ; sh:class ex:C .",
    "ex:U a sh:NodeShape ; sh:targetNode ex:a ; sh:or ( [ sh:class ex:C ] [ sh:node ex:U ] ) .",  # recursive
    "ex:U a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:V . ex:V sh:path ex:p ; sh:node ex:U .",
]


@st.composite
def shapes_graphs(draw) -> tuple[str, bool]:
    """(Turtle, whether a feature the sparql engine refuses was added): one to three shapes with targets
    (node shapes with property shapes, or property shapes; ex:D may be a class and a shape), nested shapes
    two levels deep, sh:node to shapes drawn before (no cycle), a property shape shared by two node
    shapes, once in a while sh:closed, sh:deactivated and an unsupported feature."""
    refused = draw(st.integers(0, 11)) == 0  # drawn first: Hypothesis often gives a long draw's last choices 0
    out, names, shared = [PREFIXES, DECLARE], [], None
    for i in range(draw(st.integers(1, 3))):
        name = f"ex:S{i}"
        targets = draw(st.lists(st.sampled_from(TARGETS), min_size=1, max_size=2, unique=True))
        if i == 0 and draw(st.integers(0, 5)) == 0:  # a class that is a shape: its instances are focus nodes
            name, targets = "ex:D", ["a rdfs:Class"]
        if draw(st.integers(0, 3)) == 0:  # a property shape with targets
            out.append(f"{name} a sh:PropertyShape ; " + " ;\n    ".join(targets + [draw(property_shapes(2, names))])
                       + " .\n")
            continue
        body = ["a sh:NodeShape"] + targets
        if draw(st.booleans()):
            body += _once(draw(value_constraints(2, list(names), False)))
        for _ in range(draw(st.integers(0 if len(body) > 1 + len(targets) else 1, 2))):
            if shared is not None and draw(st.booleans()):
                body.append(f"sh:property {shared}")
            elif shared is None and draw(st.integers(0, 3)) == 0:
                shared = f"ex:P{i}"
                out.append(f"{shared} {draw(property_shapes(2, list(names)))} .\n")
                body.append(f"sh:property {shared}")
            elif draw(st.integers(0, 3)) == 0:
                body.append(f"sh:property [ {draw(comparisons())} ]")
            else:
                body.append(f"sh:property [ {draw(property_shapes(2, list(names)))} ]")
        if draw(st.integers(0, 5)) == 0:
            body.append("sh:closed true" + draw(st.sampled_from(["", " ; sh:ignoredProperties ( rdf:type )"])))
        if draw(st.integers(0, 15)) == 0:
            body.append("sh:deactivated true")
        body += _once(_severity(draw))
        out.append(f"{name} " + " ;\n    ".join(body) + " .\n")
        names.append(name)
    if refused:
        out.append(draw(st.sampled_from(UNSUPPORTED)) + "\n")
    return "".join(out), refused


# -- both engines -------------------------------------------------------------------------------------

def _run(directory: Path, shapes: str, data: str, engine: str):
    (directory / "shapes.ttl").write_text(shapes, encoding="utf-8")
    (directory / "data.ttl").write_text(data, encoding="utf-8")
    return validate_files([str(directory / "data.ttl")], [str(directory / "shapes.ttl")], engine=engine)


def _expected(graph) -> w3c.Expected:
    return w3c.Expected(graph, next(graph.subjects(w3c.RDF.type, w3c.SH.ValidationReport)))


def _graph(report):
    """A report's W3C graph as `kg shacl -f turtle` writes it (kg.shacl.report.report_graph), not
    serialised: rdflib would read the Turtle integer `01` back as "1"."""
    return report_graph(report.findings, report.shapes, report.data_bnodes)


def differences(shapes: str, data: str) -> list[str]:
    """How our report differs from pySHACL's (w3c.compare), or how one engine failed and the other did not."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            ours = _run(Path(tmp), shapes, data, "sparql")
        except KgError as exc:
            assert len(str(exc).splitlines()) == 1, str(exc)
            if "a path that can be of length zero" in str(exc):
                return []  # refused, as docs/validation.md says, rather than answered wrong (the join finds no value)
            ours = exc
        # pySHACL reads the data's literals as written, as `kg shacl` means to (and as the W3C runner
        # does): rdflib would otherwise normalise them ("01"^^xsd:integer to "1", "maybe"^^xsd:boolean to "false")
        try:
            with w3c.exact_literals():
                reference = _run(Path(tmp), shapes, data, "pyshacl")
        except Exception as exc:  # noqa: BLE001 - pySHACL's errors are compared with ours
            reference = exc
    if isinstance(ours, Exception) or isinstance(reference, Exception):
        if isinstance(ours, Exception) and isinstance(reference, Exception):
            return []  # both refuse the shapes graph
        return [f"{engine} failed: {type(exc).__name__}: {exc}" for engine, exc in
                (("sparql", ours), ("pyshacl", reference)) if isinstance(exc, Exception)]
    mine = _graph(ours)
    conforms = w3c.compare(_expected(reference.graph), mine, conforms_only=True)  # pySHACL's own report
    # pySHACL copies a blank-node source shape into its report ten levels deep at most (rdfutil/clone.py:
    # deeper nested shapes lose their description, and w3c.compare matches blank shapes by description):
    # its findings, which hold the shapes graph's own nodes (copied with keepid), are written again with
    # full descriptions, by the code that writes ours
    results = w3c.compare(_expected(_graph(reference)), mine)
    return conforms + [line for line in results if not line.startswith("sh:conforms")]


# -- the property -------------------------------------------------------------------------------------

def _case(shapes: str, data: str) -> dict:
    """An @example's arguments from Turtle without prefixes."""
    return {"shapes": (PREFIXES + shapes, False), "data": PREFIXES + data}


# Found by this test, our engine wrong each time, kept as regression examples: a shape's own result,
# repeated as the sh:detail of another shape's sh:node result, was reported as the detail only; the
# Python check of undecided values read rdflib's normalised lexical form ("maybe"^^xsd:boolean as "false");
# a zero-length path from a focus node the data does not mention found no value (now refused in one line).
NESTED_RESULT_REPLACES_TOP_LEVEL = (
    "ex:S0 a sh:NodeShape ; sh:targetNode ex:a ; sh:class ex:C .\n"
    "ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:node ex:S0 .\n",
    "ex:a ex:p 1 .\n")
RDFLIB_LEXICAL_FORMS = (
    'ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:pattern "^m" ; sh:maxLength 1 .\n',
    'ex:a ex:p "maybe"^^xsd:boolean, " 7"^^xsd:integer .\n')
ZERO_LENGTH_PATH_OUTSIDE_THE_DATA = (
    "ex:S a sh:PropertyShape ; sh:targetNode ex:a ; sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 .\n",
    "ex:b ex:p ex:c .\n")
# A documented limit, not drawn (see LITERALS): Oxigraph keeps "01"^^xsd:integer as "1".
CANONICAL_LITERALS = (
    "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:nodeKind sh:IRI .\n",
    'ex:a ex:p 1, "01"^^xsd:integer .\n')


@example(**_case(*NESTED_RESULT_REPLACES_TOP_LEVEL))
@example(**_case(*RDFLIB_LEXICAL_FORMS))
@example(**_case(*ZERO_LENGTH_PATH_OUTSIDE_THE_DATA))
@settings(**SLOW, max_examples=150, database=None)
@given(data=data_graphs(), shapes=shapes_graphs())  # the data first: see shapes_graphs
def test_random_shapes_give_pyshacls_report(shapes, data):
    turtle, refused = shapes
    if refused:
        with tempfile.TemporaryDirectory() as tmp, pytest.raises(KgError) as error:
            _run(Path(tmp), turtle, data, "sparql")
        message = str(error.value)
        assert len(message.splitlines()) == 1 and "http://example.org/U" in message, message
        return
    found = differences(turtle, data)
    assert not found, "\n".join(found)


def test_literals_out_of_canonical_form_are_a_limit_kg_shacl_states():
    """The documented limit the generator leaves out: Oxigraph keeps "01"^^xsd:integer as "1", so the
    sparql engine sees one focus node where pySHACL sees two; `kg shacl` says so (a note on stderr)."""
    case = _case(*CANONICAL_LITERALS)
    shapes, data = case["shapes"][0], case["data"]
    assert differences(shapes, data)  # the limit is real (this fails the day it is lifted: then draw them)
    with tempfile.TemporaryDirectory() as tmp:
        report = _run(Path(tmp), shapes, data, "sparql")
    assert any('"01"^^<http://www.w3.org/2001/XMLSchema#integer> is kept as "1"' in n for n in report.notes)
