"""SPARQL over a store: saved queries (grlc metadata, typed parameters bound as RDF terms, result
formats) and the read-only guard every query passes.

May import: the top-level modules and kg.store. Used by: kg.shacl, kg.validation, kg.extract,
kg.importers, kg.remote, the CLI.
"""
from .formats import FORMATTERS, to_csv, to_json, to_table, to_tsv
from .guard import check_query, safe_query
from .params import bind, resolve_label, with_values
from .run import QueryTimeout, run, within
from .saved import Param, SavedQuery, find_query, load_query, parse_metadata, saved_queries

__all__ = ["FORMATTERS", "Param", "QueryTimeout", "SavedQuery", "bind", "check_query", "find_query", "load_query",
           "parse_metadata", "resolve_label", "run", "safe_query", "saved_queries", "to_csv", "to_json", "to_table",
           "to_tsv", "with_values", "within"]
