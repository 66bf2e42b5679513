"""Emission figures: an amount of CO2 (or a signed change) with its organisation and reporting year."""
from __future__ import annotations

import re

from .article import Article
from .cues import SHARE_RE
from .numbers import SPACES, parse_amount, parse_percent, to_tonnes
from .text import Sentence

EMISSION_WORD_RE = re.compile(r"[ée]missions?|emissions?|empreinte\s+carbone|carbon\s+footprint|bilan\s+carbone|footprint|"
                              r"\bGES\b|\bGHG\b|gaz\s+à\s+effet\s+de\s+serre|greenhouse\s+gas|\bCO2|CO₂", re.I)
EMIT_VERB_RE = re.compile(r"\b(?:[ée]mis|[ée]met(?:tent)?|[ée]mettait|rejet[ée]e?s?|rejette|produit|g[ée]n[ée]r[ée]|emitted|emits|"
                          r"releas(?:e|es|ed)|produced|generated|totali[sz]\w*|s['’][ée]l[èe]v\w*|amounted|reached|atteint|"
                          r"repr[ée]sent\w*)\b|[ée]missions?|emissions?|empreinte|footprint|bilan\s+carbone", re.I)
CO2_AFTER_RE = re.compile(r"^[^.;\d]{0,50}?(?:CO2|CO₂|CO\s2|dioxyde\s+de\s+carbone|carbon\s+dioxide|[ée]quivalent|\beq\b|GES\b|GHG|"
                          r"gaz\s+à\s+effet|greenhouse|carbone|carbon|[ée]missions?)", re.I)
MATERIAL_AFTER_RE = re.compile(r"^\s*(?:m[ée]triques?\s+|metric\s+)?(?:de\s+|d['’]|of\s+)(?!CO|dioxyde|carbon|gaz|GES|GHG|greenhouse|"
                               r"[ée]quivalent|eq|[ée]missions?|emissions?|carbone)[a-zà-ÿ]", re.I)
NOT_TOTAL_BEFORE_RE = re.compile(
    r"(?:[ée]vit\w*|avoided|avoid|[ée]conomis\w*|saved|saving|compens\w*|offset\w*|capt\w*|captur\w*|stock\w*|stored|"
    r"retir\w*|remov\w*|[ée]limin\w*|s[ée]questr\w*|absorb\w*|r[ée]dui\w*|r[ée]duction|reduc\w*|cut|baisse|diminu\w*|"
    r"lower\w*|moins|less|fewer|objectif|target|goal|vis\w*|aim\w*|maximum|plafon\w*|ceiling|capp?(?:ed|ing)?)\b[^.;]{0,60}$", re.I)
COMPARE_BEFORE_RE = re.compile(
    r"(?:au[- ]dessus|en\s+dessous|par\s+rapport|compar\w+|contre|versus|vs\.?|than|against|depuis|since|from|"
    r"sup[ée]rieur|inf[ée]rieur|above|below|d[ée]pass\w*|de\s+plus\s+qu|baseline|base|r[ée]f[ée]rence)\b[^.;]{0,45}$", re.I)
CONTEXT_YEAR_RE = re.compile(r"au\s+cours\s+de\s+l['’]ann[ée]e|cette\s+ann[ée]e[- ]l[àa]|during\s+the\s+year|that\s+year|"
                             r"l['’]an\s+dernier|l['’]ann[ée]e\s+derni[èe]re|last\s+year|the\s+year", re.I)

CHANGE_UP = r"augment\w*|hausse|progress\w*|grimp\w*|bondi\w*|cr[uû]\w*|croissance|accru\w*|rose|risen|rising|increas\w*|grew|grown|jumped|climbed|\bup\b|higher|gonfl\w*"
CHANGE_DOWN = r"baiss\w*|diminu\w*|recul\w*|chut\w*|r[ée]duit\w*|fell|fallen|dropped|declin\w*|decreas\w*|\bdown\b|reduced|lower|\bcut\b|repli\w*|contract\w*"
_PCT = r"(?P<{g}>[-+−]?\s?\d+(?:[.,]\d+)?\s?(?:%|pour\s?cents?\b|per\s?cent\b|percent\b)|d['’]un\s+tiers|un\s+tiers|a\s+third|one[\s-]third|de\s+moiti[ée]|half|d['’]un\s+quart|a\s+quarter)"
_FILL = r"(?:\s+(?:de|d['’]|by|of|environ|pr[èe]s\s+de|about|around|nearly|almost|roughly|some|more\s+than|plus\s+de|quelque|encore|only|just|seulement|significativement|significantly))*\s+"
CHANGE_RE = re.compile(
    rf"(?P<verb>{CHANGE_UP}|{CHANGE_DOWN}){_FILL}{_PCT.format(g='pct')}|{_PCT.format(g='pct2')}\s+(?:de\s+)?(?P<verb2>hausse|baisse|d['’]augmentation|de\s+r[ée]duction|"
    r"increase|decrease|rise|drop|decline|reduction|higher|lower|more|less|plus\s+[ée]lev[ée]e?s?|de\s+plus|de\s+moins)", re.I)
FR_INFINITIVE = re.compile(r"(?:augment|baiss|diminu|progress|recul|chut|grimp|bondir|accro[iî]tre|cro[iî]tr)(?:er|ir|re)?|r[ée]duire|"
                           r"(?:augment|baiss|diminu|progress|recul|chut|grimp)er", re.I)
UP_RE = re.compile(CHANGE_UP + r"|d['’]augmentation|increase|rise|more|plus", re.I)

#: 'X t par an aujourd'hui', 'currently Y tonnes': the present, i.e. the article's year
PRESENT_AFTER_RE = re.compile(r"^[^.;\d]{0,25}?\b(?:aujourd['’]hui|actuellement|today|currently|at\s+present)\b", re.I)
PRESENT_BEFORE_RE = re.compile(r"\b(?:aujourd['’]hui|actuellement|today|currently|at\s+present|now)\b[^.;\d]{0,60}$", re.I)
#: 'par rapport à 2020, année où elles atteignaient 18 Mt': the year a relative clause about the figure hangs on
YEAR_WHERE_RE = re.compile(r"\b((?:19|20)\d{2})\s*,?\s*(?:où|when|during\s+which|in\s+which|année\s+où)\b[^.;\d]{0,50}$", re.I)
#: 'last financial year' at the time of the article: the fiscal year that ended last (taken to end by mid-year)
LAST_FISCAL_RE = re.compile(r"\blast\s+(?:financial|fiscal)\s+year|\bdernier\s+exercice|\bl['’]exercice\s+(?:pr[ée]c[ée]dent|[ée]coul[ée])", re.I)
#: 'a fait baisser ses émissions de 28 %', 'une baisse de son empreinte carbone de 2,4 %': a change of one's own emissions
OWN_CHANGE_RE = re.compile(
    rf"(?P<verb>{CHANGE_UP}|{CHANGE_DOWN}|r[ée]duction|diminution|augmentation|reduction|decrease|increase)\s+(?:de\s+|d['’]|of\s+|in\s+)?"
    r"(?:ses|son|leurs?|its|their|our|nos|notre)\s+(?:[ée]missions|emissions|bilan\s+carbone|empreinte\s+carbone|carbon\s+footprint)"
    r"(?:\s+(?:de\s+)?(?:CO2|GES|gaz\s+à\s+effet\s+de\s+serre|greenhouse\s+gas(?:es)?))?\s+(?:de|d['’]|by|of)\s*"
    r"(?:plus\s+de\s+|more\s+than\s+|pr[èe]s\s+de\s+|about\s+|around\s+|nearly\s+|environ\s+)?"
    r"(?P<pct>\d+(?:[.,]\d+)?\s?(?:%|pour\s?cents?\b|per\s?cent\b|percent\b))", re.I)
#: 'diminué de 35 % les émissions ... et de 9 % celles des fournisseurs': a further change of the same verb
AND_CHANGE_RE = re.compile(r"[^.;]{0,120}?\b(?:et|and)\s+(?:de|by|d['’])\s+(?P<pct>\d+(?:[.,]\d+)?\s?(?:%|pour\s?cents?\b|per\s?cent\b|percent\b))", re.I)
TARGET_BEFORE_RE = re.compile(r"\b(?:targets?|objectifs?|goals?|cibles?|ambition)\b[^.;]{0,40}$", re.I)


_AMOUNT_START = re.compile(rf"(?<![\w.,])\d{{1,3}}(?:(?:[{SPACES}]|[.,](?=\d{{3}}(?!\d)))\d{{3}})+(?:[.,]\d+)?(?![\w])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\d])")


def _emission_year(a: Article, s: Sentence, pos: int, end: int | None = None) -> int | None:
    """The reporting year of a figure at `pos`: a year (or 'au cours de l'année', FY23) right
    after the figure ('71,54 Mt en 2021, contre 60,64 Mt en 2020'), else the nearest year of the
    sentence that is not a baseline, a comparison, a start or a target; else the year of the
    article's previous figure."""
    end = pos if end is None else end
    if a.ref and (PRESENT_AFTER_RE.match(a.text[end:s.end]) or PRESENT_BEFORE_RE.search(a.text[max(s.start, pos - 70):pos])):
        return a.ref.year
    where = YEAR_WHERE_RE.search(a.text[max(s.start, pos - 90):pos])
    if where:
        return int(where.group(1))
    if a.ref and LAST_FISCAL_RE.search(s.text):
        return a.ref.year if a.ref.month >= 7 else a.ref.year - 1
    cands: list[tuple[int, int, int | None]] = []   # (start, end, year)
    for d in a.dates_in(s):
        if d.year is not None and d.kind not in ("date",):
            cands.append((d.start, d.end, d.year if d.kind != "since" else None))
    for m in CONTEXT_YEAR_RE.finditer(s.text):
        context = a.emission_years[-1][1] if a.emission_years else None
        if re.search(r"l['’]an\s+dernier|l['’]ann[ée]e\s+derni[èe]re|last\s+year", m.group(0), re.I) and a.ref:
            context = a.ref.year - 1
        cands.append((m.start() + s.start, m.end() + s.start, context))
    cands.sort()
    following = [c for c in cands if c[0] >= end and c[0] - end <= 45
                 and not re.search(r"[,;]\s*(?:contre|against|versus|vs|compared|down|up|soit)|\b(?:than|que|qu['’]|par\s+rapport|compared|since|depuis|vs)\b", a.text[end:c[0]], re.I)
                 and not RIGHT_BASE.match(a.text[c[1]:c[1] + 25])
                 and not _AMOUNT_START.search(a.text[end:c[0]])]
    if following and following[0][2] is not None:
        d = following[0]
        if not re.search(r"(?:d['’]ici|by|avant|horizon)\s*(?:la\s+fin\s+(?:de\s+)?|fin\s+|the\s+end\s+of\s+)?$", a.text[max(s.start, d[0] - 25):d[0]], re.I):
            return d[2]
    best, best_d = None, None
    for c0, c1, year in cands:
        if year is None:
            continue
        left = a.text[max(s.start, c0 - 50):c0]
        if COMPARE_BEFORE_RE.search(left) or RIGHT_BASE.match(a.text[c1:c1 + 25]):
            continue
        if re.search(r"(?:d['’]ici|by|avant|horizon)\s*(?:la\s+fin\s+(?:de\s+)?|fin\s+|the\s+end\s+of\s+)?$", a.text[max(s.start, c0 - 25):c0], re.I):
            continue  # a target, not a reporting year
        if a.ref and year > a.ref.year:
            continue
        dist = abs(c0 - pos)
        if best_d is None or dist < best_d:
            best, best_d = year, dist
    if best is None and a.emission_years:
        best = a.emission_years[-1][1]
    return best


SINCE_AFTER_RE = re.compile(r"[^.;]{0,60}?\b(?:depuis|since)\s+((?:19|20)\d{2})\b", re.I)
RIGHT_BASE = re.compile(r"\s*(?:base[\s-]?year|baseline|levels?)", re.I)


def extract_emissions(a: Article) -> list[dict]:
    out: list[dict] = []
    for s in a.sentences:
        text = s.text
        if not EMISSION_WORD_RE.search(text) and not re.search(r"t\s?CO2|tonnes?|tons?|\bMt\b|\bkt\b", text):
            continue
        amounts = []
        for m in _AMOUNT_START.finditer(text):
            parsed = parse_amount(text[m.start(): m.start() + 80], a.lang)
            if not parsed:
                continue
            unit_end = _unit_end(text, m.start())
            rest = text[unit_end: unit_end + 80]
            unit_text = text[m.start():unit_end]
            co2 = bool(re.search(r"CO2|CO₂|eq", unit_text)) or bool(CO2_AFTER_RE.search(rest))
            if MATERIAL_AFTER_RE.search(rest) and not co2:
                continue
            if not co2 and not EMIT_VERB_RE.search(text):
                continue
            if NOT_TOTAL_BEFORE_RE.search(text[max(0, m.start() - 70):m.start()]):
                continue
            amounts.append((m.start() + s.start, parsed, unit_end + s.start))
        changes = []
        if EMISSION_WORD_RE.search(text):
            shares = {x.start("pct") for x in SHARE_RE.finditer(text)}
            taken: set[int] = set()
            for m in OWN_CHANGE_RE.finditer(text):
                value = parse_percent(m.group("pct"))
                if value is None or m.start("pct") in shares or TARGET_BEFORE_RE.search(text[:m.start()]):
                    continue
                verb = m.group("verb")
                signed = abs(value) if UP_RE.search(verb) and not re.search(CHANGE_DOWN, verb, re.I) else -abs(value)
                changes.append((m.start() + s.start, signed))
                taken.add(m.start("pct"))
                more = AND_CHANGE_RE.match(text, m.end())   # 'cut our emissions by 35% …, and by 9% …': a further change
                if more and more.start("pct") not in shares and parse_percent(more.group("pct")) is not None:
                    changes.append((more.start("pct") + s.start, -abs(parse_percent(more.group("pct"))) if signed < 0 else abs(parse_percent(more.group("pct")))))
                    taken.add(more.start("pct"))
            for m in CHANGE_RE.finditer(text):
                if (m.start("pct") if m.group("pct") else m.start("pct2")) in taken or TARGET_BEFORE_RE.search(text[max(0, m.start() - 40):m.start()]):
                    continue
                verb = m.group("verb") or m.group("verb2") or ""
                pgroup = "pct" if m.group("pct") else "pct2"
                pstart = m.start(pgroup)
                pct_text = m.group(pgroup) or ""
                if pstart in shares or FR_INFINITIVE.fullmatch(verb.strip()):
                    continue
                if not EMISSION_WORD_RE.search(text[:m.start()] + text[m.end():m.end() + 40]):
                    continue
                value = parse_percent(pct_text)
                if value is None:
                    continue
                if re.match(r"\s*[-−]", pct_text):
                    signed = value
                else:
                    signed = abs(value) if UP_RE.search(verb) and not re.search(CHANGE_DOWN, verb, re.I) else -abs(value)
                changes.append((m.start() + s.start, signed))
                more = AND_CHANGE_RE.match(text, m.end())
                if more and more.start("pct") not in shares and parse_percent(more.group("pct")) is not None:
                    changes.append((more.start("pct") + s.start, -abs(parse_percent(more.group("pct"))) if signed < 0 else abs(parse_percent(more.group("pct")))))
        if not amounts and not changes:
            continue
        if amounts:
            for k, (pos, (value, unit), uend) in enumerate(amounts):
                org = _emitter(a, s, pos)
                year = _emission_year(a, s, pos, uend)
                if not org or year is None or (a.ref and year > a.ref.year):
                    continue   # no year, or a year still to come: a target level, not a figure
                change = changes[0][1] if changes and k == 0 else None
                out.append({"org": org, "year": year, "amount": value, "unit": unit, "change_pct": change,
                            "evidence": text, "_sentence": s.index, "_heading": s.heading})
                a.emission_years.append((s.index, year))
        else:
            for n, (pos, change) in enumerate(sorted(changes)):
                org = _emitter(a, s, pos)
                year = _emission_year(a, s, pos, pos + 12)
                since = SINCE_AFTER_RE.match(a.text, pos, s.end)
                since_year = int(since.group(1)) if since else next((d.year for d in a.dates_in(s) if d.kind == "since" and d.end <= pos), None)
                if since_year and not any(d.year and d.kind not in ("since", "baseline") and d.year != since_year for d in a.dates_in(s)):
                    year = None     # 'réduit de 35 % depuis 2013': a change over a period, its year not stated
                elif not org or year is None:
                    continue
                if not org:
                    continue
                out.append({"org": org, "year": year, "amount": None, "unit": None, "change_pct": change,
                            "evidence": text, "_sentence": s.index, "_heading": s.heading})
                if year is not None:
                    a.emission_years.append((s.index, year))
                if n + 1 < len(changes) and not AND_CHANGE_RE.match(a.text, pos + 4, s.end):
                    break
    return _merge_emissions(a, out)


def _unit_end(text: str, start: int) -> int:
    m = re.match(rf"[\d{SPACES}.,]+\s*(?:(?:de\s+)?(?:milliards?|millions?|milliers?|mille|thousand|billion|million|bn|mds?|M|k)\.?\s+)?"
                 r"(?:de\s+|of\s+)?(?:tonnes?\s+m[ée]triques?|metric\s+tons?|tonnes?|tons?|MtCO2e?q?|ktCO2e?q?|tCO2e?q?|Mt|kt|Gt|t)\b"
                 r"(?:\s*(?:d['’]|de\s+)?(?:[ée]q(?:uivalent)?\.?\s*)?(?:CO2e?|CO₂e?)(?:\s*[ée]q\w*)?)?", text[start:])
    return start + (m.end() if m else 0)


def _emitter(a: Article, s: Sentence, pos: int) -> str | None:
    """Whose emissions: the nearest organisation in the sentence (possessives 'd'Amazon'
    count), else the organisation in focus; None when the sentence is about a country or a sector."""
    cands = [m for m in a.actors_in(s) if not re.search(r"(?:comme|like|than|que|qu['’]|contre|versus)\s*$",
                                                       a.text[max(s.start, m.start - 12):m.start], re.I)]
    if cands:
        m = min(cands, key=lambda m: (0 if m.end <= pos else 1, abs(m.start - pos)))
        return a.accept(m)
    if re.search(r"\b(?:pays|country|countries|secteur|sector|industrie|industry|monde|world|global|plan[èe]te|humanit[ée]|"
                 r"France|Chine|China|Europe|[ée]tats-unis|United\s+States|l['’]UE|the\s+EU)\b", s.text):
        return None
    return a.focus_at.get(s.index)


def _merge_emissions(a: Article, figs: list[dict]) -> list[dict]:
    """One figure per (organisation, year, amount within 2 %); a change-only figure of the
    sentence next to an amount of the same organisation and year is folded into it."""
    out: list[dict] = []
    for f in figs:
        dup = None
        for g in out:
            if g["org"] != f["org"] or g["year"] != f["year"]:
                continue
            if f["amount"] is not None and g["amount"] is not None:
                ft, gt = to_tonnes(f["amount"], f["unit"]), to_tonnes(g["amount"], g["unit"])
                if abs(ft - gt) <= 0.02 * gt:
                    dup = g
                    break
            elif f["amount"] is None and g["amount"] is None and f["change_pct"] == g["change_pct"]:
                dup = g
                break
        if dup is not None:
            if dup["change_pct"] is None and f["change_pct"] is not None:
                dup["change_pct"] = f["change_pct"]
            continue
        out.append(f)
    for f in [x for x in out if x["amount"] is None and x["year"] is None]:
        if any(g is not f and g["org"] == f["org"] and g["change_pct"] is not None and f["change_pct"] is not None
               and abs(g["change_pct"] - f["change_pct"]) < 1 for g in out):
            out.remove(f)   # 'up 29% since 2020' in a headline restates the dated change of the body
    for f in [x for x in out if x["amount"] is None]:
        near = [g for g in out if g["amount"] is not None and g["org"] == f["org"] and g["year"] == f["year"]
                and (abs(g["_sentence"] - f["_sentence"]) <= 1 or g["change_pct"] == f["change_pct"]
                     or (f["_heading"] and g["change_pct"] is None))]
        if near:
            if near[0]["change_pct"] is None:
                near[0]["change_pct"] = f["change_pct"]
            out.remove(f)
    result = []
    for f in out:
        a.use(f["org"])
        result.append({k: v for k, v in f.items() if not k.startswith("_")})
    return result
