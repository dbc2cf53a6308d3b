"""Shared fixtures: a database on each real backend (a SQLite file and a PostgreSQL server).

``db_url`` runs a test once per backend. The PostgreSQL tests fail rather than skip when
``TRAINER_REQUIRE_POSTGRES=1`` (as in CI) and the server cannot be started.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.postgres import PostgresServer, find_bin_dir
from trainer.demo.writer import write_demo
from trainer.store.database import open_database

DEMO_END = date(2026, 11, 24)
# the tests' clock (day.clock): noon UTC on the demo's last day is that day in every demo athlete's
# time zone (Denver 05:00, Oslo 13:00, Sydney 23:00); a test that needs another moment sets its own
TEST_CLOCK = "2026-11-24T12:00:00+00:00"
os.environ.setdefault("TRAINER_NOW", TEST_CLOCK)
_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres():
    bin_dir = find_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL server binaries not found (install the postgresql package or set TRAINER_PG_BIN)"
        if os.environ.get("TRAINER_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(bin_dir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'trainer.db'}"
    server = request.getfixturevalue("postgres")
    return server.create_database(f"test_{os.getpid()}_{next(_counter)}")


@pytest.fixture(scope="session")
def demo_sqlite_template(tmp_path_factory) -> Path:
    """A demo database written once per session; tests copy it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(f"sqlite:///{path}")
    write_demo(db, DEMO_END)
    db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def demo_postgres_url(postgres) -> str:
    url = postgres.create_database("demo_template")
    write_demo(open_database(url), DEMO_END)
    return url


@pytest.fixture
def demo_sqlite_url(tmp_path, demo_sqlite_template) -> str:
    """A private copy of the demo database as a SQLite file."""
    target = tmp_path / "demo.db"
    shutil.copy(demo_sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture(params=["sqlite", "postgres"])
def demo_db_url(request, tmp_path, demo_sqlite_template) -> str:
    """The demo athletes on each backend. Treat as read-only on PostgreSQL (it is shared)."""
    if request.param == "sqlite":
        target = tmp_path / "trainer.db"
        shutil.copy(demo_sqlite_template, target)
        return f"sqlite:///{target}"
    return request.getfixturevalue("demo_postgres_url")


@pytest.fixture(params=["sqlite", "postgres"])
def demo_db_writable_url(request, tmp_path, demo_sqlite_template) -> str:
    """A private demo database on each backend, for tests that write (a fresh PostgreSQL database each)."""
    if request.param == "sqlite":
        return request.getfixturevalue("demo_sqlite_url")
    url = request.getfixturevalue("postgres").create_database(f"demo_rw_{os.getpid()}_{next(_counter)}")
    write_demo(open_database(url), DEMO_END)
    return url


@pytest.fixture(scope="module")
def published_site(demo_sqlite_template, tmp_path_factory):
    """trainer app --publish on a private copy of the demo database, with four people's links."""
    from tests.servers import start_published_site, stop_server

    folder = tmp_path_factory.mktemp("published")
    db_path = folder / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    site = start_published_site(db_path, folder)
    yield site
    site.output = stop_server(site)


def run_trainer(*args: str, env: dict | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real ``trainer`` command in a subprocess; returns the completed process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args], capture_output=True, text=True, env=full_env, input=input, timeout=120
    )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say plainly how many tests ran against the real PostgreSQL server and the real browser."""

    def count(marker: str, outcome: str) -> int:
        return sum(
            1 for report in terminalreporter.stats.get(outcome, []) if marker in report.nodeid and report.when == "call"
        )

    for label, marker in (
        ("PostgreSQL (a real server started by the tests)", "postgres"),
        ("browser (Debian chromium)", "[chromium"),
    ):
        passed, failed = count(marker, "passed"), count(marker, "failed")
        skipped = sum(1 for report in terminalreporter.stats.get("skipped", []) if marker in report.nodeid)
        terminalreporter.write_line(f"{label}: {passed} passed, {failed} failed, {skipped} skipped")
