"""The working state of one extraction (Article): sentences, mentions, main organisation, focus, dates."""
from __future__ import annotations

import re

from .dates import DateMention, detect_dates, detect_published, reference_date
from .epithets import content_words, descriptor_after, descriptor_before, pick
from .gazetteer import Gazetteer, guess_kind
from .mentions import Mention, find_mentions
from .text import Sentence, content_lines, detect_language, split_sentences, title_line

TARGET_PREP_RE = re.compile(r"(?:d['’]ici(?:\s+à)?|avant|by|until|through|to|pour|jusqu['’]à|dès|à\s+l['’]horizon|horizon|en|in|jusqu['’](?:en|à)|"
                            r"courant|within|au\s+plus\s+tard|no\s+later\s+than|objectif|target|goal|fin|end\s+of|deadline|butoir\s*:?)"
                            r"(?:\s+(?:la|le|l['’]|the|de|of|fin|end|l['’]année|l['’]exercice|d['’]|year|fiscal))*\s*:?\s*$", re.I)

NOT_TARGET_BEFORE = re.compile(r"(?:\b(?:from|de)\s+\d+(?:[.,]\d+)?\s?%\s+(?:in|en)\s+(?:FY\s?)?$|\b(?:since|depuis|founded|founding|fond[ée]\w*|cr[ée]{2}\w*|launched|lanc[ée]\w*|back\s+in|"
                               r"annonc[ée]\w*|announced|ouvert\w*|opened|adopt\w*|devenu\w*)\s+(?:(?:its|in|en|le|la)\s+)*)$", re.I)

PREPOSITION_BEFORE = re.compile(r"(?:\b(?:avec|with|par|by|comme|like|unlike|such\s+as|tels?\s+que|telles?\s+que|including|notamment|via|selon|from|pour|for|"
                                r"derri[èe]re|behind|devant|ahead\s+of|apr[èe]s|after|hormis|sauf|except|"
                                r"according\s+to|contre|versus|vs\.?|than|que|qu['’]|chez|against|aupr[èe]s\s+d[eu']|of)\s+"
                                r"(?:(?:le|la|les|l['’]|des|du|de|d['’]|the)\s*)?)$", re.I)
#: between a description and the name it introduces: lower-case words, the last not 'de'/'of' ('Le producteur
#: d'électricité Voltara', 'the Danish wind group Brisvent'; not 'le distributeur de Norfret', which is another company)
_NOT_IN_GAP = (r"(?:à|au|aux|to|for|pour|with|avec|behind|derri[èe]re|after|apr[èe]s|than|que|qu['’]|and|et|in|en|on|sur|by|par|from|as|"
               r"comme|like|such|including|dont|which|who|qui|is|est|a|has|have|said|says|plus|more|also|aussi|its|son|sa|ses|their)")
APPOSED_GAP = re.compile(rf"\s{{1,2}}|\s(?:(?!{_NOT_IN_GAP}\s)[a-zà-ÿ'’-]+\s){{0,4}}(?!(?:{_NOT_IN_GAP}|de|du|des|d['’]|of|the|la|le|les|l['’])\s)[a-zà-ÿ'’-]+\s")
#: 'with X also cutting ...', 'avec X qui réduit': X is the subject of the clause after it
WITH_ING = re.compile(r"\s+(?:also\s+|too\s+|now\s+)?[a-z]+ing\b|\s+(?:qui|, qui)\s", re.I)
#: anaphora that name a company ('the company', 'le groupe', 'l'entreprise'), not a public body or an NGO
COMPANY_ANAPHOR = re.compile(r"\b(?:company|firm|group|groupe|entreprise|soci[ée]t[ée]|firme|business|corporation|retailer|maker|manufacturer|"
                             r"constructeur|fabricant|distributeur)\b", re.I)
SUBJECT_PREP_BEFORE = re.compile(r"(?:\b(?:avec|with|par|by|comme|like|unlike|such\s+as|tels?\s+que|including|notamment|via|selon|according\s+to|"
                                 r"apr[èe]s|avant|after|before|derri[èe]re|behind|devant|ahead\s+of|hormis|sauf|except|besides|outre|"
                                 r"contre|than|chez|against|à|au|aux|de|du|des|d['’]|en|of|from|to|for|pour|sur|on|in|dans|into|at)\s+"
                                 r"(?:[\w'’-]+\s+){0,3}(?:l['’])?)$|d['’]$|qu['’]$", re.I)


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
        lede = self._lede_subject()
        if lede:
            score[lede.name] = 2.0   # the subject of the opening sentence: what the article is about
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

    def _kind(self, name: str) -> str:
        info = self.ents.orgs.get(name) or self.g.orgs.get(name)
        return info.kind if info else guess_kind(name)

    def _lede_subject(self) -> Mention | None:
        """The organisation in subject position of the first sentence that has one (the title
        or the lede), among the first three sentences that are not a date line."""
        seen = 0
        for s in self.sentences:
            if re.fullmatch(r"[\d\s/.:-]+", s.text) or len(re.findall(r"\s[·|•›»]\s", s.text)) >= 2:
                continue    # a date line, a menu or breadcrumb bar
            seen += 1
            if seen > 3:
                break
            subject = self.subject_of(s)
            if subject is not None and subject.kind in ("org", "org?", "name") and len(subject.name) > 2 \
                    and re.match(r"[\s,]+(?:[a-zà-ÿ(]|[A-ZÀ-Þ][a-zà-ÿ]+\s+[a-zà-ÿ])", self.text[subject.end:subject.end + 30]):
                info = self.g.orgs.get(subject.name)
                if not (info and info.publisher):
                    return subject
        return None

    def subject_of(self, s: Sentence) -> Mention | None:
        """The organisation-like mention in subject position: within the first 70 characters
        (any place in a heading), not after a preposition."""
        ms = self.by_sentence.get(s.index, [])
        for i, m in enumerate(ms):
            if m.kind not in ("org", "org?", "anaphor", "name"):
                continue
            if m.start - s.start > 70 and not s.heading:
                return None
            if m.kind == "anaphor" and i + 1 < len(ms) and APPOSED_GAP.fullmatch(self.text[m.end:ms[i + 1].start]):
                continue    # 'le groupe La Maison Bleue': the name after the description is the subject
            if SUBJECT_PREP_BEFORE.search(self.text[max(s.start, m.start - 30):m.start]):
                continue
            if m.kind == "name" and not re.match(r"\s+(?:[a-zà-ÿ]+\s+){0,2}(?:a|has|have|is|vise|veut|annonce|announced|said|says|aims|commits|s['’]engage)\b",
                                                 self.text[m.end:m.end + 40]):
                continue
            return m
        return None

    def _resolve_focus(self) -> None:
        """For each sentence, the organisation that anaphora and pronouns in it stand for: the
        organisation in subject position (early in the sentence, not after a preposition) of this
        or the previous sentence, else the main organisation of the article."""
        recent, age = None, 99
        descriptors: dict[str, set[str]] = {}
        epithets: dict[str, set[str]] = {}    # an epithet's surface -> the organisations it stood for
        seen: list[str] = []
        for s in self.sentences:
            for i, m in enumerate(ms := self.by_sentence.get(s.index, [])):
                if m.kind in ("org", "org?"):
                    descriptors.setdefault(m.name, set()).update(descriptor_before(self.text, m.start, s.start)
                                                                 | descriptor_after(self.text, m.end, s.end))
                elif m.kind == "anaphor" and i + 1 < len(ms) and ms[i + 1].kind in ("org", "org?", "name") \
                        and APPOSED_GAP.fullmatch(self.text[m.end:ms[i + 1].start]):
                    m.name = ms[i + 1].name    # 'le fabricant de peintures Colorane': an apposed description
                    descriptors.setdefault(m.name, set()).update(content_words(m.surface))
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
                if m.kind in ("org", "org?"):
                    seen.append(m.name)
                elif m.kind == "anaphor":
                    words = content_words(m.surface)
                    if not m.name:
                        m.name = pick(words, focus, descriptors, [o.name for o in ms if o.kind in ("org", "org?", "name") and o.start < m.start]
                                      or seen[-3:]) or ""
                        if m.name and m.name != self.main and self.main and self._kind(m.name) in ("government", "ngo", "research_institute") \
                                and self._kind(self.main) == "company" and COMPANY_ANAPHOR.search(m.surface):
                            m.name = self.main    # 'the company' is not the agency or the foundation named last
                        if words and m.name:
                            descriptors.setdefault(m.name, set()).update(words)
                    if words and m.name:
                        epithets.setdefault(m.surface, set()).add(m.name)
            age += 1
            if subject is None and re.match(r"\W*(?:il|elle|ils|elles|it|they|nous|we)\b", s.text, re.I) and focus:
                recent, age = focus, 0
            if subject is not None and subject.kind != "anaphor":
                info = self.g.orgs.get(subject.name)
                if not (info and info.publisher):
                    recent, age = subject.name, 0
            elif subject is not None and subject.name:
                recent, age = subject.name, 0
        for surface, orgs in epithets.items():
            if len(orgs) == 1:   # a descriptive epithet is an alias of the one organisation it stood for
                org = next(iter(orgs))
                if org in self.ents.orgs or org in self.g.orgs or any(m.name == org and m.kind in ("org", "org?") for m in self.ents.mentions):
                    self.ents.surfaces.setdefault(org, set()).add(surface)

    # -- actors ------------------------------------------------------------------------------
    def actors_in(self, s: Sentence) -> list[Mention]:
        """Organisation-like mentions of a sentence: organisations, candidate names, anaphora."""
        return [m for m in self.by_sentence.get(s.index, []) if m.kind in ("org", "org?", "anaphor") and m.name]

    def actor_before(self, s: Sentence, pos: int, allow_after: bool = True) -> str | None:
        """The organisation doing what the cue at `pos` says: the nearest organisation before it
        that is not in a prepositional phrase ('avec X', 'comme X'), else the first after it,
        else the organisation in focus (covers 'elle', 'nous', 'il')."""
        cands = [m for m in self.by_sentence.get(s.index, []) if (m.kind in ("org", "org?", "anaphor") and m.name) or (
            m.kind == "name" and len(m.name) > 1 and re.search(r"\b(?:with|avec)\s+$", self.text[max(s.start, m.start - 6):m.start])
            and WITH_ING.match(self.text, m.end, s.end))]
        before = [m for m in cands if m.end <= pos]
        for m in reversed(before):
            left = self.text[max(s.start, m.start - 40):m.start]
            if PREPOSITION_BEFORE.search(left) and not (re.search(r"\b(?:with|avec)\s+$", left) and WITH_ING.match(self.text, m.end, s.end)):
                continue   # ('with Solvento having trimmed its goal': Solvento is the subject of the -ing clause)
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
