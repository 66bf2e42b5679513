"""Other triple stores: a SPARQL 1.1 Protocol client (`kg query --endpoint`), pushing a build into
a store (`kg push`), and serving the build as a read-only endpoint (`kg serve`).

May import: the top-level modules, kg.store and kg.sparql. Used by: the CLI.
"""
