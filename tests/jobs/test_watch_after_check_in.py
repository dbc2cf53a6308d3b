"""After the morning, a check-in that changes the day changes the watch: an ill day's workout comes
off it, a correction puts it back; each version once, through the address's gate."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import DEMO_END
from tests.planning.test_watch_push import FakeGarmin
from trainer.day.answer import athlete_day
from trainer.ingest.check_in import Answers, record_check_in
from trainer.ingest.garmin import session
from trainer.ingest.garmin.login_store import save_tokens
from trainer.jobs import runs
from trainer.jobs.gate import AddressGate
from trainer.jobs.morning import changed_days, run_watch
from trainer.planning.watch.push import push_plan
from trainer.settings import Settings
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # 13:00 in Oslo


@pytest.fixture
def morning_done(demo_sqlite_url, tmp_path, monkeypatch):
    db = open_database(demo_sqlite_url)
    settings = Settings(database_url=demo_sqlite_url, data_dir=tmp_path / "data", config_home=tmp_path / "config")
    marathoner = get_athlete(db, "demo-marathoner")
    monkeypatch.setenv("TRAINER_CONFIG_HOME", str(settings.config_home))
    save_tokens(db, marathoner.id, "{}", settings)
    garmin = FakeGarmin()
    monkeypatch.setattr(session, "_reopen", lambda athlete, tokens, client_class=None: garmin)
    monkeypatch.setattr(session.HeldLogin, "keep_rotated", lambda held: None)  # this watch's tokens never rotate
    push_plan(db, marathoner, garmin, DEMO_END, 1, the_day=athlete_day(db, marathoner, DEMO_END).advice)
    key = runs.create(db, "morning", marathoner.id, DEMO_END, NOON)
    runs.take(db, key, "w", NOON)
    runs.finish(db, key, "w", "done", result="sync complete")
    return db, settings, marathoner, garmin, AddressGate(db, tmp_path / "slots", "here", 1)


def test_an_ill_check_in_takes_the_days_workout_off_the_watch_and_a_correction_puts_it_back(morning_done):
    db, settings, marathoner, garmin, gate = morning_done
    assert DEMO_END.isoformat() in garmin.trainer_days()
    assert changed_days(db, settings, NOON) == []  # nothing said yet: the morning's push stands
    record_check_in(db, marathoner.id, DEMO_END, Answers(readiness=2, ill=True), "link 1")
    assert changed_days(db, settings, NOON) == [(marathoner.id, DEMO_END, 1)]
    outcome = run_watch(db, settings, marathoner, DEMO_END, gate)
    assert outcome.state == "done" and outcome.result == "after the check-in: today's workout removed (a rest day)"
    assert DEMO_END.isoformat() not in garmin.trainer_days()
    record_check_in(db, marathoner.id, DEMO_END, Answers(readiness=8), "link 1")  # a correction: not ill after all
    assert changed_days(db, settings, NOON) == [(marathoner.id, DEMO_END, 2)]
    assert run_watch(db, settings, marathoner, DEMO_END, gate).result.endswith("replaced")
    assert DEMO_END.isoformat() in garmin.trainer_days()
    assert runs.create(db, "watch", marathoner.id, DEMO_END, NOON, version=2) is not None
    assert runs.create(db, "watch", marathoner.id, DEMO_END, NOON, version=2) is None  # each version once


def test_during_the_addresss_pause_the_watch_waits(morning_done):
    db, settings, marathoner, garmin, gate = morning_done
    record_check_in(db, marathoner.id, DEMO_END, Answers(readiness=2, ill=True), "link 1")
    gate.pause("429 on the sync")
    garmin.calls.clear()
    outcome = run_watch(db, settings, marathoner, DEMO_END, gate)
    assert outcome.state == "paused" and garmin.calls == []
