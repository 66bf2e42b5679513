"""`kg extract`: propose the facts an analyst would take from a news article, each with its quote.

Pipeline (docs/extraction.md): boilerplate lines are set aside (offsets stay those of the original
text); language and publication date are read from the text; sentences are cut by rules; names
are found with the gazetteer (what the graph knows, plus built-in initiatives), capitalised-name
patterns and, for French, spaCy's NER (fr_core_news_sm, NER only, on the sentences that carry a
cue); anaphora ('la firme', 'the company', 'nous') resolve to the organisation in focus; then
tables of patterns propose pledges, emission figures, partners, people and initiatives. Every
evidence is a whole sentence of the text (or a heading line), checked to be an exact substring.

`import kg.extract` does not import spaCy: `load_pipelines()` does, once, on first use.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import parse as P
from ..errors import KgError

# ==============================================================================================
# spaCy, loaded lazily and once
# ==============================================================================================

_PIPELINES: dict[str, object] = {}
NER_CHAR_BUDGET = 60_000      # characters of an article sent to the NER at most (1 MB articles)
MAX_TEXT = 2_000_000          # longer texts are cut (facts past this point are not looked for)


def load_pipelines() -> dict:
    """Load spaCy's French NER (fr_core_news_sm with only its `ner` component: it has its own
    tok2vec, so the tagger, parser and lemmatizer are left out) once; {} when unavailable."""
    if "fr" not in _PIPELINES:
        try:
            import spacy

            _PIPELINES["fr"] = spacy.load(
                "fr_core_news_sm",
                exclude=["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer"])
        except Exception:  # noqa: BLE001 - no model: names come from the gazetteer and patterns only
            _PIPELINES["fr"] = None
    return _PIPELINES


_SURROGATE = re.compile("[\ud800-\udfff]")


def _ner_spans(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    nlp = load_pipelines().get("fr")
    if nlp is None or not texts:
        return [[] for _ in texts]
    # spaCy cannot encode a lone surrogate ('\ud800'): U+FFFD instead, one for one, so offsets hold
    texts = [_SURROGATE.sub("\ufffd", t) for t in texts]
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        out.append([(e.start_char, e.end_char, e.label_) for e in doc.ents])
    return out


# ==============================================================================================
# small helpers
# ==============================================================================================

APOS = "['’ʼ]"


def fold(s: str) -> str:
    """Lower case, no accents, straight apostrophes: the form names are compared in."""
    s = s.replace("’", "'").replace("ʼ", "'")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower().strip()


def _key(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(s))


def _alias_regex(alias: str) -> str:
    """A regex for an alias: apostrophes of either kind, flexible spaces, hyphen or space."""
    parts = []
    for ch in alias.strip():
        if ch in "'’ʼ":
            parts.append(APOS)
        elif ch.isspace():
            parts.append(r"\s+")
        elif ch == "-":
            parts.append(r"[-\s]?")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


# ==============================================================================================
# Gazetteer
# ==============================================================================================

KIND_OF_CLASS = [("CloudProvider", "cloud_provider"), ("ResearchInstitute", "research_institute"), ("NGO", "ngo"),
                 ("Consultancy", "consultancy"), ("PublicBody", "government"), ("InitiativeBody", "initiative_body"),
                 ("Company", "company")]

#: initiatives and labels known without the graph: canonical name -> aliases
BUILTIN_INITIATIVES: dict[str, list[str]] = {
    "RE100": ["RE 100"],
    "EP100": [], "EV100": [],
    "Science Based Targets initiative": ["SBTi", "Science Based Targets", "Science-Based Targets initiative",
                                         "initiative Science Based Targets", "SBT initiative"],
    "The Climate Pledge": ["Climate Pledge"],
    "UN Global Compact": ["United Nations Global Compact", "Global Compact", "Pacte mondial des Nations unies",
                          "Pacte mondial de l'ONU", "Pacte mondial"],
    "Paris Agreement": ["Accord de Paris", "accords de Paris", "Paris Climate Agreement", "Paris climate accord",
                        "Paris accord", "Accord de Paris sur le climat"],
    "Race to Zero": [], "Business Ambition for 1.5°C": ["Business Ambition for 1.5"],
    "Net-Zero Banking Alliance": ["Net Zero Banking Alliance", "NZBA"],
    "Net Zero Asset Managers initiative": ["Net Zero Asset Managers"],
    "First Movers Coalition": [], "Climate Neutral Now": [],
}

#: organisation name endings that tell the kind of a new organisation
KIND_BY_NAME = [
    (r"\b(?:laborato(?:ry|ire)|lab|institut[e]?|university|université|universite|research|recherche|cnrs|école|school|academy)\b", "research_institute"),
    (r"\b(?:council|foundation|fondation|fund|fonds|wwf|greenpeace|association|ong|ngo|alliance|trust|society|network|réseau|coalition|carbon trust|cdp)\b", "ngo"),
    (r"\b(?:consulting|conseil|consultants?|advisory|advisors|partners|mckinsey|deloitte|accenture|capgemini|kpmg|pwc|bcg|ey|impact)\b", "consultancy"),
    (r"\b(?:ministère|ministry|agence|agency|government|gouvernement|commission|département|department|ville de|city of|région|state of|ademe|epa|autorité|authority|office|administration)\b", "government"),
    (r"\b(?:aws|azure|cloud|ovh\w*|google cloud|data ?cent(?:er|re)s?)\b", "cloud_provider"),
]


@dataclass
class OrgInfo:
    name: str
    aliases: set[str] = field(default_factory=set)
    kind: str = "other"
    iri: str | None = None
    publisher: bool = False
    parents: set[str] = field(default_factory=set)


class Gazetteer:
    """What the graph knows (organisations, people, platforms, initiatives with their aliases),
    plus the built-in initiatives, so that mentions land on existing IRIs."""

    def __init__(self):
        self.orgs: dict[str, OrgInfo] = {}
        self.people: dict[str, set[str]] = {}
        self.platforms: dict[str, tuple[set[str], str | None]] = {}
        self.initiatives: dict[str, set[str]] = {}
        self.initiative_iris: dict[str, str] = {}
        self._regex = None
        self._lookup: dict[str, tuple[str, str]] = {}
        for name, aliases in BUILTIN_INITIATIVES.items():
            self.initiatives.setdefault(name, set()).update(aliases)

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def empty(cls) -> "Gazetteer":
        """Only the built-in initiatives: extraction without a graph."""
        return cls()

    @classmethod
    def from_store(cls, store) -> "Gazetteer":
        """Read organisations (labels, aliases, class → kind, parents), people, platforms (with
        the organisation operating them) and initiatives from a kg.store.Store."""
        g = cls()
        pre = ("PREFIX cckg: <https://w3id.org/climate-commitments/ontology#>\n"
               "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
               "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")
        rows = store.select(pre + """SELECT ?o ?label ?alias ?cls ?parent WHERE {
            ?o a/rdfs:subClassOf* cckg:Organisation ; rdfs:label ?label .
            OPTIONAL { ?o skos:altLabel ?alias } OPTIONAL { ?o a ?cls }
            OPTIONAL { ?o cckg:subsidiaryOf/rdfs:label ?parent } }""").rows
        classes: dict[str, set[str]] = {}
        for o, label, alias, cls_, parent in rows:
            info = g.orgs.setdefault(label.value, OrgInfo(label.value, iri=o.value))
            if alias is not None and alias.value != label.value:
                info.aliases.add(alias.value)
            if cls_ is not None:
                classes.setdefault(label.value, set()).add(cls_.value.rsplit("#", 1)[-1])
            if parent is not None:
                info.parents.add(parent.value)
        for name, info in g.orgs.items():
            cl = classes.get(name, set())
            info.kind = next((k for c, k in KIND_OF_CLASS if c in cl), "other")
            info.publisher = "Publisher" in cl
        for p, label, alias in store.select(pre + """SELECT ?p ?label ?alias WHERE {
                ?p a/rdfs:subClassOf* cckg:Person ; rdfs:label ?label . OPTIONAL { ?p skos:altLabel ?alias } }""").rows:
            g.people.setdefault(label.value, set())
            if alias is not None:
                g.people[label.value].add(alias.value)
        for p, label, alias, op in store.select(pre + """SELECT ?p ?label ?alias ?op WHERE {
                ?p a cckg:Platform ; rdfs:label ?label . OPTIONAL { ?p skos:altLabel ?alias }
                OPTIONAL { ?p cckg:operatedBy/rdfs:label ?op } }""").rows:
            aliases, operator = g.platforms.get(label.value, (set(), None))
            if alias is not None:
                aliases.add(alias.value)
            g.platforms[label.value] = (aliases, op.value if op is not None else operator)
        for i, label, alias in store.select(pre + """SELECT ?i ?label ?alias WHERE {
                ?i a/rdfs:subClassOf* cckg:Initiative ; rdfs:label ?label . OPTIONAL { ?i skos:altLabel ?alias } }""").rows:
            g.initiatives.setdefault(label.value, set())
            g.initiative_iris[label.value] = i.value
            if alias is not None:
                g.initiatives[label.value].add(alias.value)
        return g

    # -- look-ups ----------------------------------------------------------------------------
    def iri_of(self, name: str) -> str | None:
        """The graph IRI of an organisation's canonical name (or alias); None for new ones."""
        if name in self.orgs:
            return self.orgs[name].iri
        hit = self._lookup_table().get(_key(name))
        if hit and hit[0] == "org":
            return self.orgs[hit[1]].iri
        return None

    def _entries(self):
        for name, info in self.orgs.items():
            yield "org", name, {name, *info.aliases}
        for name, (aliases, _op) in self.platforms.items():
            yield "platform", name, {name, *aliases}
        for name, aliases in self.initiatives.items():
            yield "initiative", name, {name, *aliases}
        for name, aliases in self.people.items():
            yield "person", name, {name, *aliases}

    def _lookup_table(self) -> dict[str, tuple[str, str]]:
        if not self._lookup:
            for kind, name, surfaces in self._entries():
                for s in surfaces:
                    self._lookup.setdefault(_key(s), (kind, name))
        return self._lookup

    def regex(self) -> re.Pattern:
        """One alternation of every alias, longest first; short or one-word aliases are
        case-sensitive ('Empower' is not 'empower'), longer ones are not."""
        if self._regex is None:
            surfaces = set()
            for _kind, _name, ss in self._entries():
                surfaces.update(s for s in ss if len(s.strip()) >= 2 and not s.startswith("@"))
            alts = []
            for s in sorted(surfaces, key=lambda x: (-len(x), x)):
                body = _alias_regex(s)
                insensitive = (len(s.split()) >= 2 and len(s) >= 8) or s[:1].islower()
                alts.append(f"(?i:{body})" if insensitive else body)
            pattern = r"(?<![\w@])(?:" + "|".join(alts) + r")(?![\w])" if alts else r"(?!x)x"
            self._regex = re.compile(pattern)
            self._lookup_table()
        return self._regex

    def resolve(self, surface: str) -> tuple[str, str] | None:
        """(kind, canonical name) of a surface form the regex matched."""
        return self._lookup_table().get(_key(surface))


# ==============================================================================================
# text structure: boilerplate, sentences, language, title
# ==============================================================================================

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
    r"^[\w\s&'’éèÉ-]{1,30}(?:\s(?:>|»|›|/|\|)\s[\w\s&'’éèÉ-]{1,30}){1,5}\s*$",
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
        if BOILERPLATE_LINE.search(line):
            continue
        lead = len(raw) - len(raw.lstrip())
        s, e = start + lead, start + lead + len(line)
        heading = len(line) < 160 and not re.search(r"[.!?…:»\"”]\s*$", line)
        if out and re.match(r"[a-zà-ÿ]", line) and not re.search(r"[.!?…:]\s*$", text[out[-1][0]:out[-1][1]]) \
                and text[out[-1][1]:s].count("\n") == 1:
            out[-1] = (out[-1][0], e, False)   # a sentence broken across lines
            continue
        out.append((s, e, heading))
    return out


_BOUNDARY = re.compile(r"[.!?…]+[\"»”’)]*(?=\s+[«\"“(]?[A-ZÀ-ÖØ-Þ0-9–—-])|[.!?…]+[\"»”)]*$|;\s+(?=[A-Z])")


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
    if end - start < 2:
        return
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


# ==============================================================================================
# mentions: organisations, platforms, initiatives, people, anaphora
# ==============================================================================================

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
    r"(?:le|ce)\s+(?:groupe|g[ée]ant|constructeur|fabricant|distributeur|leader|sp[ée]cialiste|num[ée]ro\s+un|mastodonte|"
    r"champion|d[ée]taillant|fournisseur|transporteur|p[ée]trolier|cimentier|sid[ée]rurgiste|g[ée]ant|producteur|chimiste|papetier|verrier|"
    r"brasseur|pneumaticien|motoriste|logisticien|voyagiste|laboratoire|sucrier|semencier|laitier|minier|transporteur\s+a[ée]rien)(?:\s+de\s+[A-ZÀ-Þ][\w-]+(?=[\s,.]))?"
    r"(?:\s+(?:du|de\s+la|des|de\s+l['’])\s+[a-zà-ÿ][\w-]*(?:\s+(?:en\s+ligne|[a-zà-ÿ]+(?:ique|ien|ais|ois|al|el)))?|\s+(?:am[ée]ricain|chinois|fran[çc]ais|allemand|japonais|cor[ée]en|su[ée]dois|britannique|mondial|europ[ée]en))?|"
    r"the\s+(?:company|firm|group|giant|(?:tech|retail|e-commerce|streaming|oil|energy|software|search|social\s+media)\s+giant|retailer|carmaker|automaker|"
    r"manufacturer|business|corporation|conglomerate|operator|brand|bank|airline|insurer|utility|chipmaker|platform|"
    r"carrier|steelmaker|cement\s?maker|miner|grocer|telco|drugmaker|lender|shipper|tyre\s?maker|tire\s?maker|brewer|"
    r"(?:(?:(?!other\b|rival\b|partner\b|parent\b|sister\b|competing\b|former\b|same\b|new\b|acquired\b|target\b|client\b|customer\b|supplier\b)[a-z][\w-]+|Swiss|French|German|American|US|British|UK|Spanish|Italian|Dutch|Japanese|Chinese|Korean|Swedish|Danish|"
    r"Norwegian|Finnish|Canadian|Australian|Indian|Brazilian|European)\s+){1,2}(?:company|firm|group|giant|maker|producer|"
    r"manufacturer|retailer|chain|operator|provider|carrier|conglomerate)))\b",
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
co2 ges ghg scope scopes ia ai iaot iot esg rse csr ong ngo onu pdg ceo cfo
selon according objectif objectifs target targets mais however pourtant cependant toutefois néanmoins
""".split()}

NOT_ALONE = {fold(w) for w in """monde world un ue eu usa us uk net zéro zero carbone carbon climate climat énergie energy transport business tech retail
économie economie industrie industry scope""".split()}

ORG_SUFFIX = re.compile(
    r"\b(?:Inc|Incorporated|Corp|Corporation|Ltd|Limited|PLC|plc|SA|SAS|SE|AG|NV|BV|GmbH|LLC|LLP|Co|Company|Group|Groupe|"
    r"Holdings?|Laboratory|Laboratoire|Institute|Institut|University|Université|Council|Foundation|Fondation|Agency|"
    r"Agence|Ministry|Ministère|Partners|Consulting|Bank|Banque|Airlines|Motors|Energy|Énergie|Technologies|Systems|"
    r"Industries|Capital|Impact|Lab|Labs|Services|Solutions|Software|Networks|Pharma|Telecom|Fund|Fonds|Cloud|Investments?|"
    r"Managers|Resources|Electric|Airways|Motor|Mills|Heinz)\b\.?$")
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


def guess_kind(name: str) -> str:
    low = name.lower()
    for pattern, kind in KIND_BY_NAME:
        if re.search(pattern, low):
            return kind
    return "company"


INITIATIVE_WORDS = re.compile(
    r"\b(?:Compact|Alliance|Coalition|Pledge|Initiative|initiative|Agreement|Accord|Challenge|Campaign|Commitment|"
    r"Race\s+to\s+Zero|Net[- ]Zero|Action\s+100\+?|Protocol|Protocole|Charter|Charte|Manifesto|Club)\b")
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
INITIATIVE_ANAPHOR = re.compile(r"\b(?:l['’]alliance|la\s+coalition|l['’]initiative|the\s+(?:alliance|coalition|initiative|compact))\b", re.I)
INSTITUTION_START = re.compile(r"^(?:Centre|Center|Institut|Institute|Fondation|Foundation|Agence|Office|École|Observatoire|Conseil)\b")
APPOSITIVE_ORG = re.compile(
    r"\s*,\s*(?:(?:a|an|une?|the|l['’]|le|la)\s+)?(?:[\w-]+\s+){0,3}(?:firm|company|group|nonprofit|organisation|organization|retailer|"
    r"entreprise|société|groupe|ONG|NGO|institut|institute|fund|fonds|filiale|subsidiary|provider|manufacturer|maker|operator)\b", re.I)
ROLE_NEAR = re.compile(r"\s*,\s*(?:(?:le|la|l['’]|its|their|the|[A-Z][\w.&-]*['’]s)\s+)?(?:co-?)?(?:pr[ée]sident|pdg|directeur|directrice|"
                       r"dirigeant|codirigeant|vice|chief|head|ceo|cfo|founder|fondat|chair|responsable|porte-parole|spokes)", re.I)
PLACE_AFTER = re.compile(r"^\s*,\s*(?:le|the)?\s*\d{1,2}(?:er)?\s+\w+\s+\d{4}|^\s*\(\s*(?:AFP|Reuters)", re.I)


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
            # 'Google Cloud', 'Engie Impact': a known name followed by a name word is another name
            follow = re.match(r"\s(Cloud|Impact|Energy|Foundation|Fondation|Capital|Investments?|Ventures|Labs?|Research)\b",
                              text[m.end():m.end() + 20])
            if kind == "org" and follow and not gaz.resolve(m.group(0) + follow.group(0)):
                continue
            ents.mentions.append(Mention(m.start(), m.end(), kind, name, m.group(0)))
            taken.append((m.start(), m.end()))
            if kind == "org":
                ents.add_org(name)
                ents.surfaces.setdefault(name, set()).add(m.group(0))
        for m in ANAPHOR_RE.finditer(text, s.start, s.end):
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
        for s, found in zip(chosen, _ner_spans(texts)):
            ner_labels.extend((s.start + x, s.start + y, label) for x, y, label in found)
    names: dict[str, list[tuple[int, int]]] = {}
    for s in sentences:
        for m in NAME_RE.finditer(text, s.start, s.end):
            a, b = m.start(), m.end()
            words = text[a:b].split(" ")
            while words and (fold(words[0]).strip(".,'’") in NOT_NAMES or re.match(r"^(?:[LDCSNMTJldcsnmtj]|[Qq]u|[Jj]usqu|[Ll]orsqu)['’][a-zà-ÿ]", words[0])):
                a += len(words[0]) + 1
                words = words[1:]
            while words and fold(words[-1]).strip(".,'’") in NOT_NAMES and not ORG_SUFFIX.search(words[-1]):
                b -= len(words[-1]) + 1
                words = words[:-1]
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
            if INSTITUTION_START.match(surface):
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
        if all(re.search(r"[«“\"]\s*$", l) for l in lefts):
            kinds[surface] = "name"       # a quoted programme or slogan, not an organisation
            continue
        if (INITIATIVE_WORDS.search(surface) and not ORG_SUFFIX.search(surface)) or any(INITIATIVE_BEFORE.search(l) for l in lefts) \
                or any(INITIATIVE_AFTER.match(r) for r in rights) \
                or (COLLECTIVE_WORDS.search(surface) and any(MEMBERSHIP_BEFORE.search(l) for l in lefts)):
            kinds[surface] = "initiative"
            continue
        if re.fullmatch(r"[A-Z]{2,6}", surface) and any(re.search(r"\b[a-zà-ÿ]{3,}\s*\(\s*$", l) for l in lefts) \
                and not any(re.search(r"[A-Z][\w&.-]*\s*\(\s*$", l) for l in lefts):
            kinds[surface] = "term"       # 'sustainable aviation fuel (SAF)': the acronym of a common noun
            continue
        org = (3 * bool(ORG_SUFFIX.search(surface) or INSTITUTION_START.match(surface) or ORG_HEAD.match(surface))
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
    for short in orgish:
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
    # 'Environmental Defense Fund (EDF' : an acronym in brackets is an alias
    for surface, places in names.items():
        for _, pb in places:
            m = re.match(r"\s*\(\s*([A-Z][A-Z0-9&]{1,7})\b", text[pb:pb + 15])
            if m and m.group(1) in names and kinds.get(surface) in ("org?", "name"):
                canon[m.group(1)] = canon.get(surface, surface)
                kinds[surface] = "org?"
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
ola anders carlos jose josé luis juan manuel antonio francesco giovanni marco luca wang zhang li liu chen yang
huang zhao wu zhou xu sun ma zhu hu guo he lin luo satoshi hiroshi takeshi kenji akira ahmed mohamed mohammed ali
omar fatima raj amit sanjay priya anil arvind mukesh ratan elena olga ivan dmitri sergey natalia
""".split()}


def _looks_like_person(surface: str) -> bool:
    words = surface.split()
    return 2 <= len(words) <= 4 and fold(words[0]) in FIRST_NAMES and not ORG_SUFFIX.search(surface)


# ==============================================================================================
# cue tables
# ==============================================================================================

#: pledge types: (type, pattern) — the first pattern matching at a position wins
PLEDGE_TYPES: list[tuple[str, str]] = [
    ("emission_reduction_", r"(?:z[ée]ro[\s-][ée]missions?|zero[\s-]emissions?)\s+(?:deliveries|livraisons|vehicles|v[ée]hicules|fleet|flotte|trucks|camions|ships|navires)|"
                           r"(?:deliveries|livraisons|fleet|flotte|vehicles|v[ée]hicules|trucks|camions)\s+(?:\w+\s+){0,2}z[ée]ro[\s-][ée]missions?|"
                           r"(?:avoid|[ée]viter)\s[^.;]{0,80}?(?:[ée]missions|emissions)"),
    ("net_zero", r"net(?:[\s-]|_x0002_)?z[ée]ro|z[ée]ro[\s-]net|z[ée]ro\s+[ée]missions?(?!\s+de\s+carbone)(?![\s-]+(?:v[ée]hicules|vehicles))|[ée]missions\s+z[ée]ro|zero\s+emissions|z[ée]ro\s+[ée]missions?\s+nettes?|[ée]missions?\s+nettes?\s+(?:de\s+)?z[ée]ro|"
                 r"neutralit[ée]\s+nette|nette\s+z[ée]ro|carbone\s+net[\s-]z[ée]ro|net[\s-]zero|"
                 r"zero[\s-]carbon(?![\s-](?:electricity|energy|power|fuels?|steel|cement|hydrogen|vehicles|cars))|z[ée]ro\s+carbone(?!\s+(?:[ée]lectricit[ée]|[ée]nergie))|"
                 r"emissions?[\s-]free(?![\s-](?:electricity|energy|power|vehicles|cars|trucks|deliveries))|sans\s+[ée]missions?\s+nettes?"),
    ("carbon_negative", r"carbon[\s-]negative|climate[\s-]positive|n[ée]gati(?:f|ve)s?\s+en\s+carbone|bilan\s+carbone\s+n[ée]gatif|"
                        r"carbone\s+n[ée]gati(?:f|ve)|negative\s+carbon"),
    ("carbon_neutral", r"neutralit[ée]\s+(?:carbone|climatique|en\s+carbone|CO2)|neutres?\s+en\s+(?:carbone|CO2)|neutres?\s+pour\s+le\s+climat|"
                       r"(?:bilan\s+)?carbone\s+neutre|bilan\s+(?:carbone\s+)?neutre|carbon[\s-]neutral(?:ity)?|climate[\s-]neutral(?:ity)?|"
                       r"neutralit[ée]\s+(?:GES|gaz\s+à\s+effet\s+de\s+serre)|climatiquement\s+neutres?|neutres?\s+(?:sur\s+le\s+plan\s+)?climatique(?:ment)?"),
    ("renewable_energy", r"carbon[\s-]free\s+(?:energy|electricity|power)|[ée]nergie\s+d[ée]carbon[ée]e\s+24|(?:[ée]nergies?|[ée]lectricit[ée]|sources?\s+d['’][ée]nergie|courant)\s+(?:d['’]origine\s+)?(?:100\s?%\s+)?(?:renouvelables?|vertes?)|"
                         r"renewable\s+(?:energy|electricity|power|sources?)|(?:green|clean)\s+(?:electricity|power)|RE100|"
                         r"(?:part|share|proportion)\s+(?:des|d['’]|of)\s+(?:[ée]nergies\s+)?renouvelables|renewables"),
    ("waste_recycling", r"recycl\w*[^.;]{0,60}?(?:d[ée]chets|waste|plastiques?|emballages?|packaging|batteries|mat[ée]riaux|materials)|"
                        r"(?:d[ée]chets|waste)[^.;]{0,40}?recycl\w*|z[ée]ro\s+d[ée]chets?|zero[\s-]waste"),
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
                           r"(?=[^.;]{0,90}?(?:[ée]missions?|GES\b|GHG|gaz\s+à\s+effet|greenhouse|CO2|CO₂|empreinte\s+carbone|carbon\s+footprint|intensit))"),
]
PLEDGE_RE = re.compile("|".join(f"(?P<{t}>{p})" for t, p in PLEDGE_TYPES), re.I)

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
TARGET_PREP_RE = re.compile(r"(?:d['’]ici(?:\s+à)?|avant|by|until|through|to|pour|jusqu['’]à|dès|à\s+l['’]horizon|horizon|en|in|jusqu['’](?:en|à)|"
                            r"courant|within|au\s+plus\s+tard|no\s+later\s+than|objectif|target|goal|fin|end\s+of|deadline|butoir\s*:?)"
                            r"(?:\s+(?:la|le|l['’]|the|de|of|fin|end|l['’]année|l['’]exercice|d['’]|year|fiscal))*\s*:?\s*$", re.I)

NOT_TARGET_BEFORE = re.compile(r"(?:\b(?:from|de)\s+\d+(?:[.,]\d+)?\s?%\s+(?:in|en)\s+(?:FY\s?)?$|\b(?:since|depuis|founded|founding|fond[ée]\w*|cr[ée]{2}\w*|launched|lanc[ée]\w*|back\s+in|"
                               r"annonc[ée]\w*|announced|ouvert\w*|opened|adopt\w*|devenu\w*)\s+(?:(?:its|in|en|le|la)\s+)*)$", re.I)
EMISSION_WORD_RE = re.compile(r"[ée]missions?|emissions?|empreinte\s+carbone|carbon\s+footprint|bilan\s+carbone|footprint|"
                              r"\bGES\b|\bGHG\b|gaz\s+à\s+effet\s+de\s+serre|greenhouse\s+gas|\bCO2|CO₂", re.I)
EMIT_VERB_RE = re.compile(r"\b(?:[ée]mis|[ée]met(?:tent)?|[ée]mettait|rejet[ée]e?s?|rejette|produit|g[ée]n[ée]r[ée]|emitted|emits|"
                          r"released|produced|generated|totali[sz]\w*|s['’][ée]l[èe]v\w*|amounted|reached|atteint|"
                          r"repr[ée]sent\w*)\b|[ée]missions?|emissions?|empreinte|footprint|bilan\s+carbone", re.I)
CO2_AFTER_RE = re.compile(r"^[^.;\d]{0,50}?(?:CO2|CO₂|CO\s2|dioxyde\s+de\s+carbone|carbon\s+dioxide|[ée]quivalent|\beq\b|GES\b|GHG|"
                          r"gaz\s+à\s+effet|greenhouse|carbone|carbon|[ée]missions?)", re.I)
MATERIAL_AFTER_RE = re.compile(r"^\s*(?:m[ée]triques?\s+|metric\s+)?(?:de\s+|d['’]|of\s+)(?!CO|dioxyde|carbon|gaz|GES|GHG|greenhouse|"
                               r"[ée]quivalent|eq|[ée]missions?|emissions?|carbone)[a-zà-ÿ]", re.I)
NOT_TOTAL_BEFORE_RE = re.compile(
    r"(?:[ée]vit\w*|avoided|avoid|[ée]conomis\w*|saved|saving|compens\w*|offset\w*|capt\w*|captur\w*|stock\w*|stored|"
    r"retir\w*|remov\w*|[ée]limin\w*|s[ée]questr\w*|absorb\w*|r[ée]dui\w*|r[ée]duction|reduc\w*|cut|baisse|diminu\w*|"
    r"lower\w*|moins|less|fewer|objectif|target|goal)\b[^.;]{0,60}$", re.I)
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
PURPOSE_RE = re.compile(r"\b(?:afin\s+d|in\s+order\s+to|so\s+that|so\s+as\s+to|pour\s+(?:[a-zé]+(?:er|ir|re)\b))", re.I)
PARTNER_RE = re.compile("|".join(f"(?P<{r}>{p})" for r, p in PARTNER_CUES), re.I)
HOST_CONTEXT = re.compile(r"cloud|infrastructure|data\s*cent(?:er|re)s?|centres?\s+de\s+donn[ée]es|serveurs?|servers?|h[ée]berg", re.I)
PARENT_BEFORE = re.compile(r"(?:filiale\s+(?:de|d['’])|subsidiary\s+of|unit\s+of|soci[ée]t[ée]\s+m[èe]re|maison\s+m[èe]re|parent\s+company)\s*(?:la\s+|le\s+|l['’]|the\s+)?$", re.I)

INITIATIVE_CUES: list[tuple[str, str]] = [
    ("founder", r"founding\s+(?:members?|partners?|signator(?:y|ies))|membres?\s+fondat\w+|fondat\w+|fondateur|cofond\w*|co-?fond\w*|founded|co-?founded|founding|founder|lanc[ée]e?\s+par|launched"),
    ("member", r"membres?|members?(?:hip)?|adh[èée]\w*|signed\s+up\s+(?:to|for)|enrolled\s+in|a\s+rejoint|rejoint|rejoindre|joined|joins?\b|fait\s+partie|part\s+of|int[ée]gr[ée]\w*"),
    ("signatory", r"signat\w+|sign[ée]e?s?|signed|signs|dans\s+le\s+cadre\s+d[eu]|under\s+(?:the|its)|s['’]est\s+engag\w*|committed\s+to|commits\s+to"),
    ("presented_at", r"pr[ée]sent[ée]\w*|presented|presents|lors\s+de|s['’]est\s+rendue?|attended|participat\w*|particip[ée]\w*|d[ée]voil[ée]\w*|unveil\w*|\bat\s+(?:the\s+)?COP|\bà\s+la\s+COP"),
    ("other", r"conform[ée]ment|in\s+line\s+with|align[ée]\w*|aligned|compatible|trajectoire|pathway|valid[ée]\w*|validat\w*|approved|approuv[ée]\w*|certifi\w*|respect\w*|consistent\s+with"),
]
INITIATIVE_RE = re.compile("|".join(f"(?P<{r}>{p})" for r, p in INITIATIVE_CUES), re.I)

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
#: the rest of a role as written: 'et directeur financier', 'chargée du développement durable', 'of Environment, ...'
ROLE_TAIL = re.compile(r"(?:\s+(?:et|and|&)\s+(?:co-?)?(?:directeur\s+financier|directrice\s+financi[èe]re|pr[ée]sident(?:e)?|president|"
                       r"CEO|CFO|directeur\s+g[ée]n[ée]ral|chief\s+\w+\s+officer)|\s+charg[ée]e?\s+(?:de|du|des)\s+[\w\s'’-]{3,40}?(?=[,.;]|$)|"
                       r"\s+(?:de\s+la|of)\s+(?=[A-Za-zÀ-ÿ])[\w\s,'’-]{3,50}?(?=[,.;]|\s+and\s+a\b|$))*", re.I)

CUE_RE = re.compile("|".join([PLEDGE_RE.pattern, r"[ée]missions?|emissions?|tonnes?|\bMt\b|footprint|empreinte",
                              PARTNER_RE.pattern, ROLE_RE.pattern, r"\bCOP\s?\d|accord\s+de\s+paris|initiative|pledge|engag"]), re.I)

PREPOSITION_BEFORE = re.compile(r"(?:\b(?:avec|with|par|by|comme|like|such\s+as|tels?\s+que|telles?\s+que|including|notamment|via|selon|from|pour|for|"
                                r"according\s+to|contre|versus|vs\.?|than|que|qu['’]|chez|against|aupr[èe]s\s+d[eu']|of)\s+"
                                r"(?:(?:le|la|les|l['’]|des|du|de|d['’]|the)\s*)?)$", re.I)
SUBJECT_PREP_BEFORE = re.compile(r"(?:\b(?:avec|with|par|by|comme|like|such\s+as|tels?\s+que|including|notamment|via|selon|according\s+to|"
                                 r"contre|than|chez|against|à|au|aux|de|du|des|d['’]|en|of|from|to|for|pour|sur|on|in|dans|into|at)\s+"
                                 r"(?:[\w'’-]+\s+){0,3})$|d['’]$|qu['’]$", re.I)
FIRST_PERSON_RE = re.compile(r"\b(?:nous|notre|nos|we|our|us)\b", re.I)


# ==============================================================================================
# the extraction
# ==============================================================================================

class _Article:
    """Working state of one extraction."""

    def __init__(self, text: str, name: str, gaz: Gazetteer):
        self.text = text
        self.name = name
        self.g = gaz
        self.lang = detect_language(text)
        self.published = P.detect_published(text)
        self.ref = P.reference_date(self.published)
        lines = content_lines(text)
        self.sentences = split_sentences(text, lines)
        self.title_line = self._title(lines)
        self.ents = find_mentions(text, self.sentences, self.lang, gaz)
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in self.ents.mentions:
            idx = self._sentence_of(m.start)
            if idx is not None:
                self.by_sentence.setdefault(idx, []).append(m)
        self.main = self._main_org()
        self.focus_at: dict[int, str | None] = {}
        self._resolve_focus()
        self.used_orgs: dict[str, None] = {}
        self._dates: dict[int, list[P.DateMention]] = {}
        self.emission_years: list[tuple[int, int]] = []

    # -- structure ---------------------------------------------------------------------------
    def _title(self, lines) -> int | None:
        for i, (s, e, heading) in enumerate(lines[:4]):
            if heading and len(self.text[s:e].split()) >= 3:
                return i
        return None

    def _sentence_of(self, pos: int) -> int | None:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if pos < s.start:
                hi = mid - 1
            elif pos >= s.end:
                lo = mid + 1
            else:
                return mid
        return None

    @staticmethod
    def _org_of(m: Mention) -> str | None:
        """The organisation a mention stands for (known, or a candidate of this article)."""
        return m.name if m.kind in ("org", "org?") else None

    def _main_org(self) -> str | None:
        score: dict[str, float] = {}
        first: dict[str, int] = {}
        for m in self.ents.mentions:
            org = self._org_of(m) or (m.name if m.kind == "name" and len(m.name) > 2 else None)
            if not org:
                continue
            info = self.g.orgs.get(org)
            if info and info.publisher:
                continue
            idx = self._sentence_of(m.start)
            s = self.sentences[idx] if idx is not None else None
            w = 1.0
            if s is not None and s.line == self.title_line:
                w = 3.0
            elif s is not None and s.index < 3:
                w = 1.5
            if m.kind == "org?":
                w *= 0.8
            elif m.kind == "name":
                w *= 0.5   # a capitalised name with no other hint: the main organisation only if nothing better
            score[org] = score.get(org, 0) + w
            first.setdefault(org, m.start)
        if not score:
            return None
        main = max(score, key=lambda o: (score[o], -first[o]))
        for m in self.ents.mentions:
            if m.kind == "name" and m.name == main:
                m.kind = "org?"
                self.ents.add_org(main)
                self.ents.surfaces.setdefault(main, set()).add(m.surface)
        return main

    def _resolve_focus(self) -> None:
        """For each sentence, the organisation that anaphora and pronouns in it stand for: the
        organisation in subject position (early in the sentence, not after a preposition) of this
        or the previous sentence, else the main organisation of the article."""
        recent, age = None, 99
        for s in self.sentences:
            focus = recent if recent and age <= 1 else self.main
            self.focus_at[s.index] = focus
            ms = self.by_sentence.get(s.index, [])
            subject = None
            for m in ms:
                if m.kind not in ("org", "org?", "anaphor"):
                    continue
                if m.start - s.start > 70 and not s.heading:
                    break
                if SUBJECT_PREP_BEFORE.search(self.text[max(s.start, m.start - 30):m.start]):
                    continue
                subject = m
                break
            for m in ms:
                if m.kind == "anaphor":
                    m.name = focus or ""
            age += 1
            if subject is None and re.match(r"\W*(?:il|elle|ils|elles|it|they|nous|we)\b", s.text, re.I) and focus:
                recent, age = focus, 0
            if subject is not None and subject.kind != "anaphor":
                info = self.g.orgs.get(subject.name)
                if not (info and info.publisher):
                    recent, age = subject.name, 0
            elif subject is not None and subject.name:
                recent, age = subject.name, 0

    # -- actors ------------------------------------------------------------------------------
    def actors_in(self, s: Sentence) -> list[Mention]:
        """Organisation-like mentions of a sentence: organisations, candidate names, anaphora."""
        return [m for m in self.by_sentence.get(s.index, []) if m.kind in ("org", "org?", "anaphor") and m.name]

    def actor_before(self, s: Sentence, pos: int, allow_after: bool = True) -> str | None:
        """The organisation doing what the cue at `pos` says: the nearest organisation before it
        that is not in a prepositional phrase ('avec X', 'comme X'), else the first after it,
        else the organisation in focus (covers 'elle', 'nous', 'il')."""
        cands = self.actors_in(s)
        before = [m for m in cands if m.end <= pos]
        for m in reversed(before):
            left = self.text[max(s.start, m.start - 40):m.start]
            if PREPOSITION_BEFORE.search(left):
                continue
            return self._accept(m)
        if allow_after:
            for m in cands:
                if m.start >= pos:
                    left = self.text[max(s.start, m.start - 40):m.start]
                    if not PREPOSITION_BEFORE.search(left) or m.kind == "anaphor":
                        return self._accept(m)
        return self.focus_at.get(s.index)

    def _accept(self, m: Mention) -> str | None:
        if m.kind == "anaphor":
            return m.name or None
        if m.kind == "org?" or m.kind == "name":
            self.ents.add_org(m.name)
        return m.name

    def use(self, org: str | None) -> str | None:
        if org:
            self.ents.add_org(org)
            self.used_orgs[org] = None
        return org

    # -- dates -------------------------------------------------------------------------------
    def dates_in(self, s: Sentence) -> list[P.DateMention]:
        if s.index not in self._dates:
            ds = P.detect_dates(s.text, self.ref)
            self._dates[s.index] = [P.DateMention(d.start + s.start, d.end + s.start, d.year, d.kind, d.text, d.month, d.day)
                                    for d in ds]
        return self._dates[s.index]

    def target_years(self, s: Sentence) -> list[tuple[P.DateMention, bool]]:
        """Years that can be a target in a sentence, with whether a target preposition
        ('d'ici', 'by', 'pour', 'avant') introduces them."""
        out = []
        for d in self.dates_in(s):
            if d.year is None or d.kind in ("since", "baseline"):
                continue
            if d.kind in ("date", "month"):
                if not (re.match(r"\s*onwards?\b", self.text[d.end:d.end + 10], re.I)
                        or re.search(r"(?:à\s+partir\s+d[eu']|starting\s+(?:in|from))\s*(?:du\s+|le\s+)?$", self.text[max(s.start, d.start - 20):d.start], re.I)):
                    continue
                out.append((d, True))
                continue
            left = self.text[max(s.start, d.start - 40):d.start]
            nt = NOT_TARGET_BEFORE.search(left)
            if nt and re.match(r"de\s", nt.group(0)) and not re.match(r"\s*,?\s*(?:à|a|to)\s+\d", self.text[d.end:d.end + 12]):
                nt = None   # 'une étape de 40 % en 2030' is a milestone; 'de 35 % en 2020 à 100 %' a start value
            if nt or (d.kind == "year" and d.start - s.start < 14 and re.match(r"\s*,", self.text[d.end:d.end + 2])
                                                  and not re.search(r"by|d['’]ici|horizon|avant|pour|until", left, re.I)):
                continue
            prep = bool(TARGET_PREP_RE.search(left)) or d.kind in ("range", "end_of_year", "fiscal", "relative")
            out.append((d, prep))
        return out


def _nearest_year(cands: list[tuple[P.DateMention, bool]], pos: int, end: int | None = None,
                  limit: int | None = None) -> P.DateMention | None:
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


# -- pledges -----------------------------------------------------------------------------------

def _masked(a: "_Article", s: Sentence) -> str:
    """The sentence with initiative names blanked out ('Transform to Net Zero', 'The Climate
    Pledge' are not pledges), same length so offsets hold."""
    text = s.text
    for m in a.by_sentence.get(s.index, []):
        if m.kind == "initiative":
            x, y = m.start - s.start, m.end - s.start
            text = text[:x] + "_" * (y - x) + text[y:]
    return text


def _start_value(text: str, p: tuple, s: Sentence) -> bool:
    """'from 70% in 2020 to 100%', 'de 35 % en 2020 à 100 %': the first percentage is a start value."""
    left = text[max(s.start, p[0] - 6):p[0]]
    if re.search(r"\bfrom\s*$", left, re.I):
        return True
    return bool(re.search(r"\b(?:de|d['’])\s*$", left) and re.match(r"\s*(?:en\s+\d{4}\s+)?(?:à|a)\s+\d", text[p[1]:p[1] + 20]))


DEADLINE_RE = re.compile(r"\b(?:d['’]ici(?:\s+à)?|by|à\s+l['’]horizon(?:\s+de)?|(?:à\s+)?horizon|no\s+later\s+than|au\s+plus\s+tard\s+en)\s+(?:(?:la\s+fin\s+de\s+|the\s+end\s+of\s+)?(?:l['’]ann[ée]e\s+|l['’]exercice\s+)?)(?:FY\s?)?(\d{4})\b", re.I)


def _future_deadline(a: "_Article", clause: str) -> bool:
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


def extract_pledges(a: _Article) -> list[dict]:
    """Pledges: a type cue (table PLEDGE_TYPES) with a target year or a commitment word, paired
    with the nearest target year of its clause; achieved statuses, definitions, hypotheticals
    and other actors' commitments ('70 suppliers have committed') are left out."""
    out: list[dict] = []
    for s in a.sentences:
        text = _masked(a, s)
        if not PLEDGE_RE.search(text) or DEFINITION_RE.search(text) or HYPOTHETICAL_RE.search(text):
            continue
        years = a.target_years(s)
        cues = [(m.lastgroup.rstrip("_"), m.start() + s.start, m.end() + s.start) for m in PLEDGE_RE.finditer(text)]
        percents = [(m.start() + s.start, m.end() + s.start, P.parse_percent(m.group(0)))
                    for m in P.PERCENT_RE.finditer(text)]
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
        text = _masked(a, s)
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
        text = _masked(a, s)
        prev = a.sentences[s.index - 1].text if s.index > 0 and a.sentences[s.index - 1].index == s.index - 1 else ""
        if not (GREEN_SHARE_RE.search(text) or (GREEN_SHARE_RE.search(prev) and STRONG_COMMIT_RE.search(text))):
            continue
        if not COMMIT_RE.search(text):
            continue
        years = [y for y in a.target_years(s) if y[1] and (a.ref is None or y[0].year is None or y[0].year > a.ref.year)]
        percents = [(m.start() + s.start, m.end() + s.start, P.parse_percent(m.group(0))) for m in P.PERCENT_RE.finditer(text)]
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


def _merge_pledges(a: _Article, pledges: list[dict]) -> list[dict]:
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


# -- emissions ---------------------------------------------------------------------------------

_AMOUNT_START = re.compile(rf"(?<![\w.,])\d{{1,3}}(?:(?:[{P.SPACES}]|[.,](?=\d{{3}}(?!\d)))\d{{3}})+(?:[.,]\d+)?(?![\w])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\d])")


def _emission_year(a: _Article, s: Sentence, pos: int, end: int | None = None) -> int | None:
    """The reporting year of a figure at `pos`: a year (or 'au cours de l'année', FY23) right
    after the figure ('71,54 Mt en 2021, contre 60,64 Mt en 2020'), else the nearest year of the
    sentence that is not a baseline, a comparison, a start or a target; else the year of the
    article's previous figure."""
    end = pos if end is None else end
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


RIGHT_BASE = re.compile(r"\s*(?:base[\s-]?year|baseline|levels?)", re.I)


def extract_emissions(a: _Article) -> list[dict]:
    out: list[dict] = []
    for s in a.sentences:
        text = s.text
        if not EMISSION_WORD_RE.search(text) and not re.search(r"t\s?CO2|tonnes?|tons?|\bMt\b|\bkt\b", text):
            continue
        amounts = []
        for m in _AMOUNT_START.finditer(text):
            parsed = P.parse_amount(text[m.start(): m.start() + 80], a.lang)
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
            for m in CHANGE_RE.finditer(text):
                verb = m.group("verb") or m.group("verb2") or ""
                pgroup = "pct" if m.group("pct") else "pct2"
                pstart = m.start(pgroup)
                pct_text = m.group(pgroup) or ""
                if pstart in shares or FR_INFINITIVE.fullmatch(verb.strip()):
                    continue
                if not EMISSION_WORD_RE.search(text[:m.start()] + text[m.end():m.end() + 40]):
                    continue
                value = P.parse_percent(pct_text)
                if value is None:
                    continue
                if re.match(r"\s*[-−]", pct_text):
                    signed = value
                else:
                    signed = abs(value) if UP_RE.search(verb) and not re.search(CHANGE_DOWN, verb, re.I) else -abs(value)
                changes.append((m.start() + s.start, signed))
        if not amounts and not changes:
            continue
        if amounts:
            for k, (pos, (value, unit), uend) in enumerate(amounts):
                org = _emitter(a, s, pos)
                year = _emission_year(a, s, pos, uend)
                if not org or year is None:
                    continue
                change = changes[0][1] if changes and k == 0 else None
                out.append({"org": org, "year": year, "amount": value, "unit": unit, "change_pct": change,
                            "evidence": text, "_sentence": s.index, "_heading": s.heading})
                a.emission_years.append((s.index, year))
        else:
            for pos, change in changes:
                org = _emitter(a, s, pos)
                year = _emission_year(a, s, pos, pos + 12)
                if not org or year is None:
                    continue
                out.append({"org": org, "year": year, "amount": None, "unit": None, "change_pct": change,
                            "evidence": text, "_sentence": s.index, "_heading": s.heading})
                a.emission_years.append((s.index, year))
                break
    return _merge_emissions(a, out)


def _unit_end(text: str, start: int) -> int:
    m = re.match(rf"[\d{P.SPACES}.,]+\s*(?:(?:de\s+)?(?:milliards?|millions?|milliers?|mille|thousand|billion|million|bn|mds?|M|k)\.?\s+)?"
                 r"(?:de\s+|of\s+)?(?:tonnes?\s+m[ée]triques?|metric\s+tons?|tonnes?|tons?|MtCO2e?q?|ktCO2e?q?|tCO2e?q?|Mt|kt|Gt|t)\b"
                 r"(?:\s*(?:d['’]|de\s+)?(?:[ée]q(?:uivalent)?\.?\s*)?(?:CO2e?|CO₂e?)(?:\s*[ée]q\w*)?)?", text[start:])
    return start + (m.end() if m else 0)


def _emitter(a: _Article, s: Sentence, pos: int) -> str | None:
    """Whose emissions: the nearest organisation in the sentence (possessives 'd'Amazon'
    count), else the organisation in focus; None when the sentence is about a country or a sector."""
    cands = [m for m in a.actors_in(s) if not re.search(r"(?:comme|like|than|que|qu['’]|contre|versus)\s*$",
                                                       a.text[max(s.start, m.start - 12):m.start], re.I)]
    if cands:
        m = min(cands, key=lambda m: (0 if m.end <= pos else 1, abs(m.start - pos)))
        return a._accept(m)
    if re.search(r"\b(?:pays|country|countries|secteur|sector|industrie|industry|monde|world|global|plan[èe]te|humanit[ée]|"
                 r"France|Chine|China|Europe|[ée]tats-unis|United\s+States|l['’]UE|the\s+EU)\b", s.text):
        return None
    return a.focus_at.get(s.index)


def _merge_emissions(a: _Article, figs: list[dict]) -> list[dict]:
    """One figure per (organisation, year, amount within 2 %); a change-only figure of the
    sentence next to an amount of the same organisation and year is folded into it."""
    out: list[dict] = []
    for f in figs:
        dup = None
        for g in out:
            if g["org"] != f["org"] or g["year"] != f["year"]:
                continue
            if f["amount"] is not None and g["amount"] is not None:
                ft, gt = P.to_tonnes(f["amount"], f["unit"]), P.to_tonnes(g["amount"], g["unit"])
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


# -- partners ----------------------------------------------------------------------------------

SPEECH_AFTER = re.compile(r"\s*,?\s*(?:said|says|added|explained|told|noted|a\s+(?:déclaré|dit|expliqué|ajouté|indiqué|précisé|souligné)|"
                          r"explique|ajoute|déclare|indique|précise|souligne)\b", re.I)


def _surname(a: "_Article", m: Mention) -> bool:
    """'Vestberg said', or the last word of a person named elsewhere ('Hans Vestberg'): a person, not a partner."""
    if " " in m.surface:
        return False
    if SPEECH_AFTER.match(a.text, m.end):
        return True
    if any(o.kind == "person" and o.surface.split()[-1] == m.surface for o in a.ents.mentions):
        return True
    return any(fold(f.group(1)) in FIRST_NAMES for f in re.finditer(rf"\b([A-ZÀ-Þ][\w-]+)\s+{re.escape(m.surface)}\b", a.text))


def extract_partners(a: _Article) -> list[dict]:
    """Partners: after a partner cue (table PARTNER_CUES), the organisations named before the next
    cue are the partners of the organisation doing the action (nearest non-prepositional
    organisation before the cue, else the one in focus); platforms stand for their operator."""
    out: list[dict] = []
    for s in a.sentences:
        cues = list(PARTNER_RE.finditer(_masked(a, s)))
        if not cues:
            continue
        host = bool(HOST_CONTEXT.search(s.text))
        ms = a.by_sentence.get(s.index, [])
        client = a.actor_before(s, cues[0].start() + s.start, allow_after=False)
        if not client:
            continue
        for i, cue in enumerate(cues):
            pos = cue.start() + s.start
            stop = cues[i + 1].start() + s.start if i + 1 < len(cues) else s.end
            purpose = PURPOSE_RE.search(a.text, cue.end() + s.start, stop)
            if purpose:
                stop = purpose.start()
            role = "host" if host and cue.lastgroup in ("host", "other", "supplier") else cue.lastgroup
            if role == "other" and re.search(r"\b(?:buy\w*|purchas\w*|achat|ach[eè]te\w*|suppl(?:y|ies|ied)|fourni\w*|offtake)\b", s.text, re.I):
                role = "supplier"
            for m in ms:
                if m.start < pos and not (m.kind == "platform" and m.end <= pos and cue.lastgroup == "host"):
                    continue
                if m.start >= stop and not (m.kind == "platform" and i + 1 == len(cues)):
                    continue
                if PARENT_BEFORE.search(a.text[max(s.start, m.start - 30):m.start]):
                    continue
                if m.kind == "platform":
                    partner, prole = a.ents.operator(m.name), "host"
                elif m.kind in ("org", "org?", "name"):
                    partner, prole = m.name, role
                else:
                    continue
                if not partner or a.ents.related(partner, client) or (a.g.orgs.get(partner) and a.g.orgs[partner].publisher):
                    continue
                if m.kind == "name" and (fold(partner) in NOT_NAMES or len(partner) < 3):
                    continue
                if m.kind in ("org?", "name") and _surname(a, m):
                    continue
                if m.kind in ("org?", "name"):
                    a.ents.add_org(partner)
                a.use(client)
                a.use(partner)
                out.append({"org": client, "partner": partner, "role": prole, "evidence": s.text})
    seen, result = set(), []
    for p in out:
        key = (p["org"], p["partner"])
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


# -- people ------------------------------------------------------------------------------------

def extract_people(a: _Article) -> list[dict]:
    """People with a stated role: 'NAME, ROLE de ORG', 'NAME, ORG's ROLE', 'ROLE de ORG, NAME',
    'ROLE NAME', 'ORG, dont le ROLE est NAME'; names joined by '&', 'et', 'and' share the role."""
    out: list[dict] = []
    name_rx = PERSON_NAME_RE.pattern
    poss = r"(?:(?P<poss>[A-ZÀ-Þ][\w&.’'-]*(?:\s[A-ZÀ-Þ][\w&.-]*)*)['’]s\s+)"
    det = (r"(?:(?:le|la|l['’]|son|sa|its|the|their|notre|our|nouvel(?:le)?|new|actuel(?:le)?|former|ancien(?:ne)?|"
           r"(?:the\s+)?(?:company|group|firm|business|carrier|airline|retailer|bank|manufacturer|maker|operator|utility|insurer|"
           r"giant|automaker|carmaker|brand)['’]s)\s+)")
    left_rx = re.compile(rf"(?P<names>{name_rx}(?:\s*(?:&|et|and|,)\s*{name_rx})*)\s*[,(]\s*{det}*{poss}?{det}*$")
    for s in a.sentences:
        for r in ROLE_RE.finditer(s.text):
            rs, re_ = r.start() + s.start, r.end() + s.start
            tail = ROLE_TAIL.match(a.text, re_, s.end)
            role_end = tail.end() if tail else re_
            role = a.text[rs:role_end].strip()
            left = a.text[max(s.start, rs - 150):rs]
            right = a.text[role_end:s.end]
            names, org = [], None
            m4 = re.search(r"dont\s+(?:le|la|l['’])\s*$", left)
            m4r = re.match(rf"\s+(?:est|is)\s+({name_rx})", right)
            m1 = left_rx.search(left)
            m2 = re.match(rf"(?:\s+(?:d[eu]|d['’]|of|chez|at)\s*(?P<org>[^,]{{1,60}}?))?\s*,\s*(?P<name>{name_rx})", right)
            m3 = re.match(rf"\s+(?P<name>{name_rx})", right)
            if m4 and m4r:
                names = [m4r.group(1)]
                org = _org_near(a, s, rs - len(m4.group(0)) - 3, before=True)
            elif m1:
                names = PERSON_NAME_RE.findall(m1.group("names"))
                if m1.group("poss"):
                    org = _org_in(a, s, rs - len(m1.group(0)) + m1.start("poss") - m1.start(), rs)
            elif m2 and (m2.group("org") or re.search(r"(?:^|[.;:]\s|\b(?:le|la|l['’]|the|son|sa|its|their|notre|our|(?:the\s+)?[a-z]+['’]s)\s*)$", left, re.I)
                         or re.search(rf"{poss}$", left)):
                names = [m2.group("name")]
                if m2.group("org"):
                    org = _org_in(a, s, role_end, role_end + m2.start("name"))
                else:
                    lp = re.search(rf"{poss}$", left)
                    if lp:
                        org = _org_in(a, s, rs - len(lp.group(0)), rs)
            elif m3 and not re.match(r"\s+(?:d[eu]|of|chez|at)\b", right):
                names = [m3.group("name")]
                lp = re.search(rf"{poss}$", left)
                if lp:
                    org = _org_in(a, s, rs - len(lp.group(0)), rs)
            if not names:
                continue
            if org is None:
                org = _org_after_role(a, s, role_end)
            if org is None:
                continue
            for name in names:
                name = _valid_person(a, name)
                if name:
                    a.use(org)
                    out.append({"name": name, "org": org, "role": role, "evidence": s.text})
    for s in a.sentences:
        for w in WHO_HEADS_RE.finditer(s.text):
            org = _org_in(a, s, s.start + w.end("role"), s.start + w.end("role") + 60)
            name = _valid_person(a, w.group("name"))
            if org and name:
                a.use(org)
                out.append({"name": name, "org": org, "role": w.group("role").strip(), "evidence": s.text})
    seen, result = set(), []
    for p in out:
        key = (fold(p["name"]), p["org"])
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


LEAD_WORDS = {"selon", "pour", "avec", "d'apres", "according", "says", "said", "ajoute", "explique", "estime", "souligne", "indique", "precise"}


#: 'Jane Doe, who heads sustainability at X', 'Marie Dupont, qui dirige la stratégie climat de X'
WHO_HEADS_RE = re.compile(
    PERSON_NAME_RE.pattern.replace("(?<![\\w-])", "(?<![\\w-])(?P<name>", 1).replace("{1,3}(?![\\w-])", "{1,3})(?![\\w-])", 1)
    + r"\s*,\s*(?:who|qui)\s+(?P<role>(?:heads|leads|runs|chairs|oversees|manages|dirige|pilote|pr[ée]side|supervise|g[èe]re)\b"
      r"(?:\s+(?!at\b|of\b|chez\b|de\b|du\b|d['’]|for\b)[\w'’-]+){0,5}?)\s+(?:at|of|for|chez|de|du|d['’]|des)\s*(?:la\s+|le\s+|l['’]|the\s+)?(?=[A-ZÀ-Þ])")


def _valid_person(a: _Article, name: str) -> str | None:
    name = name.strip()
    words = name.split()
    while len(words) > 2 and (fold(words[0]) in NOT_NAMES or fold(words[0]) in LEAD_WORDS):
        words = words[1:]   # 'Selon Luc Bernard', 'According Jane Doe'
    name = " ".join(words)
    if len(words) < 2 or fold(words[0]) in NOT_NAMES or fold(words[0]) in ("chief", "vice", "executive", "senior"):
        return None
    hit = a.g.resolve(name)
    if hit and hit[0] == "person":
        return hit[1]
    if hit and hit[0] in ("org", "initiative", "platform"):
        return None
    for m in a.ents.mentions:
        if m.surface == name and m.kind in ("org", "org?", "initiative", "place", "platform"):
            return None
    return name


def _org_in(a: _Article, s: Sentence, start: int, end: int) -> str | None:
    for m in a.by_sentence.get(s.index, []):
        if m.start >= start and m.end <= end + 1 and m.kind in ("org", "org?", "name", "anaphor"):
            return a._accept(m)
        if m.start >= start and m.end <= end + 1 and m.kind == "platform":
            return a.ents.operator(m.name)
    return None


def _org_near(a: _Article, s: Sentence, pos: int, before: bool = True) -> str | None:
    cands = [m for m in a.by_sentence.get(s.index, []) if m.kind in ("org", "org?", "name", "anaphor") and m.end <= pos + 3]
    return a._accept(cands[-1]) if cands else a.focus_at.get(s.index)


def _org_after_role(a: _Article, s: Sentence, re_: int) -> str | None:
    """The organisation a role belongs to: 'de/of/chez/at ORG' or an anaphor ('de l'entreprise')
    right after the role, else the organisation in focus."""
    for m in a.by_sentence.get(s.index, []):
        if m.start >= re_ and m.start - re_ <= 25 and m.kind in ("org", "org?", "anaphor", "name", "platform"):
            if re.match(r"\s*(?:d[eu]|d['’]|des|of|chez|at|for|de\s+la|de\s+l['’])\s*(?:la\s+|le\s+|l['’]|the\s+)?$",
                        a.text[re_:m.start]) or (re.fullmatch(r"\s*,\s*", a.text[re_:m.start])
                                                 and re.match(r"\s*\)", a.text[m.end:m.end + 3])):   # '(CEO, Heliox Power)'

                if m.kind == "platform":
                    return a.ents.operator(m.name)
                return a._accept(m)
    return a.focus_at.get(s.index)


# -- initiatives -------------------------------------------------------------------------------

PASSIVE_AGENT = re.compile(r"[^.;]{0,12}?\b(?:lanc[ée]e?s?|launched|cr[ée]{2}e?s?|created|fond[ée]e?s?|founded|initi[ée]e?s?|initiated|"
                           r"mise?\s+en\s+place|set\s+up)\b[^.;]{0,80}?\b(?:par|by)\s", re.I)
THEIR_THING_RE = re.compile(r"\b(?:cette|cet|ce|this|these|ces|the|its|their|son|sa|ses|leurs?)\s+(?:ambition|engagement|objectif|plan|strat[ée]gie|goal|target|"
                            r"commitment|pledge|strategy|programme|program|trajectoire|trajectory|roadmap|feuille\s+de\s+route|cible|"
                            r"interim\s+target|intermediate\s+target|objectif\s+interm[ée]diaire)s?\b", re.I)
DESCRIBING_CLAUSE = re.compile(r"\s*(?:\([^)]{0,20}\)\s*)?,\s*(?:(?:an?|the|une?|la|le|l['’])\s+[\w\s-]{0,40}?)?\b(?:which|who|whose|that|qui|dont|lequel|laquelle)\b[^.;]*$", re.I)
LIST_INTRO_RE = re.compile(r"(?:telles?\s+que|tels?\s+que|such\s+as|notamment|including|comme)\s*:\s*$", re.I)


def extract_initiatives(a: _Article) -> list[dict]:
    """Initiatives: an organisation related to a named initiative by a cue (table INITIATIVE_CUES);
    conferences need a presenting cue; 'lancée par X' makes X founder (and presenter at the COP
    of that clause); 'X, Y et Z, également fondateurs' gives each its relation."""
    out: list[dict] = []
    list_focus_until = -1
    for s in a.sentences:
        if LIST_INTRO_RE.search(s.text):
            list_focus_until = s.index + 6
        inits = [m for m in a.by_sentence.get(s.index, []) if m.kind == "initiative"]
        if not inits:
            continue
        masked = _masked(a, s)
        cues = [(c.lastgroup, c.start() + s.start, c.end() + s.start) for c in INITIATIVE_RE.finditer(masked)]
        actors = a.actors_in(s)
        has_actor = bool(actors) or bool(FIRST_PERSON_RE.search(s.text)) or bool(THEIR_THING_RE.search(s.text)) or bool(
            re.search(r"\b(?:elle|il|its|son|sa|ses|leur)\b", s.text, re.I)) or s.index <= list_focus_until
        handled: set[int] = set()
        # 'X, lancée ... (COP) ... par ORG'
        for init in inits:
            pm = PASSIVE_AGENT.match(a.text, init.end, s.end)
            if not pm:
                continue
            agent = next((m for m in a.by_sentence.get(s.index, []) if m.start >= pm.end() and m.kind in ("org", "org?", "name")), None)
            if agent is None:
                continue
            who = a._accept(agent)
            a.ents.add_org(who)
            out.append({"org": who, "initiative": init.name, "relation": "founder", "evidence": s.text})
            for other in inits:
                if init.end <= other.start < agent.start and other.name.startswith("COP"):
                    out.append({"org": who, "initiative": other.name, "relation": "presented_at", "evidence": s.text})
                    handled.add(other.start)
        for init in inits:
            if init.start in handled:
                continue
            if any(o.end <= init.start and DESCRIBING_CLAUSE.match(a.text, o.end, init.start) for o in inits if o is not init):
                continue   # 'the SBTi, which checks ... the Paris Agreement': a clause about the other initiative
            if any(o.end <= init.start and re.fullmatch(r"\s*,\s*(?:the|an?|une?|la|le|l['’])\s*", a.text[o.end:init.start], re.I)
                   for o in inits if o is not init):
                continue   # 'the UN Global Compact, the United Nations initiative': an apposition, not a second initiative
            usable = [c for c in cues if not (init.name.startswith("COP") and c[0] != "presented_at")]
            if init.name.startswith("COP"):
                usable += [("presented_at", m.start() + s.start, m.end() + s.start)
                           for m in re.finditer(r"en\s+marge\s+de|on\s+the\s+sidelines\s+of|à\s+la\s+COP|at\s+(?:the\s+)?COP|lors\s+de", masked, re.I)]
            if not usable:
                if not (a.text[max(s.start, init.start - 8):init.start].rstrip().endswith(("du", "of")) and PLEDGE_RE.search(masked)):
                    continue
                usable = [("other", init.start, init.start)]
            rel, cs, ce = min(usable, key=lambda c: abs(c[1] - init.start))
            if not has_actor:
                continue
            whos = _listed_actors(a, s, cs)
            if not whos:
                org = a.actor_before(s, min(cs, init.start))
                whos = [org] if org else []
            if rel == "founder":
                for m in a.by_sentence.get(s.index, []):
                    if m.start > ce and m.kind in ("org", "org?", "name") and re.search(
                            r"\b(?:avec|with|and|et)\s+(?:l['’]organisation\s+|l['’]ONG\s+|the\s+)?$", a.text[max(s.start, m.start - 30):m.start]):
                        whos.append(a._accept(m))
            for org in whos:
                if org and org != init.name:
                    a.use(org)
                    out.append({"org": org, "initiative": init.name, "relation": rel, "evidence": s.text})
    seen, result = set(), []
    for p in out:
        key = (p["org"], p["initiative"])
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


def _listed_actors(a: _Article, s: Sentence, cue: int) -> list[str]:
    """'Bel, General Mills, Kraft Heinz et Nestlé, également fondateurs': the organisations listed
    right before a cue (at least two, joined by commas, 'et', 'and', '&')."""
    before = [m for m in a.by_sentence.get(s.index, []) if m.end <= cue and m.kind in ("org", "org?", "name")]
    if len(before) < 2:
        return []
    gap = a.text[before[-1].end:cue]
    if not re.fullmatch(r"[\s,]*(?:(?:également|aussi|also|all|tous|toutes|both|eux\s+aussi)\s+)?", gap, re.I):
        return []
    chain = [before[-1]]
    for m in reversed(before[:-1]):
        link = a.text[m.end:chain[-1].start]
        if re.fullmatch(r"\s*(?:,|et|and|&|,\s*et|,\s*and)\s*", link):
            chain.append(m)
        else:
            break
    return [a._accept(m) for m in reversed(chain)] if len(chain) >= 2 else []


# ==============================================================================================
# the entry points
# ==============================================================================================

def _empty(article: str, language: str = "en", published=None) -> dict:
    return {"article": article, "language": language, "published": published, "organisations": [],
            "pledges": [], "emissions": [], "partners": [], "people": [], "initiatives": []}


def extract(text: str, article: str = "", gazetteer: Gazetteer | None = None) -> dict:
    """The extraction contract for one article text; never raises on a str (empty lists instead)."""
    if not isinstance(text, str) or not text.strip():
        return _empty(article)
    try:
        return _extract(text, article, gazetteer or _default_gazetteer())
    except Exception:  # noqa: BLE001 - a rule that trips on odd input must not cost the caller a traceback
        try:
            return _empty(article, detect_language(text), P.detect_published(text))
        except Exception:  # noqa: BLE001
            return _empty(article)


_DEFAULT: list[Gazetteer] = []


def _default_gazetteer() -> Gazetteer:
    if not _DEFAULT:
        _DEFAULT.append(Gazetteer.empty())
    return _DEFAULT[0]


def _extract(text: str, article: str, gaz: Gazetteer) -> dict:
    body = text[:MAX_TEXT]
    a = _Article(body, article, gaz)
    pledges = extract_pledges(a)
    emissions = extract_emissions(a)
    partners = extract_partners(a)
    people = extract_people(a)
    initiatives = extract_initiatives(a)
    doc = {"article": article, "language": a.lang, "published": a.published,
           "organisations": [], "pledges": pledges, "emissions": emissions, "partners": partners,
           "people": people, "initiatives": initiatives}
    for kind in ("pledges", "emissions", "partners", "people", "initiatives"):
        doc[kind] = [f for f in doc[kind] if f.get("evidence") and f["evidence"] in text]
        assert all(f["evidence"] in text for f in doc[kind])
    doc["organisations"] = _organisations(a, doc)
    return doc


def _organisations(a: _Article, doc: dict) -> list[dict]:
    names: dict[str, None] = {}
    for kind, keys in (("pledges", ("org",)), ("emissions", ("org",)), ("partners", ("org", "partner")),
                       ("people", ("org",)), ("initiatives", ("org",))):
        for f in doc[kind]:
            for k in keys:
                if f.get(k):
                    names[f[k]] = None
    for m in a.ents.mentions:
        if m.kind == "org":
            info = a.g.orgs.get(m.name)
            if not (info and info.publisher):
                names.setdefault(m.name, None)
    out = []
    for name in names:
        info = a.ents.orgs.get(name) or a.g.orgs.get(name) or OrgInfo(name, kind=guess_kind(name))
        aliases = set(info.aliases) | a.ents.surfaces.get(name, set())
        aliases.discard(name)
        out.append({"name": name, "aliases": sorted(aliases), "kind": info.kind})
    return out


def extract_file(path: Path, gazetteer: Gazetteer | None = None) -> dict:
    """Read an article file (UTF-8, clear one-line KgError otherwise) and extract from it."""
    from ..store.build import read_article_text

    path = Path(path)
    text = read_article_text(path, str(path))
    return extract(text, path.name, gazetteer)
