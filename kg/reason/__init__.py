"""OWL reasoning with HermiT (owlready2, Java): consistency, explanations of clashes, and the
inferred graph with its provenance.

Works on N-Triples bytes and pyoxigraph terms, so it may import only the top-level modules.
Used by: kg.store (builds with --infer), kg.validation (the OWL check), the CLI, benchmarks.
"""
