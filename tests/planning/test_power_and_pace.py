"""Power and pace from end to end: a rider's real FIT files give an FTP estimate and power zones,
their plan carries power targets and the workouts for the watch power steps; a runner with
Garmin's lactate threshold gets pace targets. Through the real command line, on SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_trainer
from tests.fake_garmin import FIGURES

FIT = Path(__file__).resolve().parents[1] / "fixtures" / "fit"
# file, the FTP set on its bike computer, our estimate from its best efforts
RIDES = [
    ("bike-indoor_garmin-edge530_hr_power_hrv-rr_2022-02-07.fit", 248, 181),
    ("bike_garmin-edge810_hr_power-vector_2013-08-16.fit", 315, 304),
    ("bike_wahoo-elemnt_hr_power_6h_2019-02-17.fit", 220, 143),
]


def trainer(env: dict, *args: str) -> str:
    done = run_trainer(*args, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def env(tmp_path) -> dict:
    env = {"TRAINER_DATABASE_URL": f"sqlite:///{tmp_path / 'trainer.db'}", "TRAINER_DATA_DIR": str(tmp_path)}
    trainer(env, "db", "upgrade")
    return env


@pytest.mark.parametrize(("name", "device_ftp", "estimate"), RIDES)
def test_a_riders_fit_file_gives_ftp_zones_and_power_targets_to_the_plan_and_the_watch(env, name, device_ftp, estimate):
    trainer(env, "athlete", "add", "rider", "--sport", "bike")
    trainer(env, "import", "fit", str(FIT / name), "--athlete", "rider")
    shown = trainer(env, "athlete", "show", "rider")
    assert f"FTP: {device_ftp} W (the FTP set on your bike computer" in shown
    assert "FTP estimated from your best efforts of the 90 days up to" in shown and f": {estimate} W" in shown
    easy = (round(0.56 * device_ftp), round(0.75 * device_ftp))
    assert "Power zones (% of FTP): recovery" in shown and f"easy {easy[0]}-{easy[1]} W" in shown

    trainer(env, "goal", "add", "--athlete", "rider", "--sport", "cycling", "--event", "gran-fondo",
            "--hours", "4", "--date", "2027-04-25", "--days-per-week", "4")  # fmt: skip
    trainer(env, "plan", "create", "--athlete", "rider", "--goal", "1")
    week = trainer(env, "plan", "show", "--athlete", "rider", "--week", "6")
    assert f"easy     {easy[0]}-{easy[1]} W" in week  # the plan's rides in watts (no heart rate known: old files)

    pushed = json.loads(trainer(env, "plan", "push", "--athlete", "rider", "--dry-run", "--days", "14"))
    steps = [
        step
        for workout in pushed
        for segment in workout["workout"]["workoutSegments"]
        for group in segment["workoutSteps"]
        for step in (group.get("workoutSteps") or [group])
    ]
    assert steps and all(step["targetType"]["workoutTargetTypeKey"] == "power.zone" for step in steps)
    assert all(0.45 * device_ftp - 1 <= step["targetValueOne"] < step["targetValueTwo"] <= 1.2 * device_ftp + 1
               for step in steps)  # fmt: skip


def test_a_runner_with_garmins_lactate_threshold_gets_pace_targets(env, tmp_path):
    trainer(env, "athlete", "add", "runner", "--sport", "run")
    body = tmp_path / "biometric-service_latestLactateThreshold.json"
    body.write_text(json.dumps(FIGURES["lactate_threshold"]))
    trainer(env, "import", "garmin-json", str(body), "--athlete", "runner")
    shown = trainer(env, "athlete", "show", "runner")
    assert "Threshold pace: 4:23/km (Garmin's lactate threshold, 2026-05-01)" in shown
    assert "Lactate-threshold heart rate: 177 bpm" in shown
    trainer(env, "goal", "add", "--athlete", "runner", "--sport", "running", "--distance", "10k",
            "--date", "2027-03-14", "--days-per-week", "4")  # fmt: skip
    trainer(env, "plan", "create", "--athlete", "runner", "--goal", "1")
    week = trainer(env, "plan", "show", "--athlete", "runner", "--week", "4")
    assert "easy     5:00-5:39/km" in week  # 1.14-1.29 x 4:23/km
    pushed = json.loads(trainer(env, "plan", "push", "--athlete", "runner", "--dry-run", "--days", "7"))
    first = pushed[0]["workout"]["workoutSegments"][0]["workoutSteps"][0]
    assert first["targetType"]["workoutTargetTypeKey"] == "pace.zone"
    assert 2.0 < first["targetValueOne"] < first["targetValueTwo"] < 4.0  # m/s, the slower end first
    calendar = run_trainer("plan", "ics", "--athlete", "runner", env=env).stdout
    assert "/km" in calendar  # the calendar feed writes the pace too
