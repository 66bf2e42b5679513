"""People with a stated role in an organisation: 'NAME, ROLE de ORG', 'ROLE NAME', 'ORG's ROLE, NAME'..."""
from __future__ import annotations

import re

from .article import Article, first_of_each
from .cues import ROLE_RE
from .gazetteer import fold
from .mentions import NOT_NAMES, PERSON_NAME_RE
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
    det = (r"(?:(?:le|la|l['’]|son|sa|its|the|their|notre|our|nouvel(?:le)?|new|actuel(?:le)?|former|ancien(?:ne)?|"
           r"(?:the\s+)?(?:company|group|firm|business|carrier|airline|retailer|bank|manufacturer|maker|operator|utility|insurer|"
           r"giant|automaker|carmaker|brand)['’]s)\s+)")
    left_rx = re.compile(rf"(?P<names>{name_rx}(?:\s*(?:&|et|and|,)\s*{name_rx})*)\s*[,(]\s*{det}*{poss}?{det}*$")
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
            elif m1:
                names = PERSON_NAME_RE.findall(m1.group("names"))
                if m1.group("poss"):
                    org = _org_in(a, s, rs - len(m1.group(0)) + m1.start("poss") - m1.start(), rs)
            elif m2 and (m2.group("org") or re.search(r"(?:^|[.;:]\s|\b(?:le|la|l['’]|the|son|sa|its|their|notre|our|(?:the\s+)?[a-z]+['’]s)\s*)$", left, re.I)
                         or re.search(rf"{poss}$", left)):
                names = [m2.group("name")]
                if m2.group("org"):
                    org = _org_in(a, s, role_end, role_end + m2.start("name"))
                else:
                    lp = re.search(rf"{poss}$", left)
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
    for s in a.sentences:
        for w in WHO_HEADS_RE.finditer(s.text):
            org = _org_in(a, s, s.start + w.end("role"), s.start + w.end("role") + 60)
            name = _valid_person(a, w.group("name"))
            if org and name:
                a.use(org)
                out.append({"name": name, "org": org, "role": w.group("role").strip(), "evidence": s.text})
    return first_of_each(out, lambda p: (fold(p["name"]), p["org"]))


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
        if m.start >= re_ and m.start - re_ <= 25 and m.kind in ("org", "org?", "anaphor", "name", "platform"):
            if re.match(r"\s*(?:d[eu]|d['’]|des|of|chez|at|for|de\s+la|de\s+l['’])\s*(?:la\s+|le\s+|l['’]|the\s+)?$",
                        a.text[re_:m.start]) or (re.fullmatch(r"\s*,\s*", a.text[re_:m.start])
                                                 and re.match(r"\s*\)", a.text[m.end:m.end + 3])):   # '(CEO, Heliox Power)'

                if m.kind == "platform":
                    return a.ents.operator(m.name)
                return a.accept(m)
    return a.focus_at.get(s.index)
