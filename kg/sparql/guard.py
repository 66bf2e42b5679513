"""What a query may do: read only, reach no other server unless allowed, and cost a bounded parse.

Decided from a parse of the query, never from its keywords. `safe_query` returns the text the
engine must run, its canonical form (kg.sparql.lexical): line ends made LF and every \\u escape
undone as Oxigraph reads it, so that the guard's parser (rdflib's, which undoes escapes before it
parses, as SPARQL 1.1 §19.2 says) and the engine's (Oxigraph's, which undoes them only inside
strings and IRIs) read the same query. The canonical text then has to be a SPARQL 1.1 query for
rdflib: an update, or text rdflib cannot read, is refused; so is SERVICE anywhere in its algebra
unless allowed, since a federated query makes the engine open HTTP connections to any URL it names.

What one query may cost is bounded before any parser sees it: its size, how deep its brackets
nest (10,000 nested brackets crash pyoxigraph; rdflib's recursive parser fails far sooner) and,
for rdflib's parse, its number of tokens: rdflib reads 0.1 to 2 ms per token, so this bounds the
guard's time, and with it the length of any chain (BIND, UNION, `+`) the engine would recurse on.
The guard's own time is linear in the query's length.

Fast path: the embedded store runs queries only (pyoxigraph's `Store.query` cannot run an update),
so for it a canonical text with no "service" after its leading comment lines, within the fast
budget of brackets and operator characters, cannot do harm and is not parsed (`kg query` then
never imports rdflib). Any other text, and every text for another engine, is parsed.
"""
from __future__ import annotations

from dataclasses import dataclass
import functools
import re
import threading

from ..errors import KgError
from .lexical import MAX_NESTING, canonical_text

MAX_QUERY_BYTES = 2**20  # 1 MB
MAX_TOKENS = 2000  # what rdflib parses: ~1 to 5 s at worst (a chain of `+1`); saved queries hold < 700, W3C ones < 120
FAST_BUDGET = 500  # brackets and operator characters a query may hold to skip the parse
READ_ONLY_FORMS = "SELECT, ASK, CONSTRUCT, DESCRIBE"
_OPERATOR_CHARS = re.compile(r"[-+*/|&=!<>^.;,]")
_LEADING_COMMENTS = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*")
# every SPARQL Update operation holds one of these words: a text holding one goes to the parse, so that
# an update is refused by name (the embedded store would refuse it too, as a syntax error)
_UPDATE_WORDS = ("insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy")
# rdflib's keywords compare str.upper() of the text, which makes ſ an S and ı an I; Oxigraph's
# keywords are ASCII. For rdflib's parse only, each becomes another letter of the same SPARQL name class.
_ASCII_LOOKALIKES = {0x17F: 0x180, 0x131: 0x180}
_UPDATE_OPERATIONS = {"Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD",
                      "Move": "MOVE", "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA",
                      "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT"}
_PARSE_LOCK = threading.Lock()
_TOO_DEEP = f"nested too deep for the parser (the nesting limit is {MAX_NESTING})"
_RECURSION = 60 * MAX_NESTING + 4000  # rdflib's parser takes up to ~45 Python frames per bracket
_STACK = 64 * 2**20  # bytes of C stack for the parsing thread, for that recursion


@dataclass(frozen=True)
class Verdict:
    """What rdflib's parse says of a canonical text."""

    update: str = ""  # the first operation of an update (DROP, INSERT DATA...)
    service: bool = False
    error: str = ""  # why it could not be parsed


def safe_query(text: str, name: str = "the query", allow_service: bool = False, embedded: bool = False) -> str:
    """The text the engine must run, or KgError if the query could change data, contact another
    server (unless `allow_service`) or cost more than the limits. `embedded`: the text goes to the
    embedded store's query method, which runs no update, so a text that cannot hold SERVICE and is
    within the fast budget needs no parse."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise KgError(f"{name}: {size:,} bytes; kg refuses queries over {MAX_QUERY_BYTES:,} bytes "
                      "(1 MB, the size limit)")
    scanned = canonical_text(text, name)  # refuses escapes the parsers read differently, and deep nests
    canonical = scanned.text
    if embedded and fast_path_holds(canonical, allow_service):
        return canonical
    if scanned.tokens > MAX_TOKENS:
        raise KgError(f"{name}: {scanned.tokens:,} words and symbols; kg checks queries of at most {MAX_TOKENS:,} "
                      "(the query size limit of the guard's parser)")
    verdict = parse(canonical)
    if verdict.error:
        raise KgError(f"{name}: not a SPARQL 1.1 query our parser can read: {verdict.error}")
    if verdict.update:
        raise KgError(f"{name}: {verdict.update} is SPARQL Update; kg only runs read-only queries "
                      f"({READ_ONLY_FORMS})")
    if verdict.service and not allow_service:
        raise KgError(f"{name}: SERVICE would make the query engine contact another server; "
                      "pass --allow-service if you trust the query")
    return canonical


def check_query(text: str, name: str = "the query", allow_service: bool = False) -> None:
    """Raise KgError if the query would change data or, unless allowed, contact another server."""
    safe_query(text, name, allow_service)


def fast_path_holds(canonical: str, allow_service: bool) -> bool:
    """Whether a canonical text is safe for a query-only engine without a parse: no "service" in any
    case after its leading comment lines (Oxigraph reads keywords in ASCII, and the canonical text
    has no escapes: SERVICE cannot hide), and so few brackets and operator characters that no
    reading of it nests or chains past what the engine's stack holds. It must also hold a word of a
    query form and no word of an update, only so that an update is refused with its name."""
    body = canonical[_LEADING_COMMENTS.match(canonical).end():].casefold()
    if any(word in body for word in _UPDATE_WORDS) or not allow_service and "service" in body:
        return False
    if not any(form in body for form in ("select", "ask", "construct", "describe")):
        return False  # no query at all (an empty update): the parse says so
    brackets = body.count("(") + body.count("{") + body.count("[")
    return brackets <= MAX_NESTING and brackets + len(_OPERATOR_CHARS.findall(body)) <= FAST_BUDGET


def parse(canonical: str) -> Verdict:
    """rdflib's reading of a canonical text (cached for short texts)."""
    if len(canonical) <= 65536:
        return _parse_cached(canonical)
    return _parse_in_thread(canonical)


@functools.lru_cache(maxsize=128)
def _parse_cached(canonical: str) -> Verdict:
    return _parse_in_thread(canonical)


def _parse_in_thread(canonical: str) -> Verdict:
    """Parse in a thread with a stack deep enough for rdflib's recursion at the nesting limit."""
    outcome: list[Verdict] = []

    def work():
        outcome.append(_parse(canonical.translate(_ASCII_LOOKALIKES)))

    import logging
    import sys

    quiet = logging.getLogger("rdflib.term")  # "... does not look like a valid URI": the engine will say
    if _not_from_the_guard not in quiet.filters:
        quiet.addFilter(_not_from_the_guard)
    with _PARSE_LOCK:  # one parse at a time: pyparsing's state is shared, and so is the stack size
        if sys.getrecursionlimit() < _RECURSION:
            sys.setrecursionlimit(_RECURSION)
        previous = threading.stack_size(_STACK)
        worker = threading.Thread(target=work, name="kg-guard", daemon=True)
        try:
            worker.start()
        except RuntimeError:  # no room for its stack (a memory cap): this thread's 8 MB hold the limit too
            worker = None
        finally:
            threading.stack_size(previous)
        if worker is None:
            work()
        else:
            worker.join()
    if not outcome:
        return Verdict(error="the parser stopped unexpectedly")
    return outcome[0]


@functools.lru_cache(maxsize=1)
def _grammar():
    """kg's own copy of rdflib's SPARQL grammar, in which SERVICE costs what any pattern costs. rdflib's
    ServiceGraphPattern action searches the whole text again for each SERVICE it parses, to keep a copy
    of its text for rdflib's own evaluator: time grows as length x SERVICEs (55 s for one SERVICE in a
    1 MB query) and a SERVICE inside a SERVICE recurses without end. In this copy the search runs on a
    stand-in text; the parse tree is the same. rdflib's shared grammar is left as it is."""
    import importlib.util

    import rdflib.plugins.sparql.parser as shared

    spec = importlib.util.spec_from_file_location("rdflib.plugins.sparql.kg_guard_parser", shared.__file__)
    grammar = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(grammar)
    service = grammar.ServiceGraphPattern
    post_parse = service.postParse
    service.postParse = lambda instring, loc, tokens: post_parse("SERVICE <kg:stand-in> {}", loc, tokens)
    return grammar


def warm() -> None:
    """Make the parser ready now (rdflib's import and kg's grammar: ~0.3 s, then a first parse), so that
    the first query that needs a parse does not wait for it; a server calls it at start."""
    parse("SELECT ?s WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } FILTER(?s != ?o) } LIMIT 1")


def _not_from_the_guard(record) -> bool:
    """A logging filter: rdflib's warnings about the terms of a query the guard parses are not shown."""
    return record.threadName != "kg-guard"


def _parse(text: str) -> Verdict:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery

    grammar = _grammar()
    parseQuery, parseUpdate = grammar.parseQuery, grammar.parseUpdate  # noqa: N806 - rdflib's names
    try:
        tree = parseQuery(text)
    except ParseBaseException as exc:
        try:
            update = parseUpdate(text)
        except (ParseBaseException, RecursionError, ValueError):
            return Verdict(error=_one_line(exc))
        except Exception:  # noqa: BLE001 - rdflib's actions raise plain exceptions; the query error stands
            return Verdict(error=_one_line(exc))
        operations = [op.name for op in update.get("request", []) if hasattr(op, "name")]
        if not operations:
            return Verdict(error="it holds no query")
        return Verdict(update=_UPDATE_OPERATIONS.get(operations[0], operations[0].upper()))
    except RecursionError:
        return Verdict(error=_TOO_DEEP)
    except Exception as exc:  # noqa: BLE001 - rdflib's parse actions raise plain exceptions
        return Verdict(error=_one_line(exc))
    try:
        algebra = translateQuery(tree)
    except RecursionError:
        return Verdict(error=_TOO_DEEP)
    except Exception as exc:  # noqa: BLE001 - undefined prefixes and rdflib's other checks
        return Verdict(error=_one_line(exc))
    return Verdict(service=_holds_service(tree) or _holds_service(algebra.algebra))


def _holds_service(root) -> bool:
    """Whether an rdflib parse tree or algebra holds a SERVICE pattern anywhere (walked without recursion)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list, tuple, ParseResults)):
            if id(node) in seen:
                continue
            seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name in ("ServiceGraphPattern", "Service"):
                return True
            stack.extend(dict.values(node))
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return False


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."
