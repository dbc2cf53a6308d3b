"""Apple Health exports: the real ones in tests/fixtures/apple_health and longer ones written in
their shapes (``apple_health_exports``), through the real command line and the database."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import run_trainer
from tests.ingest.apple_health_exports import FIXTURES, resting_hr, sdnn, write_export
from trainer.ingest.apple_health.importer import import_apple_health
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_activities, load_wellness

FIRST = date(2026, 9, 26)  # 60 days up to the tests' today, 2026-11-24


def trainer(env: dict, *args: str) -> subprocess.CompletedProcess:
    return run_trainer(*args, env=env)


@pytest.fixture
def env(tmp_path) -> dict:
    env = {"TRAINER_DATABASE_URL": f"sqlite:///{tmp_path / 'trainer.db'}", "TRAINER_DATA_DIR": str(tmp_path)}
    assert trainer(env, "db", "upgrade").returncode == 0
    assert trainer(env, "athlete", "add", "ana", "--sport", "run", "--time-zone", "Europe/Oslo").returncode == 0
    return env


def stored(env: dict) -> tuple[pl.DataFrame, pl.DataFrame]:
    db = open_database(env["TRAINER_DATABASE_URL"])
    athlete = get_athlete(db, "ana")
    return load_wellness(db, [athlete.id]), load_activities(db, [athlete.id])


def imported(env: dict, path: Path):
    """The export imported in this process (the command line is tested below)."""
    db = open_database(env["TRAINER_DATABASE_URL"])
    return import_apple_health(db, get_athlete(db, "ana"), path)


def test_the_real_exports_import_and_a_second_import_changes_nothing(env):
    real = FIXTURES / "export_apple-watch-s5_anonymised_2019-12_2020-04.xml"
    first = imported(env, real)
    assert (first.records, first.days_added, first.workouts_added) == (1862, 1, 16)
    wellness, activities = stored(env)
    # its one SDNN reading (the evening of 2020-04-11) belongs to the night ending on the 12th
    assert wellness.select("date", "hrv_ms", "hrv_kind").rows() == [(date(2020, 4, 12), 46.0, "sdnn")]
    assert activities.height == 16 and set(activities["sport"]) == {"other"}  # yoga and cross-training
    again = imported(env, real)
    assert (again.days_added, again.days_updated, again.days_unchanged) == (0, 0, 1)
    assert (again.workouts_added, again.workouts_updated, again.workouts_unchanged) == (0, 0, 16)
    imported(env, FIXTURES / "export_excerpt_old-schema_inline-route_2016-2018.xml")
    run = stored(env)[1].filter(pl.col("sport") == "run").row(0, named=True)
    assert (run["distance_m"], round(run["duration_s"])) == (800.1, 312)  # 0.497 miles, 5.2 min


def test_a_zip_from_a_mac_reads_its_export_and_skips_the_resource_forks(env):
    zipped = imported(env, FIXTURES / "export_excerpt_zip-with-macosx-entries_2024-01-01.zip")
    assert zipped.days_added == 1
    again = imported(env, FIXTURES / "export_excerpt_apple-watch-6-7_sleep-stages_2024-01-01.xml")
    assert again.days_unchanged == 1  # the same export inside the zip
    assert stored(env)[0].select("date", "sleep_minutes").rows() == [(date(2024, 1, 1), 12.5)]  # AsleepCore, not InBed


def test_sixty_days_give_a_scored_morning_that_says_its_hrv_is_apples_sdnn(env, tmp_path):
    export = tmp_path / "export.xml"
    write_export(export, FIRST, days=60)
    done = trainer(env, "import", "apple-health", str(export), "--athlete", "ana")
    assert done.returncode == 0, done.stderr
    wellness, activities = stored(env)
    day = wellness.filter(pl.col("date") == FIRST + timedelta(days=10)).row(0, named=True)
    assert (day["resting_hr"], day["hrv_ms"], day["sleep_minutes"], day["hrv_kind"]) == (
        resting_hr(10),
        (sdnn(10, 0) + sdnn(10, 1)) / 2,
        420.0,
        "sdnn",
    )
    assert activities.height == 40 and set(activities["sport"]) == {"run", "bike"}
    run = activities.filter(pl.col("sport") == "run").row(0, named=True)
    assert (run["distance_m"], run["avg_hr"], run["load_source"]) == (9000.0, 150.0, "trimp") and run["load"] > 0
    today = trainer(env, "today", "--athlete", "ana", "--json")
    answer = json.loads(today.stdout)
    assert (
        answer["status"] in ("green", "yellow", "red") and "HRV (Apple, SDNN)" in answer["recommendation"]["rationale"]
    )


def test_damaged_exports_say_so_in_one_line_and_write_nothing(env, tmp_path):
    export = tmp_path / "export.xml"
    write_export(export, FIRST, days=3)
    cut = tmp_path / "cut.xml"
    cut.write_bytes(export.read_bytes()[: export.stat().st_size // 2])
    done = trainer(env, "import", "apple-health", str(cut), "--athlete", "ana")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "not a readable Apple Health export (line" in done.stderr
    assert stored(env)[0].is_empty()
    odd = tmp_path / "odd.xml"
    odd.write_text(export.read_text().replace('startDate="2026-09-27 02:00:00 +0200"', 'startDate="27/09/2026"'))
    salvaged = trainer(env, "import", "apple-health", str(odd), "--athlete", "ana")
    assert (
        salvaged.returncode == 0
        # the SDNN reading and the heart rate of 02:00 on the second day: the rest is kept
        and "2 records with a date trainer cannot read ('27/09/2026'): left out" in salvaged.stderr
    )
    assert stored(env)[0].height == 3


def test_memory_stays_bounded_whatever_the_exports_size(tmp_path):
    """The import's peak memory grows by less than 40 MB from a 1-day export to a 40 MB one (the
    benchmark imports 1 GB)."""
    peaks = []
    for name, days in (("small", 1), ("large", None)):
        export = tmp_path / f"{name}.xml"
        write_export(export, date(2000, 1, 1), days=days, megabytes=None if days else 40)
        url = f"sqlite:///{tmp_path / name}.db"
        script = (
            "import resource, sys\n"
            "from pathlib import Path\n"
            "from trainer.store.database import open_database\n"
            "from trainer.store.athletes import add_athlete\n"
            "from trainer.ingest.apple_health.importer import import_apple_health\n"
            f"db = open_database({url!r}); athlete = add_athlete(db, 'big')\n"
            f"import_apple_health(db, athlete, Path({str(export)!r}))\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        peaks.append(int(done.stdout.split()[-1]) / 1024)
    assert peaks[1] - peaks[0] < 40, peaks
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
