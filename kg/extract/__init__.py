"""Extraction: facts with their exact quotes from an article's text, drafts, evaluation against gold.

From an article's text to organisations, pledges, emission figures, partners, people and
initiatives, each with the sentence that supports it; drafts of them in our ontology; scores
against gold facts.

Modules: extractor (the entry points), text, numbers, dates, gazetteer, mentions, article, cues,
pledges, emissions, partners, people, initiatives (the steps and rules), pipelines (spaCy),
draft (JSON -> Turtle draft), evaluate (`kg eval`).

May import: the top-level modules, kg.store and kg.sparql; spaCy only when the pipelines load.
Used by: the CLI (`kg extract`, `kg eval`), benchmarks/extract_speed.py.
"""
from .extractor import extract, extract_file
from .gazetteer import Gazetteer
from .pipelines import load_pipelines

__all__ = ["Gazetteer", "extract", "extract_file", "load_pipelines"]
