"""The tables the apps show, with headers a person reads (no column names from the code)."""

from __future__ import annotations

import polars as pl

from trainer.day.status import STATUS_ORDER, label
from trainer.day.words import missing_in_words_expr
from trainer.planning.steps import session_steps, steps_short
from trainer.scoring.recommend import TARGET_COLUMNS, session_target

STATUS_LABELS = {status: label(status) for status in STATUS_ORDER}


def status_words(column: str = "status") -> pl.Expr:
    return pl.col(column).replace_strict(STATUS_LABELS, default=pl.col(column), return_dtype=pl.String)


def history_table(days: pl.DataFrame) -> pl.DataFrame:
    """Scored days, newest first: the score, its status in words, each part's score, the load ratio,
    what was not measured."""
    return days.select(
        pl.col("date").alias("Date"),
        pl.col("total_score").alias("Score"),
        status_words().alias("Status"),
        pl.col("hrv_component").round(0).alias("HRV"),
        pl.col("hr_component").round(0).alias("Resting HR"),
        pl.col("sleep_component").round(0).alias("Sleep"),
        pl.col("stress_component").round(0).alias("Stress"),
        pl.col("acwr").round(2).alias("Load ratio"),
        missing_in_words_expr().fill_null("").alias("Not measured"),
    ).sort("Date", descending=True)


SPORT_NOUNS = {"run": "run", "bike": "ride", "swim": "swim", "triathlon": "triathlon"}


def next_sessions_table(workouts: pl.DataFrame, on_watch: frozenset = frozenset()) -> pl.DataFrame:
    """The plan's coming sessions: day, what, how long, how hard, its target (power for a ride, pace
    for a run where known, heart rate beside it or alone), its steps,
    whether it is on the athlete's watch (``on_watch``: the days ``trainer plan push`` put there), why."""
    steps = [
        steps_short(session_steps(kind, minutes, intensity))
        for kind, minutes, intensity in zip(workouts["kind"], workouts["minutes"], workouts["intensity"])
    ]
    targets = [
        session_target(*(row.get(name) for name in TARGET_COLUMNS)).removeprefix(" at ")
        for row in workouts.iter_rows(named=True)
    ]
    return workouts.select(
        pl.col("date").alias("Date"),
        pl.when(pl.col("kind") == "race")
        .then(pl.lit("race"))
        .otherwise(pl.format("{} {}", pl.col("kind").str.replace_all("_", " "), pl.col("sport").replace(SPORT_NOUNS)))
        .alias("Session"),
        pl.col("minutes").alias("Minutes"),
        pl.col("intensity").alias("Intensity"),
        pl.Series("Target", targets, dtype=pl.String),
        pl.Series("Steps", steps, dtype=pl.String),
        pl.when(pl.col("date").is_in(list(on_watch)))
        .then(pl.lit("yes"))
        .otherwise(pl.lit("not yet"))
        .alias("On the watch"),
        pl.col("purpose").alias("Why"),
    )


def squad_display(table: pl.DataFrame) -> pl.DataFrame:
    """``squad_today``'s table with a coach's headers (a Study column while one runs)."""
    study = [pl.col("study").alias("Study")] if "study" in table.columns and table["study"].is_not_null().any() else []
    return table.select(
        pl.col("athlete").alias("Athlete"),
        pl.col("status").alias("Status"),
        pl.col("score").alias("Score"),
        *([pl.col("readiness").alias("Said (0-10)")] if "readiness" in table.columns else []),
        pl.col("acwr").alias("Load ratio"),
        pl.col("flags").alias("Flags"),
        *study,
        *([pl.col("last_synced").alias("Last synced")] if "last_synced" in table.columns else []),
    )
