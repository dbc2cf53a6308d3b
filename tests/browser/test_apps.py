"""The apps in a real browser against a real marimo server: what a person sees and can do."""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.access import sign_in

pytestmark = pytest.mark.browser
STATUS_WORDS = re.compile(r"(Green|Yellow|Red|No score)")
RENDER_MS = 60_000


def open_dashboard(page: Page, url: str, athlete: str = "demo-marathoner") -> None:
    page.goto(f"{url}/?file=dashboard.py&athlete={athlete}")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)


def drag_sideways(page: Page, chart) -> None:
    """A flat drag over the middle 20% of a chart, measured once the chart has stopped moving."""
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    for _ in range(20):
        page.wait_for_timeout(250)
        again = chart.bounding_box()
        if again == box:
            break
        box = again
    middle = box["y"] + box["height"] / 2  # a flat, sideways drag: no diagonal box needed
    page.mouse.move(box["x"] + box["width"] * 0.3, middle)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, middle, steps=10)
    page.mouse.up()


def test_today_card_shows_a_number_and_a_status_word(page: Page, local_app, artifacts):
    open_dashboard(page, local_app.url)
    score = page.locator("#root .trainer-score").first.inner_text()
    assert score.isdigit() and 0 <= int(score) <= 100
    expect(page.locator("#root .trainer-status").first).to_have_text(STATUS_WORDS)
    expect(page.locator(".trainer-rationale").first).to_contain_text(f"Recovery {score}")
    expect(page.get_by_text("Recovery history").first).to_be_visible()
    expect(page.locator(".vega-embed").first).to_be_visible(timeout=RENDER_MS)
    page.screenshot(path=artifacts / "dashboard-local.png", full_page=True)


def test_moving_a_weight_slider_updates_the_score(page: Page, local_app):
    open_dashboard(page, local_app.url)
    before = page.locator("#root .trainer-score").first.inner_text()
    page.get_by_text("Scoring settings").click()
    slider = page.get_by_role("slider").nth(0)  # the HRV weight, the first slider in the settings
    slider.focus()
    slider.press("End")  # HRV weight 0.4 -> 1.0
    expect(page.locator("#root .trainer-score").first).not_to_have_text(before, timeout=20_000)
    after = page.locator("#root .trainer-score").first.inner_text()
    assert after.isdigit() and after != before
    expect(slider).to_be_visible()  # the settings stay open after a move ...
    slider.press("Home")  # ... so the next move needs no click: HRV weight 1.0 -> 0.0
    expect(page.locator("#root .trainer-score").first).not_to_have_text(after, timeout=20_000)


def test_local_app_offers_logging_readiness_and_a_goal_editor_with_the_plan(page: Page, local_app, artifacts):
    open_dashboard(page, local_app.url)
    page.get_by_text("Check in: how do you feel today?").click(timeout=RENDER_MS)  # folded below the card
    expect(page.get_by_role("button", name="Send my check-in")).to_be_visible(timeout=RENDER_MS)
    page.get_by_role("heading", name="Plan", exact=True).scroll_into_view_if_needed()  # the plan is drawn when shown
    expect(page.get_by_text("Spring marathon").first).to_be_visible(timeout=RENDER_MS)  # the demo marathoner's plan
    page.get_by_text("Next sessions").first.scroll_into_view_if_needed(timeout=RENDER_MS)
    expect(page.get_by_text("Next sessions").first).to_be_visible(
        timeout=RENDER_MS
    )  # under the calendar and volume charts
    expect(page.get_by_role("button", name="Save goal and build this plan")).to_be_visible()
    expect(page.get_by_text("(preview, not saved)").first).to_be_visible(timeout=RENDER_MS)
    editor, preview = (
        page.get_by_role("heading", name="New goal").bounding_box(),
        page.get_by_text("(preview, not saved)").first.bounding_box(),
    )
    assert editor["y"] < preview["y"]  # the editor says "the preview below": it is below
    page.get_by_role("heading", name="Insights", exact=True).scroll_into_view_if_needed()  # written when shown
    expect(page.get_by_text("written by trainer's rules").first).to_be_visible(
        timeout=RENDER_MS
    )  # insights, no key needed
    expect(page.get_by_role("button", name="Refresh insights")).to_be_visible()
    page.get_by_role("heading", name="Plan", exact=True).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=artifacts / "dashboard-plan.png")
    page.get_by_role("heading", name="Insights", exact=True).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=artifacts / "dashboard-insights.png")
    page.get_by_role("heading", name="Training load", exact=True).scroll_into_view_if_needed()
    expect(page.locator(".vega-embed").nth(5)).to_be_visible(timeout=RENDER_MS)  # the lazy load charts drew
    assert page.get_by_text("failed with exception").count() == 0  # no cell broke anywhere on the page


def test_published_app_is_read_only_and_hides_its_code(page: Page, published_site, artifacts):
    digest_before = hashlib.sha256(published_site.db_path.read_bytes()).hexdigest()
    sign_in(page, published_site, "carla")
    page.goto(f"{published_site.url}/athlete/?athlete=demo-marathoner")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    assert page.get_by_role("button", name="Send my check-in").count() == 0
    expect(page.get_by_role("heading", name="Plan", exact=True)).to_be_visible(
        timeout=RENDER_MS
    )  # the plan section is shown...
    assert page.get_by_role("button", name="Save goal and build this plan").count() == 0  # ...but cannot be changed
    assert page.get_by_role("button", name="Refresh insights").count() == 0
    assert page.locator(".cm-editor").count() == 0  # no code editor
    html = page.content()  # cell names appear as attributes; the code itself must not be sent
    assert "score_days(_frames" not in html and "def athlete_frames" not in html
    page.screenshot(path=artifacts / "dashboard-published.png", full_page=True)
    page.goto(f"{published_site.url}/squad/")
    expect(page.get_by_text("What would change").first).to_be_visible(timeout=RENDER_MS)
    expect(page.get_by_text("demo-cyclist").first).to_be_visible()
    page.screenshot(path=artifacts / "squad-published.png", full_page=True)
    assert hashlib.sha256(published_site.db_path.read_bytes()).hexdigest() == digest_before


def test_squad_view_shows_every_athlete_and_what_would_change(page: Page, local_app, artifacts):
    page.goto(f"{local_app.url}/?file=squad.py")
    expect(page.get_by_text("What would change").first).to_be_visible(timeout=RENDER_MS)
    for name in ("demo-marathoner", "demo-cyclist", "demo-triathlete"):
        expect(page.get_by_text(name).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"\*\*0\*\* past days|0 past days change")).first).to_be_visible()
    page.screenshot(path=artifacts / "squad-local.png", full_page=True)


def test_a_horizontal_drag_on_the_history_picks_days(page: Page, local_app):
    warnings = []
    page.on("console", lambda message: message.type in ("warning", "error") and warnings.append(message.text))
    open_dashboard(page, local_app.url, "demo-cyclist")
    page.get_by_text("Recovery history").first.scroll_into_view_if_needed()
    count = page.get_by_text(re.compile(r"^\d+ days$")).first
    expect(count).to_have_text("84 days", timeout=RENDER_MS)
    chart = page.locator(".vega-embed").first
    for _attempt in range(3):  # the page may still be laying out cells when we measure; measure again and redo the drag
        drag_sideways(page, chart)
        try:
            expect(count).not_to_have_text("84 days", timeout=10_000)
            break
        except AssertionError:
            continue
    expect(count).not_to_have_text("84 days", timeout=1_000)
    picked = int(count.inner_text().split()[0])
    assert 5 < picked < 60
    assert not [w for w in warnings if "project a selection" in w]


def test_the_coachs_link_opens_the_dashboard_with_the_coachs_settings(page: Page, local_app):
    from trainer.scoring import ScoringConfig, Weights, score_days
    from trainer.store.athletes import get_athlete
    from trainer.store.database import open_database
    from trainer.store.loaders import load_daily_loads, load_wellness

    db = open_database(f"sqlite:///{local_app.db_path}", read_only=True)
    athlete = get_athlete(db, "demo-marathoner")
    scores = score_days(
        load_wellness(db, [athlete.id]),
        load_daily_loads(db, [athlete.id]).select("athlete_id", "date", "load"),
        ScoringConfig(weights=Weights(0.7, 0.3, 0.2, 0.1)),
    )
    expected = scores.sort("date")["total_score"][-1]
    page.goto(f"{local_app.url}/?file=dashboard.py&athlete=demo-marathoner&weights=0.7%2C0.3%2C0.2%2C0.1")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    expect(
        page.get_by_text(re.compile(r"What if: not your team.s settings \(HRV weight 0.7 \(team: 0.4\)\)"))
    ).to_be_visible()
    expect(page.locator("#root .trainer-score").first).to_have_text(str(expected))
