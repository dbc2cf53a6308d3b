"""Athletes with Garmin logins at the fake Garmin, real ``trainer worker`` processes, and waiting
for what they do: the parts every jobs test shares."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from tests.fake_garmin import FakeGarmin, write_login
from trainer.ingest.garmin.source import DAY_KINDS, RANGE_KINDS
from trainer.settings import Settings
from trainer.store.athletes import add_athlete
from trainer.store.database import Database, open_database
from trainer.store.models import DailyWellness, JobRun, SyncState, table_of
from trainer.store.upsert import upsert

ROOT = Path(__file__).resolve().parents[2]


class Fleet:
    def __init__(
        self, url: str, folder: Path, fake: FakeGarmin, athletes: int, lease_seconds: int = 3, time_zone: str = "UTC"
    ) -> None:
        self.url, self.folder, self.fake = url, folder, fake
        self.env = {
            **os.environ,
            "TRAINER_DATABASE_URL": url,
            "TRAINER_DATA_DIR": str(folder / "data"),
            "TRAINER_CONFIG_HOME": str(folder / "config"),
            "TRAINER_GARMIN_CLIENT": "tests.fake_garmin:FakeGarminClient",
            "TRAINER_MORNING_AT": "00:00",
            "TRAINER_JOB_LEASE_SECONDS": str(lease_seconds),
            "PYTHONPATH": str(ROOT),
        }
        self.settings = Settings(
            database_url=url, data_dir=folder / "data", config_home=folder / "config", garmin_client="x"
        )
        self.db: Database = open_database(url)
        self.today = datetime.now(UTC).date()
        self.ids: dict[str, int] = {}
        for number in range(1, athletes + 1):
            athlete = add_athlete(self.db, f"a{number}", time_zone=time_zone)
            self.ids[athlete.name] = athlete.id
            write_login(self.db, athlete.id, fake.url, athlete.id, self.settings)
            self.synced_until(athlete.id, self.today - timedelta(days=1))
        self.workers: list[subprocess.Popen] = []

    def synced_until(self, athlete_id: int, day: date) -> None:
        """As if yesterday's morning had synced: today's is the usual dozen requests."""
        rows = [
            {"athlete_id": athlete_id, "kind": kind, "last_synced_date": day, "updated_at": datetime.now(UTC)}
            for kind in (*RANGE_KINDS, *DAY_KINDS)
        ]
        night = {
            "athlete_id": athlete_id,
            "date": day,
            "sleep_minutes": 450.0,
            "training_readiness": 70.0,
            "source": "garmin",
            "updated_at": datetime.now(UTC),
        }
        with self.db.engine.begin() as connection:
            upsert(connection, table_of(SyncState), rows, ("athlete_id", "kind"))
            upsert(connection, table_of(DailyWellness), [night], ("athlete_id", "date"))

    def start_worker(self, *options: str, env: dict | None = None) -> subprocess.Popen:
        log = open(self.folder / f"worker{len(self.workers)}.log", "w")
        worker = subprocess.Popen(
            [sys.executable, "-m", "trainer", "worker", "--threads", "4", *options],
            env=env or self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def run_dispatch(self) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "trainer", "jobs", "run"], env=self.env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr

    def jobs(self) -> list[dict]:
        """The mornings' runs (on a Sunday from 19:00 the dispatch also starts the weekly jobs, whose
        runs these tests leave to tests/jobs/test_weekly.py: counted here, they failed every Sunday evening)."""
        j = table_of(JobRun)
        query = select(j).where(j.c.kind == "morning").order_by(j.c.athlete_id)
        with self.db.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def wait(self, condition, timeout: float = 90, poke: float | None = None) -> None:
        """Until ``condition()``; with ``poke``, a dispatch every so many seconds (the minute's sweep, sooner)."""
        deadline = time.monotonic() + timeout
        last = 0.0
        while time.monotonic() < deadline:
            if condition():
                return
            if poke is not None and time.monotonic() - last > poke:
                self.run_dispatch()
                last = time.monotonic()
            time.sleep(0.2)
        logs = "\n".join(p.read_text()[-3000:] for p in sorted(self.folder.glob("worker*.log")))
        raise AssertionError(f"timed out; jobs: {self.jobs()}\n{logs}")

    def finished(self) -> bool:
        rows = self.jobs()
        return len(rows) == len(self.ids) and all(row["state"] in ("done", "failed") for row in rows)

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGINT)
        for worker in self.workers:
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
