"""What was done against what was planned: each planned workout matched to a real activity.

A workout matches an activity of the same sport on the same day or one day either side, each
activity at most once; same-day matches first, then the closest in minutes. A week's compliance
is completed / planned, in minutes and in load, over the workouts already due.
"""

from __future__ import annotations

from datetime import date

import polars as pl

MATCH_COLUMNS = {"activity_id": pl.Int64, "offset_days": pl.Int64, "done_minutes": pl.Float64, "done_load": pl.Float64}


def match_workouts(planned: pl.DataFrame, activities: pl.DataFrame, today: date) -> pl.DataFrame:
    """``planned`` (workout_id, week, date, sport, minutes, planned_load) with MATCH_COLUMNS and a
    ``status``: done (same day), moved (+-1 day), missed (past, unmatched) or planned (to come).

    ``activities``: activity_id, date, sport, duration_s, load (``load_activities``); a multisport
    parent is skipped, its legs count.
    """
    legs = activities.filter(~pl.col("activity_id").is_in(activities["parent_id"].drop_nulls().implode()))
    candidates = (
        planned.select("workout_id", "date", "sport", "minutes")
        .join(legs.select("activity_id", pl.col("date").alias("done_date"), "sport", "duration_s"), on="sport")
        .with_columns(offset_days=(pl.col("done_date") - pl.col("date")).dt.total_days())
        .filter(pl.col("offset_days").abs() <= 1)
        .sort(
            pl.col("offset_days").abs(),
            (pl.col("duration_s") / 60 - pl.col("minutes")).abs(),
            "workout_id",
            "activity_id",
        )
    )
    pairs = _one_to_one(candidates.select("workout_id", "activity_id", "offset_days").rows())
    matched = pl.DataFrame(
        pairs, schema={"workout_id": pl.Int64, "activity_id": pl.Int64, "offset_days": pl.Int64}, orient="row"
    ).join(
        legs.select(
            "activity_id", (pl.col("duration_s") / 60).alias("done_minutes"), pl.col("load").alias("done_load")
        ),
        on="activity_id",
        how="left",
    )
    return planned.join(matched, on="workout_id", how="left").with_columns(
        status=pl.when(pl.col("offset_days") == 0)
        .then(pl.lit("done"))
        .when(pl.col("activity_id").is_not_null())
        .then(pl.lit("moved"))
        .when(pl.col("date") < today)
        .then(pl.lit("missed"))
        .otherwise(pl.lit("planned"))
    )


def _one_to_one(ranked: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Greedy matching over candidate pairs already sorted best first (inherently sequential)."""
    used_workouts: set[int] = set()
    used_activities: set[int] = set()
    pairs = []
    for workout_id, activity_id, offset in ranked:
        if workout_id in used_workouts or activity_id in used_activities:
            continue
        used_workouts.add(workout_id)
        used_activities.add(activity_id)
        pairs.append((workout_id, activity_id, offset))
    return pairs


def weekly_compliance(matched: pl.DataFrame, today: date) -> pl.DataFrame:
    """Per plan week, over the workouts due before ``today``: planned and done minutes and load,
    and compliance = done / planned (null when nothing was due yet)."""
    due = matched.filter(pl.col("date") < today)
    return (
        due.group_by("week")
        .agg(
            pl.col("minutes").sum().alias("due_minutes"),
            pl.col("done_minutes").sum().alias("done_minutes"),
            pl.col("planned_load").sum().alias("due_load"),
            pl.col("done_load").sum().alias("done_load"),
            (pl.col("status") == "missed").sum().alias("missed"),
            pl.len().alias("due_workouts"),
        )
        .with_columns(
            minutes_compliance=pl.when(pl.col("due_minutes") > 0).then(pl.col("done_minutes") / pl.col("due_minutes")),
            load_compliance=pl.when(pl.col("due_load") > 0).then(pl.col("done_load") / pl.col("due_load")),
        )
        .sort("week")
    )
