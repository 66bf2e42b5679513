"""The SHACL engine: each shape's constraints run as set-oriented SPARQL on the store.

May import: the top-level modules, kg.store and kg.sparql. Used by: kg.validation (`kg validate`),
benchmarks/shacl_engines.py.
"""
