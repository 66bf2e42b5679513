"""Rules about WHO (issue 17): the focus organisation, name edges, epithets, people, partners,
initiatives and emission figures. Every sentence here is invented; French and English where the
wording exists in both."""
from __future__ import annotations

import pytest

from kg.extract import Gazetteer, extract
from kg.extract.article import Article
from kg.extract.text import content_lines, split_sentences

GAZ = Gazetteer.empty()


def run(text: str) -> dict:
    return extract(text, "t.txt", GAZ)


def orgs(doc: dict) -> set[str]:
    return {o["name"] for o in doc["organisations"]}


def pairs(doc: dict, kind: str, key: str) -> set[tuple[str, str]]:
    return {(f["org"], f[key]) for f in doc[kind]}


def article(text: str) -> Article:
    return Article(text, "t.txt", GAZ)


def org_names(text: str) -> set[str]:
    """The organisation-like names the article's mentions stand for."""
    return {m.name for m in article(text).ents.mentions if m.kind in ("org", "org?", "name")}


def sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text, content_lines(text))]


# -- text: furniture, credits, captions ------------------------------------------------------------

@pytest.mark.parametrize("body, credit", [
    ("Nantes - Les Biscuiteries Ravel comptent diminuer leurs rejets de CO2 d'un tiers avant 2031, a précisé "
     "jeudi leur dirigeant. ", "Le plan sera chiffré en juin.xyz-uv/kl(©AFP / 3 mars 2021 10h15)"),
    ("Oslo - Biscuiteries Ravel will lower its carbon output by a third before 2031, its chief told "
     "reporters on Thursday. ", "The plan will be costed in June.rt-pq/zz(©Reuters / 3 March 2021 10:15)"),
])
def test_a_closing_agency_credit_does_not_drop_a_long_paragraph(body, credit):
    text = "2021-03-03\n\n" + body * 4 + credit
    got = sentences(text)
    assert any("Biscuiteries Ravel" in s for s in got)
    assert not any("©" in s for s in got)           # the credit is cut off the last sentence
    assert not any("10h15" in o or "10:15" in o for o in orgs(run(text)))


@pytest.mark.parametrize("text, first, second", [
    ("Le patron a parlé.Une telle baisse est rare.", "Le patron a parlé.", "Une telle baisse est rare."),
    ("The chief spoke.Such a cut is rare.", "The chief spoke.", "Such a cut is rare."),
])
def test_a_sentence_glued_to_the_next_without_a_space_is_cut(text, first, second):
    assert sentences(text) == [first, second]


@pytest.mark.parametrize("caption", [
    "Image: Jane Roe / Some Agency, CC BY-SA 4.0, via Flickr.",
    "Photo : Pierre Martin pour Le Journal.",
])
def test_caption_and_credit_sentences_are_not_text(caption):
    text = f"Norvalia cuts its emissions by half by 2030, the company said. {caption} The target covers its plants."
    assert not any(caption[:10] in s for s in sentences(text))


@pytest.mark.parametrize("bar", ["ENERGY NEWS  ·  Grids  ·  Storage  ·  Log in", "Accueil  •  Industrie  •  Climat"])
def test_a_menu_bar_is_furniture_not_a_title(bar):
    text = f"{bar}\n\nNorvalia says its plants will be net zero by 2035\n\nNorvalia aims for net zero by 2035."
    doc = run(text)
    assert {p["org"] for p in doc["pledges"]} == {"Norvalia"}


# -- name edges --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("Comment Valdor réduit ses émissions de 20 % d'ici 2030", "Valdor"),
    ("Pourquoi Valdor veut diviser par deux ses émissions avant 2035", "Valdor"),
    ("Additionally Brightwell aims to cut its emissions by 20% by 2030.", "Brightwell"),
    ("Within Brightwell’s plan, the company aims to cut emissions by 20% by 2030.", "Brightwell"),
])
def test_openers_and_possessions_are_not_part_of_the_name(text, name):
    assert article(text).main == name
    assert not any(n != name and name in n for n in org_names(text))


@pytest.mark.parametrize("text, person, org", [
    ("Jane Holt, Brightwell Chairman and CEO, said the plan is ambitious.", "Jane Holt", "Brightwell"),
    ("Brightwell President and CEO Jane Holt called the roadmap realistic.", "Jane Holt", "Brightwell"),
    ("Selon Marc Olivier, Président-Directeur Général de Valdor, le calendrier sera tenu.", "Marc Olivier", "Valdor"),
    ("« Le calendrier sera tenu », assure Marc Olivier, le Directeur Général de Valdor.", "Marc Olivier", "Valdor"),
])
def test_roles_next_to_a_name_are_the_role_not_the_organisation(text, person, org):
    doc = run(text)
    assert (org, person) in pairs(doc, "people", "name")
    assert not any(w in o for o in orgs(doc) for w in ("Chairman", "President", "Directeur", "Président"))


@pytest.mark.parametrize("text, bad", [
    ("En 2020, Valdor a rejeté 4,1 Mt eqCO2 selon son bilan.", "Mt"),
    ("Brightwell released 3.2 Mt CO2e last year, its report shows.", "Mt"),
    ("Valdor a conclu avec Solvento un contrat portant sur 60 GWh annuels.", "GWh"),
    ("Brightwell signed a deal with Chinese energy company Solvento.", "Chinese"),
    ("Valdor s'associe au groupe allemand Solvento.", "allemand"),
    ("Shell_Targets_2024 Brightwell has cut its emissions by 10% in 2023.", "Shell_Targets_2024"),
])
def test_units_nationalities_and_file_names_are_not_organisations(text, bad):
    assert bad not in org_names(text)


@pytest.mark.parametrize("text, name", [
    ("Le groupe La Banque Verte vise la neutralité carbone d'ici 2040.", "La Banque Verte"),
    ("La compagnie Air Norvalie promet zéro émission nette pour 2050.", "Air Norvalie"),
])
def test_an_article_or_a_place_inside_a_name_belongs_to_it(text, name):
    assert article(text).main == name


@pytest.mark.parametrize("text, expected", [
    ("Pour ce chantier, Valdor travaille en partenariat avec l'Institut technique des matériaux durables (ITMD), "
     "la société Solvento et l'Office régional de la rénovation.",
     {"Institut technique des matériaux durables", "Solvento", "Office régional de la rénovation"}),
    ("Valdor a choisi trois partenaires : Solvento, l'Agence nationale pour la rénovation urbaine et le "
     "Centre d'études des réseaux de chaleur.",
     {"Solvento", "Agence nationale pour la rénovation urbaine", "Centre d'études des réseaux de chaleur"}),
])
def test_an_institution_named_in_lower_case_after_its_head_noun(text, expected):
    partners = {p["partner"] for p in run(text)["partners"]}
    assert expected <= partners


@pytest.mark.parametrize("text, org, caps", [
    ("Le cimentier VALDORIA promet d'être neutre en carbone dès 2050. Valdoria publiera un plan.",
     "Valdoria", "VALDORIA"),
    ("Packaging maker NORTHBOX targets net zero by 2045. Northbox will report on progress every year.",
     "Northbox", "NORTHBOX"),
])
def test_a_name_in_capitals_is_the_same_organisation(text, org, caps):
    doc = run(text)
    assert {p["org"] for p in doc["pledges"]} == {org}
    assert caps not in orgs(doc)


def test_the_parent_of_several_divisions_is_not_a_short_form_of_one():
    text = ("Norvex a calculé son empreinte. Elle couvre Norvex Books, Norvex Travel et Norvex Media. "
            "Norvex vise la neutralité carbone en 2040.")
    assert {p["org"] for p in run(text)["pledges"]} == {"Norvex"}


@pytest.mark.parametrize("text", [
    "Electrification will be the main lever of Brightwell, which aims for net zero by 2040.",
    "Décarbonation : Valdor vise la neutralité carbone en 2040.",
])
def test_a_common_noun_opening_a_sentence_is_not_an_organisation(text):
    assert not {"Electrification", "Décarbonation"} & org_names(text)


# -- focus and epithets ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, org", [
    ("Valdor, troisième papetier du continent après Solvento, compte diminuer de 40 % ses rejets de CO2 avant 2035.", "Valdor"),
    ("Brightwell, the region's No. 2 paper maker after Solvento, plans to reduce its emissions by 40% by 2035.", "Brightwell"),
])
def test_an_organisation_named_as_a_comparison_is_not_the_actor(text, org):
    assert {p["org"] for p in run(text)["pledges"]} == {org}


def test_the_subject_of_the_lede_is_the_focus_without_a_title():
    text = ("Danish ferry operator Norvalia struck an agreement with Solvento to buy biomethanol. "
            "The Northern League's Carbon Market makes ferries pay for permits. The Northern League's Carbon Market is tight. "
            "The operator intends to be net zero across its fleet by 2045.")
    assert {p["org"] for p in run(text)["pledges"]} == {"Norvalia"}


@pytest.mark.parametrize("text, org", [
    ("Voltara, the continent's biggest power producer, will supply wind electricity to Crunchy Foods so that the "
     "biscuit group can cut its emissions. The biscuit maker aims to run entirely on renewable electricity by 2035.", "Crunchy Foods"),
    ("L'électricien Voltara approvisionnera en courant solaire Croustille SA, ce qui aidera le fabricant de gâteaux "
     "à décarboner. Le fabricant de gâteaux veut couvrir 100 % de ses besoins par de l'électricité renouvelable en 2040.",
     "Croustille SA"),
    pytest.param("Voltara, the continent's biggest power producer, will supply wind electricity to Crunchy Foods under a "
                 "ten-year contract. The snack maker aims to run entirely on renewable electricity by 2035.", "Crunchy Foods",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "finding (scrub, issue 17): an epithet in the NEXT sentence that contradicts the focus falls back to the "
                     "focus unless the same words were already used for the other organisation; a fix via the previous "
                     "sentence's names cost devset precision"))),
    pytest.param("L'électricien Voltara approvisionnera en courant solaire Croustille SA pendant dix ans. "
                 "Le biscuitier veut couvrir 100 % de ses besoins par de l'électricité renouvelable en 2040.", "Croustille SA",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "finding (scrub, issue 17): French trade-noun epithets are a closed list (papetier, verrier, cimentier, "
                     "laitier...); an unlisted one ('le biscuitier') is not read as an anaphor"))),
])
def test_an_epithet_that_contradicts_the_focus_stands_for_the_other_organisation(text, org):
    doc = run(text)
    assert {p["org"] for p in doc["pledges"]} == {org}


@pytest.mark.parametrize("text, org, alias", [
    ("Le fabricant de peintures Colorane a dévoilé sa feuille de route. Le fabricant de peintures veut être "
     "neutre en carbone dès 2050.", "Colorane", "Le fabricant de peintures"),
    ("Dutch paint maker Colorane published its roadmap. The paint maker intends to be net zero by 2050.",
     "Colorane", "The paint maker"),
    ("Brightwell set out its plan on Monday. The miner aims for net zero by 2050.", "Brightwell", "The miner"),
])
def test_descriptive_epithets_become_aliases(text, org, alias):
    doc = run(text)
    entry = next(o for o in doc["organisations"] if o["name"] == org)
    assert alias in entry["aliases"]


def test_generic_anaphora_are_not_aliases():
    doc = run("Brightwell set out its plan. The company aims for net zero by 2050.")
    entry = next(o for o in doc["organisations"] if o["name"] == "Brightwell")
    assert "The company" not in entry["aliases"]


# -- people --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, person, org", [
    ("Brightwell group head of sustainability, Nora Quinn, told reporters the target was a stretch.", "Nora Quinn", "Brightwell"),
    ("In a letter to investors, managing director, Omar Reyes, argues the roadmap has shifted. "
     "Brightwell aims for net zero by 2050.", "Omar Reyes", "Brightwell"),
    ("Hugo Lane – policy director at the campaign group Fair Air Trust – called the roadmap weak.", "Hugo Lane", "Fair Air Trust"),
    ("« C'est une étape », souligne Paule Henri, présidente et cheffe de la direction du groupe Valdor.", "Paule Henri", "Valdor"),
    ("Valdor a conclu l'accord mardi. Inès Roy, la directrice de l'énergie de l'opérateur, y voit une première.", "Inès Roy", "Valdor"),
    ("Claire Morel, responsable du développement durable du groupe Valdor, le confirme.", "Claire Morel", "Valdor"),
])
def test_name_and_role_patterns(text, person, org):
    assert (org, person) in pairs(run(text), "people", "name")


@pytest.mark.parametrize("text, person", [
    ("MARIE‑ANNE DUVAL Directrice climat et énergie du groupe Valdor |\n\nValdor publie son bilan carbone.", "Marie-Anne Duval"),
    ("PETER OAKES Head of Climate Strategy at Valdor |\n\nValdor has published its carbon report.", "Peter Oakes"),
])
def test_a_name_in_capitals_before_a_role(text, person):
    assert ("Valdor", person) in pairs(run(text), "people", "name")


def test_the_person_an_epithet_belongs_to():
    text = "Valdor détaille sa stratégie. Le distributeur de Xavier Durand veut atteindre la neutralité carbone dès 2040."
    doc = run(text)
    assert ("Valdor", "Xavier Durand") in pairs(doc, "people", "name")


def test_a_subsidiary_named_after_its_parent_is_an_organisation_not_a_person():
    text = ("Le cimentier Bétonor veut être neutre en carbone d'ici 2050. "
            "« Il faudra des aides publiques », prévient Julie Caron, CEO Bétonor Méditerranée.")
    assert ("Bétonor Méditerranée", "Julie Caron") in pairs(run(text), "people", "name")


# -- partners ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, buyer, seller", [
    ("Voltara will sell Crunchy Foods the output of two wind farms.", "Crunchy Foods", "Voltara"),
    ("Under the deal, Voltara is to sell 250 GWh of solar electricity each year to Crunchy Foods.", "Crunchy Foods", "Voltara"),
    ("Voltara va céder chaque année 250 GWh d'électricité éolienne à la société Croustille SA.", "Croustille SA", "Voltara"),
])
def test_the_buyer_s_supplier_is_the_seller(text, buyer, seller):
    assert (buyer, seller) in pairs(run(text), "partners", "partner")


@pytest.mark.parametrize("text, org, partner", [
    ("Brightwell aims to restore wetlands through partnerships with regional authorities and conservation group Blue Marsh.",
     "Brightwell", "Blue Marsh"),
    ("Le groupe Valdor restaurera des zones humides grâce à des partenariats avec les communes et l'association Marais Bleus.",
     "Valdor", "Marais Bleus"),
])
def test_partnerships_with_names_a_partner(text, org, partner):
    assert (org, partner) in pairs(run(text), "partners", "partner")


@pytest.mark.parametrize("text", [
    "« Avec nos partenaires, nous avançons », a réagi sur LinkedIn le patron de Valdor.",
    "Brightwell's boss posted on LinkedIn that its partners welcome the plan.",
])
def test_a_channel_is_not_a_partner(text):
    assert not any(p["partner"] == "LinkedIn" for p in run(text)["partners"])


# -- initiatives -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Valdor se donne 2040 pour atteindre la neutralité carbone, dix ans plus tôt que ne le prévoit l'Accord de Paris.",
    "Brightwell will reach net zero in 2040, ten years earlier than the Paris Agreement calls for.",
    "Valdor n'entend pas aligner sa trajectoire sur l'Accord de Paris, selon ses détracteurs.",
    "Brightwell will not align its plan with the Paris Agreement, critics say.",
    "Valdor incite ses grands sous-traitants à adopter une trajectoire alignée sur l'Accord de Paris.",
    "Brightwell is pushing its largest suppliers to follow a pathway consistent with the Paris Agreement.",
])
def test_yardsticks_negations_and_suppliers_are_not_relations(text):
    assert not run(text)["initiatives"]


@pytest.mark.parametrize("text", [
    "Northfund and Vale Capital Group have both signed up to RE100, alongside 30 other companies.",
    "Comme 30 autres entreprises, les sociétés Northfund et Vale Capital Group rejoignent RE100.",
])
def test_coordinated_subjects_both_join(text):
    got = pairs(run(text), "initiatives", "initiative")
    assert {("Northfund", "RE100"), ("Vale Capital Group", "RE100")} <= got


@pytest.mark.parametrize("text, org", [
    ("Air Norvalie fait partie des fondateurs de la Clean Skies Alliance (CSA). Lancée cette année, la CSA "
     "réunit six transporteurs ainsi que le cabinet Stratego Consulting Group.", "Stratego Consulting Group"),
    ("Norvalia Airlines helped found the Clean Skies Alliance. Launched this year, the alliance brings together six "
     "carriers and Stratego Consulting Group.", "Stratego Consulting Group"),
])
def test_the_organisations_a_new_initiative_is_made_of_are_founders(text, org):
    got = {(i["org"], i["relation"]) for i in run(text)["initiatives"]}
    assert (org, "founder") in got


@pytest.mark.parametrize("text", [
    "Brightwell has committed to adopting science-based targets for its factories within two years.",
    "Valdor s'est engagé à adopter d'ici deux ans des cibles Science Based Targets pour ses usines.",
])
def test_committing_to_set_targets_is_not_a_signature(text):
    doc = run(text)
    assert {(i["initiative"], i["relation"]) for i in doc["initiatives"]} == {("Science Based Targets initiative", "other")}


def test_presenting_at_a_named_forum():
    doc = run("Brightwell announced its plan at the Global Industry Forum this week.")
    assert ("Brightwell", "presented_at") in {(i["org"], i["relation"]) for i in doc["initiatives"]}


# -- emissions --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2021-05-04\n\nValdor veut ramener ses émissions à 1,9 million de tonnes en 2035.",
    "2021-05-04\n\nValdor s'est fixé un plafond de 12 millions de tonnes de CO2 pour 2032.",
    "2021-05-04\n\nBrightwell intends to bring its emissions down to 12 million tonnes of CO2 by 2032.",
])
def test_a_target_level_is_not_an_emission_figure(text):
    assert not run(text)["emissions"]


@pytest.mark.parametrize("text, amount, year", [
    ("2018-05-15\n\nAujourd'hui, Valdor rejette chaque année 27 millions de tonnes de CO2, selon le groupe.", 27, 2018),
    ("2018-05-15\n\nBrightwell's plants now release some 27 million tonnes of CO2 every year, the firm says.", 27, 2018),
    ("2024-09-25\n\nValdor diminuera ses émissions d'un quart d'ici 2030 par rapport à 2020, année où elles "
     "atteignaient 18 Mt eqCO2.", 18, 2020),
    ("2021-09-14\n\nBrightwell's reported emissions for the last financial year came to 212.5 million tonnes, mostly indirect.", 212.5, 2021),
])
def test_the_year_of_an_emission_figure(text, amount, year):
    figs = [(e["amount"], e["year"]) for e in run(text)["emissions"] if e["amount"]]
    assert (amount, year) in figs


@pytest.mark.parametrize("text, change", [
    ("2018-05-15\n\nDepuis 2012, Valdor a fait baisser ses émissions de 28 %, souligne le groupe.", -28),
    ("2023-04-20\n\nSince 2016 Brightwell has cut its carbon footprint by 31%, it says.", -31),
])
def test_a_change_since_a_year_has_no_year_of_its_own(text, change):
    assert [(e["change_pct"], e["year"]) for e in run(text)["emissions"]] == [(change, None)]


@pytest.mark.parametrize("text", [
    "2024-07-18\n\nNorvex publie son rapport.\n\nFin 2023, nous avions diminué de 35 % les émissions de nos usines (scopes 1 et 2), "
    "et de 9 % celles de nos fournisseurs (scope 3).",
    "2024-07-18\n\nNorvex publishes its report.\n\nBy the end of 2023 we had cut our emissions by 35% at our plants (scopes 1 and 2), "
    "and by 9% across our value chain (scope 3).",
])
def test_a_second_percentage_of_the_same_verb_is_a_second_change(text):
    assert sorted(e["change_pct"] for e in run(text)["emissions"]) == [-35, -9]


@pytest.mark.parametrize("text", [
    "Brightwell has scaled back its climate goal for 2030 from a 20% reduction to a 15% cut.",
    "Valdor revoit à la baisse sa cible pour 2030 : une baisse de 15 % de ses émissions au lieu de 20 %.",
])
def test_the_percentage_of_a_target_is_not_an_emission_change(text):
    assert not run(text)["emissions"]


def test_article_state_is_reachable():
    a = Article("Valdor vise la neutralité carbone en 2040.", "t.txt", GAZ)
    assert a.main == "Valdor"


@pytest.mark.parametrize("text, org, verb", [
    ("Valdor suit d'autres industriels, avec Solvento qui a ramené sa cible 2030 à 30 % le mois dernier.", "Solvento", "ramené"),
    ("Brightwell follows other firms in scaling back, with Solvento having trimmed its 2030 carbon goal to 30% last month.",
     "Solvento", "trimmed"),
])
def test_the_subject_of_a_with_clause_is_its_actor(text, org, verb):
    a = article(text)
    s = a.sentences[0]
    assert a.actor_before(s, text.index(verb)) == org
