"""What the scheduled jobs recorded in ``job_run``, read for the people who watch them: the
worker's ``trainer jobs`` and the coach's squad (which lies below the jobs' room)."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import select

from trainer.store.database import Database
from trainer.store.models import JobRun, table_of

RUN_SCHEMA: dict[str, Any] = {
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
