"""The calendar feed: an athlete's plan at a secret address of its own, for calendar apps (no cookies).

One real published server on a copy of the demo database. The feed opens that one athlete's
calendar and nothing else, dies with the athlete's link, and is never a way to sign in.
"""

from __future__ import annotations

import httpx
import icalendar
import pytest

from trainer.access.grants import issue_feed, list_grants, revoke_grant
from trainer.store.database import open_database


@pytest.fixture(scope="module")
def feeds(published_site):
    db = open_database(f"sqlite:///{published_site.db_path}")
    grants = {row["person"]: row["id"] for row in list_grants(db).to_dicts()}
    issued = {person: issue_feed(db, grants[f"demo-{person}"]) for person in ("marathoner", "cyclist")}
    db.engine.dispose()
    return issued


def get(site, path: str, address: str) -> httpx.Response:
    return httpx.get(f"{site.url}{path}", headers={"x-forwarded-for": address}, timeout=30)


def test_the_feed_is_that_athletes_plan_and_only_theirs(published_site, feeds):
    answer = get(published_site, f"/feed/{feeds['marathoner']}.ics", "10.9.0.1")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    events = list(icalendar.Calendar.from_ical(answer.content).walk("VEVENT"))
    assert events and all(str(e["uid"]).startswith("trainer-athlete-1-") for e in events)  # demo-marathoner's sessions
    assert "set-cookie" not in answer.headers and answer.headers["referrer-policy"] == "no-referrer"
    other = get(published_site, f"/feed/{feeds['cyclist']}.ics", "10.9.0.1")
    assert other.status_code == 200 and b"trainer-athlete-1-" not in other.content  # the cyclist's (no plan: empty)
    assert b"BEGIN:VCALENDAR" in other.content


def test_a_login_link_is_no_feed_and_a_feed_is_no_login(published_site, feeds):
    assert get(published_site, f"/feed/{published_site.links['marathoner']}.ics", "10.9.0.2").status_code == 404
    assert (
        get(published_site, f"/feed/{feeds['marathoner']}", "10.9.0.2").status_code == 404
    )  # the address ends in .ics
    login = httpx.post(
        f"{published_site.url}/login", data={"secret": feeds["marathoner"]}, headers={"x-forwarded-for": "10.9.0.2"}
    )
    assert login.status_code == 401
    assert get(published_site, "/feed/" + "x" * 300 + ".ics", "10.9.0.2").status_code == 404


def test_guessing_feeds_is_throttled(published_site):
    answers = [get(published_site, f"/feed/guess{n}.ics", "10.9.0.3").status_code for n in range(12)]
    assert answers[:10] == [404] * 10 and answers[-1] == 429


def test_revoking_the_athletes_link_ends_the_feed(published_site, feeds):
    db = open_database(f"sqlite:///{published_site.db_path}")
    grant = next(row["id"] for row in list_grants(db).to_dicts() if row["person"] == "demo-cyclist")
    revoke_grant(db, grant)
    db.engine.dispose()
    assert get(published_site, f"/feed/{feeds['cyclist']}.ics", "10.9.0.4").status_code == 404
