"""The working state of one extraction (Article): sentences, mentions, main organisation, focus, dates."""
from __future__ import annotations

import re

from .dates import DateMention, detect_dates, detect_published, reference_date
from .gazetteer import Gazetteer
from .mentions import Mention, find_mentions
from .text import Sentence, content_lines, detect_language, split_sentences, title_line

TARGET_PREP_RE = re.compile(r"(?:d['’]ici(?:\s+à)?|avant|by|until|through|to|pour|jusqu['’]à|dès|à\s+l['’]horizon|horizon|en|in|jusqu['’](?:en|à)|"
                            r"courant|within|au\s+plus\s+tard|no\s+later\s+than|objectif|target|goal|fin|end\s+of|deadline|butoir\s*:?)"
                            r"(?:\s+(?:la|le|l['’]|the|de|of|fin|end|l['’]année|l['’]exercice|d['’]|year|fiscal))*\s*:?\s*$", re.I)

NOT_TARGET_BEFORE = re.compile(r"(?:\b(?:from|de)\s+\d+(?:[.,]\d+)?\s?%\s+(?:in|en)\s+(?:FY\s?)?$|\b(?:since|depuis|founded|founding|fond[ée]\w*|cr[ée]{2}\w*|launched|lanc[ée]\w*|back\s+in|"
                               r"annonc[ée]\w*|announced|ouvert\w*|opened|adopt\w*|devenu\w*)\s+(?:(?:its|in|en|le|la)\s+)*)$", re.I)

PREPOSITION_BEFORE = re.compile(r"(?:\b(?:avec|with|par|by|comme|like|such\s+as|tels?\s+que|telles?\s+que|including|notamment|via|selon|from|pour|for|"
                                r"according\s+to|contre|versus|vs\.?|than|que|qu['’]|chez|against|aupr[èe]s\s+d[eu']|of)\s+"
                                r"(?:(?:le|la|les|l['’]|des|du|de|d['’]|the)\s*)?)$", re.I)
SUBJECT_PREP_BEFORE = re.compile(r"(?:\b(?:avec|with|par|by|comme|like|such\s+as|tels?\s+que|including|notamment|via|selon|according\s+to|"
                                 r"contre|than|chez|against|à|au|aux|de|du|des|d['’]|en|of|from|to|for|pour|sur|on|in|dans|into|at)\s+"
                                 r"(?:[\w'’-]+\s+){0,3})$|d['’]$|qu['’]$", re.I)


class Article:
    """Working state of one extraction."""

    def __init__(self, text: str, name: str, gaz: Gazetteer):
        self.text = text
        self.name = name
        self.g = gaz
        self.lang = detect_language(text)
        self.published = detect_published(text)
        self.ref = reference_date(self.published)
        lines = content_lines(text)
        self.sentences = split_sentences(text, lines)
        self.title_line = title_line(text, lines)
        self.ents = find_mentions(text, self.sentences, self.lang, gaz)
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in self.ents.mentions:
            idx = self._sentence_of(m.start)
            if idx is not None:
                self.by_sentence.setdefault(idx, []).append(m)
        self.main = self._main_org()
        self.focus_at: dict[int, str | None] = {}
        self._resolve_focus()
        self.used_orgs: dict[str, None] = {}
        self._dates: dict[int, list[DateMention]] = {}
        self.emission_years: list[tuple[int, int]] = []

    # -- structure ---------------------------------------------------------------------------
    def _sentence_of(self, pos: int) -> int | None:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if pos < s.start:
                hi = mid - 1
            elif pos >= s.end:
                lo = mid + 1
            else:
                return mid
        return None

    @staticmethod
    def _org_of(m: Mention) -> str | None:
        """The organisation a mention stands for (known, or a candidate of this article)."""
        return m.name if m.kind in ("org", "org?") else None

    def _main_org(self) -> str | None:
        score: dict[str, float] = {}
        first: dict[str, int] = {}
        for m in self.ents.mentions:
            org = self._org_of(m) or (m.name if m.kind == "name" and len(m.name) > 2 else None)
            if not org:
                continue
            info = self.g.orgs.get(org)
            if info and info.publisher:
                continue
            idx = self._sentence_of(m.start)
            s = self.sentences[idx] if idx is not None else None
            w = 1.0
            if s is not None and s.line == self.title_line:
                w = 3.0
            elif s is not None and s.index < 3:
                w = 1.5
            if m.kind == "org?":
                w *= 0.8
            elif m.kind == "name":
                w *= 0.5   # a capitalised name with no other hint: the main organisation only if nothing better
            score[org] = score.get(org, 0) + w
            first.setdefault(org, m.start)
        if not score:
            return None
        main = max(score, key=lambda o: (score[o], -first[o]))
        for m in self.ents.mentions:
            if m.kind == "name" and m.name == main:
                m.kind = "org?"
                self.ents.add_org(main)
                self.ents.surfaces.setdefault(main, set()).add(m.surface)
        return main

    def _resolve_focus(self) -> None:
        """For each sentence, the organisation that anaphora and pronouns in it stand for: the
        organisation in subject position (early in the sentence, not after a preposition) of this
        or the previous sentence, else the main organisation of the article."""
        recent, age = None, 99
        for s in self.sentences:
            focus = recent if recent and age <= 1 else self.main
            self.focus_at[s.index] = focus
            ms = self.by_sentence.get(s.index, [])
            subject = None
            for m in ms:
                if m.kind not in ("org", "org?", "anaphor"):
                    continue
                if m.start - s.start > 70 and not s.heading:
                    break
                if SUBJECT_PREP_BEFORE.search(self.text[max(s.start, m.start - 30):m.start]):
                    continue
                subject = m
                break
            for m in ms:
                if m.kind == "anaphor":
                    m.name = focus or ""
            age += 1
            if subject is None and re.match(r"\W*(?:il|elle|ils|elles|it|they|nous|we)\b", s.text, re.I) and focus:
                recent, age = focus, 0
            if subject is not None and subject.kind != "anaphor":
                info = self.g.orgs.get(subject.name)
                if not (info and info.publisher):
                    recent, age = subject.name, 0
            elif subject is not None and subject.name:
                recent, age = subject.name, 0

    # -- actors ------------------------------------------------------------------------------
    def actors_in(self, s: Sentence) -> list[Mention]:
        """Organisation-like mentions of a sentence: organisations, candidate names, anaphora."""
        return [m for m in self.by_sentence.get(s.index, []) if m.kind in ("org", "org?", "anaphor") and m.name]

    def actor_before(self, s: Sentence, pos: int, allow_after: bool = True) -> str | None:
        """The organisation doing what the cue at `pos` says: the nearest organisation before it
        that is not in a prepositional phrase ('avec X', 'comme X'), else the first after it,
        else the organisation in focus (covers 'elle', 'nous', 'il')."""
        cands = self.actors_in(s)
        before = [m for m in cands if m.end <= pos]
        for m in reversed(before):
            left = self.text[max(s.start, m.start - 40):m.start]
            if PREPOSITION_BEFORE.search(left):
                continue
            return self.accept(m)
        if allow_after:
            for m in cands:
                if m.start >= pos:
                    left = self.text[max(s.start, m.start - 40):m.start]
                    if not PREPOSITION_BEFORE.search(left) or m.kind == "anaphor":
                        return self.accept(m)
        return self.focus_at.get(s.index)

    def accept(self, m: Mention) -> str | None:
        if m.kind == "anaphor":
            return m.name or None
        if m.kind == "org?" or m.kind == "name":
            self.ents.add_org(m.name)
        return m.name

    def use(self, org: str | None) -> str | None:
        if org:
            self.ents.add_org(org)
            self.used_orgs[org] = None
        return org

    # -- dates -------------------------------------------------------------------------------
    def dates_in(self, s: Sentence) -> list[DateMention]:
        if s.index not in self._dates:
            ds = detect_dates(s.text, self.ref)
            self._dates[s.index] = [DateMention(d.start + s.start, d.end + s.start, d.year, d.kind, d.text, d.month, d.day)
                                    for d in ds]
        return self._dates[s.index]

    def target_years(self, s: Sentence) -> list[tuple[DateMention, bool]]:
        """Years that can be a target in a sentence, with whether a target preposition
        ('d'ici', 'by', 'pour', 'avant') introduces them."""
        out = []
        for d in self.dates_in(s):
            if d.year is None or d.kind in ("since", "baseline"):
                continue
            if d.kind in ("date", "month"):
                if not (re.match(r"\s*onwards?\b", self.text[d.end:d.end + 10], re.I)
                        or re.search(r"(?:à\s+partir\s+d[eu']|starting\s+(?:in|from))\s*(?:du\s+|le\s+)?$", self.text[max(s.start, d.start - 20):d.start], re.I)):
                    continue
                out.append((d, True))
                continue
            left = self.text[max(s.start, d.start - 40):d.start]
            nt = NOT_TARGET_BEFORE.search(left)
            if nt and re.match(r"de\s", nt.group(0)) and not re.match(r"\s*,?\s*(?:à|a|to)\s+\d", self.text[d.end:d.end + 12]):
                nt = None   # 'une étape de 40 % en 2030' is a milestone; 'de 35 % en 2020 à 100 %' a start value
            if nt or (d.kind == "year" and d.start - s.start < 14 and re.match(r"\s*,", self.text[d.end:d.end + 2])
                                                  and not re.search(r"by|d['’]ici|horizon|avant|pour|until", left, re.I)):
                continue
            prep = bool(TARGET_PREP_RE.search(left)) or d.kind in ("range", "end_of_year", "fiscal", "relative")
            out.append((d, prep))
        return out


def first_of_each(facts: list[dict], key) -> list[dict]:
    """The first fact of each key (`key` maps a fact to a hashable), in their order."""
    seen, result = set(), []
    for f in facts:
        k = key(f)
        if k not in seen:
            seen.add(k)
            result.append(f)
    return result


def blank_initiatives(a: Article, s: Sentence) -> str:
    """The sentence with initiative names blanked out ('Transform to Net Zero', 'The Climate
    Pledge' are not pledges), same length so offsets hold."""
    text = s.text
    for m in a.by_sentence.get(s.index, []):
        if m.kind == "initiative":
            x, y = m.start - s.start, m.end - s.start
            text = text[:x] + "_" * (y - x) + text[y:]
    return text
