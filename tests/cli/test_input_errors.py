"""Mistakes and odd input at the command line: one line naming the problem, exit 2, nothing half-done."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_trainer
from trainer.ingest.garmin_json import import_garmin_json
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_wellness

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "garmin_json"


def one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_out_into_a_missing_folder_or_a_folder_says_so(demo_sqlite_url, tmp_path):
    for out, message in ((tmp_path / "nope" / "w.csv", "the folder"), (tmp_path, "must end in .csv")):
        for command in (["export", "wellness"], ["score", "--athlete", "demo-cyclist"]):
            result = run_trainer(*command, "--db", demo_sqlite_url, "--out", str(out))
            assert result.returncode == 2 and message in one_line(result)
    folder = tmp_path / "x.parquet"
    folder.mkdir()
    result = run_trainer("export", "wellness", "--db", demo_sqlite_url, "--out", str(folder))
    assert result.returncode == 2 and "it is a folder" in one_line(result)


def test_score_from_after_to_is_refused(demo_sqlite_url):
    result = run_trainer(
        "score", "--athlete", "demo-cyclist", "--from", "2026-11-20", "--to", "2026-11-01", "--db", demo_sqlite_url
    )
    assert result.returncode == 2 and one_line(result) == "trainer: --from 2026-11-20 is after --to 2026-11-01"


def test_insights_batches_on_a_dead_connection_say_one_line_without_the_key(demo_sqlite_url):
    env = {
        "ANTHROPIC_API_KEY": "sk-ant-test-secret-key-123",
        "ANTHROPIC_BASE_URL": "http://127.0.0.1:9",
        "TRAINER_INSIGHTS_TIMEOUT": "2",
    }
    result = run_trainer("insights", "--all", "--batch", "--db", demo_sqlite_url, env=env)
    line = one_line(result)
    assert result.returncode == 2 and "the Claude API could not be used (APIConnectionError)" in line
    assert "sk-ant-test" not in result.stderr + result.stdout


def test_the_local_app_in_read_only_mode_writes_no_demo(tmp_path):
    db = tmp_path / "fresh.db"
    result = run_trainer("app", "--headless", "--port", "1", "--db", f"sqlite:///{db}", env={"TRAINER_READ_ONLY": "1"})
    assert result.returncode == 2 and "no database at" in one_line(result) and not db.exists()


def test_a_json_body_with_a_byte_order_mark_is_read(tmp_path, db_url):
    db = open_database(db_url)
    ana = add_athlete(db, "ana")
    body = (FIXTURES / "wellness-service_dailyHeartRate__2026-01-06.json").read_bytes()
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + body)
    summary = import_garmin_json(db, ana.id, [path])
    assert summary.failed == 0 and load_wellness(db, [ana.id])["resting_hr"].to_list() == [53.0]


@pytest.mark.parametrize(
    ("name", "entries", "expected"),
    [
        ("stress.json", [("2023-07-14", 31)], "weekly stress"),  # one week of stress, named for what it is
        ("scores.json", [("2023-07-01", 70), ("2023-07-08", 80)], "ambiguous"),  # two nights a week apart: no guess
        ("sleep.json", [("2023-07-01", 70), ("2023-07-08", 80)], "sleep"),
        ("x.json", [("2023-07-01", 70), ("2023-07-03", 80)], "sleep"),  # a gap that is not whole weeks: daily
        ("y.json", [("2023-07-01", 30), ("2023-07-08", 31), ("2023-07-15", 29)], "weekly stress"),
        ("z.json", [("2023-07-01", 30)], "ambiguous"),
    ],
)
def test_sleep_scores_and_weekly_stress_are_told_apart_by_structure(tmp_path, db_url, name, entries, expected):
    db = open_database(db_url)
    ana = add_athlete(db, "ana")
    path = tmp_path / name
    path.write_text(json.dumps([{"calendarDate": day, "value": value} for day, value in entries]))
    summary = import_garmin_json(db, ana.id, [path])
    scores = load_wellness(db, [ana.id])["sleep_score"].drop_nulls().to_list()
    if expected == "sleep":
        assert scores == [float(value) for _, value in entries]
    elif expected == "weekly stress":
        assert scores == [] and summary.unused == 1
    else:
        assert (
            scores == []
            and summary.unknown == 1
            and any("cannot tell daily sleep scores from weekly stress" in w for w in summary.warnings)
        )


def test_a_locked_database_says_which_file_was_not_written(tmp_path):
    db_path = tmp_path / "t.db"
    db = open_database(f"sqlite:///{db_path}")
    ana = add_athlete(db, "ana")
    blocker = sqlite3.connect(db_path)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        summary = import_garmin_json(db, ana.id, [FIXTURES / "wellness-service_dailyHeartRate__2026-01-06.json"])
    finally:
        blocker.rollback()
        blocker.close()
    assert summary.failed == 1 and "not written: the database refused it (database is locked)" in summary.warnings[0]
    assert load_wellness(db, [ana.id]).is_empty()
