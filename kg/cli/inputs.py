"""What commands read besides files: standard input (`-`) and a query given on the command line."""
from __future__ import annotations

from pathlib import Path
import re
import sys

from ..errors import KgError

INLINE_QUERY = re.compile(r"\s*(#[^\n]*\n\s*)*(PREFIX|BASE|SELECT|CONSTRUCT|ASK|DESCRIBE)\s", re.IGNORECASE)


def query_of(args, project, find_query):
    """The query `kg query` runs: --sparql's text, standard input (`-`), inline SPARQL, a .rq file or a saved name."""
    from ..sparql.saved import query_from_text

    if args.sparql is not None and args.query is not None:
        raise KgError(f"give the query once: --sparql, or {args.query!r}, not both")
    if args.sparql is not None:
        return query_from_text(with_prefixes(args.sparql), Path("--sparql"), "query")
    if args.query is None:
        raise KgError("which query? Give a saved query's name (`kg queries` lists them), a .rq file, `-` "
                      "(standard input) or --sparql 'SELECT ...'")
    if args.query == "-":
        return query_from_text(with_prefixes(stdin_text("the query")), Path("<stdin>"), "stdin")
    if INLINE_QUERY.match(args.query):
        return query_from_text(with_prefixes(args.query), Path("<command line>"), "query")
    return find_query(args.query, project.queries_dir)


STDIN_ARTICLE = "stdin.txt"  # the name an article read from standard input goes by


def article_name(args, path: Path) -> str:
    """The file name an extracted article goes by (standard input's: stdin.txt)."""
    return STDIN_ARTICLE if args.article == "-" else path.name


def with_prefixes(text: str) -> str:
    """An ad-hoc query with our prefixes (kg.iris.PREFIXES) it uses but does not declare, on one line put before
    it (as the Wikidata Query Service does): `kg query 'SELECT * WHERE { ?o a cckg:Company }'` works as typed.
    The engine's error positions then count that line."""
    from ..iris import PREFIXES

    code = re.sub(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*", " ", text)  # no IRIs, strings, comments
    declared = {m for m in re.findall(r"PREFIX\s+([A-Za-z][\w.-]*)?:", code, re.IGNORECASE)}
    named = set(re.findall(r"(?<![\w:?$])([A-Za-z][\w.-]*):(?=[\w%\\])", code)) - declared - {"PREFIX", "prefix"}
    unknown = sorted(named - set(PREFIXES))
    if unknown:
        raise KgError(f"undeclared prefix {unknown[0]}: declare it (PREFIX {unknown[0]}: <...>) or use one of kg's: "
                      + ", ".join(sorted(PREFIXES)))
    used = sorted(named)
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in used) + "\n" + text if used else text


def stdin_bytes() -> bytes:
    """All of standard input, as bytes."""
    return sys.stdin.buffer.read()


def stdin_text(what: str) -> str:
    """All of standard input as UTF-8 text; one clear line otherwise."""
    from ..store.build import text_of

    return text_of(stdin_bytes(), f"standard input ({what})")
