"""Pledges: a type cue with a target year or a commitment word, paired with the year of its clause."""
from __future__ import annotations

import re

from .article import Article, blank_initiatives
from .cues import PLEDGE_RE, SHARE_RE
from .dates import DateMention
from .numbers import PERCENT_RE, parse_percent
from .text import Sentence

COMMIT_RE = re.compile(
    r"s['’]engag\w*|\bengag[ée]e?s?\b|engagements?|\bvis(?:e|ent|ait|aient|er|ant)\b|objectifs?|ambition\w*|ambitionn\w*|"
    r"pr[ée]voi[tr]\w*|\bcompte\b|comptent|entend\w*|souhait\w*|\bveu[tl]\w*|d[ée]cid[ée]\w*|d[ée]termin[ée]\w*|promesses?|"
    r"\bplan\b|planifi\w*|cibl\w*|s['’]est\s+fix[ée]|fix[ée]|atteindre|devenir|deviendr\w+|d['’]ici|horizon|date\s+butoir|"
    r"\bcommit\w*|pledg\w*|\baim\w*|target\w*|goals?\b|\bplans?\b|planned|intends?|\bwill\b|seeks?|strives?|vow\w*|promis\w*|"
    r"\bset\s+(?:a|an|itself|out)|to\s+(?:reach|achieve|become|be)\b|ambitious", re.I)
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
DEFINITION_RE = re.compile(r"\bd[ée]fini\w*|\bdefin(?:es|ed|ition)|\bsignifie\b|\bmeans\b|\bc['’]est-à-dire\b", re.I)
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
        score = dist + (0 if prep else 60) + (25 if d.end <= pos else 0) + (15 if d.kind == "relative" else 0)
        if best_score is None or score < best_score:
            best, best_score = d, score
    return best


def _scope(text: str) -> str | None:
    """'scope 1 and 2' '1+2', 'scopes 1, 2 et 3' '1+2+3', 'scope 3' '3'."""
    m = re.search(r"\bscopes?\s*((?:[123](?:\s*(?:,|and|et|&|\+|-|/|à|to)\s*(?:(?:the\s+|le\s+|du\s+)?scopes?\s*)?)?)+)", text, re.I)
    if not m:
        return None
    nums = sorted(set(re.findall(r"[123]", m.group(1))))
    if re.search(r"[123]\s*(?:-|à|to)\s*3", m.group(1)) and "1" in nums:
        nums = ["1", "2", "3"]
    return "+".join(nums) if nums else None


def _start_value(text: str, p: tuple, s: Sentence) -> bool:
    """'from 70% in 2020 to 100%', 'de 35 % en 2020 à 100 %': the first percentage is a start value."""
    left = text[max(s.start, p[0] - 6):p[0]]
    if re.search(r"\bfrom\s*$", left, re.I):
        return True
    return bool(re.search(r"\b(?:de|d['’])\s*$", left) and re.match(r"\s*(?:en\s+\d{4}\s+)?(?:à|a)\s+\d", text[p[1]:p[1] + 20]))


DEADLINE_RE = re.compile(r"\b(?:d['’]ici(?:\s+à)?|by|à\s+l['’]horizon(?:\s+de)?|(?:à\s+)?horizon|no\s+later\s+than|au\s+plus\s+tard\s+en)\s+(?:(?:la\s+fin\s+de\s+|the\s+end\s+of\s+)?(?:l['’]ann[ée]e\s+|l['’]exercice\s+)?)(?:FY\s?)?(\d{4})\b", re.I)


def _future_deadline(a: Article, clause: str) -> bool:
    """'une baisse de 30 % d'ici 2030', 'a 40% cut by 2035': a deadline after the article's date
    (any deadline when the article has no date) makes a change noun a target."""
    m = DEADLINE_RE.search(clause)
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
    r"(?:electric|zero-emission|z[ée]ro[\s-][ée]mission)\s+(?:vehicles|cars|fleet|trucks|buses)|v[ée]hicules\s+(?:[ée]lectriques|z[ée]ro)|"
    r"flotte\s+[ée]lectrique|hydrog[èe]ne\s+vert|green\s+hydrogen", re.I)


QUOTED_TITLE_RE = re.compile(r"[«“\"]\s*(?!(?:Nous|Notre|Nos|We|Our|Il|Elle|It|Je|I|On|Le|La|Les|The|Un|Une|A|An)\b)(?:[A-ZÀ-Þ][\w'’-]*\s+){1,3}$")


def extract_pledges(a: Article) -> list[dict]:
    """Pledges: a type cue (table PLEDGE_TYPES) with a target year or a commitment word, paired
    with the nearest target year of its clause; achieved statuses, definitions, hypotheticals
    and other actors' commitments ('70 suppliers have committed') are left out."""
    out: list[dict] = []
    for s in a.sentences:
        text = blank_initiatives(a, s)
        if not PLEDGE_RE.search(text) or DEFINITION_RE.search(text) or HYPOTHETICAL_RE.search(text):
            continue
        years = a.target_years(s)
        cues = [(m.lastgroup.rstrip("_"), m.start() + s.start, m.end() + s.start) for m in PLEDGE_RE.finditer(text)]
        percents = [(m.start() + s.start, m.end() + s.start, parse_percent(m.group(0)))
                    for m in PERCENT_RE.finditer(text)]
        shares = {m.start("pct") + s.start for m in SHARE_RE.finditer(text)}
        commit = bool(COMMIT_RE.search(text)) or s.heading
        baseline = next((d.year for d in a.dates_in(s) if d.kind == "baseline"), None)
        for i, (ptype, cs, ce) in enumerate(cues):
            next_cue = cues[i + 1][1] if i + 1 < len(cues) else s.end
            prev_end = cues[i - 1][2] if i > 0 else s.start
            before = a.text[max(s.start, cs - 40):cs]
            if ACHIEVED_BEFORE_RE.search(before) and not re.search(r"(?:devenir|become|atteindre|reach|achieve|be)\s+\S*\s*$", before, re.I):
                continue
            if OTHER_ACTORS_RE.search(a.text[max(s.start, cs - 70):cs]):
                continue
            if QUOTED_TITLE_RE.search(a.text, max(s.start, cs - 40), cs) and re.match(r"[^«»“”\"]{0,40}[»”\"]", a.text[ce:ce + 42]):
                continue   # '« Philosophie zéro carbone »': the name of a programme, not a commitment
            if re.match(r"baisse|r[ée]duction|reduction|cut\b", a.text[cs:ce], re.I) and not COMMIT_RE.search(a.text[max(s.start, cs - 60):cs]) \
                    and not _future_deadline(a, a.text[ce:next_cue]):
                continue   # a noun ('une baisse de 8 %') states a change unless a commitment or a future deadline frames it
            since = [d for d in a.dates_in(s) if d.kind == "since" and abs(d.start - ce) < 40]
            clause_years = [y for y in years if y[0].start < next_cue]
            if since and not any(p for _, p in clause_years):
                continue
            pcts = [p for p in percents if cs <= p[0] < next_cue and p[0] not in shares and not _start_value(a.text, p, s)]
            scope = _scope(a.text[max(s.start, cs - 60):next_cue])
            if ptype == "emission_reduction" and pcts:
                for j, (ps, pe, value) in enumerate(pcts):
                    limit = pcts[j + 1][0] if j + 1 < len(pcts) else next_cue
                    inside = [y for y in years if ps <= y[0].start < limit]
                    year = inside[0][0] if inside else _nearest_year(clause_years, ps, pe)
                    own_scope = _scope(a.text[pcts[j - 1][1]:pe]) if j else None
                    _add_pledge(a, out, s, cs, ptype, year, baseline, abs(value) if value is not None else None,
                                own_scope or scope)
                continue
            year = _nearest_year([y for y in clause_years if y[0].end > prev_end] or clause_years, cs, ce)
            if ptype == "renewable_energy":
                near = [p for p in percents if abs(p[0] - cs) < 60 and p[0] not in shares]
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
            if not (commit or year):
                continue
            pct = pcts[0][2] if pcts and ptype in ("renewable_energy", "emission_reduction") else None
            if ptype == "emission_reduction" and pct is None and (re.match(r"halv|diviser\s+par\s+deux|r[ée]duire\s+de\s+moiti[ée]",
                                                                           a.text[cs:ce], re.I) or re.match(r"\w*\s+(?:de\s+)?moiti[ée]\b|\w*\s+(?:by\s+)?half\b", a.text[cs:next_cue], re.I)):
                pct = 50.0
            if ptype not in ("emission_reduction", "other"):
                baseline_here = None
            else:
                baseline_here = baseline
            if ptype == "renewable_energy":
                scope = None
            _add_pledge(a, out, s, cs, ptype, year, baseline_here, pct, scope)
            # 'd'ici 2040, puis dans le monde entier en 2050', 'by 2025, and to all of it by 2030': a later stage
            if year is not None and year.end > ce:
                last = year
                for d, prep in clause_years:
                    if not prep or d.start <= last.end or d.year is None or last.year is None or d.year <= last.year:
                        continue
                    if not LATER_STAGE_RE.match(a.text, last.end, d.start):
                        break
                    later_pct = [p for p in percents if last.end <= p[0] < d.start and p[0] not in shares]
                    _add_pledge(a, out, s, cs, ptype, d, baseline_here,
                                later_pct[0][2] if later_pct and ptype in ("renewable_energy", "emission_reduction") else None, scope)
                    last = d
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
    done = {p["_sentence"] for p in out}
    for s in a.sentences:
        if s.index in done or s.heading or HYPOTHETICAL_RE.search(s.text):
            continue
        text = blank_initiatives(a, s)
        prev = a.sentences[s.index - 1].text if s.index > 0 and a.sentences[s.index - 1].index == s.index - 1 else ""
        if not (GREEN_SHARE_RE.search(text) or (GREEN_SHARE_RE.search(prev) and STRONG_COMMIT_RE.search(text))):
            continue
        if not COMMIT_RE.search(text):
            continue
        years = [y for y in a.target_years(s) if y[1] and (a.ref is None or y[0].year is None or y[0].year > a.ref.year)]
        percents = [(m.start() + s.start, m.end() + s.start, parse_percent(m.group(0))) for m in PERCENT_RE.finditer(text)]
        for j, (ps, pe, value) in enumerate(percents):
            nxt = percents[j + 1][0] if j + 1 < len(percents) else s.end
            after = [d for d, _ in years if pe <= d.start < nxt and d.start - pe <= 120]
            if not after or value is None:
                continue
            _add_pledge(a, out, s, ps, "other", after[0], None, abs(value), None)
    return _merge_pledges(a, out)


def _add_pledge(a, out, s, pos, ptype, year, baseline, pct, scope):
    org = a.actor_before(s, pos)
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
        if p["target_year"] is None and any(q is not p and q["org"] == p["org"] and q["type"] == p["type"]
                                            and q["target_year"] is not None for q in out):
            continue
        if p["scope"] is None and p["percentage"] is None and (p["_heading"] or p["type"] not in ("emission_reduction", "other")) and any(
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
