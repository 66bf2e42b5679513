"""An article's page (or a dataset record's): its metadata and full text, every evidence span
highlighted as <mark id="<evidence local name>"> at the offsets the validation checks (Unicode code
points, end excluded), each followed by links to the facts it supports."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..iris import KGR_NS, RDFS, SCHEMA
from .facts import outgoing
from .site import href
from .terms import vocabulary

META = {SCHEMA + "headline": "Headline", SCHEMA + "datePublished": "Published", SCHEMA + "author": "Author",
        SCHEMA + "publisher": "Publisher", SCHEMA + "inLanguage": "Language", SCHEMA + "about": "About",
        SCHEMA + "isPartOf": "Part of", SCHEMA + "url": "Address"}


@dataclass
class Span:
    """One evidence span of the text and the facts it supports."""

    evidence: str
    start: int
    end: int
    exact: str
    number: int = 0
    facts: list[tuple[str, str, str]] = field(default_factory=list)  # (IRI, label, type label)
    found: bool = True

    @property
    def anchor(self) -> str:
        return self.evidence[len(KGR_NS):] if self.evidence.startswith(KGR_NS) else f"ev-{self.number}"


def spans_of(found: list[dict], vocab) -> list[Span]:
    """The spans of the saved query article_facts (one row per fact and evidence), one per evidence."""
    spans: dict[str, Span] = {}
    for r in found:
        if r["start"] is None or r["end"] is None:
            continue
        span = spans.setdefault(r["evidence"].value, Span(r["evidence"].value, int(r["start"].value),
                                                          int(r["end"].value), r["exact"].value if r["exact"] else ""))
        span.found = span.found and bool(r["quoteFound"] and r["quoteFound"].value == "true")
        fact = (r["fact"].value, (r["factLabel"] or r["fact"]).value, vocab.label(r["factType"]))
        if not any(f[0] == fact[0] for f in span.facts):
            span.facts.append(fact)
    ordered = sorted(spans.values(), key=lambda s: (s.start, -s.end, s.evidence))
    for number, span in enumerate(ordered, 1):
        span.number = number
    return ordered


def marked(text: str, spans: list[Span]) -> Markup:
    """The text as HTML with each span in a <mark>: spans inside others are nested; a span that
    crosses another's end goes on in a second <mark class="cont"> (only the first piece has the id).
    After each outermost run of marks come links to the facts of the spans it holds."""
    usable = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    starts: dict[int, list[Span]] = {}
    for s in usable:
        starts.setdefault(s.start, []).append(s)
    bounds = sorted({s.start for s in usable} | {s.end for s in usable})
    out, stack, pending, pos = [], [], [], 0

    def open_tag(s: Span, first: bool) -> str:
        title = escape("; ".join(f[1] for f in s.facts))
        if first:
            return f'<mark id="{escape(s.anchor)}" title="{title}">'
        return f'<mark class="cont" data-ev="{escape(s.anchor)}" title="{title}">'

    for b in bounds:
        out.append(str(escape(text[pos:b])))
        pos = b
        ending = [i for i, s in enumerate(stack) if s.end == b]
        if ending:
            depth = ending[0]
            for _ in stack[depth:]:
                out.append("</mark>")
            pending += [s for s in stack[depth:] if s.end == b]
            reopen = [s for s in stack[depth:] if s.end != b]
            stack = stack[:depth]
            for s in reopen:
                out.append(open_tag(s, False))
                stack.append(s)
        if not stack and pending:
            out.append(references(pending))
            pending = []
        for s in sorted(starts.get(b, []), key=lambda s: -s.end):
            out.append(open_tag(s, True))
            stack.append(s)
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def references(spans: list[Span]) -> str:
    """Links from passages to their facts, outside every <mark> (so a mark's text is its quote alone)."""
    links = []
    for s in sorted(spans, key=lambda s: s.number):
        for i, (fact, label, kind) in enumerate(s.facts or [("", "", "")]):
            name = f"{s.number}{chr(97 + i) if len(s.facts) > 1 else ''}"
            target = href(fact) if fact else f"#fn-{s.number}"
            links.append(f'<a class="fact-ref" href="{escape(target)}" title="{escape(kind)}: {escape(label)}">'
                         f'{name}</a>')
    return f'<sup class="ev-refs">[{", ".join(links)}]</sup>'


def text_page(site, iri: str):
    """(template, context) of an article's or a record's page."""
    vocab = vocabulary(site)
    found = site.source.many({"about": lambda s: outgoing(site, iri),
                              "facts": lambda s: site.run_saved("article_facts", article=iri).dicts()})
    about = found["about"]
    text = next((r["o"].value for r in about if r["p"].value == SCHEMA + "text"), "")
    spans = spans_of(found["facts"], vocab)
    label = next((r["o"].value for r in about if r["p"].value == RDFS + "label"), iri[len(KGR_NS):])
    headline = next((r["o"] for r in about if r["p"].value == SCHEMA + "headline"), None)
    language = next((r["o"].value for r in about if r["p"].value == SCHEMA + "inLanguage"), "")
    meta = [(META[r["p"].value], r) for r in about if r["p"].value in META and r["p"].value != SCHEMA + "headline"]
    seed = next((r["o"].value for r in about if r["p"].value.endswith("#seedFile")), "")
    kinds = [vocab.label(r["o"]) for r in about if r["p"].value.endswith("#type") and r["o"].kind == "uri"]
    return "article.html", {"title": headline.value if headline else label, "label": label, "headline": headline,
                            "language": language, "meta": meta, "seed": seed, "kinds": kinds, "text": text,
                            "html": marked(text, spans), "spans": spans, "missing": [s for s in spans if not s.found]}
