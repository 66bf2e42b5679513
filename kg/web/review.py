"""`kg review ARTICLE.txt`: the web front on 127.0.0.1 with a review page for one article, which turns
the extractor's draft into curated facts.

The page (/review?token=...) shows the text with every proposed fact highlighted, each fact a small
form to accept, correct or reject, a selection of the text to add a fact the extractor missed, and
the article's organisations with their aliases, each new name mappable to an organisation of the
graph. Save (POST /review/save) writes seeds/NNN_<id>.txt, its entry in seeds/articles.ttl and
data/NNN-<name>.ttl, then validates the project (kg.web.review_save).

Security, since this page writes files: it listens on 127.0.0.1 only; every request must name this
server as its Host (DNS rebinding); the page and every POST need the random token printed at start
(`X-Review-Token` header, or ?token=); a POST whose Origin is not this server's, or that is not JSON,
is refused (CSRF); file names are decided here, never by the client; the graph is read through the
engines of kg serve (their guard and limits).

This module adds no `routes(site)`: `kg serve` never mounts the review page. kg.web may not import
kg.extract or kg.validation: the CLI hands in the draft writer and the validation (`Tools`).
"""
from __future__ import annotations

import json
import secrets
import threading
from pathlib import Path

from ..errors import KgError
from ..iris import compact
from ..remote.protocol import Request, Response
from .review_save import FIELDS, Refused, Tools, quote_offset, save

HOST = "127.0.0.1"
TOKEN_HEADER = "X-Review-Token"
JSON_TYPE = "application/json; charset=utf-8"
ORGS = """PREFIX cckg: <https://w3id.org/climate-commitments/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?org (MIN(STR(?name)) AS ?label) (GROUP_CONCAT(DISTINCT STR(?alias); separator="\\u001f") AS ?aliases)
WHERE { ?org a/rdfs:subClassOf* cckg:Organisation ; rdfs:label ?name . OPTIONAL { ?org skos:altLabel ?alias } }
GROUP BY ?org ORDER BY ?label"""
__all__ = ["Session", "Tools", "review"]


class Graph:
    """The built graph as the draft writer reads it (`select(sparql) -> Rows`), through the engines."""

    def __init__(self, source):
        self.source = source

    def select(self, sparql: str):
        return self.source.select(sparql, max_rows=10_000_000)


class Session:
    """One article under review: its text and draft, where it will be saved, who reviews it, the token."""

    def __init__(self, project, source_name: str, text: str, doc: dict, seed_name: str, curator: str, tools: Tools,
                 port: int, token: str | None = None):
        self.project, self.source_name, self.text, self.doc = project, source_name, text, doc
        self.seed_name, self.curator, self.tools, self.port = seed_name, curator, tools, port
        self.token = token or secrets.token_urlsafe(24)
        self.site = None  # kg.web.site.Site, once mounted
        self.lock = threading.Lock()  # one save at a time

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/review?token={self.token}"

    @property
    def hosts(self) -> set[str]:
        return {f"{HOST}:{self.port}", f"localhost:{self.port}"}

    def graph(self) -> Graph:
        return Graph(self.site.source)

    def graph_orgs(self) -> list[dict]:
        """The graph's organisations: IRI, CURIE, label and aliases (cached per snapshot)."""
        def compute():
            rows = self.site.source.select(ORGS, max_rows=1_000_000)
            return [{"iri": r["org"].value, "curie": compact(r["org"].value), "label": r["label"].value,
                     "aliases": [a for a in (r["aliases"].value if r["aliases"] else "").split("\x1f") if a]}
                    for r in rows.dicts() if r["org"] is not None and r["label"] is not None]
        return self.site.cached("review-orgs", compute)

    # -- security -----------------------------------------------------------------------------------
    def refusal(self, request: Request) -> Response | None:
        """Why a request is refused (403, one line), or None: a Host that is not this server (DNS
        rebinding); for a POST, a missing or wrong token, a foreign Origin or a cross-site fetch."""
        if (request.header("Host") or "").lower() not in self.hosts:
            return Response(403, "kg review: refused: the Host header does not name this server "
                                 f"(use http://{HOST}:{self.port}/)\n")
        if request.method != "POST":
            return None
        if not self.token_ok(request):
            return Response(403, "kg review: refused: a POST needs the token printed when kg review started\n")
        origin = request.header("Origin")
        if origin is not None and origin.lower() not in {f"http://{h}" for h in self.hosts}:
            return Response(403, f"kg review: refused: a POST from another origin ({origin[:80]})\n")
        if (request.header("Sec-Fetch-Site") or "same-origin") not in ("same-origin", "none"):
            return Response(403, "kg review: refused: a cross-site POST\n")
        return None

    def token_ok(self, request: Request) -> bool:
        given = request.header(TOKEN_HEADER) or (request.params.get("token") or [""])[0]
        return secrets.compare_digest(given.encode(), self.token.encode())

    # -- the page -----------------------------------------------------------------------------------
    def page(self, request: Request) -> Response:
        if request.method != "GET" and request.method != "HEAD":
            return Response(405, "kg review: the review page is read with GET; Save posts to /review/save\n")
        if not self.token_ok(request):
            return self.site.error(request, 403, "this review page needs the token that kg review printed at start "
                                                 "(open the URL it printed)")
        data = {"token": self.token, "text": self.text, "source": self.source_name, "seed": self.seed_name,
                "curator": self.curator, "facts": self.proposed(), "organisations": self.organisations(),
                "graph_orgs": [{"label": o["label"], "curie": o["curie"]} for o in self.graph_orgs()],
                "fields": FIELDS, "choices": self.tools.choices,
                "article": {"language": self.doc.get("language") or "und", "published": self.doc.get("published"),
                            "headline": headline(self.text)}}
        return self.site.page(request, "review.html", title=f"Review {self.source_name}", data=data,
                              source=self.source_name, seed=self.seed_name, curator=self.curator,
                              headers=[("Cache-Control", "no-store")])

    def proposed(self) -> list[dict]:
        """The draft's facts for the page: kind, fields, quote and its offsets (code points)."""
        out = []
        for kind, fields in FIELDS.items():
            for f in self.doc.get(kind, []):
                evidence = f.get("evidence") or ""
                try:
                    start = quote_offset(self.text, evidence, None, "")
                except Refused:
                    continue  # never shown: the extractor only proposes quotes of the text
                fact = {name: f.get(name) for name, _ in fields}
                fact.update(kind=kind, evidence=evidence, start=start, end=start + len(evidence))
                out.append(fact)
        return sorted(out, key=lambda f: f["start"])

    def organisations(self) -> list[dict]:
        """The draft's organisations, each mapped to the graph's organisation of the same name if any."""
        norm = self.tools.norm
        known = {}
        for o in self.graph_orgs():
            for name in [o["label"], *o["aliases"]]:
                known.setdefault(norm(name), o["label"])
        return [{"name": o["name"], "aliases": list(o.get("aliases") or []), "kind": o.get("kind") or "company",
                 "same_as": known.get(norm(o["name"]), "")} for o in self.doc.get("organisations", [])]

    def save(self, request: Request) -> Response:
        if request.method != "POST":
            return Response(405, "kg review: Save is a POST\n")
        if request.media_type != "application/json":
            return Response(415, "kg review: Save sends JSON (Content-Type: application/json)\n")
        try:
            posted = json.loads(request.body().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return reply(400, {"ok": False, "error": "the review is not valid JSON"})
        with self.lock:
            try:
                return reply(200, save(self, posted))
            except Refused as exc:
                return reply(exc.status, {"ok": False, "error": str(exc)})
            except KgError as exc:
                return reply(500, {"ok": False, "error": " ".join(str(exc).split())})


def reply(status: int, body: dict) -> Response:
    return Response(status, json.dumps(body, ensure_ascii=False), JSON_TYPE, [("Cache-Control", "no-store")])


def headline(text: str) -> str:
    """The article's first line (after a date line), proposed as its headline when it is short enough to be one."""
    for line in text.splitlines():
        line = line.strip()
        if line and not line[:1].isdigit():
            return line if len(line) <= 200 else ""
    return ""


def guard(session: Session, handler):
    def checked(request: Request) -> Response:
        return session.refusal(request) or handler(request)
    return checked


def mount(app, session: Session, queries_dir: Path):
    """The pages of kg serve plus the review page, every route behind the session's checks."""
    from . import mount as mount_pages

    site = mount_pages(app, queries_dir)
    session.site = site
    site.add(app, "/review", session.page)
    site.add(app, "/review/save", session.save)
    for table in (app.routes, app.prefixes):
        for path, handler in list(table.items()):
            table[path] = guard(session, handler)
    app.not_found = guard(session, app.not_found)
    return site


def review(session: Session, log, open_browser: bool = True, timeout: float = 60.0, workers: int = 2) -> int:
    """Serve the review page until Ctrl-C or SIGTERM (kg serve's server, engines and snapshot)."""
    from ..remote.serve import serve

    log(f"review page for {session.source_name}: {session.url}")
    log(f"saving will write seeds/{session.seed_name}, its entry in seeds/articles.ttl and "
        f"data/{session.seed_name[:3]}-<organisation>.ttl, as curator {session.curator}")
    if open_browser:
        threading.Thread(target=_open_when_listening, args=(session,), daemon=True).start()
    return serve(session.project, HOST, session.port, timeout, False, log, workers=workers,
                 mount=lambda app: mount(app, session, session.project.queries_dir))


def _open_when_listening(session: Session) -> None:
    import socket
    import time
    import webbrowser

    for _ in range(600):
        try:
            with socket.create_connection((HOST, session.port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    webbrowser.open(session.url)
