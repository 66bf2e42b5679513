"""OWL 2 DL consistency with HermiT (owlready2, Java 17)."""
from __future__ import annotations

import shutil

import pytest

from kg.iris import CCKG_NS, KGR_NS
from kg.reason import check_consistency

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java, which is not installed")


@needs_java
def test_ontology_alone_is_consistent(project):
    from kg.store import Store

    store = Store.memory()
    for f in project.ontology_files():
        store.load_turtle(f, "urn:x-test:onto")
    assert check_consistency(store.ntriples()) is None


@needs_java
def test_ontology_with_the_seed_data_is_consistent(seed_store):
    assert check_consistency(seed_store.ntriples()) is None


@needs_java
def test_an_organisation_that_is_also_a_person_is_inconsistent(seed_store):
    clash = (f"<{KGR_NS}org-netflix> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{CCKG_NS}Person> .\n").encode()
    problem = check_consistency(seed_store.ntriples() + clash)
    assert problem is not None and "inconsistent" in problem
