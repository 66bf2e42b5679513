"""The `kg` command line. Each command imports only what it needs, so `kg query` starts fast."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .errors import KgError

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


def _log(message: str) -> None:
    print(f"kg: {message}", file=sys.stderr)


def _project(args):
    from .project import find_project

    return find_project(args.root)


def _params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise KgError(f"--param {pair!r}: expected key=value")
        key, value = pair.split("=", 1)
        if key.strip() in out:
            raise KgError(f"--param {key.strip()!r} given twice")
        out[key.strip()] = value
    return out


def _emit(text: str | bytes, output: str | None, force: bool, project) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    if output and output != "-":
        from .store.export import write_atomic

        write_atomic(Path(output), data, force, project.root)
        _log(f"wrote {output}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


# -- commands ---------------------------------------------------------------------------------

def cmd_build(args) -> int:
    from .store.build import build

    project = _project(args)
    manifest = build(project, infer=args.infer, log=_log, full=args.full)
    inferred = manifest.get("inferred")
    extra = f", {inferred['inferred_triples']} of them inferred by {inferred['reasoner']}" if inferred else ""
    update = manifest["update"]
    how = (f"{len(update['reloaded'])} of {len(manifest['sources'])} source files reloaded"
           if update["mode"] == "incremental" else f"{len(manifest['sources'])} source files")
    print(f"built {project.rel(project.build_dir)}/store: {manifest['triples']} triples "
          f"from {how}{extra} in {manifest['seconds']} s")
    return EXIT_OK


def cmd_reason(args) -> int:
    from .store.build import open_built
    from .reason.reasoner import INFERRED_FILE, materialise

    project = _project(args)
    store = open_built(project, log=_log, infer=False)
    meta, trig = materialise(store, project.build_dir, reuse=False, log=_log)
    target = project.build_dir / INFERRED_FILE
    if args.output:
        _emit(trig, args.output, False, project)
        target = Path(args.output)
    if args.format == "json":
        print(json.dumps({"consistent": True, **meta, "file": str(target)}, indent=1))
        return EXIT_OK
    counts = ", ".join(f"{n} {kind}" for kind, n in meta["counts"].items())
    chains = ", ".join(f"{p} {n}" for p, n in meta["by_property"].items()
                       if p in ("cckg:dependsOn", "cckg:usesPlatform", "cckg:transitiveSubsidiaryOf", "cckg:makesPledge"))
    print(f"{meta['reasoner']}: consistent ({meta['input_triples']} asserted triples, "
          f"{meta['seconds']} s, of which HermiT {meta['hermit_seconds']} s)")
    print(f"inferred {meta['inferred_triples']} triples: {counts}")
    if chains:
        print(f"  among them: {chains}")
    print(f"wrote {project.rel(target)} (graph <{meta['graph']}>); `kg build --infer` adds it to the store")
    return EXIT_OK


def cmd_validate(args) -> int:
    from .validation import validate as v

    project = _project(args)
    if args.files:
        extra = project.data_files() if args.with_data else []
        store = v.store_for_files(project, extra + [Path(f) for f in args.files])
    else:
        from .store.build import open_built

        store = open_built(project, log=_log, infer=False)
    report = v.validate_store(store, project, owl=not args.no_owl, engine=args.engine)
    fail_on = "Warning" if args.fail_on == "warning" else "Violation"
    _emit(v.FORMATS[args.format](report, fail_on), args.output, True, project)
    return EXIT_OK if report.conforms(fail_on) else EXIT_FAIL


def cmd_query(args) -> int:
    from .store.build import open_built
    from .sparql.saved import FORMATTERS, find_query, run

    project = _project(args)
    query = find_query(args.query, project.queries_dir)
    params = _params(args.param)
    _check_limits(args)
    limits = {"timeout": args.timeout, "max_rows": args.max_rows or None, "allow_service": args.allow_service}
    from .sparql.guard import check_query

    check_query(query.text, query.name, args.allow_service)  # before building or connecting
    if args.endpoint:
        from .remote.client import Endpoint

        if args.infer is not None:
            raise KgError("--infer/--no-infer apply to the built graph, not to --endpoint")
        rows = run(Endpoint(args.endpoint, args.timeout), query, params, **limits)
        _emit(FORMATTERS[args.format](rows), args.output, False, project)
        return EXIT_OK
    store = open_built(project, log=_log, infer=args.infer)
    if "inferred" in query.tags:
        from .reason.reasoner import INFERRED_GRAPH

        if INFERRED_GRAPH not in store.graphs():
            _log(f"{query.name} reads inferred facts, which this build does not hold: "
                 "run it with --infer (or `kg build --infer` first)")
    rows = run(store, query, params, **limits)
    _emit(FORMATTERS[args.format](rows), args.output, False, project)
    return EXIT_OK


def cmd_push(args) -> int:
    from .store.build import open_built
    from .remote.client import Pusher, derived_urls

    project = _project(args)
    update_url, store_url = derived_urls(args.endpoint)
    pusher = Pusher(args.endpoint, args.update or update_url or args.endpoint,
                    args.store or (store_url if args.protocol == "gsp" else None), args.protocol, args.timeout)
    store = open_built(project, log=_log, infer=args.infer)
    data = store.ntriples()
    result = pusher.push(data, args.graph, args.chunk_size, log=_log)
    _log(f"pushed {result['sent']:,} triples to {result['graph']} in {result['chunks']} chunk(s) "
         f"({result['protocol']}); the store now holds {result['stored']:,} triples in that graph")
    return EXIT_OK


def cmd_serve(args) -> int:
    from .remote.serve import serve

    _check_limits(args)
    if not 0 <= args.port <= 65535:
        raise KgError(f"--port {args.port}: not a TCP port")
    return serve(_project(args), args.host, args.port, args.timeout, args.infer, _log,
                 max_rows=args.max_rows or None, allow_service=args.allow_service)


def cmd_queries(args) -> int:
    from .sparql.saved import saved_queries

    project = _project(args)
    queries = saved_queries(project.queries_dir)
    if args.format == "json":
        print(json.dumps([{"name": q.name, "summary": q.summary, "tags": q.tags,
                           "parameters": [p.describe() for p in q.params]} for q in queries.values()],
                         indent=1, ensure_ascii=False))
        return EXIT_OK
    width = max((len(n) for n in queries), default=4)
    for q in queries.values():
        params = f"  [{'; '.join(p.describe() for p in q.params)}]" if q.params else ""
        print(f"{q.name.ljust(width)}  {q.summary}{params}")
    return EXIT_OK


def cmd_export(args) -> int:
    from .store.build import open_built
    from .store.export import serialize

    project = _project(args)
    store = open_built(project, log=_log, infer=args.infer)
    _emit(serialize(store, args.format), args.output, args.force, project)
    return EXIT_OK


def cmd_stats(args) -> int:
    from .store.build import open_built
    from .store.export import stats

    project = _project(args)
    counts = stats(open_built(project, log=_log, infer=args.infer))
    if args.format == "json":
        print(json.dumps(counts, indent=1))
    else:
        width = max(len(k) for k in counts)
        for key, n in counts.items():
            print(f"{key.replace('_', ' ').ljust(width)}  {n}")
    return EXIT_OK


def cmd_extract(args) -> int:
    from .store.build import open_built, read_article_text
    from .extract.extractor import Gazetteer, extract

    project = _project(args)
    store = None if args.no_graph else open_built(project, log=_log)
    gazetteer = Gazetteer.from_store(store) if store is not None else Gazetteer.empty()
    source = Path(args.article)
    if source.is_dir():
        paths = sorted(source.glob("*.txt"))
        if not paths:
            raise KgError(f"{source}: no article (*.txt) in this folder")
    elif source.exists():
        paths = [source]
    else:
        raise KgError(f"{source}: no such file or folder")
    batch = source.is_dir()
    out_dir = Path(args.output) if batch and args.output else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    suffix = ".ttl" if args.format == "turtle" else ".json"
    for i, path in enumerate(paths, 1):
        if batch:
            _log(f"[{i}/{len(paths)}] {path.name}")
        text = read_article_text(path, str(path))
        doc = extract(text, path.name, gazetteer)
        if args.format == "turtle":
            from .extract.draft import next_seed_name, to_turtle

            in_seeds = path.resolve().parent == project.seeds_dir.resolve()
            seed_name = path.name if in_seeds else next_seed_name(project.seeds_dir, path.name, text)
            data, skipped = to_turtle(doc, text, store, inline_text=not in_seeds, seed_name=seed_name)
            for s in skipped:
                _log(f"{path.name}: skipped {s}")
        else:
            data = (json.dumps(doc, ensure_ascii=False, indent=None if batch and not out_dir else 1) + "\n").encode("utf-8")
        target = (out_dir / (path.stem + suffix)) if out_dir else (Path(args.output) if args.output and not batch else None)
        if target is None:
            sys.stdout.buffer.write(data)
            continue
        if target.exists() and not args.force:
            raise KgError(f"{target}: already exists; use --force to overwrite it")
        from .store.export import write_atomic

        write_atomic(target, data, True, project.root)
        _log(f"wrote {target}")
    return EXIT_OK


def cmd_eval(args) -> int:
    from .extract import evaluate
    from .store.build import open_built

    project = _project(args)
    store = open_built(project, log=_log)
    sbti = None
    if not args.no_sbti:
        sbti = Path(args.sbti) if args.sbti else project.root.parent / "shared" / "data" / "sbti"
        if not (sbti / evaluate.SBTI_WORKBOOK).is_file():
            if args.sbti:
                raise KgError(f"{sbti}: no {evaluate.SBTI_WORKBOOK} here")
            _log(f"SBTi workbook not found in {sbti}: SBTi scoring skipped")
            sbti = None
    only = set(args.sets.split(",")) if args.sets else None
    unknown = (only or set()) - {"seeds", *evaluate.GOLD_SETS}
    if unknown:
        raise KgError(f"--sets: unknown set {sorted(unknown)[0]!r} (sets: seeds, {', '.join(evaluate.GOLD_SETS)})")
    result = evaluate.run(project, store, sbti, log=_log, only=only)
    if args.write_docs:
        evaluate.write_docs(Path(args.write_docs), result, "kg eval --write-docs " + args.write_docs)
        _log(f"wrote the scores into {args.write_docs}")
    if args.format == "json":
        print(json.dumps(result.as_dict(), indent=1))
    elif args.format == "markdown":
        print(evaluate.markdown(result))
    else:
        print(evaluate.table(result), end="")
    return EXIT_OK


# -- parser -----------------------------------------------------------------------------------

def _infer_flags(s) -> None:
    g = s.add_mutually_exclusive_group()
    g.add_argument("--infer", dest="infer", action="store_const", const=True, default=None,
                   help="include the inferred facts (reasoning first if this build has none)")
    g.add_argument("--no-infer", dest="infer", action="store_const", const=False,
                   help="leave the inferred facts out, even if the build has them")


def _limit_flags(s, timeout: int) -> None:
    """What a query may take (kg/guard.py, docs/security.md): time, rows, other servers."""
    s.add_argument("--timeout", type=float, default=float(timeout), metavar="SECONDS",
                   help=f"stop a query that runs longer than this (default {timeout})")
    s.add_argument("--max-rows", type=int, default=100_000, metavar="N",
                   help="stop a query whose answer has more rows than this (default 100000; 0: no limit)")
    s.add_argument("--allow-service", action="store_true",
                   help="allow SERVICE (federated queries make the engine contact other servers; refused "
                        "by default)")


def _check_limits(args) -> None:
    if args.timeout <= 0:
        raise KgError(f"--timeout {args.timeout:g}: must be more than 0 seconds")
    if args.max_rows < 0:
        raise KgError(f"--max-rows {args.max_rows}: must be 0 (no limit) or more")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg", description="A knowledge graph of corporate climate commitments: build, validate, query, export.",
        epilog="Exit status: 0 success (validate: conforms), 1 validate: does not conform, or reason/build --infer: "
               "inconsistent, 2 error.")
    p.add_argument("--root", help="project folder (default: $KG_ROOT, or the nearest folder holding ontology/cckg.ttl)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("build", help="load ontology, article metadata and texts, and facts into the store in build/",
                       description="Load ontology/, seeds/, data/ and imported/ into the persistent store in "
                                   "build/, one named graph per source file. Only the files that changed since "
                                   "the last build are reloaded, in a copy of the store that is then swapped in.")
    s.add_argument("--full", action="store_true",
                   help="rebuild everything (default: reload only the source files that changed)")
    s.add_argument("--infer", action="store_true",
                   help="add the facts HermiT infers (see `kg reason`) as the graph "
                        "https://w3id.org/climate-commitments/graph/inferred; exit 1 if the graph is inconsistent")
    s.set_defaults(func=cmd_build)

    s = sub.add_parser("reason", help="OWL 2 DL reasoning (HermiT): consistency, and the inferred facts",
                       description="Load the ontology and the asserted graph into owlready2 and run HermiT (needs "
                                   "Java). If they are inconsistent, say why, naming the individuals and axioms "
                                   "involved (exit 1). Otherwise write the inferred class memberships and property "
                                   "assertions, with their provenance, to build/inferred.trig (exit 0); "
                                   "`kg build --infer` adds them to the store.")
    s.add_argument("--format", "-f", choices=["text", "json"], default="text")
    s.add_argument("--output", "-o", help="also write the inferred graph (TriG) to this file")
    s.set_defaults(func=cmd_reason)

    s = sub.add_parser("validate", help="check the graph against the SHACL shapes, quality queries and OWL",
                       description="Validate the built graph (or ontology + the given Turtle files) with the SHACL "
                                   "shapes in shapes/, the quality-control queries in shapes/sparql/ and HermiT. "
                                   "Exit 0 conforms, 1 does not, 2 error.")
    s.add_argument("files", nargs="*", help="Turtle files to validate with the ontology instead of the build")
    s.add_argument("--format", "-f", choices=["human", "table", "json", "turtle"], default="human")
    s.add_argument("--fail-on", choices=["violation", "warning"], default="violation",
                   help="lowest severity that makes the graph fail (default: violation)")
    s.add_argument("--with-data", action="store_true",
                   help="validate the given files together with the curated data, as if merged (drafts)")
    s.add_argument("--no-owl", action="store_true", help="skip the OWL consistency check (HermiT)")
    s.add_argument("--engine", choices=["sparql", "pyshacl"], default="sparql",
                   help="SHACL engine: sparql (default: each shape as set-oriented SPARQL on the store, "
                        "docs/validation.md) or pyshacl (the reference engine; slow on big graphs)")
    s.add_argument("--output", "-o", help="write the report to this file")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("query", help="run a saved query (see `kg queries`) or a .rq file",
                       description="Run a saved query by name, or a SPARQL file, over the built graph. Parameters "
                                   "are bound as typed RDF terms; an IRI parameter also accepts a CURIE "
                                   "(kgr:org-netflix) or a label (Netflix).")
    s.add_argument("query", metavar="NAME|FILE")
    s.add_argument("--param", "-p", action="append", metavar="KEY=VALUE", help="a query parameter (repeatable)")
    s.add_argument("--format", "-f", choices=["table", "csv", "tsv", "json"], default="table")
    s.add_argument("--output", "-o", help="write the results to this file")
    s.add_argument("--endpoint", metavar="URL",
                   help="run it on this SPARQL 1.1 endpoint instead of the built graph (credentials: "
                        "KG_ENDPOINT_TOKEN, or KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD)")
    _limit_flags(s, timeout=60)
    _infer_flags(s)
    s.set_defaults(func=cmd_query)

    s = sub.add_parser("push", help="load the built graph into a remote triple store (one named graph)",
                       description="Replace one named graph of a triple store with the built graph: the triples "
                                   "go in chunks into a temporary graph (Graph Store Protocol POST, or SPARQL "
                                   "Update INSERT DATA), are counted, then one SPARQL Update MOVE swaps them in, so "
                                   "a push that fails leaves the graph as it was. Credentials: KG_ENDPOINT_TOKEN, "
                                   "or KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD. docs/triple-stores.md")
    s.add_argument("--endpoint", required=True, metavar="URL",
                   help="the store's SPARQL query endpoint (to count what arrived); for a URL ending in /query the "
                        "update and Graph Store URLs default to /update and /store beside it (Oxigraph's layout)")
    s.add_argument("--graph", default="https://w3id.org/climate-commitments/graph/kg", metavar="IRI",
                   help="the named graph to replace (default https://w3id.org/climate-commitments/graph/kg)")
    s.add_argument("--protocol", choices=["gsp", "update"], default="gsp",
                   help="send the triples by Graph Store Protocol (default) or SPARQL Update")
    s.add_argument("--update", metavar="URL", help="the SPARQL Update endpoint (default: see --endpoint, else "
                                                   "the --endpoint URL itself)")
    s.add_argument("--store", metavar="URL", help="the Graph Store Protocol endpoint (needed with --protocol gsp "
                                                  "unless derived from --endpoint)")
    s.add_argument("--chunk-size", type=int, default=50_000, metavar="TRIPLES",
                   help="triples per request (default 50000)")
    s.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="seconds each request may take (default 60)")
    _infer_flags(s)
    s.set_defaults(func=cmd_push)

    s = sub.add_parser("serve", help="serve the built graph as a read-only SPARQL endpoint (Oxigraph server)",
                       description="Serve a snapshot of the built graph over the SPARQL 1.1 Protocol at "
                                   "http://HOST:PORT/query, read-only, with a query timeout, until Ctrl-C. The "
                                   "default graph is the union of the build's named graphs.")
    s.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1: this machine only)")
    s.add_argument("--port", type=int, default=7878, help="TCP port (default 7878; 0 picks a free one)")
    _limit_flags(s, timeout=30)
    _infer_flags(s)
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("queries", help="list the saved queries with their summaries and parameters")
    s.add_argument("--format", "-f", choices=["text", "json"], default="text")
    s.set_defaults(func=cmd_queries)

    s = sub.add_parser("export", help="write the built graph as Turtle, N-Triples, JSON-LD or RDF/XML",
                       description="Serialise the built graph deterministically (Turtle: rdflib longturtle; "
                                   "N-Triples: sorted lines).")
    s.add_argument("--format", "-f", choices=["turtle", "nt", "jsonld", "xml"], default="turtle")
    s.add_argument("--output", "-o", help="file to write (default: standard output)")
    s.add_argument("--force", action="store_true", help="allow overwriting a curated source file")
    _infer_flags(s)
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("extract", help="propose facts from a news article (French or English), with quotes",
                       description="Extract organisations, pledges, emissions, partners, people and initiatives "
                                   "from an article (a UTF-8 text file) or every *.txt of a folder. Each fact "
                                   "carries an exact quote of the article. Organisations known to the graph are "
                                   "linked to their IRIs.")
    s.add_argument("article", metavar="ARTICLE|DIR")
    s.add_argument("--format", "-f", choices=["json", "turtle"], default="json",
                   help="json: the extraction contract; turtle: a draft in our ontology, ready to review")
    s.add_argument("--output", "-o", help="file to write (a folder when extracting a folder)")
    s.add_argument("--force", action="store_true", help="overwrite an existing output file")
    s.add_argument("--no-graph", action="store_true", help="do not link to the graph's organisations")
    s.set_defaults(func=cmd_extract)

    s = sub.add_parser("eval", help="score the extractor against gold: seeds, development set, SBTi wording",
                       description="Precision, recall and F1 per kind of fact on the seed articles (gold: data/) "
                                   "and the development set (eval/devset/), SBTi target-year agreement when the "
                                   "workbook is found (../shared/data/sbti by default), and speed.")
    s.add_argument("--sbti", help="folder holding the SBTi workbooks")
    s.add_argument("--no-sbti", action="store_true", help="skip the SBTi scoring")
    s.add_argument("--sets", metavar="A,B", help="score only these sets (seeds, devset, devset2, heldout)")
    s.add_argument("--format", "-f", choices=["table", "json", "markdown"], default="table")
    s.add_argument("--write-docs", metavar="FILE", help="write the scores between the eval markers of FILE")
    s.set_defaults(func=cmd_eval)

    from .importers.sbti import add_parser as add_import_parser

    add_import_parser(sub)

    s = sub.add_parser("stats", help="count triples, organisations, pledges, facts without evidence...")
    s.add_argument("--format", "-f", choices=["text", "json"], default="text")
    _infer_flags(s)
    s.set_defaults(func=cmd_stats)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from .reason.reasoner import Inconsistent

    from .sparql.saved import QueryTimeout

    try:
        return args.func(args)
    except QueryTimeout as exc:
        # the engine is still evaluating in a worker thread and cannot be interrupted: leave now
        print(f"kg: error: {exc}", file=sys.stderr)
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(EXIT_ERROR)
    except KgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Inconsistent as exc:
        for clash in exc.clashes:
            print(f"INCONSISTENT: {clash.message}", file=sys.stdout)
        print(f"kg: the ontology and data are inconsistent (OWL 2 DL, HermiT): {len(exc.clashes)} clash(es)",
              file=sys.stderr)
        return EXIT_FAIL
    except BrokenPipeError:
        try:  # stdout is gone (e.g. `| head`): silence the flush at exit too
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
