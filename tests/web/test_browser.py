"""The pages of `kg serve` in a real browser (headless Chromium through Selenium): search, Amazon's
dossier, its charts as drawn by vega-embed, a quote followed to its highlighted passage, a saved
query's form, the keyboard, and the pages without JavaScript. Screenshots of what the browser saw go
to build/screenshots/ (git-ignored) for people to look at."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from ..conftest import ROOT, kg
from ..servers import kg_serve

try:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    if os.environ.get("CI"):
        raise  # CI installs the test extra: a missing Selenium is a failure there
    pytest.skip("Selenium is not installed (pip install -e '.[test]')", allow_module_level=True)

ID = "https://w3id.org/climate-commitments/id/"
AMAZON = "/id/org-amazon"
ARTICLE = "article-3f05cd81590e013e"  # Amazon's 2024 emissions (data/003-amazon.ttl)
PLEDGE_QUOTE = "ev-3f05cd81590e013e-818-1031"  # net zero by 2040
FIGURE_QUOTE = "ev-3f05cd81590e013e-109-375"  # 68.25 Mt CO2e in 2024
CLIENT_QUOTE = "ev-472470f9ea62a2fc-2258-2423"  # Netflix relies on Amazon Web Services
FIGURE_2024 = re.compile(r"\b68(?:[.,]25\b|,?250,?000\b)")  # 68.25 Mt CO2e, in Mt or in tonnes
CHART_WAIT = 10.0  # seconds vega-embed may take to draw


# -- helpers -------------------------------------------------------------------------------------

def wait(driver, condition, what: str, timeout: float = CHART_WAIT):
    """`condition(driver)` once truthy, or fail naming `what` was not seen within `timeout` seconds."""
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))
    except TimeoutException:
        pytest.fail(f"{what}: not seen within {timeout:g} s at {driver.current_url}")


def find(driver, css: str, within=None):
    """The first element matching `css` (inside `within` if given), or fail naming the missing hook."""
    found = (within or driver).find_elements(By.CSS_SELECTOR, css)
    if not found:
        pytest.fail(f"no {css} at {driver.current_url}")
    return found[0]


def path_of(url: str) -> str:
    return urllib.parse.urlsplit(url).path


def words(text: str) -> str:
    """`text` with its whitespace runs made single spaces (as a browser renders it)."""
    return " ".join(text.split())


def page_text(driver) -> str:
    return words(driver.find_element(By.TAG_NAME, "body").text)


def shoot(driver, target: Path) -> None:
    """A screenshot of the whole page, not only the window (Chrome DevTools' capture beyond the viewport)."""
    import base64

    width, height = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": min(height, 12000), "scale": 1}})
    target.write_bytes(base64.b64decode(shot["data"]))


def script_errors(driver) -> list[str]:
    """The console's errors since the last call (a missing favicon is not one)."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "favicon" not in entry["message"]]


def sparql(base: str, query: str) -> list[dict[str, str]]:
    """The rows of a SELECT asked of the server's own SPARQL endpoint, as {variable: value}."""
    request = urllib.request.Request(base + "/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        bindings = json.load(response)["results"]["bindings"]
    return [{name: cell["value"] for name, cell in row.items()} for row in bindings]


def quotes_of(base: str, article: str) -> dict[str, str]:
    """Every evidence span of `article`: {evidence local name: its exact text}, from the graph."""
    rows = sparql(base, f"""PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?ev ?exact WHERE {{ ?ev oa:hasSource <{ID}{article}> ; oa:hasSelector ?s . ?s oa:exact ?exact }}""")
    return {row["ev"].removeprefix(ID): row["exact"] for row in rows}


DRAWN = """
const box = arguments[0];
const svg = box.querySelector('svg');
if (svg) return svg.querySelectorAll('g.role-mark > *').length;  // data marks, not axes or legends
const canvas = box.querySelector('canvas');
if (!canvas || !canvas.width || !canvas.height) return 0;
const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let inked = 0;
for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) inked++;
return inked;
"""


def drawn_charts(driver) -> list[str]:
    """Wait until every `figure.chart` on the page has marks drawn in its `div.vega` and rows in its
    `table.chart-data`; returns the tables' texts."""
    figures = driver.find_elements(By.CSS_SELECTOR, "figure.chart")
    assert figures, f"no figure.chart at {driver.current_url}"
    tables = []
    for number, figure in enumerate(figures, 1):
        box = find(driver, "div.vega", figure)
        wait(driver, lambda d: d.execute_script(DRAWN, box), f"chart {number}: marks drawn in its div.vega")
        rows = [row for row in figure.find_elements(By.CSS_SELECTOR, "table.chart-data tr")
                if row.find_elements(By.TAG_NAME, "td")]
        assert rows, f"chart {number} at {driver.current_url}: its table.chart-data has no data rows"
        tables.append(words(find(driver, "table.chart-data", figure).get_attribute("textContent")))
    return tables


def search(driver, base: str, words_typed: str) -> None:
    """Type into the home page's search box and press Enter, as a person would."""
    driver.get(base + "/")
    form = find(driver, 'form[role="search"]')
    assert path_of(form.get_attribute("action")) == "/search"
    box = find(driver, "input#q", form)
    assert box.get_attribute("name") == "q"
    box.send_keys(words_typed, Keys.ENTER)
    wait(driver, lambda d: path_of(d.current_url) == "/search", "the search results page")


def open_dossier(driver, base: str) -> None:
    """Search "amazon" and follow the first result that names Amazon."""
    search(driver, base, "amazon")
    results = driver.find_elements(By.CSS_SELECTOR, "a.result")
    assert any(path_of(a.get_attribute("href")) == AMAZON for a in results), \
        f"no a.result links to {AMAZON}: {[a.get_attribute('href') for a in results]}"
    first = next(a for a in results if "Amazon" in a.text)
    first.click()
    wait(driver, lambda d: path_of(d.current_url) == AMAZON, f"the first result naming Amazon opens {AMAZON}")


def quote_links(driver) -> dict[str, str]:
    """The page's `a.quote` links: {fragment: path}."""
    return {urllib.parse.urlsplit(href).fragment: path_of(href)
            for href in (a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a.quote"))}


# -- the tests -----------------------------------------------------------------------------------

def test_searching_amazon_opens_its_dossier_with_its_pledge_2024_figure_and_aws_clients(
        browser, web_server, screenshots):
    browser.get(web_server + "/")
    shoot(browser, screenshots / "home.png")
    open_dossier(browser, web_server)
    assert "Amazon" in find(browser, "h1").text
    text = page_text(browser)
    assert "2040" in text, "the net-zero pledge's target year"
    assert FIGURE_2024.search(text), "the 2024 emissions figure, 68.25 Mt CO2e"
    assert re.search(r"\+\s?6(?:[.,]0+)?\s?%", text), "the 2024 rise, +6 % (not only in a quote)"
    assert "Netflix" in text, "AWS's client (Netflix relies on Amazon Web Services)"
    links = quote_links(browser)
    assert links and all(re.fullmatch(r"/id/article-[0-9a-f]+", p) and f.startswith("ev-")
                         for f, p in links.items()), f"a.quote links are /id/article-...#ev-...: {links}"
    for evidence, fact in ((PLEDGE_QUOTE, "the pledge"), (FIGURE_QUOTE, "the 2024 figure"),
                           (CLIENT_QUOTE, "AWS's client")):
        assert evidence in links, f"{fact} has no a.quote link to #{evidence}"


def test_the_home_chart_of_pledges_by_target_year_is_drawn(browser, web_server):
    script_errors(browser)  # forget earlier pages
    browser.get(web_server + "/")
    tables = drawn_charts(browser)
    assert any("2040" in table for table in tables), f"no pledge for 2040 in the home chart's data: {tables}"
    assert script_errors(browser) == []


def test_the_dossier_charts_are_drawn_with_their_data_beside_them(browser, web_server, screenshots):
    script_errors(browser)  # forget earlier pages
    browser.get(web_server + AMAZON)
    tables = drawn_charts(browser)
    assert any("2024" in table and FIGURE_2024.search(table) for table in tables), \
        f"the emissions chart's data has no 2024 figure of 68.25: {tables}"
    assert script_errors(browser) == []
    shoot(browser, screenshots / "dossier.png")  # once the charts are drawn


def test_a_quote_link_opens_the_article_at_its_highlighted_passage(browser, web_server, screenshots):
    browser.get(web_server + AMAZON)
    link = find(browser, f'a.quote[href$="#{PLEDGE_QUOTE}"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    wait(browser, lambda d: path_of(d.current_url) == f"/id/{ARTICLE}", "the article page")
    assert urllib.parse.urlsplit(browser.current_url).fragment == PLEDGE_QUOTE
    mark = find(browser, f"#{PLEDGE_QUOTE}")
    assert mark.tag_name == "mark"
    assert mark.is_displayed()
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight", mark), \
        "the highlighted passage is scrolled into view"
    assert browser.execute_script(
        "return getComputedStyle(arguments[0]).backgroundColor", mark) not in ("rgba(0, 0, 0, 0)", "transparent")
    quotes = quotes_of(web_server, ARTICLE)
    assert words(mark.text) == words(quotes[PLEDGE_QUOTE])
    text = page_text(browser)
    assert words(quotes[PLEDGE_QUOTE]) in text and len(text) > 2 * len(mark.text), "the passage within the full text"
    marks = {m.get_attribute("id"): words(m.text) for m in browser.find_elements(By.CSS_SELECTOR, "mark[id^='ev-']")}
    assert marks == {ev: words(exact) for ev, exact in quotes.items()}, "every evidence span, at its offsets"
    shoot(browser, screenshots / "article.png")


def test_a_saved_query_form_lists_the_pledges_for_2040(browser, web_server, screenshots):
    browser.get(web_server + "/queries/pledges_by_target_year")
    form = find(browser, "form.saved-query")
    year = find(browser, "[name=year]", form)
    assert browser.execute_script("return arguments[0].labels.length", year) or year.get_attribute("aria-label"), \
        "the year field has a label"
    year.clear()
    year.send_keys("2040")
    find(browser, "button, input[type=submit]", form).click()
    rows = wait(browser, lambda d: [r for r in d.find_elements(By.CSS_SELECTOR, "table.results tr")
                                    if r.find_elements(By.TAG_NAME, "td")], "rows in table.results")
    assert all("2040" in row.text for row in rows), [row.text for row in rows]
    pledge = find(browser, 'table.results a[href$="/id/pledge-amazon-net-zero-2040"]')
    shoot(browser, screenshots / "query-result.png")
    pledge.click()
    wait(browser, lambda d: path_of(d.current_url) == "/id/pledge-amazon-net-zero-2040", "the pledge page")
    assert "2040" in page_text(browser) and "Amazon" in page_text(browser)


@pytest.mark.parametrize("path", ["/", AMAZON, f"/id/{ARTICLE}", "/id/pledge-amazon-net-zero-2040", "/queries",
                                  "/queries/pledges_by_target_year?year=2040", "/sparql"])
def test_a_page_fits_a_desktop_window_without_scrolling_sideways(browser, web_server, path):
    browser.get(web_server + path)
    page, window = browser.execute_script(
        "const e = document.documentElement; return [e.scrollWidth, e.clientWidth]")
    assert page <= window, f"{path} is {page} px wide in a {window} px window (wide tables and code scroll in a box)"


def test_tab_reaches_the_skip_link_first_and_it_leads_to_the_main_content(browser, web_server):
    browser.get(web_server + "/")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    skip = browser.switch_to.active_element
    assert skip.tag_name == "a", f"the first Tab stop is {skip.tag_name}: {skip.get_attribute('outerHTML')[:200]}"
    target = urllib.parse.urlsplit(skip.get_attribute("href")).fragment
    assert target, "the skip link points within the page"
    assert browser.execute_script(
        "const t = document.getElementById(arguments[0]); return !!t && !!t.closest('main')", target), \
        f"#{target} is the main content"
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.width > 1 && r.height > 1 && r.top >= 0", skip), \
        "the skip link is visible once focused"
    skip.send_keys(Keys.ENTER)
    wait(browser, lambda d: urllib.parse.urlsplit(d.current_url).fragment == target, "the skip link followed", 5)


# -- narrow screens and accessibility --------------------------------------------------------------

PHONE = (390, 844)  # an iPhone 12 to 15's CSS pixels
SAVED_RUNS = ("/queries/pledges_by_target_year?year=2040",  # 3 parameters
              "/queries/pledges_by_sector?by=country")  # 5 parameters
NARROW_PAGES = ("/", "/search?q=amazon", AMAZON, f"/id/{ARTICLE}", "/queries", *SAVED_RUNS, "/sparql")
A11Y_PAGES = ("/", "/search?q=amazon", AMAZON, f"/id/{ARTICLE}", "/id/pledge-amazon-net-zero-2040", "/queries",
              *SAVED_RUNS, "/queries/pledges_by_sector", "/sparql", "/ontology")
WIDEST = """
const limit = window.innerWidth;
const scrolls = (e) => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
  if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
return Array.from(document.querySelectorAll('body *'))
  .map(e => [e, e.getBoundingClientRect()]).filter(([e, r]) => r.width && r.right > limit && !scrolls(e))
  .map(([e, r]) => `<${e.tagName.toLowerCase()} class="${e.getAttribute('class') || ''}"> to ${Math.round(r.right)} px`)
  .slice(0, 5);
"""
# WCAG 2.1 contrast (1.4.3) of every visible element with text of its own: its colour (an SVG text's fill) with
# its opacity, over the background it sits on (the background colours of it and its ancestors, composited
# over white); >= 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). Returns [elements checked, failures].
CONTRAST = """
const parse = (s) => { const m = /rgba?\\(([^)]+)\\)/.exec(s || '');
  if (!m) return null; const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(parseFloat);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
const over = (top, base) => [0, 1, 2].map(i => top[i] * top[3] + base[i] * (1 - top[3])).concat([1]);
const luminance = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const background = (el) => { const layers = [];
  for (let a = el; a; a = a.parentElement) { const bg = parse(getComputedStyle(a).backgroundColor);
    if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; } }
  return layers.reverse().reduce((base, layer) => over(layer, base), [255, 255, 255, 1]); };
const skipped = new Set(['SCRIPT', 'STYLE', 'TITLE', 'OPTION', 'DATALIST', 'NOSCRIPT']);
const failures = []; let checked = 0;
for (const el of document.querySelectorAll('body *')) {
  if (skipped.has(el.tagName.toUpperCase())) continue;
  if (!Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  if (style.visibility !== 'visible' || box.width <= 1 || box.height <= 1) continue;  // hidden, or visually-hidden
  const svg = el instanceof SVGElement, ink = parse(svg ? style.fill : style.color);
  if (!ink) continue;
  let alpha = ink[3] * (svg ? parseFloat(style.fillOpacity || '1') : 1);
  for (let a = el; a; a = a.parentElement) alpha *= parseFloat(getComputedStyle(a).opacity || '1');
  const bg = background(el), fg = over([ink[0], ink[1], ink[2], alpha], bg);
  const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x), ratio = (hi + 0.05) / (lo + 0.05);
  const size = parseFloat(style.fontSize);
  const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
  checked++;
  if (ratio < (large ? 3 : 4.5))
    failures.push(`<${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}"> `
      + `"${el.textContent.trim().slice(0, 30)}": ${ratio.toFixed(2)}:1 (${svg ? style.fill : style.color} `
      + `on rgb(${bg.slice(0, 3).map(Math.round).join(', ')}), ${size} px)`);
}
return [checked, failures];
"""
FAINT = "const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#999'; " \
        "document.querySelector('main').append(p);"


@pytest.fixture
def phone(browser):
    """The session's browser with a phone-sized window (put back to the desktop size afterwards)."""
    before = browser.get_window_size()
    browser.set_window_size(*PHONE)
    try:
        yield browser
    finally:
        browser.set_window_size(before["width"], before["height"])


@pytest.mark.parametrize("path", NARROW_PAGES)
def test_a_page_fits_a_390_px_phone_without_scrolling_sideways(phone, web_server, path):
    phone.get(web_server + path)
    width, window = phone.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert window <= PHONE[0], f"the window is {window} px wide, not a phone's"
    if path in SAVED_RUNS:
        assert phone.find_elements(By.CSS_SELECTOR, "table.results td"), f"{path} shows no results"
    assert width <= window, (f"{path} is {width} px wide in a {window} px window; wider than the window, outside a "
                             f"box that scrolls: {phone.execute_script(WIDEST)}")


def test_tab_reaches_the_skip_link_then_the_search_field_and_enter_focuses_main(browser, web_server):
    for path in ("/", AMAZON):
        browser.get(web_server + path)
        stops = []
        for _ in range(12):
            ActionChains(browser).send_keys(Keys.TAB).perform()
            stops.append(browser.switch_to.active_element)
            if stops[-1].get_attribute("type") == "search":
                break
        described = [f"{e.tag_name}.{e.get_attribute('class')} {e.accessible_name!r}" for e in stops]
        assert "skip" in stops[0].get_attribute("class").split(), f"{path}: the first Tab stop is {described[0]}"
        assert stops[-1].get_attribute("name") == "q", f"{path}: no search field within 12 Tab stops: {described}"
        assert all(browser.execute_script("return !arguments[0].closest('main')", e) for e in stops[:-1]), \
            f"{path}: before the search field, only the skip link and the header's links: {described}"
        browser.get(web_server + path)
        ActionChains(browser).send_keys(Keys.TAB).perform()
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        wait(browser, lambda d: d.execute_script("return document.activeElement.id") == "main",
             f"{path}: Enter on the skip link moves the focus to <main id=main>", 5)


def test_every_form_control_has_an_accessible_name(browser, web_server):
    for path in A11Y_PAGES:
        browser.get(web_server + path)
        controls = browser.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select, textarea, button")
        assert controls, f"{path} has no form control"  # every page has the search form at least
        nameless = [c.get_attribute("outerHTML")[:120] for c in controls if not c.accessible_name.strip()]
        assert nameless == [], f"{path}: controls without a label: {nameless}"
    browser.execute_script("document.querySelector('main').append(document.createElement('input'))")
    assert not browser.find_elements(By.CSS_SELECTOR, "main > input:last-child")[0].accessible_name, \
        "the check sees a control without a label"


def test_text_contrast_meets_wcag_aa_on_home_dossier_article_and_a_saved_query(browser, web_server):
    for path in ("/", AMAZON, f"/id/{ARTICLE}", SAVED_RUNS[0]):
        browser.get(web_server + path)
        if path in ("/", AMAZON):
            drawn_charts(browser)  # their SVG text (axes, legends) is text too
        checked, failures = browser.execute_script(CONTRAST)
        assert checked > 20, f"{path}: only {checked} text elements found"
        assert failures == [], f"{path}: text below WCAG AA contrast: {failures}"
    browser.execute_script(FAINT)
    assert any('"faint": 2.85:1' in f for f in browser.execute_script(CONTRAST)[1]), "the check sees faint text"


def test_every_page_has_one_h1_one_main_and_alt_text_on_its_images(browser, web_server):
    for path in A11Y_PAGES:
        browser.get(web_server + path)
        h1, main, no_alt = browser.execute_script(
            "return [document.querySelectorAll('h1').length, document.querySelectorAll('main').length, "
            "Array.from(document.images).filter(i => !i.hasAttribute('alt')).map(i => i.outerHTML.slice(0, 120))]")
        assert (h1, main, no_alt) == (1, 1, []), f"{path}: {h1} <h1>, {main} <main>, images without alt: {no_alt}"


# -- start-up: what the first visitors would wait for is made in the background --------------------

def stderr_lines(process) -> list[str]:
    """The lines of a server's stderr as they come (a reader thread appends them)."""
    lines: list[str] = []

    def read():
        try:
            for line in process.stderr:
                lines.append(line.rstrip("\n"))
        except (OSError, ValueError):  # closed by kg_serve's communicate() at the end
            pass

    threading.Thread(target=read, daemon=True).start()
    return lines


def said(lines: list[str], text: str, timeout: float) -> str | None:
    """The first line holding `text`, waiting up to `timeout` seconds for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = next((line for line in list(lines) if text in line), None)
        if found:
            return found
        time.sleep(0.05)
    return None


def test_kg_serve_warms_its_pages_in_the_background_and_a_signal_still_stops_it_at_once(web_project):
    saved = len(list((web_project.root / "queries").glob("*.rq")))
    with kg_serve(web_project.root, "--workers", "2") as (port, process):
        lines = stderr_lines(process)
        warm = said(lines, "kg: pages warm:", 120)
        assert warm and f"and {saved} saved queries ready" in warm, lines
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/queries/pledges_by_target_year?year=2040") as page:
            assert page.status == 200 and "pledge-amazon-net-zero-2040" in page.read().decode()
    with kg_serve(web_project.root, "--workers", "2") as (port, process):
        lines = stderr_lines(process)
        assert said(lines, "serving the graph read-only", 60), lines  # the engines answer: the warm-up begins
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        assert time.monotonic() - started < 10 and process.returncode == 0, lines
        said(lines, "stopping the server", 5)
        assert not [line for line in lines if "Traceback" in line or "Exception in thread" in line], lines


def test_search_dossier_and_quotes_work_without_javascript(no_script_browser, web_server):
    driver = no_script_browser
    open_dossier(driver, web_server)
    text = page_text(driver)
    assert "2040" in text and FIGURE_2024.search(text)
    assert driver.find_elements(By.CSS_SELECTOR, "figure.chart table.chart-data td"), "the charts' data as tables"
    assert PLEDGE_QUOTE in quote_links(driver)


HOSTILE = """@prefix cckg: <https://w3id.org/climate-commitments/ontology#> .
@prefix kgr:  <https://w3id.org/climate-commitments/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
kgr:org-hostile a cckg:Company ;
    rdfs:label "Evilcorp <img src=x onerror=\\"window.pwned='img'\\"><script>window.pwned='script'</script>" ;
    skos:altLabel "</script><script>window.pwned='alias'</script>" .
kgr:pledge-hostile a cckg:NetZeroPledge ;
    rdfs:label "Evil pledge <svg onload=\\"window.pwned='svg'\\"></svg>\\"}]}</script><script>window.pwned='spec'</script>" ;
    cckg:madeBy kgr:org-hostile ;
    cckg:targetYear 2031 .
kgr:emission-hostile-2020 a cckg:EmissionFigure ;
    rdfs:label "Evil figure </script><script>window.pwned='figure'</script>" ;
    cckg:emittedBy kgr:org-hostile ;
    cckg:reportingYear 2020 ;
    cckg:amount 1.5 ;
    cckg:unit cckg:MegatonneCO2e ;
    cckg:emissionCategory cckg:TotalEmissions .
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """`kg serve` on the curated graph plus an organisation and a pledge whose labels are markup."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    for name in ("ontology", "seeds", "data", "shapes", "queries"):
        shutil.copytree(ROOT / name, root / name)
    (root / "data" / "zz-hostile.ttl").write_text(HOSTILE, encoding="utf-8")
    built = kg("build", cwd=root)
    assert built.returncode == 0, built.stderr
    with kg_serve(root, "--workers", "1") as (port, process):
        yield f"http://127.0.0.1:{port}"


def test_labels_holding_markup_are_shown_as_text_and_never_run(browser, hostile_server):
    search(browser, hostile_server, "evilcorp")
    assert browser.execute_script("return window.pwned === undefined"), browser.execute_script("return window.pwned")
    find(browser, 'a.result[href$="/id/org-hostile"]').click()
    wait(browser, lambda d: path_of(d.current_url) == "/id/org-hostile", "the hostile organisation's page")
    drawn_charts(browser)  # its emissions and its pledge, drawn
    for path in ("/id/org-hostile", "/id/pledge-hostile", "/"):
        browser.get(hostile_server + path)
        browser.execute_script("return document.readyState")
        assert browser.execute_script("return window.pwned === undefined"), \
            f"{path} ran a label's markup: {browser.execute_script('return window.pwned')}"
        assert browser.find_elements(By.CSS_SELECTOR, "img[src=x], svg[onload]") == [], path
    browser.get(hostile_server + "/id/org-hostile")
    assert "<script>window.pwned='script'</script>" in page_text(browser), "the label is shown as it is written"
