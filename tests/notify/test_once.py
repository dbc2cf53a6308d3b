"""One message per receiver per morning: claimed before it is sent, so two senders at once send it
once, a sender killed while the receiver holds the message does not send it again, and a receiver
slower than Apprise's read timeout is told once ("may have been delivered"), not on every run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import DEMO_END
from trainer.notify.morning import add_target, send_due
from trainer.settings import Settings
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


class SlowHook:
    """A local HTTP receiver that notes each message on arrival, then holds it ``delay`` seconds
    (or until ``release`` is set) before it answers."""

    def __init__(self, delay: float = 0.0):
        self.got: list[dict] = []
        self.release = threading.Event()
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                hook.got.append(json.loads(self.rfile.read(int(self.headers.get("content-length") or 0))))
                hook.release.wait(delay)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_port}/hook"

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def setup(demo_sqlite_url, tmp_path):
    settings = Settings(
        database_url=demo_sqlite_url,
        data_dir=tmp_path,
        config_home=tmp_path / "config",
        public_url="https://trainer.example.org",
        secret_key_file=tmp_path / "config" / "key",
    )
    return open_database(demo_sqlite_url), settings


def test_two_senders_at_once_send_each_message_once(setup):
    db, settings = setup
    hook = SlowHook(delay=1.0)
    try:
        add_target(db, settings, hook.url(), "07:00", athlete=get_athlete(db, "demo-cyclist"), time_zone="UTC")
        start, reports = threading.Barrier(2), []

        def sender() -> None:
            own = open_database(settings.database_url)
            start.wait()
            reports.append(send_due(own, settings, NOON))
            own.engine.dispose()

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(hook.got) == 1
        assert sorted(len(report.sent) for report in reports) == [0, 1]
        assert send_due(db, settings, NOON).sent == [] and len(hook.got) == 1  # and never again that day
    finally:
        hook.stop()


def test_a_receiver_slower_than_the_timeout_is_told_once(setup):
    db, settings = setup
    hook = SlowHook(delay=6.0)
    try:
        add_target(db, settings, hook.url(), "07:00", athlete=get_athlete(db, "demo-cyclist"), time_zone="UTC")
        first = send_due(db, settings, NOON)
        assert first.sent == [] and len(first.maybe) == 1 and "may have been delivered" in first.line()
        again = send_due(db, settings, NOON.replace(hour=13))
        assert again.sent == [] and again.maybe == [] and again.failed == [] and len(hook.got) == 1
    finally:
        hook.stop()


def test_a_sender_killed_while_the_receiver_holds_the_message_does_not_send_it_again(setup, tmp_path):
    db, settings = setup
    hook = SlowHook(delay=60.0)
    try:
        add_target(db, settings, hook.url(), "07:00", athlete=get_athlete(db, "demo-cyclist"), time_zone="UTC")
        env = {
            **os.environ,
            "TRAINER_CONFIG_HOME": str(settings.config_home),
            "TRAINER_SECRET_KEY_FILE": str(settings.key_file),
        }
        command = [sys.executable, "-m", "trainer", "notify", "send", "--due", "--now", NOON.isoformat()]
        sender = subprocess.Popen([*command, "--db", settings.database_url], env=env, stdout=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while not hook.got and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(hook.got) == 1  # the receiver holds it ...
        sender.send_signal(signal.SIGKILL)  # ... when the sender dies
        sender.wait(10)
        hook.release.set()
        again = subprocess.run([*command, "--db", settings.database_url], env=env, capture_output=True, text=True)
        assert again.returncode == 0 and again.stdout.startswith("morning messages: 0 sent")
        assert len(hook.got) == 1
    finally:
        hook.stop()


def test_a_receiver_that_refuses_at_once_is_tried_again(setup):
    db, settings = setup
    add_target(
        db, settings, "json://127.0.0.1:9/closed", "07:00", athlete=get_athlete(db, "demo-cyclist"), time_zone="UTC"
    )
    assert len(send_due(db, settings, NOON).failed) == 1
    assert len(send_due(db, settings, NOON.replace(hour=13)).failed) == 1  # tried again: nothing was delivered
    assert DEMO_END == NOON.date()
