"""The morning before the watch, on a phone (390 px) in Debian's chromium: at 04:00 in Sydney the
triathlete checks in ill, with a calf injury, and no device data for her day yet, and sees the
advice follow it at once; her coach's front door and squad flag her; a correction un-ills her,
takes the injury back and keeps her note to the coach."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.access import sign_in
from tests.conftest import DEMO_END
from tests.servers import start_published_site, stop_server

pytestmark = pytest.mark.browser
RENDER_MS = 60_000
SYDNEY_4AM = "2026-11-24T17:00:00+00:00"  # Wednesday 25 November, 04:00 in Sydney; still the 24th in UTC
HER_DAY = "Wednesday 25 November"


@pytest.fixture(scope="module")
def site(demo_sqlite_template, tmp_path_factory):
    from trainer.access.grants import issue_grant
    from trainer.store.database import open_database

    folder = tmp_path_factory.mktemp("before-the-watch")
    db_path = folder / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    running = start_published_site(db_path, folder, "--check-ins", env={"TRAINER_NOW": SYDNEY_4AM})
    db = open_database(f"sqlite:///{db_path}")
    running.links["triathlete"] = issue_grant(db, "athlete", None, ["demo-triathlete"])[1]
    running.links["head-coach"] = issue_grant(db, "coach", "Hana", all_athletes=True)[1]
    db.engine.dispose()
    yield running
    stop_server(running)


def test_a_check_in_before_the_watch_rules_her_day_and_her_coachs_morning(page: Page, browser, site, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, "triathlete")
    page.goto(f"{site.url}/check-in")
    expect(page.get_by_role("heading", name="Good morning, demo-triathlete")).to_be_visible()
    expect(page.get_by_text(HER_DAY)).to_be_visible()  # her day, not the server's
    page.get_by_role("group", name="How ready do you feel to train?").get_by_role("radio", name="6", exact=True).click()
    page.get_by_text("I feel ill").click()
    page.get_by_text("I have an injury or pain").click()
    page.get_by_label("Where").select_option("calf")
    page.get_by_role("radio", name="it limits training").check()
    page.get_by_label("A note to your coach (optional)").fill("calf tight after the long run")
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")

    page.get_by_role("link", name="See today's advice").click()
    card = page.locator(".trainer-today").first
    expect(card).to_be_visible(timeout=RENDER_MS)
    expect(page.locator(".trainer-day").first).to_contain_text(f"{HER_DAY} 2026")
    expect(card.locator(".trainer-recommendation")).to_contain_text("Rest day")  # ill: whatever the number
    expect(card.locator(".trainer-status").locator("xpath=..")).to_contain_text("rest today")
    expect(card.locator(".trainer-rationale")).to_contain_text("You said you feel ill: rest today")
    expect(card.locator(".trainer-score")).to_have_text("–")  # last night has not arrived: no number yet
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)  # the live page: the same card
    live = page.locator("#root .trainer-today").first
    expect(live.locator(".trainer-rationale")).to_contain_text("You said you feel ill: rest today")
    expect(page.locator("#root").get_by_role("link", name="Checked in")).to_be_visible()
    expect(page.locator("#root .trainer-said")).to_contain_text("readiness 6/10; ill; injured: calf (limits training)")
    page.screenshot(path=artifacts / "before-the-watch-athlete-phone.png")

    coach = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(coach, site, "head-coach")
    door = coach.locator("li", has_text="demo-triathlete").first
    expect(door).to_contain_text("needs a look")
    expect(door).to_contain_text("ill; injured: calf (limits training)")
    coach.goto(f"{site.url}/squad/")
    row = coach.locator(".attention li.look", has_text="demo-triathlete").first
    expect(row).to_contain_text("injured: calf (limits training)", timeout=RENDER_MS)
    expect(row).to_contain_text("said 6/10")  # what she reported, beside her (missing) score
    coach.screenshot(path=artifacts / "before-the-watch-coach-phone.png")

    # a correction: the form opens with her answers; she unticks the injury and keeps her note
    page.goto(f"{site.url}/check-in")
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"You checked in at \d\d:\d\d"))
    expect(page.get_by_label("A note to your coach (optional)")).to_have_value("calf tight after the long run")
    for name in ("ill", "injured"):
        ticked = page.locator(f"input[name={name}]")
        expect(ticked).to_be_checked()
        ticked.uncheck()
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_role("status")).to_contain_text("this version stands")
    rows = (
        sqlite3.connect(site.db_path)
        .execute(
            "SELECT version, ill, injured, note FROM check_in WHERE date = ? ORDER BY version",
            ((DEMO_END + timedelta(days=1)).isoformat(),),
        )
        .fetchall()
    )
    assert rows == [(1, 1, 1, "calf tight after the long run"), (2, 0, 0, "calf tight after the long run")]
    spells = (
        sqlite3.connect(site.db_path)
        .execute("SELECT count(*) FROM health_episode WHERE source LIKE 'link%'")
        .fetchone()
    )
    assert spells == (0,)  # the spells this morning opened are taken back whole
    page.goto(f"{site.url}/athlete/")
    card = page.locator(".trainer-today").first
    expect(card.locator(".trainer-rationale")).not_to_contain_text("injury", timeout=RENDER_MS)
    expect(card.locator(".trainer-rationale")).not_to_contain_text("feel ill")
    expect(card.locator(".trainer-recommendation")).not_to_contain_text("Rest day")
