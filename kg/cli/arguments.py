"""The `kg` argument parser: commands, their options and help."""
from __future__ import annotations

import argparse
import difflib
import re

from .commands import (cmd_build, cmd_completion, cmd_endpoint_check, cmd_eval, cmd_export, cmd_extract, cmd_import,
                       cmd_push, cmd_queries, cmd_query, cmd_reason, cmd_review, cmd_serve, cmd_shacl, cmd_stats,
                       cmd_validate)


class KgArgumentParser(argparse.ArgumentParser):
    """argparse, with "did you mean" for a mistyped command or choice (`kg biuld`, `-f tabel`)."""

    def error(self, message: str):
        found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if found:
            choices = re.findall(r"'([^']*)'", found.group(2))
            close = difflib.get_close_matches(found.group(1), choices, n=3, cutoff=0.6)
            if close:
                message = f"{message}; did you mean {' or '.join(close)}?"
        super().error(message)


class _Version(argparse.Action):
    """`kg --version`: the package's version and the project ontology's, when one is found."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from ..project import versions

        print(versions(getattr(namespace, "root", None)))  # on stdout, as argparse's own version action
        parser.exit()


def _verbosity_flags(s, default) -> None:
    """-q/-v: before or after the command name (`kg -q build`, `kg build -q`)."""
    s.add_argument("-q", "--quiet", action="count", default=default,
                   help="print only the answer and errors: no progress bars, no `kg:` notes on stderr")
    s.add_argument("-v", "--verbose", action="count", default=default,
                   help="say more: each `kg:` note with the seconds since start, and the cause of an error")


def _query_format(name: str) -> str:
    """kg query -f: the RDF formats also by the names `kg export` takes (ttl, n-triples, json-ld), in any case;
    `xml` stays SPARQL XML results (export's RDF/XML names are not answers' formats)."""
    from ..store.export import NAMES

    fmt = NAMES.get(name.lower())
    return fmt if fmt in ("turtle", "nt", "jsonld") else name.lower()


def _infer_flags(s) -> None:
    """--infer/--no-infer: the inferred facts are in only when this command says so, whatever was built before."""
    g = s.add_mutually_exclusive_group()
    g.add_argument("--infer", dest="infer", action="store_const", const=True, default=None,
                   help="include the facts the reasoner infers (reasoning first, with progress, if the build "
                        "has no current inferred graph)")
    g.add_argument("--no-infer", dest="infer", action="store_const", const=False,
                   help="leave the inferred facts out (the default, even after `kg build --infer`)")
    s.add_argument("--engine", dest="infer_engine", choices=["hermit", "rl"],
                   help="with --infer: the reasoner, hermit (the default, OWL 2 DL) or rl (OWL 2 RL); inferred facts "
                        "the build got from the other one are inferred again")


def _limit_flags(s, timeout: int) -> None:
    """What a query may take (kg/sparql/guard.py, docs/security.md): time, rows, memory, other servers."""
    s.add_argument("--timeout", type=float, default=float(timeout), metavar="SECONDS",
                   help=f"stop a query that runs longer than this (default {timeout})")
    s.add_argument("--max-rows", type=int, default=100_000, metavar="N",
                   help="stop a query whose answer has more rows than this (default 100000; 0: no limit)")
    s.add_argument("--allow-service", action="store_true",
                   help="allow SERVICE (federated queries make the engine contact other servers; refused "
                        "by default)")
    s.add_argument("--max-memory", default="2G", metavar="SIZE",
                   help="stop a query whose engine needs more memory (address space) than this, e.g. 1G or "
                        "4G (default 2G; the engine takes about 0.3G before its first query)")


def _report_flags(s, fail_on: str, fail_on_help: str) -> None:
    """The report options of kg validate and kg shacl."""
    s.add_argument("--format", "-f", choices=["human", "table", "json", "turtle", "junit"], default="human",
                   help="turtle: a W3C sh:ValidationReport; junit: JUnit XML for CI systems")
    s.add_argument("--fail-on", choices=["violation", "warning", "info"], default=fail_on, help=fail_on_help)


def _graph_flags(s, context: str) -> None:
    """Which graph of a remote store to read (kg query --endpoint, kg endpoint-check)."""
    s.add_argument("--graph", metavar="IRI",
                   help=f"{context}the graph to read (default: the one `kg push` writes, "
                        "https://w3id.org/climate-commitments/graph/kg), sent as the protocol's "
                        "default-graph-uri and named-graph-uri")
    s.add_argument("--union", action="store_true",
                   help=f"{context}read the store's own default graph (a store configured so that it is the union "
                        "of its named graphs)")


def _import_parser(sub) -> None:
    """The `kg import` subcommand."""
    s = sub.add_parser(
        "import", help="map a third-party dataset (SBTi workbooks) into imported/*.ttl",
        description="Map the SBTi 'companies taking action' workbook (source sbti) or its 2021 progress "
                    "appendix (source sbti-progress, after sbti) into our ontology, written to imported/ "
                    "(git-ignored), which `kg build` loads as one named graph per file. Row problems are "
                    "listed, never fatal; same input, same output bytes. Mapping: docs/import.md.")
    s.add_argument("source", choices=["sbti", "sbti-progress"], help="which dataset the workbook is")
    s.add_argument("path", metavar="PATH.xlsx", help="the workbook")
    s.add_argument("--output-dir", help="folder to write into (default: <project>/imported)")
    s.add_argument("--accessed", metavar="YYYY-MM-DD",
                   help="when the workbook was retrieved (default: the date in its file name, if any)")
    s.add_argument("--format", "-f", choices=["text", "json"], default="text")
    s.set_defaults(func=cmd_import)


def parser() -> argparse.ArgumentParser:
    p = KgArgumentParser(
        prog="kg", description="A knowledge graph of corporate climate commitments: build, validate, query, export.",
        epilog="Exit status: 0 success (validate: conforms), 1 validate: does not conform, or reason/build --infer: "
               "inconsistent, 2 error. Shell completion: `kg completion bash` (or zsh, tcsh).")
    p.add_argument("--root", help="project folder (default: $KG_ROOT, or the nearest folder holding ontology/cckg.ttl)")
    p.add_argument("--version", action=_Version, help="print the versions of kg and of the project's ontology, and exit")
    _verbosity_flags(p, 0)
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
    s.add_argument("--engine", choices=["hermit", "rl"], default="hermit",
                   help="with --infer: the reasoner, hermit (default, OWL 2 DL) or rl (OWL 2 RL with `reasonable`: "
                        "the same facts about individuals, for graphs HermiT cannot reason over)")
    s.set_defaults(func=cmd_build)

    s = sub.add_parser("reason", help="OWL 2 DL reasoning (HermiT): consistency, and the inferred facts",
                       description="Load the ontology and the asserted graph into owlready2 and run HermiT (needs "
                                   "Java). If they are inconsistent, say why, naming the individuals and axioms "
                                   "involved (exit 1). Otherwise write the inferred class memberships and property "
                                   "assertions, with their provenance, to build/inferred.trig (exit 0); "
                                   "`kg build --infer` adds them to the store.")
    s.add_argument("--format", "-f", choices=["text", "json"], default="text")
    s.add_argument("--output", "-o", help="also write the inferred graph (TriG) to this file")
    s.add_argument("--engine", choices=["hermit", "rl"], default="hermit",
                   help="hermit (default: OWL 2 DL, decides consistency) or rl (OWL 2 RL with `reasonable`: "
                        "the same facts on our data, much faster; detects only the clashes its rules cover)")
    s.set_defaults(func=cmd_reason)

    s = sub.add_parser("validate", help="check the graph against the SHACL shapes, quality queries and OWL",
                       description="Validate the built graph (or ontology + the given Turtle files) with the SHACL "
                                   "shapes in shapes/, the quality-control queries in shapes/sparql/ and HermiT. "
                                   "Exit 0 conforms, 1 does not, 2 error.")
    s.add_argument("files", nargs="*", help="Turtle files to validate with the ontology instead of the build "
                                            "(`-`: Turtle on standard input)")
    _report_flags(s, "violation", "lowest severity that makes the graph fail (default: violation)")
    s.add_argument("--with-data", action="store_true",
                   help="validate the given files together with the curated data, as if merged (drafts)")
    s.add_argument("--no-owl", action="store_true", help="skip the OWL consistency check (HermiT)")
    s.add_argument("--full", action="store_true",
                   help="check every node; by default a validation of the build after a previous one re-checks "
                        "only the nodes the changed sources can affect and keeps the other findings "
                        "(docs/validation.md, 'Incremental validation')")
    s.add_argument("--engine", choices=["sparql", "pyshacl"], default="sparql",
                   help="SHACL engine: sparql (default: each shape as set-oriented SPARQL on the store, "
                        "docs/validation.md) or pyshacl (the reference engine; slow on big graphs)")
    s.add_argument("--output", "-o", help="write the report to this file")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("shacl", help="validate any RDF files against any SHACL shapes (no project needed)",
                       description="A general SHACL validator: the union of the DATA files against the union of "
                                   "the SHAPES files (the data files themselves if no --shapes), independent of this "
                                   "project's ontology. Formats by file suffix (.ttl .nt .nq .trig .rdf .owl .jsonld); "
                                   "`-` reads standard input (--input-format, default turtle); relative IRIs resolve "
                                   "against each file's own file:// URL. Exit 0 conforms, 1 does not, 2 error "
                                   "(e.g. an ill-formed shapes graph), as pySHACL.")
    s.add_argument("data", nargs="+", metavar="DATA", help="RDF files to validate (`-`: standard input)")
    s.add_argument("--shapes", "-s", nargs="+", metavar="SHAPES", help="SHACL shapes files (default: the data)")
    _report_flags(s, "info", "lowest severity that makes the data fail (default: info, i.e. any result, which "
                             "is what sh:conforms false means)")
    s.add_argument("--engine", choices=["sparql", "pyshacl"], default="sparql",
                   help="SHACL engine: sparql (default: set-oriented SPARQL on an in-memory store) or pyshacl")
    s.add_argument("--input-format", choices=["turtle", "nt", "nquads", "trig", "xml", "json-ld"],
                   help="the format of every input, whatever its suffix (needed for `-`)")
    s.add_argument("--output", "-o", help="write the report to this file")
    s.set_defaults(func=cmd_shacl)

    s = sub.add_parser("query", help="run a saved query (see `kg queries`), a .rq file or a query given inline",
                       description="Run a saved query by name, or a SPARQL file, over the built graph. Parameters "
                                   "are bound as typed RDF terms; an IRI parameter also accepts a CURIE "
                                   "(kgr:org-netflix) or a label (Netflix).")
    s.add_argument("query", metavar="NAME|FILE|-|SPARQL", nargs="?",
                   help="a saved query's name, a .rq file, `-` for a query on standard input, or the query itself "
                        "('SELECT ...', recognised by its first keyword)")
    s.add_argument("--sparql", metavar="QUERY", help="the query's text itself (instead of NAME|FILE)")
    s.add_argument("--param", "-p", action="append", metavar="KEY=VALUE", help="a query parameter (repeatable)")
    s.add_argument("--format", "-f", type=_query_format,
                   choices=["table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld"],
                   help="table (the default for SELECT and ASK), csv, tsv, json or xml (SPARQL 1.1 results); a "
                        "CONSTRUCT or DESCRIBE answer is a graph: turtle (its default), nt or jsonld")
    s.add_argument("--output", "-o", help="write the results to this file")
    s.add_argument("--limit", type=int, metavar="N", help="at most N rows: a page of the answer (in its order)")
    s.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N rows (with --limit: the "
                   "next page)")
    s.add_argument("--endpoint", metavar="URL",
                   help="run it on this SPARQL 1.1 endpoint instead of the built graph (credentials: "
                        "KG_ENDPOINT_TOKEN, or KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD)")
    _graph_flags(s, "with --endpoint: ")
    s.add_argument("--per-file", action="store_true",
                   help="with --endpoint: read the graphs `kg push --graphs per-file` wrote (the build's own list)")
    _limit_flags(s, timeout=60)
    _infer_flags(s)
    s.set_defaults(func=cmd_query)

    s = sub.add_parser("push", help="load the built graph into a remote triple store (one named graph)",
                       description="Replace one named graph of a triple store with the built graph: the triples "
                                   "go in chunks into a temporary graph (Graph Store Protocol POST, or SPARQL "
                                   "Update INSERT DATA), are counted, then one SPARQL Update MOVE swaps them in (or, where a "
                                   "store refuses MOVE, the DROP/INSERT/DROP that defines it, in one request), so "
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
    s.add_argument("--graphs", choices=["one", "per-file"], default="one",
                   help="one: the whole build into --graph (default); per-file: each of the build's named graphs "
                        "(one per source file, and the inferred one) under its own IRI, all in one transaction, "
                        "dropping graphs of ours the build no longer has; read them with kg query --per-file")
    s.set_defaults(func=cmd_push)

    s = sub.add_parser("endpoint-check", help="run every saved query's test cases on a store and compare rows",
                       description="Before trusting a triple store: run each saved query's test cases (parameters "
                                   "that give rows on the curated graph) on the store, after `kg push`, and on the "
                                   "built graph; print which agree, values compared as RDF terms. Exit 0 when all "
                                   "agree, 1 when some do not, 2 on error.")
    s.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query endpoint")
    _graph_flags(s, "")
    s.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="per query (default 60)")
    s.add_argument("--format", "-f", choices=["text", "json"], default="text")
    s.set_defaults(func=cmd_endpoint_check)

    s = sub.add_parser("serve", help="serve the built graph: web pages and a read-only SPARQL endpoint",
                       description="Serve a snapshot of the built graph, read-only, until Ctrl-C: web pages at "
                                   "http://HOST:PORT/ (search, organisation dossiers, articles with their quoted "
                                   "passages, saved queries; every /id/... IRI in HTML or, by Accept or ?format=, "
                                   "Turtle, JSON-LD, N-Triples or RDF/XML) and the SPARQL 1.1 Protocol at /query, "
                                   "with a query timeout. The default graph is the union of the build's named "
                                   "graphs, also named https://w3id.org/climate-commitments/graph/kg (as kg push "
                                   "names it); default-graph-uri and named-graph-uri choose others; a GET without "
                                   "a query answers a SPARQL 1.1 Service Description. With --endpoint, the same "
                                   "pages and /query over another store instead of the build.")
    s.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1: this machine only)")
    s.add_argument("--port", type=int, default=7878, help="TCP port (default 7878; 0 picks a free one)")
    s.add_argument("--workers", type=int, default=4, metavar="N",
                   help="query engines (processes) answering at once (default 4); each may take --max-memory")
    s.add_argument("--cors", nargs="+", default=[], metavar="ORIGIN",
                   help="let web pages from these origins query it from a browser (CORS), e.g. "
                        "https://yasgui.triply.cc; * for any origin. Default: none (a preflight gets no CORS headers)")
    s.add_argument("--endpoint", metavar="URL",
                   help="serve the pages and /query over this SPARQL endpoint (a store kg push filled) instead of "
                        "the build: each query is checked here, then sent there")
    _graph_flags(s, "with --endpoint: ")
    _limit_flags(s, timeout=30)
    _infer_flags(s)
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("queries", help="list the saved queries, or show one in full",
                       description="Without NAME, list the saved queries (queries/*.rq) with their summaries and "
                                   "parameters. With NAME, show that query in full: its summary, its whole "
                                   "description (what it answers and the caveats of reading its rows), tags, "
                                   "parameters with their types, defaults and allowed values, and its SPARQL text. "
                                   "-f json gives all of these, for one query or every one.")
    s.add_argument("name", nargs="?", metavar="NAME", help="a saved query's name (or a .rq file) to show in full")
    s.add_argument("--format", "-f", choices=["text", "json"], default="text")
    s.set_defaults(func=cmd_queries)

    s = sub.add_parser("export", help="write the built graph as Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Serialise the built graph deterministically (sorted triples, canonical\n"
                                   "blank-node labels: the same graph gives the same bytes), written as it is made\n"
                                   "in bounded memory; with -o, the file appears only once complete.",
                       epilog="formats (-f, in any case; riot's and rapper's names too):\n"
                              "  turtle  ttl                   Turtle (the default)\n"
                              "  nt      ntriples, n-triples   N-Triples\n"
                              "  jsonld  json-ld               JSON-LD, compacted: our prefixes as @context\n"
                              "  xml     rdfxml, rdf/xml, rdf  RDF/XML\n"
                              "  trig                          TriG: named graphs kept, one per source\n"
                              "  nquads  nq, n-quads           N-Quads: named graphs kept\n"
                              "without -f, the format comes from the -o file's suffix:\n"
                              "  .ttl .nt .jsonld .json .rdf .owl .xml .trig .nq")
    s.add_argument("--format", "-f", metavar="FORMAT",
                   help="the format, by one of the names below (default: from the -o file's suffix, else turtle)")
    s.add_argument("--output", "-o", help="file to write (default: standard output)")
    s.add_argument("--force", action="store_true", help="allow overwriting a curated source file")
    _infer_flags(s)
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("extract", help="propose facts from a news article (French or English), with quotes",
                       description="Extract organisations, pledges, emissions, partners, people and initiatives "
                                   "from an article (a UTF-8 text file) or every *.txt of a folder. Each fact "
                                   "carries an exact quote of the article. Organisations known to the graph are "
                                   "linked to their IRIs.")
    s.add_argument("article", metavar="ARTICLE|DIR|-", help="a text file, a folder of *.txt, or `-` for standard input")
    s.add_argument("--format", "-f", choices=["json", "turtle"], default="json",
                   help="json: the extraction contract; turtle: a draft in our ontology, ready to review")
    s.add_argument("--output", "-o", help="file to write (a folder when extracting a folder)")
    s.add_argument("--force", action="store_true", help="overwrite an existing output file")
    s.add_argument("--no-graph", action="store_true", help="do not link to the graph's organisations")
    s.set_defaults(func=cmd_extract)

    s = sub.add_parser("review", help="review an article's draft in the browser and save it as curated facts",
                       description="Extract the facts of an article, then serve a review page on 127.0.0.1 (the "
                                   "web front of kg serve): the text with every proposed fact highlighted, each "
                                   "fact a form to accept, correct or reject, text to select for a fact the "
                                   "extractor missed, the article's organisations to map to the graph's. Save "
                                   "writes seeds/NNN_<id>.txt, its entry in seeds/articles.ttl and "
                                   "data/NNN-<name>.ttl (never over an existing file), then validates the project. "
                                   "The URL printed at start carries a random token, needed by every POST. "
                                   "Ctrl-C stops.")
    s.add_argument("article", metavar="ARTICLE.txt", help="the article's text (UTF-8)")
    s.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (default 0: a free one)")
    s.add_argument("--curator", metavar="NAME", help="who reviews, recorded with each evidence (default: the OS user)")
    s.add_argument("--no-browser", action="store_true", help="only print the URL; do not open a browser")
    s.set_defaults(func=cmd_review)

    s = sub.add_parser("eval", help="score the extractor against gold: seeds, development set, SBTi wording",
                       description="Precision, recall and F1 per kind of fact on the seed articles (gold: data/) "
                                   "the development sets (eval/devset/, eval/devset2/), the held-out set (eval/heldout/), "
                                   "the real-article set (../shared/real-articles by default), SBTi target-year "
                                   "agreement when the workbook is found (../shared/data/sbti by default), and speed.")
    s.add_argument("--sbti", help="folder holding the SBTi workbooks")
    s.add_argument("--no-sbti", action="store_true", help="skip the SBTi scoring")
    s.add_argument("--real", metavar="DIR", help="folder of the real-article set: NAME.txt and NAME.gold.json "
                                                 "(default ../shared/real-articles when present)")
    s.add_argument("--no-real", action="store_true", help="skip the real-article set")
    s.add_argument("--sets", metavar="A,B", help="score only these sets (seeds, devset, devset2, heldout, real)")
    s.add_argument("--format", "-f", choices=["table", "json", "markdown"], default="table")
    s.add_argument("--write-docs", metavar="FILE", help="write the scores between the eval markers of FILE")
    s.set_defaults(func=cmd_eval)

    _import_parser(sub)

    s = sub.add_parser("stats", help="count triples, organisations, pledges, facts without evidence...",
                       description="Count what the built graph holds: triples (distinct, over every source file and, "
                                   "with --infer, the inferred graph), inferred triples, organisations, people, pledges, emission "
                                   "figures, facts and the facts no evidence supports, evidence, articles, "
                                   "initiatives and platforms (instances of each class or its subclasses).")
    s.add_argument("--format", "-f", choices=["text", "json"], default="text")
    _infer_flags(s)
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("completion", help="print a shell completion script (bash, zsh or tcsh)",
                       description="Print the completion script of kg for a shell, made from this parser by shtab. "
                                   "bash: `kg completion bash > ~/.local/share/bash-completion/completions/kg`, or "
                                   "`eval \"$(kg completion bash)\"` in ~/.bashrc; zsh: write it as _kg into a "
                                   "folder of $fpath.")
    s.add_argument("shell", choices=["bash", "zsh", "tcsh"])
    s.set_defaults(func=lambda args: cmd_completion(args, p))

    for command in sub.choices.values():
        _verbosity_flags(command, argparse.SUPPRESS)
    return p

