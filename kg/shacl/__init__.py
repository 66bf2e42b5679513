"""The SHACL engine: each shape's constraints run as set-oriented SPARQL on the store.

Modules: engine (`Engine`, `run_sparql_shacl`: evaluating compiled shapes, messages, findings), shapes
(reading an rdflib shapes graph into `Shape`s), focus (sets of focus nodes as SPARQL patterns),
components/ (the constraint components, one module per family), sparql_text (writing SPARQL text),
terms (store terms as pySHACL sees them), report (`Finding`, `named_shape`).

May import: the top-level modules, kg.store and kg.sparql. Used by: kg.validation (`kg validate`),
benchmarks/shacl_engines.py. Importing it is cheap: rdflib is imported only when shapes are read.
"""
from .engine import Engine, run_sparql_shacl
from .report import Finding

__all__ = ["Engine", "Finding", "run_sparql_shacl"]
