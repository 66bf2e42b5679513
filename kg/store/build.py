"""`kg build`: ontology, article metadata, article texts and facts into one persistent store.

Each source file becomes its own named graph (https://w3id.org/climate-commitments/graph/<path>); queries see
their union. The store is written beside the old one and swapped in by rename, so an interrupted
build leaves the previous build usable. build/manifest.json records what was built from what,
so commands rebuild only when a source changed.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path

from ..errors import KgError
from ..iris import CCKG_NS, GRAPH_NS, PREFIXES
from ..project import Project
from .changes import record
from .embedded import Store, Term
from .versions import STORE_DIR, clean_leftovers, hold_live, swap_in

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
IRI_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/")
# a full rebuild replaces an incremental one when the sources to drop outweigh, in bytes, a third
# of those kept: removing quads costs about 3 times loading them (1M quads: loaded in 12 s, removed in 33 s)
REMOVAL_COST = 3
REBUILD_FLOOR = 1 << 20  # below 1 MB to drop, either way takes well under a second: stay incremental


def iri_char(char: str) -> str:
    """A character of a file name as it may stand in an IRI path (RFC 3986/3987), else percent-encoded."""
    code = ord(char)
    if char in IRI_SAFE or (0xA0 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF
                            or (0x10000 <= code <= 0xEFFFD and code & 0xFFFF < 0xFFFE)):
        return char
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogateescape"))


def graph_iri(rel_path: str) -> str:
    """The named graph of a source file: its path under GRAPH_NS, percent-encoded where an IRI needs
    it (a space, `<>"{}|^`, a `%`); ordinary names stay as they are."""
    return GRAPH_NS + "".join(map(iri_char, rel_path))


def read_article_text(path: Path, name: str) -> str:
    """An article's text, exactly as stored (UTF-8); a clear error for anything else."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise KgError(f"{name}: missing article text file") from exc
    except OSError as exc:
        raise KgError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    return text_of(data, name, "binary file, not an article text")


def text_of(data: bytes, name: str, binary: str = "binary data, not text") -> str:
    """UTF-8 bytes as text; `binary` (one line) for bytes holding NUL, a clear line for any other encoding."""
    if b"\x00" in data:
        raise KgError(f"{name}: {binary}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KgError(f"{name}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                      "convert it, e.g. `iconv -f latin1 -t utf-8`") from exc


def add_article_texts(store: Store, project: Project, missing_ok: bool = False) -> None:
    """Give every article that names a seed file, and has no inline text, its `schema:text` from seeds/."""
    rows = store.select(f"SELECT ?a ?f WHERE {{ ?a <{CCKG_NS}seedFile> ?f "
                        f"FILTER NOT EXISTS {{ ?a <{PREFIXES['schema']}text> ?t }} }} ORDER BY ?f")
    seeds = project.seeds_dir.resolve()
    for article, seed in rows.rows:
        path = (seeds / seed.value).resolve()
        name = project.rel(path)
        if path.parent != seeds:
            raise KgError(f"{seed.value}: cckg:seedFile of <{article.value}> must name a file directly in seeds/")
        if missing_ok and not path.exists():
            continue  # validation then reports the article's missing text
        text = read_article_text(path, name)
        store.add(article, Term.iri(PREFIXES["schema"] + "text"), Term.literal(text), graph_iri(name))


def load_files(store: Store, project: Project, paths: list[Path]) -> None:
    """Load Turtle files, each into its own named graph, with a progress bar (bytes) when slow."""
    from ..progress import progress

    sizes = [p.stat().st_size if p.exists() else 0 for p in paths]
    with progress(total=sum(sizes), desc="loading", unit="B", unit_scale=True) as bar:
        for path, size in zip(paths, sizes):
            name = project.rel(path)
            bar.set_postfix_str(name, refresh=False)
            store.load_turtle(path, graph_iri(name), display=name)
            bar.update(size)


def assemble(store: Store, project: Project, turtle_files: list[Path], missing_texts_ok: bool = False) -> None:
    """Load Turtle files, each into its own named graph, then attach article texts."""
    load_files(store, project, turtle_files)
    add_article_texts(store, project, missing_ok=missing_texts_ok)


def source_state(project: Project) -> dict[str, list[int]]:
    """Size and modification time of every source, by path; a source that cannot be read is refused."""
    state = {}
    for path in project.source_files():
        try:
            info = path.stat()
        except OSError as exc:
            raise KgError(f"{project.rel(path)}: cannot read ({exc.strerror or exc})") from None
        state[project.rel(path)] = [info.st_size, info.st_mtime_ns]
    return state


def cheaper_to_rebuild(before: dict, now: dict) -> int:
    """The bytes of Turtle an incremental build would have to remove, when loading every source
    anew costs less than removing them (else 0)."""
    dropped = sum(st[0] for rel, st in before.items() if rel.endswith(".ttl") and now.get(rel) != st
                  and isinstance(st, list) and st)
    kept = sum(st[0] for rel, st in now.items() if rel.endswith(".ttl") and before.get(rel) == st)
    return dropped if dropped >= REBUILD_FLOOR and kept < REMOVAL_COST * dropped else 0


def read_manifest(project: Project) -> dict | None:
    try:
        return json.loads((project.build_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_current(project: Project) -> bool:
    manifest = read_manifest(project)
    return (manifest is not None and manifest.get("format") == FORMAT_VERSION
            and (project.build_dir / STORE_DIR).is_dir()
            and manifest.get("sources") == source_state(project))


def build(project: Project, infer: bool = False, log=None, full: bool = False, engine: str = "hermit") -> dict:
    """Build the store from the sources; returns the manifest written.

    When a previous build exists, only the sources that changed are reloaded (each source file is
    its own named graph): the live store is copied (a RocksDB checkpoint: hard links, no data
    copied), the changed graphs are replaced in the copy, and the copy is swapped in. `full`
    rebuilds everything from scratch. With `infer`, the facts HermiT (or `engine` "rl": OWL 2 RL) infers
    (kg.reason) are added as
    the named graph https://w3id.org/climate-commitments/graph/inferred; an inconsistent graph raises
    kg.reason.Inconsistent. Any error leaves the previous build in place.
    """
    if not project.ontology_files():
        raise KgError(f"{project.rel(project.ontology_dir)}: no ontology (*.ttl) to build from")
    from ..reason import INFERRED_FILE, INFERRED_GRAPH

    started = time.perf_counter()
    state = source_state(project)
    out = project.build_dir
    out.mkdir(parents=True, exist_ok=True)
    live = out / STORE_DIR
    old = read_manifest(project)
    incremental = (not full and old is not None and old.get("format") == FORMAT_VERSION and live.is_dir()
                   and isinstance(old.get("sources"), dict))
    if incremental and (heavy := cheaper_to_rebuild(old["sources"], state)):
        incremental = False
        if log:
            log(f"building from scratch: faster than removing {heavy / 2**20:.0f} MB of changed or removed sources")
    clean_leftovers(out)
    tmp = out / f".{STORE_DIR}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    store = None
    try:
        if incremental:
            source = Store.open_read_only(*hold_live(out))  # the folder itself: a build beside may swap the link
            source.backup(tmp)
            source.close()
            store = Store.create(tmp)
            reloaded, nodes = _update(store, project, old["sources"], state, log)
            if INFERRED_GRAPH in store.graphs():
                store.remove_graph(INFERRED_GRAPH)
        else:
            store = Store.create(tmp)
            assemble(store, project, project.turtle_files())
            from ..progress import spinner

            with spinner("compacting the store"):
                store.compact()  # an incremental build adds little: its copy stays compacted enough
            reloaded, nodes = sorted(state), None
        inferred = None
        if infer:
            from ..reason import materialise

            inferred, trig = materialise(store, out, log=log, engine=engine)
            store.load_dataset(trig, project.rel(out / INFERRED_FILE))
        store.flush()
        quads = len(store)  # an index scan (0.3 s at 1M); a DISTINCT count of triples took 2 s and 264 MB
        graphs = store.graphs()
        store.close()
    except BaseException:
        if store is not None:
            store.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    swap_in(tmp, out)
    build_id = uuid.uuid4().hex
    record(out, build_id, nodes)  # before the manifest names this build: a crash between means a full validation
    manifest = {"format": FORMAT_VERSION, "id": build_id,
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "seconds": round(time.perf_counter() - started, 3), "quads": quads,
                "graphs": graphs, "sources": state, "infer": bool(infer),
                "update": {"mode": "incremental" if incremental else "full", "reloaded": reloaded}}
    if inferred:
        manifest["inferred"] = {k: inferred.get(k, "hermit" if k == "engine" else None)
                                for k in ("reasoner", "engine", "ended", "seconds", "inferred_triples")}
    tmp_manifest = out / f".{MANIFEST}.tmp-{os.getpid()}"
    tmp_manifest.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp_manifest, out / MANIFEST)
    if log and incremental and reloaded:
        log(f"reloaded {len(reloaded)} of {len(state)} source files: {', '.join(reloaded[:5])}"
            + ("..." if len(reloaded) > 5 else ""))
    return manifest


def _update(store: Store, project: Project, before: dict, now: dict, log=None) -> tuple[list[str], tuple | None]:
    """Replace, in a copy of the previous store, the graphs of the sources that changed; returns them
    and (nodes, subjects) of the triples added or removed (kg.store.changes; None: too many to compare)."""
    from ..iris import INFERRED_GRAPH
    from .changes import changed_nodes, graph_triples

    changed = sorted(rel for rel, st in now.items() if before.get(rel) != st)
    removed = sorted(rel for rel in before if rel not in now)
    turtle = {project.rel(p): p for p in project.turtle_files()}
    texts = [graph_iri(rel) for rel in set(before) | set(now) if rel.endswith(".txt")] if changed or removed else []
    wanted = {graph_iri(rel) for rel in now} | {INFERRED_GRAPH}
    stale = [g for g in store.graphs() if g not in wanted]  # no source names it any more (the namespace moved)
    touched = sorted({graph_iri(rel) for rel in changed + removed if rel in turtle or rel.endswith(".ttl")}
                     | set(texts) | set(stale))
    old = {g: graph_triples(store, g) for g in touched}
    for graph in touched:
        store.remove_graph(graph)
    load_files(store, project, [turtle[rel] for rel in changed if rel in turtle])
    if texts:  # article texts hang off the metadata (cckg:seedFile): redo them all, it is cheap
        add_article_texts(store, project)
    if stale and log:
        log(f"dropped {len(stale)} graph(s) no source names any more: {', '.join(stale[:3])}"
            + ("..." if len(stale) > 3 else ""))
    nodes: tuple[set, set] | None = (set(), set())
    for graph in touched:
        new = graph_triples(store, graph)
        if old[graph] is None or new is None:
            nodes = None
            break
        some, subjects = changed_nodes(old[graph], new)
        nodes[0].update(some)
        nodes[1].update(subjects)
    return changed + removed, nodes


def open_built(project: Project, log=None, infer: bool | str = False) -> Store:
    """The built store, read-only, with the inferred facts only when `infer` asks for them; built first
    when missing or older than its sources.

    What a command sees depends on its own `infer` and the sources, never on an earlier command:
    infer=False leaves the inferred graph out (a build that has one is read without it) and never
    reasons, even when the last build did (a stale inferred graph is dropped by the rebuild, not
    recomputed); infer=True reasons first, saying so on `log`, when the build has no current inferred
    graph (build/inferred.trig is reused when the asserted graph has not changed), and raises
    kg.reason.Inconsistent when the graph is inconsistent. The reasoner is HermiT, or `infer` itself when it
    names one ("rl"): a build inferred by the other one is inferred again.
    """
    manifest = read_manifest(project) or {}
    current = is_current(project)
    engine = infer if isinstance(infer, str) else "hermit"  # infer="rl": OWL 2 RL (kg query --infer --engine rl)
    built_by = (manifest.get("inferred") or {}).get("engine", "hermit") if manifest.get("infer") else None
    if not current or (infer and built_by != engine):
        if log:
            why = "sources changed since the last build" if manifest else "no build yet"
            log(f"--infer: this build's inferred facts are {built_by}'s: reasoning with {engine}..." if current and built_by
                else "--infer: this build has no inferred facts: adding them..." if current else
                f"{why}: building{' with the inferred facts (--infer)' if infer else ''}...")
        build(project, infer=bool(infer), log=log, engine=engine)
    store = Store.open_read_only(*hold_live(project.build_dir))  # held while open, whatever builds do meanwhile
    if not infer:
        from ..iris import INFERRED_GRAPH

        if INFERRED_GRAPH in store.graphs():
            store = store.without(INFERRED_GRAPH)
    return store
