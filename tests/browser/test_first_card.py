"""The athlete's card at the first paint: the server draws it into the page, it is the dashboard's
own card for that viewer and link, and it leaves once the live card is on screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.access import sign_in

pytestmark = pytest.mark.browser
RENDER_MS = 60_000
FIRST = "#trainer-first-card"


def without_marimo(page: Page) -> None:
    """Refuse marimo's entry script: what the page shows then is what the server drew."""
    page.route(re.compile(r".*/assets/index-[\w-]+\.js$"), lambda route: route.abort())


def test_the_card_is_on_the_page_before_marimo_runs_and_is_the_dashboards_own(page: Page, published_site):
    sign_in(page, published_site, "cyclist")
    blocked = page.context.new_page()
    without_marimo(blocked)
    response = blocked.goto(f"{published_site.url}/athlete/")
    assert response.headers["cache-control"] == "no-store, private"  # health data: never kept by a browser or proxy
    first = blocked.locator(f"{FIRST} .trainer-score")
    expect(first).to_be_visible()
    early_score, early_status = first.inner_text(), blocked.locator(f"{FIRST} .trainer-status").inner_text()
    assert re.fullmatch(r"\d{1,3}", early_score) and re.search(r"Green|Yellow|Red", early_status)
    expect(blocked.locator(f"{FIRST} h2")).to_contain_text("demo-cyclist, ")
    expect(blocked.locator(f"{FIRST} .trainer-recommendation")).to_contain_text("Today:")
    assert blocked.evaluate("document.documentElement.scrollWidth") <= blocked.viewport_size["width"]
    blocked.close()
    page.goto(f"{published_site.url}/athlete/")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    assert page.locator("#root .trainer-score").first.inner_text() == early_score
    assert page.locator("#root .trainer-status").first.inner_text() == early_status
    expect(page.locator(FIRST)).to_have_count(0)  # the live card took its place: one card on the page


def test_the_early_card_keeps_to_the_viewers_athletes_and_the_links_levers(page: Page, published_site):
    sign_in(page, published_site, "cyclist")
    without_marimo(page)
    page.goto(f"{published_site.url}/athlete/?athlete=demo-marathoner")
    expect(page.locator(f"{FIRST} h2")).to_contain_text("demo-cyclist, ")
    assert "demo-marathoner" not in page.locator(FIRST).inner_text()
    page.context.clear_cookies()
    sign_in(page, published_site, "carla")  # a coach of the cyclist and the marathoner
    scores = {}
    for link in ("athlete=demo-marathoner", "athlete=demo-marathoner&weights=0,0,1,0"):
        page.goto(f"{published_site.url}/athlete/?{link}")
        expect(page.locator(f"{FIRST} h2")).to_contain_text("demo-marathoner, ")
        scores[link] = page.locator(f"{FIRST} .trainer-score").inner_text()
    page.unroute(re.compile(r".*/assets/index-[\w-]+\.js$"))
    page.goto(f"{published_site.url}/athlete/?athlete=demo-marathoner&weights=0,0,1,0")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    assert page.locator("#root .trainer-score").first.inner_text() == scores["athlete=demo-marathoner&weights=0,0,1,0"]
    assert (
        scores["athlete=demo-marathoner"] != scores["athlete=demo-marathoner&weights=0,0,1,0"]
    )  # sleep alone scores differently
