"""Sync against recorded real Connect bodies with the network replaced: backfill, incremental,
429 then success, 429 until give-up, a 500, an expired login, and a run killed half-way."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from tests.fake_garmin import FIGURES
from trainer.ingest.source import LoginExpired, RateLimited, Transient
from trainer.ingest.sync import plan_sync, run_sync, synced_dates
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_activities, load_wellness
from trainer.store.performance import athlete_thresholds

BODIES = Path(__file__).resolve().parents[1] / "fixtures" / "garmin_json"
START, END = date(2023, 6, 23), date(2023, 7, 20)


def recorded(name: str):
    return json.loads((BODIES / name).read_text())


class RecordedConnect:
    """Plays recorded bodies; ``script`` lists outcomes (exceptions) to raise before answering."""

    def __init__(self, script: list | None = None, kill_after: int | None = None):
        self.calls: list[tuple[str, date, date]] = []
        self.script = list(script or [])
        self.kill_after = kill_after

    def fetch(self, kind: str, start: date, end: date):
        self.calls.append((kind, start, end))
        if self.kill_after is not None and len(self.calls) > self.kill_after:
            raise KeyboardInterrupt
        if self.script:
            outcome = self.script.pop(0)
            if outcome is not None:
                raise outcome
        if kind == "hrv":
            body = recorded("hrv-service_hrv-daily__2023-06-23_2023-07-20.json")
            body = {
                **body,
                "hrvSummaries": [
                    s for s in body["hrvSummaries"] if start.isoformat() <= s["calendarDate"] <= end.isoformat()
                ],
            }
            return body
        if kind == "stress":
            return [
                d
                for d in recorded("usersummary-service_stats-stress-daily__2023-06-23_2023-07-20.json")
                + recorded("usersummary-service_stats-stress-daily__2023-07-21_2023-07-21.json")
                if start.isoformat() <= d["calendarDate"] <= end.isoformat()
            ]
        if kind == "activities":
            return []
        if kind == "zones":
            return recorded("biometric-service_heartRateZones.json")
        if kind in FIGURES:
            return FIGURES[kind]
        return None  # per-day kinds: this device recorded nothing these days (HTTP 204)


@pytest.fixture
def setup(db_url, tmp_path):
    db = open_database(db_url)
    return db, add_athlete(db, "matin"), tmp_path / "raw" / "athlete-1"


def sync(db, athlete, archive, source, **plan):
    waits: list[float] = []
    result = run_sync(
        db, athlete, source, plan_sync(db, athlete, END, **plan), archive, throttle_seconds=0, sleep=waits.append
    )
    return result, waits


def test_backfill_fetches_ranges_in_chunks_and_days_one_by_one(setup):
    db, athlete, archive = setup
    source = RecordedConnect()
    result, _ = sync(db, athlete, archive, source, days=28)
    assert result.stopped is None
    assert (
        result.requests == len(source.calls) == 6 + 3 + 4 * 28
    )  # zones and the five figures once, 3 range kinds in one 28-day chunk, 4 day kinds
    wellness = load_wellness(db, [athlete.id])
    assert wellness.height == 28
    day = wellness.filter(pl.col("date") == date(2023, 7, 1)).row(0, named=True)
    assert (day["hrv_ms"], day["stress_level"]) == (43.0, 35.0)
    assert synced_dates(db, athlete.id) == {
        kind: END
        for kind in ("hrv", "stress", "activities", "sleep", "heart_rate", "training_readiness", "training_status")
    }
    with db.engine.connect() as connection:
        from sqlalchemy import text

        assert connection.execute(text("select method, lthr, max_hr from heart_rate_zones")).all() == [
            ("HR_RESERVE", 170, 185)
        ]
    # Garmin's figures, with the day each was measured; the lactate-threshold speed is in tens of m/s
    found = athlete_thresholds(db, athlete.id, END)
    assert (found.ftp.value, found.ftp.source, found.ftp.measured_on) == (275.0, "Garmin Connect", date(2026, 10, 30))
    assert found.power_range("easy") == (220, 247) and found.power_range("hard") == (275, 315)  # Garmin's zones
    assert found.threshold_pace.value == pytest.approx(1000 / 3.8055, abs=0.1)  # 4:23/km
    assert found.pace_range("hard") == (260, 276)  # 0.99-1.05 x threshold pace
    assert dict(found.others)["Predicted half marathon"].value == 5847
    assert dict(found.others)["VO2max (running)"].value == 44.5
    again, _ = sync(db, athlete, archive, RecordedConnect(), days=1)
    with db.engine.connect() as connection:  # a second sync of the same figures adds no rows
        assert connection.execute(text("select count(*) from performance_figure")).scalar() == 9
    archived = archive / "hrv" / "2023-06-23_2023-07-20.json"
    assert json.loads(archived.read_text())["hrvSummaries"][0]["calendarDate"] == "2023-06-23"
    assert (archive / "sleep" / "2023-07-20.json").read_text() == "null"
    assert stat.S_IMODE(archived.stat().st_mode) == 0o600 and stat.S_IMODE(archived.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(archive.stat().st_mode) == 0o700


def test_incremental_run_starts_from_the_last_synced_day(setup):
    db, athlete, archive = setup
    sync(db, athlete, archive, RecordedConnect(), days=28)
    source = RecordedConnect()
    result = run_sync(
        db,
        athlete,
        source,
        plan_sync(db, athlete, date(2023, 7, 21)),
        archive,
        throttle_seconds=0,
        sleep=lambda _s: None,
    )
    assert result.requests == 6 + 3 + 4 * 2  # 07-20 again (it may have been partial) and 07-21
    assert {call[1] for call in source.calls} == {date(2023, 7, 20), date(2023, 7, 21)}
    assert load_wellness(db, [athlete.id]).filter(pl.col("date") == date(2023, 7, 21))["stress_level"].to_list() == [
        35.0
    ]


def test_429_waits_then_succeeds(setup):
    db, athlete, archive = setup
    result, waits = sync(db, athlete, archive, RecordedConnect(script=[RateLimited(), RateLimited()]), days=1)
    assert result.stopped is None and waits == [1, 2]
    assert load_wellness(db, [athlete.id]).height == 1


def test_429_until_give_up_stops_with_state_saved(setup):
    db, athlete, archive = setup
    script = [None] * 11 + [RateLimited()] * 6  # the 12th request is refused for good
    result, waits = sync(db, athlete, archive, RecordedConnect(script=script), days=2)
    assert "429" in result.stopped and waits == [1, 2, 4, 8, 16]
    saved = synced_dates(db, athlete.id)
    assert saved == {kind: END for kind in ("hrv", "stress", "activities", "sleep")}  # done before the stop: saved
    again = RecordedConnect()
    resumed = run_sync(
        db, athlete, again, plan_sync(db, athlete, END), archive, throttle_seconds=0, sleep=lambda _s: None
    )
    assert resumed.stopped is None and len(synced_dates(db, athlete.id)) == 7


def test_a_500_is_retried(setup):
    db, athlete, archive = setup
    result, waits = sync(db, athlete, archive, RecordedConnect(script=[Transient("HTTP 500")]), days=1)
    assert result.stopped is None and waits == [1] and result.requests == 6 + 3 + 4 + 1


def test_an_expired_login_stops_and_says_what_to_do(setup):
    db, athlete, archive = setup
    result, _ = sync(db, athlete, archive, RecordedConnect(script=[LoginExpired()]), days=3)
    assert result.stopped == "Garmin asked for a new login: run `trainer garmin login --athlete matin`"
    assert result.requests == 1 and synced_dates(db, athlete.id) == {}


def test_a_run_killed_half_way_resumes_without_losing_or_doubling(setup, tmp_path):
    db, athlete, archive = setup
    with pytest.raises(KeyboardInterrupt):
        sync(db, athlete, archive, RecordedConnect(kill_after=40), days=28)
    partial = synced_dates(db, athlete.id)
    assert 0 < len(partial) < 7 or any(day < END for day in partial.values())
    result = run_sync(
        db, athlete, RecordedConnect(), plan_sync(db, athlete, END), archive, throttle_seconds=0, sleep=lambda _s: None
    )
    assert result.stopped is None
    wellness = load_wellness(db, [athlete.id])
    assert wellness.height == 28 and wellness["date"].is_unique().all()
    assert wellness.filter(pl.col("date") == date(2023, 7, 1)).row(0, named=True)["hrv_ms"] == 43.0
    assert load_activities(db, [athlete.id]).is_empty()


def test_connect_source_maps_calls_and_garmin_errors():
    from garminconnect import (
        GarminConnectAuthenticationError,
        GarminConnectConnectionError,
        GarminConnectNotFoundError,
        GarminConnectTooManyRequestsError,
    )

    from trainer.ingest.garmin.source import ConnectSource

    class FakeClient:
        def __init__(self):
            self.asked = []

        def get_hrv_data_range(self, start, end):
            self.asked.append(("hrv", start, end))
            return recorded("hrv-service_hrv-daily__2023-07-01_2023-07-20.json")

        def connectapi(self, path):
            self.asked.append(("connectapi", path))
            return []

        def get_sleep_data(self, day):
            raise GarminConnectNotFoundError("404")

        def get_heart_rates(self, day):
            raise GarminConnectTooManyRequestsError("429")

        def get_training_readiness(self, day):
            raise GarminConnectAuthenticationError("401")

        def get_training_status(self, day):
            raise GarminConnectConnectionError("503")

    client = FakeClient()
    source = ConnectSource(client)
    assert len(source.fetch("hrv", date(2023, 7, 1), date(2023, 7, 20))["hrvSummaries"]) == 20
    assert source.fetch("stress", date(2023, 7, 1), date(2023, 7, 20)) == []
    assert client.asked == [
        ("hrv", "2023-07-01", "2023-07-20"),
        ("connectapi", "/usersummary-service/stats/stress/daily/2023-07-01/2023-07-20"),
    ]
    assert source.fetch("sleep", date(2023, 7, 1), date(2023, 7, 1)) is None
    for kind, error in (
        ("heart_rate", RateLimited),
        ("training_readiness", LoginExpired),
        ("training_status", Transient),
    ):
        with pytest.raises(error):
            source.fetch(kind, date(2023, 7, 1), date(2023, 7, 1))


class MangledHrv(RecordedConnect):
    """Garmin answers the HRV range with a body whose dates are 19/07/2023 and whose summaries are null."""

    def fetch(self, kind: str, start: date, end: date):
        if kind == "hrv":
            self.calls.append((kind, start, end))
            return {"hrvSummaries": [None, {"calendarDate": "19/07/2023", "lastNightAvg": 50}]}
        return super().fetch(kind, start, end)


def test_a_body_trainer_cannot_read_is_archived_and_the_sync_goes_on(setup):
    db, athlete, archive = setup
    result, _ = sync(db, athlete, archive, MangledHrv(), days=28)
    assert result.stopped is None and result.days_added > 0  # the stress days still arrived
    assert any(
        w.startswith("hrv 2023-06-23..2023-07-20:") and "nothing" not in w and "not stored" in w
        for w in result.warnings
    )
    assert (archive / "hrv" / "2023-06-23_2023-07-20.json").exists()  # kept for a later, fixed trainer
    assert load_wellness(db, [athlete.id])["hrv_ms"].drop_nulls().is_empty()
