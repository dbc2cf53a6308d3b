"""Access grants on both backends: issued once, stored as a hash, scoped, revoked, expired, erased."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from trainer.access.grants import (
    hash_secret,
    issue_grant,
    list_grants,
    parse_expiry,
    revoke_grant,
    viewer_for_grant,
    viewer_for_secret,
)
from trainer.errors import TrainerError, UnknownAthlete
from trainer.store.athletes import delete_athlete, list_athletes
from trainer.store.database import open_database


@pytest.fixture
def db(demo_db_writable_url):
    return open_database(demo_db_writable_url)


def ids(db) -> dict[str, int]:
    athletes = list_athletes(db)
    return dict(zip(athletes["name"], athletes["id"]))


def test_an_athletes_link_opens_only_that_athlete_and_only_its_hash_is_stored(db):
    grant, secret = issue_grant(db, "athlete", None, ["demo-cyclist"])
    assert len(secret) >= 43  # 32 random bytes, URL-safe
    viewer = viewer_for_secret(db, secret)
    assert (viewer.role, viewer.person, viewer.athlete_ids) == (
        "athlete",
        "demo-cyclist",
        frozenset({ids(db)["demo-cyclist"]}),
    )
    assert not viewer.may_open("squad") and viewer.may_open("athlete")
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT secret_hash FROM access_grant")).scalars().all()
        dump = " ".join(str(row) for row in connection.execute(text("SELECT * FROM access_grant")).all())
    assert stored == [hash_secret(secret)] and secret not in dump
    assert viewer_for_secret(db, secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None


def test_a_coach_sees_exactly_their_athletes_or_all(db):
    _, secret = issue_grant(db, "coach", "Carla", ["demo-cyclist", "demo-marathoner"])
    coach = viewer_for_secret(db, secret)
    assert coach.athlete_ids == frozenset({ids(db)["demo-cyclist"], ids(db)["demo-marathoner"]})
    assert not coach.sees(ids(db)["demo-triathlete"]) and coach.may_open("squad") and not coach.may_open("research")
    _, everyone = issue_grant(db, "coach", "Head coach", all_athletes=True)
    assert viewer_for_secret(db, everyone).athlete_ids is None


def test_a_researcher_is_pseudonymous_and_sees_all_athletes_unless_limited(db):
    _, secret = issue_grant(db, "researcher", "Rita")
    researcher = viewer_for_secret(db, secret)
    assert researcher.pseudonymous and researcher.athlete_ids is None and researcher.may_open("research")
    assert not researcher.may_open("athlete") and not researcher.may_open("squad")
    _, limited = issue_grant(db, "researcher", "Rob", ["demo-cyclist"])
    assert viewer_for_secret(db, limited).athlete_ids == frozenset({ids(db)["demo-cyclist"]})


@pytest.mark.parametrize(
    ("role", "person", "athletes", "all_", "message"),
    [
        ("athlete", None, [], False, "exactly one athlete"),
        ("athlete", None, ["demo-cyclist", "demo-marathoner"], False, "exactly one athlete"),
        ("coach", "C", [], False, "--athletes a,b or --all-athletes"),
        ("coach", "C", ["demo-cyclist"], True, "--athletes a,b or --all-athletes"),
        ("researcher", "R", ["demo-cyclist"], True, "not both"),
        ("admin", "A", [], True, "unknown role"),
        ("coach", " ", ["demo-cyclist"], False, "who the link is for"),
    ],
)
def test_bad_grants_are_refused_and_store_nothing(db, role, person, athletes, all_, message):
    with pytest.raises(TrainerError, match=message):
        issue_grant(db, role, person, athletes, all_athletes=all_)
    assert list_grants(db).is_empty()


def test_an_unknown_athlete_is_refused(db):
    with pytest.raises(UnknownAthlete):
        issue_grant(db, "coach", "Carla", ["demo-cyclist", "nobody"])
    assert list_grants(db).is_empty()


def test_revoking_and_expiry_end_the_grant_and_its_sessions(db):
    now = datetime.now(UTC)
    grant, secret = issue_grant(db, "athlete", None, ["demo-cyclist"], expires_in=timedelta(days=90), now=now)
    prefix = hash_secret(secret)[:16]
    assert viewer_for_grant(db, grant.id, prefix) is not None
    assert viewer_for_grant(db, grant.id, "0" * 16) is None  # a cookie for another secret with the same id
    assert viewer_for_secret(db, secret, now + timedelta(days=91)) is None
    assert list_grants(db, now=now + timedelta(days=91))["state"].to_list() == ["expired"]
    revoke_grant(db, grant.id)
    assert viewer_for_secret(db, secret) is None and viewer_for_grant(db, grant.id, prefix) is None
    assert list_grants(db)["state"].to_list() == ["revoked"]
    with pytest.raises(TrainerError, match="no access grant 999"):
        revoke_grant(db, 999)


def test_erasing_an_athlete_erases_their_grant_and_takes_them_out_of_a_coachs_scope(db):
    _, own = issue_grant(db, "athlete", None, ["demo-cyclist"])
    _, coach = issue_grant(db, "coach", "Carla", ["demo-cyclist", "demo-marathoner"])
    cyclist, marathoner = ids(db)["demo-cyclist"], ids(db)["demo-marathoner"]
    counts = delete_athlete(db, "demo-cyclist")
    assert counts["access_grant"] == 1 and counts["access_scope"] == 1
    assert viewer_for_secret(db, own) is None
    assert (
        viewer_for_secret(db, coach).athlete_ids == frozenset({marathoner})
        and cyclist not in viewer_for_secret(db, coach).athlete_ids
    )
    assert list_grants(db)["person"].to_list() == ["Carla"]


def test_list_shows_who_role_scope_and_last_use(db):
    grant, _ = issue_grant(db, "coach", "Carla", ["demo-marathoner", "demo-cyclist"], expires_in=timedelta(days=7))
    used = datetime(2026, 11, 28, 7, 0, tzinfo=UTC)
    row = list_grants(db, {grant.id: used}).row(0, named=True)
    assert (row["person"], row["role"], row["scope"], row["state"], row["last_used"]) == (
        "Carla",
        "coach",
        "demo-cyclist, demo-marathoner",
        "active",
        used,
    )
    assert row["expires"] - row["created"] == timedelta(days=7)


@pytest.mark.parametrize(("text_", "days"), [("90d", 90), ("4w", 28), ("12h", 0.5)])
def test_expiry_durations(text_, days):
    assert parse_expiry(text_) == timedelta(days=days)


@pytest.mark.parametrize("bad", ["", "0d", "90", "d", "1y", "-3d", "99999d"])
def test_bad_expiry_durations_are_refused(bad):
    with pytest.raises(TrainerError, match="not a duration"):
        parse_expiry(bad)
