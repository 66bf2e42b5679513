"""OWL reasoning with HermiT (owlready2, Java): consistency, explanations of clashes, and the
inferred graph with its provenance; the same graph by OWL 2 RL with `reasonable` (`rl`, infer(..., "rl")).

Works on N-Triples bytes and pyoxigraph terms, so it may import only the top-level modules.
Used by: kg.store (builds with --infer), kg.validation (the OWL check), the CLI, benchmarks.
"""
from ..iris import INFERRED_GRAPH
from .explain import Clash, Inconsistent, explain
from .hermit import JavaMissing, check_consistency, java_executable, java_memory, reasoner_name
from .inferred import INFERRED_FILE, INFERRED_META, Inference, infer, materialise, provenance, to_trig

__all__ = ["INFERRED_FILE", "INFERRED_GRAPH", "INFERRED_META", "Clash", "Inconsistent", "Inference", "JavaMissing",
           "check_consistency", "explain", "infer", "java_executable", "java_memory", "materialise", "provenance",
           "reasoner_name", "to_trig"]
