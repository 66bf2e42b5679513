"""Descriptive epithets ('the snack maker', 'le biscuitier', 'the Dutch paint maker'): which
organisation of the article they stand for.

An article describes its organisations once ("the continent's top power producer Voltara", "Danish
ferry operator Norvalia", "Le fabricant de peintures Colorane") and then refers to them by
the description. The descriptive words seen next to a name are that organisation's descriptors;
an epithet whose specific words (not 'company', 'giant', 'biggest', nationalities) match one
organisation's descriptors stands for it, and an epithet that contradicts the focus organisation's
descriptors ('the snack maker' when the focus is a power producer) stands for the other organisation
of the sentence. kg.extract.article uses this when it resolves anaphora.
"""
from __future__ import annotations

import re

from .name_edges import NATIONALITIES
from .numbers import lower_ascii

#: words of an epithet that say nothing about which organisation it is
GENERIC = {lower_ascii(w) for w in """the a an le la les l ce cette du de des d of and et world's world biggest largest leading top second
third big great grand grande premier première major leader numéro un one mondial mondiale global international company
companies firm group groupe géant geant giant firme société entreprise business corporation conglomerate its their son sa
spécialiste specialist number new nouveau nouvelle""".split()} | NATIONALITIES | {"us", "uk", "eu"}

_WORD = re.compile(r"[a-zà-ÿ][\w-]*", re.I)
#: lower-case descriptive words right before a name ('top power producer Voltara', 'wind group Brisvent')
DESCRIPTOR_BEFORE = re.compile(r"((?:[a-zà-ÿ][\w-]*\s+(?:and\s+|et\s+)?){1,5})$")


def content_words(phrase: str) -> set[str]:
    """The specific words of an epithet: 'the Dutch snack giant' -> {'snack'}."""
    words = {lower_ascii(w) for w in _WORD.findall(phrase)}
    return {w for w in words if w not in GENERIC and len(w) > 2}


def descriptor_before(text: str, start: int, sentence_start: int) -> set[str]:
    """The specific descriptive words written right before a name."""
    m = DESCRIPTOR_BEFORE.search(text[max(sentence_start, start - 80):start])
    return content_words(m.group(1)) if m else set()


#: a description in apposition right after a name ('Voltara, the continent's top power producer, will ...')
DESCRIPTOR_AFTER = re.compile(r"\s*,\s*(?:the|a|an|le|la|l['’]|un|une)\s*([^,.;:()«»\"]{3,60}?)\s*,")


def descriptor_after(text: str, end: int, sentence_end: int) -> set[str]:
    """The specific descriptive words of an apposition right after a name."""
    m = DESCRIPTOR_AFTER.match(text, end, sentence_end)
    return content_words(m.group(1)) if m and not re.search(r"\b(?:which|who|qui|dont|que)\b", m.group(1), re.I) else set()


def pick(words: set[str], focus: str | None, descriptors: dict[str, set[str]], others: list[str]) -> str | None:
    """The organisation an epithet with these specific words stands for: one whose descriptors
    share a word (the focus first), else, when the focus is described otherwise, the nearest
    other organisation; else the focus."""
    if not words:
        return focus
    matches = [o for o, d in descriptors.items() if d & words]
    if matches:
        return focus if focus in matches else matches[-1]
    if focus and descriptors.get(focus):
        other = next((o for o in reversed(others) if o != focus and not descriptors.get(o)), None)
        if other:
            return other
    return focus
