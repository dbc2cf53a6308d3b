"""Real ``trainer worker`` processes on SQLite and on a real PostgreSQL, against a fake Garmin
that is a real HTTP server: every athlete's morning once, never two workers on one athlete, a
second scheduler doubling nothing, an expired login failing that athlete only, a worker killed
mid-sync replaced without loss, a 429 pausing the whole address."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from tests.fake_garmin import FakeGarmin
from tests.jobs.fleet import ROOT, Fleet
from trainer.store.loaders import load_wellness


@pytest.fixture
def fake():
    server = FakeGarmin(latency=0.02)
    yield server
    server.stop()


def test_two_workers_two_schedulers_every_morning_once(db_url, tmp_path, fake):
    fleet = Fleet(db_url, tmp_path, fake, athletes=6)
    fake.expired.add(fleet.ids["a6"])
    try:
        fleet.start_worker()
        fleet.start_worker()  # a second scheduler, started by mistake
        fleet.run_dispatch()
        fleet.run_dispatch()
        fleet.wait(fleet.finished, poke=5)
        time.sleep(2)  # anything doubled would show by now
        rows = fleet.jobs()
        assert len(rows) == 6 and {row["day"] for row in rows} == {fleet.today}
        by_name = {name: next(r for r in rows if r["athlete_id"] == i) for name, i in fleet.ids.items()}
        assert [by_name[f"a{n}"]["state"] for n in range(1, 7)] == ["done"] * 5 + ["failed"]
        assert by_name["a6"]["error"] == "Garmin login expired: run trainer garmin login --athlete a6"
        assert all(by_name[f"a{n}"]["attempts"] == 1 for n in range(1, 6))
        stats = fake.stats()
        assert all(stats["zones"][str(fleet.ids[f"a{n}"])] == 1 for n in range(1, 6))  # each synced once
        # a usual morning: the poll (its sleep is the sync's), HRV, stress, activities, zones, Garmin's
        # figures (FTP, power zones, lactate threshold, race predictions, VO2max: five calls), resting HR
        # and training status of yesterday and today, today's readiness (yesterday's is stored)
        assert {stats["by_account"][str(fleet.ids[f"a{n}"])] for n in range(1, 6)} == {15}
        assert {by_name[f"a{n}"]["requests"] for n in range(1, 6)} == {15}
        assert set(stats["most_at_once"].values()) == {1}  # never two requests for one account at once
        synced = load_wellness(fleet.db).filter(pl.col("date") == fleet.today)
        assert sorted(synced["athlete_id"].to_list()) == sorted(fleet.ids[f"a{n}"] for n in range(1, 6))
    finally:
        fleet.stop()
    shown = json.loads(
        subprocess.run(
            [sys.executable, "-m", "trainer", "jobs", "--json"], env=fleet.env, cwd=ROOT, capture_output=True, text=True
        ).stdout
    )
    problem = next(row for row in shown if row["athlete"] == "a6")
    assert problem["problem"] == "Garmin login expired since today: run trainer garmin login --athlete a6"
    assert problem["failed_mornings"] == 1 and problem["last_synced"] is None
    assert next(row for row in shown if row["athlete"] == "a1")["last_synced"] == fleet.today.isoformat()


def test_a_worker_killed_mid_sync_is_replaced_without_loss(db_url, tmp_path, fake):
    fake.latency = 0.4
    fleet = Fleet(db_url, tmp_path, fake, athletes=3)
    try:
        first = fleet.start_worker()
        fleet.run_dispatch()
        fleet.wait(lambda: fake.stats()["requests"] >= 5)
        os.kill(first.pid, signal.SIGKILL)  # mid-sync: its leases stay behind, its tasks are gone
        first.wait()
        assert any(row["state"] == "running" for row in fleet.jobs())
        fake.latency = 0.02
        fleet.start_worker()
        fleet.wait(fleet.finished, poke=2)  # the sweep hands the lapsed jobs to the new worker
        rows = fleet.jobs()
        assert all(row["state"] == "done" for row in rows)
        assert any(row["attempts"] == 2 for row in rows)  # taken again after the kill
        days = load_wellness(fleet.db).group_by("athlete_id", "date").len()
        assert days["len"].max() == 1 and days.filter(pl.col("date") == fleet.today).height == 3
    finally:
        fleet.stop()


def test_a_429_pauses_every_athlete_on_the_address(tmp_path, fake):
    fake.rate = 3  # requests per second from one address
    fleet = Fleet(f"sqlite:///{tmp_path / 'trainer.db'}", tmp_path, fake, athletes=8)
    try:
        fleet.start_worker()
        fleet.run_dispatch()
        fleet.wait(lambda: fake.stats()["rate_limited"] >= 1 and all(r["state"] != "running" for r in fleet.jobs()))
        time.sleep(3)
        rows = fleet.jobs()
        paused = [row for row in rows if row["state"] == "paused"]
        assert paused and not any(row["state"] == "failed" for row in rows)
        soonest = min(row["next_try_at"] for row in paused).replace(tzinfo=UTC)
        assert soonest >= datetime.now(UTC) + timedelta(minutes=29)
        assert fake.stats()["after_429"] <= 4  # only what was already in flight: no storm
        assert fake.stats()["rate_limited"] <= 4
    finally:
        fleet.stop()


def test_a_postgresql_restart_mid_run_loses_nothing(tmp_path, fake, postgres):
    from tests.postgres import PostgresServer, find_bin_dir

    own = PostgresServer(find_bin_dir())
    own.start()
    try:
        fake.latency = 0.3
        fleet = Fleet(own.create_database("restart"), tmp_path, fake, athletes=3)
        try:
            fleet.start_worker()
            fleet.run_dispatch()
            fleet.wait(lambda: fake.stats()["requests"] >= 4)
            own.restart()
            fake.latency = 0.02
            fleet.wait(fleet.finished, poke=3, timeout=120)
            rows = fleet.jobs()
            assert all(row["state"] == "done" for row in rows), [(r["state"], r["error"], r["attempts"]) for r in rows]
        finally:
            fleet.stop()
        logs = "".join(p.read_text() for p in tmp_path.glob("worker*.log"))
        assert "Traceback" not in logs and 'File "' not in logs  # one line per failure while it was down
    finally:
        own.stop()


def zone_where(hours: range) -> str:
    """A time zone where the local hour now is one of ``hours``."""
    hour = datetime.now(UTC).hour
    offset = next(h for h in range(-11, 15) if (hour + h) % 24 in hours)
    return "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def morning_zone() -> str:
    """A time zone where it is early morning now (after 02:00, before 10:00)."""
    return zone_where(range(2, 10))


def afternoon_zone() -> str:
    """A time zone where the morning no longer waits for the watch (12:00-19:59)."""
    return zone_where(range(12, 20))


def test_before_the_watch_uploads_a_morning_costs_one_request_and_asks_again_in_15_minutes(tmp_path, fake):
    from trainer.store.athletes import add_athlete

    fleet = Fleet(f"sqlite:///{tmp_path / 'trainer.db'}", tmp_path, fake, athletes=0)
    early = add_athlete(fleet.db, "early", time_zone=morning_zone())
    from tests.fake_garmin import write_login

    write_login(fleet.db, early.id, fake.url, early.id, fleet.settings)
    fleet.ids["early"] = early.id
    fake.not_uploaded.add(early.id)
    try:
        fleet.start_worker()
        fleet.run_dispatch()
        fleet.wait(lambda: any(row["state"] == "waiting" for row in fleet.jobs()))
        [row] = fleet.jobs()
        assert row["requests"] == 1 and row["result"] == "the watch has not uploaded last night yet"
        wait = row["next_try_at"].replace(tzinfo=UTC) - datetime.now(UTC)
        assert timedelta(minutes=14) < wait <= timedelta(minutes=15)
        assert fake.stats()["by_account"] == {str(early.id): 1}
    finally:
        fleet.stop()


def test_a_poisoned_body_ends_its_step_with_a_reason_and_the_morning_goes_on(tmp_path, fake):
    """Valid JSON of an unexpected shape, and an integer of 5,000 digits: the morning ends done, once,
    saying what it could not read, with the bodies archived (it stayed 'running' and was taken again
    at every lease, a traceback each time)."""
    # an unreadable night looks like one not uploaded yet: before 11:00 the morning would wait for it
    fleet = Fleet(f"sqlite:///{tmp_path / 'trainer.db'}", tmp_path, fake, athletes=1, time_zone=afternoon_zone())
    account = fleet.ids["a1"]
    fake.poisoned[(account, "sleep")] = b'{"dailySleepDTO": "x"}'
    fake.poisoned[(account, "hrv")] = (
        b'{"hrvSummaries": [{"calendarDate": "2026-01-01", "lastNightAvg": ' + b"9" * 5000 + b"}]}"
    )
    try:
        fleet.start_worker()
        fleet.run_dispatch()
        fleet.wait(fleet.finished, poke=5)
        time.sleep(2)  # a second take would show by now
        [row] = fleet.jobs()
        assert row["state"] == "done" and row["attempts"] == 1, row
        assert "; 2 could not be read (tried again next run);" in row["result"]  # the sleep body and the HRV body
        archive = tmp_path / "data" / "raw" / "garmin" / f"athlete-{account}"
        assert (archive / "sleep").is_dir() and any((archive / "sleep").iterdir())
    finally:
        fleet.stop()
    logs = "".join(p.read_text() for p in tmp_path.glob("worker*.log"))
    assert "Traceback" not in logs


def test_a_check_in_after_the_morning_gets_a_watch_job_from_the_workers_minute(tmp_path, fake):
    """The worker's dispatch turns a check-in made after the morning into one watch job per version,
    run by a worker process through the address's gate."""
    from sqlalchemy import select

    from trainer.ingest.check_in import Answers, record_check_in
    from trainer.store.models import JobRun, table_of

    fleet = Fleet(f"sqlite:///{tmp_path / 'trainer.db'}", tmp_path, fake, athletes=1)
    account = fleet.ids["a1"]

    def watch_jobs() -> list[dict]:
        j = table_of(JobRun)
        with fleet.db.engine.connect() as connection:
            rows = connection.execute(select(j).where(j.c.kind == "watch").order_by(j.c.key))
            return [dict(row._mapping) for row in rows]

    try:
        fleet.start_worker()
        fleet.run_dispatch()
        fleet.wait(fleet.finished, poke=5)
        assert watch_jobs() == []  # nothing said: nothing to change
        record_check_in(fleet.db, account, fleet.today, Answers(readiness=2, ill=True), "link 1")
        fleet.wait(lambda: [row["state"] for row in watch_jobs()] == ["done"], poke=3)
        record_check_in(fleet.db, account, fleet.today, Answers(readiness=8), "link 1")  # a correction
        fleet.wait(lambda: [row["state"] for row in watch_jobs()] == ["done", "done"], poke=3)
        keys = [row["key"] for row in watch_jobs()]
        assert keys == [f"watch:{account}:{fleet.today.isoformat()}:v{n}" for n in (1, 2)]
        assert all(row["result"].startswith("after the check-in: today's workout") for row in watch_jobs())
    finally:
        fleet.stop()
