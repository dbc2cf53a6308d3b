"""`trainer score` (files and database) and `trainer today`."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_foundation import one_line_error
from tests.conftest import run_trainer


@pytest.mark.parametrize("method", ["seed", "normal-range"])
def test_scoring_exported_files_reproduces_the_database_path(demo_db_url, tmp_path, method):
    w, loads_file = tmp_path / "w.csv", tmp_path / "l.csv"
    for kind, path in (("wellness", w), ("loads", loads_file)):
        assert (
            run_trainer("export", kind, "-a", "demo-triathlete", "--db", demo_db_url, "--out", str(path)).returncode
            == 0
        )
    from_files = run_trainer(
        "score", "--wellness", str(w), "--loads", str(loads_file), "--out", str(tmp_path / "f.csv"), "--method", method
    )
    assert from_files.returncode == 0, from_files.stderr
    from_db = run_trainer(
        "score", "-a", "demo-triathlete", "--db", demo_db_url, "--out", str(tmp_path / "d.csv"), "--method", method
    )
    assert from_db.returncode == 0, from_db.stderr
    files_text, db_text = (tmp_path / "f.csv").read_text(), (tmp_path / "d.csv").read_text()
    assert files_text == db_text
    assert files_text.splitlines()[0].startswith(
        "athlete_id,date,hrv_component,hr_component,sleep_component,stress_component,raw_score,acwr,acwr_factor,total_score,status"
    )
    assert len(files_text.splitlines()) == 761


def test_score_options_change_the_result(tmp_path):
    w, loads_file = tmp_path / "w.csv", tmp_path / "l.csv"
    w.write_text(
        "athlete_id,date,hrv_ms,resting_hr,sleep_minutes,sleep_score,stress_level\n"
        + "".join(f"1,2026-01-0{d},59,55,480,85,30\n" for d in range(1, 8))
        + "1,2026-01-08,65,55,480,85,30\n"
    )
    loads_file.write_text("athlete_id,date,load\n1,2026-01-01,50\n")
    default = run_trainer("score", "--wellness", str(w), "--loads", str(loads_file))
    assert default.stdout.splitlines()[-1].split(",")[9:11] == ["81", "green"]
    hr_only = run_trainer(
        "score", "--wellness", str(w), "--loads", str(loads_file), "--weights", "hrv=0,hr=1,sleep=0,stress=0"
    )
    assert hr_only.stdout.splitlines()[-1].split(",")[9:11] == ["50", "yellow"]


def test_bad_files_name_the_line_and_column(tmp_path):
    w, loads_file = tmp_path / "w.csv", tmp_path / "l.csv"
    w.write_text(
        "athlete_id,date,hrv_ms,resting_hr,sleep_minutes,sleep_score,stress_level\n1,2026-01-01,60,50,480,80,20\n1,2026-01-32,60,50,480,80,20\n"
    )
    loads_file.write_text("athlete_id,date,load\n1,2026-01-01,fifty\n")
    message = one_line_error(
        run_trainer("score", "--wellness", str(w), "--loads", str(loads_file), "--out", str(tmp_path / "s.csv"))
    )
    assert "w.csv: column date is not a date" in message and "line 3 ('2026-01-32')" in message
    assert not (tmp_path / "s.csv").exists()
    w.write_text("athlete_id,date,hrv_ms\n1,2026-01-01,60\n")
    assert "missing column(s) resting_hr" in one_line_error(
        run_trainer("score", "--wellness", str(w), "--loads", str(loads_file))
    )
    assert "unknown weight 'hvr'" in one_line_error(
        run_trainer("score", "--wellness", str(w), "--loads", str(loads_file), "--weights", "hvr=1")
    )
    assert "unknown method" in one_line_error(
        run_trainer("score", "--wellness", str(w), "--loads", str(loads_file), "--method", "magic")
    )


def test_impossible_values_are_counted_in_a_warning(tmp_path):
    w, loads_file = tmp_path / "w.csv", tmp_path / "l.csv"
    w.write_text(
        "athlete_id,date,hrv_ms,resting_hr,sleep_minutes,sleep_score,stress_level\n1,2026-01-01,0,50,480,80,20\n1,2026-01-02,60,10,480,80,-1\n"
    )
    loads_file.write_text("athlete_id,date,load\n")
    result = run_trainer("score", "--wellness", str(w), "--loads", str(loads_file))
    assert result.returncode == 0
    assert "1 in hrv_ms" in result.stderr and "1 in resting_hr" in result.stderr and "stress_level" not in result.stderr


def test_score_an_athlete_prints_a_table(demo_db_url):
    result = run_trainer(
        "score", "-a", "demo-marathoner", "--from", "2026-11-18", "--to", "2026-11-24", "--db", demo_db_url
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("2026-11-") == 7 and "total_score" in result.stdout


def test_today_json_has_score_components_and_recommendation(demo_db_url):
    result = run_trainer("today", "-a", "demo-cyclist", "--date", "2026-11-24", "--json", "--db", demo_db_url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data["components"]) == {"hrv", "hr", "sleep", "stress"}
    assert 0 <= data["total_score"] <= 100 and data["status"] in ("green", "yellow", "red")
    rec = data["recommendation"]
    assert rec["workout_type"] == "bike" and rec["hr_low"] < rec["hr_high"]
    assert f"Recovery {data['total_score']}" in rec["rationale"]


def test_today_before_anything_is_synced_says_what_is_missing(demo_db_url):
    result = run_trainer("today", "-a", "demo-cyclist", "--date", "2026-11-25", "--db", demo_db_url)
    assert result.returncode == 0, result.stderr
    assert "no score (insufficient data)" in result.stdout
    assert "missing: hrv_ms" in result.stdout and "keep it easy" in result.stdout


def test_today_with_the_personal_method_says_what_its_forecast_rests_on(demo_sqlite_url):
    from tests.conftest import DEMO_END

    shown = run_trainer(
        "today",
        "--athlete",
        "demo-marathoner",
        "--method",
        "personal",
        "--date",
        DEMO_END.isoformat(),
        "--db",
        demo_sqlite_url,
    )
    assert shown.returncode == 0, shown.stderr
    assert "forecast " in shown.stdout and "rests on your HRV over the last 7 nights" in shown.stdout
    data = json.loads(
        run_trainer(
            "today",
            "--athlete",
            "demo-marathoner",
            "--method",
            "personal",
            "--date",
            DEMO_END.isoformat(),
            "--json",
            "--db",
            demo_sqlite_url,
        ).stdout
    )
    assert data["total_score"] == (data["with_checkin"] if data["with_checkin"] is not None else data["forecast"])
