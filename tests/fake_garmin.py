"""A fake Garmin Connect as a real local HTTP server, and a garminconnect-compatible client that
talks to it (what the worker's processes load through ``TRAINER_GARMIN_CLIENT``).

The server answers with recorded bodies (tests/fixtures/garmin_json, dates moved to the day
asked), waits ``latency`` seconds per request, serves one request at a time per account (a
second one waits, as Garmin's per-user throttle does), answers 429 when one address sends more
than ``rate`` requests in a second, 401 for an account whose login expired, and no sleep for an
account whose watch has not uploaded. ``/_stats`` says what it saw; ``/_control`` changes it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, defaultdict, deque
from copy import deepcopy
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

BODIES = Path(__file__).resolve().parent / "fixtures" / "garmin_json"


def _load(name: str):
    return json.loads((BODIES / name).read_text())


SLEEP = _load("wellness-service_dailySleepData__2021-07-01.json")
HRV = _load("hrv-service_hrv-daily__2023-06-23_2023-07-20.json")["hrvSummaries"][0]
STRESS = _load("usersummary-service_stats-stress-daily__2023-07-21_2023-07-21.json")[0]
ZONES = _load("biometric-service_heartRateZones.json")
READINESS = _load("metrics-service_trainingreadiness__2025-07-07.json")[0]
# Garmin's figures, in the shapes garminconnect returns (figure_bodies.py names where each was
# checked): the lactate threshold and race predictions are a real athlete's values as a public
# client recorded them (2026-05); the power zones the floors of a real save request; VO2max is
# the payload of our recorded training status (its mostRecentVO2Max)
FIGURES = {
    "ftp": {"functionalThresholdPower": 275, "calendarDate": "2026-10-30T08:00:00.0", "sport": "CYCLING"},
    "power_zones": [
        {
            "sport": "CYCLING", "functionalThresholdPower": 275, "zone1Floor": 179, "zone2Floor": 220,
            "zone3Floor": 248, "zone4Floor": 275, "zone5Floor": 316, "zone6Floor": 358, "zone7Floor": 412,
            "userLocalTime": None,
        }
    ],
    "lactate_threshold": {
        "speed_and_heart_rate": {"calendarDate": "2026-05-01T17:56:58.483", "heartRate": 177, "speed": 0.38055},
        "power": {"calendarDate": "2026-05-01T17:56:58.483", "functionalThresholdPower": 313},
    },
    "race_predictions": {
        "calendarDate": "2026-05-11", "time5K": 1201, "time10K": 2585, "timeHalfMarathon": 5847, "timeMarathon": 12849,
    },
    "max_metrics": [
        _load("mobile-gateway_trainingstatus-latest__2025-06-11.json")["mostRecentVO2Max"]["payload"]
    ],
}  # fmt: skip
HEART_RATE = {
    k: v for k, v in _load("wellness-service_dailyHeartRate__2026-01-06.json").items() if not isinstance(v, list)
}


def _days(start: str, end: str) -> list[str]:
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def body_for(kind: str, start: str, end: str, account: int) -> object:
    if kind == "sleep":
        body = deepcopy(SLEEP)
        body["dailySleepDTO"]["calendarDate"] = start
        body["dailySleepDTO"]["sleepTimeSeconds"] = 25200 + 600 * (hash((account, start)) % 12)
        return body
    if kind == "hrv":
        return {
            "hrvSummaries": [
                {**HRV, "calendarDate": d, "lastNightAvg": 40 + (hash((account, d)) % 15)} for d in _days(start, end)
            ]
        }
    if kind == "stress":
        return [{**STRESS, "calendarDate": d} for d in _days(start, end)]
    if kind == "zones":
        return ZONES
    if kind in FIGURES:
        return FIGURES[kind]
    if kind == "training_readiness":
        return [{**READINESS, "calendarDate": start}]
    if kind == "heart_rate":
        return {**HEART_RATE, "calendarDate": start, "restingHeartRate": 48 + hash((account, start)) % 8}
    if kind == "activities":
        return []
    return None


class FakeGarmin:
    def __init__(self, latency: float = 0.0, rate: int = 1000) -> None:
        self.latency, self.rate = latency, rate
        self.expired: set[int] = set()
        self.not_uploaded: set[int] = set()
        self.poisoned: dict[tuple[int, str], bytes] = {}  # (account, kind) -> the raw body to answer with
        self.lock = threading.Lock()
        self.account_locks: dict[int, threading.Lock] = defaultdict(threading.Lock)
        self.recent: deque[float] = deque()
        self.counts: Counter = Counter()
        self.by_account: Counter = Counter()
        self.in_flight: Counter = Counter()
        self.most_at_once: Counter = Counter()
        self.refresh_tokens: dict[int, str] = {}  # account -> the one live refresh token (rotated at each use)
        self.dead_tokens_shown = 0  # a client came with a refresh token already rotated away: a re-login
        self.rate_limited = 0
        self.after_429 = 0
        self.first_429: float | None = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.handle(self)

            def do_POST(self):
                fake.control(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _reply(self, handler, status: int, body: object = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("content-type", "application/json")
        handler.send_header("content-length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def handle(self, handler) -> None:
        if handler.path == "/_stats":
            self._reply(handler, 200, self.stats())
            return
        if handler.path.startswith("/_refresh/"):
            self.refresh(handler)
            return
        _, account, kind, start, end = handler.path.split("/")
        number = int(account)
        with self.lock:
            now = time.monotonic()
            while self.recent and self.recent[0] < now - 1:
                self.recent.popleft()
            self.recent.append(now)
            if self.first_429 is not None:
                self.after_429 += 1
            if len(self.recent) > self.rate:
                self.rate_limited += 1
                self.first_429 = self.first_429 or now
                self._reply(handler, 429, {"message": "too many requests"})
                return
        with self.lock:  # counted on arrival: two clients syncing one account at once would show here
            self.in_flight[number] += 1
            self.most_at_once[number] = max(self.most_at_once[number], self.in_flight[number])
        with self.account_locks[number]:  # one request at a time per account
            time.sleep(self.latency)
            with self.lock:
                self.in_flight[number] -= 1
                self.counts[(number, kind)] += 1
                self.by_account[number] += 1
            if number in self.expired:
                self._reply(handler, 401, {"message": "login expired"})
            elif (number, kind) in self.poisoned:
                data = self.poisoned[(number, kind)]
                handler.send_response(200)
                handler.send_header("content-type", "application/json")
                handler.send_header("content-length", str(len(data)))
                handler.end_headers()
                handler.wfile.write(data)
            elif kind == "sleep" and number in self.not_uploaded:
                self._reply(handler, 200, {"dailySleepDTO": {"calendarDate": start, "sleepTimeSeconds": None}})
            else:
                body = body_for(kind, start, end, number)
                self._reply(handler, 200 if body is not None else 204, body)

    def refresh(self, handler) -> None:
        """garminconnect's refresh: the refresh token shown is spent and a new one given; a spent one
        (a second process holding old tokens) is refused, and the athlete would have to log in again."""
        _, _, account, token = handler.path.split("/")
        number = int(account)
        with self.lock:
            live = self.refresh_tokens.setdefault(number, "r0")
            if token != live:
                self.dead_tokens_shown += 1
                self._reply(handler, 401, {"message": "refresh token already used"})
                return
            self.refresh_tokens[number] = f"r{int(live[1:]) + 1}"
            self._reply(handler, 200, {"refresh_token": self.refresh_tokens[number]})

    def control(self, handler) -> None:
        change = json.loads(handler.rfile.read(int(handler.headers.get("content-length") or 0)))
        self.rate = change.get("rate", self.rate)
        self.latency = change.get("latency", self.latency)
        self.not_uploaded = set(change.get("not_uploaded", self.not_uploaded))
        self._reply(handler, 200, {})

    def stats(self) -> dict:
        with self.lock:
            return {
                "requests": sum(self.by_account.values()),
                "by_account": {str(k): v for k, v in self.by_account.items()},
                "zones": {str(a): n for (a, kind), n in self.counts.items() if kind == "zones"},
                "most_at_once": {str(k): v for k, v in self.most_at_once.items()},
                "rate_limited": self.rate_limited,
                "dead_tokens_shown": self.dead_tokens_shown,
                "after_429": self.after_429,
            }

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def write_login(db, athlete_id: int, url: str, account: int, settings) -> None:
    """What ``trainer garmin login`` would leave in the database: here, where the fake is, whose
    account, and the first refresh token."""
    from trainer.ingest.garmin.login_store import save_tokens

    save_tokens(db, athlete_id, FakeTokens.first(url, account), settings)


class FakeTokens:
    """garminconnect's token holder (``client.client``): ``dumps`` gives what is to be stored."""

    def __init__(self) -> None:
        self.saved: dict = {}

    @staticmethod
    def first(url: str, account: int) -> str:
        return json.dumps({"url": url, "account": account, "di_refresh_token": "r0"})

    def dumps(self) -> str:
        return json.dumps(self.saved)


class FakeGarminClient:
    """garminconnect.Garmin's interface, as sync, the evidence check and the push use it."""

    def __init__(self, *args, **kwargs) -> None:
        self.url = ""
        self.account = 0
        self.client = FakeTokens()

    def login(self, tokenstore: str | None = None):
        """As garminconnect with inline tokens, refreshing them at once (it does so when they near
        their end: here always, so every use rotates the refresh token)."""
        from garminconnect import GarminConnectAuthenticationError

        saved = json.loads(tokenstore or "{}")
        self.url, self.account = saved["url"], saved["account"]
        self.http = httpx.Client(timeout=30)
        answer = self.http.get(f"{self.url}/_refresh/{self.account}/{saved.get('di_refresh_token', '')}")
        if answer.status_code == 401:
            raise GarminConnectAuthenticationError("refresh token already used")
        self.client.saved = {**saved, "di_refresh_token": answer.json()["refresh_token"]}
        return None, None

    def _get(self, kind: str, start: str, end: str | None = None):
        from garminconnect import (
            GarminConnectAuthenticationError,
            GarminConnectConnectionError,
            GarminConnectTooManyRequestsError,
        )

        try:
            answer = self.http.get(f"{self.url}/{self.account}/{kind}/{start}/{end or start}")
        except httpx.HTTPError as error:
            raise GarminConnectConnectionError(str(error)) from None
        if answer.status_code == 429:
            raise GarminConnectTooManyRequestsError("429")
        if answer.status_code == 401:
            raise GarminConnectAuthenticationError("401")
        if answer.status_code >= 500:
            raise GarminConnectConnectionError(str(answer.status_code))
        return answer.json() if answer.content else None

    def get_sleep_data(self, day):
        return self._get("sleep", day)

    def get_hrv_data_range(self, start, end):
        return self._get("hrv", start, end)

    def connectapi(self, path):
        *_, start, end = path.rstrip("/").split("/")
        return self._get("stress", start, end)

    def get_activities_by_date(self, start, end):
        return self._get("activities", start, end)

    def get_heart_rates(self, day):
        return self._get("heart_rate", day)

    def get_training_readiness(self, day):
        return self._get("training_readiness", day)

    def get_training_status(self, day):
        return self._get("training_status", day)

    def get_heart_rate_zones(self):
        return self._get("zones", date.today().isoformat())

    def get_cycling_ftp(self):
        return self._get("ftp", date.today().isoformat())

    def get_power_zones(self):
        return self._get("power_zones", date.today().isoformat())

    def get_lactate_threshold(self):
        return self._get("lactate_threshold", date.today().isoformat())

    def get_race_predictions(self):
        return self._get("race_predictions", date.today().isoformat())

    def get_max_metrics(self, day):
        return self._get("max_metrics", day)
