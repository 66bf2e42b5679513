"""The ontology's documentation, served by kg serve: /ontology lists every class, property, concept
scheme and concept with its English and French labels (each at its own anchor, so a term's IRI,
ontology#Term, lands on it), /ontology/<Term> is one term's page; both answer RDF by content
negotiation, as /id/ does."""
from __future__ import annotations

import re

from ..iris import CCKG_NS, ONTOLOGY_IRI, OWL, RDFS, SKOS
from ..remote.protocol import Request, Response
from ..store.embedded import Term
from .linked import alternates, embedded_jsonld, rdf_response, refused, wanted
from .site import Site
from .terms import vocabulary

NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,99}")
WHOLE = f"""CONSTRUCT {{ ?term ?p ?o }} WHERE {{
  {{ ?term <{RDFS}isDefinedBy> <{ONTOLOGY_IRI}> }} UNION {{ BIND(<{ONTOLOGY_IRI}> AS ?term) }}
  ?term ?p ?o
}}"""
ONE = "CONSTRUCT { ?this ?p ?o } WHERE { ?this ?p ?o }"
SECTIONS = (("class", "classes", "Classes"), ("object property", "object-properties", "Object properties"),
            ("datatype property", "datatype-properties", "Datatype properties"),
            ("annotation property", "annotation-properties", "Annotation properties"),
            ("concept scheme", "concept-schemes", "Concept schemes and their concepts"))


def ontology(site: Site, request: Request) -> Response:
    """GET /ontology: every term, or the whole ontology as RDF."""
    fmt = wanted(request)
    if not fmt:
        return refused(site, request, fmt)
    data = site.cached("ontology-rdf", lambda: site.source.graph(WHOLE))
    if fmt != "HTML":
        return rdf_response(data, fmt, ONTOLOGY_IRI)
    vocab = vocabulary(site)
    header = vocab.terms.get(ONTOLOGY_IRI)
    sections = [(kind, anchor, heading, vocab.of_kind(kind)) for kind, anchor, heading in SECTIONS]
    concepts: dict[str, list] = {}
    for term in vocab.of_kind("concept"):
        for scheme in term.objects(SKOS + "inScheme"):
            concepts.setdefault(scheme.value, []).append(term)
    return site.page(request, "ontology.html", title="Ontology", header=header, sections=sections,
                     concepts=concepts, vocab=vocab, alternates=alternates(request.path),
                     jsonld=site.cached("ontology-jsonld", lambda: embedded_jsonld(data)), iri=ONTOLOGY_IRI)


def term(site: Site, request: Request) -> Response:
    """GET /ontology/<Term>: one class, property, scheme or concept."""
    name = request.path[len("/ontology/"):]
    vocab = vocabulary(site)
    info = vocab.terms.get(CCKG_NS + name) if NAME.fullmatch(name) else None
    if info is None:
        return site.error(request, 404, f"the ontology has no term {name!r}: see /ontology")
    fmt = wanted(request)
    if not fmt:
        return refused(site, request, fmt)
    data = site.source.graph(ONE, bindings={"this": Term.iri(info.iri)})
    if fmt != "HTML":
        return rdf_response(data, fmt, info.iri)
    below = vocab.subclasses(info.iri)
    in_scheme = [t for t in vocab.terms.values() if any(o.value == info.iri for o in t.objects(SKOS + "inScheme"))]
    uses = [t for t in vocab.terms.values()
            if any(o.value == info.iri for o in t.objects(RDFS + "domain") + t.objects(RDFS + "range"))]
    return site.page(request, "term.html", title=f"{vocab.label(info.iri)} ({info.kind})", t=info, vocab=vocab,
                     below=below, in_scheme=sorted(in_scheme, key=lambda t: t.name),
                     uses=sorted(uses, key=lambda t: t.name), alternates=alternates(request.path),
                     jsonld=embedded_jsonld(data), iri=info.iri, RDFS=RDFS, SKOS=SKOS, OWL=OWL)


def routes(site: Site) -> dict:
    return {"/ontology": lambda request: ontology(site, request), "/ontology/": lambda request: term(site, request)}
