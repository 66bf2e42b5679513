"""Extraction: from an article's text to facts with their exact quotes (organisations, pledges,
emission figures, partners, people, initiatives), drafts in our ontology, and evaluation against
gold facts.

May import: the top-level modules, kg.store and kg.sparql; spaCy only when the pipelines load.
Used by: the CLI (`kg extract`, `kg eval`), benchmarks/extract_speed.py.
"""
