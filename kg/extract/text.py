"""The structure of an article's text: boilerplate lines, content lines, sentences, language, title."""
from __future__ import annotations

import re
from dataclasses import dataclass

#: lines that are page furniture, not article text (searched case-insensitively in the line)
BOILERPLATE_LINE = re.compile(
    r"retour\s+à\s+la\s+une|à\s+propos\s+de\s+l['’]auteur|a\s+propos\s+de\s+l['’]auteur|voir\s+son\s+(?:profil|blog)|"
    r"n['’]a\s+pas\s+encore\s+renseigné|partagez\s+l['’]article|partager\s+(?:sur|cet)|share\s+(?:this|on)|"
    r"^\s*(?:lire\s+(?:aussi|la\s+suite)|à\s+lire\s+(?:aussi|également)|read\s+more|read\s+also|see\s+also|voir\s+aussi)\b|"
    r"abonnez[- ]vous|subscribe\s+to|newsletter|inscrivez[- ]vous|sign\s+up\s+(?:for|to)|"
    r"\bcookies?\b|tous\s+droits\s+réservés|all\s+rights\s+reserved|©|copyright|"
    r"^\s*(?:publicité|advertisement|sponsored|sponsorisé|annonce|pub)\s*$|"
    r"webclass|webinar\s+gratuit|enregistrez\s+votre\s+place|register\s+now|cliquez\s+ici|click\s+here|"
    r"suivez[- ]nous|follow\s+us|mentions\s+légales|politique\s+de\s+confidentialité|privacy\s+policy|terms\s+of\s+(?:use|service)|"
    r"laisser\s+un\s+commentaire|leave\s+a\s+(?:comment|reply)|^\s*\d+\s+(?:commentaires?|comments?|partages?|shares?)\b|"
    r"\b\d+\s+partages\b|^\s*favicon\b|^\s*(?:tags?|mots[- ]clés|catégories?|categories)\s*:|"
    r"academy\s*:|code\s+promo|promo\s+code|offre\s+spéciale|special\s+offer|"
    r"^\s*(?:photo|crédit\s+photo|image|illustration)\s*:|"
    r"^\W*(?:publicité|advertisement|sponsored|sponsorisé|annonce|\[?ad\]|pub)\b|"
    r"^\s*(?:by\s+[^|]{1,40}\|\s*)?(?:published|publié|mis\s+à\s+jour|updated)\b.{0,60}$|\b\d+\s+min\s+read\b|"
    r"^\s*(?:filed\s+under|comment\s*\||share\s*[:|]|partager\s*:|imprimer)|\bcopier\s+le\s+lien\b|"
    r"^[\w\s&'’éèÉ-]{1,30}(?:\s(?:>|»|›|/|\||·|•)\s[\w\s&'’éèÉ-]{1,30}){1,8}\s*$",
    re.I | re.M)
AD_HEADER = re.compile(r"^\W*(?:publicité|advertisement|sponsored|sponsorisé|annonce|ad|pub)\W*$", re.I)

#: a line that starts a list of other articles: the short lines after it are skipped
RELATED_HEADER = re.compile(
    r"^\s*(?:articles?\s+(?:similaires|liés|connexes|recommandés)|sur\s+le\s+même\s+sujet|dans\s+la\s+même\s+rubrique|"
    r"vous\s+aimerez\s+aussi|à\s+lire\s+(?:aussi|également)|lire\s+aussi|related\s+(?:articles|stories|posts|content)|"
    r"you\s+may\s+also\s+like|more\s+(?:from|on)\s+|recommended\s+(?:for\s+you|articles|reading)|les\s+plus\s+lus|"
    r"most\s+(?:read|popular)|nos\s+derniers\s+articles|latest\s+(?:news|articles)|derniers\s+articles|à\s+découvrir|"
    r"read\s+next|more\s+from\b|related\s+stories|articles\s+liés|sur\s+le\s+même\s+sujet|à\s+voir\s+aussi)\b.{0,40}$",
    re.I)

#: the end of the article: nothing after such a line is article text
END_MARKER = re.compile(r"retour\s+à\s+la\s+une|à\s+propos\s+de\s+l['’]auteur|a\s+propos\s+de\s+l['’]auteur|"
                        r"^\s*(?:about\s+the\s+author|commentaires|comments)\s*$", re.I)

FR_WORDS = re.compile(r"\b(?:le|la|les|des|du|une|est|et|en|dans|pour|qui|que|sur|avec|par|au|aux|ses|d'ici|sont|cette)\b", re.I)
EN_WORDS = re.compile(r"\b(?:the|and|of|to|in|is|for|with|by|that|its|are|from|this|has|will|on|at|which)\b", re.I)

ABBREVIATIONS = re.compile(
    r"(?:\b(?:M|MM|Mme|Mmes|Mlle|Dr|Pr|St|Ste|Inc|Corp|Ltd|Co|Cie|etc|vs|cf|env|No|n°|Mr|Mrs|Ms|Jr|Sr|Prof|approx|"
    r"Jan|Feb|Fév|Mar|Apr|Avr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Déc|p|pp|art|al|fig|e\.g|i\.e|U\.S|U\.K|S\.A|N\.V)|\b[A-Z])\.$")


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    index: int
    heading: bool = False
    line: int = 0


def content_lines(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, heading) of the lines that are article text, in order; boilerplate lines,
    lists of related articles and everything after an end-of-article marker are left out."""
    out = []
    pos = 0
    in_related = skip_next = False
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        line = raw.strip()
        if not line:
            continue
        if END_MARKER.search(line) and start > len(text) * 0.3:
            break
        if RELATED_HEADER.match(line):
            in_related = True
            continue
        if in_related:
            if (len(line) < 160 and not re.search(r"[.!?]\s*$", line)) or re.match(r"^(?:[-*•→>]|->)", line):
                continue
            in_related = False
        if skip_next:
            skip_next = False
            continue
        if AD_HEADER.match(line):
            skip_next = True
            continue
        furniture = BOILERPLATE_LINE.search(line)
        if furniture and not (len(line) > LONG_LINE and furniture.start() > LONG_LINE // 2):
            continue   # a credit at the end of a long paragraph ('... (©AFP / 3 mars)') does not make it furniture
        lead = len(raw) - len(raw.lstrip())
        s, e = start + lead, start + lead + len(line)
        heading = len(line) < 160 and not re.search(r"[.!?…:»\"”]\s*$", line)
        if out and re.match(r"[a-zà-ÿ]", line) and not re.search(r"[.!?…:]\s*$", text[out[-1][0]:out[-1][1]]) \
                and text[out[-1][1]:s].count("\n") == 1:
            out[-1] = (out[-1][0], e, False)   # a sentence broken across lines
            continue
        out.append((s, e, heading))
    return out


_BOUNDARY = re.compile(r"[.!?…]+[\"»”’)]*(?=\s+[«\"“(]?[A-ZÀ-ÖØ-Þ0-9–—-])|[.!?…]+[\"»”)]*$|;\s+(?=[A-Z])|"
                       r"(?<=[a-zà-öø-ÿ]{2})[.!?]+[\"»”]?(?=[«\"“]?[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]{2})")   # 'Lévy.Une': a space lost

#: an agency credit closing a paragraph: optional desk initials, then '(©AFP ...)' or '© Reuters ...'
TRAILING_CREDIT = re.compile(r"(?:\b[a-z]{2,5}(?:[-/][a-z]{2,5}){1,5})?\s*\(?\s*©[^()]{0,80}\)?\s*$")
#: a line longer than this is a paragraph: furniture words past its first half (a closing credit) do not drop it
LONG_LINE = 300
#: a photo caption or credit inside a paragraph ('Image: X / Y, CC BY 4.0, via Flickr.'): not article text
CAPTION_SENTENCE = re.compile(r"^\W*(?:image|photo(?:graph)?|cr[ée]dits?(?:\s+photo)?|illustration|source\s+(?:photo|image))\s*:|"
                              r"\bCC\s+BY\b|\b(?:Getty\s+Images|Shutterstock|iStock(?:photo)?|via\s+Flickr|Adobe\s+Stock)\b", re.I)


def split_sentences(text: str, lines: list[tuple[int, int, bool]], max_len: int = 1200) -> list[Sentence]:
    """Sentences of the content lines, with offsets into `text` (rule-based: punctuation followed
    by a capital, not after a known abbreviation; every line ends a sentence)."""
    out: list[Sentence] = []
    for li, (ls, le, heading) in enumerate(lines):
        block = text[ls:le]
        cut = 0
        for m in _BOUNDARY.finditer(block):
            end = m.end()
            if m.group(0).startswith(".") and ABBREVIATIONS.search(block[max(0, m.start() - 8): m.start() + 1]):
                continue
            if re.match(r"\.\d", block[m.start(): m.start() + 2]):
                continue
            _add_sentence(out, text, ls + cut, ls + end, heading, li, max_len)
            cut = end
        if cut < len(block):
            _add_sentence(out, text, ls + cut, le, heading, li, max_len)
    return out


def _add_sentence(out, text, start, end, heading, line, max_len):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 2 or (end - start < 300 and CAPTION_SENTENCE.search(text[start:end])):
        return
    credit = TRAILING_CREDIT.search(text, start, end)
    if credit and credit.start() > start + 20:
        end = credit.start()   # '... a précisé le dirigeant.xyz-uv/kl(©AFP / 3 mars 2021 10h15)': the agency's credit is not text
    while end - start > max_len:  # a run-on block (no punctuation): cut at a space
        cut = text.rfind(" ", start, start + max_len)
        cut = cut if cut > start + max_len // 2 else start + max_len
        piece = cut
        while piece > start and text[piece - 1].isspace():   # 'mot  mot': no space at either end
            piece -= 1
        out.append(Sentence(start, piece, text[start:piece], len(out), heading, line))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], len(out), heading, line))


def detect_language(text: str) -> str:
    sample = text[:20000]
    fr, en = len(FR_WORDS.findall(sample)), len(EN_WORDS.findall(sample))
    return "fr" if fr > en else "en"


def title_line(text: str, lines: list[tuple[int, int, bool]]) -> int | None:
    """The index of the title among the content lines: a heading of three words or more among the first four."""
    for i, (s, e, heading) in enumerate(lines[:4]):
        if heading and len(text[s:e].split()) >= 3:
            return i
    return None
