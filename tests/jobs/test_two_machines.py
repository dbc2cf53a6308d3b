"""Workers on two machines against one PostgreSQL: each machine has its own data folder and config
home, and shares only the site's key file and the archive folder. The Garmin login lives sealed in
the database and its lock is PostgreSQL's, so both machines use the one login, one at a time: the
fake Garmin rotates the refresh token at every use and refuses a spent one, and no athlete is ever
asked to log in again."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.fake_garmin import FakeGarmin
from tests.jobs.fleet import ROOT, Fleet


@pytest.fixture
def fake():
    server = FakeGarmin(latency=0.02)
    yield server
    server.stop()


def machine(fleet: Fleet, name: str, key_from: Fleet | None = None) -> dict:
    """A machine's environment: its own data folder and config home, the site's key file copied in
    (as an administrator would), the shared archive folder."""
    config = fleet.folder / name / "config"
    config.mkdir(parents=True)
    if key_from is not None:
        shutil.copy(key_from.settings.key_file, config / "app-secret-key")
    return {
        **fleet.env,
        "TRAINER_DATA_DIR": str(fleet.folder / name / "data"),
        "TRAINER_CONFIG_HOME": str(config),
        "TRAINER_ARCHIVE_DIR": str(fleet.folder / "shared-archive"),
    }


def sync_all(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "trainer", "sync", "--all", "--days", "1"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_two_machines_one_postgresql_one_login_and_no_new_login(postgres, tmp_path, fake):
    url = postgres.create_database("two_machines")
    fleet = Fleet(url, tmp_path, fake, athletes=3)  # one login each, stored once, in the database
    first, second = machine(fleet, "first", key_from=fleet), machine(fleet, "second", key_from=fleet)
    try:
        fleet.start_worker(env=first)
        fleet.start_worker(env=second)
        fleet.run_dispatch()
        fleet.wait(fleet.finished, poke=5)
        assert [row["state"] for row in fleet.jobs()] == ["done"] * 3
    finally:
        fleet.stop()
    for env in (second, first):  # then a sync by hand on each machine: the tokens the other one rotated
        synced = sync_all(env)
        assert synced.returncode == 0, synced.stderr
        assert synced.stdout.count("sync complete") == 3  # 0.5 s between requests: about 9 s an athlete
    assert fake.stats()["dead_tokens_shown"] == 0  # nobody had to log in again
    assert {fake.refresh_tokens[i] for i in fleet.ids.values()} == {"r3"}  # three uses each, one after another
    shared = tmp_path / "shared-archive" / "garmin"
    assert sorted(p.name for p in shared.iterdir()) == sorted(f"athlete-{i}" for i in fleet.ids.values())
    for name in ("first", "second"):
        assert not (tmp_path / name / "data" / "raw").exists()  # nothing kept where only one machine sees it
        assert not (tmp_path / name / "config" / "garmin").exists()  # no tokens on any machine's disk
    third = machine(fleet, "third")  # a machine given no key file: it makes its own
    stranger = sync_all(third)
    assert stranger.returncode == 1
    assert stranger.stderr.count("the stored Garmin login cannot be opened with the key in") == 3
    assert fake.stats()["dead_tokens_shown"] == 0 and {fake.refresh_tokens[i] for i in fleet.ids.values()} == {"r3"}
    fleet.start_worker("--no-scheduler", env=third)  # says so when it starts, one line per athlete
    log = tmp_path / f"worker{len(fleet.workers) - 1}.log"
    try:
        fleet.wait(lambda: log.read_text().count("cannot open the stored Garmin login") == 3, timeout=60)
    finally:
        fleet.stop()
    assert "a1: this worker cannot open the stored Garmin login with the key in" in log.read_text()
