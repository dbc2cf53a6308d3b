"""The morning message through real Apprise to real local receivers: a small HTTP server for
``json://`` and an SMTP server (aiosmtpd) for ``mailto://``. Once each, a receiver down is tried
again and never stops the others, and the URL's secrets stay out of the database and the output."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import DEMO_END, run_trainer
from trainer.access.grants import issue_grant
from trainer.ingest.check_in import Answers, record_check_in
from trainer.notify.morning import add_target, list_targets, send_due
from trainer.settings import Settings
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database

NOON = datetime(DEMO_END.year, DEMO_END.month, DEMO_END.day, 12, 0, tzinfo=UTC)


class Hook:
    """A local HTTP receiver for Apprise's json:// (what a webhook service would get)."""

    def __init__(self, port: int = 0):
        self.got: list[dict] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                hook.got.append(json.loads(self.rfile.read(int(self.headers.get("content-length") or 0))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str = "hook") -> str:
        return f"json://127.0.0.1:{self.port}/{path}?token=s3cret-token"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook():
    receiver = Hook()
    yield receiver
    receiver.stop()


@pytest.fixture
def mailbox():
    from aiosmtpd.controller import Controller

    mails: list[str] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            mails.append(envelope.content.decode())
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, mails
    controller.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def test_the_athletes_message_once_with_links_and_no_health_data(setup, hook):
    db, settings = setup
    cyclist = get_athlete(db, "demo-cyclist")
    add_target(db, settings, hook.url(), "07:00", athlete=cyclist, time_zone="UTC")
    early = send_due(db, settings, NOON.replace(hour=6))
    assert (early.sent, early.waiting, hook.got) == ([], 1, [])
    report = send_due(db, settings, NOON)
    assert len(report.sent) == 1 and len(hook.got) == 1
    message = hook.got[0]
    assert message["title"] == "trainer: your morning is ready"
    assert "https://trainer.example.org/check-in" in message["message"] and "Recovery" not in message["message"]
    assert send_due(db, settings, NOON + timedelta(hours=1)).sent == [] and len(hook.got) == 1  # never twice
    raw = sqlite3.connect(db.url.removeprefix("sqlite:///")).execute("SELECT url_sealed, scheme FROM notify_target")
    sealed, scheme = raw.fetchone()
    assert "s3cret-token" not in sealed and scheme == "json://..."
    assert "s3cret-token" not in str(list_targets(db)) and "s3cret-token" not in report.line()


def test_details_put_the_score_and_session_in(setup, hook):
    db, settings = setup
    add_target(
        db, settings, hook.url(), "07:00", athlete=get_athlete(db, "demo-marathoner"), time_zone="UTC", details=True
    )
    send_due(db, settings, NOON)
    assert hook.got[0]["message"].startswith("Recovery ") and "Today: " in hook.got[0]["message"]


def test_without_the_watchs_data_it_waits_then_says_so(setup, hook):
    db, settings = setup
    add_target(db, settings, hook.url(), "07:00", athlete=get_athlete(db, "demo-cyclist"), time_zone="UTC")
    next_day = NOON + timedelta(days=1)  # the demo has no data for the day after its last
    assert send_due(db, settings, next_day.replace(hour=8)).waiting == 1 and hook.got == []
    send_due(db, settings, next_day.replace(hour=10, minute=30))
    assert hook.got[0]["message"].startswith("No data from your watch yet. Check in and we'll plan from that.")


def test_a_receiver_down_is_tried_again_and_never_stops_the_others(setup, mailbox):
    db, settings = setup
    port, mails = mailbox
    cyclist = get_athlete(db, "demo-cyclist")
    down = free_port()
    add_target(db, settings, f"json://127.0.0.1:{down}/hook", "07:00", athlete=cyclist, time_zone="UTC")
    add_target(
        db,
        settings,
        f"mailto://127.0.0.1:{port}?from=trainer@example.org&to=ana@example.org&mode=insecure",
        "07:00",
        athlete=cyclist,
        time_zone="UTC",
    )
    first = send_due(db, settings, NOON)
    assert len(first.sent) == 1 and len(mails) == 1 and "Subject: trainer: your morning is ready" in mails[0]
    assert "not delivered (receiver 1 (json://...))" in first.line()
    back = Hook(down)
    try:
        second = send_due(db, settings, NOON + timedelta(minutes=15))
        assert len(second.sent) == 1 and len(back.got) == 1 and len(mails) == 1  # only the one that failed
        assert send_due(db, settings, NOON + timedelta(minutes=30)).sent == []
    finally:
        back.stop()


def test_a_coachs_digest_says_who_needs_a_look(setup, hook):
    db, settings = setup
    grant, _ = issue_grant(db, "coach", "Carla", ["demo-cyclist", "demo-marathoner"])
    cyclist = get_athlete(db, "demo-cyclist")
    record_check_in(db, cyclist.id, DEMO_END, Answers(readiness=3, ill=True), "link 1")
    add_target(db, settings, hook.url("plain"), "07:00", grant=grant, time_zone="UTC")
    add_target(db, settings, hook.url("detailed"), "07:00", grant=grant, time_zone="UTC", details=True)
    send_due(db, settings, NOON)
    plain, detailed = sorted(hook.got, key=lambda m: len(m["message"]))
    assert plain["message"].startswith("1 of your 2 athletes need a look this morning.")
    assert "demo-cyclist" not in plain["message"] and "demo-cyclist: ill" in detailed["message"]


def test_the_command_line_and_erasure(demo_sqlite_url, tmp_path, hook):
    env = {"TRAINER_CONFIG_HOME": str(tmp_path / "config"), "TRAINER_PUBLIC_URL": "https://t.example.org"}
    added = run_trainer(
        "notify",
        "add",
        "--athlete",
        "demo-cyclist",
        "--url",
        hook.url(),
        "--at",
        "04:00",
        "--db",
        demo_sqlite_url,
        env=env,
    )  # at 04:00 in the cyclist's own time zone (Denver: noon UTC is 05:00 there)
    assert added.returncode == 0 and "s3cret-token" not in added.stdout + added.stderr
    bad = run_trainer(
        "notify", "add", "--athlete", "demo-cyclist", "--url", "nosuch://x:pw@host", "--db", demo_sqlite_url, env=env
    )
    assert bad.returncode == 2 and "pw" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    unknown = run_trainer("notify", "test", "999", "--db", demo_sqlite_url, env=env)
    assert unknown.returncode == 2 and unknown.stderr.strip().endswith(
        "there is no message receiver 999: see `trainer notify list`"
    )
    listed = run_trainer("notify", "list", "--db", demo_sqlite_url, env=env)
    assert "demo-cyclist  json://..." in listed.stdout and "s3cret" not in listed.stdout
    sent = run_trainer("notify", "send", "--due", "--now", NOON.isoformat(), "--db", demo_sqlite_url, env=env)
    assert sent.returncode == 0 and sent.stdout.startswith("morning messages: 1 sent") and len(hook.got) == 1
    gone = run_trainer("athlete", "delete", "demo-cyclist", "--yes", "--db", demo_sqlite_url, env=env)
    assert gone.returncode == 0
    rows = sqlite3.connect(demo_sqlite_url.removeprefix("sqlite:///")).execute("SELECT count(*) FROM notify_target")
    assert rows.fetchone() == (0,)  # erased with the athlete


def test_a_failing_receiver_leaves_no_secret_in_the_output(demo_sqlite_url, tmp_path):
    env = {"TRAINER_CONFIG_HOME": str(tmp_path / "config")}
    url = f"mailto://ana:pa55word-secret@127.0.0.1:{free_port()}?from=ana@example.org&to=ana@example.org&mode=insecure"
    run_trainer(
        "notify", "add", "--athlete", "demo-marathoner", "--url", url, "--at", "00:00", "--db", demo_sqlite_url, env=env
    )
    done = run_trainer("notify", "send", "--due", "--now", NOON.isoformat(), "--db", demo_sqlite_url, env=env)
    assert done.returncode == 1 and "not delivered (receiver 1 (mailto://...))" in done.stdout
    assert "pa55word" not in done.stdout + done.stderr and "ana:" not in done.stdout + done.stderr
