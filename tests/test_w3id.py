"""docs/w3id/.htaccess, the redirect we submit to w3id.org, served by a real Apache httpd as w3id.org
serves it: each of our IRIs goes where docs/w3id/README.md says, for browsers and for RDF clients."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kg.iris import CCKG_NS, GRAPH_NS, INFERRED_GRAPH, KGR_NS, ONTOLOGY_IRI, SHAPES_NS

from .conftest import ROOT
from .servers import APACHE, apache_server

HTACCESS = ROOT / "docs" / "w3id" / ".htaccess"
W3ID = "https://w3id.org/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def targets() -> tuple[str, str]:
    text = HTACCESS.read_text(encoding="utf-8")
    site = re.search(r"\[E=SITE:([^\]]+)\]", text).group(1)
    server = re.search(r"\[E=SERVER:([^\]]+)\]", text).group(1)
    return site, server


@pytest.fixture(scope="module")
def w3id():
    if not APACHE.is_file():
        if os.environ.get("CI"):
            pytest.fail("apache2 is not installed: scripts/install-system-packages installs it")
        pytest.skip("apache2 is not installed (scripts/install-system-packages installs it as root)")
    root = Path(tempfile.mkdtemp(prefix="kg-w3id-"))
    os.chmod(root, 0o755)  # Apache's workers read the site as another user
    site = root / "site"
    (site / "climate-commitments").mkdir(parents=True)
    shutil.copy(HTACCESS, site / "climate-commitments" / ".htaccess")
    for path in (site, site / "climate-commitments", site / "climate-commitments" / ".htaccess"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    try:
        with apache_server(site) as base:
            yield base, root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def get(w3id, iri: str, accept: str | None = None):
    """Apache's answer to a GET of one of our w3id.org IRIs (status, Location, headers)."""
    base, root = w3id
    assert iri.startswith(W3ID), iri
    path = "/" + iri[len(W3ID):].split("#")[0]
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", path, headers={"Accept": accept} if accept else {})
        answer = conn.getresponse()
        answer.read()
        return answer.status, answer.getheader("Location"), answer
    finally:
        conn.close()


def check(w3id, iri, accept, status, location):
    got = get(w3id, iri, accept)[:2]
    if got != (status, location):
        log = (w3id[1] / "error.log")
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        pytest.fail(f"GET {iri} Accept {accept!r}: {got}, expected {(status, location)}\n{tail}")


@pytest.mark.parametrize("accept,file", [
    ("text/turtle", "cckg.ttl"), ("application/rdf+xml", "cckg.owl"), ("application/ld+json", "cckg.jsonld"),
    ("application/n-triples", "cckg.nt"), ("text/turtle;q=1.0, application/rdf+xml;q=0.5", "cckg.ttl"),
    (BROWSER, ""), ("*/*", ""), (None, "")])
def test_the_ontology_iri_negotiates_its_format(w3id, accept, file):
    site, _ = targets()
    check(w3id, ONTOLOGY_IRI, accept, 303, f"{site}/ontology/{file}")
    check(w3id, CCKG_NS + "NetZeroPledge", accept, 303, f"{site}/ontology/{file}")  # the fragment stays client-side


def test_a_version_iri_keeps_its_version(w3id):
    site, _ = targets()
    version = re.search(r"owl:versionIRI <([^>]+)>", (ROOT / "ontology" / "cckg.ttl").read_text()).group(1)
    number = version.rsplit("/", 1)[1]
    check(w3id, version, "text/turtle", 303, f"{site}/ontology/{number}/cckg.ttl")
    check(w3id, version, BROWSER, 303, f"{site}/ontology/{number}/")


@pytest.mark.parametrize("extension,file", [("ttl", "cckg.ttl"), ("owl", "cckg.owl"), ("rdf", "cckg.owl"),
                                            ("jsonld", "cckg.jsonld"), ("nt", "cckg.nt"), ("html", "")])
def test_an_extension_wins_over_the_accept_header(w3id, extension, file):
    site, _ = targets()
    check(w3id, f"{ONTOLOGY_IRI}.{extension}", BROWSER, 303, f"{site}/ontology/{file}")


@pytest.mark.parametrize("iri", [KGR_NS + "org-netflix", KGR_NS + "ev-3f05cd81590e013e-10-42",
                                 INFERRED_GRAPH, GRAPH_NS + "data/000-netflix.ttl"])
@pytest.mark.parametrize("accept", ["text/turtle", BROWSER])
def test_resources_and_graphs_go_to_the_server_with_their_path(w3id, iri, accept):
    _, server = targets()
    check(w3id, iri, accept, 303, server + "/" + iri[len(W3ID + "climate-commitments/"):])


def test_the_shapes_and_the_home_page(w3id):
    site, _ = targets()
    check(w3id, SHAPES_NS.rstrip("#"), "text/turtle", 303, f"{site}/shapes/cckg-shapes.ttl")
    check(w3id, SHAPES_NS.rstrip("#"), BROWSER, 303, f"{site}/shapes/")
    check(w3id, W3ID + "climate-commitments/", BROWSER, 302, f"{site}/")


def test_answers_allow_cross_origin_reads_and_say_they_vary_by_accept(w3id):
    _, _, answer = get(w3id, ONTOLOGY_IRI, "text/turtle")
    assert answer.getheader("Access-Control-Allow-Origin") == "*"
    assert "Accept" in (answer.getheader("Vary") or "")
