"""Manual entries and CSV imports: loads from RPE or HR, a row-level report, nothing written on
bad rows unless asked, idempotent re-imports."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cli.test_foundation import one_line_error
from tests.conftest import run_trainer
from trainer.ingest.csv_import import import_csv
from trainer.ingest.manual import log_workout
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_activities, load_readiness, load_wellness

WELLNESS = "date,hrv_ms,resting_hr,sleep_minutes,sleep_score,stress_level\n"


@pytest.fixture
def athlete_db(db_url):
    db = open_database(db_url)
    return db, add_athlete(db, "ana", sex="female", birth_year=1990, max_hr=190, resting_hr=50)


def test_manual_workout_load_from_rpe_or_heart_rate(athlete_db):
    db, ana = athlete_db
    assert log_workout(db, ana, date(2026, 11, 20), "run", 45, rpe=6)["load"] == 270.0
    by_hr = log_workout(db, ana, date(2026, 11, 21), "bike", 60, avg_hr=140)
    assert by_hr["load_source"] == "trimp" and by_hr["load"] == pytest.approx(60 * 0.64 * 0.86 * 2.718281828 ** (1.67 * 0.64), rel=0.01)
    log_workout(db, ana, date(2026, 11, 20), "run", 45, rpe=6)  # the same entry again
    assert load_activities(db, [ana.id]).height == 2


def test_good_csv_is_written_once(athlete_db, tmp_path):
    db, ana = athlete_db
    path = tmp_path / "w.csv"
    path.write_text(WELLNESS + "2026-11-01,60,50,420,80,25\n2026-11-02,,51,400,,30\n")
    report = import_csv(db, ana.id, path, "wellness")
    assert (report.written, report.problems) == (2, [])
    import_csv(db, ana.id, path, "wellness")
    wellness = load_wellness(db, [ana.id])
    assert wellness.height == 2 and wellness["hrv_ms"].to_list() == [60.0, None]


def test_bad_rows_are_reported_and_nothing_is_written(athlete_db, tmp_path):
    db, ana = athlete_db
    path = tmp_path / "w.csv"
    path.write_text(WELLNESS + "2026-11-01,60,50,420,80,25\n2026-11-31,61,50,420,80,25\n2026-11-03,sixty,10,420,80,25\n")
    report = import_csv(db, ana.id, path, "wellness")
    assert report.problems == [
        "line 3, column date: '2026-11-31' is not a date (YYYY-MM-DD)",
        "line 4, column hrv_ms: 'sixty' is not a number",
        "line 4, column resting_hr: '10' is outside 25-120",
    ]
    assert load_wellness(db, [ana.id]).is_empty()
    skipped = import_csv(db, ana.id, path, "wellness", skip_bad=True)
    assert skipped.written == 1 and load_wellness(db, [ana.id])["date"].to_list() == [date(2026, 11, 1)]


def test_readiness_and_activity_csv(athlete_db, tmp_path):
    db, ana = athlete_db
    readiness = tmp_path / "r.csv"
    readiness.write_text("date,readiness,fatigue,mood\n2026-11-01,7,4,5\n2026-11-02,5,,3\n")
    assert import_csv(db, ana.id, readiness, "readiness").written == 2
    assert load_readiness(db, [ana.id])["fatigue"].to_list() == [4.0, None]
    activities = tmp_path / "a.csv"
    activities.write_text("date,sport,minutes,rpe,load\n2026-11-01,run,50,5,\n2026-11-02,bike,90,,120\n2026-11-03,golf,60,,\n")
    report = import_csv(db, ana.id, activities, "activities", skip_bad=True)
    assert report.problems == ["line 4, column sport: 'golf' must be one of run, bike, swim, triathlon, row, strength, other"]
    loaded = load_activities(db, [ana.id]).sort("date")
    assert loaded["load"].to_list() == [250.0, 120.0] and loaded["load_source"].to_list() == ["srpe", "garmin"]


def test_cli_log_and_import_exit_codes(tmp_path):
    db = f"sqlite:///{tmp_path / 't.db'}"
    run_trainer("athlete", "add", "ana", "--db", db)
    assert "load 270 (srpe)" in run_trainer("log", "workout", "-a", "ana", "--date", "2026-11-20", "--sport", "run", "--minutes", "45", "--rpe", "6", "--db", db).stdout
    assert "readiness 7/10 logged" in run_trainer("log", "readiness", "-a", "ana", "--date", "2026-11-24", "--readiness", "7", "--db", db).stdout
    assert "unknown sport 'golf'" in one_line_error(run_trainer("log", "workout", "-a", "ana", "--date", "2026-11-20", "--sport", "golf", "--minutes", "45", "--db", db))
    bad = tmp_path / "w.csv"
    bad.write_text(WELLNESS + "2026-11-01,0,50,420,80,25\n")
    result = run_trainer("import", "csv", "wellness", str(bad), "-a", "ana", "--db", db)
    assert result.returncode == 1 and "line 2, column hrv_ms: '0' is outside 1-300" in result.stderr and "nothing written" in result.stdout
