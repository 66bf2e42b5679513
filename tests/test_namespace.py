"""Our IRIs live under https://w3id.org/climate-commitments/; the path that was taken appears nowhere."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kg.iris import CCKG_NS, GRAPH_NS, KGR_NS, ONTOLOGY_IRI, SHAPES_NS

ROOT = Path(__file__).resolve().parents[1]
OURS = "https://w3id.org/climate-commitments/"
TAKEN = "w3id.org/" + "cckg"  # registered on w3id.org to another project (its .htaccess redirects away)


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the list of repository files comes from git ls-files")
    return [ROOT / name for name in out.decode().split("\0") if name]


def test_the_taken_namespace_appears_nowhere_in_the_repository():
    files = tracked_files()
    assert len(files) > 100
    found = []
    for path in files:
        if not path.is_file():
            continue
        data = path.read_bytes()
        for number, line in enumerate(data.splitlines(), 1):
            if TAKEN.encode() in line.lower():
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []


def test_every_namespace_of_ours_is_under_the_new_path():
    for iri in (ONTOLOGY_IRI, CCKG_NS, KGR_NS, SHAPES_NS, GRAPH_NS):
        assert iri.startswith(OURS), iri


def test_the_ontology_header_names_the_new_namespace():
    text = (ROOT / "ontology" / "cckg.ttl").read_text(encoding="utf-8")
    assert f"<{ONTOLOGY_IRI}>\n    a owl:Ontology" in text
    assert f'vann:preferredNamespaceUri "{CCKG_NS}"' in text
    assert f"owl:versionIRI <{ONTOLOGY_IRI}/0.3.0>" in text


def test_the_w3id_redirect_serves_our_path():
    htaccess = (ROOT / "docs" / "w3id" / ".htaccess").read_text(encoding="utf-8")
    assert "climate-commitments/.htaccess" in htaccess
    for rule in ("^ontology", "^id/", "^graph/", "^shapes"):
        assert f"RewriteRule {rule}" in htaccess
