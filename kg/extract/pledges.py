"""Pledges: a type cue with a target year or a commitment word, paired with the year of its clause."""
from __future__ import annotations

import re

from .article import Article, blank_initiatives
from .cues import PLEDGE_RE, SHARE_RE
from .dates import DateMention
from .numbers import find_percents
from .pledge_context import (ANAPHORIC_TARGET_RE, all_by, carried_years, extra_cues, someone_elses, superseded_years,
                             target_noun_years)
from .text import Sentence

COMMIT_RE = re.compile(
    r"s['’]engag\w*|\bengag[ée]e?s?\b|engagements?|\bvis(?:e|ent|ait|aient|er|ant)\b|objectifs?|ambition\w*|ambitionn\w*|"
    r"pr[ée]voi[tr]\w*|\bcompte\b|comptent|entend\w*|souhait\w*|\bveu[tl]\w*|d[ée]cid[ée]\w*|d[ée]termin[ée]\w*|promesses?|"
    r"\bplan\b|planifi\w*|cibl\w*|s['’]est\s+fix[ée]|fix[ée]|atteindre|devenir|deviendr\w+|d['’]ici|horizon|date\s+butoir|"
    r"\bcommit\w*|pledg\w*|\baim\w*|target\w*|goals?\b|\bplans?\b|planned|intends?|\bwill\b|seeks?|strives?|vow\w*|promis\w*|"
    r"\bset\s+(?:a|an|itself|out)|to\s+(?:reach|achieve|become|be)\b|ambitious|\bwants?\b", re.I)
STRONG_COMMIT_RE = re.compile(r"s['’]engag\w*|\bengag[ée]e?s?\s+à|\bcommit\w*|pledg\w*|\bvow\w*|promis\w*|s['’]est\s+fix[ée]", re.I)
ACHIEVED_BEFORE_RE = re.compile(
    r"(?:\b(?:est|sont|était|étaient|is|are|was|were|has\s+been|have\s+been|a\s+été|est\s+devenue?|sont\s+devenue?s|became|has\s+become|"
    r"demeure|reste|remains)\s+(?:d[ée]j[àa]\s+|already\s+|officiellement\s+|officially\s+|d[ée]sormais\s+|now\s+|enti[èe]rement\s+|fully\s+)?"
    r"|\b(?:a\s+atteint|ont\s+atteint|achieved|reached|has\s+achieved|obtenu)\s+(?:la\s+|sa\s+|leur\s+|its\s+|their\s+)?"
    r"|\b(?:now|already|d[ée]j[àa]|d[ée]sormais)\s+(?:sources?|uses?|runs?\s+on|buys?|is\s+powered\s+by|utilise|consomme|"
    r"s['’]approvisionne\s+en|fonctionne\s+(?:à|avec))\s+(?:\d+\s?(?:%|percent|per\s+cent)\s+)?(?:\w+\s+){0,2})$", re.I)
OTHER_ACTORS_RE = re.compile(r"\b(?:suppliers|fournisseurs|companies|entreprises|firms|members|membres|signatories|signataires|customers|"
                             r"clients|countries|pays|governments|gouvernements)\s+(?:\w+\s+){0,2}(?:have\s+|ont\s+|to\s+|à\s+)?"
                             r"(?:committed|commit|engag\w*|pledged|promised|s['’]engage\w*)\b[^.;]{0,30}$", re.I)
DEFINITION_RE = re.compile(r"\bd[ée]fini\w*|\bdefin(?:es|ed|ition)|\bsignifie\b|(?<!through\s)(?<!\bby\s)(?<!other\s)\bmeans\b(?!\s+(?:such|of)\b)|"
                           r"\bc['’]est-à-dire\b", re.I)
HYPOTHETICAL_RE = re.compile(r"^\s*(?:si|if)\b", re.I)


def _nearest_year(cands: list[tuple[DateMention, bool]], pos: int, end: int | None = None,
                  limit: int | None = None) -> DateMention | None:
    """The best target year for a cue spanning pos..end: near, introduced by a preposition,
    after the cue rather than before, absolute rather than relative."""
    best, best_score = None, None
    end = pos if end is None else end
    for d, prep in cands:
        if limit is not None and d.start > limit:
            continue
        dist = d.start - end if d.start >= end else pos - d.end
        score = dist + (0 if prep else 60) + (25 if d.end <= pos else 0) + (15 if d.kind == "relative" else 0) - (40 if prep == 2 else 0)
        if best_score is None or score < best_score:
            best, best_score = d, score
    return best


#: the perimeter of a target in words, when no scope number is given
PERIMETER_SCOPES = [
    ("1+2+3", re.compile(r"ensemble\s+des\s+p[ée]rim[èe]tres|all\s+(?:three\s+)?scopes|(?:entire|whole|full|across\s+(?:its|the|their))\s+value\s+chain|"
                         r"(?:toute|l['’]ensemble\s+de)\s+(?:sa|la|leur|notre)\s+cha[îi]ne\s+de\s+valeur", re.I)),
    ("3", re.compile(r"[ée]missions?\s+indirectes?|indirect\s+emissions|(?:operations|activities|activit[ée]s)\s+(?:of|de)\s+(?:its|their|ses|leurs)\s+"
                     r"(?:customers|clients)|(?:customers|clients)['’]?\s+(?:operations|emissions)", re.I)),
    ("1+2", re.compile(r"[ée]missions?\s+directes?|direct\s+emissions|emissions\s+directly|(?:its|their|our)\s+own\s+operations|"
                       r"(?:ses|leurs|nos)\s+(?:propres\s+)?(?:op[ée]rations|sites\s+de\s+production)|(?:global\s+)?operations\b(?!\s+of)", re.I)),
]


def _scope(text: str) -> str | None:
    """'scope 1 and 2' '1+2', 'scopes 1, 2 et 3' '1+2+3', 'scope 3' '3'; else the perimeter in
    words: 'own operations' / 'émissions directes' '1+2', 'its customers' operations' /
    'émissions indirectes' '3', 'entire value chain' / 'ensemble des périmètres' '1+2+3'."""
    numbered = _scope_numbers(text)
    if numbered:
        return numbered
    found = [(m.start(), scope) for scope, pattern in PERIMETER_SCOPES for m in [pattern.search(text)] if m]
    return min(found)[1] if found else None


def _scope_numbers(text: str) -> str | None:
    m = re.search(r"\bscopes?\s*((?:[123](?:\s*(?:,|and|et|&|\+|-|/|à|to)\s*(?:(?:the\s+|le\s+|du\s+)?scopes?\s*)?)?)+)", text, re.I)
    if not m:
        return None
    nums = sorted(set(re.findall(r"[123]", m.group(1))))
    if re.search(r"[123]\s*(?:-|à|to)\s*3", m.group(1)) and "1" in nums:
        nums = ["1", "2", "3"]
    return "+".join(nums) if nums else None


def _start_value(text: str, p: tuple, s: Sentence) -> bool:
    """'from 70% in 2020 to 100%', 'de 35 % en 2020 à 100 %': the first percentage is a start value;
    but 'revised its goal from a 35% cut to 22%', 'porte de 32 % à 45 % sa cible'
    state a superseded target, which is a pledge too."""
    left = text[max(s.start, p[0] - 8):p[0]]
    start = bool(re.search(r"\bfrom\s+(?:an?\s+)?$", left, re.I)) or bool(
        re.search(r"\b(?:de|d['’])\s*$", left) and re.match(r"\s*(?:en\s+\d{4}\s+)?(?:à|a)\s+\d", text[p[1]:p[1] + 20]))
    if start and (re.match(r"\s*(?:reduction|cut|decrease|target|goal|r[ée]duction|baisse)\b", text[p[1]:p[1] + 20], re.I)
                  or re.search(r"\b(?:targets?|goals?|objectifs?|ambitions?|cibles?)\b[^.;%]{0,45}$", text[max(s.start, p[0] - 60):p[0]], re.I)):
        return False
    return start


DEADLINE_RE = re.compile(r"\b(?:d['’]ici(?:\s+à)?|by|à\s+l['’]horizon(?:\s+de)?|(?:à\s+)?horizon|no\s+later\s+than|au\s+plus\s+tard\s+en)\s+(?:(?:la\s+fin\s+de\s+|the\s+end\s+of\s+)?(?:l['’]ann[ée]e\s+|l['’]exercice\s+)?)(?:FY\s?)?(\d{4})\b", re.I)


def _future_deadline(a: Article, clause: str) -> bool:
    """'une baisse de 30 % d'ici 2030', 'a 40% cut by 2035': a deadline after the article's date
    (any deadline when the article has no date) makes a change noun a target."""
    m = DEADLINE_RE.search(clause) or re.search(r"\b(?:entre|between)\s+\d{4}\s+(?:et|and)\s+(\d{4})\b", clause, re.I)
    if not m:
        return False
    ref = a.ref.year if a.ref else None
    return ref is None or int(m.group(1)) > ref


LATER_STAGE_RE = re.compile(r"[^.;%]{0,8}\b(?:puis|then|and\s+then|and|et|ensuite|before|avant)\b[^.;%]{0,45}?(?:\d+\s?%[^.;]{0,30}?)?"
                            r"(?:d['’]ici(?:\s+à)?|by|en|in|à\s+l['’]horizon|horizon)\s+(?:(?:la\s+fin\s+de\s+|the\s+end\s+of\s+)?(?:l['’]ann[ée]e\s+)?)(?:FY\s?)?$", re.I)


#: things a company commits to use a share of (typed `other`)
GREEN_SHARE_RE = re.compile(
    r"sustainable\s+(?:aviation\s+)?fuels?|\bSAF\b|carburants?\s+(?:d['’]aviation\s+)?durables?|bio-?carburants?|bio-?fuels?|"
    r"bio-?k[ée]ros[èe]ne|e-?fuels?|mat[ée]ri(?:aux|au|als?)\s+(?:\w+\s+)?(?:durables?|recycl[ée]e?s?|biosourc[ée]s?|renouvelables?|sustainable|recycled|bio-?based)|"
    r"(?:sustainable|recycled|renewable|bio-?based)\s+(?:or\s+\w+\s+)?(?:materials?|content|plastics?|packaging)|"
    r"(?:contenu|plastiques?|emballages?)\s+(?:\w+\s+)?(?:recycl[ée]s?|biosourc[ée]s?|r[ée]utilisables?)|reusable\s+packaging|"
    r"(?:electric|zero-emission|z[ée]ro[\s-][ée]mission|low-emission|EV)\s+(?:vehicles?\s+|delivery\s+|company\s+|van\s+)?(?:vehicles|cars|fleet|trucks|vans|buses)|v[ée]hicules\s+(?:[ée]lectriques|z[ée]ro)|"
    r"flotte\s+(?:\w+\s+){0,2}?[«“\"]?\s*(?:[ée]lectrique|propre|verte|[ée]co-?responsable|bas[\s-]carbone|d[ée]carbon[ée]e)|"
    r"hydrog[èe]ne\s+vert|green\s+hydrogen|[ée]co-?con(?:ception|çus?|çues?)|eco-?design(?:ed)?", re.I)


#: a reduction written as a noun, whose percentage may stand right before it ('a 35% cut', 'a 20 per cent reduction')
NOUN_CUT_RE = re.compile(r"(?:cut|reduction|decrease|drop)\b", re.I)
QUOTED_TITLE_RE = re.compile(r"[«“\"]\s*(?!(?:Nous|Notre|Nos|We|Our|Il|Elle|It|Je|I|On|Le|La|Les|The|Un|Une|A|An)\b)(?:[A-ZÀ-Þ][\w'’-]*\s+){1,3}$")


def _years(a: Article, s: Sentence, last: DateMention | None) -> list[tuple[DateMention, bool]]:
    """The target years of a sentence: those of Article.target_years, a year naming a target
    ('its 2030 target') counted as introduced, a sentence-opening future year ('En 2050, le
    groupe…') kept, a past year without a preposition ('ses résultats annuels 2019') dropped, and
    the years carried over by 'à cette date', 'by then', 'sur cette période'."""
    named = target_noun_years(a, s)
    ref = a.ref.year if a.ref else None
    out = []
    for d, prep in a.target_years(s):
        prep = prep or d.start in named
        if not prep and d.year is not None and ref is not None and d.year <= ref and d.kind == "year":
            continue
        out.append((d, prep))
    have = {d.start for d, _ in out}
    for d in a.dates_in(s):
        if d.kind == "year" and d.start not in have and d.start - s.start < 20 and re.match(r"\s*,", a.text[d.end:d.end + 2]) \
                and re.search(r"\b(?:en|in|by|d['’]ici)\s+$", a.text[max(s.start, d.start - 12):d.start], re.I) \
                and d.year > (ref if ref is not None else 2029):
            out.append((d, True))   # 'Ensuite, en 2045, l'entreprise atteindra…': a future year, not a narrative one
    out += [(d, True) for d in carried_years(a, s, last)]
    starts = {m.start("y1") + s.start for m in FROM_TO_YEARS_RE.finditer(s.text)}
    out = [(d, prep) for d, prep in out if d.start not in starts]
    weak = {d.start for d, _ in out if d.start not in named and re.search(r",\s*(?:in|en)\s+$", a.text[max(s.start, d.start - 6):d.start])}
    if any(prep and d.start not in weak for d, prep in out):
        out = [(d, prep) for d, prep in out if d.start not in weak]   # '…, against 2018 levels, in 2022': when it was said
    out = [(d, 2 if d.start in named else prep) for d, prep in out]
    return sorted(out, key=lambda y: y[0].start)


#: 'de 8,1 kg par unité en 2016 à 5,2 kg en 2026', 'from 70% in 2020 to 100% in 2030': the first year is the start
FROM_TO_YEARS_RE = re.compile(r"\b(?:de|d['’]|from)\s*\d[^.;]{0,40}?\b(?:en|in)\s+(?P<y1>\d{4})\s*,?\s+(?:à|a|to)\s+\d[^.;]{0,40}?\b"
                              r"(?:en|in|by|d['’]ici)\s+\d{4}\b", re.I)


def _last_year(years: list[tuple[DateMention, bool]], last: DateMention | None) -> DateMention | None:
    introduced = [d for d, prep in years if prep and d.year]
    return introduced[-1] if introduced else last


NEW_CLAUSE_RE = re.compile(r"\b(?:said|says|added|told|stated|a\s+(?:d[ée]clar[ée]|indiqu[ée]|pr[ée]cis[ée]|ajout[ée]|expliqu[ée])|"
                           r"selon|according|goals?|targets?|objectifs?|cibles?)\b", re.I)


def _own_years(a: Article, years, cs: int, prev_cue: tuple | None, next_cue: int) -> list[tuple[DateMention, bool]]:
    """The years a cue may take: those before its next cue, less a year that closes the
    previous cue's clause when a new clause starts before this cue ('X, which is committed to
    100 % by 2050, said … its goal to reduce … by 65 %': 2050 is not the 65 %'s year)."""
    out = []
    for d, prep in years:
        if d.start >= next_cue:
            continue
        if prev_cue is not None and prev_cue[2] <= d.start and d.end <= cs and NEW_CLAUSE_RE.search(a.text, d.end, cs):
            continue
        out.append((d, prep))
    return out


def extract_pledges(a: Article) -> list[dict]:
    """Pledges: a type cue (table PLEDGE_TYPES, plus reductions of a pronoun or an implicit
    object) with a target year or a commitment word, paired with the nearest target year of its
    clause (or one carried over, or one for a whole list); achieved statuses, definitions,
    hypotheticals, other actors' commitments and goals ('70 suppliers have committed', 'fixé par
    l'Accord de Paris', 'scientists say'), promises to set a goal and negated intentions are left
    out; superseded targets whose year is stated are kept."""
    out: list[dict] = []
    last: DateMention | None = None
    prev_dated: dict | None = None
    last_before: dict[int, DateMention | None] = {}
    for s in a.sentences:
        last_before[s.index] = last
        text = blank_initiatives(a, s)
        years = _years(a, s, last)
        last_here = _last_year(years, last)
        cues = [(m.lastgroup.rstrip("_"), m.start() + s.start, m.end() + s.start) for m in PLEDGE_RE.finditer(text)]
        cues += [c for c in extra_cues(a, s, text) if not any(x[1] <= c[1] < x[2] or c[1] <= x[1] < c[2] for x in cues)]
        if prev_dated and not cues and ANAPHORIC_TARGET_RE.match(text) and prev_dated["_sentence"] == s.index - 1:
            cues = [(prev_dated["type"], s.start, s.start + ANAPHORIC_TARGET_RE.match(text).end())]
        cues.sort(key=lambda c: c[1])
        if not cues or DEFINITION_RE.search(text) or HYPOTHETICAL_RE.search(text):
            _add_superseded(a, out, s)
            last = last_here
            continue
        percents = [(ps + s.start, pe + s.start, v) for ps, pe, v in find_percents(text)]
        shares = {m.start("pct") + s.start for m in SHARE_RE.finditer(text)}
        commit = bool(COMMIT_RE.search(text)) or s.heading
        baseline = next((d.year for d in a.dates_in(s) if d.kind == "baseline"), None)
        list_year = all_by(s)
        first_new = len(out)
        for i, (ptype, cs, ce) in enumerate(cues):
            next_cue = cues[i + 1][1] if i + 1 < len(cues) else s.end
            prev_end = cues[i - 1][2] if i > 0 else s.start
            before = a.text[max(s.start, cs - 40):cs]
            deadline_after = re.match(r"[^.;]{0,25}?\b(?:by|d['’]ici|à\s+l['’]horizon|horizon)\s+(?:FY\s?)?\d{4}", a.text[ce:ce + 45], re.I)
            if ACHIEVED_BEFORE_RE.search(before) and not deadline_after and \
                    not re.search(r"(?:devenir|become|atteindre|reach|achieve|be)\s+\S*\s*$", before, re.I):
                continue
            if OTHER_ACTORS_RE.search(a.text[max(s.start, cs - 70):cs]):
                continue
            if QUOTED_TITLE_RE.search(a.text, max(s.start, cs - 40), cs) and re.match(r"[^«»“”\"]{0,40}[»”\"]", a.text[ce:ce + 42]):
                continue   # '« Philosophie zéro carbone »': the name of a programme, not a commitment
            if re.match(r"baisse|r[ée]duction|reduction|cut\b", a.text[cs:ce], re.I) and not COMMIT_RE.search(a.text[max(s.start, cs - 60):cs]) \
                    and not _future_deadline(a, a.text[cs:next_cue]) and not re.match(r"(?:emissions?|GHG|carbon|CO2)\s", a.text[cs:ce], re.I):
                continue   # a noun ('une baisse de 8 %') states a change unless a commitment or a future deadline frames it
            seg_pcts = [p for p in percents if (cs <= p[0] < next_cue or (p[1] <= cs and not a.text[p[1]:cs].strip() and NOUN_CUT_RE.match(a.text, cs, ce)))
                        and p[0] not in shares]   # 'a 35% cut in emissions': the percentage right before the noun
            if someone_elses(a, s, cs, bool(seg_pcts)):
                continue
            since = [d for d in a.dates_in(s) if d.kind == "since" and abs(d.start - ce) < 40]
            clause_years = _own_years(a, years, cs, cues[i - 1] if i else None, next_cue)
            if list_year and not [y for y in clause_years if y[0].start >= cs] and list_year[0] >= cs:
                clause_years = clause_years + [(DateMention(list_year[0], list_year[0], list_year[1], "list", ""), True)]
            if since and not any(p for _, p in clause_years):
                continue
            pcts = [p for p in seg_pcts if not _start_value(a.text, p, s)]
            scope = _scope(a.text[max(s.start, cs - 60):next_cue])
            if ptype == "emission_reduction" and pcts:
                for j, (ps, pe, value) in enumerate(pcts):
                    limit = pcts[j + 1][0] if j + 1 < len(pcts) else next_cue
                    inside = [y for y in clause_years if ps <= y[0].start < limit and y[1]]
                    year = inside[0][0] if inside else _nearest_year(clause_years, ps, pe)
                    own_scope = _scope(a.text[pcts[j - 1][1]:pe]) if j else None
                    _add_pledge(a, out, s, cs, ptype, year, baseline, abs(value) if value is not None else None,
                                own_scope or scope)
                continue
            year = _nearest_year([y for y in clause_years if y[0].end > prev_end] or clause_years, cs, ce)
            between = a.text[ce:next_cue]
            if year is None and i + 1 < len(cues) and len(between) <= 60 and re.search(r"\b(?:and|et|as\s+well\s+as|ainsi\s+que|along\s+with)\b", between) \
                    and not re.search(r"[.;]", between) and not COMMIT_RE.search(between) and not NEW_CLAUSE_RE.search(between):
                shared = [d for d, prep in years if prep and next_cue <= d.start and not re.search(r"[.;]", a.text[ce:d.start])
                          and not COMMIT_RE.search(a.text, ce, d.start) and not NEW_CLAUSE_RE.search(a.text, ce, d.start)]
                year = shared[0] if shared else None   # 'eliminating X and lowering Y … by then': one deadline for both
            if ptype == "renewable_energy":
                near = sorted([p for p in percents if abs(p[0] - cs) < 60 and p[0] not in shares],
                              key=lambda p: cs - p[1] if p[1] <= cs else p[0] - ce)   # the closest: '100% green power'
                if not year:
                    continue
                if not near and not re.search(r"enti[èe]rement|totalement|exclusivement|fully|entirely|exclusively|100\s?%|RE100|"
                                              r"24/7|24\s+hours|24h/24|as\s+much|autant|every\s+one|all\s+of|tou(?:s|tes)\s+(?:ses|les)|"
                                              r"all\s+(?:its|their|the|our)\s+(?:\w+\s+){0,2}(?:power|electricity|energy)|"
                                              r"(?:toute|l['’]int[ée]gralit[ée]\s+de)\s+(?:son|sa|leur|notre|l['’])\s*(?:\w+\s+){0,2}?(?:[ée]lectricit[ée]|[ée]nergie)", text, re.I):
                    continue
                pcts = near
            elif ptype in ("emission_reduction", "waste_recycling", "carbon_removal"):
                if not year and not STRONG_COMMIT_RE.search(text):
                    continue
            elif ptype == "other" and not year and not re.search(r"\d", a.text[cs:ce]):
                continue   # a coal exit, deforestation or investment goal needs a year or a quantity
            if not (commit or year):
                continue
            if ptype == "other":   # its own quantity: inside the cue or after 'by', 'de', 'of', 'à'
                pcts = [p for p in pcts if p[0] < ce or (p[0] - ce < 40 and re.search(r"\b(?:by|de|d['’]|of|à|to)\s*$", a.text[ce:p[0]], re.I))]
            pct = pcts[0][2] if pcts and ptype in ("renewable_energy", "emission_reduction", "other") else None
            if ptype == "emission_reduction" and pct is None and (re.match(r"halv|diviser\s+par\s+deux|r[ée]duire\s+de\s+moiti[ée]",
                                                                           a.text[cs:ce], re.I) or re.match(r"\w*\s+(?:de\s+)?moiti[ée]\b|\w*\s+(?:by\s+)?half\b", a.text[cs:next_cue], re.I)):
                pct = 50.0
            if ptype not in ("emission_reduction", "other"):
                baseline_here = None
            else:
                baseline_here = baseline
            if ptype == "renewable_energy":
                scope = None
            _add_pledge(a, out, s, cs, ptype, year, baseline_here, abs(pct) if pct is not None else None, scope)
            # 'd'ici 2040, puis dans le monde entier en 2050', 'by 2025, and to all of it by 2030': a later stage
            if year is not None and year.end > ce:
                last_stage = year
                for d, prep in clause_years:
                    if not prep or d.start <= last_stage.end or d.year is None or last_stage.year is None or d.year <= last_stage.year:
                        continue
                    if not LATER_STAGE_RE.match(a.text, last_stage.end, d.start):
                        break
                    later_pct = [p for p in percents if last_stage.end <= p[0] < d.start and p[0] not in shares]
                    _add_pledge(a, out, s, cs, ptype, d, baseline_here,
                                later_pct[0][2] if later_pct and ptype in ("renewable_energy", "emission_reduction") else None, scope)
                    last_stage = d
        new = out[first_new:]
        # 'Deuxième engagement, celui de diminuer de 20 % …' after a dated target: the year carries over
        if prev_dated is not None and prev_dated["_sentence"] >= s.index - 1:
            for p in new:
                if p["target_year"] is None and p["type"] == prev_dated["type"] and p["org"] == prev_dated["org"]:
                    p["target_year"] = prev_dated["target_year"]
                    if prev_dated["percentage"] is None and p["percentage"] is not None:
                        prev_dated["percentage"], p["_drop"] = p["percentage"], True   # 'Cette baisse, de 28 %': the same target
        _add_superseded(a, out, s)
        dated = [p for p in out[first_new:] if p["target_year"] is not None and not p.get("_drop")]
        if dated:
            prev_dated = dated[-1]
        last = last_here
    out = [p for p in out if not p.get("_drop")]
    # "other" commitments with a year (SBTi: suppliers' targets, engagement targets)
    for s in a.sentences:
        text = blank_initiatives(a, s)
        if PLEDGE_RE.search(text) or not STRONG_COMMIT_RE.search(text):
            continue
        if not re.search(r"science[- ]based|climat|climate|carbon|carbone|GHG|GES|emission|émission|suppliers|fournisseurs", text, re.I):
            continue
        years = [y for y in a.target_years(s) if y[1]]
        m = STRONG_COMMIT_RE.search(text)
        for d, _ in years[:2]:
            _add_pledge(a, out, s, m.start() + s.start, "other", d, None, None, _scope(s.text))
    # "other" targets with a share and a deadline: sustainable fuel, sustainable or recycled materials, electric fleet
    used = {(p["_sentence"], p["percentage"]) for p in out}
    for s in a.sentences:
        if s.heading or HYPOTHETICAL_RE.search(s.text):
            continue
        text = blank_initiatives(a, s)
        prev = a.sentences[s.index - 1].text if s.index > 0 and a.sentences[s.index - 1].index == s.index - 1 else ""
        greens = list(GREEN_SHARE_RE.finditer(text))
        if not (greens or (GREEN_SHARE_RE.search(prev) and STRONG_COMMIT_RE.search(text))):
            continue
        if not COMMIT_RE.search(text):
            continue
        years = [y for y in _years(a, s, last_before.get(s.index)) if y[1] and (a.ref is None or y[0].year is None or y[0].year > a.ref.year)]
        percents = [(ps + s.start, pe + s.start, v) for ps, pe, v in find_percents(text)]
        for j, (ps, pe, value) in enumerate(percents):
            if value is None or (s.index, abs(value)) in used:
                continue
            if greens and min(abs(ps - g.start() - s.start) for g in greens) > min(
                    [abs(ps - c.start() - s.start) for c in PLEDGE_RE.finditer(text)] or [10 ** 6]):
                continue   # the percentage of another target of the sentence
            nxt = percents[j + 1][0] if j + 1 < len(percents) else s.end
            after = [d for d, _ in years if pe <= d.start < nxt and d.start - pe <= 120]
            prv = percents[j - 1][1] if j else s.start
            before = [d for d, _ in years if prv <= d.start and d.end <= ps]   # 'By that date, … a 100% electric fleet'
            year = after[0] if after else before[-1] if before else _restated_year(a, s, value)
            if year is None:
                continue
            _add_pledge(a, out, s, ps, "other", year, None, abs(value), None)
    return _merge_pledges(a, out)


def _add_superseded(a: Article, out: list[dict], s: Sentence) -> None:
    """A superseded target whose year is stated ('la cible initialement
    prévue (2040)', 'its previous 2035 target'): a pledge of the type of the target that replaced it,
    found by the years it was advanced by ('de 7 ans' from 2035: the 2028 one), else the latest
    pledge of this or the previous sentence."""
    for pos, year_old, n in superseded_years(a, s):
        donor = None
        if n is not None:
            donor = next((q for q in out if q["target_year"] == year_old - n and q["org"]), None)
        if donor is None:
            donor = next((q for q in reversed(out) if q["_sentence"] in (s.index, s.index - 1) and q["target_year"] != year_old), None)
        if donor is not None:
            _add_pledge(a, out, s, pos, donor["type"], _Year(year_old), None, None, None, org=donor["org"])


class _Year:
    """A target year stated without a span of its own (a superseded '(2035)')."""

    def __init__(self, year: int):
        self.year, self.start, self.end, self.kind = year, 0, 0, "year"


def _restated_year(a: Article, s: Sentence, value: float) -> DateMention | None:
    """'… que 100 % de ses emballages …' then, a few sentences on, 'les 100 % d'ici deux ans':
    the same share restated with its deadline gives the year."""
    for t in a.sentences[s.index + 1:s.index + 7]:
        for ps, pe, v in find_percents(t.text):
            if v is not None and abs(v) == abs(value):
                ys = [d for d, prep in a.target_years(t) if prep and 0 <= d.start - (pe + t.start) <= 40]
                if ys:
                    return ys[0]
    return None


def _add_pledge(a, out, s, pos, ptype, year, baseline, pct, scope, org=None):
    org = org or a.actor_before(s, pos)
    if not org and (a.main is not None or a.by_sentence.get(s.index)):
        return  # someone's pledge, but we cannot tell whose (an organisation-less text keeps org null)
    if a.g.orgs.get(org) and a.g.orgs[org].publisher:
        return
    target = year.year if year else None
    if target is not None and baseline is not None and baseline >= target:
        baseline = None
    out.append({"org": org, "type": ptype, "target_year": target, "baseline_year": baseline,
                "percentage": pct, "scope": scope, "evidence": s.text, "_heading": s.heading, "_line": s.line,
                "_sentence": s.index})


def _merge_pledges(a: Article, pledges: list[dict]) -> list[dict]:
    """One pledge per (organisation, type, target year, percentage, scope); a pledge without a
    year is dropped when the same organisation has a dated one of the same type; a headline
    pledge without a year gives its type to the organisation's dated pledge of the
    neighbouring type (net zero / carbon neutral)."""
    out: list[dict] = []
    seen = set()
    for p in pledges:
        key = (p["org"], p["type"], p["target_year"], p["percentage"], p["scope"])
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    family = {"net_zero", "carbon_neutral"}
    for p in list(out):
        if p["target_year"] is None and p["type"] in family and p["_line"] == a.title_line and a.title_line is not None:
            dated = [q for q in out if q["org"] == p["org"] and q["type"] in family and q["target_year"] is not None]
            if dated and not any(q["type"] == p["type"] for q in dated):
                for q in dated:
                    q["type"] = p["type"]
    result, seen = [], set()
    for p in out:
        if p["type"] == "carbon_neutral" and p["target_year"] is not None and p["scope"] is None and any(
                q["type"] == "net_zero" and (q["org"], q["target_year"]) == (p["org"], p["target_year"]) for q in out):
            continue   # 'neutralité carbone en 2045' and '« net zéro » en 2045': the same goal said twice
        if p["target_year"] is None and any(q is not p and q["org"] == p["org"] and q["type"] == p["type"] and q["target_year"] is not None
                                            and (p["type"] != "other" or q["_sentence"] == p["_sentence"]) for q in out):
            continue
        if p["target_year"] is None and p["percentage"] is None and p["type"] == "emission_reduction" and any(
                q["org"] == p["org"] and q["_sentence"] == p["_sentence"] and q["target_year"] is not None for q in out):
            continue   # 'extinguishing X and lowering Y by then': a means of the dated goal of the sentence, not a goal
            continue
        if p["scope"] is None and p["percentage"] is None and (p["_heading"] or p["type"] != "other") and any(
                q is not p and (q["org"], q["type"], q["target_year"]) == (p["org"], p["type"], p["target_year"])
                and (q["scope"] is not None or q["percentage"] is not None) for q in out):
            continue   # the same commitment stated again with its scope or percentage (headline vs body)
        key = (p["org"], p["type"], p["target_year"], p["percentage"], p["scope"])
        if key in seen:
            continue
        seen.add(key)
        if p["org"]:
            a.use(p["org"])
        result.append({k: v for k, v in p.items() if not k.startswith("_")})
    return result
