"""A day Garmin answers with 200 but not with JSON (cut short, or a maintenance page) does not stall
the sync: the real garminconnect client talks to a local HTTP server, the answer is archived as it
came, the day is counted as failed with the reason, the other days and kinds sync, nothing is
retried five times, no traceback reaches the terminal, and the next run asks for the day again."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from garminconnect import Garmin

from trainer.ingest.garmin.source import ConnectSource
from trainer.ingest.sync import failed_steps, plan_sync, run_sync, synced_dates
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_wellness

BODIES = Path(__file__).resolve().parents[1] / "fixtures" / "garmin_json"
START, END = date(2021, 7, 1), date(2021, 7, 5)
CUT_SHORT = '{"dailySleepDTO": {"calendarDate": "2021-07-02", "sleepTimeSeconds": 2'
WEB_PAGE = "<html><body>Garmin Connect is down for maintenance</body></html>"


class FakeConnect(http.server.ThreadingHTTPServer):
    """Garmin Connect's API on 127.0.0.1: recorded sleep bodies, empty ranges, and ``broken`` days."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.broken: dict[str, str] = {"2021-07-02": CUT_SHORT, "2021-07-03": WEB_PAGE}
        self.requests: Counter[str] = Counter()


class Handler(http.server.BaseHTTPRequestHandler):
    server: FakeConnect

    def do_GET(self) -> None:  # noqa: N802  (the standard library's name)
        url = urlparse(self.path)
        day = parse_qs(url.query).get("date", [""])[0]
        if "dailySleepData" in url.path:
            self.server.requests[f"sleep {day}"] += 1
            recorded = BODIES / f"wellness-service_dailySleepData__{day}.json"
            text = self.server.broken.get(day) or recorded.read_text()
        elif "/hrv/daily/" in url.path:
            text = json.dumps({"hrvSummaries": []})
        elif "heartRateZones" in url.path:
            text = (BODIES / "biometric-service_heartRateZones.json").read_text()
        elif "stress" in url.path or "activities" in url.path:
            text = "[]"
        else:
            self.send_response(204)
            self.end_headers()
            return
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        pass


@pytest.fixture
def connect():
    server = FakeConnect()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = Garmin()
    client.client.di_token = "recorded-session"  # logged in; not a JWT, so never refreshed
    client.client._connectapi = f"http://127.0.0.1:{server.server_address[1]}"
    client.display_name = "tester"
    yield server, ConnectSource(client)
    server.shutdown()
    server.server_close()


def test_unreadable_days_are_archived_counted_passed_over_and_tried_again(db_url, tmp_path, connect, caplog):
    server, source = connect
    db = open_database(db_url)
    athlete = add_athlete(db, "matin")
    archive = tmp_path / "raw"
    waits: list[float] = []

    first = run_sync(
        db, athlete, source, plan_sync(db, athlete, END, start=START), archive, throttle_seconds=0, sleep=waits.append
    )

    assert first.stopped is None and waits == []  # nothing waited out or retried
    assert first.failed == ["sleep 2021-07-02", "sleep 2021-07-03"]
    assert "2 could not be read (tried again next run)" in first.line()
    assert any(
        "sleep 2021-07-02: Garmin's answer was not readable JSON (cut short or damaged" in w for w in first.warnings
    )
    assert any(
        "sleep 2021-07-03: Garmin's answer was not readable JSON (a web page instead of data)" in w
        for w in first.warnings
    )
    assert server.requests["sleep 2021-07-02"] == 1 and server.requests["sleep 2021-07-03"] == 1
    assert (archive / "sleep" / "2021-07-02.json").read_text() == CUT_SHORT  # what came back, as it came
    assert (archive / "sleep" / "2021-07-03.json").read_text() == WEB_PAGE
    slept = load_wellness(db, [athlete.id]).drop_nulls("sleep_minutes")["date"].to_list()
    assert slept == [date(2021, 7, 1), date(2021, 7, 4), date(2021, 7, 5)]  # the days after the bad ones synced
    assert synced_dates(db, athlete.id)["sleep"] == END
    assert failed_steps(db, athlete.id) == [
        ("sleep", date(2021, 7, 2), date(2021, 7, 2)),
        ("sleep", date(2021, 7, 3), date(2021, 7, 3)),
    ]
    library = list(
        {id(r): r for r in caplog.records if r.name.startswith("garminconnect")}.values()
    )  # pytest hooks both loggers
    assert len(library) == 2 and all(
        r.exc_info is None and "\n" not in r.getMessage() for r in library
    )  # one line per bad answer
    assert all("JSONDecodeError" in r.getMessage() for r in library)

    server.broken.clear()  # Garmin answers properly again
    second = run_sync(db, athlete, source, plan_sync(db, athlete, END), archive, throttle_seconds=0, sleep=waits.append)

    assert second.failed == [] and second.stopped is None
    assert server.requests["sleep 2021-07-02"] == 2 and server.requests["sleep 2021-07-03"] == 2
    slept = load_wellness(db, [athlete.id]).drop_nulls("sleep_minutes")["date"].to_list()
    assert slept == [date(2021, 7, d) for d in range(1, 6)]
    assert failed_steps(db, athlete.id) == []
    assert (
        json.loads((archive / "sleep" / "2021-07-02.json").read_text())["dailySleepDTO"]["calendarDate"] == "2021-07-02"
    )
    assert synced_dates(db, athlete.id)["sleep"] == END  # the retried old days did not pull the state back


def test_a_day_that_stays_unreadable_is_tried_on_every_run_and_counts_its_tries(db_url, tmp_path, connect):
    server, source = connect
    db = open_database(db_url)
    athlete = add_athlete(db, "matin")
    for _ in range(3):
        result = run_sync(
            db,
            athlete,
            source,
            plan_sync(db, athlete, END, start=START),
            tmp_path / "raw",
            throttle_seconds=0,
            sleep=lambda _s: None,
        )
        assert result.failed == ["sleep 2021-07-02", "sleep 2021-07-03"]
    with db.engine.connect() as connection:
        tries = connection.exec_driver_sql("SELECT start_date, tries FROM sync_failure ORDER BY start_date").all()
    assert [t for _, t in tries] == [3, 3]
    assert server.requests["sleep 2021-07-02"] == 3


def test_a_sync_process_prints_one_line_per_bad_answer_and_no_traceback(tmp_path):
    """In a process of its own (no test harness catching logs), as on a terminal."""
    script = f"""
import threading
from pathlib import Path
from garminconnect import Garmin
from tests.ingest.test_sync_unreadable import END, START, FakeConnect
from trainer.ingest.garmin.source import ConnectSource
from trainer.ingest.sync import plan_sync, run_sync
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
server = FakeConnect()
threading.Thread(target=server.serve_forever, daemon=True).start()
client = Garmin()
client.client.di_token, client.client._connectapi = "s", f"http://127.0.0.1:{{server.server_address[1]}}"
client.display_name = "tester"
db = open_database("sqlite:///{tmp_path / "t.db"}")
athlete = add_athlete(db, "matin")
plan = plan_sync(db, athlete, END, start=START)
print(run_sync(db, athlete, ConnectSource(client), plan, Path("{tmp_path}"), throttle_seconds=0).line())
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "2 could not be read (tried again next run)" in done.stdout
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and all("dailySleepData" in line and "JSONDecodeError" in line for line in lines)


def test_a_sync_where_nothing_could_be_read_says_so_and_exits_1(tmp_path):
    import os

    from tests.fake_garmin import FakeGarmin, write_login
    from trainer.settings import Settings

    url = f"sqlite:///{tmp_path / 't.db'}"
    settings = Settings(database_url=url, data_dir=tmp_path / "data", config_home=tmp_path / "config")
    db = open_database(url)
    ana = add_athlete(db, "ana")
    fake = FakeGarmin()
    try:
        write_login(db, ana.id, fake.url, ana.id, settings)
        for kind in (
            "sleep",
            "hrv",
            "stress",
            "activities",
            "heart_rate",
            "training_readiness",
            "training_status",
            "zones",
        ):
            fake.poisoned[(ana.id, kind)] = WEB_PAGE.encode()
        env = {
            **os.environ,
            "TRAINER_CONFIG_HOME": str(settings.config_home),
            "TRAINER_DATA_DIR": str(settings.data_dir),
            "TRAINER_GARMIN_CLIENT": "tests.fake_garmin:FakeGarminClient",
            "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        }
        done = subprocess.run(
            [sys.executable, "-m", "trainer", "sync", "--athlete", "ana", "--days", "2", "--db", url],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        fake.stop()
    assert done.returncode == 1, done.stdout + done.stderr
    assert "ana: nothing Garmin sent could be read; run the same command later" in done.stderr
    assert "Traceback" not in done.stderr
