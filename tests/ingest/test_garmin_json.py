"""Garmin Connect bodies: each kind maps to the right fields (values checked), imports are
idempotent, and bad files are reported by name without stopping the others."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import run_trainer
from trainer.ingest.garmin.detect import KNOWN_UNUSED, extract
from trainer.ingest.garmin_json import import_garmin_json
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_activities, load_wellness

BODIES = Path(__file__).resolve().parents[1] / "fixtures" / "garmin_json"


def body(name: str):
    return json.loads((BODIES / name).read_text())


def test_hrv_night_gives_last_night_average_band_and_status():
    rows = extract(body("hrv-service_hrv__2023-07-20.json")).wellness
    assert rows == [
        {
            "date": date(2023, 7, 20),
            "hrv_ms": 42.0,
            "hrv_baseline_low": 39.0,
            "hrv_baseline_high": 52.0,
            "hrv_status": "BALANCED",
        }
    ]


def test_hrv_range_gives_every_night():
    rows = extract(body("hrv-service_hrv-daily__2023-07-01_2023-07-20.json")).wellness
    assert len(rows) == 20
    assert rows[0] == {
        "date": date(2023, 7, 1),
        "hrv_ms": 43.0,
        "hrv_baseline_low": 38.0,
        "hrv_baseline_high": 52.0,
        "hrv_status": "BALANCED",
    }


def test_new_sleep_schema_gives_minutes_score_and_resting_hr():
    assert extract(body("sleep-service_dailySleepData__2025-07-07.json")).wellness == [
        {"date": date(2025, 7, 7), "sleep_minutes": 403.0, "sleep_score": 83.0, "resting_hr": 44.0}
    ]


def test_legacy_sleep_schema_gives_minutes():
    assert extract(body("wellness-service_dailySleepData__2021-07-01.json")).wellness == [
        {"date": date(2021, 7, 1), "sleep_minutes": 309.0}
    ]


def test_a_sleep_skeleton_of_nulls_is_no_data():
    extracted = extract(body("sleep-service_dailySleepData__2030-01-01.json"))
    assert extracted.empty and "no sleep" in extracted.note


def test_daily_heart_rate_gives_resting_hr():
    assert extract(body("wellness-service_dailyHeartRate__2026-01-06.json")).wellness == [
        {"date": date(2026, 1, 6), "resting_hr": 53.0}
    ]


def test_daily_stress_gives_the_overall_level():
    rows = extract(body("usersummary-service_stats-stress-daily__2023-07-01_2023-07-20.json")).wellness
    assert rows[0] == {"date": date(2023, 7, 1), "stress_level": 35.0} and len(rows) == 20


def test_negative_stress_is_not_measured():
    synthetic = [
        {"calendarDate": "2024-01-01", "values": {"overallStressLevel": -1}},
        {"calendarDate": "2024-01-02", "values": {"overallStressLevel": 28}},
    ]
    assert extract(synthetic).wellness == [{"date": date(2024, 1, 2), "stress_level": 28.0}]


def test_sleep_score_stats_and_weekly_stress_are_told_apart():
    scores = extract(body("wellness-service_stats-daily-sleep-score__2023-07-01_2023-07-20.json"))
    assert scores.kind == "daily sleep scores" and scores.wellness[0] == {"date": date(2023, 7, 1), "sleep_score": 60.0}
    weekly = extract(body("usersummary-service_stats-stress-weekly__2022-07-21_8w.json"))
    assert weekly.kind == "weekly stress" and weekly.empty and weekly.note == KNOWN_UNUSED


def test_training_readiness_keeps_the_morning_snapshot():
    assert extract(body("metrics-service_trainingreadiness__2025-07-07.json")).wellness == [
        {"date": date(2025, 7, 7), "training_readiness": 80.0}
    ]


def test_activity_list_and_details_agree():
    listed = {
        row["source_id"]: row
        for row in extract(body("activitylist-service_search-activities__limit3_start0.json")).activities
    }
    details = extract(body("activity-service_activity__21482825013.json")).activities[0]
    trail = listed["21482825013"]
    expected = {
        "source": "garmin",
        "sport": "run",
        "start_time": datetime(2026, 1, 8, 14, 10, 21, tzinfo=UTC),
        "local_date": date(2026, 1, 8),
        "duration_s": 2223.327,
        "distance_m": 4261.19,
        "avg_hr": 142.0,
        "max_hr": 162.0,
        "load": 50.886,
        "load_source": "garmin",
    }
    for row in (trail, details):
        assert {key: row[key] for key in expected} == expected


@pytest.mark.parametrize(
    "name, note",
    [
        ("activity-service_activity__12135235656__http404.json", "HTTP 404"),
        ("metrics-service_trainingreadiness__2030-01-01.json", "empty"),
    ],
)
def test_not_found_and_empty_are_no_data(name, note):
    extracted = extract(body(name))
    assert extracted.empty and note in extracted.note


def test_every_fixture_is_recognised():
    unknown = [path.name for path in BODIES.glob("*.json") if extract(json.loads(path.read_text()), path.name) is None]
    assert unknown == []


def test_import_merges_days_and_is_idempotent(db_url):
    db = open_database(db_url)
    athlete = add_athlete(db, "matin")
    first = import_garmin_json(db, athlete.id, [BODIES])
    assert (first.files, first.failed, first.unknown) == (56, 0, 0)
    assert first.activities_added == 5
    wellness = load_wellness(db, [athlete.id])
    day = wellness.filter(pl.col("date") == date(2023, 7, 20)).row(0, named=True)
    assert (day["hrv_ms"], day["sleep_score"], day["stress_level"], day["hrv_baseline_low"]) == (42.0, 68.0, 38.0, 39.0)
    assert wellness.filter(pl.col("date") == date(2025, 7, 7)).row(0, named=True)["training_readiness"] == 80.0
    before = (wellness, load_activities(db, [athlete.id]))
    again = import_garmin_json(db, athlete.id, [BODIES])
    assert (again.added, again.updated, again.activities_added, again.activities_updated) == (0, 0, 0, 0)
    assert load_wellness(db, [athlete.id]).equals(before[0]) and load_activities(db, [athlete.id]).equals(before[1])


def test_cli_reports_bad_files_and_keeps_the_good_ones(tmp_path):
    folder = tmp_path / "bodies"
    folder.mkdir()
    shutil.copy(BODIES / "hrv-service_hrv__2023-07-20.json", folder)
    (folder / "broken.json").write_text('{"hrvSummary": {"calendarDate": "2023-07-21", ')
    (folder / "other.json").write_text('{"weather": "sunny"}')
    (folder / "no-content.json").write_text("")
    db = f"sqlite:///{tmp_path / 't.db'}"
    assert run_trainer("athlete", "add", "matin", "--db", db).returncode == 0
    result = run_trainer("import", "garmin-json", str(folder), "-a", "matin", "--db", db)
    assert result.returncode == 2
    assert "broken.json: not valid JSON (line 1" in result.stderr
    assert "other.json: not a Garmin Connect body trainer knows; skipped" in result.stderr
    assert (
        "4 files: days 1 added" in result.stdout
        and "1 without data" in result.stdout
        and "1 unknown, 1 failed" in result.stdout
    )
    exported = run_trainer("export", "wellness", "-a", "matin", "--db", db).stdout.splitlines()
    assert exported[1].startswith("1,2023-07-20,42.0")
    assert len(exported) == 2


def test_cli_unknown_athlete(tmp_path):
    db = f"sqlite:///{tmp_path / 't.db'}"
    run_trainer("db", "upgrade", "--db", db)
    result = run_trainer(
        "import", "garmin-json", str(BODIES / "hrv-service_hrv__2023-07-20.json"), "-a", "nobody", "--db", db
    )
    assert result.returncode == 2 and "no athlete named 'nobody'" in result.stderr


def test_training_status_gives_garmins_acwr_and_loads_per_day():
    rows = extract(body("mobile-gateway_trainingstatus-weekly__2024-06-19_2025-06-11.json")).wellness
    assert len(rows) == 358
    assert rows[0] == {
        "date": date(2024, 6, 19),
        "garmin_acwr": 0.7,
        "garmin_acute_load": 284.0,
        "garmin_chronic_load": 385.0,
    }
    latest = extract(body("mobile-gateway_trainingstatus-latest__2025-06-11.json")).wellness
    assert latest == [
        {"date": date(2025, 6, 11), "garmin_acwr": 1.3, "garmin_acute_load": 399.0, "garmin_chronic_load": 300.0}
    ]


def test_heart_rate_zones_are_kept_for_the_athlete(db_url):
    db = open_database(db_url)
    athlete = add_athlete(db, "matin")
    from sqlalchemy import text

    def stored():
        with db.engine.connect() as connection:
            return connection.execute(
                text("select sport, method, resting_hr, max_hr, lthr, updated_at from heart_rate_zones")
            ).all()

    import_garmin_json(db, athlete.id, [BODIES / "biometric-service_heartRateZones.json"])
    first = stored()
    import_garmin_json(db, athlete.id, [BODIES / "biometric-service_heartRateZones.json"])
    assert [row[:5] for row in first] == [("default", "HR_RESERVE", 42, 185, 170)]
    assert stored() == first  # the same body again changes nothing, not even updated_at


def test_user_summary_and_daily_stress_bodies():
    summary = {
        "calendarDate": "2024-01-02",
        "totalKilocalories": 2100.0,
        "restingHeartRate": 48,
        "averageStressLevel": -2,
        "bodyBatteryAtWakeTime": 81,
    }
    assert extract(summary).wellness == [{"date": date(2024, 1, 2), "resting_hr": 48.0, "body_battery": 81.0}]
    detail = {
        "calendarDate": "2024-01-02",
        "avgStressLevel": 31,
        "maxStressLevel": 90,
        "stressValuesArray": [[1704150000000, 25]],
    }
    assert extract(detail).wellness == [{"date": date(2024, 1, 2), "stress_level": 31.0}]


def test_without_garmin_load_time_in_zones_gives_edwards_trimp():
    item = dict(body("activitylist-service_search-activities__limit1_start0.json")[0])
    item["activityTrainingLoad"] = None
    item.update({f"hrTimeInZone_{zone}": 600.0 for zone in range(1, 6)})  # 10 minutes in each zone
    row = extract([item]).activities[0]
    assert (row["load"], row["load_source"]) == (10 * (1 + 2 + 3 + 4 + 5), "trimp")
    assert row["hr_zone_seconds"] == [600.0] * 5


def test_a_number_thousands_of_digits_long_is_one_line_and_the_files_after_it_are_imported(tmp_path, db_url):
    """Python refuses to read integers of more than 4,300 digits: that file is named, the next one imported."""
    from trainer.store.athletes import add_athlete
    from trainer.store.database import open_database

    db = open_database(db_url)
    ana = add_athlete(db, "ana")
    folder = tmp_path / "bodies"
    folder.mkdir()
    (folder / "a_huge.json").write_text('{"dailySleepDTO": {"sleepTimeSeconds": ' + "9" * 5000 + "}}")
    good = next(p for p in BODIES.glob("wellness-service_dailySleepData__*.json"))
    shutil.copy(good, folder / "b_good.json")
    summary = import_garmin_json(db, ana.id, [folder])
    assert summary.failed == 1 and summary.added + summary.updated >= 1
    assert summary.warnings[0].endswith(
        "a_huge.json: not a Garmin body: it holds a number thousands of digits long; nothing from it was written"
    )


def test_a_training_status_with_nan_imports_once_and_again_changes_nothing(tmp_path, db_url):
    """Python reads NaN in JSON; NaN is no value (and, kept, it re-wrote its day on every import)."""
    from trainer.store.athletes import add_athlete
    from trainer.store.database import open_database

    db = open_database(db_url)
    ana = add_athlete(db, "ana")
    text = (BODIES / "mobile-gateway_trainingstatus-latest__2025-06-11.json").read_text()
    path = tmp_path / "status.json"
    path.write_text(text.replace('"dailyAcuteChronicWorkloadRatio": 1.3', '"dailyAcuteChronicWorkloadRatio": NaN'))
    first = import_garmin_json(db, ana.id, [path])
    again = import_garmin_json(db, ana.id, [path])
    assert first.added == 1 and (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert any("values that are not numbers stored as missing" in w for w in first.warnings)


def test_garmins_figures_are_read_from_the_syncs_body_and_from_each_part_saved_alone():
    from datetime import date

    from tests.fake_garmin import FIGURES
    from trainer.ingest.garmin.detect import extract

    alone = [extract(FIGURES[name]) for name in ("ftp", "power_zones", "lactate_threshold", "race_predictions")]
    rows = [(f["name"], f["sport"], f["value"], f["measured_on"]) for found in alone for f in found.figures]
    assert rows[0] == ("ftp", "bike", 275.0, date(2026, 10, 30))
    assert rows[1][:3] == ("power_zones", "bike", 275.0)
    assert alone[1].figures[0]["floors"] == [179, 220, 248, 275, 316, 358, 412]
    assert rows[2:4] == [
        ("lactate_threshold_hr", "run", 177.0, date(2026, 5, 1)),
        ("threshold_speed", "run", 3.8055, date(2026, 5, 1)),
    ]
    assert [r[0] for r in rows[4:]] == ["race_5k", "race_10k", "race_half", "race_marathon"]
    vo2 = extract(FIGURES["max_metrics"]).figures
    assert [(f["name"], f["sport"], f["value"], f["measured_on"]) for f in vo2] == [
        ("vo2max", "run", 44.5, date(2026, 1, 8))
    ]
    nothing = extract({"cyclingFtp": None, "powerZones": None, "lactateThreshold": None, "racePredictions": None,
                       "maxMetrics": None})  # fmt: skip
    assert nothing.empty and nothing.note == "no figures in it"
