"""People with a stated role in an organisation: 'NAME, ROLE de ORG', 'ROLE NAME', 'ORG's ROLE, NAME'..."""
from __future__ import annotations

import re

from .article import Article, first_of_each
from .roles import ROLE_RE
from .gazetteer import fold
from .mentions import FIRST_NAMES, NOT_NAMES, PERSON_NAME_RE
from .text import Sentence

#: the rest of a role as written: 'et directeur financier', 'chargée du développement durable', 'of Environment, ...'
ROLE_TAIL = re.compile(r"(?:\s+(?:et|and|&)\s+(?:co-?)?(?:directeur\s+financier|directrice\s+financi[èe]re|pr[ée]sident(?:e)?|president|"
                       r"CEO|CFO|directeur\s+g[ée]n[ée]ral|chief\s+\w+\s+officer)|\s+charg[ée]e?\s+(?:de|du|des)\s+[\w\s'’-]{3,40}?(?=[,.;]|$)|"
                       r"\s+(?:de\s+la|of)\s+(?=[A-Za-zÀ-ÿ])[\w\s,'’-]{3,50}?(?=[,.;]|\s+and\s+a\b|$))*", re.I)


def extract_people(a: Article) -> list[dict]:
    """People with a stated role: 'NAME, ROLE de ORG', 'NAME, ORG's ROLE', 'ROLE de ORG, NAME',
    'ROLE NAME', 'ORG, dont le ROLE est NAME'; names joined by '&', 'et', 'and' share the role."""
    out: list[dict] = []
    name_rx = PERSON_NAME_RE.pattern
    poss = r"(?:(?P<poss>[A-ZÀ-Þ][\w&.’'-]*(?:\s[A-ZÀ-Þ][\w&.-]*)*)['’]s\s+)"
    det = (r"(?:(?:le|la|l['’]|son|sa|its|the|their|notre|our|nouvel(?:le)?|new|actuel(?:le)?|former|ancien(?:ne)?|previous|pr[ée]c[ée]dente?|"
           r"outgoing|current|global|group|senior|interim|"
           r"(?:the\s+)?(?:company|group|firm|business|carrier|airline|retailer|bank|manufacturer|maker|operator|utility|insurer|"
           r"giant|automaker|carmaker|brand)['’]s)\s+)")
    bare = r"(?:(?P<bare>[A-ZÀ-Þ][\w&.’'-]*(?:\s[A-ZÀ-Þ][\w&.-]*){0,3})\s+)"   # 'Jane Holt, Brightwell Chairman'
    left_rx = re.compile(rf"(?P<names>{name_rx}(?:\s*(?:&|et|and|,)\s*{name_rx})*)\s*(?:[,(]|\s[–—-])\s*{det}*(?:{poss}|{bare})?{det}*$")
    org_role_rx = re.compile(rf"(?:^|[.;:,]\s|\b(?:and|et|said|says|a\s+d[ée]clar[ée])\s){bare}{det}*$")   # 'Brightwell group head of sustainability, Nora Quinn'

    for s in a.sentences:
        for r in ROLE_RE.finditer(s.text):
            rs, re_ = r.start() + s.start, r.end() + s.start
            tail = ROLE_TAIL.match(a.text, re_, s.end)
            role_end = tail.end() if tail else re_
            role = a.text[rs:role_end].strip()
            left = a.text[max(s.start, rs - 150):rs]
            right = a.text[role_end:s.end]
            names, org = [], None
            m4 = re.search(r"dont\s+(?:le|la|l['’])\s*$", left)
            m4r = re.match(rf"\s+(?:est|is)\s+({name_rx})", right)
            m1 = left_rx.search(left)
            m2 = re.match(rf"(?:\s+(?:d[eu]|d['’]|of|chez|at)\s*(?P<org>[^,]{{1,60}}?))?\s*,\s*(?P<name>{name_rx})", right)
            m3 = re.match(rf"\s+(?P<name>{name_rx})", right)
            if m4 and m4r:
                names = [m4r.group(1)]
                org = _org_near(a, s, rs - len(m4.group(0)) - 3, before=True)
            elif m1 and (not m1.group("bare") or _org_in(a, s, rs - len(m1.group(0)) + m1.start("bare"), rs)):
                names = PERSON_NAME_RE.findall(m1.group("names"))
                if m1.group("poss"):
                    org = _org_in(a, s, rs - len(m1.group(0)) + m1.start("poss") - m1.start(), rs)
                elif m1.group("bare"):
                    org = _org_in(a, s, rs - len(m1.group(0)) + m1.start("bare"), rs)
            elif m2 and (m2.group("org") or re.search(rf"(?:^|[.;:,]\s|\b(?:le|la|l['’]|the|son|sa|its|their|notre|our|(?:the\s+)?[a-z]+['’]s)\s*){det}*$", left, re.I)
                         or re.search(rf"{poss}$", left) or org_role_rx.search(left)):
                names = [m2.group("name")]
                if m2.group("org"):
                    org = _org_in(a, s, role_end, role_end + m2.start("name"))
                else:
                    lp = re.search(rf"{poss}$", left) or org_role_rx.search(left)
                    if lp:
                        org = _org_in(a, s, rs - len(lp.group(0)), rs)
            elif m3 and not re.match(r"\s+(?:d[eu]|of|chez|at)\b", right):
                names = [m3.group("name")]
                lp = re.search(rf"{poss}$", left)
                if lp:
                    org = _org_in(a, s, rs - len(lp.group(0)), rs)
            if not names:
                continue
            if org is None:
                org = _org_after_role(a, s, role_end)
            if org is None:
                continue
            for name in names:
                name = _valid_person(a, name)
                if name:
                    a.use(org)
                    out.append({"name": name, "org": org, "role": role, "evidence": s.text})
    out.extend(capitals_then_role(a))
    out.extend(owner_of_epithet(a))
    for s in a.sentences:
        for w in WHO_HEADS_RE.finditer(s.text):
            org = _org_in(a, s, s.start + w.end("role"), s.start + w.end("role") + 60)
            name = _valid_person(a, w.group("name"))
            if org and name:
                a.use(org)
                out.append({"name": name, "org": org, "role": w.group("role").strip(), "evidence": s.text})
    return first_of_each(out, lambda p: (fold(p["name"]), p["org"]))


#: between a role and its organisation: the rest of the role ('et cheffe de la direction', 'durable'), then
#: 'de/of/at', then a description ('du groupe', 'at the campaign group', 'of the investor coalition')
ORG_AFTER_ROLE = re.compile(r"(?:\s+(?:et|and|&)\s+[a-zà-ÿ][\w'’-]*(?:\s+[a-zà-ÿ][\w'’-]*){0,4}?|(?:\s+[a-zà-ÿ][\w'’-]*){0,2}?)"
                            r"\s*(?:d[eu]|d['’]|des|of|chez|at|for|de\s+la|de\s+l['’])\s*(?:(?:la|le|l['’]|the)\s*)?"
                            r"(?:[a-zà-ÿ][\w-]*\s+){0,3}")

LEAD_WORDS = {"selon", "pour", "avec", "d'apres", "according", "says", "said", "ajoute", "explique", "estime", "souligne", "indique", "precise"}


#: 'Jane Doe, who heads sustainability at X', 'Marie Dupont, qui dirige la stratégie climat de X'
WHO_HEADS_RE = re.compile(
    PERSON_NAME_RE.pattern.replace("(?<![\\w-])", "(?<![\\w-])(?P<name>", 1).replace("{1,3}(?![\\w-])", "{1,3})(?![\\w-])", 1)
    + r"\s*,\s*(?:who|qui)\s+(?P<role>(?:heads|leads|runs|chairs|oversees|manages|dirige|pilote|pr[ée]side|supervise|g[èe]re)\b"
      r"(?:\s+(?!at\b|of\b|chez\b|de\b|du\b|d['’]|for\b)[\w'’-]+){0,5}?)\s+(?:at|of|for|chez|de|du|d['’]|des)\s*(?:la\s+|le\s+|l['’]|the\s+)?(?=[A-ZÀ-Þ])")


def _valid_person(a: Article, name: str) -> str | None:
    name = name.strip()
    words = name.split()
    while len(words) > 2 and (fold(words[0]) in NOT_NAMES or fold(words[0]) in LEAD_WORDS):
        words = words[1:]   # 'Selon Luc Bernard', 'According Jane Doe'
    name = " ".join(words)
    if len(words) < 2 or fold(words[0]) in NOT_NAMES or fold(words[0]) in ("chief", "vice", "executive", "senior"):
        return None
    hit = a.g.resolve(name)
    if hit and hit[0] == "person":
        return hit[1]
    if hit and hit[0] in ("org", "initiative", "platform"):
        return None
    for m in a.ents.mentions:
        if m.surface == name and m.kind in ("org", "org?", "initiative", "place", "platform"):
            return None
    return name


def _org_in(a: Article, s: Sentence, start: int, end: int) -> str | None:
    for m in a.by_sentence.get(s.index, []):
        if m.start >= start and m.end <= end + 1 and m.kind in ("org", "org?", "name", "anaphor"):
            return a.accept(m)
        if m.start >= start and m.end <= end + 1 and m.kind == "platform":
            return a.ents.operator(m.name)
    return None


def _org_near(a: Article, s: Sentence, pos: int, before: bool = True) -> str | None:
    cands = [m for m in a.by_sentence.get(s.index, []) if m.kind in ("org", "org?", "name", "anaphor") and m.end <= pos + 3]
    return a.accept(cands[-1]) if cands else a.focus_at.get(s.index)


def _org_after_role(a: Article, s: Sentence, re_: int) -> str | None:
    """The organisation a role belongs to: 'de/of/chez/at ORG' or an anaphor ('de l'entreprise')
    right after the role, else the organisation in focus."""
    for m in a.by_sentence.get(s.index, []):
        if m.start >= re_ and m.start - re_ <= 80 and m.kind in ("org", "org?", "anaphor", "name", "platform"):
            gap = a.text[re_:m.start]
            if ORG_AFTER_ROLE.fullmatch(gap) or (re.fullmatch(r"\s*,\s*", gap) and re.match(r"\s*\)", a.text[m.end:m.end + 3])) \
                    or (re.fullmatch(r"\s", gap) and m.kind in ("org", "org?") and re.match(r"\s*(?:[,;.)]|$)", a.text[m.end:m.end + 2])):
                # 'de/of/at (the descriptor) ORG'; '(CEO, Voltara Power)'; 'CEO Bétonor Méditerranée'

                if m.kind == "platform":
                    return a.ents.operator(m.name)
                return a.accept(m)
    return a.focus_at.get(s.index)


#: 'MARIE-ANNE DUVAL Directrice ...': a name in capitals (credit lines of interviews) before a role
CAPS_NAME_RE = re.compile(r"(?<![\w-])([A-ZÀ-Þ]{2,}(?:[-‑][A-ZÀ-Þ]{2,})?(?:\s[A-ZÀ-Þ]{2,}(?:[-‑][A-ZÀ-Þ]{2,})?){1,2})\s*,?\s+(?=[A-Za-zÀ-ÿ])")


def capitals_then_role(a: Article) -> list[dict]:
    """A person written in capitals right before a role, the organisation after the role."""
    out = []
    for s in a.sentences:
        for m in CAPS_NAME_RE.finditer(s.text):
            r = ROLE_RE.match(s.text, m.end())
            words = m.group(1).split()
            if not r or not (2 <= len(words) <= 3) or any(fold(w) in NOT_NAMES for w in words):
                continue
            if not any(fold(w.split("-")[0].split("‑")[0]) in FIRST_NAMES for w in words[:1]):
                continue
            name = " ".join(w.capitalize() if "-" not in w and "‑" not in w else "-".join(p.capitalize() for p in re.split(r"[-‑]", w))
                            for w in words)
            role_end = s.start + r.end()
            tail = ROLE_TAIL.match(a.text, role_end, s.end)
            org = _org_after_role(a, s, tail.end() if tail else role_end)
            if org:
                a.use(org)
                out.append({"name": name, "org": org, "role": a.text[s.start + r.start():tail.end() if tail else role_end].strip(),
                            "evidence": s.text})
    return out


def owner_of_epithet(a: Article) -> list[dict]:
    """'Le distributeur de Xavier Durand', 'the airline of Tom Archer': a descriptive epithet followed by a
    person names that person as the organisation's owner or head (role not stated)."""
    out = []
    for s in a.sentences:
        ms = a.by_sentence.get(s.index, [])
        for i, m in enumerate(ms):
            if m.kind != "anaphor" or not m.name or i + 1 >= len(ms) or ms[i + 1].kind != "person":
                continue
            if re.fullmatch(r"\s+(?:de|d['’]|of)\s*", a.text[m.end:ms[i + 1].start]):
                name = _valid_person(a, ms[i + 1].name)
                if name:
                    a.use(m.name)
                    out.append({"name": name, "org": m.name, "role": None, "evidence": s.text})
    return out
