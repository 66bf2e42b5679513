"""Initiatives: an organisation related to a named initiative (member, signatory, founder...) by a cue."""
from __future__ import annotations

import re

from .article import Article, blank_initiatives, first_of_each
from .cues import PLEDGE_RE
from .text import Sentence

INITIATIVE_CUES: list[tuple[str, str]] = [
    ("founder", r"founding\s+(?:members?|partners?|signator(?:y|ies))|membres?\s+fondat\w+|fondat\w+|fondateur|cofond\w*|co-?fond\w*|founded|co-?founded|founding|founder|lanc[ée]e?\s+par|launched"),
    ("member", r"membres?|members?(?:hip)?|adh[èée]\w*|signed\s+up\s+(?:to|for)|enrolled\s+in|a\s+rejoint|rejoint|rejoindre|joined|joins?\b|fait\s+partie|part\s+of|int[ée]gr[ée]\w*"),
    ("signatory", r"signat\w+|sign[ée]e?s?|signed|signs|dans\s+le\s+cadre\s+d[eu]|under\s+(?:the|its)|s['’]est\s+engag\w*|committed\s+to|commits\s+to"),
    ("presented_at", r"pr[ée]sent[ée]\w*|presented|presents|lors\s+de|s['’]est\s+rendue?|attended|participat\w*|particip[ée]\w*|d[ée]voil[ée]\w*|unveil\w*|\bat\s+(?:the\s+)?COP|\bà\s+la\s+COP"),
    ("other", r"conform[ée]ment|in\s+line\s+with|align[ée]\w*|aligned|compatible|trajectoire|pathway|valid[ée]\w*|validat\w*|approved|approuv[ée]\w*|certifi\w*|respect\w*|consistent\s+with"),
]
INITIATIVE_RE = re.compile("|".join(f"(?P<{r}>{p})" for r, p in INITIATIVE_CUES), re.I)
FIRST_PERSON_RE = re.compile(r"\b(?:nous|notre|nos|we|our|us)\b", re.I)


PASSIVE_AGENT = re.compile(r"[^.;]{0,12}?\b(?:lanc[ée]e?s?|launched|cr[ée]{2}e?s?|created|fond[ée]e?s?|founded|initi[ée]e?s?|initiated|"
                           r"mise?\s+en\s+place|set\s+up)\b[^.;]{0,80}?\b(?:par|by)\s", re.I)
THEIR_THING_RE = re.compile(r"\b(?:cette|cet|ce|this|these|ces|the|its|their|son|sa|ses|leurs?)\s+(?:ambition|engagement|objectif|plan|strat[ée]gie|goal|target|"
                            r"commitment|pledge|strategy|programme|program|trajectoire|trajectory|roadmap|feuille\s+de\s+route|cible|"
                            r"interim\s+target|intermediate\s+target|objectif\s+interm[ée]diaire)s?\b", re.I)
DESCRIBING_CLAUSE = re.compile(r"\s*(?:\([^)]{0,20}\)\s*)?,\s*(?:(?:an?|the|une?|la|le|l['’])\s+[\w\s-]{0,40}?)?\b(?:which|who|whose|that|qui|dont|lequel|laquelle)\b[^.;]*$", re.I)
LIST_INTRO_RE = re.compile(r"(?:telles?\s+que|tels?\s+que|such\s+as|notamment|including|comme)\s*:\s*$", re.I)


def extract_initiatives(a: Article) -> list[dict]:
    """Initiatives: an organisation related to a named initiative by a cue (table INITIATIVE_CUES);
    conferences need a presenting cue; 'lancée par X' makes X founder (and presenter at the COP
    of that clause); 'X, Y et Z, également fondateurs' gives each its relation."""
    out: list[dict] = []
    list_focus_until = -1
    for s in a.sentences:
        if LIST_INTRO_RE.search(s.text):
            list_focus_until = s.index + 6
        inits = [m for m in a.by_sentence.get(s.index, []) if m.kind == "initiative"]
        if not inits:
            continue
        masked = blank_initiatives(a, s)
        cues = [(c.lastgroup, c.start() + s.start, c.end() + s.start) for c in INITIATIVE_RE.finditer(masked)]
        actors = a.actors_in(s)
        has_actor = bool(actors) or bool(FIRST_PERSON_RE.search(s.text)) or bool(THEIR_THING_RE.search(s.text)) or bool(
            re.search(r"\b(?:elle|il|its|son|sa|ses|leur)\b", s.text, re.I)) or s.index <= list_focus_until
        handled: set[int] = set()
        # 'X, lancée ... (COP) ... par ORG'
        for init in inits:
            pm = PASSIVE_AGENT.match(a.text, init.end, s.end)
            if not pm:
                continue
            agent = next((m for m in a.by_sentence.get(s.index, []) if m.start >= pm.end() and m.kind in ("org", "org?", "name")), None)
            if agent is None:
                continue
            who = a.accept(agent)
            a.ents.add_org(who)
            out.append({"org": who, "initiative": init.name, "relation": "founder", "evidence": s.text})
            for other in inits:
                if init.end <= other.start < agent.start and other.name.startswith("COP"):
                    out.append({"org": who, "initiative": other.name, "relation": "presented_at", "evidence": s.text})
                    handled.add(other.start)
        for init in inits:
            if init.start in handled:
                continue
            if any(o.end <= init.start and DESCRIBING_CLAUSE.match(a.text, o.end, init.start) for o in inits if o is not init):
                continue   # 'the SBTi, which checks ... the Paris Agreement': a clause about the other initiative
            if any(o.end <= init.start and re.fullmatch(r"\s*,\s*(?:the|an?|une?|la|le|l['’])\s*", a.text[o.end:init.start], re.I)
                   for o in inits if o is not init):
                continue   # 'the UN Global Compact, the United Nations initiative': an apposition, not a second initiative
            usable = [c for c in cues if not (init.name.startswith("COP") and c[0] != "presented_at")]
            if init.name.startswith("COP"):
                usable += [("presented_at", m.start() + s.start, m.end() + s.start)
                           for m in re.finditer(r"en\s+marge\s+de|on\s+the\s+sidelines\s+of|à\s+la\s+COP|at\s+(?:the\s+)?COP|lors\s+de", masked, re.I)]
            if not usable:
                if not (a.text[max(s.start, init.start - 8):init.start].rstrip().endswith(("du", "of")) and PLEDGE_RE.search(masked)):
                    continue
                usable = [("other", init.start, init.start)]
            rel, cs, ce = min(usable, key=lambda c: abs(c[1] - init.start))
            if not has_actor:
                continue
            whos = _listed_actors(a, s, cs)
            if not whos:
                org = a.actor_before(s, min(cs, init.start))
                whos = [org] if org else []
            if rel == "founder":
                for m in a.by_sentence.get(s.index, []):
                    if m.start > ce and m.kind in ("org", "org?", "name") and re.search(
                            r"\b(?:avec|with|and|et)\s+(?:l['’]organisation\s+|l['’]ONG\s+|the\s+)?$", a.text[max(s.start, m.start - 30):m.start]):
                        whos.append(a.accept(m))
            for org in whos:
                if org and org != init.name:
                    a.use(org)
                    out.append({"org": org, "initiative": init.name, "relation": rel, "evidence": s.text})
    return first_of_each(out, lambda p: (p["org"], p["initiative"]))


def _listed_actors(a: Article, s: Sentence, cue: int) -> list[str]:
    """'Bel, General Mills, Kraft Heinz et Nestlé, également fondateurs': the organisations listed
    right before a cue (at least two, joined by commas, 'et', 'and', '&')."""
    before = [m for m in a.by_sentence.get(s.index, []) if m.end <= cue and m.kind in ("org", "org?", "name")]
    if len(before) < 2:
        return []
    gap = a.text[before[-1].end:cue]
    if not re.fullmatch(r"[\s,]*(?:(?:également|aussi|also|all|tous|toutes|both|eux\s+aussi)\s+)?", gap, re.I):
        return []
    chain = [before[-1]]
    for m in reversed(before[:-1]):
        link = a.text[m.end:chain[-1].start]
        if re.fullmatch(r"\s*(?:,|et|and|&|,\s*et|,\s*and)\s*", link):
            chain.append(m)
        else:
            break
    return [a.accept(m) for m in reversed(chain)] if len(chain) >= 2 else []
