"""A fake intervals.icu as a real local HTTP server (the client trainer uses is the real one).

It answers with the recorded bodies in tests/fixtures/intervals_icu, their dates moved so the last
recorded day (2024-02-01) falls on ``today``; checks the API key in the basic-auth header as
intervals.icu does (user ``API_KEY``), answers 401 once the key is revoked, and the statuses queued
in ``fail`` first (429, 503) and the bodies queued in ``garbage`` (a web page, a cut-short answer).
Writes are kept: ``wellness_written`` by day, ``events`` by their
external id. ``requests`` lists (monotonic time, method, path) of everything it saw.
"""

from __future__ import annotations

import base64
import gzip
import json
import threading
import time
from copy import deepcopy
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "intervals_icu"
LAST_RECORDED = date(2024, 2, 1)
POWER_RIDE = (
    Path(__file__).resolve().parent / "fixtures" / "fit" / "bike-indoor_garmin-edge530_hr_power_hrv-rr_2022-02-07.fit"
)


def _load(name: str):
    return json.loads((FIXTURES / name).read_text())


def power_ride_summary() -> dict:
    """The activity list's entry for the real Edge 530 power ride (its start read from the file), as
    intervals.icu lists an activity it holds the original FIT file of."""
    from trainer.ingest.fit.decode import decode_fit

    session = decode_fit(POWER_RIDE).sessions[0]
    start = session["start_time"]
    return {
        "id": "fxfit0001",
        "type": "VirtualRide",
        "name": "Indoor ride",
        "start_date": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "start_date_local": start.strftime("%Y-%m-%dT%H:%M:%S"),
        "moving_time": int(session.get("total_timer_time") or 0),
        "elapsed_time": int(session.get("total_elapsed_time") or 0),
        "distance": session.get("total_distance"),
        "average_heartrate": session.get("avg_heart_rate"),
        "max_heartrate": session.get("max_heart_rate"),
        "icu_resting_hr": 55,
        "athlete_max_hr": 190,
        "file_type": "fit",
    }


class FakeIntervals:
    def __init__(self, today: date, key: str = "k3y-of-the-athlete-0123456789") -> None:
        self.key, self.revoked = key, False
        shift = today - LAST_RECORDED
        self.wellness = [self._shift_day(day, shift) for day in _load("athlete-wellness__2024-01-01_2024-02-01.json")]
        self.activities = [
            self._shift_activity(item, shift) for item in _load("athlete-activities__2024-01-01_2024-01-31.json")
        ]
        self.activities.append(power_ride_summary())  # unshifted: its FIT file says when it was ridden
        self.files = {"fxfit0001": gzip.compress(POWER_RIDE.read_bytes())}  # intervals.icu sends originals gzipped
        self.fail: list[int] = []
        self.garbage: list[bytes] = []  # answered with status 200 before anything else, as they are
        self.requests: list[tuple[float, str, str]] = []
        self.wellness_written: dict[str, dict] = {}
        self.events: dict[str, dict] = {}
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.handle(self, "GET")

            def do_PUT(self):
                fake.handle(self, "PUT")

            def do_POST(self):
                fake.handle(self, "POST")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def _shift_day(day: dict, shift: timedelta) -> dict:
        moved = deepcopy(day)
        moved["id"] = (date.fromisoformat(day["id"]) + shift).isoformat()
        return moved

    @staticmethod
    def _shift_activity(item: dict, shift: timedelta) -> dict:
        moved = deepcopy(item)
        for name in ("start_date_local", "start_date"):
            if moved.get(name):
                stamp = datetime.fromisoformat(moved[name].replace("Z", "+00:00")) + shift
                moved[name] = stamp.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if name == "start_date" else "")
        return moved

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def feel(self, day: date, **items: int) -> None:
        """Set how the athlete said they felt that day, on intervals.icu's 1-4 scales."""
        next(d for d in self.wellness if d["id"] == day.isoformat()).update(items)

    def gaps(self) -> list[float]:
        """Seconds between consecutive requests."""
        times = sorted(t for t, _, _ in self.requests)
        return [b - a for a, b in zip(times, times[1:])]

    def _reply(self, handler, status: int, body: object = None, raw: bytes | None = None) -> None:
        content = raw if raw is not None else json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/octet-stream" if raw is not None else "application/json")
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)

    def handle(self, handler, method: str) -> None:
        url = urlparse(handler.path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        sent = json.loads(handler.rfile.read(length) or b"null") if length else None
        with self._lock:
            self.requests.append((time.monotonic(), method, url.path))
            failing = self.fail.pop(0) if self.fail else None
            junk = self.garbage.pop(0) if self.garbage and failing is None else None
        expected = "Basic " + base64.b64encode(f"API_KEY:{self.key}".encode()).decode()
        if handler.headers.get("Authorization") != expected or self.revoked:
            return self._reply(handler, 401, {"status": 401, "error": "Unauthorized"})
        if failing is not None:
            return self._reply(handler, failing, {"status": failing, "error": "try later"})
        if junk is not None:
            return self._reply(handler, 200, raw=junk)
        path = url.path.removeprefix("/api/v1")
        oldest, newest = query.get("oldest", "0000"), query.get("newest", "9999")
        if method == "GET" and path == "/athlete/0":
            return self._reply(handler, 200, {"id": "i000002", "name": "Fixture Athlete"})
        if method == "GET" and path == "/athlete/0/wellness":
            return self._reply(handler, 200, [d for d in self.wellness if oldest <= d["id"] <= newest[:10]])
        if method == "GET" and path == "/athlete/0/activities":
            chosen = [a for a in self.activities if oldest <= a["start_date_local"][:10] <= newest[:10]]
            return self._reply(handler, 200, sorted(chosen, key=lambda a: a["start_date_local"], reverse=True))
        if method == "GET" and path.startswith("/activity/") and path.endswith("/file"):
            content = self.files.get(path.split("/")[2])
            return (
                self._reply(handler, 404, {"error": "no file"})
                if content is None
                else self._reply(handler, 200, raw=content)
            )
        if method == "PUT" and path.startswith("/athlete/0/wellness/"):
            day = path.rsplit("/", 1)[1]
            self.wellness_written[day] = {**self.wellness_written.get(day, {}), **sent}
            return self._reply(handler, 200, self.wellness_written[day])
        if method == "POST" and path == "/athlete/0/events/bulk":
            for event in sent:
                self.events[event["external_id"]] = event
            return self._reply(handler, 200, sent)
        if method == "PUT" and path == "/athlete/0/events/bulk-delete":
            removed = [item for item in sent if self.events.pop(item["external_id"], None) is not None]
            return self._reply(handler, 200, {"eventsDeleted": len(removed)})
        return self._reply(handler, 404, {"status": 404, "error": f"no such endpoint: {method} {path}"})
