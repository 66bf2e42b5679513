"""Initiatives: an organisation related to a named initiative (member, signatory, founder...) by a cue."""
from __future__ import annotations

import re

from .article import Article, blank_initiatives, first_of_each
from .cues import PLEDGE_RE
from .text import Sentence

INITIATIVE_CUES: list[tuple[str, str]] = [
    ("founder", r"founding\s+(?:members?|partners?|signator(?:y|ies))|membres?\s+fondat\w+|fondat\w+|fondateur|cofond\w*|co-?fond\w*|founded|co-?founded|founding|founder|lanc[ée]e?\s+par|launched"),
    ("member", r"membres?|members?(?:hip)?|adh[èée]\w*|signed\s+up\s+(?:to|for)|enrolled\s+in|a\s+rejoint|rejoint|rejoindre|rejoign(?:ent|ons|ant|ait|aient|e|es)\b|rejoindr(?:a|ont)\b|joined|joins?\b|joining|"
               r"(?:se\s+)?joindre|fait\s+partie|part\s+of|int[ée]gr[ée]\w*"),
    ("signatory", r"signat\w+|sign[ée]e?s?|signed|signs|dans\s+le\s+cadre\s+d[eu]|under\s+(?:the|its)|s['’]est\s+engag\w*|committed\s+to|commits\s+to"),
    ("presented_at", r"pr[ée]sent[ée]\w*|presented|presents|lors\s+de|s['’]est\s+rendue?|attended|participat\w*|particip[ée]\w*|d[ée]voil[ée]\w*|unveil\w*|\bat\s+(?:the\s+)?COP|\bà\s+la\s+COP|"
                     r"\b(?:at|during)\s+the(?=\s+_)"),
    ("other", r"conform[ée]ment|in\s+line\s+with|align[ée]\w*|aligned|alignant|aligning|en\s+conformit[ée]|compatible|trajectoire|pathway|valid[ée]\w*|validat\w*|"
              r"approved|approuv[ée]\w*|certifi\w*|respect\w*|consistent\s+with|engagement\s+(?:\w+\s+)?envers|commitment\s+to"),
]
INITIATIVE_RE = re.compile("|".join(f"(?P<{r}>{p})" for r, p in INITIATIVE_CUES), re.I)
EVENT_NAME = re.compile(r"\b(?:COP|Forum|Summit|Sommet|Conference|Conf[ée]rence|Congress|Congr[èe]s|Week|Semaine|Assembly|Assembl[ée]e)\b")
FIRST_PERSON_RE = re.compile(r"\b(?:nous|notre|nos|we|our|us)\b", re.I)


PASSIVE_AGENT = re.compile(r"[^.;]{0,12}?\b(?:lanc[ée]e?s?|launched|cr[ée]{2}e?s?|created|fond[ée]e?s?|founded|initi[ée]e?s?|initiated|"
                           r"mise?\s+en\s+place|set\s+up)\b[^.;]{0,80}?\b(?:par|by)\s", re.I)
THEIR_THING_RE = re.compile(r"\b(?:cette|cet|ce|this|these|ces|the|its|their|son|sa|ses|leurs?)\s+(?:ambition|engagement|objectif|plan|strat[ée]gie|goal|target|"
                            r"commitment|pledge|strategy|programme|program|trajectoire|trajectory|roadmap|feuille\s+de\s+route|cible|"
                            r"interim\s+target|intermediate\s+target|objectif\s+interm[ée]diaire)s?\b", re.I)
DESCRIBING_CLAUSE = re.compile(r"\s*(?:\([^)]{0,20}\)\s*)?,\s*(?:(?:an?|the|une?|la|le|l['’])\s+[\w\s-]{0,40}?)?\b(?:which|who|whose|that|qui|dont|lequel|laquelle)\b[^.;]*$", re.I)
#: the initiative is a yardstick ('dix ans d'avance sur l'Accord de Paris', 'ahead of the Paris goals'), not a relation
YARDSTICK_BEFORE = re.compile(r"(?:d['’]avance\s+sur|en\s+avance\s+sur|ahead\s+of|anticip\w+\s+de\s+\d+\s+ans)\b[^.;]{0,50}$", re.I)
#: a negated cue ('n'entend pas suivre', 'will not align'): no relation
NEGATION_BEFORE = re.compile(r"(?:\bne\s+(?:\w+\s+){0,2}(?:pas|plus|jamais)|\bn['’]\w+\s+(?:pas|plus|jamais)|\bnot|\bnever|n['’]t)\s+(?:\w+\s+){0,3}$", re.I)
#: the cue is about third parties the actor engages ('incite ses sous-traitants à ... alignée sur')
THIRD_PARTY_BEFORE = re.compile(r"\b(?:fournisseurs|suppliers|sous-traitants|subcontractors|prestataires|vendors|clients|customers|partenaires|partners)\b[^.;]{0,60}$", re.I)
#: 'X, formée de six transporteurs et du cabinet Stratego': the organisations an initiative is made of
MADE_OF_RE = re.compile(r"\b(?:form[ée]e?\s+(?:de|d['’]|par)|compos[ée]e?\s+(?:de|d['’])|constitu[ée]e?\s+(?:de|d['’])|r[ée]uni(?:t|ssant)|rassembl(?:e|ant)|"
                        r"regroup(?:e|ant)|made\s+up\s+of|formed\s+by|comprising|brings?\s+together|bringing\s+together|gathers)\b", re.I)
#: 'pledged to set science-based targets': a promise to use the initiative's method, not a signature
COMMIT_TO_DO = re.compile(r"^(?:committed|commits|pledged|pledges|promised|vowed|s['’]est\s+engag\w*|s['’]engage)\s+(?:to|à)\s+(?:\w+(?:ing|er|ir|re)|set|adopt|define|develop)\b", re.I)
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
            if not has_actor or _not_a_relation(a, s, cs, init):
                continue
            if rel == "presented_at" and re.match(r"(?:at|during)\s", a.text[cs:ce], re.I) and not EVENT_NAME.search(init.name):
                continue   # 'at the X' presents only at an event (a forum, a summit, a COP)
            if rel == "signatory" and COMMIT_TO_DO.match(a.text[cs:init.start]):
                rel = "other"
            whos = _listed_actors(a, s, cs)
            if not whos:
                org = a.actor_before(s, min(cs, init.start))
                whos = _coordinated(a, s, org) if org else []
            if rel == "founder":
                for m in a.by_sentence.get(s.index, []):
                    if m.start > ce and m.kind in ("org", "org?", "name") and re.search(
                            r"\b(?:avec|with|and|et)\s+(?:l['’]organisation\s+|l['’]ONG\s+|the\s+)?$", a.text[max(s.start, m.start - 30):m.start]):
                        whos.append(a.accept(m))
            for org in whos:
                if org and org != init.name:
                    a.use(org)
                    out.append({"org": org, "initiative": init.name, "relation": rel, "evidence": s.text})
        out.extend(_made_of(a, s, inits))
    return first_of_each(out, lambda p: (p["org"], p["initiative"]))


def _not_a_relation(a: Article, s: Sentence, cue: int, init) -> bool:
    """A yardstick, a negated cue, a cue about suppliers, or a person's role ('Jane Doe, founder of')."""
    left = a.text[max(s.start, min(cue, init.start) - 80):min(cue, init.start)]
    if YARDSTICK_BEFORE.search(a.text[max(s.start, init.start - 80):init.start]) or NEGATION_BEFORE.search(a.text[max(s.start, cue - 40):cue]):
        return True
    if THIRD_PARTY_BEFORE.search(left) and not re.search(r"\b(?:nous|we|notre|our)\b", left, re.I):
        return True
    return any(m.kind == "person" and 0 <= cue - m.end <= 3 for m in a.by_sentence.get(s.index, []))


def _coordinated(a: Article, s: Sentence, org: str) -> list[str]:
    """The actor and the organisations coordinated with it ('Northfund and Vale Capital Group have ...')."""
    ms = [m for m in a.by_sentence.get(s.index, []) if m.kind in ("org", "org?", "name")]
    idx = next((i for i, m in enumerate(ms) if m.name == org), None)
    if idx is None:
        return [org]
    whos = [org]
    i = idx
    while i > 0 and re.fullmatch(r"\s*(?:,|and|et|&|,\s*and|,\s*et)\s*", a.text[ms[i - 1].end:ms[i].start]):
        i -= 1
        whos.insert(0, a.accept(ms[i]))
    return [w for w in whos if w]


def _made_of(a: Article, s: Sentence, inits) -> list[dict]:
    """'La CSA, lancée cette année, formée de six transporteurs ... et du cabinet Stratego': the named
    organisations an initiative is made of are its founders when it is new, else its members."""
    m = MADE_OF_RE.search(s.text)
    if not m or not inits or inits[0].start - s.start > m.start():
        return []
    rel = "founder" if re.search(r"\b(?:cr[ée]{2}e?|fond[ée]e?|lanc[ée]e?|created|founded|launched|formed|mis\s+sur\s+pied|set\s+up)\b", s.text, re.I) else "member"
    out = []
    for o in a.by_sentence.get(s.index, []):
        if o.start > s.start + m.end() and o.kind in ("org", "org?", "name"):
            who = a.accept(o)
            if who:
                a.use(who)
                out.append({"org": who, "initiative": inits[0].name, "relation": rel, "evidence": s.text})
    return out


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
