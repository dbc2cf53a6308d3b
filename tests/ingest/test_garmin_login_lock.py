"""One use of an athlete's Garmin login at a time, on every machine of a site: garminconnect rotates
the refresh token at each refresh, so two processes holding one athlete's tokens (the worker, the
app's "sync now", trainer plan push, trainer sync) raced, and the second found a dead token. A
second use waits for the first and reads the tokens afresh (the fake Garmin rotates at every use
and refuses a spent token, as Garmin does)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fake_garmin import FakeGarmin, write_login
from trainer.ingest.garmin import session
from trainer.settings import Settings
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def athlete(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("TRAINER_GARMIN_CLIENT", "tests.fake_garmin:FakeGarminClient")
    return db_url, add_athlete(open_database(db_url), "ana")


def test_a_second_sync_waits_for_the_first_use_of_the_login(athlete, tmp_path):
    url, ana = athlete
    db = open_database(url)
    fake = FakeGarmin()
    settings = Settings(database_url=url, data_dir=tmp_path / "data", config_home=tmp_path / "config")
    write_login(db, ana.id, fake.url, ana.id, settings)
    env = {
        **os.environ,
        "TRAINER_CONFIG_HOME": str(settings.config_home),
        "TRAINER_DATA_DIR": str(settings.data_dir),
        "TRAINER_GARMIN_CLIENT": "tests.fake_garmin:FakeGarminClient",
        "PYTHONPATH": str(ROOT),
    }
    try:
        with session.login_held(db, ana) as held:  # the worker's morning, say
            held.client()  # the tokens rotate
            second = subprocess.Popen(
                [sys.executable, "-m", "trainer", "sync", "--athlete", "ana", "--days", "1", "--db", url],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            time.sleep(4)
            assert second.poll() is None and fake.stats()["requests"] == 0  # waiting, not asking Garmin
        out, err = second.communicate(timeout=60)
    finally:
        fake.stop()
    assert second.returncode == 0, err
    assert "ana: sync complete" in out and fake.stats()["requests"] > 0
    assert fake.stats()["dead_tokens_shown"] == 0  # the second use read the tokens the first one rotated


def test_a_use_that_waits_too_long_says_so(athlete):
    url, ana = athlete
    db = open_database(url)
    with session.login_held(db, ana):
        other = subprocess.run(
            [
                sys.executable,
                "-c",
                "from trainer.ingest.garmin import session\n"
                "from trainer.store.database import open_database\n"
                "from trainer.store.models import Athlete\n"
                f"a = Athlete(id={ana.id}, name='ana')\n"
                "try:\n"
                f"    with session.login_held(open_database({url!r}), a, wait_s=0.5):\n"
                "        print('held')\n"
                "except Exception as e:\n"
                "    print(e)\n",
            ],
            env={**os.environ},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert other.stdout.strip() == "another use of ana's Garmin login is still under way: try again later"
    with session.login_held(db, ana, wait_s=0.5):  # free again
        pass
