"""Importers of third-party datasets into our ontology (SBTi now), written to imported/.

May import: the top-level modules, kg.store and kg.sparql. Used by: the CLI (`kg import`).
"""
