"""The web front of `kg serve`: pages rendered on the server (Jinja2) for people, and the graph's IRIs
dereferenced for linked-data tools: the home page and search, organisation dossiers, articles with
their quoted passages highlighted, pages for pledges, initiatives and people, every other /id/
resource, the ontology's terms, and each of them as Turtle, JSON-LD, N-Triples or RDF/XML by
content negotiation.

Pages read the graph through a query source (`source`): the engine processes of `kg serve`, or
another store's SPARQL endpoint (`kg serve --endpoint URL`). May import: kg, kg.store, kg.sparql,
kg.remote. Used by: kg.cli (`kg serve` mounts it beside /query).
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

__all__ = ["mount"]


def mount(app, queries_dir: Path, endpoint=None):
    """Add the pages to a kg.remote.protocol.App: every module of this package with a
    `routes(site) -> {path: handler}` function adds its own (a path ending in "/" is a prefix).
    Pages read through the app's engines, or through `endpoint` (kg.remote.client.Endpoint)."""
    from .site import Site
    from .source import EndpointSource, EngineSource

    settings = app.settings
    source = EndpointSource(endpoint) if endpoint is not None else EngineSource(app.engines, settings.timeout,
                                                                                 settings.max_bytes)
    site = Site(source, queries_dir)
    site.settings = settings  # the limits of kg serve (timeout, max_rows, max_bytes)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        routes = getattr(module, "routes", None)
        if callable(routes):
            for path, handler in routes(site).items():
                site.add(app, path, handler)
    app.not_found = site.not_found
    return site
