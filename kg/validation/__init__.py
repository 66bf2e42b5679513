"""`kg validate`: SHACL (our engine or pySHACL), the quality queries (shapes/sparql/*-violation.rq)
and OWL consistency (HermiT), composed into one report with its formats.

May import: the top-level modules, kg.store, kg.sparql, kg.shacl, kg.reason. Used by: the CLI,
tests and benchmarks.
"""
from .formats import FORMATS
from .pyshacl_engine import load_shapes, rdflib_graph, run_shacl
from .validate import ENGINES, Report, run_violation_queries, store_for_files, validate_store

__all__ = ["ENGINES", "FORMATS", "Report", "load_shapes", "rdflib_graph", "run_shacl", "run_violation_queries",
           "store_for_files", "validate_store"]
