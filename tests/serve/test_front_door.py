"""A coach's front door says who needs a look today, first, and why (not only names)."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.conftest import DEMO_END
from tests.servers import start_published_site, stop_server
from trainer.ingest.check_in import Answers, record_check_in
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database


@pytest.fixture(scope="module")
def site(demo_sqlite_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("front-door")
    db_path = folder / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    db = open_database(f"sqlite:///{db_path}")
    record_check_in(db, get_athlete(db, "demo-marathoner").id, DEMO_END, Answers(readiness=2, ill=True), "link 2")
    db.engine.dispose()
    running = start_published_site(db_path, folder)
    yield running
    stop_server(running)


def test_the_coachs_front_door_puts_who_needs_a_look_first_with_why(site):
    client = httpx.Client(base_url=site.url, timeout=60)
    assert client.post("/login", data={"secret": site.links["carla"]}).status_code == 200
    page = client.get("/").text
    doors = re.findall(r"<strong>([^<]+)</strong><span class=\"muted\">([^<]+)</span>", page)
    names = [name for name, _ in doors if name.startswith("demo-")]
    assert names == ["demo-marathoner", "demo-cyclist"]  # the ill one first, whatever the alphabet says
    said = dict(doors)
    assert "needs a look: ill" in said["demo-marathoner"]
    assert re.search(r"(Green|Yellow|Red) \d+", said["demo-cyclist"])


def test_an_athletes_front_door_is_still_their_dashboard(site):
    client = httpx.Client(base_url=site.url, timeout=60)
    assert client.post("/login", data={"secret": site.links["cyclist"]}).status_code == 200
    assert client.get("/", follow_redirects=False).headers["location"].endswith("/athlete/")
