"""What a change of scoring settings would alter: status transitions per athlete and the days."""

from __future__ import annotations

import polars as pl

KEYS = ["athlete_id", "date"]


def status_changes(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """Days whose status differs between two scorings of the same days.

    Columns: athlete_id, date, status_before, status_after, score_before, score_after, why (in words:
    a day that loses or gains its score did so because the inputs measured that day carry under, or
    again at least, half of the weight: SCORING.md's rule for a score).
    """
    joined = before.select(
        *KEYS, pl.col("status").alias("status_before"), pl.col("total_score").alias("score_before")
    ).join(
        after.select(*KEYS, pl.col("status").alias("status_after"), pl.col("total_score").alias("score_after")), on=KEYS
    )
    why = (
        pl.when(pl.col("status_after") == "insufficient data")
        .then(pl.lit("what was measured that day carries under half of the weight with these settings"))
        .when(pl.col("status_before") == "insufficient data")
        .then(pl.lit("what was measured that day carries at least half of the weight with these settings"))
        .otherwise(pl.format("score {} -> {}", pl.col("score_before"), pl.col("score_after")))
    )
    return (
        joined.filter(pl.col("status_before") != pl.col("status_after"))
        .select(*KEYS, "status_before", "status_after", "score_before", "score_after", why.alias("why"))
        .sort(KEYS)
    )


def change_summary(changes: pl.DataFrame) -> pl.DataFrame:
    """Count of changed days per athlete and transition, e.g. green -> yellow: 12."""
    return (
        changes.group_by("athlete_id", "status_before", "status_after")
        .agg(pl.len().alias("days"))
        .with_columns(change=pl.format("{} -> {}", "status_before", "status_after"))
        .sort("athlete_id", pl.col("days"), descending=[False, True])
        .select("athlete_id", "change", "days")
    )
