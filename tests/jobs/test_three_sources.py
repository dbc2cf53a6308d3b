"""A coach's squad of three athletes whose data come three ways: Garmin Connect, intervals.icu and an
Apple Health export. The real worker runs each morning (the two services are fakes: real local HTTP
servers with recorded bodies); then every face a coach and an athlete open gives each a scored day,
the card names where its data came from, the squad holds all three, and ``trainer validate`` reads
the three together."""

from __future__ import annotations

import html
import json
import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import run_trainer
from tests.fake_garmin import FakeGarmin
from tests.fake_intervals import FakeIntervals
from tests.ingest.apple_health_exports import write_export
from tests.jobs.fleet import Fleet
from trainer.access.viewer import OWNER
from trainer.day.answer import athlete_day
from trainer.day.attention import athletes_days, squad_morning
from trainer.ingest.apple_health.importer import import_apple_health
from trainer.ingest.check_in import Answers, record_check_in
from trainer.ingest.intervals.connection import connect
from trainer.planning.coming import coming_sessions
from trainer.planning.goals import GoalSpec
from trainer.planning.service import add_checked_goal, create_plan
from trainer.store.athletes import add_athlete, get_athlete
from trainer.views.first_card import first_card_html
from trainer.views.reader import open_for_viewer


@pytest.fixture
def garmin():
    server = FakeGarmin(latency=0.0)
    yield server
    server.stop()


def test_a_squad_of_garmin_intervals_icu_and_apple_health_athletes(tmp_path, garmin, monkeypatch):
    url = f"sqlite:///{tmp_path / 'trainer.db'}"
    fleet = Fleet(url, tmp_path, garmin, athletes=1)  # a1: Garmin
    today = fleet.today
    intervals = FakeIntervals(today + timedelta(days=1))  # its last recorded day holds no night: tomorrow
    try:
        fleet.env["TRAINER_INTERVALS_URL"] = intervals.url
        fleet.synced_until(fleet.ids["a1"], today - timedelta(days=30))  # a month of Garmin nights to sync
        db, settings = fleet.db, replace(fleet.settings, intervals_url=intervals.url)
        ivan = add_athlete(db, "ivan", main_sport="bike", time_zone="UTC")
        connect(db, ivan.id, intervals.key, settings, writes=True)
        alma = add_athlete(db, "alma", main_sport="run", time_zone="UTC")
        export = tmp_path / "export.xml"
        write_export(export, today - timedelta(days=59), days=60)
        import_apple_health(db, alma, export)
        for athlete, spec in (
            (
                ivan,
                GoalSpec("fondo", None, today + timedelta(weeks=20), sport="bike", event="gran-fondo", event_hours=4.0),
            ),
            (alma, GoalSpec("half", 21.0975, today + timedelta(weeks=16), sport="run")),
        ):
            create_plan(
                db,
                athlete,
                add_checked_goal(db, athlete, spec, today - timedelta(days=7))[0].id,
                today - timedelta(days=7),
            )
        fleet.ids.update(ivan=ivan.id, alma=alma.id)  # the fleet waits for every athlete's morning
        ids = dict(fleet.ids)
        for number in range(1, 21):  # three weeks of check-ins each, for validate
            for offset, athlete_id in enumerate(ids.values()):
                answers = Answers(readiness=float((number * 3 + offset) % 9 + 1), fatigue=float(number % 5 + 1))
                record_check_in(db, athlete_id, today - timedelta(days=number), answers, "app")

        fleet.start_worker()
        fleet.run_dispatch()
        fleet.wait(fleet.finished, poke=3, timeout=180)
        mornings = {row["athlete_id"]: row for row in fleet.jobs()}
        assert {athlete_id: mornings[athlete_id]["state"] for athlete_id in ids.values()} == dict.fromkeys(
            ids.values(), "done"
        ), mornings
        assert mornings[ivan.id]["result"].startswith("intervals.icu sync complete")
        assert "intervals.icu: score written, " in mornings[ivan.id]["result"]  # writes on: the day went back
        assert mornings[alma.id]["result"].startswith("no Garmin login: message only; score ")
        assert today.isoformat() in intervals.wellness_written and intervals.events  # the day and the week went back

        monkeypatch.setenv("TRAINER_DATABASE_URL", url)
        monkeypatch.setenv("TRAINER_CONFIG_HOME", str(settings.config_home))
        monkeypatch.delenv("TRAINER_NOW", raising=False)
        monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
        owner, _, _ = open_for_viewer(settings, OWNER)
        now = datetime.now(UTC)
        squad = {row["athlete"]: row for row in squad_morning(owner, athletes_days(owner, now)).iter_rows(named=True)}
        sources = {"a1": "Garmin", "ivan": "intervals.icu", "alma": "Apple Health"}
        for name, words in sources.items():
            the_day = athlete_day(db, get_athlete(db, name), today)
            assert the_day.date == today and the_day.score is not None, name  # a scored morning for each
            assert name == "a1" or coming_sessions(db, get_athlete(db, name), today, 7), name  # and their plan's week
            assert squad[name]["score"] == the_day.score and squad[name]["day"] == today, name
            card = html.unescape(first_card_html(settings, OWNER, {"athlete": name}) or "")
            assert f'line-height:1">{the_day.score}</div>' in card, name
            assert f"Data from {words}." in card, name
        assert "HRV (Apple, SDNN)" in html.unescape(first_card_html(settings, OWNER, {"athlete": "alma"}) or "")

        env = {"TRAINER_DATABASE_URL": url, "TRAINER_NOW": now.isoformat()}
        checked = run_trainer("validate", "--athletes", "a1,ivan,alma", "--json", "--draws", "200", env=env)
        assert checked.returncode == 0, checked.stderr
        report = json.loads(checked.stdout)
        assert (report["n_athletes"], report["n_days"]) == (3, 60)  # twenty scored days with readiness each
        assert {row["athlete_id"]: row["n"] for row in report["per_athlete"]} == dict.fromkeys(ids.values(), 20)
    finally:
        intervals.stop()
        fleet.stop()
        os.environ.pop("TRAINER_INTERVALS_URL", None)


def test_an_intervals_icu_morning_waits_pauses_and_fails_in_words(tmp_path):
    from trainer.jobs.gate import AddressGate
    from trainer.jobs.morning import run_morning
    from trainer.jobs.status import overview
    from trainer.settings import Settings
    from trainer.store.database import open_database

    url = f"sqlite:///{tmp_path / 'trainer.db'}"
    db = open_database(url)
    today = datetime(2026, 11, 24, tzinfo=UTC).date()
    early = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
    intervals = FakeIntervals(today)  # its last recorded day (today) has no night yet
    try:
        settings = Settings(
            database_url=url, data_dir=tmp_path, config_home=tmp_path, intervals_url=intervals.url, archive_dir=tmp_path
        )
        ivan = add_athlete(db, "ivan", main_sport="bike", time_zone="UTC")
        connect(db, ivan.id, intervals.key, settings)
        gate = AddressGate(db, tmp_path / "slots", "intervals.icu@here", 1, service="intervals.icu", spacing=0.1)
        waiting = run_morning(
            db, settings, ivan, today, early, AddressGate(db, tmp_path / "g", "here", 1), intervals_gate=gate
        )
        assert (waiting.state, waiting.result) == ("waiting", "last night has not reached intervals.icu yet")
        late = run_morning(db, settings, ivan, today, early.replace(hour=11, minute=30), None, intervals_gate=gate)
        assert late.state == "done" and "score " in late.result  # after 11:00 the morning goes ahead
        intervals.fail = [429]
        paused = run_morning(db, settings, ivan, today, early, None, intervals_gate=gate)
        assert paused.state == "paused" and paused.result.startswith("intervals.icu rate limit: this address waits")
        assert gate.paused_until() is not None  # every athlete on the address waits with it
        open_gate = AddressGate(db, tmp_path / "slots", "intervals.icu@elsewhere", 1, service="intervals.icu")
        intervals.revoked = True
        failed = run_morning(db, settings, ivan, today, early, None, intervals_gate=open_gate)
        assert (failed.state, failed.result) == (
            "failed",
            "intervals.icu refused the stored API key: run trainer intervals connect --athlete ivan",
        )
        from trainer.jobs import runs

        key = runs.create(db, "morning", ivan.id, today, early)
        runs.take(db, key, "w", early)
        runs.finish(db, key, "w", "failed", error=failed.result)
        shown = next(row for row in overview(db, settings, early) if row["athlete"] == "ivan")
        assert shown["problem"] == (
            "intervals.icu refused the stored API key since today: run trainer intervals connect --athlete ivan"
        )
    finally:
        intervals.stop()


def test_with_garmin_beside_it_a_revoked_intervals_key_is_said_and_the_morning_goes_on(tmp_path, garmin, monkeypatch):
    from tests.fake_garmin import write_login
    from trainer.jobs.gate import AddressGate
    from trainer.jobs.morning import run_morning
    from trainer.settings import Settings
    from trainer.store.database import open_database

    monkeypatch.setenv("TRAINER_GARMIN_CLIENT", "tests.fake_garmin:FakeGarminClient")
    monkeypatch.setenv("TRAINER_CONFIG_HOME", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'trainer.db'}"
    db = open_database(url)
    today = datetime(2026, 11, 24, tzinfo=UTC).date()
    intervals = FakeIntervals(today)
    try:
        settings = Settings(
            database_url=url, data_dir=tmp_path, config_home=tmp_path, intervals_url=intervals.url, archive_dir=tmp_path
        )
        ana = add_athlete(db, "ana", main_sport="run", time_zone="UTC")
        write_login(db, ana.id, garmin.url, ana.id, settings)
        connect(db, ana.id, intervals.key, settings)
        intervals.revoked = True
        gate = AddressGate(db, tmp_path / "slots", "here", 1)
        outcome = run_morning(
            db, settings, ana, today, datetime(2026, 11, 24, 12, 0, tzinfo=UTC), gate, intervals_gate=None
        )
        assert outcome.state == "done", outcome
        assert outcome.result.startswith(
            "intervals.icu refused the stored API key: run trainer intervals connect --athlete ana; sync complete: "
        )
        assert (
            "; score " in outcome.result and "watch: " in outcome.result
        )  # then scored and the watch served, as any morning
    finally:
        intervals.stop()
