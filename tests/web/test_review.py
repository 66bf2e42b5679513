"""`kg review`: the review page that turns an article's draft into curated facts.

In a real browser (headless Chromium, the session's `browser` of tests/web/conftest.py): a real-set
article (../shared/real-articles, read in place, never copied here) is reviewed: two facts accepted,
one corrected, one added by selecting text, the rest rejected; saved; the files validate and
`kg build` holds the new facts with their quotes at the right offsets. Over HTTP, on an invented
article: the token, the Origin and the Host are checked, bad input gets one line, and a second save
never overwrites.
"""
from __future__ import annotations

from contextlib import contextmanager
import json
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.remote.serve import free_port, wait_for_port
from kg.store.embedded import Store

from ..conftest import SHARED, built_copy, kg
from ..servers import stop

REAL = SHARED / "real-articles"
REAL_ARTICLE = "231-gm-carbon-neutral-2040.txt"  # English; its draft proposes several pledges
CURATOR = "Test Curator"
ID = "https://w3id.org/climate-commitments/id/"
CCKG = "https://w3id.org/climate-commitments/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
# an invented article (no publisher's text): a company, a net-zero pledge and a reduction target
INVENTED = ("2024-03-05\n"
            "Exemplar Foods vise la neutralité carbone d'ici 2040\n\n"
            "Le groupe agroalimentaire Exemplar Foods s'engage à atteindre la neutralité carbone d'ici 2040. "
            "Il prévoit aussi de réduire de 50 % ses émissions de scope 1 et 2 d'ici 2030 par rapport à 2019. "
            "Ses serveurs sont hébergés par Nuage Nord, filiale cloud d'un grand distributeur en ligne.\n")


@contextmanager
def kg_review(root: Path, article: Path, *args: str):
    """`kg review ARTICLE --no-browser` on a free port for the project at `root`; yields the URL it
    prints (with its token); stopped with SIGTERM afterwards."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "review", str(article), "--port", str(port),
                                "--no-browser", "--curator", CURATOR, *args], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        if not url:
            process.wait(timeout=30)
            pytest.fail(f"kg review printed no URL: {process.stderr.read()}")
        assert url.startswith(f"http://127.0.0.1:{port}/review?token="), url
        wait_for_port("127.0.0.1", port, process, timeout=120)
        yield url
    finally:
        stop(process, timeout=30)


def post(url: str, body, headers: dict | None = None) -> tuple[int, str]:
    """POST `body` (JSON unless bytes) to `url`: (status, body text)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def parts(url: str) -> tuple[str, str]:
    """(base URL, token) of the URL kg review printed."""
    split = urllib.parse.urlsplit(url)
    return f"{split.scheme}://{split.netloc}", urllib.parse.parse_qs(split.query)["token"][0]


# -- over HTTP, on an invented article -----------------------------------------------------------------

@pytest.fixture(scope="module")
def invented(tmp_path_factory):
    """(project, article, review URL): kg review of the invented article on a built copy of the sources."""
    base = tmp_path_factory.mktemp("review-http")
    project = built_copy(base / "project")
    article = base / "exemplar.txt"
    article.write_text(INVENTED, encoding="utf-8")
    with kg_review(project.root, article) as url:
        yield project, article, url


def fact(evidence: str, **fields) -> dict:
    return {"status": "add", "kind": "pledges", "org": "Exemplar Foods", "type": "net_zero", "target_year": 2040,
            "evidence": evidence, **fields}


NET_ZERO = "s'engage à atteindre la neutralité carbone d'ici 2040"


def test_the_review_page_needs_the_token(invented):
    _, _, url = invented
    base, token = parts(url)
    with urllib.request.urlopen(url, timeout=60) as response:
        page = response.read().decode()
    assert response.status == 200 and 'id="review-data"' in page
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(base + "/review", timeout=60)
    assert refused.value.code == 403


def test_a_post_without_the_token_is_refused(invented):
    project, _, url = invented
    base, token = parts(url)
    status, body = post(base + "/review/save", {"facts": [fact(NET_ZERO)]})
    assert status == 403 and "token" in body
    status, body = post(base + "/review/save", {"facts": [fact(NET_ZERO)]}, {"X-Review-Token": token + "x"})
    assert status == 403
    status, body = post(base + "/query", b"query=ASK{}", {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403, "every POST needs the token"
    assert not list(project.data_dir.glob("00*-exemplar*")), "nothing written"


def test_a_post_from_another_origin_or_naming_another_host_is_refused(invented):
    _, _, url = invented
    base, token = parts(url)
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Host": "evil.example"}):
        status, body = post(base + "/review/save", {"facts": [fact(NET_ZERO)]}, {"X-Review-Token": token, **headers})
        assert status == 403, (headers, status, body)
        assert body.count("\n") == 1 and "refused" in body
    request = urllib.request.Request(url, headers={"Host": f"rebound.example:{urllib.parse.urlsplit(url).port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:  # DNS rebinding: a page of another name reads nothing
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 403


@pytest.mark.parametrize("bad, expected", [
    (fact("Exemplar Foods promet la lune"), "fact 1: the evidence is not in the article"),
    (fact(NET_ZERO, type="zero_waste_by_magic"), "fact 1 (pledges), type: unknown type 'zero_waste_by_magic'"),
    (fact(NET_ZERO, kind="prophecies"), "fact 1: unknown kind of fact 'prophecies'"),
    (fact(NET_ZERO, target_year="soon"), "fact 1 (pledges), target_year: 'soon' is not a year"),
    (fact(NET_ZERO, percentage=150), "fact 1 (pledges), percentage: 150 is not a percentage"),
    (fact(NET_ZERO, org=""), "fact 1 (pledges): org is missing"),
])
def test_bad_input_gets_one_line_naming_the_fact_and_nothing_is_written(invented, bad, expected):
    project, _, url = invented
    base, token = parts(url)
    before = sorted(p.name for p in project.seeds_dir.iterdir()) + sorted(p.name for p in project.data_dir.iterdir())
    status, body = post(base + "/review/save", {"facts": [bad]}, {"X-Review-Token": token})
    answer = json.loads(body)
    assert status == 400 and answer["ok"] is False
    assert answer["error"].startswith(expected), answer["error"]
    assert "\n" not in answer["error"]
    after = sorted(p.name for p in project.seeds_dir.iterdir()) + sorted(p.name for p in project.data_dir.iterdir())
    assert after == before


def test_a_save_writes_the_three_files_and_a_second_save_never_overwrites(invented):
    project, article, url = invented
    base, token = parts(url)
    articles_before = (project.seeds_dir / "articles.ttl").read_text(encoding="utf-8")
    review = {"article": {"headline": "Exemplar Foods vise la neutralité carbone d'ici 2040", "language": "fr",
                          "published": "2024-03-05"},
              "organisations": [{"name": "Exemplar Foods", "aliases": ["Exemplar"], "kind": "company"},
                                # a new name of an organisation the graph has: merged into its IRI
                                {"name": "Nuage Nord", "aliases": ["filiale cloud d'un grand distributeur en ligne"],
                                 "kind": "cloud_provider", "same_as": "AWS"}],
              "facts": [fact(NET_ZERO),
                        {"status": "add", "kind": "partners", "org": "Exemplar", "partner": "Nuage Nord",
                         "role": "supplier", "evidence": "Ses serveurs sont hébergés par Nuage Nord"}]}
    status, body = post(base + "/review/save", review, {"X-Review-Token": token})
    answer = json.loads(body)
    assert status == 200 and answer["ok"], body
    assert answer["conforms"], answer
    seed = next(project.seeds_dir.glob("004_*.txt"))
    assert seed.read_bytes() == article.read_bytes()
    data = project.data_dir / "004-exemplar-foods.ttl"
    assert answer["written"] == [f"seeds/{seed.name}", "data/004-exemplar-foods.ttl", "seeds/articles.ttl (appended)"]
    articles = (project.seeds_dir / "articles.ttl").read_text(encoding="utf-8")
    assert articles.startswith(articles_before)
    entry = articles[len(articles_before):]
    assert f"kgr:article-{seed.stem[4:]} a cckg:Article" in entry and f'cckg:seedFile "{seed.name}"' in entry
    assert '"2024-03-05"^^xsd:date' in entry and entry.lstrip().startswith("# 004 — ")
    saved = {path: path.read_bytes() for path in (seed, data, project.seeds_dir / "articles.ttl")}
    graph = Store.memory()
    graph.load_turtle(data, "urn:test:saved")
    aws = ID + "org-amazon-web-services"
    aliases = {r["alias"].value for r in graph.select(f"SELECT ?alias WHERE {{ <{aws}> <{SKOS}altLabel> ?alias }}").dicts()}
    assert aliases == {"Nuage Nord", "filiale cloud d'un grand distributeur en ligne"}, "merged into the graph's IRI"
    partners = graph.select(f"SELECT ?p WHERE {{ ?s <{CCKG}partner> ?p }}").dicts()
    assert [r["p"].value for r in partners] == [aws]
    assert not graph.select(f"ASK {{ <{ID}org-nuage-nord> ?p ?o }}").rows[0][0].value == "true"
    clients = graph.select(f"SELECT ?c WHERE {{ ?s <{CCKG}client> ?c }}").dicts()
    assert [r["c"].value for r in clients] == [ID + "org-exemplar-foods"], "an alias names its organisation"
    assert not graph.select(f"ASK {{ <{ID}org-exemplar> ?p ?o }}").rows[0][0].value == "true"

    status, body = post(base + "/review/save", review, {"X-Review-Token": token})
    answer = json.loads(body)
    assert status == 409 and answer["ok"] is False
    assert answer["error"] == f"seeds/{seed.name} already exists: refusing to overwrite it"
    assert {path: path.read_bytes() for path in saved} == saved, "nothing rewritten"


# -- in the browser, on a real-set article ---------------------------------------------------------------

SELECT_UNMARKED = """
// Select, in the article's text, the longest line of a stretch no proposed fact quotes; return it.
const box = document.getElementById('article-text');
let best = null;
for (const node of box.childNodes) {
  if (node.nodeType !== Node.TEXT_NODE) continue;
  let at = 0;
  for (const line of node.data.split('\\n')) {
    const trimmed = line.trim();
    if (trimmed.length > 25 && (!best || trimmed.length > best.text.length))
      best = {node, start: at + line.indexOf(trimmed), text: trimmed};
    at += line.length + 1;
  }
}
if (!best) return null;
const range = document.createRange();
range.setStart(best.node, best.start);
range.setEnd(best.node, best.start + best.text.length);
const selection = window.getSelection();
selection.removeAllRanges();
selection.addRange(range);
box.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
return best.text;
"""


@pytest.fixture
def real_article() -> Path:
    path = REAL / REAL_ARTICLE
    if not path.is_file():
        pytest.skip(f"the real-article set is not here ({path}): it lives in ../shared, outside the repository")
    return path


def test_an_article_reviewed_in_the_browser_is_saved_validates_and_builds(browser, real_article, tmp_path,
                                                                           screenshots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from .test_browser import find, shoot, wait

    project = built_copy(tmp_path / "project")
    text = real_article.read_text(encoding="utf-8")
    with kg_review(project.root, real_article) as url:
        browser.get(url)
        forms = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "form.fact-form"), "the draft's fact forms")
        assert len(forms) >= 3, f"the draft of {REAL_ARTICLE} proposes {len(forms)} facts; the test needs 3"
        assert browser.find_elements(By.CSS_SELECTOR, "#article-text mark.fact-mark"), "proposed facts highlighted"
        proposed = browser.execute_script("return JSON.parse(document.getElementById('review-data').textContent).facts")

        def click(css, within=None):
            element = find(browser, css, within)
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            element.click()

        # accept the first two, correct the third (its organisation: the first's; a pledge's year), reject the rest
        click("input[value=accept]", forms[0])
        click("input[value=accept]", forms[1])
        first_org = find(browser, "input[name=org]", forms[0]).get_attribute("value")
        corrected = find(browser, "input[name=org]", forms[2])
        corrected.clear()
        corrected.send_keys(first_org)
        if proposed[2]["kind"] == "pledges":
            year = find(browser, "input[name=target_year]", forms[2])
            year.clear()
            year.send_keys("2039")
        assert "is-correct" in forms[2].get_attribute("class"), "editing a field marks the fact corrected"
        for form in forms[3:]:
            click("input[value=reject]", form)
        assert "is-kept" in " ".join(m.get_attribute("class") for m in
                                     browser.find_elements(By.CSS_SELECTOR, "#article-text mark.fact-mark"))

        # add a fact the extractor missed: select a passage no proposed fact quotes
        quote = browser.execute_script(SELECT_UNMARKED)
        assert quote, "a passage of the text that no proposed fact quotes"
        wait(browser, lambda d: d.find_element(By.ID, "selection-panel").is_displayed(), "the selection panel")
        Select(find(browser, "#selection-kind")).select_by_value("pledges")
        click("#add-fact")
        added = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "form.fact-form.is-add"), "the added fact's form")[0]
        assert " ".join(find(browser, ".fact-quote", added).text.split()) == " ".join(quote.split())
        find(browser, "input[name=org]", added).send_keys(first_org)
        Select(find(browser, "select[name=type]", added)).select_by_value("other")
        find(browser, "input[name=target_year]", added).send_keys("2031")

        # the organisations: the first one's row is there, merged into the graph's when it knows the name
        assert browser.find_elements(By.CSS_SELECTOR, "#orgs tbody tr"), "the article's organisations"
        find(browser, "#article-label").send_keys("Review page test article")
        click("#save")
        result = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#result .save-ok, #result .save-failed, "
                                                                         "#result .save-error"), "the save's result", 120)[0]
        assert "save-ok" in result.get_attribute("class"), find(browser, "#result").text
        shown = find(browser, "#result").text
        shoot(browser, screenshots / "review.png")
        assert "4 facts saved" in shown, shown

    seed = next(project.seeds_dir.glob("004_*.txt"))
    assert seed.read_bytes() == real_article.read_bytes()
    data = next(project.data_dir.glob("004-*.ttl"))
    assert f"seeds/{seed.name}" in shown and f"data/{data.name}" in shown
    validated = kg("validate", "--format", "json", cwd=project.root)
    assert validated.returncode == 0, validated.stdout[-2000:] + validated.stderr
    built = kg("build", cwd=project.root)
    assert built.returncode == 0, built.stderr

    from kg.store.build import open_built

    store = open_built(project, infer=False)
    aid = seed.stem[4:]
    rows = store.select(f"""PREFIX cckg: <https://w3id.org/climate-commitments/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?fact ?exact ?start ?end ?who ?confidence ?when ?year WHERE {{
          ?fact cckg:evidence ?ev . ?ev oa:hasSource <{ID}article-{aid}> ; oa:hasSelector ?q, ?p ;
              prov:wasAttributedTo ?who ; cckg:confidence ?confidence ; dcterms:created ?when .
          ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
          OPTIONAL {{ ?fact cckg:targetYear ?year }} }}""").dicts()
    saved = {(r["exact"].value, int(r["start"].value), int(r["end"].value)) for r in rows}
    for exact, start, end in saved:
        assert text[start:end] == exact, f"the quote is at its offsets: {exact[:60]!r}"
    for f in proposed[:3]:
        assert (f["evidence"], f["start"], f["end"]) in saved, f"kept fact missing: {f['evidence'][:60]!r}"
    for f in proposed[3:]:
        assert not any(e == f["evidence"] for e, _, _ in saved) or any(
            g["evidence"] == f["evidence"] for g in proposed[:3]), "a rejected fact is not saved"
    assert any(e == quote.strip() or e == quote for e, _, _ in saved), "the added fact, quoting the selection"
    assert {r["who"].value for r in rows} == {ID + "agent-curator-test-curator"}
    assert {float(r["confidence"].value) for r in rows} == {1.0}
    years = {r["year"].value for r in rows if r["year"] is not None}
    assert "2031" in years, years
    if proposed[2]["kind"] == "pledges":
        assert "2039" in years, years
    store.close()


# -- the rules of a save, without a server ------------------------------------------------------------------

def test_a_quote_is_saved_where_it_was_selected_when_it_occurs_twice():
    from kg.web.review_save import Refused, quote_offset

    text = "Acme aims for net zero. Later: Acme aims for net zero."
    assert quote_offset(text, "Acme aims for net zero", None, "fact 1") == 0
    assert quote_offset(text, "Acme aims for net zero", 31, "fact 1") == 31
    assert quote_offset(text, "Acme aims for net zero", 29, "fact 1") == 31, "the occurrence nearest the selection"
    with pytest.raises(Refused, match="fact 1: the evidence is not in the article"):
        quote_offset(text, "Acme aims for carbon zero", None, "fact 1")


def test_scopes_and_percentages_are_read_as_the_contract_writes_them():
    from kg.web.review_save import Refused, read_fact

    text = "Acme will cut scope 1 and 2 emissions by 42% by 2030."
    choices = {"type": ["emission_reduction", "other"]}
    raw = {"status": "correct", "kind": "pledges", "org": "Acme", "type": "emission_reduction", "target_year": "2030",
           "percentage": "42 %", "scope": "2 and 1", "evidence": text}
    fact = read_fact(raw, 1, text, choices)
    assert fact == {"org": "Acme", "type": "emission_reduction", "target_year": 2030, "baseline_year": None,
                    "percentage": 42.0, "scope": "1+2", "evidence": text, "start": 0, "kind": "pledges"}
    assert read_fact({**raw, "status": "reject"}, 1, text, choices) is None
    with pytest.raises(Refused, match="scope 4"):
        read_fact({**raw, "scope": "scope 4"}, 1, text, choices)


def test_kg_serve_never_mounts_the_review_page():
    import kg.web.review
    import kg.web.review_save

    assert not hasattr(kg.web.review, "routes") and not hasattr(kg.web.review_save, "routes")


def test_port_0_picks_a_free_port_and_sigterm_stops_it(invented):
    project, article, _ = invented
    process = subprocess.Popen([sys.executable, "-m", "kg", "review", str(article), "--no-browser"], cwd=project.root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        port = urllib.parse.urlsplit(url).port
        assert url.startswith("http://127.0.0.1:") and port, url
        wait_for_port("127.0.0.1", port, process, timeout=120)
        with urllib.request.urlopen(url, timeout=120) as response:  # serving (a signal while starting exits 130)
            assert response.status == 200
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
        assert process.returncode == 0, err
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
