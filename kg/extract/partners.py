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


#: partner cues this module adds to the shared table (kg.extract.cues.PARTNER_CUES)
EXTRA_PARTNER_RE = re.compile(r"(?P<other>\bpartnerships?\s+with|\bin\s+partnership\s+with)", re.I)
#: 'sur LinkedIn', 'on X': a channel one speaks on, not a partner
CHANNEL_BEFORE = re.compile(r"\b(?:sur|on|via)\s+$", re.I)
#: 'X has agreed to sell ... to Y': Y buys from X (X is Y's supplier)
SELL_TO_RE = re.compile(r"\b(?:sell|sells|sold|selling|vend(?:re|s|ons|ent|u|ue|ra|rait|ront)?|c[èée]d(?:e|es|er|era|eront|é|ée)|"
                        r"supply|supplies|supplied|fourni(?:r|ra|ront|t|ssent)?)\b"
                        r"[^.;]{0,90}?\b(?:to|à|au|aux)\s+(?:(?:the|la|le|l['’])\s*(?:[a-zà-ÿ][\w-]*\s+){0,2})?$"
                        r"|\b(?:sell|sells|sold|selling|supply|supplies|supplied)\s+$", re.I)   # 'will sell Y 250 GWh': Y is the buyer


def _in_list(a: Article, ms: list[Mention], i: int) -> bool:
    """A name between two organisations of an enumeration ('Solvento, Norvex, Bétonor, Colorane et ...')."""
    def link(x, y):
        return re.fullmatch(r"\s*(?:,|et|and|&|,\s*et|,\s*and)\s*(?:l['’]|le\s+|la\s+|the\s+)?", a.text[x.end:y.start]) is not None
    orgish = ("org", "org?", "name", "place")
    prev_ok = i > 0 and ms[i - 1].kind in orgish and link(ms[i - 1], ms[i])
    next_ok = i + 1 < len(ms) and ms[i + 1].kind in orgish and link(ms[i], ms[i + 1])
    return prev_ok and next_ok or (prev_ok and ms[i - 1].kind in ("org", "org?")) or (next_ok and ms[i + 1].kind in ("org", "org?"))


def _buyers(a: Article, s) -> list[dict]:
    """'Voltara will sell wind power to Crunchy Foods': the buyer's supplier is the seller."""
    out = []
    ms = a.by_sentence.get(s.index, [])
    for m in ms:
        if m.kind not in ("org", "org?", "name") or not SELL_TO_RE.search(a.text, s.start, m.start):
            continue
        sell = SELL_TO_RE.search(a.text, s.start, m.start)
        seller = a.actor_before(s, sell.start(), allow_after=False)
        buyer = a.accept(m)
        if seller and buyer and seller != buyer and not a.ents.related(seller, buyer):
            a.use(buyer)
            a.use(seller)
            out.append({"org": buyer, "partner": seller, "role": "supplier", "evidence": s.text})
        break
    return out


def extract_partners(a: Article) -> list[dict]:
    """Partners: after a partner cue (table PARTNER_CUES), the organisations named before the next
    cue are the partners of the organisation doing the action (nearest non-prepositional
    organisation before the cue, else the one in focus); platforms stand for their operator."""
    out: list[dict] = []
    for s in a.sentences:
        out.extend(_buyers(a, s))
        blanked = blank_initiatives(a, s)
        cues = sorted([*PARTNER_RE.finditer(blanked), *EXTRA_PARTNER_RE.finditer(blanked)], key=lambda c: c.start())
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
            for j, m in enumerate(ms):
                if m.start < pos and not (m.kind == "platform" and m.end <= pos and cue.lastgroup == "host"):
                    continue
                if CHANNEL_BEFORE.search(a.text[max(s.start, m.start - 6):m.start]):
                    continue
                if m.start >= stop and not (m.kind == "platform" and i + 1 == len(cues)):
                    continue
                if PARENT_BEFORE.search(a.text[max(s.start, m.start - 30):m.start]):
                    continue
                if m.kind == "platform":
                    partner, prole = a.ents.operator(m.name), "host"
                elif m.kind in ("org", "org?", "name") or (m.kind == "place" and _in_list(a, ms, j)):
                    partner, prole = m.name, role
                else:
                    continue
                if not partner or a.ents.related(partner, client) or (a.g.orgs.get(partner) and a.g.orgs[partner].publisher):
                    continue
                if m.kind == "name" and (fold(partner) in NOT_NAMES or len(partner) < 3):
                    continue
                if m.kind in ("org?", "name") and _surname(a, m):
                    continue
                if m.kind in ("org?", "name", "place"):
                    a.ents.add_org(partner)
                a.use(client)
                a.use(partner)
                out.append({"org": client, "partner": partner, "role": prole, "evidence": s.text})
    return first_of_each(out, lambda p: (p["org"], p["partner"]))
