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


PHONE = {"width": 390, "height": 844}


def card_box(page: Page, root: str) -> tuple[float, float]:
    """(top of the score, bottom of the why) of the card under ``root``: score, status, session and why."""
    score = page.locator(f"{root} .trainer-score").first.bounding_box()
    why = page.locator(f"{root} .trainer-rationale").first.bounding_box()
    assert score is not None and why is not None
    return score["y"], why["y"] + why["height"]


def test_on_a_phone_the_days_card_is_the_first_screen_in_both_apps_and_stays_put(
    page: Page, published_site, local_app, artifacts
):
    page.set_viewport_size(PHONE)
    sign_in(page, published_site, "cyclist")
    early = page.context.new_page()
    early.set_viewport_size(PHONE)
    without_marimo(early)
    early.goto(f"{published_site.url}/athlete/")
    early_top, early_bottom = card_box(early, FIRST)
    early.screenshot(path=artifacts / "phone-published-early-card.png")
    early.close()
    page.goto(f"{published_site.url}/athlete/")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    page.wait_for_timeout(2000)  # every cell drawn: nothing above the card may push it down
    live_top, live_bottom = card_box(page, "#root")
    page.screenshot(path=artifacts / "phone-published-first-screen.png")
    assert live_bottom <= PHONE["height"] and early_bottom <= PHONE["height"]
    assert abs(live_top - early_top) <= 40, (early_top, live_top)  # the live page takes the card's place
    page.screenshot(path=artifacts / "phone-published-first-screen.png")
    page.goto(f"{local_app.url}/?file=dashboard.py&athlete=demo-cyclist")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    page.wait_for_timeout(2000)
    top, bottom = card_box(page, "#root")
    assert bottom <= PHONE["height"], (top, bottom)
    expect(page.get_by_label("Back to gallery")).to_be_hidden()  # no way out of trainer's pages
    page.screenshot(path=artifacts / "phone-local-first-screen.png")
    page.get_by_role("link", name="Squad").click()
    expect(page.locator(".attention li").first).to_be_visible(timeout=RENDER_MS)
    assert "file=squad.py" in page.url
