"""`kg validate`: SHACL (our engine or pySHACL), the quality queries (shapes/sparql/*-violation.rq)
and OWL consistency (HermiT), composed into one report with its formats.

May import: the top-level modules, kg.store, kg.sparql, kg.shacl, kg.reason. Used by: the CLI,
tests and benchmarks.
"""
