"""The SPARQL SHACL engine (kg.shacl) gives the findings pySHACL gives: on every fixture, on the
seed graph, on mutated copies of the seed graph, and on hand-written shapes that use the
constraint components our shapes do not (yet) use. Findings are compared as sets of
(severity, source, focus, path, value, message); blank-node labels are engine-specific and
compared as "_:b" (docs/validation.md lists the deliberate differences)."""
from __future__ import annotations

import ast
import random
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import KgError
from kg.project import Project
from kg.shacl.engine import Engine, run_sparql_shacl
from kg.store.embedded import Store
from kg.validation import ENGINES, load_shapes, rdflib_graph, run_shacl, store_for_files, validate_store

from ..conftest import FIXTURES
from ..mutations import mutate

BNODE = re.compile(r"N[0-9a-f]{32}|[0-9a-f]{16,32}")
LISTED = re.compile(r"(not in list |in the set: |set of values: )(\[.*\])$")


def _norm_message(m: str) -> str:
    m = BNODE.sub("_:b", m)
    listed = LISTED.search(m)  # pySHACL lists sh:in / sh:hasValue values in set order (random)
    if listed:
        m = m[:listed.start(2)] + str(sorted(ast.literal_eval(listed.group(2))))
    return m


def normalise(findings) -> set:
    def term(x):
        return "_:b" if x is not None and BNODE.fullmatch(x) else x

    return {(f.severity, term(f.source), term(f.focus), f.path, term(f.value), _norm_message(f.message))
            for f in findings}


def reference(store: Store, shapes) -> set:
    return normalise(run_shacl(rdflib_graph(store.ntriples()), shapes))


def ours(store: Store, shapes) -> set:
    return normalise(run_sparql_shacl(store, shapes))


def store_of(turtle: str) -> Store:
    store = Store.memory()
    store.load_turtle_bytes(turtle.encode("utf-8"), "https://w3id.org/climate-commitments/graph/test", "test")
    return store


@pytest.fixture(scope="session")
def shapes(project):
    return load_shapes(project)


def all_fixtures() -> list[Path]:
    return sorted(p for kind in ("valid", "invalid", "warning", "inconsistent")
                  for p in (FIXTURES / kind).glob("*.ttl"))


# -- the project's shapes ------------------------------------------------------------------------

@pytest.mark.parametrize("path", all_fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_report_equals_pyshacl(project, shapes, path):
    store = store_for_files(project, [path])
    assert ours(store, shapes) == reference(store, shapes)


def test_seed_graph_report_equals_pyshacl(seed_store, shapes):
    got = ours(seed_store, shapes)
    assert got == reference(seed_store, shapes)
    assert got, "the seed graph has warnings (organisations without identifiers...)"


def test_validate_store_engines_agree_and_default_to_sparql(project):
    assert ENGINES == ("sparql", "pyshacl")
    store = store_for_files(project, [FIXTURES / "invalid" / "shares-sum-110.ttl"])
    default = validate_store(store, project, owl=False)
    reference_report = validate_store(store, project, owl=False, engine="pyshacl")
    assert "(sparql)" in default.checks["shacl"] and "(pyshacl)" in reference_report.checks["shacl"]
    assert set(default.findings) == set(reference_report.findings)
    assert not default.conforms()
    with pytest.raises(KgError, match="unknown SHACL engine"):
        validate_store(store, project, owl=False, engine="jena")




@pytest.mark.parametrize("seed", [1, 2])
def test_mutated_seed_graph_report_equals_pyshacl(project, seed_store, shapes, seed):
    """30 random edits to the seed graph: wrong datatypes, ranges, classes, counts, blank nodes..."""
    onto = Store.memory()
    from kg.store.build import assemble

    assemble(onto, project, project.ontology_files())
    ontology = {str(t) for t in ox.parse(onto.ntriples(), format=ox.RdfFormat.N_TRIPLES)}
    triples = list(ox.parse(seed_store.ntriples(), format=ox.RdfFormat.N_TRIPLES))
    data = [t for t in triples if str(t) not in ontology]
    iris = sorted({t.object for t in triples if isinstance(t.object, ox.NamedNode)}, key=str)
    classes = sorted({t.object for t in triples if t.predicate.value.endswith("#type")
                      and isinstance(t.object, ox.NamedNode)}, key=str)
    mutated = [t for t in triples if str(t) in ontology] + mutate(random.Random(seed), data, iris, classes, 30)
    store = Store.memory()
    store.load_turtle_bytes(ox.serialize(mutated, format=ox.RdfFormat.N_TRIPLES), "https://w3id.org/climate-commitments/graph/m", "m")
    got = ours(store, shapes)
    assert got == reference(store, shapes)
    assert any(f[0] == "Violation" for f in got)


# -- components our shapes do not use, on hand-written shapes ------------------------------------

PREFIXES = """@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""
EX = "http://example.org/"


def shapes_of(turtle: str):
    return rdflib.Graph().parse(data=PREFIXES + turtle, format="turtle")


def both(shapes_ttl: str, data_ttl: str) -> set:
    """Our findings, asserting they equal pySHACL's."""
    shapes, store = shapes_of(shapes_ttl), store_of(PREFIXES + data_ttl)
    got = ours(store, shapes)
    assert got == reference(store, shapes)
    return got


def foci(findings, source: str | None = None) -> set:
    return {f[2].removeprefix(EX) for f in findings if source is None or f[1] == EX + source}


def test_or_over_datatypes_and_classes_with_an_ill_typed_literal():
    got = both("""
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
    sh:property [ sh:path ex:p ; sh:or ( [ sh:datatype xsd:integer ] [ sh:class ex:K ] ) ; sh:message "or" ] .
""", """
ex:k1 a ex:K .
ex:a a ex:C ; ex:p 1 .
ex:b a ex:C ; ex:p "x" .
ex:c a ex:C ; ex:p ex:k1 .
ex:d a ex:C ; ex:p ex:z .
ex:e a ex:C ; ex:p " 7"^^xsd:integer .
ex:f a ex:C ; ex:p 1, ex:k1, "y" .
""")
    # " 7"^^xsd:integer is well-formed for rdflib (and XSD's whitespace collapse), not for Oxigraph's cast
    assert foci(got) == {"b", "d", "f"}


def test_not_and_nested_property_shapes():
    got = both("""
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "not" ;
    sh:not [ sh:class ex:K ] ;
    sh:not [ sh:path ex:p ; sh:minCount 2 ] .
""", """
ex:a a ex:C .
ex:b a ex:C, ex:K .
ex:c a ex:C ; ex:p 1, 2 .
ex:d a ex:C ; ex:p 1, 1.0 .
ex:e a ex:C ; ex:p 1 .
""")
    assert foci(got) == {"b", "c", "d"}  # 1 and 1.0 are two values (different terms)


def test_inverse_sequence_alternative_and_transitive_paths():
    got = both("""
ex:P a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path [ sh:inversePath ex:child ] ; sh:maxCount 1 ; sh:class ex:Person ; sh:message "inv" ] ;
    sh:property [ sh:path ( ex:child ex:name ) ; sh:datatype xsd:string ; sh:message "seq" ] ;
    sh:property [ sh:path [ sh:alternativePath ( ex:name [ sh:inversePath ex:named ] ) ] ; sh:minCount 1 ; sh:message "alt" ] ;
    sh:property [ sh:path [ sh:oneOrMorePath ex:child ] ; sh:not [ sh:hasValue ex:adam ] ; sh:message "cycle" ] .
""", """
ex:adam a ex:Person ; ex:name "Adam" ; ex:child ex:cain, ex:abel .
ex:eve a ex:Person ; ex:child ex:cain .
ex:cain a ex:Person ; ex:name 1 ; ex:child ex:adam .
ex:abel a ex:Person .
ex:thing ex:named ex:abel .
ex:rock ex:child ex:abel .
""")
    inverse = {f[2] for f in got if f[-1] == "inv"}
    assert inverse == {EX + "cain", EX + "abel"}  # cain: two parents; abel: a parent that is no Person
    assert {f[2] for f in got if f[-1] == "seq"} == {EX + "adam", EX + "eve"}
    assert {f[2] for f in got if f[-1] == "alt"} == {EX + "eve"}
    assert {f[2] for f in got if f[-1] == "cycle"} == {EX + "adam", EX + "eve", EX + "cain"}


SPARQL_SHAPES = """
ex: a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:Big a sh:NodeShape ; sh:targetClass ex:C ;
    sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this ?value WHERE { $this ex:n ?value . FILTER(?value > 10) }" ;
                sh:message "{$this} has {?value}" ] .
ex:Many a sh:NodeShape ; sh:targetSubjectsOf ex:part ;
    sh:sparql [ sh:prefixes ex: ; sh:select \"\"\"SELECT $this (COUNT(?p) AS ?n) WHERE { $this ex:part ?p } GROUP BY $this HAVING (COUNT(?p) > 2)\"\"\" ] ;
    sh:message "{?n} parts, {?value}" .
ex:NoThis a sh:NodeShape ; sh:targetClass ex:C ;
    sh:sparql [ sh:prefixes ex: ; sh:select "SELECT ?value WHERE { $this ex:n ?value . FILTER(?value < 0) }" ;
                sh:message "negative {?value} on {$this}" ] .
ex:PerFocus a sh:NodeShape ; sh:targetClass ex:C ;
    sh:sparql [ sh:prefixes ex: ; sh:select "SELECT (COUNT(?x) AS ?value) WHERE { $this ex:tag ?x } HAVING (COUNT(?x) = 0)" ;
                sh:message "untagged" ] .
ex:Path a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:n ;
    sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER(?value = 7) } ORDER BY ?value" ;
                sh:message "seven" ] .
ex:Off a sh:NodeShape ; sh:targetClass ex:C ;
    sh:sparql [ sh:select "SELECT $this WHERE { FILTER(false) }" ; sh:deactivated true ] .
"""


def test_sparql_constraints_prebind_this_for_all_focus_nodes_at_once():
    got = both(SPARQL_SHAPES, """
ex:a a ex:C ; ex:n 11, 3 ; ex:tag "t" ; ex:part 1, 2, 3 .
ex:b a ex:C ; ex:n -1, 7 .
_:x a ex:C ; ex:n 12 ; ex:tag "t" .
ex:c a ex:C ; ex:tag "t" .
""")
    by = {}
    for f in got:
        by.setdefault(f[1].removeprefix(EX), set()).add((f[2].removeprefix(EX), f[4], f[5]))
    assert by["Big"] == {("a", "11", "http://example.org/a has 11"), ("_:b", "12", "_:b has 12")}
    assert by["Many"] == {("a", EX + "a", "3 parts, http://example.org/a")}
    # $this not projected: pySHACL leaves {$this} in the message
    assert by["NoThis"] == {("b", "-1", "negative -1 on {$this}")}
    # an aggregate without GROUP BY is per focus node: one group, even without any solution
    assert by["PerFocus"] == {("b", "0", "untagged")}
    assert by["Path"] == {("b", "7", "seven")}
    assert "Off" not in by


def test_sparql_query_is_one_query_for_all_focus_nodes():
    shapes, store = shapes_of(SPARQL_SHAPES), store_of(PREFIXES + "ex:a a ex:C ; ex:n 11 .")
    engine, queries = Engine(shapes), []
    real = engine.select

    def counting(q):
        queries.append(q)
        return real(q)

    engine.select = counting
    engine.validate(store)
    big = [q for q in queries if "FILTER(?value > 10)" in q]
    assert len(big) == 1 and "SELECT DISTINCT ?this WHERE" in big[0]


def test_node_results_include_the_nested_shapes_results_as_pyshacl_details():
    got = both("""
ex:H a sh:NodeShape ; sh:targetClass ex:Holder ;
    sh:property [ sh:path ex:item ; sh:node ex:Item ; sh:message "item" ] .
ex:Item a sh:NodeShape ; sh:in ( ex:i1 ex:i2 5 ) ;
    sh:property [ sh:path ex:v ; sh:minCount 1 ; sh:maxExclusive 10 ; sh:message "v" ] .
""", """
ex:h1 a ex:Holder ; ex:item ex:i1, ex:i2, ex:i3, 5 .
ex:i1 ex:v 1 .
ex:i2 ex:v 11 .
ex:i3 ex:v 1 .
""")
    assert {(f[2], f[4], f[5]) for f in got if f[-1] == "item"} == {
        (EX + "h1", EX + "i2", "item"), (EX + "h1", EX + "i3", "item"), (EX + "h1", "5", "item")}
    details = {(f[1], f[2], f[4]) for f in got if f[-1] != "item"}
    assert (EX + "Item", EX + "i2", "11") in details and (EX + "Item", EX + "i3", EX + "i3") in details
    assert (EX + "Item", "5", None) in details  # minCount on a literal value node


def test_qualified_value_shapes_with_disjoint_siblings():
    got = both("""
ex:E a sh:NodeShape ; sh:targetClass ex:Evidence ;
    sh:property ex:Q, ex:P .
ex:Q sh:path ex:sel ; sh:qualifiedValueShape [ sh:class ex:Quote ] ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ;
    sh:qualifiedValueShapesDisjoint true .
ex:P sh:path ex:sel ; sh:qualifiedValueShape [ sh:class ex:Pos ] ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ;
    sh:qualifiedValueShapesDisjoint true .
""", """
ex:q1 a ex:Quote . ex:q2 a ex:Quote . ex:p1 a ex:Pos . ex:both a ex:Quote, ex:Pos .
ex:ok a ex:Evidence ; ex:sel ex:q1, ex:p1 .
ex:twoquotes a ex:Evidence ; ex:sel ex:q1, ex:q2, ex:p1 .
ex:ambiguous a ex:Evidence ; ex:sel ex:both .
ex:none a ex:Evidence .
""")
    assert foci(got, "Q") == {"twoquotes", "ambiguous", "none"}
    assert foci(got, "P") == {"ambiguous", "none"}


def test_nested_warning_shapes_conform_as_pyshacl_with_allow_warnings():
    got = both("""
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "or" ;
    sh:or ( [ sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Warning ] [ sh:path ex:q ; sh:minCount 1 ] ) .
""", "ex:a a ex:C . ex:b a ex:C ; ex:q 1 .")
    assert got == set()  # a Warning member conforms, whatever the data


GENERAL_SHAPES = """
ex: a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:Thing a rdfs:Class, sh:NodeShape ; sh:property ex:ThingName, ex:ThingParts .
ex:ThingName a sh:PropertyShape ; sh:path ex:name ; sh:maxLength 5 ; sh:languageIn ( "en" "fr" ) ;
    sh:uniqueLang true ; sh:severity sh:Warning ; sh:message "name"@en .
ex:ThingParts sh:path ( ex:part ex:label ) ; sh:minCount 1 ; sh:datatype xsd:string .
ex:InverseShape a sh:NodeShape ; sh:targetClass ex:Part ;
    sh:property [ sh:path [ sh:inversePath ex:part ] ; sh:minCount 1 ; sh:maxCount 1 ; sh:class ex:Thing ] .
ex:AltShape a sh:NodeShape ; sh:targetSubjectsOf ex:a ;
    sh:property [ sh:path [ sh:alternativePath ( ex:a ex:b ) ] ; sh:maxCount 2 ; sh:nodeKind sh:IRI ; sh:message "alt" ] ;
    sh:property [ sh:path [ sh:zeroOrMorePath ex:next ] ; sh:hasValue ex:end ] ;
    sh:property [ sh:path [ sh:oneOrMorePath ex:next ] ; sh:not [ sh:hasValue ex:bad ] ] .
ex:AndXone a sh:NodeShape ; sh:targetObjectsOf ex:ref ;
    sh:and ( [ sh:nodeKind sh:IRI ] [ sh:property [ sh:path ex:p ; sh:minCount 1 ] ] ) ;
    sh:xone ( [ sh:class ex:A ] [ sh:class ex:B ] [ sh:path ex:q ; sh:hasValue "x" ] ) .
ex:Holder a rdfs:Class .
ex:NodeRef a sh:NodeShape ; sh:targetClass ex:Holder ;
    sh:property [ sh:path ex:item ; sh:node ex:ItemShape ;
        sh:qualifiedValueShape [ sh:class ex:A ] ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 2 ;
        sh:qualifiedValueShapesDisjoint true ] ,
      [ sh:path ex:item ; sh:qualifiedValueShape [ sh:class ex:B ] ; sh:qualifiedMaxCount 1 ;
        sh:qualifiedValueShapesDisjoint true ] ,
      [ sh:path ex:item ; sh:qualifiedValueShape [ sh:path ex:v ; sh:minInclusive 3 ] ; sh:qualifiedMinCount 2 ] .
ex:ItemShape a sh:NodeShape ;
    sh:property [ sh:path ex:v ; sh:minCount 1 ; sh:minInclusive 0 ; sh:maxExclusive 10 ] ;
    sh:in ( ex:i1 ex:i2 ex:i3 ex:i4 ex:i5 "lit" 5 ) .
ex:Equals a sh:NodeShape ; sh:targetClass ex:Pair ;
    sh:property [ sh:path ex:x ; sh:equals ex:y ; sh:disjoint ex:z ; sh:lessThan ex:w ; sh:lessThanOrEquals ex:y ] ,
      [ sh:path ex:y ; sh:minExclusive 1 ; sh:maxInclusive 8 ; sh:pattern "^[0-9]$" ; sh:minLength 1 ] .
ex:Closed a sh:NodeShape ; sh:targetNode ex:c1, ex:c2, "lit" ; sh:closed true ; sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path ex:p ] .
ex:Deact a sh:NodeShape ; sh:targetClass ex:Thing ; sh:deactivated true ;
    sh:property [ sh:path ex:zzz ; sh:minCount 1 ] .
ex:NotWarn a sh:NodeShape ; sh:targetClass ex:Sub ;
    sh:not [ sh:path ex:bad ; sh:minCount 1 ; sh:severity sh:Warning ] ;
    sh:node [ sh:property [ sh:path ex:bad ; sh:maxCount 0 ] ; sh:severity sh:Warning ] ;
    sh:or ( [ sh:path ex:num ; sh:minCount 2 ] [ sh:path ex:name ; sh:pattern "^a" ; sh:flags "i" ] ) .
ex:Sparql a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:num ;
    sh:sparql [ sh:prefixes ex: ; sh:select \"\"\"SELECT $this ?value ?n WHERE { { SELECT $this (COUNT(?v) AS ?n)
        WHERE { $this ex:part ?v } GROUP BY $this } BIND(?n AS ?value) FILTER(?n = 2) }\"\"\" ;
        sh:message "two parts on {$this}: {?n} {?missing}" ] ,
      [ sh:prefixes ex: ; sh:select "SELECT ?this (ex:num AS ?path) WHERE { ?this ex:num ?x . FILTER NOT EXISTS { ?this ex:name ?nm } }" ] .
"""


def _random_data(rng: random.Random) -> str:
    nodes = [f"ex:n{i}" for i in range(12)] + [f"ex:i{i}" for i in range(1, 7)] + [
        "ex:c1", "ex:c2", "ex:end", "ex:bad", "_:b1", "_:b2"]
    literals = ['"ab"@en', '"abcdef"@en', '"ab"@fr', '"x"@de', '"Ab"@EN', '"x"', '"lit"', "5", "3", "0", "-1", "10",
                '"7"', "12", "2.5", '"9"^^xsd:integer', '" 4"^^xsd:integer', '"2020-01-01"^^xsd:date', '"abc"', '""']
    classes = ["Thing", "Sub", "Part", "Holder", "Pair", "A", "B"]
    props = ["name", "part", "label", "a", "b", "next", "ref", "p", "q", "item", "v", "x", "y", "z", "w", "num", "bad"]
    out = ["ex:Sub rdfs:subClassOf ex:Thing ."]
    for _ in range(rng.randint(20, 70)):
        s = rng.choice(nodes)
        if rng.random() < 0.3:
            out.append(f"{s} a ex:{rng.choice(classes)} .")
        else:
            o = rng.choice(nodes + literals) if rng.random() < 0.6 else rng.choice(literals)
            out.append(f"{s} ex:{rng.choice(props)} {o} .")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("seed", range(12))
def test_random_graphs_against_general_shapes_equal_pyshacl(seed):
    """and, xone, node (with details), not, or, equals, disjoint, lessThan(OrEquals), closed, hasValue,
    languageIn, uniqueLang, min/maxLength, pattern with flags, qualified shapes with disjoint siblings,
    complex paths, implicit class targets, sh:targetNode, sh:deactivated, nested sh:Warning shapes,
    SHACL-SPARQL with a subquery and ?path, and the generic messages of shapes without sh:message."""
    both(GENERAL_SHAPES, _random_data(random.Random(seed)))


# -- what the engine refuses ---------------------------------------------------------------------

@pytest.mark.parametrize("shape, component", [
    ('ex:S sh:targetClass ex:C ; sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE { ?this a ex:C }" ] .',
     "sh:target"),
    ("ex:S sh:targetClass ex:C ; sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:p ; sh:object 1 ] .",
     "sh:rule"),
    ("ex:S sh:targetClass ex:C ; sh:frobnicate true .", "sh:frobnicate"),
    ("""ex:MaxDiff a sh:ConstraintComponent ; sh:parameter [ sh:path ex:maxDiff ] ;
        sh:validator [ a sh:JSValidator ; sh:jsFunctionName "maxDiff" ] .
        ex:S sh:targetClass ex:C ; ex:maxDiff 3 .""", "http://example.org/MaxDiff"),
    ("""ex:Sub rdfs:subClassOf sh:ConstraintComponent . ex:MaxDiff a ex:Sub ; sh:parameter [ sh:path ex:maxDiff ] .
        ex:S sh:targetClass ex:C ; ex:maxDiff 3 .""", "http://example.org/MaxDiff"),  # typed with a subclass
])
def test_unsupported_component_fails_with_one_line_naming_shape_and_component(shape, component):
    with pytest.raises(KgError) as err:
        Engine(shapes_of(shape))
    message = str(err.value)
    assert len(message.splitlines()) == 1
    assert "<http://example.org/S>" in message and component in message


def test_unsupported_component_in_the_project_shapes_stops_kg_validate(project, tmp_path):
    (tmp_path / "shapes").mkdir()
    (tmp_path / "shapes" / "cckg-shapes.ttl").write_bytes((project.shapes_dir / "cckg-shapes.ttl").read_bytes())
    (tmp_path / "shapes" / "extra.ttl").write_text(PREFIXES + """
ex:NewShape a sh:NodeShape ; sh:targetClass ex:C ; sh:js [ sh:jsFunctionName "f" ] .
""", encoding="utf-8")
    other = Project(tmp_path)
    store = store_for_files(project, [FIXTURES / "valid" / "pledge-complete.ttl"])
    with pytest.raises(KgError, match=r"NewShape.*sh:js"):
        validate_store(store, other, owl=False)
    assert validate_store(store, other, owl=False, engine="pyshacl") is not None  # pySHACL ignores sh:js


def test_sparql_based_constraint_components_ask_and_select_validators_as_pyshacl():
    """SHACL 6: components declared in the shapes graph (one typed with a subclass of
    sh:ConstraintComponent), their parameters pre-bound, ASK per value node, SELECT per focus node.
    pySHACL leaves sh:value out of an ASK validator's results on a property shape; SHACL 6.3 gives
    the value node, as we do: compared without it."""
    shapes, store = shapes_of("""
ex:Kind rdfs:subClassOf sh:ConstraintComponent .
ex:LangComponent a ex:Kind ;
    sh:parameter [ sh:path ex:lang ] ;
    sh:validator [ a sh:SPARQLAskValidator ; sh:message "not in {$lang}" ;
        sh:ask "ASK { FILTER (isLiteral($value) && langMatches(lang($value), $lang)) }" ] .
ex:MaxComponent a sh:ConstraintComponent ;
    sh:parameter [ sh:path ex:most ] ;
    sh:nodeValidator [ a sh:SPARQLSelectValidator ; sh:message "more than {$most}" ;
        sh:select "SELECT $this WHERE { $this <http://example.org/p> ?v } GROUP BY $this HAVING (COUNT(?v) > $most)" ] .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; ex:most 1 ;
    sh:property [ sh:path ex:label ; ex:lang "de" ] .
"""), store_of(PREFIXES + """
ex:a a ex:C ; ex:label "Hallo"@de ; ex:p 1 .
ex:b a ex:C ; ex:label "Hello"@en, "Hallo"@de .
ex:c a ex:C ; ex:p 1, 2 .
ex:d a ex:C ; ex:label ex:iri .
""")
    got = ours(store, shapes)
    assert {f[:4] + f[5:] for f in got} == {f[:4] + f[5:] for f in reference(store, shapes)}
    assert {(f[2].removeprefix(EX), f[4], f[5]) for f in got} == {
        ("b", "Hello", "not in de"), ("c", EX + "c", "more than 1"), ("d", EX + "iri", "not in de")}
