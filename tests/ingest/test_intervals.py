"""intervals.icu through the one sync engine, against a fake intervals.icu (a real local HTTP server
answering with recorded bodies): the key kept sealed and never said, wellness, how the athlete felt
and activities mapped onto trainer's scales, its own fitness kept beside trainer's, the original FIT
file read, 429s, 5xx and a revoked key, ten requests a second at most, and the writes back."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import polars as pl
import pytest
from sqlalchemy import select

from tests.conftest import run_trainer
from tests.fake_intervals import FIXTURES, FakeIntervals
from trainer.ingest.intervals.bodies import intervals_scale, trainer_scale
from trainer.ingest.intervals.connection import connect, stored_key
from trainer.ingest.intervals.sync import sync_intervals
from trainer.settings import Settings
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_activities, load_check_in, load_wellness
from trainer.store.models import DailyWellness, table_of
from trainer.store.performance import load_figures, load_power_curves

TODAY = date(2026, 11, 24)
SHIFT = TODAY - date(2024, 2, 1)


@pytest.fixture
def fake():
    server = FakeIntervals(TODAY)
    yield server
    server.stop()


def connect_athlete(db_url: str, tmp_path, fake: FakeIntervals):
    db = open_database(db_url)
    settings = Settings(
        database_url=db_url,
        data_dir=tmp_path / "data",
        config_home=tmp_path / "config",
        secret_key_file=tmp_path / "key",
        intervals_url=fake.url,
        archive_dir=tmp_path / "raw",
    )
    athlete = add_athlete(db, "ivan", main_sport="bike", time_zone="Europe/Paris")
    assert connect(db, athlete.id, fake.key, settings) == "Fixture Athlete"
    return db, settings, athlete


@pytest.fixture
def connected(tmp_path, fake):
    """An athlete connected to the fake, on SQLite (the sync itself is tested on PostgreSQL too)."""
    return connect_athlete(f"sqlite:///{tmp_path / 'trainer.db'}", tmp_path, fake)


def test_the_scales_meet_at_their_ends():
    assert [trainer_scale(v) for v in (1, 2, 3, 4)] == [5.0, 3.67, 2.33, 1.0]
    assert [intervals_scale(v) for v in (5, 4, 3, 2, 1)] == [1, 2, 3, 3, 4]
    assert all(intervals_scale(trainer_scale(v)) == v for v in (1, 2, 3, 4))


def test_a_sync_reads_wellness_feelings_activities_and_keeps_its_fitness_beside(db_url, tmp_path, fake):
    db, settings, athlete = connect_athlete(db_url, tmp_path, fake)
    fake.feel(TODAY - timedelta(days=1), fatigue=2, soreness=3, mood=1, stress=4, sleepQuality=1)
    result = sync_intervals(db, athlete, TODAY, settings, start=TODAY - timedelta(days=40), sleep=lambda _s: None)
    assert result.stopped is None and not result.failed, result.warnings
    wellness = load_wellness(db, [athlete.id])
    first = wellness.filter(pl.col("date") == date(2024, 1, 1) + SHIFT).row(0, named=True)
    assert (first["resting_hr"], first["hrv_ms"], first["sleep_minutes"]) == (57, 106.3365, 448.5)
    assert first["source"] == "intervals.icu" and first["hrv_kind"] == "rmssd"
    assert wellness.height == 31 and wellness["hrv_ms"].drop_nulls().len() == 31  # one day recorded nothing of these
    felt = load_check_in(db, athlete.id, TODAY - timedelta(days=1))
    assert felt is not None and felt["via"] == "intervals.icu"
    assert (felt["fatigue"], felt["soreness"], felt["mood"], felt["stress"], felt["sleep_quality"]) == (
        3.67,
        2.33,
        5.0,
        1.0,
        5.0,
    )
    activities = load_activities(db, [athlete.id])
    assert activities.height == 21  # the power ride of 2022 lies outside the window
    assert sorted(activities["sport"].value_counts().rows()) == [("bike", 9), ("run", 4), ("swim", 8)]
    ride = activities.filter(pl.col("start_time").dt.date() == date(2024, 1, 31) + SHIFT).row(0, named=True)
    # trainer's TRIMP from its average HR (its load, not intervals.icu's 42) is the TRIMP intervals.icu lists: 66.7492
    assert ride["load_source"] == "trimp" and ride["load"] == pytest.approx(66.7492, abs=0.01)
    figures = load_figures(db, athlete.id)
    first_load = figures.filter(pl.col("name") == "intervals_load", pl.col("measured_on") == date(2024, 1, 1) + SHIFT)
    assert first_load["value"].to_list() == [17.0] and first_load["source"].to_list() == ["intervals.icu"]
    fitness = figures.filter(pl.col("name") == "intervals_fitness")
    assert (
        fitness.height == 32 and fitness.filter(pl.col("measured_on") == date(2024, 1, 1) + SHIFT)["value"][0] == 28.74
    )
    again = sync_intervals(db, athlete, TODAY, settings, start=TODAY - timedelta(days=40), sleep=lambda _s: None)
    assert (again.days_added, again.days_updated, again.activities_added) == (0, 0, 0)
    assert load_check_in(db, athlete.id, TODAY - timedelta(days=1))["version"] == 1  # the same answers: no new version


def test_a_check_in_made_in_trainer_keeps_its_answers(connected, fake):
    from trainer.ingest.check_in import Answers, record_check_in

    db, settings, athlete = connected
    yesterday = TODAY - timedelta(days=1)
    record_check_in(db, athlete.id, yesterday, Answers(readiness=8, fatigue=4), "app")
    fake.feel(yesterday, fatigue=4)
    sync_intervals(db, athlete, TODAY, settings, sleep=lambda _s: None)
    kept = load_check_in(db, athlete.id, yesterday)
    assert (kept["via"], kept["fatigue"], kept["version"]) == ("app", 4, 1)


def test_an_original_fit_file_adds_its_power_to_the_activity(connected, fake, tmp_path):
    db, settings, athlete = connected
    result = sync_intervals(
        db, athlete, TODAY, settings, start=date(2022, 2, 1), end=date(2022, 2, 28), sleep=lambda _s: None
    )
    assert result.stopped is None, result.warnings
    ride = load_activities(db, [athlete.id]).filter(pl.col("start_time").dt.date() == date(2022, 2, 7))
    assert ride.height == 1 and ride["source"][0] == "intervals.icu"  # one workout, not two
    curve = load_power_curves(db, athlete.id).filter(pl.col("date") == date(2022, 2, 7))
    assert curve.filter(pl.col("seconds") == 300)["watts"][0] > 100  # the file's best efforts joined the summary
    assert (tmp_path / "raw" / "intervals.icu" / f"athlete-{athlete.id}" / "intervals.files" / "fxfit0001.fit").exists()
    again = sync_intervals(
        db, athlete, TODAY, settings, start=date(2022, 2, 1), end=date(2022, 2, 28), sleep=lambda _s: None
    )
    assert not any(path.endswith("/file") for _, _, path in fake.requests[-again.requests :])  # fetched once


def test_5xx_is_tried_again_429_and_a_revoked_key_stop_cleanly(connected, fake):
    db, settings, athlete = connected
    waits: list[float] = []
    fake.fail = [503, 502]
    first = sync_intervals(db, athlete, TODAY, settings, sleep=waits.append)
    assert first.stopped is None and waits == [1, 2]  # tried again after 1 and 2 s, then answered
    fake.fail = [429] * 6
    stopped = sync_intervals(db, athlete, TODAY + timedelta(days=1), settings, sleep=waits.append)
    assert (
        stopped.stopped
        == "intervals.icu kept answering 429 (too many requests) after 5 retries; run the same command later to resume"
    )
    fake.fail, fake.revoked = [], True
    refused = sync_intervals(db, athlete, TODAY, settings, sleep=waits.append)
    assert refused.stopped == (
        "intervals.icu refused the stored API key: run `trainer intervals connect --athlete ivan` with a new one"
    )


def test_requests_leave_at_most_ten_a_second(connected, fake):
    db, settings, athlete = connected
    sync_intervals(db, athlete, TODAY, settings, start=TODAY - timedelta(days=120), sleep=lambda _s: None)
    gaps = fake.gaps()
    assert len(gaps) >= 9 and min(gaps) >= 0.09  # ten requests at least, each a tenth of a second after the last


def test_connect_and_sync_from_the_command_line_never_say_the_key(tmp_path, fake):
    url = f"sqlite:///{tmp_path / 'trainer.db'}"
    env = {
        "TRAINER_DATABASE_URL": url,
        "TRAINER_CONFIG_HOME": str(tmp_path / "config"),
        "TRAINER_DATA_DIR": str(tmp_path / "data"),
        "TRAINER_INTERVALS_URL": fake.url,
        "TRAINER_NOW": "2026-11-24T12:00:00+00:00",
    }
    assert run_trainer("athlete", "add", "ivan", "--sport", "bike", env=env).returncode == 0
    wrong = run_trainer("intervals", "connect", "--athlete", "ivan", env=env, input="not-the-key\n")
    assert wrong.returncode == 2 and wrong.stderr.strip().splitlines()[-1].endswith(
        "intervals.icu did not accept that API key: nothing was stored"
    )
    right = run_trainer("intervals", "connect", "--athlete", "ivan", "--writes", env=env, input=f"{fake.key}\n")
    assert (
        right.returncode == 0
        and right.stdout.strip() == "ivan: connected to intervals.icu (Fixture Athlete); writes on"
    )
    synced = run_trainer("sync", "--athlete", "ivan", "--days", "40", env=env)
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.startswith("ivan: intervals.icu sync complete:")
    fake.revoked = True
    refused = run_trainer("sync", "--athlete", "ivan", env=env)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    said = "".join(p.stdout + p.stderr for p in (wrong, right, synced, refused))
    assert fake.key not in said
    assert fake.key.encode() not in (tmp_path / "trainer.db").read_bytes()  # sealed, never stored plain
    for path in (tmp_path / "data").rglob("*"):
        assert not path.is_file() or fake.key.encode() not in path.read_bytes()
    shown = run_trainer("athlete", "show", "ivan", env=env)
    assert "     sources: intervals.icu\n" in shown.stdout
    assert "Fitness as intervals.icu computes it: " in shown.stdout  # its own figure, beside trainer's
    gone = run_trainer("intervals", "disconnect", "--athlete", "ivan", env=env)
    assert gone.stdout.strip() == "ivan: key removed"
    assert "     sources: none connected\n" in run_trainer("athlete", "show", "ivan", env=env).stdout
    archive = tmp_path / "data" / "raw" / "intervals.icu"
    assert any(archive.rglob("*.json"))  # the raw bodies, kept as they came
    run_trainer("intervals", "connect", "--athlete", "ivan", env=env, input=f"{fake.key}\n")
    erased = run_trainer("athlete", "delete", "ivan", "--yes", env=env)
    assert erased.returncode == 0, erased.stderr
    assert not any(archive.rglob("*.json"))  # erasure takes the archive of every source
    assert fake.key.encode() not in (tmp_path / "trainer.db").read_bytes()
    db = open_database(url)
    assert stored_key(db, 1, replace(Settings.from_env(), config_home=tmp_path / "config")) is None


def test_the_writes_put_the_score_the_check_in_and_the_week_on_intervals_icu(demo_sqlite_url, tmp_path, fake):
    from trainer.day.answer import athlete_day
    from trainer.ingest.check_in import Answers, record_check_in
    from trainer.ingest.intervals.connection import set_writes
    from trainer.notify.intervals_write import write_back
    from trainer.planning.goals import GoalSpec
    from trainer.planning.service import add_checked_goal, create_plan
    from trainer.store.athletes import get_athlete

    db = open_database(demo_sqlite_url)
    settings = Settings(
        database_url=demo_sqlite_url,
        data_dir=tmp_path / "data",
        config_home=tmp_path / "config",
        secret_key_file=tmp_path / "key",
        intervals_url=fake.url,
    )
    cyclist = get_athlete(db, "demo-cyclist")
    spec = GoalSpec("fondo", None, date(2027, 5, 2), sport="bike", event="gran-fondo", event_hours=5.0, days_per_week=6)
    start = TODAY - timedelta(days=14)
    create_plan(db, cyclist, add_checked_goal(db, cyclist, spec, start)[0].id, start)
    connect(db, cyclist.id, fake.key, settings)
    the_day = athlete_day(db, cyclist, TODAY)
    assert write_back(db, settings, cyclist, the_day) is None  # writes off: nothing sent
    set_writes(db, cyclist.id, True)
    record_check_in(db, cyclist.id, TODAY, Answers(readiness=7, fatigue=5, soreness=2), "app")
    the_day = athlete_day(db, cyclist, TODAY)
    report = write_back(db, settings, cyclist, the_day)
    assert report is not None and report.stopped is None and report.wellness
    assert fake.wellness_written[TODAY.isoformat()] == {
        "id": TODAY.isoformat(),
        "readiness": the_day.score,
        "fatigue": 1,  # trainer's 5 (very fresh) is intervals.icu's 1
        "soreness": 3,  # trainer's 2 (sore) is 3.25 on intervals.icu's scale: its 3
    }
    days = sorted(fake.events)
    assert len(days) == report.events == 6 and f"trainer:{TODAY.isoformat()}" in days  # six days a week
    first = fake.events[days[0]]
    assert first["category"] == "WORKOUT" and first["type"] == "Ride"
    recorded = json.loads((FIXTURES / "athlete-events__2024-01-28_2024-02-07.json").read_text())[0]
    assert set(first) <= set(recorded)  # only fields intervals.icu's own events carry
    assert recorded["category"] == "WORKOUT" and recorded["start_date_local"].endswith("T00:00:00")
    assert "w" in first["description"].splitlines()[-1]  # the demo cyclist's sessions are held in watts
    write_back(db, settings, cyclist, the_day)
    assert sorted(fake.events) == days  # written again: the same events, updated in place
    record_check_in(db, cyclist.id, TODAY, Answers(readiness=2, ill=True), "app")  # ill: today is a rest day
    write_back(db, settings, cyclist, athlete_day(db, cyclist, TODAY))
    assert f"trainer:{TODAY.isoformat()}" not in fake.events


def test_the_local_app_connects_and_disconnects_in_sentences(connected, fake, monkeypatch):
    from trainer.views.intervals_connect import connect_step, connection_words, disconnect_step

    db, settings, athlete = connected
    monkeypatch.setenv("TRAINER_CONFIG_HOME", str(settings.config_home))
    monkeypatch.setenv("TRAINER_SECRET_KEY_FILE", str(settings.key_file))
    monkeypatch.setenv("TRAINER_INTERVALS_URL", fake.url)
    assert connection_words(db, athlete) == "Connected to intervals.icu."
    assert disconnect_step(db, athlete) == (
        "ivan is no longer connected to intervals.icu (what was synced stays).",
        "success",
    )
    assert connection_words(db, athlete) == "Not connected to intervals.icu."
    said, look = connect_step(db, athlete, "wrong-key", False)
    assert (said, look) == ("Not connected: intervals.icu did not accept that API key: nothing was stored.", "danger")
    said, look = connect_step(db, athlete, fake.key, True)
    assert look == "success" and said.startswith("Connected ivan to intervals.icu (Fixture Athlete): press *Sync now*.")
    assert fake.key not in said and stored_key(db, athlete.id, settings) == (fake.key, True)


def test_garmin_and_intervals_icu_for_one_athlete_garmins_value_stands(tmp_path, fake):
    from tests.fake_garmin import FakeGarmin, body_for, write_login
    from tests.jobs.fleet import ROOT

    garmin = FakeGarmin()
    try:
        url = f"sqlite:///{tmp_path / 'trainer.db'}"
        db, settings, athlete = connect_athlete(url, tmp_path, fake)
        write_login(db, athlete.id, garmin.url, athlete.id, settings)
        yesterday = TODAY - timedelta(days=1)
        fake.feel(yesterday, hrvSDNN=61.0)  # a field only intervals.icu gives
        env = {
            "TRAINER_DATABASE_URL": url,
            "TRAINER_CONFIG_HOME": str(settings.config_home),
            "TRAINER_SECRET_KEY_FILE": str(settings.key_file),
            "TRAINER_DATA_DIR": str(tmp_path / "data"),
            "TRAINER_INTERVALS_URL": fake.url,
            "TRAINER_GARMIN_CLIENT": "tests.fake_garmin:FakeGarminClient",
            "TRAINER_NOW": "2026-11-24T12:00:00+00:00",
            "PYTHONPATH": str(ROOT),
        }
        for _ in range(2):  # and again: the second intervals.icu sync does not take the field back
            synced = run_trainer("sync", "--athlete", "ivan", "--days", "3", env=env)
            assert synced.returncode == 0, synced.stderr
            lines = synced.stdout.strip().splitlines()
            assert lines[0].startswith("ivan: intervals.icu sync complete") and lines[1].startswith(
                "ivan: sync complete"
            )
            day = load_wellness(db, [athlete.id]).filter(pl.col("date") == yesterday).row(0, named=True)
            theirs = next(d for d in fake.wellness if d["id"] == yesterday.isoformat())
            garmin_hrv = body_for("hrv", yesterday.isoformat(), yesterday.isoformat(), athlete.id)["hrvSummaries"][0]
            garmin_sleep = body_for("sleep", yesterday.isoformat(), yesterday.isoformat(), athlete.id)["dailySleepDTO"]
            assert day["hrv_ms"] == garmin_hrv["lastNightAvg"] != theirs["hrv"]  # both give it: Garmin's stands
            assert day["sleep_minutes"] == garmin_sleep["sleepTimeSeconds"] / 60 != theirs["sleepSecs"] / 60
            assert day["resting_hr"] == theirs["restingHR"]  # this fake Garmin gives none: intervals.icu's fills it
            assert day["source"] == "garmin" and day["hrv_kind"] == "rmssd"
            w = table_of(DailyWellness)
            with db.engine.connect() as connection:
                sdnn = connection.execute(
                    select(w.c.hrv_sdnn_ms).where(w.c.athlete_id == athlete.id, w.c.date == yesterday)
                ).scalar()
            assert sdnn == 61.0  # intervals.icu filled what Garmin left empty
    finally:
        garmin.stop()


def test_any_bytes_are_archived_said_and_asked_for_again(connected, fake, tmp_path):
    db, settings, athlete = connected
    fake.garbage = [
        b"<html><body>Down for maintenance</body></html>",
        b'[{"id": "2026-11-01", "restingHR": 5',
        b'{"x": 1}',
    ]
    first = sync_intervals(db, athlete, TODAY, settings, start=TODAY - timedelta(days=83), sleep=lambda _s: None)
    assert first.stopped is None and len(first.failed) == 3  # each read what it could not, and went on
    reasons = " | ".join(first.warnings)
    assert "a web page instead of data" in reasons and "an answer cut short or damaged" in reasons
    assert "not a list of records, as intervals.icu gives" in reasons
    archive = tmp_path / "raw" / "intervals.icu" / f"athlete-{athlete.id}" / "intervals.wellness"
    assert any("Down for maintenance" in path.read_text() for path in archive.iterdir())  # kept as it came
    second = sync_intervals(db, athlete, TODAY, settings, sleep=lambda _s: None)
    assert not second.failed and second.stopped is None  # asked for again first, and read this time
    assert load_wellness(db, [athlete.id]).height == 31
