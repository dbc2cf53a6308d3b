"""What the jobs did, per athlete, in words a coach acts on: the last morning and its result,
the next one, and a failure with how long it has lasted and what to do."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl
from sqlalchemy import select

from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.models import JobRun, table_of

RUN_SCHEMA = {
    "athlete_id": pl.Int64,
    "kind": pl.String,
    "day": pl.Date,
    "state": pl.String,
    "result": pl.String,
    "error": pl.String,
    "requests": pl.Int64,
    "finished_at": pl.Datetime("us", "UTC"),
    "next_try_at": pl.Datetime("us", "UTC"),
}


def job_runs(db: Database, athlete_ids: list[int] | None = None) -> pl.DataFrame:
    j = table_of(JobRun)
    query = select(*(j.c[name] for name in RUN_SCHEMA)).order_by(j.c.day)
    if athlete_ids is not None:
        query = query.where(j.c.athlete_id.in_(athlete_ids))
    with db.engine.connect() as connection:
        rows = connection.execute(query).all()
    return pl.DataFrame(rows, schema=RUN_SCHEMA, orient="row")


def failing_mornings(runs: pl.DataFrame) -> pl.DataFrame:
    """Per athlete: how many mornings in a row, up to the latest, failed (0 when the latest did not)."""
    mornings = runs.filter(pl.col("kind") == "morning").sort("athlete_id", "day")
    return (
        mornings.group_by("athlete_id")
        .agg(
            pl.col("state").reverse().rle().first().struct.field("len").alias("_run"),
            pl.col("state").last().alias("_last"),
            pl.col("day").filter(pl.col("state") == "done").max().alias("last_synced"),
            pl.col("error").last().alias("last_error"),
        )
        .select(
            "athlete_id",
            pl.when(pl.col("_last") == "failed").then(pl.col("_run")).otherwise(0).alias("failed_mornings"),
            "last_synced",
            "last_error",
        )
    )


def overview(db: Database, settings: Settings, now: datetime) -> list[dict]:
    """One entry per athlete: last morning (day, state, result), next morning, failure in words."""
    from trainer.store.athletes import list_athletes

    runs = job_runs(db)
    streaks = {row["athlete_id"]: row for row in failing_mornings(runs).iter_rows(named=True)}
    at = time.fromisoformat(settings.morning_at)
    out = []
    for athlete in list_athletes(db).iter_rows(named=True):
        own = runs.filter((pl.col("athlete_id") == athlete["id"]) & (pl.col("kind") == "morning"))
        last = own.row(-1, named=True) if own.height else None
        zone = ZoneInfo(athlete["time_zone"] or "UTC")
        local = now.astimezone(zone)
        next_day = (
            local.date()
            if local.time() < at or last is None or last["day"] < local.date()
            else local.date() + timedelta(days=1)
        )
        upcoming = datetime.combine(next_day, at, zone)
        if last is not None and last["state"] in ("waiting", "queued", "paused") and last["next_try_at"] is not None:
            upcoming = last["next_try_at"].astimezone(zone)
        streak = streaks.get(athlete["id"], {})
        failed = streak.get("failed_mornings", 0)
        problem = None
        if last is not None and last["state"] == "failed":
            first_failed = own.filter(pl.col("state") == "failed").tail(failed)["day"][0]
            ago = (local.date() - first_failed).days
            since = "today" if ago == 0 else "yesterday" if ago == 1 else f"{ago} days ago"
            reason, _, action = (last["error"] or "failed").partition(": run ")
            problem = f"{reason} since {since}" + (f": run {action}" if action else "")
        out.append(
            {
                "athlete": athlete["name"],
                "last_morning": None if last is None else last["day"].isoformat(),
                "state": None if last is None else last["state"],
                "result": None if last is None else (last["result"] or last["error"]),
                "requests": None if last is None else last["requests"],
                "next_morning": upcoming.isoformat(timespec="minutes"),
                "last_synced": None if streak.get("last_synced") is None else streak["last_synced"].isoformat(),
                "failed_mornings": failed,
                "problem": problem,
            }
        )
    return out
