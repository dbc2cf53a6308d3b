"""``trainer export``: wellness, loads, activities and readiness as CSV or Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trainer.cli.options import DbOption, FromOption, ToOption, open_db
from trainer.errors import TrainerError

app = typer.Typer(help="Export data as CSV (standard output or a file) or Parquet.", no_args_is_help=True)

AthleteFilter = Annotated[str | None, typer.Option("--athlete", "-a", help="Athlete name (default: every athlete).")]
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="F.csv or F.parquet (default: CSV to standard output).")
]


def _export(kind: str, athlete: str | None, start, end, out: Path | None, db: str | None) -> None:
    from trainer.export import export_frame, write_table
    from trainer.store.athletes import get_athlete

    if start and end and start > end:
        raise TrainerError(f"--from {start} is after --to {end}")
    database = open_db(db, read_only=True)
    ids = [get_athlete(database, athlete).id] if athlete else None
    write_table(export_frame(database, kind, ids, start, end), out)


@app.command("wellness")
def wellness(
    athlete: AthleteFilter = None,
    start: FromOption = None,
    end: ToOption = None,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """athlete_id,date,hrv_ms,resting_hr,sleep_minutes,sleep_score,stress_level (then Garmin's HRV band)."""
    _export("wellness", athlete, start, end, out, db)


@app.command("loads")
def loads(
    athlete: AthleteFilter = None,
    start: FromOption = None,
    end: ToOption = None,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """athlete_id,date,load: one row per activity that carries load."""
    _export("loads", athlete, start, end, out, db)


@app.command("activities")
def activities(
    athlete: AthleteFilter = None,
    start: FromOption = None,
    end: ToOption = None,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """athlete_id,activity_id,sport,start_time,duration_s,avg_hr,max_hr,load,load_source (start_time UTC)."""
    _export("activities", athlete, start, end, out, db)


@app.command("readiness")
def readiness(
    athlete: AthleteFilter = None,
    start: FromOption = None,
    end: ToOption = None,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """athlete_id,date,readiness,fatigue,mood,soreness,stress,sleep_quality."""
    _export("readiness", athlete, start, end, out, db)
