"""The foundation commands end to end: demo, export contracts, athlete management, bad input."""

from __future__ import annotations

import io
import sqlite3
from datetime import timedelta

import polars as pl
import pytest

from tests.conftest import DEMO_END, run_trainer

KINDS = {
    "wellness": "athlete_id,date,hrv_ms,resting_hr,sleep_minutes,sleep_score,stress_level",
    "loads": "athlete_id,date,load",
    "activities": "athlete_id,activity_id,sport,start_time,duration_s,avg_hr,max_hr,load,load_source",
    "readiness": "athlete_id,date,readiness,fatigue,mood,soreness,stress,sleep_quality",
}


def exports(db_url: str) -> dict[str, str]:
    out = {}
    for kind in KINDS:
        result = run_trainer("export", kind, "--db", db_url)
        assert result.returncode == 0, result.stderr
        out[kind] = result.stdout
    return out


def test_demo_twice_gives_byte_identical_exports(db_url):
    first = run_trainer("demo", "--db", db_url, "--end", DEMO_END.isoformat())
    assert first.returncode == 0, first.stderr
    assert "3 athletes" in first.stdout
    before = exports(db_url)
    again = run_trainer("demo", "--db", db_url, "--end", DEMO_END.isoformat())
    assert again.returncode == 0, again.stderr
    assert exports(db_url) == before
    for kind, header in KINDS.items():
        assert before[kind].splitlines()[0].startswith(header)


def test_wellness_export_has_two_years_with_gaps(demo_db_url):
    result = run_trainer("export", "wellness", "--athlete", "demo-triathlete", "--db", demo_db_url)
    assert result.returncode == 0, result.stderr
    frame = pl.read_csv(io.StringIO(result.stdout), try_parse_dates=True)
    assert frame.columns[:7] == KINDS["wellness"].split(",")
    assert frame["date"].max() - frame["date"].min() >= timedelta(days=730)
    assert frame["date"].is_unique().all() and frame["athlete_id"].n_unique() == 1
    assert 0 < frame["hrv_ms"].null_count() < 0.15 * frame.height
    assert frame["sleep_minutes"].null_count() > 0


def test_activities_export_start_time_is_iso_utc(demo_db_url):
    result = run_trainer(
        "export", "activities", "-a", "demo-cyclist", "--from", "2026-11-01", "--to", "2026-11-24", "--db", demo_db_url
    )
    rows = result.stdout.splitlines()
    assert len(rows) > 5
    start_time = rows[1].split(",")[3]
    assert start_time.endswith("Z") and start_time[10] == "T"


def test_export_to_parquet_keeps_types(demo_db_url, tmp_path):
    out = tmp_path / "loads.parquet"
    result = run_trainer("export", "loads", "--db", demo_db_url, "--out", str(out))
    assert result.returncode == 0, result.stderr
    frame = pl.read_parquet(out)
    assert frame.schema["date"] == pl.Date and frame.columns[:3] == ["athlete_id", "date", "load"]


def test_athlete_lifecycle_with_erasure_of_tokens(tmp_path):
    db = f"sqlite:///{tmp_path / 't.db'}"
    env = {"TRAINER_CONFIG_HOME": str(tmp_path / "config")}
    added = run_trainer("athlete", "add", "ana", "--sex", "female", "--max-hr", "190", "--db", db, env=env)
    assert added.returncode == 0 and "added athlete ana" in added.stdout
    assert "ana" in run_trainer("athlete", "list", "--db", db).stdout
    assert "max_hr: 190" in run_trainer("athlete", "show", "ana", "--db", db).stdout
    token_dir = tmp_path / "config" / "garmin" / "athlete-1"  # keyed by the athlete id, never the name
    token_dir.mkdir(parents=True)
    (token_dir / "oauth2_token.json").write_text("{}")
    refused = run_trainer("athlete", "delete", "ana", "--db", db, env=env)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    deleted = run_trainer("athlete", "delete", "ana", "--yes", "--db", db, env=env)
    assert deleted.returncode == 0, deleted.stderr
    assert "Garmin tokens" in deleted.stdout and not token_dir.exists()
    assert "no athletes yet" in run_trainer("athlete", "list", "--db", db).stdout


def test_db_upgrade_creates_then_reports_current(tmp_path):
    db = f"sqlite:///{tmp_path / 't.db'}"
    first = run_trainer("db", "upgrade", "--db", db)
    assert first.returncode == 0 and "upgraded from empty" in first.stdout
    assert "schema is current" in run_trainer("db", "upgrade", "--db", db).stdout


def one_line_error(result) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("trainer: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_unknown_athlete(demo_db_url):
    assert "no athlete named 'nobody'" in one_line_error(
        run_trainer("export", "wellness", "-a", "nobody", "--db", demo_db_url)
    )


def test_bad_date_writes_nothing(tmp_path):
    path = tmp_path / "t.db"
    message = one_line_error(run_trainer("demo", "--end", "2026-02-30", "--db", f"sqlite:///{path}"))
    assert "2026-02-30" in message and "YYYY-MM-DD" in message
    assert not path.exists()


def test_missing_database_is_not_created_by_a_read(tmp_path):
    path = tmp_path / "none.db"
    assert "trainer demo" in one_line_error(run_trainer("athlete", "list", "--db", f"sqlite:///{path}"))
    assert not path.exists()


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "t.db"
    assert run_trainer("db", "upgrade", "--db", f"sqlite:///{path}").returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("update alembic_version set version_num = '9999'")
    assert "newer than this trainer" in one_line_error(
        run_trainer("athlete", "add", "ana", "--db", f"sqlite:///{path}")
    )
    with sqlite3.connect(path) as conn:
        assert conn.execute("select count(*) from athlete").fetchone() == (0,)
    assert "newer than this trainer" in one_line_error(run_trainer("db", "upgrade", "--db", f"sqlite:///{path}"))


def test_locked_database(tmp_path):
    path = tmp_path / "t.db"
    assert run_trainer("db", "upgrade", "--db", f"sqlite:///{path}").returncode == 0
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("begin exclusive")
    try:
        assert "locked" in one_line_error(run_trainer("athlete", "add", "ana", "--db", f"sqlite:///{path}"))
    finally:
        holder.execute("rollback")
        holder.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("select count(*) from athlete").fetchone() == (0,)


def test_unreadable_database(tmp_path):
    path = tmp_path / "t.db"
    path.write_bytes(b"\x00garbage" * 512)
    assert "cannot open the database" in one_line_error(run_trainer("athlete", "list", "--db", f"sqlite:///{path}"))


def test_from_after_to(demo_db_url):
    assert "is after" in one_line_error(
        run_trainer("export", "loads", "--from", "2026-02-01", "--to", "2026-01-01", "--db", demo_db_url)
    )


@pytest.mark.parametrize(
    "command",
    [
        ["--help"],
        ["demo", "--help"],
        ["athlete", "delete", "--help"],
        ["export", "wellness", "--help"],
        ["db", "upgrade", "--help"],
        ["app", "--help"],
    ],
)
def test_every_command_has_help(command):
    result = run_trainer(*command)
    assert result.returncode == 0 and "Usage" in result.stdout
