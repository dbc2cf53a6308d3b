"""The morning check-in on a phone (390 px) in Debian's chromium: from the athlete's link to a
saved check-in in five taps, with a thumb or a keyboard, nothing prefilled."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import Page, expect

from tests.browser.access import sign_in
from tests.servers import start_published_site, stop_server

pytestmark = pytest.mark.browser
RENDER_MS = 60_000


@pytest.fixture(scope="module")
def site(demo_sqlite_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("check-in-browser")
    db_path = folder / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    running = start_published_site(db_path, folder, "--check-ins")
    yield running
    stop_server(running)


def test_an_athlete_checks_in_from_the_dashboard_in_five_taps(page: Page, site, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, "cyclist")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    page.get_by_role("link", name="Check in").click()  # 1
    expect(page.get_by_role("heading", name="Good morning, demo-cyclist")).to_be_visible()
    assert page.locator("input:checked").count() == 0  # nothing prefilled
    page.screenshot(path=artifacts / "check-in-phone.png", full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0  # fits 390 px
    for box in page.locator("label.check input[type=checkbox]").all():  # a thumb's target, not 14 px
        size = box.bounding_box()
        assert size is not None and size["width"] >= 24 and size["height"] >= 24, size
    for tap in page.locator("label.tap").all()[:3]:
        size = tap.bounding_box()
        assert size is not None and size["height"] >= 40, size
    page.get_by_role("group", name="How ready do you feel to train?").get_by_role(
        "radio", name="7", exact=True
    ).click()  # 2
    page.get_by_role("group", name="How fresh are you?").get_by_role("radio", name="4", exact=True).click()  # 3
    page.get_by_role("group", name="How sore are your muscles?").get_by_role("radio", name="4", exact=True).click()  # 4
    page.get_by_role("button", name="Send my check-in").click()  # 5
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    rows = sqlite3.connect(site.db_path).execute("SELECT readiness, fatigue, soreness, mood FROM check_in").fetchall()
    assert rows == [(7.0, 4.0, 4.0, None)]
    page.screenshot(path=artifacts / "check-in-saved-phone.png")


def test_the_check_in_works_from_the_keyboard(page: Page, site):
    sign_in(page, site, "marathoner")
    page.goto(f"{site.url}/check-in")
    readiness = page.get_by_role("radio", name="8", exact=True).first
    readiness.focus()
    page.keyboard.press("Space")
    expect(readiness).to_be_checked()
    page.get_by_role("button", name="Send my check-in").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Saved.")


def test_an_open_page_says_so_within_a_minute_when_its_link_is_withdrawn(page: Page, site):
    from trainer.access.grants import issue_grant, revoke_grant
    from trainer.store.database import open_database

    db = open_database(f"sqlite:///{site.db_path}")
    grant, secret = issue_grant(db, "athlete", None, ["demo-triathlete"])
    page.goto(f"{site.url}/login#{secret}")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    assert page.locator("#trainer-withdrawn").count() == 0
    revoke_grant(db, grant.id)
    db.engine.dispose()
    expect(page.get_by_role("alert")).to_contain_text("Your link was withdrawn", timeout=60_000)


def test_the_coachs_morning_and_the_athletes_day(page: Page, site, artifacts):
    """A coach sees who is ill and their note, writes one back shown to the athlete; the athlete's
    day then says rest, in their words, with the coach's note under the card."""
    from tests.conftest import DEMO_END
    from trainer.ingest.check_in import Answers, record_check_in
    from trainer.store.athletes import get_athlete
    from trainer.store.database import open_database

    db = open_database(f"sqlite:///{site.db_path}")
    cyclist = get_athlete(db, "demo-cyclist")
    record_check_in(db, cyclist.id, DEMO_END, Answers(readiness=2, ill=True, note="fever since last night"), "link 1")
    db.engine.dispose()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, "carla")
    page.goto(f"{site.url}/squad/")
    expect(page.get_by_text("ill; note").first).to_be_visible(timeout=RENDER_MS)
    expect(page.get_by_text("fever since last night").first).to_be_visible()
    page.screenshot(path=artifacts / "morning-coach-phone.png")
    page.goto(f"{site.url}/note?athlete=demo-cyclist&date={DEMO_END}")
    page.get_by_label("Your note").fill("Rest up, we'll move Saturday's ride.")
    page.get_by_label("Show it to demo-cyclist on their day").check()
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_role("status")).to_contain_text("Saved, shown to them on their day.")
    page.context.clear_cookies()
    sign_in(page, site, "cyclist")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    expect(page.locator("#root").get_by_text("You said you feel ill: rest today").first).to_be_visible()
    expect(page.locator("#root").get_by_text("Rest up, we'll move Saturday's ride.")).to_be_visible()
    page.screenshot(path=artifacts / "morning-athlete-phone.png")
