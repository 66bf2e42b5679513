"""SPARQL over a store: saved queries (grlc metadata, typed parameters bound as RDF terms, result
formats) and the read-only guard every query passes.

May import: the top-level modules and kg.store. Used by: kg.shacl, kg.validation, kg.extract,
kg.importers, kg.remote, the CLI.
"""
