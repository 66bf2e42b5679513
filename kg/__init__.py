"""Climate Commitments Knowledge Graph: the `kg` package and command.

One subpackage per capability, in layers (docs/architecture.md): store, sparql, shacl, validation,
reason, extract, importers, remote, and cli on top; shared basics are the top-level modules.
May import: nothing of its own at import time (importing `kg` stays cheap). Used by: the `kg`
command, benchmarks and tests.
"""
