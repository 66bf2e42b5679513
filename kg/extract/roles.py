"""Roles of people as articles write them: the shared table of kg.extract.cues (chief executive,
PDG, directeur général, sustainability chief...) and the wider forms people.py and the mention
classifier also accept: a director or head of any department ('directrice de l'énergie',
'responsable des achats', 'head of logistics'), 'chef de la direction',
NGO campaigners, analysts and the heads of an NGO's policy, research or campaigns."""
from __future__ import annotations

import re

from .cues import ROLE_RE as SHARED_ROLE_RE

EXTRA_ROLES = (r"(?:directeur|directrice|director|head|chef(?:fe)?|responsable)\s+(?:de\s+la\s+|du\s+|des\s+|de\s+l['’]|of\s+(?:the\s+)?)"
               r"(?!groupe\b|group\b|soci[ée]t[ée]\b|company\b|entreprise\b)[a-zà-ÿ][\w-]+|"
               r"chef(?:fe)?\s+de\s+la\s+direction|(?:directeur|directrice)\s+d[ée]l[ée]gu[ée]e?|(?:senior\s+|lead\s+)?(?:campaigner|climate\s+analyst|economist)|"
               r"(?:policy|programmes?|programs?|campaigns?|research|advocacy|communications?)\s+(?:director|head|lead|manager|officer)")
ROLE_RE = re.compile(rf"\b(?:{EXTRA_ROLES})\b|{SHARED_ROLE_RE.pattern}", re.I)
ROLE_BEFORE = re.compile(r"(?:" + ROLE_RE.pattern + r")\s*,?\s*$", re.I)
