"""The local app's "sync now": syncs with the stored login, explains a missing one, refuses when published."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from trainer.ingest.garmin.login_store import read_tokens
from trainer.ingest.private import token_dir
from trainer.ingest.sync_now import sync_now
from trainer.settings import Settings
from trainer.store.athletes import add_athlete
from trainer.store.database import ReadOnlyError, open_database
from trainer.store.loaders import load_wellness

BODIES = Path(__file__).resolve().parents[1] / "fixtures" / "garmin_json"


class RecordedGarmin:
    """A garminconnect ``Garmin`` stand-in: stored tokens log in; calls answer from recordings."""

    class client:  # garminconnect's token holder: nothing rotates here
        @staticmethod
        def dumps() -> str:
            return "{}"

    def login(self, tokenstore=None):
        return None, None

    def get_hrv_data_range(self, start, end):
        return json.loads((BODIES / "hrv-service_hrv-daily__2023-07-01_2023-07-20.json").read_text())

    def connectapi(self, path):
        return json.loads((BODIES / "usersummary-service_stats-stress-daily__2023-07-01_2023-07-20.json").read_text())

    def get_activities_by_date(self, start, end):
        return json.loads((BODIES / "activitylist-service_search-activities__limit2_start0.json").read_text())

    def get_heart_rate_zones(self):
        return json.loads((BODIES / "biometric-service_heartRateZones.json").read_text())

    def get_sleep_data(self, day):
        return None

    get_heart_rates = get_training_readiness = get_training_status = get_max_metrics = get_sleep_data

    def get_cycling_ftp(self):
        return None  # Garmin has no figures for this athlete

    get_power_zones = get_lactate_threshold = get_race_predictions = get_cycling_ftp


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("TRAINER_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 't.db'}"
    db = open_database(url)
    return url, db, add_athlete(db, "matin"), tmp_path


def test_sync_now_with_a_stored_login(env):
    url, db, athlete, tmp_path = env
    token_dir(athlete.id).mkdir(parents=True)  # where an older trainer kept the tokens
    (token_dir(athlete.id) / "garmin_tokens.json").write_text("{}")
    message = sync_now(db, athlete, today=date(2023, 7, 20), client_class=RecordedGarmin, throttle_seconds=0)
    assert message.startswith("sync complete:") and "activities 2 added" in message
    assert not token_dir(athlete.id).exists()  # moved into the database on its first use, sealed
    assert read_tokens(db, athlete.id, Settings.from_env()) == "{}"
    assert load_wellness(db, [athlete.id]).height == 20
    assert (tmp_path / "data" / "raw" / "garmin" / f"athlete-{athlete.id}" / "hrv").is_dir()


def test_sync_now_without_a_login_says_how(env):
    _, db, athlete, _ = env
    assert (
        sync_now(db, athlete, client_class=RecordedGarmin)
        == "Nothing is connected for matin yet: log in to Garmin or connect intervals.icu below."
    )


def test_sync_now_is_refused_when_published(env):
    url, _, athlete, _ = env
    with pytest.raises(ReadOnlyError):
        sync_now(open_database(url, read_only=True), athlete, client_class=RecordedGarmin)
