"""`kg push`: replace one named graph of another store, through the Graph Store Protocol or SPARQL
Update, with a staging graph and one MOVE so that a failed push leaves the target as it was. Every
request has one total deadline (`--timeout`) and goes nowhere but the origin it names.

A store that refuses MOVE (Debian's Jena 4.5: "Invalid source target for operation") gets the
operations SPARQL 1.1 Update defines MOVE as (DROP SILENT, INSERT … WHERE, DROP), in one request."""
from __future__ import annotations

from dataclasses import dataclass
import urllib.parse
import urllib.request
import uuid

from ..errors import KgError
from ..store.embedded import Term
from .client import Endpoint
from .connection import DEFAULT_TIMEOUT, HTTPStatusError, MAX_ERROR_BYTES, NTRIPLES, USER_AGENT, auth_header, check_url, fetch, safe_url

DEFAULT_CHUNK = 50_000


def derived_urls(endpoint: str) -> tuple[str | None, str | None]:
    """(update URL, Graph Store URL) beside a query URL ending in /query, Oxigraph's layout
    (/query, /update, /store); else (None, None): other stores name them differently."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if not path.endswith("/query"):
        return None, None
    base = path[: -len("/query")]
    return (urllib.parse.urlunsplit(parts._replace(path=base + "/update", query="")),
            urllib.parse.urlunsplit(parts._replace(path=base + "/store", query="")))


def chunks(ntriples: bytes, size: int) -> list[bytes]:
    """N-Triples split into documents of at most `size` lines; every line holding a blank node goes
    in the first one, since a blank node label only means the same node within one request."""
    from ..store.embedded import has_blank_node

    lines = ntriples.splitlines()
    blank = [ln for ln in lines if ln and has_blank_node(ln)]
    ground = [ln for ln in lines if ln and not has_blank_node(ln)]
    docs, first = [], blank + ground[: max(0, size - len(blank))]
    rest = ground[len(first) - len(blank):]
    if first:
        docs.append(b"\n".join(first) + b"\n")
    docs += [b"\n".join(rest[i:i + size]) + b"\n" for i in range(0, len(rest), size)]
    return docs


def moved_by_definition(source: str, target: str) -> str:
    """MOVE GRAPH source TO GRAPH target written as SPARQL 1.1 Update section 3.2.5 defines it; the
    variables carry the staged blank nodes over as they are."""
    src, dst = Term.iri(source).n3(), Term.iri(target).n3()
    return (f"DROP SILENT GRAPH {dst} ;\nINSERT {{ GRAPH {dst} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {src} {{ ?s ?p ?o }} }} ;\n"
            f"DROP GRAPH {src}")


@dataclass
class Pusher:
    """Replaces one named graph of a remote store: chunks into a fresh staging graph, a count check,
    then one SPARQL Update `MOVE` (a single transaction), so a push that fails half-way leaves the
    target graph as it was."""

    query_url: str
    update_url: str
    store_url: str | None
    protocol: str = "gsp"
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self):
        check_url(self.query_url)
        check_url(self.update_url, "--update")
        if self.protocol == "gsp":
            if not self.store_url:
                raise KgError("--protocol gsp needs the Graph Store URL: give --store URL "
                              "(or --protocol update to send SPARQL Update only)")
            check_url(self.store_url, "--store")
        self._auth = auth_header()
        self._endpoint = Endpoint(self.query_url, self.timeout)

    def update(self, text: str) -> None:
        request = urllib.request.Request(self.update_url, data=text.encode("utf-8"), method="POST", headers={
            "Content-Type": "application/sparql-update", "User-Agent": USER_AGENT, **self._auth})
        fetch(request, self.timeout, MAX_ERROR_BYTES)

    def _post_graph(self, graph: str, data: bytes) -> None:
        url = f"{self.store_url}{'&' if '?' in self.store_url else '?'}graph={urllib.parse.quote(graph, safe='')}"
        request = urllib.request.Request(url, data=data, method="POST", headers={
            "Content-Type": NTRIPLES, "User-Agent": USER_AGENT, **self._auth})
        fetch(request, self.timeout, MAX_ERROR_BYTES)

    def _insert(self, graph: str, data: bytes) -> None:
        # N-Triples lines are valid triples of an INSERT block. The triples with blank nodes go in an
        # INSERT { } WHERE { }: a template makes one fresh node per label, as INSERT DATA does, and stores
        # that refuse blank nodes in INSERT DATA's "constant clause" (Virtuoso: SP031) accept it; the others
        # in INSERT DATA (Virtuoso turns a large template into more SQL than it allows)
        from ..store.embedded import has_blank_node

        lines = data.splitlines()
        blank = b"\n".join(ln for ln in lines if has_blank_node(ln)).decode("utf-8")
        ground = b"\n".join(ln for ln in lines if ln and not has_blank_node(ln)).decode("utf-8")
        target = Term.iri(graph).n3()
        steps = [f"INSERT {{ GRAPH {target} {{\n{blank}\n}} }} WHERE {{ }}"] if blank else []
        steps += [f"INSERT DATA {{ GRAPH {target} {{\n{ground}\n}} }}"] if ground else []
        self.update(" ;\n".join(steps))  # one request: one transaction

    def push(self, ntriples: bytes, graph: str, chunk: int = DEFAULT_CHUNK, log=lambda m: None) -> dict:
        """Replace one named graph of the store with `ntriples`."""
        result = self.push_graphs({graph: ntriples}, chunk, log)
        return {**result, "graph": graph}

    def push_graphs(self, graphs: dict[str, bytes], chunk: int = DEFAULT_CHUNK, log=lambda m: None,
                    drop: tuple[str, ...] = ()) -> dict:
        """Replace several named graphs at once (and drop `drop`): every graph goes into a staging graph
        of its own, each is counted, then ONE update request moves them all, so the store shows the old
        graphs or the new ones, never a mix; any failure before it leaves every graph as it was."""
        for graph in [*graphs, *drop]:
            Term.iri(graph).n3()  # a valid IRI, or KgError
        if chunk < 1:
            raise KgError(f"--chunk-size {chunk}: must be at least 1 triple")
        plan = {graph: chunks(data, chunk) for graph, data in graphs.items()}
        expected = {graph: sum(doc.count(b"\n") for doc in docs) for graph, docs in plan.items()}
        staging = {graph: f"urn:uuid:{uuid.uuid4()}" for graph in plan}
        total, sent, n = sum(expected.values()), 0, sum(len(docs) for docs in plan.values())
        what = next(iter(graphs)) if len(graphs) == 1 else f"{len(graphs)} graphs"
        try:
            for graph, docs in plan.items():
                for doc in docs:
                    (self._post_graph if self.protocol == "gsp" else self._insert)(staging[graph], doc)
                    sent += doc.count(b"\n")
                    log(f"sent {sent:,} of {total:,} triples")
            for graph in plan:
                staged = self._endpoint.count(staging[graph]) if expected[graph] else 0
                if staged != expected[graph]:
                    raise KgError(f"{safe_url(self.query_url)}: the staging graph of {graph} holds {staged:,} triples, "
                                  f"{expected[graph]:,} were sent; {what} left unchanged")
            self.swap_in({g: staging[g] if expected[g] else None for g in plan}, drop, log)
        except BaseException as exc:
            try:
                self.update(" ;\n".join(f"DROP SILENT GRAPH {Term.iri(st).n3()}" for st in staging.values()))
            except KgError:
                pass
            if isinstance(exc, KgError):
                raise KgError(f"push failed after {sent:,} of {total:,} triples, {what} left as it was: "
                              f"{exc}") from exc
            raise
        stored = {graph: self._endpoint.count(graph) for graph in plan}
        for graph in plan:
            if stored[graph] != expected[graph]:
                raise KgError(f"{safe_url(self.query_url)}: {graph} holds {stored[graph]:,} triples after the push, "
                              f"{expected[graph]:,} were sent")
        return {"graphs": list(plan), "sent": total, "stored": sum(stored.values()), "chunks": n,
                "protocol": self.protocol, "dropped": list(drop)}

    def swap_in(self, staged: dict[str, str | None], drop: tuple[str, ...], log=lambda m: None) -> None:
        """One update request: each target graph replaced by its staging graph (emptied where None)
        and `drop` dropped; by MOVE, or, where the store refuses it, by MOVE's definition."""
        def request(move) -> str:
            steps = [move(staging, target) if staging else f"DROP SILENT GRAPH {Term.iri(target).n3()}"
                     for target, staging in staged.items()]
            return " ;\n".join(steps + [f"DROP SILENT GRAPH {Term.iri(g).n3()}" for g in drop])
        try:
            self.update(request(lambda src, dst: f"MOVE GRAPH {Term.iri(src).n3()} TO GRAPH {Term.iri(dst).n3()}"))
        except HTTPStatusError as refused:
            if refused.status not in (400, 500, 501):  # not a refusal of the operation: it may have run
                raise
            log(f"the store refused MOVE ({refused}); moving by MOVE's definition (DROP, INSERT … WHERE, DROP) "
                "in one request instead")
            try:
                self.update(request(moved_by_definition))
            except KgError as exc:
                raise KgError(f"{exc} (MOVE by its definition, after MOVE itself was refused)") from exc

    def remote_graphs(self, prefix: str) -> list[str]:
        """The store's named graphs whose IRI starts with `prefix`."""
        rows = self._endpoint.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }").rows
        return sorted(r[0].value for r in rows if r[0] is not None and r[0].value.startswith(prefix))
