"""Where a capitalised name starts and ends: the words at its edges that are not part of it.

A run of capitalised words is not always one name: a sentence may open with an adverb or a
question word ("Additionally Brightwell", "Pourquoi Valdor veut"), a role may sit next to the
name ("Brightwell Chairman and CEO", "le Directeur Général de Valdor"), a unit or a time may look like a
name ("Mt", "GWh", "14h50"), and an institution's name may go on in lower case ("l'Institut
technique des matériaux durables", "l'Office régional de la rénovation"). These rules decide
the edges; kg.extract.mentions applies them to every capitalised run.
"""
from __future__ import annotations

import re

from .numbers import lower_ascii

#: role words: at either edge of a capitalised run they are the role, not the organisation
ROLE_WORDS = {lower_ascii(w) for w in """chairman chairwoman chairperson chair ceo cfo coo cso cto president presidente président
présidente pdg chief director directeur directrice founder cofounder co-founder fondateur fondatrice executive officer
spokesperson spokesman spokeswoman général générale délégué déléguée managing head""".split()}
#: words between leading role words and the organisation ('Directeur Général de Valdor')
ROLE_LINKS = {"de", "du", "des", "d", "of", "at", "the", "la", "le", "l", "and", "et", "&"}

#: question words and discourse words that open a sentence or a title, never a name
OPENERS = {lower_ascii(w) for w in """comment pourquoi combien quel quelle quels quelles lequel laquelle voici voilà désormais outre
cependant pourtant toutefois néanmoins how why what which only instead indeed nevertheless nonetheless notably
here there now today yesterday within without across among amongst after before during under over into through
about against despite following including regarding beyond inside outside since depuis until jusqu'ici aujourd'hui aujourd’hui
currently""".split()}

#: units and measures written with capitals ('Mt', 'GWh', 'teq CO2'): not names
UNIT_WORDS = {lower_ascii(w) for w in """mt gt kt gwh mwh twh kwh mw gw kw tw teq teqco2 eqco2 eqc02 tco2 tco2e co2e mtco2e ktco2e
mteq ppm""".split()}

#: adjectives of nationality: part of a name after it ('Swiss Re', 'American Airlines'), never a name alone
NATIONALITIES = {lower_ascii(w) for w in """chinese german french american british european italian spanish dutch japanese swiss swedish
danish norwegian finnish canadian australian indian brazilian korean mexican belgian irish austrian polish russian
chinois chinoise allemand allemande français française américain américaine européen européenne italien italienne
espagnol espagnole néerlandais japonais japonaise suisse suédois suédoise danois danoise norvégien norvégienne
canadien canadienne australien australienne indien indienne brésilien brésilienne coréen coréenne belge""".split()}

TIME_RE = re.compile(r"\d{1,2}h\d{2}|\d{1,2}:\d{2}")

#: an institution named by a common head noun and lower-case words ('Union européenne')
INSTITUTION_HEAD = re.compile(r"(?:Union|Conseil|Syndicat|F[ée]d[ée]ration|Association|Comit[ée]|Commission|Autorit[ée]|Agence|Institut|"
                              r"Office|Observatoire|Chambre|Minist[èe]re|Haut\s+Conseil|Caisse|Centre|Fondation|Acad[ée]mie)$")
_ADJ = r"[a-zà-ÿ][a-zà-ÿ-]*(?:al|ale|aux|ales|ique|iques|aire|aires|ien|ienne|éen|éenne|ais|aise|el|elle|if|ive|ois|oise|al|ain|aine|ial|iale)"
_AFTER_LINK = r"(?:l['’])?[a-zà-ÿ][a-zà-ÿ'’-]*"
INSTITUTION_TAIL = re.compile(rf"(?:\s(?:{_ADJ}|et(?=\s{_ADJ})|(?:de|du|des|pour|sur|à|au|aux|d['’])(?:\s+(?:la|le|les)\s|\s*l['’]|\s)?{_AFTER_LINK})){{1,7}}(?=\s?[,.;:()]|\s(?:qui|et|and|dont)\s)")


def is_opener(word: str, at_sentence_start: bool) -> bool:
    """A first word that is not part of the name after it: question and discourse words, and at
    the start of a sentence an adverb ('Additionally', 'Également', 'Actuellement'); the caller
    keeps first names ('Clément')."""
    w = lower_ascii(word).strip(".,'’:")
    if w in OPENERS or re.fullmatch(r"(?:19|20)\d{2}", w):
        return True     # 'Since 2016 Brightwell', 'Aujourd'hui, Valdor': a time word or a year opens the sentence
    return at_sentence_start and len(w) >= 6 and (w.endswith("ly") or w.endswith("ment"))


def _role_word(word: str) -> bool:
    """A role word, or a hyphenated compound of role words ('Président-Directeur', 'Vice-President')."""
    parts = [p for p in lower_ascii(word).strip(".,'’").split("-") if p]
    return bool(parts) and all(p in ROLE_WORDS for p in parts)


def strip_roles(words: list[str]) -> tuple[int, int]:
    """How many words to drop at the start and at the end of a run because they are a role:
    'Directeur Général de Valdor' (3, 0), 'Brightwell Chairman' (0, 1)."""
    lead = 0
    if words and _role_word(words[0]):
        while lead < len(words) and (_role_word(words[lead]) or lower_ascii(words[lead]).strip(".,'’") in ROLE_LINKS):
            lead += 1
        if lead == len(words) or lower_ascii(words[lead - 1]).strip(".,'’") not in ROLE_LINKS:
            lead = 0    # 'General Mills', 'Chief Executive': no 'de'/'of' before the organisation
    trail = 0
    while len(words) - lead - trail > 1 and (_role_word(words[-1 - trail]) or lower_ascii(words[-1 - trail]).strip(".,'’") in {"and", "et", "&"}):
        trail += 1
    return lead, trail


def not_a_name(surface: str) -> bool:
    """Units, times, file names ('Shell_Targets'), nationality adjectives alone."""
    low = lower_ascii(surface)
    return "_" in surface or bool(TIME_RE.fullmatch(surface)) or low in UNIT_WORDS or low in NATIONALITIES \
        or all(lower_ascii(w) in UNIT_WORDS for w in surface.split())


def institution_tail(text: str, surface: str, end: int, limit: int) -> int:
    """The end of an institution's name that goes on in lower case after its head noun
    ('Institut' + ' technique des matériaux durables'), or `end` when it does not."""
    if not INSTITUTION_HEAD.search(surface) or " " in surface.strip() and not surface.startswith("Haut"):
        return end
    m = INSTITUTION_TAIL.match(text[end:limit])
    return end + m.end() if m else end


COMMON_NOUN_END = re.compile(r"(?:tion|sion|ment|ity|it[ée]|ness|ance|ence|isme|ism|ing|ure|ships?)$", re.I)


def common_noun_opener(surface: str, all_at_sentence_start: bool) -> bool:
    """'Electrification will be...', 'Shipping generates...': one capitalised word shaped like a
    common noun, only ever seen opening a sentence, is that noun, not a name."""
    return all_at_sentence_start and " " not in surface and "-" not in surface and surface[1:].islower() \
        and bool(COMMON_NOUN_END.search(surface))
