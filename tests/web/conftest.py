"""Fixtures of the web tests: the curated graph built once, `kg serve` on it, and a real browser
(Debian's Chromium, headless, driven by Selenium through chromedriver). Without the browser the
browser tests skip, naming what to install; under CI=true they fail instead, as the store tests do."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.project import Project

from ..conftest import ROOT, built_copy
from ..servers import kg_serve
from ..stores import require

CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                  "--lang=en-GB", "--disable-gpu", "--no-first-run", "--disable-extensions")
SCREENSHOTS = ROOT / "build" / "screenshots"  # git-ignored (build/), for people to look at


@pytest.fixture(scope="session")
def web_project(tmp_path_factory) -> Project:
    """A copy of the curated sources (what a clean clone has), built: what `kg serve` serves."""
    return built_copy(tmp_path_factory.mktemp("web") / "project")


@pytest.fixture(scope="session")
def web_server(web_project) -> str:
    """`kg serve` on a free port of 127.0.0.1 for the built copy; yields its base URL."""
    with kg_serve(web_project.root, "--workers", "2") as (port, process):
        yield f"http://127.0.0.1:{port}"


def selenium_webdriver():
    """Selenium's `webdriver` module; else skip (fail under CI) naming the extra that installs it."""
    try:
        from selenium import webdriver
    except ImportError:
        message = "Selenium is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return webdriver


def chromium(javascript: bool = True):
    """A new headless Chromium under chromedriver (Debian's, never a download: Selenium Manager is
    skipped when the driver's path is given); the caller quits it."""
    browser = require("chromium", "chromium")
    driver_path = require("chromedriver", "chromium-driver")
    webdriver = selenium_webdriver()
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console, to catch script errors
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(60)
    return driver


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (each test opens its own pages)."""
    driver = chromium()
    for stale in SCREENSHOTS.glob("failed-*.png"):  # from an earlier run
        stale.unlink()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def no_script_browser():
    """A headless Chromium with JavaScript switched off, as some readers browse."""
    driver = chromium(javascript=False)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """build/screenshots/ of the checkout, where the browser tests leave what they saw."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, keep what the browser showed: build/screenshots/failed-<test>.png."""
    report = (yield).get_result()
    driver = item.funcargs.get("browser") or item.funcargs.get("no_script_browser")
    if report.when == "call" and report.failed and driver is not None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            driver.save_screenshot(str(SCREENSHOTS / f"failed-{item.name}.png"))
        except Exception:  # the browser itself may be what failed: the test's own error says more
            pass
