"""An activity belongs to one athlete, and one workout is one activity whatever copies arrive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import run_trainer
from trainer.ingest.fit_import import import_fit
from trainer.ingest.garmin_json import import_garmin_json
from trainer.ingest.merge import merge_activities
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_activities

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LIST = FIXTURES / "garmin_json" / "activitylist-service_search-activities__limit3_start0.json"
RUN = FIXTURES / "fit" / "run_garmin-fenix2_hr_gps_2015-08-15.fit"


@pytest.fixture
def two(db_url):
    db = open_database(db_url)
    return db, add_athlete(db, "ana"), add_athlete(db, "bo")


def test_garmin_activities_of_two_athletes_never_cross(two, tmp_path):
    db, ana, bo = two
    import_garmin_json(db, ana.id, [LIST])
    body = json.loads(LIST.read_text())
    for activity in body:
        activity["activityName"] = "bo's copy"
        activity["averageHR"] = 99.0
    changed = tmp_path / "bo.json"
    changed.write_text(json.dumps(body))
    summary = import_garmin_json(db, bo.id, [changed])
    assert summary.activities_added == len(body) and summary.activities_updated == 0
    mine, theirs = load_activities(db, [ana.id]), load_activities(db, [bo.id])
    assert mine.height == theirs.height == len(body)
    assert "bo's copy" not in mine["name"].to_list() and set(theirs["avg_hr"]) == {99.0}


def test_the_same_fit_file_is_stored_for_each_athlete_who_imports_it(two):
    db, ana, bo = two
    assert import_fit(db, ana, [RUN]).activities_added == 1
    assert import_fit(db, bo, [RUN]).activities_added == 1
    assert import_fit(db, bo, [RUN]).activities_unchanged == 1
    assert load_activities(db, [ana.id]).height == load_activities(db, [bo.id]).height == 1


@pytest.mark.parametrize("complete_first", [True, False])
def test_a_salvaged_copy_and_the_complete_file_are_one_activity(two, tmp_path, complete_first):
    db, ana, _ = two
    cut = tmp_path / "cut.fit"
    cut.write_bytes(RUN.read_bytes()[: len(RUN.read_bytes()) * 2 // 3])  # an upload that broke off
    order = [RUN, cut] if complete_first else [cut, RUN]
    for path in order:
        import_fit(db, ana, [path])
    stored = load_activities(db, [ana.id])
    assert stored.height == 1
    with db.engine.connect() as connection:
        recovered = connection.execute(text("SELECT recovered FROM activity")).scalars().all()
    assert recovered == [False]  # the complete file's figures won
    assert stored["duration_s"][0] == pytest.approx(load_activities_from_file(db, RUN), rel=1e-6)


def load_activities_from_file(db, path) -> float:
    from trainer.ingest.fit.decode import decode_fit

    session = decode_fit(path).sessions[0]
    return float(session.get("total_timer_time") or session["total_elapsed_time"])


def test_the_same_workout_from_garmin_and_a_fit_file_is_one_activity(two):
    db, ana, _ = two
    import_fit(db, ana, [RUN])
    fit_row = load_activities(db, [ana.id]).row(0, named=True)
    garmin_row = {
        "source": "garmin",
        "source_id": "123",
        "sport": fit_row["sport"],
        "name": "Morning run",
        "start_time": fit_row["start_time"],
        "local_date": fit_row["date"],
        "duration_s": fit_row["duration_s"],
        "distance_m": None,
        "avg_hr": 150.0,
        "max_hr": None,
        "load": 80.0,
        "load_source": "garmin",
    }
    with db.engine.begin() as connection:
        assert merge_activities(connection, ana.id, [garmin_row]) == (0, 0, 1)
    assert load_activities(db, [ana.id]).height == 1


def test_log_workout_stores_the_rpe_and_marks_it_manual(db_url):
    env = {"TRAINER_DATABASE_URL": db_url}
    assert run_trainer("athlete", "add", "ana", env=env).returncode == 0
    assert (
        run_trainer(
            "log",
            "workout",
            "--athlete",
            "ana",
            "--date",
            "2026-11-20",
            "--sport",
            "run",
            "--minutes",
            "45",
            "--rpe",
            "6",
            env=env,
        ).returncode
        == 0
    )
    with open_database(db_url).engine.connect() as connection:
        assert connection.execute(text("SELECT rpe, manual, load FROM activity")).one() == (6.0, True, 270.0)


def test_demo_leaves_a_real_athlete_with_a_demo_name_alone(tmp_path):
    db_url = f"sqlite:///{tmp_path / 't.db'}"
    db = open_database(db_url)
    real = add_athlete(db, "demo-cyclist", time_zone="Europe/Oslo")
    import_fit(db, real, [RUN])
    result = run_trainer("demo", "--db", db_url, "--days", "60")
    assert result.returncode == 0 and "left demo-cyclist alone" in result.stderr
    activities = load_activities(db, [real.id])
    assert activities.height == 1 and activities["source"].to_list() == ["fit"]
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT is_demo, time_zone FROM athlete WHERE name = 'demo-cyclist'")).one() == (
            False,
            "Europe/Oslo",
        )
        assert connection.execute(text("SELECT count(*) FROM athlete WHERE is_demo")).scalar() == 2


@pytest.mark.parametrize("intervals_first", [True, False])
@pytest.mark.parametrize("relayed_by", ["intervals.icu", "apple_health"])
def test_another_apps_copy_of_a_garmin_workout_is_one_activity_with_garmins_load(two, intervals_first, relayed_by):
    """intervals.icu (or Apple Health, where Garmin Connect writes workouts) holds the same workout
    Garmin holds: one activity, Garmin's id and load (the load model's units), whichever comes first."""
    from datetime import datetime

    from trainer.ingest.intervals.bodies import activity_row

    db, ana, _ = two
    garmin = json.loads(LIST.read_text())[0]
    start = datetime.fromisoformat(garmin["startTimeGMT"].replace(" ", "T"))
    relayed = activity_row(
        {
            "id": "i77",
            "type": "Run",
            "start_date": f"{start:%Y-%m-%dT%H:%M:%S}Z",
            "start_date_local": garmin["startTimeLocal"].replace(" ", "T"),
            "moving_time": garmin["duration"],
            "average_heartrate": 150,
            "athlete_max_hr": 190,
            "icu_resting_hr": 50,
        }
    )

    relayed = {**relayed, "source": relayed_by}

    def from_intervals():
        with db.engine.begin() as connection:
            merge_activities(connection, ana.id, [relayed])

    steps = [from_intervals, lambda: import_garmin_json(db, ana.id, [LIST])]
    for step in steps if intervals_first else reversed(steps):
        step()
    stored = load_activities(db, [ana.id])
    at_start = stored.filter(stored["start_time"].dt.replace_time_zone(None) == start)
    assert at_start.height == 1 and stored.height == len(json.loads(LIST.read_text()))
    assert at_start["load"][0] == pytest.approx(garmin["activityTrainingLoad"], abs=0.001)
    assert at_start["load_source"][0] == "garmin"
