"""The embedded store: a persistent pyoxigraph store, builds from the sources, and export.

May import: the top-level modules (errors, iris, project, progress, files) and kg.reason (a build
with --infer materialises HermiT's inferred graph). Knows nothing of SPARQL saved queries,
validation, extraction, importers, remote stores or the CLI.
Used by: every other package, the CLI, benchmarks and tests.
"""
from .embedded import Rows, Store, Term, TooManyRows

__all__ = ["Rows", "Store", "Term", "TooManyRows"]
