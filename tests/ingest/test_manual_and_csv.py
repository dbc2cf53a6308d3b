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
    assert by_hr["load_source"] == "trimp" and by_hr["load"] == pytest.approx(
        60 * 0.64 * 0.86 * 2.718281828 ** (1.67 * 0.64), rel=0.01
    )
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
    path.write_text(
        WELLNESS + "2026-11-01,60,50,420,80,25\n2026-11-31,61,50,420,80,25\n2026-11-03,sixty,10,420,80,25\n"
    )
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
    activities.write_text(
        "date,sport,minutes,rpe,load\n2026-11-01,run,50,5,\n2026-11-02,bike,90,,120\n2026-11-03,golf,60,,\n"
    )
    report = import_csv(db, ana.id, activities, "activities", skip_bad=True)
    assert report.problems == [
        "line 4, column sport: 'golf' must be one of run, bike, swim, triathlon, row, strength, other"
    ]
    loaded = load_activities(db, [ana.id]).sort("date")
    assert loaded["load"].to_list() == [250.0, 120.0] and loaded["load_source"].to_list() == ["srpe", "garmin"]


def test_two_sessions_alike_on_one_day_are_two_sessions_and_a_re_import_changes_nothing(athlete_db, tmp_path):
    """PMData p01's own sessions hold two 30-minute runs on 2020-02-21: they once collided on one
    activity id and the import ended in a traceback."""
    db, ana = athlete_db
    activities = tmp_path / "a.csv"
    activities.write_text("date,sport,minutes,rpe\n2020-02-21,run,30,6\n2020-02-21,run,30,4\n2020-02-22,run,30,5\n")
    for _ in range(2):
        assert import_csv(db, ana.id, activities, "activities").written == 3
        loaded = load_activities(db, [ana.id]).sort("date", "load")
        assert loaded["load"].to_list() == [120.0, 180.0, 150.0]  # minutes x RPE, each session its own


def test_cli_log_and_import_exit_codes(tmp_path):
    db = f"sqlite:///{tmp_path / 't.db'}"
    run_trainer("athlete", "add", "ana", "--db", db)
    assert (
        "load 270 (srpe)"
        in run_trainer(
            "log",
            "workout",
            "-a",
            "ana",
            "--date",
            "2026-11-20",
            "--sport",
            "run",
            "--minutes",
            "45",
            "--rpe",
            "6",
            "--db",
            db,
        ).stdout
    )
    assert (
        "readiness 7/10 logged"
        in run_trainer("log", "readiness", "-a", "ana", "--date", "2026-11-24", "--readiness", "7", "--db", db).stdout
    )
    assert "unknown sport 'golf'" in one_line_error(
        run_trainer(
            "log", "workout", "-a", "ana", "--date", "2026-11-20", "--sport", "golf", "--minutes", "45", "--db", db
        )
    )
    bad = tmp_path / "w.csv"
    bad.write_text(WELLNESS + "2026-11-01,0,50,420,80,25\n")
    result = run_trainer("import", "csv", "wellness", str(bad), "-a", "ana", "--db", db)
    assert (
        result.returncode == 2
        and "line 2, column hrv_ms: '0' is outside 1-300" in result.stderr
        and "nothing written" in result.stdout
    )


def test_a_csv_with_some_columns_leaves_the_other_fields_alone(athlete_db, tmp_path):
    db, ana = athlete_db
    full = tmp_path / "full.csv"
    full.write_text(WELLNESS + "2026-11-01,50,48,420,81,30\n")
    import_csv(db, ana.id, full, "wellness")
    only_hrv = tmp_path / "hrv.csv"
    only_hrv.write_text("date,hrv_ms\n2026-11-01,61\n")
    report = import_csv(db, ana.id, only_hrv, "wellness")
    assert report.columns == ["hrv_ms"] and report.emptied == {}
    day = load_wellness(db, [ana.id]).row(0, named=True)
    assert (day["hrv_ms"], day["resting_hr"], day["sleep_minutes"], day["sleep_score"], day["stress_level"]) == (
        61.0,
        48.0,
        420.0,
        81.0,
        30.0,
    )
    emptied = tmp_path / "empty.csv"
    emptied.write_text("date,stress_level\n2026-11-01,\n")
    assert import_csv(db, ana.id, emptied, "wellness").emptied == {"stress_level": 1}
    day = load_wellness(db, [ana.id]).row(0, named=True)
    assert day["stress_level"] is None and day["sleep_score"] == 81.0


def test_a_readiness_csv_with_only_readiness_keeps_the_other_items(athlete_db, tmp_path):
    db, ana = athlete_db
    full = tmp_path / "full.csv"
    full.write_text("date,readiness,fatigue,mood,soreness,stress,sleep_quality\n2026-11-01,7,4,4,3,2,5\n")
    import_csv(db, ana.id, full, "readiness")
    only = tmp_path / "only.csv"
    only.write_text("date,readiness\n2026-11-01,5\n")
    import_csv(db, ana.id, only, "readiness")
    row = load_readiness(db, [ana.id]).row(0, named=True)
    assert (row["readiness"], row["fatigue"], row["mood"], row["soreness"], row["stress"], row["sleep_quality"]) == (
        5.0,
        4.0,
        4.0,
        3.0,
        2.0,
        5.0,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"date,readiness\n2026-11-01,\n", "line 2, column readiness: is empty, and every row needs it"),
        (b"date,readiness\n2026-11-01\n", "line 2 has 1 fields, the header has 2"),
        (b"date,readiness,readiness\n2026-11-01,5,6\n", "column 'readiness' appears more than once in the header"),
        (b"date,readyness\n2026-11-01,5\n", "missing column(s) readiness"),
        (b"date,readiness,mood,moood\n2026-11-01,5,3,3\n", "unknown column 'moood'"),
        (b"date,readiness\n2026-11-01,\xe97\n", "not UTF-8 text"),
        (b"", "the file is empty"),
        (b"date,readiness\n2026-11-01,inf\n", "'inf' is not a finite number"),
    ],
)
def test_bad_csv_files_get_one_line_naming_the_line_or_field(athlete_db, tmp_path, content, message):
    db, ana = athlete_db
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    try:
        report = import_csv(db, ana.id, path, "readiness")
    except Exception as error:  # InputError: the CLI prints it as one line
        assert message in str(error) and str(path) in str(error)
        assert type(error).__name__ == "InputError"
    else:
        assert any(message in problem for problem in report.problems), report.problems
        assert report.written == 0
    assert load_readiness(db, [ana.id]).is_empty()


def test_utf16_and_byte_order_marks_and_padded_headers_are_read(athlete_db, tmp_path):
    db, ana = athlete_db
    text = "date, readiness ,mood\n2026-11-01,7,4\n"
    for encoding, name in (("utf-16", "u16.csv"), ("utf-8-sig", "bom.csv")):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        assert import_csv(db, ana.id, path, "readiness").written == 1
    assert load_readiness(db, [ana.id])["readiness"].to_list() == [7.0]


def test_implausible_days_are_refused_in_words_never_counted_as_written(athlete_db, tmp_path):
    from trainer.errors import TrainerError

    db, ana = athlete_db
    with pytest.raises(TrainerError, match="date 1900-01-01: not a plausible day for a workout"):
        log_workout(db, ana, date(1900, 1, 1), "run", 30, rpe=5)
    assert load_activities(db, [ana.id]).is_empty()
    path = tmp_path / "w.csv"
    path.write_text(WELLNESS + "0001-01-01,60,50,420,80,25\n9999-12-31,60,50,420,80,25\n2026-11-02,60,50,420,80,25\n")
    report = import_csv(db, ana.id, path, "wellness", skip_bad=True)
    assert report.problems == [
        "line 2, column date: '0001-01-01' is not a plausible day (from 1990-01-01 to tomorrow)",
        "line 3, column date: '9999-12-31' is not a plausible day (from 1990-01-01 to tomorrow)",
    ]
    assert report.written == 1 and load_wellness(db, [ana.id])["date"].to_list() == [date(2026, 11, 2)]


def test_reimporting_the_same_readiness_csv_changes_nothing(athlete_db, tmp_path):
    from sqlalchemy import text

    db, ana = athlete_db
    path = tmp_path / "r.csv"
    path.write_text("date,readiness,fatigue\n2026-11-01,7,3\n2026-11-02,6,2\n")
    import_csv(db, ana.id, path, "readiness")
    with db.engine.connect() as connection:
        before = connection.execute(text("SELECT * FROM perceived_readiness ORDER BY date")).all()
    import_csv(db, ana.id, path, "readiness")
    with db.engine.connect() as connection:
        after = connection.execute(text("SELECT * FROM perceived_readiness ORDER BY date")).all()
    assert before == after and len(after) == 2
