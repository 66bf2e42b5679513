"""Mentions in an article (find_mentions): organisations, platforms, initiatives, people, anaphora."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .cues import CUE_RE
from .roles import ROLE_BEFORE
from .gazetteer import Gazetteer, OrgInfo, fold, guess_kind
from .name_edges import common_noun_opener, institution_tail, is_opener, not_a_name, strip_roles
from .pipelines import NER_CHAR_BUDGET, ner_spans
from .text import Sentence

@dataclass
class Mention:
    start: int
    end: int
    kind: str          # org | platform | initiative | person | anaphor
    name: str          # canonical name (for anaphora: filled in when resolved)
    surface: str


COP_RE = re.compile(r"\bCOP\s?-?(\d{1,2})\b|\b(\d{1,2})(?:e|ème|th|st|nd|rd)\s+(?:conférence|conference)\s+(?:des\s+nations\s+unies|of\s+the\s+parties|of\s+the\s+united\s+nations)[^.;,()]{0,60}?(?:climat\w*|climate(?:\s+change)?)", re.I)

ANAPHOR_RE = re.compile(
    r"\b(?:(?:la|cette)\s+(?:firme|soci[ée]t[ée]|compagnie|entreprise|multinationale|marque|plateforme|start-?up|enseigne|major|banque|maison)|"
    r"l['’](?:entreprise|enseigne|[ée]quipementier|op[ée]rateur|industriel|[ée]diteur|[ée]nerg[ée]ticien|h[ée]bergeur|assureur|organisation|"
    r"[ée]lectricien|armateur|a[ée]roport|avionneur|automobiliste|op[ée]rateur\s+historique|[ée]nerg[ée]ticien)|"
    r"(?:le|ce|la|cette)\s+(?:groupe|g[ée]ant|constructeur|fabricant|distributeur|leader|sp[ée]cialiste|num[ée]ro\s+un|mastodonte|"
    r"champion|d[ée]taillant|fournisseur|transporteur|p[ée]trolier|cimentier|sid[ée]rurgiste|g[ée]ant|producteur|chimiste|papetier|verrier|"
    r"brasseur|pneumaticien|motoriste|logisticien|voyagiste|laboratoire|sucrier|semencier|laitier|minier|transporteur\s+a[ée]rien)(?:\s+de\s+[A-ZÀ-Þ][\w-]+(?=[,.]|\s(?!(?-i:[A-ZÀ-Þ]))))?"
    r"(?:\s+(?:du|de\s+la|des|de\s+l['’])\s+[a-zà-ÿ][\w-]*(?:\s+(?:en\s+ligne|[a-zà-ÿ]+(?:ique|ien|ais|ois|al|el|iel|aux|ier)s?))?|\s+(?:am[ée]ricain|chinois|fran[çc]ais|allemand|japonais|cor[ée]en|su[ée]dois|britannique|mondial|europ[ée]en))?|"
    r"the\s+world['’]s\s+(?:biggest|largest|leading|top|second[- ]largest|second[- ]biggest)\s+[a-z][\w-]*[a-rt-z](?![\w-]|\s+[a-z]+s\b)|"
    r"the\s+(?:company|firm|group|giant|major|(?:tech|retail|e-commerce|streaming|oil|energy|software|search|social\s+media)\s+giant|retailer|carmaker|automaker|"
    r"manufacturer|business|corporation|conglomerate|operator|brand|bank|airline|insurer|utility|chipmaker|platform|"
    r"carrier|steelmaker|cement\s?maker|miner|grocer|telco|drugmaker|lender|shipper|tyre\s?maker|tire\s?maker|brewer|"
    r"(?:(?:(?!other\b|rival\b|partner\b|parent\b|sister\b|competing\b|former\b|same\b|new\b|acquired\b|target\b|client\b|customer\b|supplier\b)[a-z][\w-]+|Swiss|French|German|American|US|British|UK|Spanish|Italian|Dutch|Japanese|Chinese|Korean|Swedish|Danish|"
    r"Norwegian|Finnish|Canadian|Australian|Indian|Brazilian|European)\s+){1,2}(?:company|firm|group|giant|maker|producer|"
    r"manufacturer|retailer|chain|operator|provider|carrier|conglomerate|major|utility|miner|insurer|bank|lender|airline|brewer)))\b",
    re.I)

#: words that are capitalised but are not names (sentence starts, months, places...)
NOT_NAMES = {fold(w) for w in """
le la les l un une des du de d au aux en dans pour par sur avec sans sous chez entre vers selon depuis pendant
ce cet cette ces son sa ses leur leurs notre nos votre vos mon ma mes il elle ils elles on nous vous je tu
qui que quoi dont où ou et mais donc or ni car si comme lorsque quand alors ainsi aussi enfin ensuite puis
tout toute tous toutes chaque plusieurs certains certaines autre autres même mêmes face grâce afin après avant
the a an and or but of in on at to for from by with as this that these those its it he she they we our their
his her you your i my is are was were be been has have had will would can could should may might must
however meanwhile also yet still so thus therefore since while when where which who whom whose what why how
lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday saturday sunday
janvier février mars avril mai juin juillet août septembre octobre novembre décembre january february march
april may june july august september october november december
france chine china europe asie asia afrique africa amérique america états-unis etats-unis inde india
japon japan allemagne germany royaume-uni canada brésil brazil australie australia paris londres
danemark denmark colombie colombia seattle copenhague copenhagen pays-bas netherlands moyen-orient afrique
four three two five most those back launched suppliers home share read related sponsored
advertisement publicité accueil newsroom
london pékin beijing dubaï dubai californie california texas irlande ireland suisse switzerland belgique belgium
co2 ges ghg scope scopes ia ai iaot iot esg rse csr ong ngo onu pdg ceo cfo u.s u.k e.u u.s.a
selon according objectif objectifs target targets mais however pourtant cependant toutefois néanmoins
""".split()}

#: places among NOT_NAMES: alone they are no name, inside a run they are part of one ('Air Norvalie', 'Europe Logistique')
PLACE_WORDS = {fold(w) for w in """france chine china europe asie asia afrique africa amérique america états-unis etats-unis inde india
japon japan allemagne germany royaume-uni canada brésil brazil australie australia paris londres danemark denmark colombie
colombia seattle copenhague copenhagen pays-bas netherlands london pékin beijing dubaï dubai californie california texas
irlande ireland suisse switzerland belgique belgium""".split()}

NOT_ALONE = {fold(w) for w in """groupe group société company entreprise firme firm monde world un ue eu usa us uk net zéro zero carbone carbon climate climat énergie energy transport business tech retail
économie economie industrie industry scope""".split()}

ORG_SUFFIX = re.compile(
    r"\b(?:Inc|Incorporated|Corp|Corporation|Ltd|Limited|PLC|plc|SA|SAS|SE|AG|NV|BV|GmbH|LLC|LLP|Co|Company|Group|Groupe|"
    r"Holdings?|Laboratory|Laboratoire|Institute|Institut|University|Université|Council|Foundation|Fondation|Agency|"
    r"Agence|Ministry|Ministère|Partners|Consulting|Bank|Banque|Airlines|Motors|Energy|Énergie|Technologies|Systems|"
    r"Industries|Capital|Impact|Lab|Labs|Services|Solutions|Software|Networks|Pharma|Telecom|Fund|Fonds|Cloud|Investments?|"
    r"Managers|Resources|Electric|Airways|Motor|Mills|Heinz|Organi[sz]ation|Programme|Authority|Commission)\b\.?$")
#: a company-type head noun before the name: 'Aciéries Morel', 'Transports Lemaire', 'Laboratoires Durand'
ORG_HEAD = re.compile(r"(?:Aci[ée]ries|Transports|Laboratoires|[ÉE]tablissements|Ets|Chantiers|Ateliers|Forges|Papeteries|Brasseries|"
                      r"Verreries|[ÉE]ditions|Mutuelle|Caisse|Cr[ée]dit|Banque|Soci[ée]t[ée]|Compagnie|Groupe|Cimenteries|Sucreries|"
                      r"Fonderies|Constructions|Industries|Magasins|Galeries|Laiteries|Fromageries|Distilleries|Imprimeries|Assurances|"
                      r"Coop[ée]rative|Fromagerie|Brasserie|Laiterie|Maison)\s+[A-ZÀ-Þ]")
SUBJECT_VERB_AFTER = re.compile(
    r"^(?:\s*,[^,.;]{0,80},)?\s+(?:a\s+|has\s+|have\s+|will\s+|also\s+|aussi\s+|par\s+ailleurs\s+|de\s+son\s+côté\s+)*"
    r"(?:vise|visent|s['’]engage|s['’]est\s+engagée?|prévoit|annonce|annoncé|veut|compte|promet|lance|dévoile|dévoilé|"
    r"mise|maintient|assure|rejoint|aims|commits|committed|plans|pledged|pledges|says|said|announced|launched|unveiled|"
    r"wants|intends|targets|sets|set|reported|emitted|joined|signed|is\s+(?:committed|aiming|planning)|dit|déclare|explique|affirme|"
    r"estime|est|sont|figure|compte|côtoie|was|is|says|plans|will|would|wants|souhaite|décide|va|doit|peut|investit|promeut|"
    r"propose|travaille|utilise|s['’]est|s['’]était|entend|reached|achieved|sources|uses|expects|hopes|vowed|promised|recorded|"
    r"réduira|atteindra|deviendra|sera|will|a\s+(?:décidé|annoncé|dévoilé|présenté|lancé|signé|émis|réduit|atteint)|"
    r"has\s+(?:announced|committed|pledged|set|signed|joined|emitted|reduced|reached|agreed))\b", re.I)

ORG_PRECEDER = re.compile(
    r"(?:\b(?:entreprise|société|firme|groupe|géant|constructeur|fabricant|distributeur|start-?up|opérateur|marque|"
    r"concurrent|rival|competitor|armateur|chantier|nonprofit|organisation|organization|actionnaire|"
    r"company|firm|group|giant|retailer|maker|carmaker|startup|operator|brand|provider|supplier|fournisseur|cabinet|"
    r"consultancy|bank|banque|laboratoire|organisation|organization|ONG|NGO|association|fonds|fund)\s+(?:(?:de|d['’]|of)\s+[\w'’-]+\s+){0,3}"
    r"(?:(?:américaine?|chinoise?|française?|allemande?|japonaise?|britannique|suédoise?|danoise?|sud-coréen(?:ne)?|"
    r"technology|tech|energy|oil|américain|français|"
    r"de\s+conseil|de\s+services|d['’]énergie|pétrolière?|énergétique|technologique|retail)\s+)?,?)$", re.I)

_NAME_WORD = r"(?:(?:[A-Z]\.){2,4}(?:\s?[A-ZÀ-ÖØ-Þ][\w&'’-]*[\w&])?|[A-ZÀ-ÖØ-Þ][\w&'’.-]*[\w&+]|[A-ZÀ-ÖØ-Þ]|\d+[A-Za-z][\w-]*|[a-z]+[A-Z][\w-]*)"
NAME_RE = re.compile(rf"(?:\d+/\d+\s)?{_NAME_WORD}(?:\s(?:(?:of|de|du|des|for|to|la|le|van|von|der|&)\s)?(?:{_NAME_WORD}|\d+\+?(?![\d,.]*\d)(?![\d\s]*%)))*")

PERSON_NAME_RE = re.compile(
    r"(?<![\w-])[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þa-zà-öø-ÿ][a-zà-öø-ÿ]+)?"
    r"(?:\s(?:(?:de|du|van|von|der|da|di|le|la|bin|al)\s)?[A-ZÀ-ÖØ-Þ][\w'’]*(?:-[A-Za-zà-öø-ÿ]+)?){1,3}(?![\w-])")


class ArticleEntities:
    """The mentions of one article, their canonical names and the organisations' details."""

    def __init__(self, gazetteer: Gazetteer):
        self.g = gazetteer
        self.mentions: list[Mention] = []
        self.orgs: dict[str, OrgInfo] = {}
        self.surfaces: dict[str, set[str]] = {}

    def add_org(self, name: str, kind: str | None = None) -> OrgInfo:
        if name not in self.orgs:
            known = self.g.orgs.get(name)
            if known:
                self.orgs[name] = known
            else:
                self.orgs[name] = OrgInfo(name, kind=kind or guess_kind(name))
        return self.orgs[name]

    def operator(self, platform: str) -> str | None:
        return self.g.platforms.get(platform, (set(), None))[1]

    def related(self, a: str, b: str) -> bool:
        """Same organisation, or one a subsidiary of the other (per the graph)."""
        if a == b:
            return True
        pa = self.g.orgs.get(a).parents if a in self.g.orgs else set()
        pb = self.g.orgs.get(b).parents if b in self.g.orgs else set()
        return b in pa or a in pb


INITIATIVE_WORDS = re.compile(
    r"\b(?:Compact|Alliance|Coalition|Pledge|Initiative|initiative|Agreement|Accord|Challenge|Campaign|Commitment|"
    r"Race\s+to\s+Zero|Net[- ]Zero|Action\s+100\+?|Protocol|Protocole|Charter|Charte|Manifesto|Club|Task\s?[Ff]orce)\b")
INITIATIVE_BEFORE = re.compile(
    r"(?:\b(?:l['’]initiative|the\s+initiative|la\s+coalition(?:\s+d['’]entreprises)?|the\s+coalition|l['’]alliance|the\s+alliance|"
    r"le\s+pacte|the\s+compact|la\s+campagne|the\s+campaign|le\s+programme|the\s+programme|l['’]engagement|the\s+pledge)\s*[«“\"]?\s*)$", re.I)
INITIATIVE_AFTER = re.compile(r"^\s*,\s*(?:a|an|une?|la|l['’])\s+(?:\w+\s+){0,2}(?:coalition|alliance|initiative|campaign|campagne|pledge|compact)\b|"
                              r"^\s+(?:initiative|coalition|alliance|campaign|pledge|compact|commitment|challenge)\b(?!\s+(?:of|with|to|on|for|de|avec|pour|sur)\b)")
#: a collective body ('Global Cement and Concrete Association', 'Consumer Goods Forum') one is a member of
COLLECTIVE_WORDS = re.compile(r"\b(?:Association|Forum|Council|Conseil|Network|R[ée]seau|Partnership|Roundtable|Round\s+Table|"
                              r"Platform|Plateforme|Task\s?Force|Federation|F[ée]d[ée]ration|Consortium|Movement|Mouvement|Group\s+of|Declaration|D[ée]claration)\b")
MEMBERSHIP_BEFORE = re.compile(r"(?:\b(?:(?:founding\s+|full\s+)?members?\s+of|membres?\s+(?:fondat\w+\s+)?(?:du|de\s+la|de\s+l['’]|des|de)|"
                               r"joined|joins|has\s+joined|a\s+rejoint|rejoint|signed\s+up\s+to|signed|signatory\s+(?:of|to)|signataire\s+(?:du|de\s+la|de\s+l['’]|de)|"
                               r"a\s+sign[ée]|adh[ée]r\w*\s+(?:à|au)|part\s+of|fait\s+partie\s+(?:du|de\s+la|de\s+l['’]|des))\s+(?:the\s+|le\s+|la\s+|l['’])?)$", re.I)
COLLECTIVE_WITH_AND = re.compile(r"(?:[A-ZÀ-Þ][\w-]+\s){1,4}(?:and|&|et)\s(?:[A-ZÀ-Þ][\w-]+\s){0,3}" + COLLECTIVE_WORDS.pattern[2:])
#: an event one presents at ('at the Global Industry Forum', 'lors du Sommet X')
EVENT_WORDS = re.compile(r"\b(?:Forum|Summit|Sommet|Conference|Conf[ée]rence|Congress|Congr[èe]s|Week|Semaine|Assembly|Assembl[ée]e)\b")
EVENT_BEFORE = re.compile(r"\b(?:at|during|lors\s+d[eu]|au|à\s+la|pendant\s+l[ea]|en\s+marge\s+d[eu])\s+(?:the\s+|l['’])?$", re.I)
INITIATIVE_ANAPHOR = re.compile(r"\b(?:l['’]alliance|la\s+coalition|l['’]initiative|la\s+task[\s-]?force|the\s+(?:alliance|coalition|initiative|compact|task[\s-]?force))\b", re.I)
INSTITUTION_START = re.compile(r"^(?:Centre|Center|Institut|Institute|Fondation|Foundation|Agence|Office|École|Observatoire|Conseil|Union|Syndicat|"
                               r"F[ée]d[ée]ration|Comit[ée]|Commission|Autorit[ée])\b")
APPOSITIVE_ORG = re.compile(
    r"\s*,\s*(?:(?:a|an|une?|the|l['’]|le|la)\s+)?(?:[\w-]+\s+){0,3}(?:firm|company|group|nonprofit|organisation|organization|retailer|"
    r"entreprise|société|groupe|ONG|NGO|institut|institute|fund|fonds|filiale|subsidiary|provider|manufacturer|maker|operator)\b", re.I)
ROLE_NEAR = re.compile(r"\s*,\s*(?:(?:le|la|l['’]|its|their|the|[A-Z][\w.&-]*['’]s)\s+)?(?:co-?)?(?:pr[ée]sident|pdg|directeur|directrice|"
                       r"dirigeant|codirigeant|vice|chief|head|ceo|cfo|founder|fondat|chair|responsable|porte-parole|spokes)", re.I)
PLACE_AFTER = re.compile(r"^\s*,\s*(?:le|the)?\s*\d{1,2}(?:er)?\s+\w+\.?\s+\d{4}|^\s*\(\s*(?:AFP|Reuters)", re.I)


def find_mentions(text: str, sentences: list[Sentence], lang: str, gaz: Gazetteer) -> ArticleEntities:
    """Gazetteer mentions, COP conferences, anaphora, and capitalised names (classified as
    person, place, initiative or candidate organisation, with NER hints for French)."""
    ents = ArticleEntities(gaz)
    mask = bytearray(len(text))   # 1 where a mention already is: linear, even on a 1 MB text
    rx = gaz.regex()

    class _Taken:
        @staticmethod
        def append(span):
            mask[span[0]:span[1]] = b"\x01" * (span[1] - span[0])

    taken = _Taken()

    def free(a, b):
        return mask.find(1, a, b) == -1

    for s in sentences:
        for m in COP_RE.finditer(text, s.start, s.end):
            n = m.group(1) or m.group(2)
            ents.mentions.append(Mention(m.start(), m.end(), "initiative", f"COP {int(n)}", m.group(0)))
            taken.append((m.start(), m.end()))
        for m in rx.finditer(text, s.start, s.end):
            hit = gaz.resolve(m.group(0))
            if not hit or not free(m.start(), m.end()):
                continue
            kind, name = hit
            # 'Norvex Cloud', 'Voltara Impact': a known name followed by a name word is another name
            follow = re.match(r"\s(Cloud|Impact|Energy|Foundation|Fondation|Capital|Investments?|Ventures|Labs?|Research)\b",
                              text[m.end():m.end() + 20])
            if kind == "org" and follow and not gaz.resolve(m.group(0) + follow.group(0)):
                continue
            # 'Azure Sky' (a wind farm): a platform name followed by another capitalised word names something else
            if kind == "platform" and re.match(r"\s[A-ZÀ-Þ][a-zà-ÿ]+", text[m.end():m.end() + 20]) \
                    and not gaz.resolve(text[m.start():m.end() + len(re.match(r"\s\S+", text[m.end():]).group(0))]):
                continue
            ents.mentions.append(Mention(m.start(), m.end(), kind, name, m.group(0)))
            taken.append((m.start(), m.end()))
            if kind == "org":
                ents.add_org(name)
                ents.surfaces.setdefault(name, set()).add(m.group(0))
        for m in ANAPHOR_RE.finditer(text, s.start, s.end):
            if m.group(0).isupper() or (re.fullmatch(r"\S+\s+[A-ZÀ-Þ]\S*", m.group(0)) and re.match(r"\s[A-ZÀ-Þ]", text[m.end():m.end() + 2])):
                continue   # 'La Banque Verte', 'LE GROUPE': a capitalised head noun starts a name
            if free(m.start(), m.end()):
                ents.mentions.append(Mention(m.start(), m.end(), "anaphor", "", m.group(0)))
                taken.append((m.start(), m.end()))
        for m in INITIATIVE_ANAPHOR.finditer(text, s.start, s.end):
            if free(m.start(), m.end()):
                ents.mentions.append(Mention(m.start(), m.end(), "ianaphor", "", m.group(0)))
                taken.append((m.start(), m.end()))
        # 'a founding member of the Global Cement and Concrete Association': a body named with 'and'
        for m in COLLECTIVE_WITH_AND.finditer(text, s.start, s.end):
            if MEMBERSHIP_BEFORE.search(text, max(s.start, m.start() - 60), m.start()) and free(m.start(), m.end()):
                ents.mentions.append(Mention(m.start(), m.end(), "initiative", m.group(0), m.group(0)))
                taken.append((m.start(), m.end()))

    # 'X commits to / s'engage à': the words before the verb name the organisation (SBTi wording)
    for s in sentences:
        m = COMMIT_SUBJECT.search(s.text)
        if not m:
            continue
        a0, b0 = s.start + m.start("subj"), s.start + m.end("subj")
        subj = text[a0:b0]
        lead = re.match(r"(?:(?:in\s+addition|furthermore|additionally|moreover|also|overall[\w\s-]*?target|near[- ]term\s+targets?|"
                        r"long[- ]term\s+targets?|headline\s+target)\s*[,:]?\s*)+", subj, re.I)
        if lead:
            a0 += lead.end()
            subj = text[a0:b0]
        desc = re.match(r"(?:[Ll]e|[Ll]a|[Ll]es|[Ll]['’]|[Tt]he|[Cc]e|[Cc]ette)\s*(?:[a-zà-ÿ][\w'’-]*\s+){1,4}(?=[A-ZÀ-Þ])", subj)
        if desc:   # 'Le réseau Air Norvalie s'engage': the description before the name is not part of it
            a0 += desc.end()
            subj = text[a0:b0]
        parts = re.split(r",\s+", subj)
        if len(parts) > 1 and not re.fullmatch(r"(?:S\.?A\.?|Inc\.?|Ltd\.?|LTD\.?|N\.?V\.?|AG|plc|PLC|LLC|S\.?p\.?A\.?)", parts[-1]):
            a0 = b0 - len(parts[-1])
            subj = text[a0:b0]
        words = subj.split()
        if len(words) > 8:
            a0 = b0 - len(" ".join(words[-6:]))
            subj = text[a0:b0]
        subj = subj.strip(" ,*")
        if not subj or not re.search(r"[^\W\d_]", subj) or not any(c.isupper() for c in subj) or not free(a0, b0) or ANAPHOR_RE.fullmatch(subj) or \
                re.fullmatch(r"(?:it|we|they|the\s+\w+|this\s+\w+|il|elle|nous|le\s+\w+|la\s+\w+|l['’]\w+)", subj, re.I) or \
                re.search(r"\s(?:said|says|a|est|is|it|il|elle|que|that)\s", f" {subj} ") or \
                not re.search(r"(?:[A-ZÀ-Þ][\w&.'’-]*|ltd\.?|inc\.?|s\.a\.?|plc|gmbh|ag|oy|ab|as|co\.?)$", subj, re.I):
            continue
        a0 = text.index(subj, a0)
        ents.mentions.append(Mention(a0, a0 + len(subj), "org?", subj, subj))
        ents.surfaces.setdefault(subj, set()).add(subj)
        taken.append((a0, a0 + len(subj)))

    # capitalised names, with the French NER's labels as hints
    ner_labels: list[tuple[int, int, str]] = []
    if lang == "fr":
        budget, chosen = NER_CHAR_BUDGET, []
        for s in sentences:
            if s.end - s.start <= budget and (s.index < 3 or CUE_RE.search(s.text)):
                chosen.append(s)
                budget -= s.end - s.start
        texts = [s.text.replace("’", "'") for s in chosen]
        for s, found in zip(chosen, ner_spans(texts)):
            ner_labels.extend((s.start + x, s.start + y, label) for x, y, label in found)
    names: dict[str, list[tuple[int, int]]] = {}
    for s in sentences:
        for m in NAME_RE.finditer(text, s.start, s.end):
            a, b = m.start(), m.end()
            words = text[a:b].split(" ")
            # 'le groupe La Maison Bleue': a capitalised article after a lower-case word belongs to the name
            kept_article = len(words) >= 2 and words[0] in ("La", "Le", "Les") and bool(re.search(r"[a-zà-ÿ]\s$", text[max(s.start, a - 2):a]))
            def dropped(w: str, n: int) -> bool:
                f = fold(w).strip(".,'’")
                return f in NOT_NAMES and not (n >= 2 and f in PLACE_WORDS)
            while words and not kept_article and (dropped(words[0], len(words)) or re.match(r"^(?:[LDCSNMTJldcsnmtj]|[Qq]u|[Jj]usqu|[Ll]orsqu)['’][a-zà-ÿ]", words[0])):
                a += len(words[0]) + 1
                words = words[1:]
            while words and dropped(words[-1], len(words)) and not ORG_SUFFIX.search(words[-1]):
                b -= len(words[-1]) + 1
                words = words[:-1]
            if words and re.match(r"[LD]['’][A-Z]{2,}$", words[0]):   # "L'ACT": the article of an acronym
                a += 2
                words[0] = words[0][2:]
            # "Northern League's Carbon Market": the owner is the name, what it owns is another thing
            own = next((i for i, w in enumerate(words[:-1]) if re.search(r"['’]s$", w)), None)
            if own is not None:
                for w in words[own + 1:]:
                    b -= len(w) + 1
                words = words[:own + 1]
            at_start = not text[s.start:a].strip(" «\"“(-–—'‘")
            while words and is_opener(words[0], at_start) and fold(words[0]) not in FIRST_NAMES:
                a += len(words[0]) + 1
                words = words[1:]
            lead, trail = strip_roles(words)
            for w in words[:lead]:
                a += len(w) + 1
            for w in words[len(words) - trail:]:
                b -= len(w) + 1
            words = words[lead:len(words) - trail]
            based = max((i for i, w in enumerate(words) if re.search(r"-(?:based|headquartered)$", w)), default=None)
            if based is not None:
                for w in words[:based + 1]:
                    a += len(w) + 1
                words = words[based + 1:]
            if not words or re.fullmatch(r"\d+[A-Za-z]{1,2}", " ".join(words)):
                continue
            surface = text[a:b]
            poss = re.search(r"['’]s$", surface)
            if poss:
                surface = surface[:poss.start()]
            surface = surface.rstrip(".,'’-")
            if not surface or not_a_name(surface):
                continue
            tail = institution_tail(text, surface, a + len(surface), s.end)
            if tail > a + len(surface):
                surface = text[a:tail]
            elif INSTITUTION_START.match(surface):
                ext = re.match(r"\s(?:pour|for|de|du|des|on)\s[a-zà-ÿ'’ -]{3,60}?(?=[,.;(]|\s(?:un|une|a|an|qui|which)\s)", text[a + len(surface):s.end])
                if ext:
                    surface = surface + ext.group(0)
            b = a + len(surface)
            if len(surface) < 2 or not free(a, b) or fold(surface) in NOT_NAMES or fold(surface) in NOT_ALONE or surface.isdigit():
                continue
            names.setdefault(surface, []).append((a, b))
    # classify each distinct name by the evidence for each kind (table of hints, summed)
    kinds: dict[str, str] = {}
    ner_labels.sort()
    ner_starts = [x for x, _, _ in ner_labels]
    starts = {s.start for s in sentences}
    for surface in [n for n, ps in names.items() if common_noun_opener(n, all(
            not text[max(0, pa - 3):pa].strip(" «\"“") or pa in starts for pa, _ in ps))]:
        del names[surface]
    for surface, all_places in names.items():
        places = all_places[:20]
        labels: list[str] = []
        for pa, pb in places:
            i = bisect.bisect_left(ner_starts, pa - 80)
            while i < len(ner_labels) and ner_labels[i][0] < pb:
                x, y, lab = ner_labels[i]
                if x < pb and y > pa:
                    labels.append(lab)
                i += 1
        n_words = len(surface.split())
        lefts = [text[max(0, pa - 60):pa] for pa, _ in places]
        rights = [text[pb:pb + 80] for _, pb in places]
        if all(re.search(r"(?:[«“\"‘]|(?<!\w)')\s*$", l) for l in lefts):
            kinds[surface] = "name"       # a quoted programme or slogan, not an organisation
            continue
        if (INITIATIVE_WORDS.search(surface) and not ORG_SUFFIX.search(surface)) or any(INITIATIVE_BEFORE.search(l) for l in lefts) \
                or any(INITIATIVE_AFTER.match(r) for r in rights) \
                or (COLLECTIVE_WORDS.search(surface) and any(MEMBERSHIP_BEFORE.search(l) for l in lefts)) \
                or (EVENT_WORDS.search(surface) and any(EVENT_BEFORE.search(l) for l in lefts)):
            kinds[surface] = "initiative"
            continue
        if re.fullmatch(r"[A-Z][A-Z&]{1,5}", surface) and (
                (any(re.search(r"\b[a-zà-ÿ]{3,}\s*\(\s*$", l) for l in lefts) and not any(re.search(r"[A-Z][\w&.-]*\s*\(\s*$", l) for l in lefts))
                or any(re.match(r"\s*\(\s*[a-zà-ÿ]{3,}", r) for r in rights)):
            kinds[surface] = "term"       # 'sustainable aviation fuel (SAF)', 'FLAG (forêts, terres...)': a term and its words
            continue
        # 'Bétonor Méditerranée': a name that opens with another organisation of the article is a subsidiary
        sub = n_words >= 2 and fold(surface.split()[0]) not in FIRST_NAMES and (surface.split()[0] in names or surface.split()[0] in gaz.orgs)
        org = (3 * bool(ORG_SUFFIX.search(surface) or INSTITUTION_START.match(surface) or ORG_HEAD.match(surface)) + 4 * sub
               + 2 * any(ORG_PRECEDER.search(l) for l in lefts) + 2 * any(SUBJECT_VERB_AFTER.match(r) for r in rights)
               + 2 * any(APPOSITIVE_ORG.match(r) for r in rights) + ("ORG" in labels) + (len(all_places) >= 2)
               + any(re.match(r"['’]s\s", r) for r in rights))
        person = (3 * _looks_like_person(surface) + (min(labels.count("PER"), 2) if n_words >= 2 else 0)
                  + 2 * any(ROLE_NEAR.match(r) for r in rights)
                  + 3 * (n_words >= 2 and any(ROLE_BEFORE.search(l) and not re.search(r"\(\s*[^()]{1,60},\s*$", l) for l in lefts)))
        place = (3 * any(PLACE_AFTER.match(r) for r in rights) + ("LOC" in labels)
                 + sum(bool(re.search(r"\b(?:in|at|vers|near|près\s+de|(?:situ[ée]e?|bas[ée]e?|install[ée]e?|based|located)\s+(?:à|en|in))\s+$", l)) for l in lefts))
        best = max(org, person, place)
        if best == 0:
            kinds[surface] = "name"
        elif person == best and n_words >= 2 and not ORG_SUFFIX.search(surface):
            kinds[surface] = "person"
        elif org == best:
            kinds[surface] = "org?"
        elif place == best:
            kinds[surface] = "place"
        else:
            kinds[surface] = "name"
    # short forms of a longer organisation name of the same article ('Maersk', 'Ingka', 'Total')
    canon: dict[str, str] = {}
    orgish = [n for n, k in kinds.items() if k in ("org?", "name")]
    # 'NORTHBOX' and 'Northbox': a name in capitals is the same name
    for caps in orgish:
        if caps.isupper() and len(caps) > 4:
            same = next((n for n in orgish if n != caps and fold(n) == fold(caps)), None)
            if same:
                canon[caps] = same
    for short in orgish:
        if short in canon:
            continue
        # 'Norvex' before 'Norvex Books' and 'Norvex Media': the parent, not a short form
        if sum(1 for n in orgish if n != short and n.split()[0] == short) >= 2:
            continue
        for long in orgish:
            if long == short or len(long) <= len(short):
                continue
            if re.match(r"(?:Fonds|Fund|Fondation|Foundation|Centre|Center|Institut|Institute|Prix|Award)\b", long):
                continue
            toks = re.split(r"[\s-]+", long)
            if short in toks or " ".join(toks[-len(short.split()):]) == short or \
                    (len(short) >= 4 and " " not in long and long.startswith(short)):
                canon[short] = canon.get(long, long)
                if kinds[short] == "org?" or kinds[long] == "org?":
                    kinds[long] = "org?"
                break
    # 'Clean Water Fund (CWF' : an acronym in brackets is an alias (of an initiative too: 'Clean Skies Alliance (CSA)')
    for surface, places in names.items():
        for _, pb in places:
            m = re.match(r"\s*\(\s*([A-Z][A-Z0-9&]{1,7})\b", text[pb:pb + 15])
            if m and m.group(1) in names and kinds.get(surface) in ("org?", "name"):
                canon[m.group(1)] = canon.get(surface, surface)
                kinds[surface] = "org?"
            elif m and m.group(1) in names and kinds.get(surface) == "initiative":
                canon[m.group(1)] = surface
                kinds[m.group(1)] = "initiative"
    for surface, places in names.items():
        kind = kinds[surface]
        name = canon.get(surface, surface)
        if name in gaz.orgs:
            kind = "org"
        elif kind in ("org?", "name") and kinds.get(name) == "org?":
            kind = "org?"
        for a, b in places:
            if not free(a, b):
                continue
            ents.mentions.append(Mention(a, b, kind, name, surface))
            taken.append((a, b))
        if kind in ("org?", "name", "org"):
            ents.surfaces.setdefault(name, set()).add(surface)
    ents.mentions.sort(key=lambda m: m.start)
    # initiative anaphora: the latest initiative named before
    seen_inits: list[str] = []
    for m in ents.mentions:
        if m.kind == "initiative":
            seen_inits.append(m.name)
        elif m.kind == "ianaphor" and seen_inits:
            head = fold(m.surface).split()[-1].split("'")[-1]
            same = [n for n in seen_inits if head in fold(n)]
            others = [n for n in seen_inits if not n.startswith("COP")]
            m.kind, m.name = "initiative", (same or others or seen_inits)[-1]
    ents.mentions = [m for m in ents.mentions if m.kind != "ianaphor"]
    return ents


COMMIT_SUBJECT = re.compile(
    r"(?:^|https?://\S+\s+|\)\.?\s+)(?P<subj>[^\W\d_][^;:!?]{0,90}?)\s+"
    r"(?:also\s+|further\s+|additionally\s+)?(?:commits|pledges|s['’]engagen?t?)\s+(?:to|that|à)\b")

FIRST_NAMES = {fold(n) for n in """
alain alexandre patrick jean pierre marie michel philippe nicolas françois thomas julien david éric eric laurent
frédéric christophe stéphane olivier sébastien vincent antoine isabelle sophie nathalie catherine anne claire
christine valérie sylvie céline julie caroline emmanuel bruno luc marc paul jacques henri louis guillaume benoît
kévin kevin lei tim satya sundar jeff andy bill elon mark sheryl jane john james robert michael william richard
joseph charles daniel matthew anthony steven andrew brian kevin george edward ronald timothy jason jeffrey ryan
gary nicholas eric stephen jacob larry frank scott justin brandon raymond gregory samuel benjamin patrick jack
dennis jerry alexander tyler mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca
laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma samantha katherine christine
debra rachel carolyn janet virginia maria heather diane julie joyce victoria kelly christina joan evelyn lauren
judith olivia martha cheryl megan andrea hannah jacqueline ann jean alice kathryn gloria teresa doris sara janice
julia marie madison grace judy theresa beverly denise marilyn amber danielle abigail brittany rose diana natalie
sophia alexis lori kayla jane ellen jay kate greta ursula christiana inger peter hans klaus jürgen martin lars
xavier bernard gérard rené hervé didier denis yves arnaud mathieu hugo camille chloé élise pascal gilles dominique
jérôme fabrice franck serge raphaël rodolphe florent ignacio ed doug hans jesper brad melanie kara tom anna lucy clément
ola anders carlos jose josé luis juan manuel antonio francesco giovanni marco luca wang zhang li liu chen yang
huang zhao wu zhou xu sun ma zhu hu guo he lin luo satoshi hiroshi takeshi kenji akira ahmed mohamed mohammed ali
omar fatima raj amit sanjay priya anil arvind mukesh ratan elena olga ivan dmitri sergey natalia
""".split()}


def _looks_like_person(surface: str) -> bool:
    words = surface.split()
    return 2 <= len(words) <= 4 and fold(words[0]) in FIRST_NAMES and not ORG_SUFFIX.search(surface)
