"""Power and pace from end to end: a rider's real FIT files give an FTP estimate and power zones,
their plan carries power targets and the workouts for the watch power steps; a runner with
Garmin's lactate threshold gets pace targets. What a person reads goes through the real command
line; the setting up is done in process. On SQLite."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import run_trainer
from tests.fake_garmin import FIGURES
from trainer.ingest.fit_import import import_fit
from trainer.ingest.garmin_json import import_garmin_json
from trainer.planning.goals import GoalSpec
from trainer.planning.service import add_checked_goal, create_plan, preview_plan
from trainer.scoring.thresholds import figure_lines
from trainer.store.athletes import add_athlete, get_athlete
from trainer.store.database import open_database
from trainer.store.performance import athlete_thresholds

TODAY = date(2026, 11, 24)
FONDO = GoalSpec("fondo", None, date(2027, 4, 25), sport="bike", event="gran-fondo", event_hours=4.0, days_per_week=4)

FIT = Path(__file__).resolve().parents[1] / "fixtures" / "fit"
# file, the FTP set on its bike computer, our estimate from its best efforts
RIDES = [
    ("bike-indoor_garmin-edge530_hr_power_hrv-rr_2022-02-07.fit", 248, 181),
    ("bike_garmin-edge810_hr_power-vector_2013-08-16.fit", 315, 304),
    ("bike_wahoo-elemnt_hr_power_6h_2019-02-17.fit", 220, 143),
]


def trainer(env: dict, *args: str) -> str:
    """The command's output (what it says on standard error too: warnings go there)."""
    done = run_trainer(*args, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


@pytest.fixture
def env(tmp_path) -> dict:
    env = {"TRAINER_DATABASE_URL": f"sqlite:///{tmp_path / 'trainer.db'}", "TRAINER_DATA_DIR": str(tmp_path)}
    db = open_database(env["TRAINER_DATABASE_URL"])
    add_athlete(db, "rider", main_sport="bike")
    add_athlete(db, "runner", main_sport="run")
    return env


def athlete_of(env: dict, name: str):
    db = open_database(env["TRAINER_DATABASE_URL"])
    return db, get_athlete(db, name)


@pytest.mark.parametrize(("name", "device_ftp", "estimate"), RIDES)
def test_each_power_file_gives_an_ftp_estimate_power_zones_and_a_plan_in_watts(env, name, device_ftp, estimate):
    db, rider = athlete_of(env, "rider")
    import_fit(db, rider, [FIT / name])
    found = athlete_thresholds(db, rider.id, TODAY)
    assert (found.ftp.value, found.ftp.source) == (device_ftp, "the FTP set on your bike computer")
    assert found.ftp_estimate.value == estimate and found.critical_power is not None
    easy = (round(0.56 * device_ftp), round(0.75 * device_ftp))
    assert found.power_range("easy") == easy
    lines = figure_lines(found)
    assert any(line.startswith("FTP estimated from your best efforts of the 90 days up to") for line in lines)
    assert f"easy {easy[0]}-{easy[1]} W" in next(line for line in lines if line.startswith("Power zones"))
    spec = GoalSpec(
        "fondo", None, date(2027, 4, 25), sport="bike", event="gran-fondo", event_hours=4.0, days_per_week=4
    )
    rides = preview_plan(db, rider, spec, TODAY).workouts
    assert rides.filter(pl.col("power_low").is_null()).is_empty()  # every ride of the plan has its watts
    assert rides.filter(pl.col("intensity") == "easy").select("power_low", "power_high").unique().rows() == [easy]


def test_a_rider_sees_the_figures_and_the_watts_and_the_watch_gets_power_steps(env):
    db, rider = athlete_of(env, "rider")
    import_fit(db, rider, [FIT / RIDES[1][0]])
    spec = GoalSpec(
        "fondo", None, date(2027, 4, 25), sport="bike", event="gran-fondo", event_hours=4.0, days_per_week=4
    )
    goal, _ = add_checked_goal(db, rider, spec, TODAY)
    create_plan(db, rider, goal.id, TODAY)
    shown = trainer(env, "athlete", "show", "rider")
    assert "FTP: 315 W (the FTP set on your bike computer, 2013-08-16)" in shown
    assert "FTP estimated from your best efforts of the 90 days up to 2013-08-16: 304 W" in shown
    assert "Power zones (% of FTP): recovery 142-173 W · easy 176-236 W" in shown
    week = trainer(env, "plan", "show", "--athlete", "rider", "--week", "6")
    assert "easy     176-236 W" in week  # the plan's rides in watts (no heart rate known: an old file)
    pushed = json.loads(run_trainer("plan", "push", "--athlete", "rider", "--dry-run", "--days", "14", env=env).stdout)
    steps = [
        step
        for workout in pushed
        for segment in workout["workout"]["workoutSegments"]
        for group in segment["workoutSteps"]
        for step in (group.get("workoutSteps") or [group])
    ]
    assert steps and all(step["targetType"]["workoutTargetTypeKey"] == "power.zone" for step in steps)
    assert all(0.45 * 315 - 1 <= step["targetValueOne"] < step["targetValueTwo"] <= 1.2 * 315 + 1 for step in steps)


def test_a_runner_with_garmins_lactate_threshold_gets_pace_targets(env, tmp_path):
    db, runner = athlete_of(env, "runner")
    body = tmp_path / "biometric-service_latestLactateThreshold.json"
    body.write_text(json.dumps(FIGURES["lactate_threshold"]))
    import_garmin_json(db, runner.id, [body])
    shown = trainer(env, "athlete", "show", "runner")
    assert "Threshold pace: 4:23/km (Garmin's lactate threshold, 2026-05-01)" in shown
    assert "Lactate-threshold heart rate: 177 bpm" in shown
    # a target beyond what the threshold shows: a warning with the range it supports, and key
    # sessions paced for that range (a one-hour pace of 4:23/km carries to 10 km in 43:00, race day
    # 8 % faster to 5 % slower)
    spec = GoalSpec("10K", 10.0, date(2027, 3, 14), days_per_week=4, target_time_s=36 * 60)
    goal, notes = add_checked_goal(db, runner, spec, TODAY)
    said = "0:36:00 is beyond what you have shown (your threshold pace (4:23/km)): 0:39:33-0:45:08 is realistic"
    assert any(said in note for note in notes)
    create_plan(db, runner, goal.id, TODAY)
    week = trainer(env, "plan", "show", "--athlete", "runner", "--week", "15")
    assert "easy     5:00-5:39/km" in week  # 1.14-1.29 x 4:23/km
    assert "goal pace 3:57/km, what your recent efforts support" in week
    pushed = json.loads(run_trainer("plan", "push", "--athlete", "runner", "--dry-run", "--days", "7", env=env).stdout)
    first = pushed[0]["workout"]["workoutSegments"][0]["workoutSteps"][0]
    assert first["targetType"]["workoutTargetTypeKey"] == "pace.zone"
    assert 2.0 < first["targetValueOne"] < first["targetValueTwo"] < 4.0  # m/s, the slower end first
    calendar = run_trainer("plan", "ics", "--athlete", "runner", env=env).stdout
    assert "/km" in calendar  # the calendar feed writes the pace too


def test_a_ride_target_is_checked_against_what_the_ftp_holds():
    from datetime import date

    import polars as pl

    from trainer.planning.goals import GoalSpec
    from trainer.planning.targets import check_target, flat_speed_kmh
    from trainer.scoring.thresholds import CURVE_SCHEMA, FIGURE_SCHEMA, Figure, Thresholds, thresholds

    assert 36 < flat_speed_kmh(250) < 37.5 and flat_speed_kmh(250, time_trial=True) > flat_speed_kmh(250)
    shown = Thresholds(ftp=Figure(250, "Garmin Connect"))
    fondo = GoalSpec("fondo", 160.0, date(2027, 5, 16), sport="bike", event="gran-fondo", event_hours=5.0,
                     target_time_s=4 * 3600)  # fmt: skip
    no_rides = pl.DataFrame(schema={"date": pl.Date, "sport": pl.String, "duration_s": pl.Float64,
                                    "distance_m": pl.Float64, "moving_s": pl.Float64})  # fmt: skip
    check = check_target(fondo, no_rides, date(2026, 11, 24), shown)
    # 72 % of 250 W holds ~32.2 km/h on the flat: 160 km in 4:57:54, to 15 % slower for hills and wind
    assert not check.plausible and check.realistic == (17874, 20555)
    assert "Your target means 40.0 km/h; 72% of your FTP (250 W)" in check.warning
    assert check.pace_time_s == 17874  # key sessions paced at what the FTP supports
    no_runs = pl.DataFrame(
        schema={"date": pl.Date, "sport": pl.String, "distance_m": pl.Float64, "duration_s": pl.Float64,
                "moving_s": pl.Float64}
    )  # fmt: skip
    empty = thresholds(
        pl.DataFrame(schema=FIGURE_SCHEMA), pl.DataFrame(schema=CURVE_SCHEMA), no_runs, date(2026, 11, 24)
    )
    assert empty.ftp is None and empty.threshold_pace is None and empty.power_range("easy") is None
