"""Every athlete's morning, not only Garmin users': one without a Garmin login (files, CSV, entries by
hand) gets their day scored and their message on time, and ``trainer jobs`` says why nothing synced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.conftest import DEMO_END
from tests.notify.test_morning import Hook
from trainer.jobs.gate import AddressGate
from trainer.jobs.morning import run_morning
from trainer.jobs.status import overview
from trainer.jobs.tasks import due_mornings
from trainer.notify.morning import add_target
from trainer.settings import Settings
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database


def test_a_morning_without_a_garmin_login_scores_the_day_and_sends_the_message(demo_sqlite_url, tmp_path):
    db = open_database(demo_sqlite_url)
    settings = Settings(
        database_url=demo_sqlite_url,
        data_dir=tmp_path / "data",
        config_home=tmp_path / "config",  # no Garmin tokens stored for anyone
        public_url="https://trainer.example.org",
        secret_key_file=tmp_path / "key",
    )
    cyclist = get_athlete(db, "demo-cyclist")
    hook = Hook()
    try:
        add_target(db, settings, hook.url(), "07:00", athlete=cyclist, details=True)
        now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 08:00 in Denver
        assert (cyclist.id, DEMO_END) in due_mornings(db, settings, now)  # due though no Garmin login
        gate = AddressGate(db, tmp_path / "slots", "here", 1)
        outcome = run_morning(db, settings, cyclist, DEMO_END, now, gate)
        assert outcome.state == "done" and outcome.requests == 0
        assert outcome.result.startswith("no Garmin login: message only; score 90 (green)")
        assert "message sent" in outcome.result
        assert len(hook.got) == 1 and "Recovery 90" in hook.got[0]["message"]
    finally:
        hook.stop()


def test_trainer_jobs_never_shows_a_next_morning_in_the_past(demo_sqlite_url, tmp_path):
    from trainer.jobs import runs

    db = open_database(demo_sqlite_url)
    settings = Settings(database_url=demo_sqlite_url, data_dir=tmp_path, config_home=tmp_path)
    cyclist = get_athlete(db, "demo-cyclist")
    then = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    key = runs.create(db, "morning", cyclist.id, DEMO_END, then)
    assert key is not None
    holder = "test"
    assert runs.take(db, key, holder, then) is not None
    runs.finish(db, key, holder, "waiting", result="waiting for the watch", next_try_at=then)
    later = then + timedelta(hours=2)
    shown = next(row for row in overview(db, settings, later) if row["athlete"] == "demo-cyclist")
    assert datetime.fromisoformat(shown["next_morning"]) >= later.replace(second=0, microsecond=0)
