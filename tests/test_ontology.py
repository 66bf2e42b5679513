"""The ontology file: documented terms, a complete header, our Python vocabulary in step with it,
and OWL 2 DL consistency under HermiT."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.iris import CCKG_NS, ONTOLOGY_IRI
from kg.vocab import CCKG

VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              OWL.NamedIndividual, SKOS.Concept, SKOS.ConceptScheme)


@pytest.fixture(scope="module")
def onto(project) -> rdflib.Graph:
    g = rdflib.Graph()
    for f in project.ontology_files():
        g.parse(f, format="turtle")
    return g


def declared_terms(g: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for t in TERM_TYPES for s in g.subjects(RDF.type, t)
            if isinstance(s, rdflib.URIRef) and str(s).startswith(CCKG_NS)}


def test_header_is_complete(onto):
    o = rdflib.URIRef(ONTOLOGY_IRI)
    assert (o, RDF.type, OWL.Ontology) in onto
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, OWL.versionIRI, OWL.versionInfo,
                 DCTERMS.creator, VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri):
        assert onto.value(o, prop) is not None, f"ontology header lacks {prop}"
    assert str(onto.value(o, VANN.preferredNamespacePrefix)) == "cckg"
    assert str(onto.value(o, VANN.preferredNamespaceUri)) == CCKG_NS


def test_every_term_is_documented_in_english_and_french(onto):
    terms = declared_terms(onto)
    assert len(terms) > 100
    problems = []
    for t in sorted(terms):
        langs = {lbl.language for lbl in onto.objects(t, RDFS.label)}
        if not {"en", "fr"} <= langs:
            problems.append(f"{t}: labels in {sorted(x or '-' for x in langs)}")
        if onto.value(t, SKOS.definition) is None:
            problems.append(f"{t}: no skos:definition")
        if onto.value(t, RDFS.isDefinedBy) != rdflib.URIRef(ONTOLOGY_IRI):
            problems.append(f"{t}: rdfs:isDefinedBy is not the ontology")
    assert not problems, "\n".join(problems)


def test_python_vocabulary_matches_the_ontology(onto):
    in_python = {CCKG[name] for name in CCKG.__annotations__}
    in_ontology = declared_terms(onto) - {t for t in declared_terms(onto) if (t, RDF.type, SKOS.ConceptScheme) in onto}
    assert sorted(in_python - in_ontology) == [], "in kg/vocab.py but not declared in the ontology"
    assert sorted(in_ontology - in_python) == [], "declared in the ontology but missing from kg/vocab.py"


def test_unknown_term_fails_loudly():
    with pytest.raises(AttributeError):
        CCKG.NetZeroPlege  # noqa: B018  (a typo must not silently mint an IRI)


def test_standard_vocabularies_are_aligned_not_reinvented(onto):
    supers = {str(o) for o in onto.objects(None, RDFS.subClassOf)} | {str(o) for o in onto.objects(None, RDFS.subPropertyOf)}
    for ns in ("https://schema.org/", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#",
               "http://www.w3.org/ns/oa#", "http://www.w3.org/2004/02/skos/core#", "http://qudt.org/schema/qudt/"):
        assert any(s.startswith(ns) for s in supers), f"no class or property aligned with {ns}"
