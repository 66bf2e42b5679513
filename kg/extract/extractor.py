"""`kg extract`: propose the facts an analyst would take from a news article, each with its quote.

Pipeline (docs/extraction.md): boilerplate lines are set aside (offsets stay those of the original
text); language and publication date are read from the text; sentences are cut by rules; names
are found with the gazetteer (what the graph knows, plus built-in initiatives), capitalised-name
patterns and, for French, spaCy's NER (fr_core_news_sm, NER only, on the sentences that carry a
cue); anaphora ('la firme', 'the company', 'nous') resolve to the organisation in focus; then
tables of patterns propose pledges, emission figures, partners, people and initiatives. Every
evidence is a whole sentence of the text (or a heading line), checked to be an exact substring.

This module holds the entry points; the steps are in kg.extract.text (boilerplate, sentences),
.dates and .numbers (parsers), .gazetteer, .mentions, .article (the working state of one article),
.cues (shared cue tables) and one module per kind of fact: .pledges, .emissions, .partners,
.people, .initiatives. `import kg.extract` does not import spaCy: `load_pipelines()`
(kg.extract.pipelines) does, once, on first use.
"""
from __future__ import annotations

from pathlib import Path

from .article import Article
from .dates import detect_published
from .emissions import extract_emissions
from .gazetteer import Gazetteer, OrgInfo, guess_kind
from .initiatives import extract_initiatives
from .partners import extract_partners
from .people import extract_people
from .pledges import extract_pledges
from .text import detect_language

MAX_TEXT = 2_000_000          # longer texts are cut (facts past this point are not looked for)


def _empty(article: str, language: str = "en", published=None) -> dict:
    return {"article": article, "language": language, "published": published, "organisations": [],
            "pledges": [], "emissions": [], "partners": [], "people": [], "initiatives": []}


def extract(text: str, article: str = "", gazetteer: Gazetteer | None = None) -> dict:
    """The extraction contract for one article text; never raises on a str (empty lists instead)."""
    if not isinstance(text, str) or not text.strip():
        return _empty(article)
    try:
        return extract_strict(text, article, gazetteer or _default_gazetteer())
    except Exception:  # noqa: BLE001 - a rule that trips on odd input must not cost the caller a traceback
        try:
            return _empty(article, detect_language(text), detect_published(text))
        except Exception:  # noqa: BLE001
            return _empty(article)


_DEFAULT: list[Gazetteer] = []


def _default_gazetteer() -> Gazetteer:
    if not _DEFAULT:
        _DEFAULT.append(Gazetteer.empty())
    return _DEFAULT[0]


def extract_strict(text: str, article: str, gaz: Gazetteer) -> dict:
    """The extraction itself, without extract()'s safety net: an error in a rule is raised (the
    property tests call this to see that the rules never trip)."""
    body = text[:MAX_TEXT]
    a = Article(body, article, gaz)
    pledges = extract_pledges(a)
    emissions = extract_emissions(a)
    partners = extract_partners(a)
    people = extract_people(a)
    initiatives = extract_initiatives(a)
    doc = {"article": article, "language": a.lang, "published": a.published,
           "organisations": [], "pledges": pledges, "emissions": emissions, "partners": partners,
           "people": people, "initiatives": initiatives}
    for kind in ("pledges", "emissions", "partners", "people", "initiatives"):
        doc[kind] = [f for f in doc[kind] if f.get("evidence") and f["evidence"] in text]
        assert all(f["evidence"] in text for f in doc[kind])
    doc["organisations"] = _organisations(a, doc)
    return doc


def _organisations(a: Article, doc: dict) -> list[dict]:
    names: dict[str, None] = {}
    for kind, keys in (("pledges", ("org",)), ("emissions", ("org",)), ("partners", ("org", "partner")),
                       ("people", ("org",)), ("initiatives", ("org",))):
        for f in doc[kind]:
            for k in keys:
                if f.get(k):
                    names[f[k]] = None
    for m in a.ents.mentions:
        if m.kind == "org":
            info = a.g.orgs.get(m.name)
            if not (info and info.publisher):
                names.setdefault(m.name, None)
    out = []
    for name in names:
        info = a.ents.orgs.get(name) or a.g.orgs.get(name) or OrgInfo(name, kind=guess_kind(name))
        aliases = set(info.aliases) | a.ents.surfaces.get(name, set())
        aliases.discard(name)
        out.append({"name": name, "aliases": sorted(aliases), "kind": info.kind})
    return out


def extract_file(path: Path, gazetteer: Gazetteer | None = None) -> dict:
    """Read an article file (UTF-8, clear one-line KgError otherwise) and extract from it."""
    from ..store.build import read_article_text

    path = Path(path)
    text = read_article_text(path, str(path))
    return extract(text, path.name, gazetteer)
