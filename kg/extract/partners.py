"""Partners: the organisations named after a partner cue are partners of the organisation acting."""
from __future__ import annotations

import re

from .article import Article, blank_initiatives, first_of_each
from .cues import PARTNER_RE
from .gazetteer import fold
from .mentions import FIRST_NAMES, NOT_NAMES, Mention

PURPOSE_RE = re.compile(r"\b(?:afin\s+d|in\s+order\s+to|so\s+that|so\s+as\s+to|pour\s+(?:[a-zé]+(?:er|ir|re)\b))", re.I)
HOST_CONTEXT = re.compile(r"cloud|infrastructure|data\s*cent(?:er|re)s?|centres?\s+de\s+donn[ée]es|serveurs?|servers?|h[ée]berg", re.I)
PARENT_BEFORE = re.compile(r"(?:filiale\s+(?:de|d['’])|subsidiary\s+of|unit\s+of|soci[ée]t[ée]\s+m[èe]re|maison\s+m[èe]re|parent\s+company)\s*(?:la\s+|le\s+|l['’]|the\s+)?$", re.I)
SPEECH_AFTER = re.compile(r"\s*,?\s*(?:said|says|added|explained|told|noted|a\s+(?:déclaré|dit|expliqué|ajouté|indiqué|précisé|souligné)|"
                          r"explique|ajoute|déclare|indique|précise|souligne)\b", re.I)


def _surname(a: Article, m: Mention) -> bool:
    """'Vestberg said', or the last word of a person named elsewhere ('Hans Vestberg'): a person, not a partner."""
    if " " in m.surface:
        return False
    if SPEECH_AFTER.match(a.text, m.end):
        return True
    if any(o.kind == "person" and o.surface.split()[-1] == m.surface for o in a.ents.mentions):
        return True
    return any(fold(f.group(1)) in FIRST_NAMES for f in re.finditer(rf"\b([A-ZÀ-Þ][\w-]+)\s+{re.escape(m.surface)}\b", a.text))


def extract_partners(a: Article) -> list[dict]:
    """Partners: after a partner cue (table PARTNER_CUES), the organisations named before the next
    cue are the partners of the organisation doing the action (nearest non-prepositional
    organisation before the cue, else the one in focus); platforms stand for their operator."""
    out: list[dict] = []
    for s in a.sentences:
        cues = list(PARTNER_RE.finditer(blank_initiatives(a, s)))
        if not cues:
            continue
        host = bool(HOST_CONTEXT.search(s.text))
        ms = a.by_sentence.get(s.index, [])
        client = a.actor_before(s, cues[0].start() + s.start, allow_after=False)
        if not client:
            continue
        for i, cue in enumerate(cues):
            pos = cue.start() + s.start
            stop = cues[i + 1].start() + s.start if i + 1 < len(cues) else s.end
            purpose = PURPOSE_RE.search(a.text, cue.end() + s.start, stop)
            if purpose:
                stop = purpose.start()
            role = "host" if host and cue.lastgroup in ("host", "other", "supplier") else cue.lastgroup
            if role == "other" and re.search(r"\b(?:buy\w*|purchas\w*|achat|ach[eè]te\w*|suppl(?:y|ies|ied)|fourni\w*|offtake)\b", s.text, re.I):
                role = "supplier"
            for m in ms:
                if m.start < pos and not (m.kind == "platform" and m.end <= pos and cue.lastgroup == "host"):
                    continue
                if m.start >= stop and not (m.kind == "platform" and i + 1 == len(cues)):
                    continue
                if PARENT_BEFORE.search(a.text[max(s.start, m.start - 30):m.start]):
                    continue
                if m.kind == "platform":
                    partner, prole = a.ents.operator(m.name), "host"
                elif m.kind in ("org", "org?", "name"):
                    partner, prole = m.name, role
                else:
                    continue
                if not partner or a.ents.related(partner, client) or (a.g.orgs.get(partner) and a.g.orgs[partner].publisher):
                    continue
                if m.kind == "name" and (fold(partner) in NOT_NAMES or len(partner) < 3):
                    continue
                if m.kind in ("org?", "name") and _surname(a, m):
                    continue
                if m.kind in ("org?", "name"):
                    a.ents.add_org(partner)
                a.use(client)
                a.use(partner)
                out.append({"org": client, "partner": partner, "role": prole, "evidence": s.text})
    return first_of_each(out, lambda p: (p["org"], p["partner"]))
