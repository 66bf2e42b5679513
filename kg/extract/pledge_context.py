"""The context of a pledge cue, beyond its own clause: a target year stated elsewhere ('à cette
date', 'by then', 'all by 2025', 'its 2030 target'), a superseded target ('(2035)', 'from a 20%
reduction'), and wordings that make a goal someone else's (a treaty's, a regulator's, the
scientists', an initiative's mission) or no goal at all ('will set a goal', 'no intention to').

kg.extract.pledges calls these; every table names a class of wording, never one article.
"""
from __future__ import annotations

import re

from .article import Article
from .dates import YEAR, DateMention
from .text import Sentence

#: a year stated before and referred to again: 'à cette date', 'by then', 'sur cette période'
CARRY_RE = re.compile(
    r"\b(?:à\s+cette\s+(?:date|échéance|[ée]ch[ée]ance|horizon)|à\s+cet\s+horizon|d['’]ici\s+là|sur\s+(?:cette|la\s+même)\s+p[ée]riode|"
    r"(?:dans|sur)\s+le\s+même\s+(?:délai|laps\s+de\s+temps|horizon)|au\s+même\s+horizon|à\s+la\s+même\s+(?:date|échéance)|"
    r"(?:by|at)\s+(?:then|that\s+(?:time|date|point))|by\s+the\s+same\s+(?:date|time|year|deadline)|"
    r"(?:over|in|within)\s+the\s+same\s+(?:period|time\s*frame|timeframe)|on\s+the\s+same\s+timeline)\b", re.I)

#: one deadline for every target of a list: 'all by 2025', 'le tout d'ici 2030', 'both by 2030'
ALL_BY_RE = re.compile(rf"\b(?:all|both|each|tous|toutes|l['’]ensemble|le\s+tout|chacun\w*)\s+(?:(?:of\s+)?(?:them|these|which|ces\s+objectifs)\s+)?"
                       rf"(?:by|d['’]ici(?:\s+à)?|before|avant|à\s+l['’]horizon(?:\s+de)?|(?:à\s+)?horizon|in|en)\s+(?:FY\s?)?(?P<y>{YEAR})\b", re.I)

#: a year that names a target: 'its 2031 climate target', 'the 2035 goal'
TARGET_NOUN_YEAR_RE = re.compile(
    rf"\b(?:its|their|our|the|a|an|his|her)\s+(?P<y>{YEAR})\s+(?:[\w-]+\s+){{0,3}}?(?:targets?|goals?|objectives?|ambitions?|pledges?|commitments?|deadlines?)\b|"
    rf"\b(?:son|sa|ses|leur|leurs|notre|nos|l['’])\s*(?:objectifs?|cibles?|engagements?)\s+(?:[a-zà-ÿ][\w-]*\s+){{0,2}}?(?P<y2>{YEAR})\b(?!\s*[-–]\s*{YEAR})", re.I)

#: a goal that is someone else's: set by a treaty, an initiative, a regulator, the scientists
OTHERS_GOAL_RE = re.compile(
    r"\b(?:objectifs?|cibles?|targets?|goals?|trajectoires?|trajector(?:y|ies)|pathways?|mission)\s+[^.;]{0,50}?"
    r"\b(?:fix[ée]e?s?|set|d[ée]fini\w*|recommand[ée]\w*|recommended|pr[ée]conis[ée]\w*|required|exig[ée]\w*|specified|laid\s+down|"
    r"pr[ée]vu\w*)\s+(?:par|by)\s", re.I)
HELP_OTHERS_RE = re.compile(
    r"\b(?:mission|vocation|amener|aider|inciter|encourag\w*|pousser|urg(?:e|es|ing)|push(?:es|ing)?|call(?:s|ing)?\s+on|appel\w*|help(?:s|ing)?)\s"
    r"[^.;]{0,60}?\b(?:entreprises|companies|firms|businesses|the\s+world|le\s+monde|pays|countries|governments|gouvernements|"
    r"industries|secteurs?|sectors?|members|membres|signataires|signatories|investors|investisseurs)\b", re.I)
REQUIRE_RE = re.compile(
    r"\b(?:requires?|required|mandates?|imposes?|impose|exige\w*|oblige\w*|contraint\w*)\s+(?:\w+\s+){0,3}?"
    r"(?:ships|vessels|companies|firms|the\s+world|entreprises|[ée]tats|states|countries|operators|op[ée]rateurs|members|businesses|"
    r"(?:the\s+)?industry|l['’]industrie|secteur|sector|navires|compagnies)\b", re.I)
SCIENCE_RE = re.compile(r"\b(?:scientists?|scientifiques|experts?|researchers|chercheurs|IPCC|GIEC|la\s+science|the\s+science)\s+"
                        r"(?:\w+\s+){0,2}(?:say|said|have\s+said|has\s+said|specified|recommend\w*|estimat\w*|disent|estiment|recommandent|affirment)\b", re.I)
GLOBAL_CUT_RE = re.compile(r"\b(?:global|worldwide|planetary)\s+(?:reductions?|cuts?)\b|\b(?:the\s+industry|the\s+sector|the\s+world)['’]s\s+"
                           r"(?:\w+\s+)?(?:carbon\s+intensity|emissions)|\b(?:r[ée]duction|baisse)\s+mondiale", re.I)
OWN_COMMIT_RE = re.compile(r"\b(?:s['’]engage\w*|vise|visons|commits?|committed|aims?|pledge[sd]?|plans?|entend|compte|veut|wants?)\b", re.I)
#: a promise to set a goal later is not a goal: 'will also set targets for', 'va se fixer des objectifs'
PROMISE_TO_SET_RE = re.compile(
    r"\b(?:will|to|va|vont|de|d['’]|à)\s*(?:also\s+|aussi\s+)?(?:set(?:ting)?|establish(?:ing)?|fixer|d[ée]finir|se\s+fixer|adopt(?:er|ing)?|"
    r"develop(?:ing)?|publish(?:ing)?|publier|announc(?:e|ing)|annoncer|unveil(?:ing)?|d[ée]voiler|pr[ée]senter)\s+(?:(?:a|an|its|their|des|un|une|ses|leurs|of|de|d['’])\s*)?(?:[\w-]+\s+){0,3}?"
    r"(?:goals?|targets?|objectifs?|trajectoires?|pathways?)\b", re.I)
#: a relative clause on an initiative or a treaty: what follows is its goal ('…, qui prévoit', '…, which calls for')
INITIATIVE_CLAUSE_RE = re.compile(r"\s*,\s*(?:qui|which|that)\s+[^.;,]{0,80}$", re.I)
NEGATED_RE = re.compile(r"\b(?:no|without|sans|aucune?|pas\s+d['’]|not\s+any)\s+(?:real\s+|r[ée]elle?\s+|v[ée]ritable\s+|clear\s+)?"
                        r"(?:intention|plan|target|goal|objectif|volont[ée]|commitment|engagement)s?\s+(?:to|de|d['’]|à)\s*(?:\w+\s+){0,2}$|"
                        r"\b(?:never|jamais)\s+(?:really\s+|vraiment\s+)?(?:meant|intended|planned|wanted|eu\s+l['’]intention|voulu|pr[ée]vu)\s+(?:to|de|d['’])\s*(?:\w+\s+){0,2}$|"
                        r"\b(?:aucune\s+(?:date|échéance)|no\s+(?:date|deadline|timeline|timetable)|pas\s+(?:encore\s+)?de\s+(?:date|calendrier))\b[^.;]{0,50}$", re.I)

#: a superseded target whose year is stated: 'la cible initialement prévue (2040)',
#: 'its previous target of 2035', 'contre un objectif antérieur de 4 milliards en 2025', 'from 2035 to 2028'
SUPERSEDED_RES = [
    re.compile(rf"\b(?:objectif|cible|target|goal|deadline|échéance|date)\s+[^.;()]{{0,40}}?\b(?:initialement|initially|originally|previously|"
               rf"pr[ée]c[ée]demment|auparavant|first)\s+(?:fix[ée]e?|set|pr[ée]vu\w*|planned|announced|annonc[ée]\w*|retenu\w*)\s*"
               rf"(?:\(\s*|(?:pour|for|de|of|à|in|en)\s+)(?P<y>{YEAR})\b", re.I),
    re.compile(rf"\b(?:previous|former|earlier|initial|original|old|ancien(?:ne)?|pr[ée]c[ée]dente?|initiale?)\s+(?:\w+\s+){{0,2}}?"
               rf"(?:objectif|cible|target|goal|deadline|échéance|date)\s+(?:(?:de|of|for|pour|d['’]ici|by|à)\s+|\(\s*)?(?:l['’]an\s+|the\s+year\s+)?(?P<y>{YEAR})\b", re.I),
    re.compile(rf"\b(?:objectif|cible|target|goal|deadline|échéance|date)\s+(?:fix[ée]e?|set|pr[ée]vue?|planned|annonc[ée]e?|retenue?)\s+"
               rf"(?:au\s+d[ée]part|à\s+l['’]origine|initialement|originally|initially|at\s+first|earlier)\s*\(\s*(?P<y>{YEAR})\b", re.I),
    re.compile(rf"\b(?:contre|versus|vs\.?|instead\s+of|au\s+lieu\s+d['’e]|replacing|rempla[çc]ant|up\s+from)\s+(?:un|une|a|an|the|its|l['’]|son|sa|leur)?\s*"
               rf"(?:ancien\w*\s+|previous\s+|former\s+|initial\w*\s+|earlier\s+)?(?:objectif|cible|target|goal)\b[^.;]{{0,50}}?"
               rf"\b(?:pour|for|by|d['’]ici|en|in|à\s+l['’]horizon)\s+(?P<y>{YEAR})\b", re.I),
    re.compile(rf"\b(?:avanc\w*|ramen\w*|brought\s+forward|bring(?:s|ing)?\s+forward|moved?|accelerat\w*|anticip\w*|repouss\w*|report[ée]\w*|"
               rf"pushed\s+back|postpon\w*|delay\w*|d[ée]cal\w*)\s[^.;]{{0,60}}?\b(?:from|de)\s+(?P<y>{YEAR})\s+(?:to|à)\s+(?:{YEAR})\b", re.I),
]
ADVANCED_BY_RE = re.compile(r"\b(?:de|by)\s+(?P<n>\d{1,2}|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|one|two|three|four|five|six|seven|"
                            r"eight|nine|ten)\s+(?:ans|années|years)\b", re.I)
_WORDS = {"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
          "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

EMISSION_WORD_RE = re.compile(r"[ée]missions?|\bscopes?\s*[123]\b|\bGES\b|\bGHG\b|gaz\s+à\s+effet|greenhouse|\bCO2|CO₂|empreinte\s+carbone|carbon\s+footprint|"
                              r"bilan\s+carbone|d[ée]carbon\w*|decarboni\w*", re.I)
#: reductions whose object is a pronoun or is left implicit: 'les abaisser de 22 %', 'cut them by
#: 20%', 'notre cible de baisse de 38 %', 'sa cible d'atteindre 30 %'
PRONOUN_CUT_RE = re.compile(r"\b(?:les|la)\s+(?:r[ée]duire|diminuer|baisser|diviser|abaisser)\b|"
                            r"\b(?:reduc(?:e|ing)|cut(?:ting)?|halv(?:e|ing)|lower(?:ing)?|curb(?:ing)?)\s+(?:them|it)\b", re.I)
IMPLICIT_CUT_RE = re.compile(r"\b(?:objectifs?|cibles?|targets?|goals?|ambition)\s+(?:de\s+|d['’]|of\s+(?:a\s+)?|for\s+(?:a\s+)?)?"
                             r"(?:r[ée]duction|baisse|diminution|reduction|cut)\s+(?:de\s+|of\s+|by\s+)?(?=\d+(?:[.,]\d+)?\s?(?:%|per\s?cent))|"
                             r"\b(?:objectifs?|cibles?|targets?|goals?|ambition)\s+(?:d['’]atteindre|de\s+parvenir\s+à|of\s+reaching|to\s+reach)\s+"
                             r"(?:les\s+|the\s+)?(?=\d+(?:[.,]\d+)?\s?(?:%|per\s?cent))|"
                             r"\b(?:(?:goals?|targets?|objectives?)\s+of\s+an?|our|its|their|the)\s+"
                             r"(?=\d+(?:[.,]\d+)?\s?(?:%|per\s?cent)\s+(?:reduction|cut)\s+(?:goals?|targets?|objectives?|ambition)\b|"
                             r"\d+(?:[.,]\d+)?\s?(?:%|per\s?cent)\s+(?:reduction|cut)\b)", re.I)
#: a sentence that restates the previous target: 'The target now stands at 28%', 'Cet objectif…'
ANAPHORIC_TARGET_RE = re.compile(r"^\W*(?:the|this|that|la|cette|cet|l['’])\s*(?:reduction|cut|target|goal|objective|r[ée]duction|baisse|"
                                 r"objectif|cible)\b", re.I)


def target_noun_years(a: Article, s: Sentence) -> set[int]:
    """Start offsets of years that name a target ('its 2030 target'): they count as target years."""
    return {(m.start("y") if m.group("y") else m.start("y2")) + s.start for m in TARGET_NOUN_YEAR_RE.finditer(s.text)}


def carried_years(a: Article, s: Sentence, last: DateMention | None) -> list[DateMention]:
    """'à cette date', 'by then', 'sur cette période' in `s`, each standing for the last target
    year stated before it (earlier in the sentence, else `last`, the previous sentences')."""
    out = []
    for m in CARRY_RE.finditer(s.text):
        pos = m.start() + s.start
        before = [d for d, prep in a.target_years(s) if prep and d.end <= pos and d.year]
        ref = before[-1] if before else last
        if ref is not None and ref.year:
            out.append(DateMention(pos, m.end() + s.start, ref.year, "carried", m.group(0)))
    return out


def all_by(s: Sentence) -> tuple[int, int] | None:
    """(offset, year) of a deadline that applies to every target of a list ('…, all by 2025')."""
    m = ALL_BY_RE.search(s.text)
    return (m.start() + s.start, int(m.group("y"))) if m else None


def someone_elses(a: Article, s: Sentence, cs: int, has_pct: bool) -> bool:
    """Whether the cue at `cs` is someone else's goal or no goal: a treaty's or initiative's goal
    ('le cap défini par l'Accord de Paris'), a regulator's requirement, what scientists say, a
    global or sector-wide cut, an initiative's mission to get companies to act, a promise to set
    a goal later (unless the cue carries its own percentage), or a negated intention."""
    left = a.text[s.start:cs]
    for m in OTHERS_GOAL_RE.finditer(a.text, s.start, s.end):
        if m.start() <= cs <= m.end() + 120 and not OWN_COMMIT_RE.search(a.text, m.end(), max(m.end(), cs)) and \
                not re.search(r"\b(?:s['’](?:est|était)|itself|lui-même|elle-même)\b", m.group(0), re.I):
            return True
    for m in a.by_sentence.get(s.index, []):
        if m.kind == "initiative" and m.end <= cs and INITIATIVE_CLAUSE_RE.match(a.text, m.end, cs):
            return True   # 'l'Accord de Paris, qui prévoit la neutralité carbone pour 2050': the initiative's own goal
    if HELP_OTHERS_RE.search(left) or REQUIRE_RE.search(left):
        return True
    if SCIENCE_RE.search(s.text) or GLOBAL_CUT_RE.search(a.text[max(s.start, cs - 30):min(s.end, cs + 40)]):
        return True
    if not has_pct:
        for m in PROMISE_TO_SET_RE.finditer(a.text, s.start, cs):
            if cs - m.end() < 100:
                return True
    return bool(NEGATED_RE.search(a.text[max(s.start, cs - 60):cs]))


def superseded_years(a: Article, s: Sentence) -> list[tuple[int, int, int | None]]:
    """(offset, year, years advanced) of each superseded target of `s` whose year is stated."""
    out = []
    for pattern in SUPERSEDED_RES:
        for m in pattern.finditer(s.text):
            n = None
            adv = [x for x in ADVANCED_BY_RE.finditer(s.text, max(0, m.start() - 40), m.start() + 5)]
            if adv:
                w = adv[-1].group("n").lower()
                n = int(w) if w.isdigit() else _WORDS.get(w)
            out.append((m.start() + s.start, int(m.group("y")), n))
    return out


def emission_context(a: Article, s: Sentence, before: int = 2) -> bool:
    """Whether `s` or one of the `before` sentences before it (or the article's title) speaks of emissions."""
    idx = [i for i in range(max(0, s.index - before), s.index + 1)]
    return any(EMISSION_WORD_RE.search(a.sentences[i].text) for i in idx if i < len(a.sentences))


#: a reduction target named by its noun and followed by its percentages: 'its climate target from a 45% cut
#: to 30%', 'sa cible de baisse des émissions de 32 % à 45 %', 'son objectif climatique … de 45 % à 30 %'
NAMED_CUT_TARGET_RE = re.compile(
    r"\b(?:(?:emissions?|climate|carbon|GHG|CO2)\s+(?:reduction\s+)?(?:targets?|goals?)|(?:objectifs?|cibles?)\s+(?:climatiques?|carbone|"
    r"de\s+(?:baisse|r[ée]duction)\s+des\s+[ée]missions))\b(?=[^.;]{0,60}?\d+(?:[.,]\d+)?\s?(?:%|per\s?cent))", re.I)


def extra_cues(a: Article, s: Sentence, text: str) -> list[tuple[str, int, int]]:
    """Reduction cues whose object is a pronoun or left implicit, when the context speaks of
    emissions: 'les abaisser de 22 %', 'notre cible de baisse de 38 % d'ici 2030'."""
    out = []
    for m in PRONOUN_CUT_RE.finditer(text):
        if EMISSION_WORD_RE.search(text[:m.start()]):
            out.append(("emission_reduction", m.start() + s.start, m.end() + s.start))
    for m in NAMED_CUT_TARGET_RE.finditer(text):
        out.append(("emission_reduction", m.start() + s.start, m.end() + s.start))
    for m in IMPLICIT_CUT_RE.finditer(text):
        if emission_context(a, s) and not re.match(r"[^.;]{0,40}?(?:exposition|exposure|consommation|consumption|"
                                                   r"energy|[ée]nergie|d[ée]chets|waste|eau|water)", text[m.end():]):
            out.append(("emission_reduction", m.start() + s.start, m.end() + s.start))
    return out
