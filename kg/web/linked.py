"""Linked data: every /id/... IRI dereferences, by content negotiation (Accept, or ?format=), to an
HTML page for a browser or to Turtle, JSON-LD, N-Triples or RDF/XML for a machine; each page links
to those formats (rel="alternate") and embeds its own JSON-LD. Pages are chosen by the resource's
classes: an organisation's dossier, an article or dataset record with its passages, a pledge, an
initiative, a person, or the generic page of any other resource (its triples, labels and links)."""
from __future__ import annotations

import io
import json
import re

import pyoxigraph as ox
from markupsafe import Markup

from ..iris import CCKG_NS, KGR_NS, PREFIXES, RDFS
from ..remote.media import CONTENT_TYPES, GRAPHS, negotiate
from ..remote.protocol import Request, Response
from ..store import jsonld
from ..store.embedded import Term, from_ox
from .facts import quotes, types
from .site import SECURITY_HEADERS, Site
from .terms import vocabulary

FORMATS = {"html": "HTML", "ttl": "TURTLE", "jsonld": "JSON_LD", "nt": "N_TRIPLES", "rdf": "RDF_XML"}
NAMES = {"TURTLE": "Turtle", "JSON_LD": "JSON-LD", "N_TRIPLES": "N-Triples", "RDF_XML": "RDF/XML"}
OFFERED = {"text/html": "HTML", "application/xhtml+xml": "HTML", **GRAPHS}
LOCAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,299}")
MAX_INCOMING = 5000  # triples pointing at a resource sent with it (a dataset has one per record)
EMBEDDED_INCOMING = 300  # of which the JSON-LD embedded in its page carries at most this many
SHOWN_INCOMING = 500  # and its generic page lists at most this many
OUTGOING = f"""CONSTRUCT {{ ?this ?p ?o . ?o <{RDFS}label> ?label }}
WHERE {{ ?this ?p ?o OPTIONAL {{ ?o <{RDFS}label> ?label }} }}"""
INCOMING = f"""CONSTRUCT {{ ?s ?p ?this . ?s <{RDFS}label> ?label }}
WHERE {{ ?s ?p ?this OPTIONAL {{ ?s <{RDFS}label> ?label }} }} LIMIT {{limit}}"""


def wanted(request: Request) -> str | None:
    """The format asked for: ?format= first, else the Accept header; "" for an unknown ?format,
    None when the Accept header accepts none of those offered."""
    given = request.params.get("format")
    if given:
        return FORMATS.get(given[0].strip().lower(), "")
    media = negotiate(request.header("Accept"), OFFERED)
    return OFFERED[media] if media else None


def refused(site: Site, request: Request, fmt: str | None) -> Response:
    offered = ", ".join(f"{name} (?format={ext})" for ext, name in
                        (("html", "HTML"), *((e, NAMES[f]) for e, f in FORMATS.items() if f in NAMES)))
    if fmt == "":
        return site.error(request, 400, f"unknown ?format: this page is offered as {offered}")
    return site.error(request, 406, f"the Accept header lists no type this page is offered in: {offered}; "
                                    f"or as {', '.join(OFFERED)}")


def alternates(path: str) -> list[dict]:
    """The rel="alternate" links of a page: its data in each RDF format."""
    return [{"type": CONTENT_TYPES[fmt].split(";")[0], "label": NAMES[fmt], "href": f"{path}?format={ext}"}
            for ext, fmt in FORMATS.items() if fmt in NAMES]


def triples(ntriples: bytes) -> list[ox.Triple]:
    seen, out = set(), []
    for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        t = ox.Triple(q.subject, q.predicate, q.object)
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def serialise(ntriples: bytes, fmt: str, first: str | None = None) -> bytes:
    """N-Triples in another RDF format, the triples of `first` first and each subject's together,
    with those of the project's prefixes the data uses where the format has prefixes."""
    found = sorted(triples(ntriples), key=lambda t: (t.subject.value != first, str(t.subject), str(t.predicate),
                                                     str(t.object)))
    if fmt == "N_TRIPLES":
        return ox.serialize(found, format=ox.RdfFormat.N_TRIPLES) or b""
    if fmt == "JSON_LD":  # compacted, with the @context `kg export -f jsonld` writes
        out = io.BytesIO()
        jsonld.write(found, out, PREFIXES)
        return out.getvalue()
    prefixes = None
    if fmt in ("TURTLE", "RDF_XML"):
        used = {n.value for t in found for n in (t.subject, t.predicate, t.object) if isinstance(n, ox.NamedNode)}
        used |= {t.object.datatype.value for t in found if isinstance(t.object, ox.Literal)}
        prefixes = {p: ns for p, ns in PREFIXES.items() if any(u.startswith(ns) for u in used)}
    return ox.serialize(found, format=getattr(ox.RdfFormat, fmt), prefixes=prefixes) or b""


def embedded_jsonld(ntriples: bytes) -> Markup:
    """The page's own data as JSON-LD for a <script type="application/ld+json">: <, > and & escaped
    as JSON escapes, so no value can end the element."""
    data = json.loads(serialise(ntriples, "JSON_LD") or b"[]")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def describe(site: Site, iri: str, incoming: int = MAX_INCOMING) -> bytes:
    """The resource's triples (N-Triples): all it states, and up to `incoming` that point at it, with
    the labels of the resources on their other end."""
    bound = {"this": Term.iri(iri)}
    found = site.source.many({
        "out": lambda s: s.graph(OUTGOING, bindings=bound),
        "in": lambda s: s.graph(INCOMING.replace("{limit}", str(int(incoming))), bindings=bound),
    })
    return found["out"] + found["in"]


def rdf_response(data: bytes, fmt: str, iri: str) -> Response:
    return Response(200, serialise(data, fmt, iri), CONTENT_TYPES[fmt],
                    [("Vary", "Accept"), ("Link", f'<{iri}>; rel="describes"'), *SECURITY_HEADERS[:1]])


def page_kind(vocab, classes: list[str]) -> str:
    for kind, top in (("org", "Organisation"), ("text", "Article"), ("text", "DatasetRecord"),
                      ("pledge", "Pledge"), ("initiative", "Initiative"), ("person", "Person")):
        if vocab.is_a([c for c in classes if c], CCKG_NS + top):
            return kind
    return "generic"


def resource(site: Site, request: Request) -> Response:
    """GET /id/<local>: the resource's page, or its data, as the client asks."""
    local = request.path[len("/id/"):]
    if not LOCAL.fullmatch(local):
        return site.error(request, 404, f"{request.path} is not the path of a resource of this graph")
    iri = KGR_NS + local
    fmt = wanted(request)
    if not fmt:
        return refused(site, request, fmt)
    if fmt != "HTML":
        data = describe(site, iri)
        if not data.strip():
            return site.error(request, 404, f"the graph has nothing on {iri}")
        return rdf_response(data, fmt, iri)
    classes = types(site, iri)
    if not classes:
        return site.error(request, 404, f"the graph has nothing on {iri}")
    vocab = vocabulary(site)
    kind = page_kind(vocab, classes)
    render = {"org": org_page, "text": text_page, "pledge": entity_page, "initiative": entity_page,
              "person": entity_page}.get(kind, generic_page)
    found = site.source.many({"page": lambda s: render(site, iri, kind, classes, request),
                              "data": lambda s: describe(site, iri, EMBEDDED_INCOMING)})
    template, context = found["page"]
    return site.page(request, template, alternates=alternates(request.path), jsonld=embedded_jsonld(found["data"]),
                     iri=iri, **context)


def org_page(site: Site, iri: str, kind: str, classes: list[str], request: Request):
    from .dossier import dossier

    d = dossier(site, iri)
    return "org.html", {"d": d, "title": d["name"]}


def text_page(site: Site, iri: str, kind: str, classes: list[str], request: Request):
    from .article import text_page as page

    return page(site, iri)


def entity_page(site: Site, iri: str, kind: str, classes: list[str], request: Request):
    from .entities import entity

    try:
        page = max(0, int((request.params.get("page") or ["1"])[0]) - 1)
    except ValueError:
        page = 0
    return entity(site, iri, kind, page)


def generic_page(site: Site, iri: str, kind: str, classes: list[str], request: Request):
    """Any other resource: what it states and what points at it, its quotes if it is a fact."""
    vocab = vocabulary(site)
    data = triples(describe(site, iri, SHOWN_INCOMING + 1))
    labels = {t.subject.value: t.object.value for t in data
              if t.predicate.value == RDFS + "label" and isinstance(t.subject, ox.NamedNode)
              and t.subject.value != iri}
    out = [(from_ox(t.predicate), from_ox(t.object)) for t in data if t.subject.value == iri]
    into = [(from_ox(t.subject), from_ox(t.predicate)) for t in data
            if t.object == ox.NamedNode(iri) and t.subject.value != iri]
    label = next((o.value for p, o in out if p.value == RDFS + "label"), local_name(iri))
    kinds = [vocab.label(c) for c in vocab.most_specific([c for c in classes if c])]
    return "resource.html", {"title": label, "label": label, "kinds": kinds, "out": grouped(out, vocab),
                             "into": grouped([(p, s) for s, p in into[:SHOWN_INCOMING]], vocab), "labels": labels,
                             "incoming_capped": len(into) > SHOWN_INCOMING, "found_quotes": quotes(site, [iri]),
                             "vocab": vocab}


def grouped(pairs, vocab) -> list[tuple[Term, str, list[Term]]]:
    """(predicate, its label, the terms) for each predicate, rdf:type first, the rest by label."""
    by: dict[Term, list[Term]] = {}
    for p, o in pairs:
        by.setdefault(p, []).append(o)
    order = sorted(by, key=lambda p: (not p.value.endswith("#type"), vocab.label(p).lower()))
    return [(p, vocab.label(p), sorted(by[p])) for p in order]


def local_name(iri: str) -> str:
    return iri[len(KGR_NS):] if iri.startswith(KGR_NS) else iri


def routes(site: Site) -> dict:
    return {"/id/": lambda request: resource(site, request)}
