"""The local app connects an athlete to intervals.icu (a fake one: a real local HTTP server with
recorded bodies), syncs, and the athlete's card then says where its data came from; the key never
shows on the page."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.fake_intervals import FakeIntervals
from tests.servers import start_server, stop_server
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database

RENDER_MS = 60_000


@pytest.fixture(scope="module")
def app_and_fake(demo_sqlite_template, tmp_path_factory):
    fake = FakeIntervals(date(2026, 11, 25))  # the test clock's day (2026-11-24) has its night
    folder = tmp_path_factory.mktemp("intervals_app")
    db_path = folder / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    db = open_database(f"sqlite:///{db_path}")
    add_athlete(db, "Aaron New", time_zone="Europe/Paris")
    db.engine.dispose()
    env = {
        "TRAINER_INTERVALS_URL": fake.url,
        "TRAINER_CONFIG_HOME": str(folder / "config"),
        "TRAINER_DATA_DIR": str(folder / "data"),
    }
    server = start_server(db_path, env=env)
    yield server, fake
    stop_server(server)
    fake.stop()


def test_the_local_app_connects_intervals_icu_and_the_card_names_it(page: Page, app_and_fake):
    server, fake = app_and_fake
    page.goto(f"{server.url}/?file=dashboard.py")
    expect(page.get_by_text("No data for Aaron New yet.")).to_be_visible(timeout=RENDER_MS)
    page.get_by_text("Connect intervals.icu (Polar, COROS").click()
    key_field = page.get_by_label("intervals.icu API key (its Settings page, at the bottom)")
    expect(key_field).to_be_visible(timeout=RENDER_MS)
    key_field.fill(fake.key)
    page.get_by_role("button", name="Connect intervals.icu", exact=True).click()
    expect(page.get_by_text("Connected Aaron New to intervals.icu (Fixture Athlete)")).to_be_visible(timeout=RENDER_MS)
    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_text("intervals.icu sync complete")).to_be_visible(timeout=RENDER_MS)
    assert fake.key not in page.content()
    page.reload()
    card = page.locator(".trainer-today")
    expect(card).to_be_visible(timeout=RENDER_MS)
    expect(card.locator(".trainer-source")).to_have_text("Data from intervals.icu.")
    assert fake.key not in page.content()
