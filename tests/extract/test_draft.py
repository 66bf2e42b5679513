"""Turtle drafts from extracted facts: our ontology, known IRIs reused, offsets right, SHACL passes."""
from __future__ import annotations

import pyoxigraph as ox

from kg.cli import main
from kg.extract.draft import to_turtle
from kg.validation.validate import store_for_files, validate_store

from ..conftest import ROOT

TEXT = (ROOT / "seeds" / "000_472470f9ea62a2fc.txt").read_text(encoding="utf-8")
NAME = "100_0123456789abcdef.txt"
Q_PLEDGE = "Elle s'est donc décidé à devenir neutre en carbone d'ici la fin de l'année 2022."
Q_EMIT = "En 2020, les activités du services de streaming auraient produit 1.1 million de tonnes de CO2."
Q_HOST = ("Nous dépendons de fournisseurs d'hébergement comme Amazon Web Services et du réseau de serveurs de "
          "programmes Open Connect pour le streaming de notre service Netflix")
DOC = {
    "article": NAME, "language": "fr", "published": "2021-04-03",
    "organisations": [{"name": "Netflix", "aliases": ["la firme"], "kind": "company"},
                      {"name": "Amazon Web Services", "aliases": ["AWS"], "kind": "cloud_provider"},
                      {"name": "Open Connect Studio", "aliases": [], "kind": "company"}],
    "pledges": [{"org": "Netflix", "type": "carbon_neutral", "target_year": 2022, "baseline_year": None,
                 "percentage": None, "scope": "1+2", "evidence": Q_PLEDGE}],
    "emissions": [{"org": "Netflix", "year": 2020, "amount": 1.1, "unit": "MtCO2e", "change_pct": None, "evidence": Q_EMIT},
                  {"org": "Netflix", "year": None, "amount": 5, "unit": "tCO2e", "change_pct": None, "evidence": Q_EMIT}],
    "partners": [{"org": "Netflix", "partner": "Amazon Web Services", "role": "host", "evidence": Q_HOST},
                 {"org": "Netflix", "partner": "Open Connect Studio", "role": "supplier", "evidence": Q_HOST}],
    "people": [{"name": "Jane Roe", "org": "Netflix", "role": "directrice de la durabilité", "evidence": Q_EMIT},
               {"name": "John Doe", "org": "Netflix", "role": "stagiaire", "evidence": Q_EMIT}],
    "initiatives": [{"org": "Netflix", "initiative": "Accord de Paris", "relation": "other",
                     "evidence": "conformément à l'Accord de Paris"}],
}


def test_draft_uses_the_ontology_and_passes_the_shapes(project, seed_store, tmp_path):
    data, skipped = to_turtle(DOC, TEXT, seed_store)
    assert skipped == ["https://w3id.org/climate-commitments/id/emission-netflix-2020: already in the graph",  # curated: not restated
                       "emission figure without a year: " + repr(Q_EMIT), "John Doe: role 'stagiaire' has no position concept"]
    draft = tmp_path / "draft.ttl"
    draft.write_bytes(data)
    triples = {(str(q.subject), str(q.predicate), str(q.object)) for q in ox.parse(path=str(draft))}
    kgr, cckg = "https://w3id.org/climate-commitments/id/", "https://w3id.org/climate-commitments/ontology#"
    pledge = f"<{kgr}pledge-netflix-carbon-neutral-2022>"
    assert (pledge, f"<{cckg}madeBy>", f"<{kgr}org-netflix>") in triples  # the graph's IRI, not a new one
    assert (f"<{kgr}participation-netflix-paris-agreement-other>", f"<{cckg}initiative>",
            f"<{kgr}initiative-paris-agreement>") in triples  # "Accord de Paris" is an alias in the graph
    assert (f"<{kgr}org-open-connect-studio>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{cckg}Company>") in triples
    start = TEXT.index(Q_PLEDGE)
    assert (f"<{kgr}ev-0123456789abcdef-{start}-{start + len(Q_PLEDGE)}-position>", "<http://www.w3.org/ns/oa#start>",
            f'"{start}"^^<http://www.w3.org/2001/XMLSchema#integer>') in triples
    # as if merged into the curated graph (kg validate --with-data draft.ttl)
    report = validate_store(store_for_files(project, project.data_files() + [draft]), project, owl=False)
    assert [f for f in report.findings if f.severity == "Violation"] == []
    assert main(["--root", str(project.root), "validate", "--with-data", "--no-owl", "-o", str(tmp_path / "r"), str(draft)]) == 0


def test_draft_is_deterministic(seed_store):
    assert to_turtle(DOC, TEXT, seed_store)[0] == to_turtle(DOC, TEXT, seed_store)[0]
