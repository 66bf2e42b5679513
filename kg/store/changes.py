"""What each build changed, as the nodes of the triples it added or removed (build/changes.jsonl),
so that `kg validate` can re-check only what those triples can affect (kg.validation.incremental).

One JSON line per build: {"build": id, "nodes": [N-Triples terms], "subjects": [those that were a
subject]}, or {"build": id, "full": true}
for a build from scratch (or one that changed too much to list), after which only a full validation
can follow. The journal is rewritten by every full build and grows by one line per incremental one.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

JOURNAL = "changes.jsonl"
MAX_NODES = 200_000  # beyond this many changed nodes, re-checking them costs about a full validation
MAX_TRIPLES = 500_000  # the triples of changed graphs compared in memory, at most


def graph_triples(store, graph: str, limit: int = MAX_TRIPLES) -> set | None:
    """The triples of one named graph of a pyoxigraph-backed kg Store, or None past `limit`."""
    out = set()
    for quad in store.quads(graph):
        out.add((quad.subject, quad.predicate, quad.object))
        if len(out) > limit:
            return None
    return out


def changed_nodes(before: set, after: set) -> tuple[set[str], set[str]]:
    """(every subject, predicate and object, the subjects) of the triples only one side has; a literal
    object too, since a shape may take it as a focus node (sh:targetObjectsOf)."""
    nodes, subjects = set(), set()
    for s, p, o in before ^ after:
        subjects.add(str(s))
        nodes.add(str(p))
        nodes.add(str(o))
    return nodes | subjects, subjects


def record(out: Path, build_id: str, changed: tuple[set[str], set[str]] | None) -> None:
    """Add this build to the journal; `changed` (nodes, subjects) None: from scratch (the journal starts anew)."""
    path = out / JOURNAL
    entries = [] if changed is None else read(out)
    total = sum(len(e.get("nodes", ())) for e in entries) + len(changed[0] if changed else ())
    if changed is None or total > MAX_NODES:
        entries = [{"build": build_id, "full": True}]
    else:
        entries.append({"build": build_id, "nodes": sorted(changed[0]), "subjects": sorted(changed[1])})
    tmp = path.with_name(f".{JOURNAL}.tmp-{os.getpid()}")  # a killed build's is swept (kg.store.versions)
    tmp.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    tmp.replace(path)


def read(out: Path) -> list[dict]:
    try:
        return [json.loads(line) for line in (out / JOURNAL).read_text(encoding="utf-8").splitlines() if line]
    except (OSError, ValueError):
        return []


def since(out: Path, validated: str, current: str) -> tuple[set[str], set[str]] | None:
    """(nodes, subjects) the builds after build `validated` changed, up to the `current` one; None when
    the journal cannot tell (a build from scratch since, or no record of either build)."""
    entries = read(out)
    ids = [e.get("build") for e in entries]
    if validated not in ids or ids[-1] != current:
        return None
    nodes: set[str] = set()
    subjects: set[str] = set()
    for entry in entries[ids.index(validated) + 1:]:
        if entry.get("full"):
            return None
        nodes.update(entry.get("nodes", ()))
        subjects.update(entry.get("subjects", ()))
    return nodes, subjects
