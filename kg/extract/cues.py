"""Cue tables shared by the fact extractors and the mention finder: pledge types, partner cues, roles.

Also the shares of emissions ('50 % de ses émissions': not a change, not a pledge percentage) and
the cues that send a sentence to the NER. The tables only one extractor uses are in its module.
"""
from __future__ import annotations

import re

#: pledge types: (type, pattern) — the first pattern matching at a position wins
PLEDGE_TYPES: list[tuple[str, str]] = [
    ("emission_reduction_", r"(?:z[ée]ro[\s-][ée]missions?|zero[\s-]emissions?)\s+(?:deliveries|livraisons|vehicles|v[ée]hicules|fleet|flotte|trucks|camions|ships|navires)|"
                           r"(?:deliveries|livraisons|fleet|flotte|vehicles|v[ée]hicules|trucks|camions)\s+(?:\w+\s+){0,2}z[ée]ro[\s-][ée]missions?|"
                           r"(?:avoid|[ée]viter)\s[^.;]{0,80}?(?:[ée]missions|emissions)|"
                           r"(?:eliminat\w*|end(?:ing)?|[ée]limin\w*|supprim\w*)\s+(?:\w+\s+){0,2}?(?:tailpipe|exhaust|d['’][ée]chappement)\s+[ée]?missions?|"
                           r"(?:[ée]missions?|emissions?)\s+(?:à\s+l['’]|d['’])[ée]chappement"),
    ("net_zero", r"(?:cut|reduc\w*|bring\w*|r[ée]dui\w*|ramen\w*)\s[^.;]{0,60}?(?:emissions|[ée]missions)[^.;]{0,40}?\b(?:to|à)\s+(?:net\s+)?(?:zero|z[ée]ro)\b(?!\s*%)|"
                 r"net(?:[\s-]|_x0002_)?z[ée]ro(?:\s+(?:greenhouse[\s-]gas\s+|GHG\s+|carbon\s+|CO2\s+)?emissions)?|(?<![\d.,])0\s+[ée]missions?\s+(?:\w+\s+)?nettes?|"
                 r"(?:eliminat\w*|extinguish\w*|[ée]liminer|supprimer)\s+(?:(?:all|its|their|our|the|toutes?|ses|leurs|nos|les)\s+)?(?:own\s+|propres\s+)?(?:greenhouse\s+gas\s+|GHG\s+|carbon\s+)?[ée]?missions(?!\s+(?:from|of|de|des)\s+(?:new\s+)?(?:vehicles|cars|products|v[ée]hicules|produits))|z[ée]ro[\s-]net|z[ée]ro\s+[ée]missions?(?!\s+de\s+carbone)(?![\s-]+(?:v[ée]hicules|vehicles))|[ée]missions\s+z[ée]ro|zero\s+emissions|z[ée]ro\s+[ée]missions?\s+nettes?|[ée]missions?\s+nettes?\s+(?:de\s+)?z[ée]ro|"
                 r"neutralit[ée]\s+nette|nette\s+z[ée]ro|carbone\s+net[\s-]z[ée]ro|net[\s-]zero|"
                 r"zero[\s-]carbon(?![\s-](?:electricity|energy|power|fuels?|steel|cement|hydrogen|vehicles|cars))|z[ée]ro\s+carbone(?!\s+(?:[ée]lectricit[ée]|[ée]nergie))|"
                 r"emissions?[\s-]free(?![\s-](?:electricity|energy|power|vehicles|cars|trucks|deliveries))|sans\s+[ée]missions?\s+nettes?"),
    ("carbon_negative", r"carbon[\s-]negative|climate[\s-]positive|n[ée]gati(?:f|ve)s?\s+en\s+carbone|bilan\s+carbone\s+n[ée]gatif|"
                        r"carbone\s+n[ée]gati(?:f|ve)|negative\s+carbon"),
    ("carbon_neutral", r"carboneutr(?:alit[ée]|es?)\b|neutralit[ée]\s+(?:carbone|climatique|en\s+carbone|CO2)|neutres?\s+en\s+(?:carbone|CO2)|neutres?\s+pour\s+le\s+climat|"
                       r"(?:bilan\s+)?carbone\s+neutre|bilan\s+(?:carbone\s+)?neutre|carbon[\s-]neutral(?:ity)?|climate[\s-]neutral(?:ity)?|"
                       r"neutralit[ée]\s+(?:GES|gaz\s+à\s+effet\s+de\s+serre)|climatiquement\s+neutres?|neutres?\s+(?:sur\s+le\s+plan\s+)?climatique(?:ment)?"),
    ("renewable_energy", r"carbon[\s-]free\s+(?:energy|electricity|power)|[ée]nergie\s+d[ée]carbon[ée]e\s+24|(?:[ée]nergies?|[ée]lectricit[ée]|sources?\s+d['’][ée]nergie|courant)\s+(?:d['’]origine\s+)?(?:100\s?%\s+)?(?:renouvelables?|vertes?)|"
                         r"renewable\s+(?:energy|electricity|power|sources?)|(?:green|clean)\s+(?:electricity|power|energy)|RE100|"
                         r"sources?\s+(?:d['’][ée]nergies?\s+)?renouvelables|"
                         r"(?:part|share|proportion)\s+(?:des|d['’]|of)\s+(?:[ée]nergies\s+)?renouvelables|renewables"),
    ("waste_recycling", r"recycl\w*[^.;]{0,60}?(?:d[ée]chets|waste|plastiques?|emballages?|packaging|batteries|mat[ée]riaux|materials)|"
                        r"(?:d[ée]chets|waste)[^.;]{0,40}?recycl\w*|z[ée]ro\s+d[ée]chets?|zero[\s-]waste"),
    ("other_", r"sorti\w*\s+(?:\w+\s+){0,5}?(?:du|des|de\s+l['’])\s*(?:\w+\s+){0,2}?(?:charbon|p[ée]trole|gaz|[ée]nergies\s+fossiles|fossiles|hydrocarbures)|"
              r"d[ée]sinvesti\w*\s+(?:\w+\s+){0,2}?(?:du|des|dans\s+le|dans\s+les)\s+(?:charbon|p[ée]trole|gaz|fossiles|hydrocarbures)|"
              r"(?:exit|phas(?:e|es|ing)[\s-]out|quit|divest\w*\s+from|end\s+(?:its\s+|all\s+)?(?:support|financing|investments?|insurance)\s+(?:for|of|in|to))\s+(?:\w+\s+){0,3}?(?:thermal\s+)?(?:coal|oil|gas|fossil\s+fuels?|tar\s+sands)|"
              r"(?:coal|fossil(?:\s+fuel)?)\s+(?:exit|phase[\s-]?out)|"
              r"(?:r[ée]duction|r[ée]dui\w+|baiss\w+|diminu\w+|reduc\w+|cut(?:ting)?|lower\w*)\s[^.;]{0,30}?(?:exposition|exposure)|"
              r"(?:arr[êe]t|arr[êe]ter|cesser|fin\s+(?:de|du|des)|end(?:ing)?|stop\w*|no\s+(?:longer|more|new))\s[^.;]{0,40}?(?:financement|financing|investissement|investment|assurance|insurance|underwriting)s?\b|"
              r"(?:[ée]liminer|[ée]viter|mettre\s+fin\s+à|stopper|enrayer|bannir|proscrire|exclure|[ée]radiquer|z[ée]ro|eliminat\w*|end(?:ing)?|halt\w*|"
              r"remov(?:e|ing)|ban(?:ning)?|eradicat\w*|zero|free\s+of|no)\s[^.;]{0,40}?(?:d[ée]forestation|deforestation)|"
              r"(?:d[ée]forestation|deforestation)[\s-](?:free|libre)|sans\s+d[ée]forestation|"
              r"(?:consommation\s+(?:d['’][ée]nergie|[ée]nerg[ée]tique)|energy\s+(?:consumption|use|productivity|efficiency)|"
              r"efficacit[ée]\s+[ée]nerg[ée]tique|productivit[ée]\s+[ée]nerg[ée]tique)(?=\s+(?:[\w'’]+\s+){0,5}?(?:de|d['’]|by|of)\s*\d+(?:[.,]\d+)?\s?(?:%|per\s?cent))|"
              r"(?:baisse|r[ée]duction|r[ée]dui\w+|diminu\w+|baisser|reduc\w+|cut|lower\w*)\s+(?:de\s+|of\s+|by\s+)?\d+(?:[.,]\d+)?\s?%[^.;]{0,50}?(?:consommation\s+(?:d['’][ée]nergie|[ée]nerg[ée]tique)|energy\s+(?:consumption|use))|"
              r"(?:doubl\w*|double|halve|tripl\w*)\s+(?:\w+\s+){0,2}?(?:energy\s+productivity|productivit[ée]\s+[ée]nerg[ée]tique|efficacit[ée]\s+[ée]nerg[ée]tique|energy\s+efficiency)|"
              r"potentiel\s+de\s+r[ée]chauffement|(?:warming|temperature)\s+(?:potential|alignment|score)\s+of\s+(?:its|their)|"
              r"investissements?\s+(?:verts|durables|bas[\s-]carbone|climat\w*|dans\s+les\s+[ée]nergies\s+(?:renouvelables|vertes|propres|bas[\s-]carbone))|green\s+investments?|"
              r"(?:financial\s+commitment|investments?|spend(?:s|ing)?|invest(?:s|ing)?)\s+(?:\$?\d[\w.,]*\s+)?(?:in|to|on)\s+(?:EVs?|electric\s+vehicles|clean\s+energy|green|renewables?|low[\s-]carbon)\b|"
              r"(?:plant(?:s|ing)?|planter)\s+(?:\d[\d\s,.]*\s*(?:millions?\s+(?:d['’])?|billions?\s+|milliards?\s+d['’])?)(?:trees|arbres)"),
    ("carbon_removal", r"(?:retirer|[ée]liminer|capturer|capter|s[ée]questrer|absorber|remove|removing|sequester|capture)\s[^.;]{0,60}?"
                       r"\d[\d\s.,]*\s*(?:millions?\s+de\s+|million\s+|milliards?\s+de\s+)?(?:tonnes?|tons?|t\b|Mt|kt|Gt)|"
                       r"(?<=\bto\s)remove\s[^.;]{0,40}?(?:carbon|CO2)|(?:retirer|[ée]liminer)\s[^.;]{0,40}?(?:carbone|CO2)(?=[^.;]{0,60}\b(?:d['’]ici|by)\b)"),
    ("emission_reduction", r"(?:[ée]missions?|emissions?|empreinte\s+carbone|carbon\s+footprint|\bGES\b|\bGHG\b)(?=[^.;]{0,70}?\b(?:will|shall|should|must|to|"
                           r"devront|doivent|devraient|seront|soient|doit|devra|sera|soit)\s+(?:\w+\s+){0,2}?"
                           r"(?:be\s+)?(?:cut|reduced|lowered|halved|slashed|"
                           r"[êe]tre\s+(?:r[ée]duite?s?|divis[ée]e?s?|abaiss[ée]e?s?|diminu[ée]e?s?)|r[ée]duite?s?|baisser|diminuer|reculer|chuter|divis[ée]e?s?)\b)|"
                           r"(?:r[ée]duir\w*|r[ée]duction|diminuer\w*|diminution|baisser\w*|abaisser\w*|limiter|diviser\s+par\s+deux|"
                           r"reduc(?:e|es|ing|tion|tions)\b|cut(?:ting)?\b|lower(?:ing)?\b|decreas(?:e|ing)\b|halv(?:e|es|ed|ing)\b|baisse\b|"
                           r"slash(?:es|ing)?\b|curb(?:s|ing)?\b|trim(?:s|ming)?\b|shrink(?:s|ing)?\b|bring(?:ing)?\s+down\b|abattre|abaisser|"
                           r"faire\s+baisser|diviser\s+par\s+(?:deux|trois|quatre)|r[ée]sorber)"
                           r"(?=[^.;]{0,90}?(?:[ée]missions?|GES\b|GHG|gaz\s+à\s+effet|greenhouse|CO2|CO₂|CO\s2\b|empreinte\s+carbone|carbon\s+footprint|intensit|"
                           r"dioxyde\s+de\s+carbone|carbon\s+dioxide))|"
                           r"(?:[ée]missions?|emissions?|GHG|carbon|CO2|CO₂)\s+(?:reductions?|cuts?)\b|"
                           r"(?:un\s+|a\s+)?(?:maximum|plafond)\s+d['’][ée]missions|plafonn\w+\s+(?:\w+\s+){0,2}?[ée]missions|"
                           r"cap(?:s|ping)?\s+(?:its\s+|their\s+|the\s+)?(?:\w+\s+){0,2}?emissions\s+at|emissions\s+(?:cap|ceiling)\b"),
]
PLEDGE_RE = re.compile("|".join(f"(?P<{t}>{p})" for t, p in PLEDGE_TYPES), re.I)


SHARE_RE = re.compile(r"(?P<pct>\d+(?:[.,]\d+)?\s?%)\s+(?:de|des|d['’]|of)\s+(?:(?:ses|leurs|ces|its|their|the|l['’]ensemble\s+des|total)\s+)*"
                      r"(?:[ée]missions|emissions|empreinte|footprint)", re.I)


PARTNER_CUES: list[tuple[str, str]] = [
    ("host", r"h[ée]berg\w*|hosting|hosted|\bhosts?\b|fournisseurs?\s+d['’]h[ée]bergement|stock[ée]e?s\s+(?:dans|chez|sur)|"
             r"d[ée]pend\w*\s+de\s+fournisseurs|runs?\s+on|tourne\s+sur"),
    ("member", r"partenaires?\s+fondat\w+|founding\s+partners?"),
    ("supplier", r"command[ée]\w*|ordered|orders?\s+(?:from|with)|\bbuy\w*\b[^.;]{0,40}?\bfrom\b|ach[èe]te\w*|achats?\s+d['’][ée]lectricit[ée]|"
                 r"fourni\w*\s+par|supplied\s+by|suppliers?\s+(?:of|for)|fournisseurs?\s+(?:de|d['’])|contrat\s+d['’](?:achat|approvisionnement)|"
                 r"\bPPA\b|power\s+purchase|approvisionn\w*\s+(?:auprès|chez)|s['’]alimenter\s+(?:via|auprès|chez)|sourc(?:e|es|ing)\s+from|"
                 r"sign\w*\s+(?:a\s+|un\s+)?(?:deal|contract|contrat|accord)\s+(?:with|avec)"),
    ("adviser", r"collabor\w*|conseill\w*|conseil\s+de|experts?\b|accompagn[ée]e?s?\s+par|avec\s+l['’]aide|aid[ée]e?\s+par|"
                r"advis\w*|consult\w*|chercheurs|researchers|strat[èe]ges|with\s+(?:the\s+)?help|help(?:ed)?\s+by|"
                r"work(?:s|ed|ing)?\s+with|travaill\w*\s+avec|guid[ée]e?s?\s+par|(?:with\s+)?input\s+from|avec\s+le\s+concours|"
                r"s['’]appu(?:ie|ient|yer|yant|yait)\s+sur|(?:a\s+|ont\s+)?fait\s+appel\s+(?:à|au|aux)|(?:a|ont)\s+mandat[ée]|"
                r"(?:has\s+|have\s+)?(?:enlisted|hired|commissioned|retained|mandated|called\s+(?:on|in))\b"),
    ("funder", r"financ[ée]e?s?\s+par|funded\s+by|subvention\w*|grant\s+from|backed\s+by|soutenu\w*\s+par"),
    ("other", r"partenariat|partenaires?|partners?(?:hip)?\s+with|partnered\s+with|in\s+partnership\s+with|(?:agreement|deal|contract|"
              r"alliance|joint\s+venture)\s+with|(?:accord|contrat|alliance|coentreprise)\s+avec|s['’]est\s+associ[ée]e?\s+(?:à|avec)|"
              r"aux\s+c[ôo]t[ée]s\s+d[eu']|alongside|s['’](?:(?:est|était|sont|étaient)\s+(?:\w+\s+)?)?associ\w*|s['’](?:(?:est|était)\s+(?:\w+\s+)?)?alli\w*|"
              r"team(?:s|ed|ing)?\s+up|join(?:s|ed|ing)?\s+forces|alliance\s+avec|in\s+conjunction\s+with|main\s+dans\s+la\s+main\s+avec|"
              r"(?:strikes?|struck|inks?|inked|seal(?:s|ed)?|conclu\w*|nou[ée]\w*|scell[ée]\w*)\s+(?:a\s+|an\s+|un\s+|une\s+)?(?:\w+\s+){0,2}(?:deal|agreement|pact|accord|alliance|contrat|partenariat)|"
              r"coop[ée]r\w*|avec\s+le\s+soutien|confi[ée]e?\s+à|entrusted\s+to|managed\s+by|g[ée]r[ée]e?\s+par|"
              r"d[ée]velopp[ée]e?\s+avec|developed\s+with|en\s+collaboration\s+avec|co-?d[ée]velopp\w*|"
              r"(?:has\s+|have\s+)?(?:selected|chosen|chose|picked|tapped|contracted)\s+(?=[A-ZÀ-Þ])|(?:a|ont)\s+(?:choisi|retenu|s[ée]lectionn[ée])\s+(?=[A-ZÀ-Þ])|"
              r"(?:men[ée]e?|r[ée]alis[ée]e?|conduite?)\s+(?:conjointement\s+)?avec|carried\s+out\s+with|run\s+jointly\s+with"),
]
PARTNER_RE = re.compile("|".join(f"(?P<{r}>{p})" for r, p in PARTNER_CUES), re.I)


ROLE_RE = re.compile(
    r"\b(?:(?:co-?)?pr[ée]sident(?:e)?[- ]directeur\s+g[ée]n[ée]ral|(?:co-?)?pdg|p\.-d\.g\.|directeur\s+g[ée]n[ée]ral(?:\s+d[ée]l[ée]gu[ée])?|"
    r"directrice\s+g[ée]n[ée]rale(?:\s+d[ée]l[ée]gu[ée]e)?|(?:co-?)?dirigeante?s?|codirigeante?s?|"
    r"(?:senior\s+|executive\s+)?vice[- ]pr[ée]sidente?(?:\s+ex[ée]cuti(?:f|ve))?|"
    r"directeur\s+financier|directrice\s+financi[èe]re|(?:directeur|directrice)\s+(?:du\s+d[ée]veloppement\s+durable|de\s+la\s+durabilit[ée]|RSE|"
    r"de\s+l['’]environnement|climat)|responsable\s+(?:RSE|du\s+d[ée]veloppement\s+durable|climat|environnement)|"
    r"pr[ée]sidente?|(?:co-?)?fondat(?:eur|rice)|porte-parole|patron(?:ne)?|boss|"
    r"(?:sustainability|climate|environmental|environment|ESG|finance|financial|energy)\s+(?:chief|head|lead|director|officer|manager)|à\s+la\s+t[êe]te\s+d[eu']|"
    r"chief\s+(?:executive|financial|sustainability|operating|technology|climate|environmental)(?:\s+officer)?|(?:co-?)?(?:CEO|CFO|CSO|COO|CTO)|"
    r"(?:co-?)?founder|vice[- ]chair(?:man|woman)?|chair(?:man|woman|person)?|president|managing\s+director|general\s+manager|"
    r"head\s+of\s+(?:sustainability|climate|ESG|environment)|(?:global\s+)?director\s+of\s+(?:sustainability|climate|environment|ESG)|"
    r"spokes(?:person|man|woman)|(?:senior\s+|executive\s+)?vice[- ]president|VP|SVP|EVP|chief\s+\w+(?:\s+\w+){0,3}?\s+officer|"
    r"(?:directeur|directrice|director|head|responsable|manager)\s+(?:de\s+la\s+|du\s+|des\s+|de\s+l['’]|of\s+)?(?:strat[ée]gie|climat|"
    r"environnement|d[ée]veloppement\s+durable|durabilit[ée]|sustainability|climate|environment|ESG|RSE|impact|energy|[ée]nergie))s?\b",
    re.I)
ROLE_BEFORE = re.compile(r"(?:" + ROLE_RE.pattern + r")\s*,?\s*$", re.I)


#: a sentence with one of these is worth the NER's time (kg.extract.mentions)
CUE_RE = re.compile("|".join([PLEDGE_RE.pattern, r"[ée]missions?|emissions?|tonnes?|\bMt\b|footprint|empreinte",
                              PARTNER_RE.pattern, ROLE_RE.pattern, r"\bCOP\s?\d|accord\s+de\s+paris|initiative|pledge|engag"]), re.I)
