"""The commands of `kg`: each parses nothing, calls one function of a package and prints its answer.

Each command imports only what it needs, so `kg query` starts fast.
"""
from __future__ import annotations

import json
from pathlib import Path
import sys

from ..errors import KgError
from .inputs import article_name, query_of, stdin_bytes, stdin_text

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
VERBOSITY = {"level": 0, "started": 0.0}  # -q: -1, -v: 1 (set by kg.cli.main)


def _log(message: str) -> None:
    """A `kg:` note on stderr: none with -q, with the seconds since start with -v."""
    if VERBOSITY["level"] < 0:
        return
    if VERBOSITY["level"] > 0:
        import time

        message = f"[{time.perf_counter() - VERBOSITY['started']:.2f} s] {message}"
    print(f"kg: {message}", file=sys.stderr)


def _project(args):
    from ..project import find_project

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
        from ..files import write_atomic

        write_atomic(Path(output), data, force, project.root)
        _log(f"wrote {output}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _emit_stream(write, output: str | None, force: bool, project) -> None:
    """_emit for output written as it is made: `write(binary_file)` goes to stdout, or to a temporary
    file beside the target renamed over it once complete (kg.files.write_atomic_with)."""
    if not output or output == "-":
        write(sys.stdout.buffer)
        sys.stdout.flush()
        return
    from ..files import write_atomic_with

    write_atomic_with(Path(output), write, force, project.root)
    _log(f"wrote {output}")


# -- commands ---------------------------------------------------------------------------------

def cmd_build(args) -> int:
    from ..store.build import build

    project = _project(args)
    if args.engine != "hermit" and not args.infer:
        raise KgError("--engine chooses the reasoner of --infer: give --infer too")
    manifest = build(project, infer=args.infer, log=_log, full=args.full, engine=args.engine)
    inferred = manifest.get("inferred")
    extra = f", {inferred['inferred_triples']} of them inferred by {inferred['reasoner']}" if inferred else ""
    update = manifest["update"]
    how = (f"{len(update['reloaded'])} of {len(manifest['sources'])} source files reloaded"
           if update["mode"] == "incremental" else f"{len(manifest['sources'])} source files")
    print(f"built {project.rel(project.build_dir)}/store: {manifest['quads']} quads (a triple two source files state counts twice) "
          f"from {how}{extra} in {manifest['seconds']} s")
    return EXIT_OK


def cmd_reason(args) -> int:
    from ..reason import INFERRED_FILE, materialise
    from ..store.build import open_built

    project = _project(args)
    store = open_built(project, log=_log, infer=False)
    meta, trig = materialise(store, project.build_dir, reuse=False, log=_log, engine=args.engine)
    target = project.build_dir / INFERRED_FILE
    if args.output:
        _emit(trig, args.output, False, project)
        target = Path(args.output)
    if args.format == "json":
        check = {"consistency_check": "OWL 2 RL rules only, not HermiT's"} if args.engine == "rl" else {}
        print(json.dumps({"consistent": True, **check, **meta, "file": str(target)}, indent=1))
        return EXIT_OK
    counts = ", ".join(f"{n} {kind}" for kind, n in meta["counts"].items())
    chains = ", ".join(f"{p} {n}" for p, n in meta["by_property"].items()
                       if p in ("cckg:dependsOn", "cckg:usesPlatform", "cckg:transitiveSubsidiaryOf", "cckg:makesPledge"))
    engine = "reasonable" if args.engine == "rl" else "HermiT"
    verdict = "no clash its rules detect" if args.engine == "rl" else "consistent"
    print(f"{meta['reasoner']}: {verdict} ({meta['input_triples']} asserted triples, "
          f"{meta['seconds']} s, of which {engine} {meta['hermit_seconds']} s)")
    if args.engine == "rl":
        print("not HermiT's consistency check: OWL 2 RL finds only the clashes its rules detect; "
              "`kg validate` keeps HermiT for consistency")
    print(f"inferred {meta['inferred_triples']} triples: {counts}")
    if chains:
        print(f"  among them: {chains}")
    print(f"wrote {project.rel(target)} (graph <{meta['graph']}>); `kg build --infer` adds it to the store")
    return EXIT_OK


def cmd_validate(args) -> int:
    from .. import validation as v

    project = _project(args)
    if args.files:
        extra = project.data_files() if args.with_data else []
        if args.files.count("-") > 1:
            raise KgError("`-` (standard input) can be given once")
        stdin = stdin_bytes() if "-" in args.files else None
        store = v.store_for_files(project, extra + [Path(f) for f in args.files if f != "-"], stdin)
    else:
        from ..store.build import open_built

        store = open_built(project, log=_log, infer=False)
    if args.files:
        report = v.validate_store(store, project, owl=not args.no_owl, engine=args.engine)
    else:
        from ..validation.incremental import validate_build

        report = validate_build(store, project, owl=not args.no_owl, engine=args.engine, full=args.full, log=_log)
        for note in report.notes:
            _log(note)
    fail_on = {"violation": "Violation", "warning": "Warning", "info": "Info"}[args.fail_on]
    _emit(v.FORMATS[args.format](report, fail_on), args.output, True, project)
    return EXIT_OK if report.conforms(fail_on) else EXIT_FAIL


def cmd_shacl(args) -> int:
    from ..validation import FORMATS
    from ..validation.files import validate_files

    report = validate_files(args.data, args.shapes, engine=args.engine, input_format=args.input_format)
    for note in report.notes:
        _log(f"note: {note}")
    fail_on = {"violation": "Violation", "warning": "Warning", "info": "Info"}[args.fail_on]
    data = FORMATS[args.format](report, fail_on)
    if args.output and args.output != "-":
        from ..files import write_atomic

        write_atomic(Path(args.output), data.encode("utf-8"), True, Path.cwd())
    else:
        sys.stdout.write(data)
        sys.stdout.flush()
    return EXIT_OK if report.conforms(fail_on) else EXIT_FAIL


def _endpoint(args, project):
    """The remote store of --endpoint, read as --graph, --union or --per-file say (default: the graph
    `kg push` writes), through the protocol's default-graph-uri and named-graph-uri."""
    from ..iris import PUSH_GRAPH
    from ..remote.client import Endpoint

    per_file = getattr(args, "per_file", False)
    if sum(map(bool, (args.graph, args.union, per_file))) > 1:
        raise KgError("--graph, --union and --per-file cannot go together: choose one")
    if per_file:
        from ..store.build import read_manifest

        manifest = read_manifest(project)
        if not manifest:
            raise KgError("--per-file reads the graphs of the build: run `kg build` first")
        from ..iris import INFERRED_GRAPH

        graphs = tuple(g for g in manifest["graphs"] if g != INFERRED_GRAPH)  # never in without --infer
    else:
        graphs = () if args.union else (args.graph or PUSH_GRAPH,)
    return Endpoint(args.endpoint, args.timeout, default_graphs=graphs, named_graphs=graphs)


def cmd_query(args) -> int:
    from ..sparql import find_query, run
    from ..store.build import open_built
    from .tables import answer

    project = _project(args)
    query = query_of(args, project, find_query)
    params = _params(args.param)
    _check_limits(args)
    from ..remote.confine import parse_size

    memory = parse_size(args.max_memory)
    limits = {"timeout": args.timeout, "max_rows": args.max_rows or None, "allow_service": args.allow_service,
              "limit": args.limit, "offset": args.offset}
    from ..sparql.guard import safe_query

    safe_query(query.text, query.name, args.allow_service, not args.endpoint)  # before building or connecting
    if (args.graph or args.union or args.per_file) and not args.endpoint:
        raise KgError("--graph, --union and --per-file choose what to read on an --endpoint; the built graph is "
                      "all of it")
    if args.endpoint:
        if args.infer is not None:
            raise KgError("--infer/--no-infer apply to the built graph, not to --endpoint")
        endpoint = _endpoint(args, project)
        rows = run(endpoint, query, params, **limits)
        from ..remote.stores import known_wrong

        bug = known_wrong(endpoint.server, query.name)
        if bug:  # never print rows the store is known to get wrong
            raise KgError(f"{query.name}: {endpoint.server} is known to answer this query wrongly ({bug}); "
                          "run it on the built graph, or see `kg endpoint-check`")
        _emit(answer(rows, args.format, query.text, args.output), args.output, False, project)
        return EXIT_OK
    store = open_built(project, log=_log, infer=args.infer)
    if "inferred" in query.tags:
        from ..iris import INFERRED_GRAPH

        if INFERRED_GRAPH not in store.graphs():
            _log(f"{query.name} reads inferred facts, left out unless asked for: run it with --infer")
    from ..remote.confine import run_rows_confined

    rows = run_rows_confined(lambda: run(store, query, params, **limits), memory, args.timeout + 10,
                             network=args.allow_service, name=query.name)  # run() stops it at --timeout
    _emit(answer(rows, args.format, query.text, args.output), args.output, False, project)
    return EXIT_OK


def cmd_endpoint_check(args) -> int:
    from ..remote.check import check
    from ..store.build import open_built

    project = _project(args)
    endpoint = _endpoint(args, project)
    outcomes = check(open_built(project, log=_log, infer=False), endpoint, project.queries_dir, args.timeout)
    if args.format == "json":
        print(json.dumps([vars(o) for o in outcomes], indent=1, ensure_ascii=False))
    else:
        for o in outcomes:
            given = " ".join(f"{k}={v}" for k, v in o.given.items()) or "(no parameters)"
            print(f"{'agrees ' if o.agrees else 'DIFFERS'}  {o.query}  {given}  {o.detail}")
        bad = sum(not o.agrees for o in outcomes)
        print(f"{len(outcomes) - bad} of {len(outcomes)} test cases give the built graph's rows"
              + (f"; {bad} do not: do not trust those queries on this store" if bad else ""))
    return EXIT_OK if all(o.agrees for o in outcomes) else EXIT_FAIL


def cmd_push(args) -> int:
    from ..remote.push import Pusher, derived_urls
    from ..store.build import open_built

    project = _project(args)
    update_url, store_url = derived_urls(args.endpoint)
    pusher = Pusher(args.endpoint, args.update or update_url or args.endpoint,
                    args.store or (store_url if args.protocol == "gsp" else None), args.protocol, args.timeout)
    store = open_built(project, log=_log, infer=args.infer)
    if args.graphs == "per-file":
        from ..iris import GRAPH_NS

        graphs = {g: store.graph_ntriples(g) for g in store.graphs()}
        stale = tuple(g for g in pusher.remote_graphs(GRAPH_NS) if g not in graphs)
        result = pusher.push_graphs(graphs, args.chunk_size, log=_log, drop=stale)
        _log(f"pushed {result['sent']:,} triples into {len(graphs)} graphs (one per source file) in "
             f"{result['chunks']} chunk(s) ({result['protocol']}); the store now holds {result['stored']:,} "
             f"triples in them" + (f"; dropped {len(stale)} graph(s) the build no longer has" if stale else ""))
        return EXIT_OK
    data = store.ntriples()
    result = pusher.push(data, args.graph, args.chunk_size, log=_log)
    _log(f"pushed {result['sent']:,} triples to {result['graph']} in {result['chunks']} chunk(s) "
         f"({result['protocol']}); the store now holds {result['stored']:,} triples in that graph")
    return EXIT_OK


def cmd_serve(args) -> int:
    from ..remote.serve import serve

    _check_limits(args)
    if not 0 <= args.port <= 65535:
        raise KgError(f"--port {args.port}: not a TCP port")
    from ..remote.confine import MINIMUM_MEMORY, parse_size, show_size

    memory = parse_size(args.max_memory)
    if memory < MINIMUM_MEMORY:
        raise KgError(f"--max-memory {args.max_memory}: the query engine needs at least {show_size(MINIMUM_MEMORY)}")
    if not 1 <= args.workers <= 64:
        raise KgError(f"--workers {args.workers}: must be 1 to 64")
    project = _project(args)
    endpoint = None
    if args.endpoint:
        if args.infer is not None:
            raise KgError("--infer/--no-infer apply to the built graph, not to --endpoint")
        endpoint = _endpoint(args, project)
    elif args.graph or args.union:
        raise KgError("--graph and --union choose what to read on an --endpoint; the built graph is all of it")
    from ..web import mount

    return serve(project, args.host, args.port, args.timeout, args.infer, _log,
                 max_rows=args.max_rows or None, allow_service=args.allow_service, cors=tuple(args.cors),
                 memory=memory, workers=args.workers, endpoint=endpoint,
                 mount=lambda app: mount(app, project.queries_dir, endpoint))


def cmd_queries(args) -> int:
    from .tables import saved_queries_shown

    sys.stdout.write(saved_queries_shown(_project(args), args.name, args.format))
    return EXIT_OK


def cmd_export(args) -> int:
    from ..store.build import open_built
    from ..store.export import TITLES, export, format_for_file, format_named

    fmt = "turtle"
    if args.format is not None:
        fmt = format_named(args.format)
    elif args.output and args.output != "-":
        fmt, ambiguous = format_for_file(args.output)
        if ambiguous:
            _log(f"writing {TITLES[fmt]} to {args.output}, as its suffix suggests (-f chooses another format)")
    project = _project(args)
    store = open_built(project, log=_log, infer=args.infer)
    _emit_stream(lambda out: export(store, fmt, out), args.output, args.force, project)
    return EXIT_OK


def cmd_stats(args) -> int:
    from ..store.build import open_built
    from ..store.export import stats
    from .tables import counts

    numbers = stats(open_built(_project(args), log=_log, infer=args.infer))
    sys.stdout.write(json.dumps(numbers, indent=1) + "\n" if args.format == "json" else counts(numbers))
    return EXIT_OK


def cmd_extract(args) -> int:
    from ..extract.extractor import Gazetteer, extract
    from ..store.build import open_built, read_article_text

    project = _project(args)
    store = None if args.no_graph else open_built(project, log=_log, infer=False)
    gazetteer = Gazetteer.from_store(store) if store is not None else Gazetteer.empty()
    source = Path(args.article)
    if args.article == "-":
        paths = [source]
    elif source.is_dir():
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
        text = stdin_text("the article") if args.article == "-" else read_article_text(path, str(path))
        doc = extract(text, article_name(args, path), gazetteer)
        if args.format == "turtle":
            from ..extract.draft import next_seed_name, to_turtle

            in_seeds = args.article != "-" and path.resolve().parent == project.seeds_dir.resolve()
            seed_name = path.name if in_seeds else next_seed_name(project.seeds_dir, article_name(args, path), text)
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
        from ..files import write_atomic

        write_atomic(target, data, True, project.root)
        _log(f"wrote {target}")
    return EXIT_OK


def cmd_review(args) -> int:
    """`kg review`: the extractor's draft of an article on a review page (kg.web.review); the draft
    writer (kg.extract.draft) and the validation of `kg validate` are handed to it here."""
    import getpass

    from ..extract.draft import Reviewer, article_entry, next_seed_name, reviewed_turtle
    from ..extract.evaluate import ORG_KINDS, PARTNER_ROLES, PLEDGE_TYPES, RELATIONS, UNITS, norm
    from ..extract.extractor import Gazetteer, extract
    from ..remote.serve import free_port
    from ..store.build import open_built, read_article_text
    from ..web.review import Session, Tools, review

    if not 0 <= args.port <= 65535:
        raise KgError(f"--port {args.port}: not a TCP port")
    project = _project(args)
    if args.article == "-":
        raise KgError("kg review saves the article under a name made from its file's: give the file, not `-` "
                      "(e.g. `cat > article.txt` first)")
    source = Path(args.article)
    if not source.is_file():
        raise KgError(f"{source}: no such file")
    text = read_article_text(source, str(source))
    store = open_built(project, log=_log, infer=False)
    doc = extract(text, source.name, Gazetteer.from_store(store))
    store.close()
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        user = ""
    curator = " ".join((args.curator or user or "").split())
    if not curator:
        raise KgError("--curator: give the name of who reviews")

    def validate():
        from .. import validation as v

        built = open_built(project, infer=False)
        try:
            report = v.validate_store(built, project)
        finally:
            built.close()
        findings = [{"severity": f.severity, "focus": f.focus, "path": f.path, "message": f.message,
                     "source": f.source} for f in report.findings]
        return report.conforms(), v.FORMATS["human"](report).strip().splitlines()[-1], findings

    tools = Tools(turtle=lambda doc, text, graph, seed, who, when: reviewed_turtle(doc, text, graph, seed,
                                                                                   Reviewer(who, when)),
                  entry=article_entry, validate=validate, norm=norm,
                  choices={"type": list(PLEDGE_TYPES), "unit": list(UNITS), "role": list(PARTNER_ROLES),
                           "relation": list(RELATIONS), "kind": list(ORG_KINDS)})
    session = Session(project, source.name, text, doc, next_seed_name(project.seeds_dir, source.name, text), curator,
                      tools, args.port or free_port())
    print(session.url, flush=True)
    return review(session, _log, open_browser=not args.no_browser)


def cmd_eval(args) -> int:
    from ..extract import evaluate
    from ..store.build import open_built

    project = _project(args)
    store = open_built(project, log=_log, infer=False)
    sbti = None
    if not args.no_sbti:
        sbti = Path(args.sbti) if args.sbti else project.root.parent / "shared" / "data" / "sbti"
        if not (sbti / evaluate.SBTI_WORKBOOK).is_file():
            if args.sbti:
                raise KgError(f"{sbti}: no {evaluate.SBTI_WORKBOOK} here")
            _log(f"SBTi workbook not found in {sbti}: SBTi scoring skipped")
            sbti = None
    only = set(args.sets.split(",")) if args.sets else None
    unknown = (only or set()) - {"seeds", *evaluate.GOLD_SETS, "real"}
    if unknown:
        raise KgError(f"--sets: unknown set {sorted(unknown)[0]!r} (sets: seeds, {', '.join(evaluate.GOLD_SETS)}, real)")
    real = None
    if not args.no_real:
        real = Path(args.real) if args.real else project.root.parent / "shared" / "real-articles"
        if not any(real.glob("*.gold.json")):
            if args.real or (only and "real" in only):
                raise KgError(f"{real}: no NAME.gold.json articles here")
            _log(f"no real-article set in {real}: its scoring skipped")
            real = None
    result = evaluate.run(project, store, sbti, log=_log, only=only, real_dir=real)
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


def cmd_completion(args, parser) -> int:
    """`kg completion SHELL`: shtab's completion script for this parser (files where a command reads one)."""
    from .completion import completion_script

    sys.stdout.write(completion_script(parser, args.shell))
    return EXIT_OK


def _check_limits(args) -> None:
    if args.timeout <= 0:
        raise KgError(f"--timeout {args.timeout:g}: must be more than 0 seconds")
    if args.max_rows < 0:
        raise KgError(f"--max-rows {args.max_rows}: must be 0 (no limit) or more")



def cmd_import(args) -> int:
    from ..files import write_atomic
    from ..importers.sbti import OUTPUT, check_workbook, import_companies, import_progress
    from ..store.build import open_built
    from .tables import counts

    log = _log
    project = _project(args)
    if args.path == "-":
        raise KgError("kg import reads the workbook from its file, whose name gives the dataset's date and provenance: "
                      "give its path, not `-`")
    path = Path(args.path)
    check_workbook(path)  # before building: a wrong path fails fast
    out_dir = (Path(args.output_dir) if getattr(args, "output_dir", None)
               else getattr(project, "imported_dir", project.root / "imported"))
    accessed = getattr(args, "accessed", None)
    known = open_built(project, log=log, infer=False)
    if args.source == "sbti":
        result = import_companies(path, known, log, accessed=accessed)
    else:
        companies_file = out_dir / OUTPUT["sbti"]
        if not companies_file.is_file():
            raise KgError(f"{companies_file}: no companies import to match progress rows to; "
                          "run `kg import sbti COMPANIES.xlsx` first")
        result = import_progress(path, companies_file.read_bytes(), known, log, accessed=accessed)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / OUTPUT[args.source]
    write_atomic(target, result.turtle, False, project.root)
    shown = project.rel(target)
    if getattr(args, "format", "text") == "json":
        print(json.dumps({"file": shown, "counts": result.counts,
                          "problems": [vars(p) for p in result.problems],
                          "matches": [list(m) for m in result.matches],
                          "unmatched": [vars(p) for p in result.unmatched]}, indent=1, ensure_ascii=False))
        return 0
    print(f"wrote {shown}")
    sys.stdout.write(counts(result.counts))
    for name, iri, rule in result.matches:
        if args.source == "sbti":
            print(f"matched {name!r} to curated {iri} by {rule}")
    for p in result.problems:
        print(p)
    for p in result.unmatched:
        print(f"{p} (unmatched)")
    return 0
