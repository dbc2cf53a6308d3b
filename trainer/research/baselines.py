"""Simple predictors of the same readiness, to set the score beside: a score is only worth its
rules if it tracks readiness better than a single raw measure or than readiness itself.

Every baseline is known on the morning the score is computed (day D) and oriented so that higher
means "more ready", as the score is; each is judged exactly as the score is (rmcorr with the same
readiness, the same cluster bootstrap). ``with_baselines`` adds one column per key of BASELINES.
"""

from __future__ import annotations

import polars as pl

BASELINES: dict[str, str] = {
    "resting_hr_only": "resting HR alone",
    "sleep_only": "sleep duration alone",
    "hrv_only": "HRV alone",
    "yesterday": "yesterday's readiness",
    "athlete_mean": "the athlete's own mean",
}

DEFINITIONS: dict[str, str] = {
    "resting_hr_only": "minus the morning's resting heart rate (a lower resting HR counts as more ready)",
    "sleep_only": "the night's sleep duration in minutes",
    "hrv_only": "the night's HRV (ms)",
    "yesterday": "the readiness the athlete reported the day before the day predicted (persistence)",
    "athlete_mean": "the mean of all readiness the athlete reported before the day predicted",
}


def with_baselines(joined: pl.DataFrame, readiness: pl.DataFrame, lag: int = 0) -> pl.DataFrame:
    """``joined`` (scores of D beside readiness of D + lag, from ``joined_days``) with one column
    per baseline. A baseline without its input on a day is null that day; HRV alone is null
    throughout when no HRV was recorded."""
    reported = readiness.select("athlete_id", "date", "readiness").drop_nulls().sort("athlete_id", "date")
    history = reported.with_columns(
        athlete_mean=(
            (pl.col("readiness").cum_sum() - pl.col("readiness")) / (pl.col("readiness").cum_count() - 1)
        ).over("athlete_id"),
    ).with_columns(pl.when(pl.col("athlete_mean").is_finite()).then("athlete_mean").alias("athlete_mean"))
    yesterday = reported.select(
        "athlete_id", (pl.col("date") + pl.duration(days=1)).alias("date"), pl.col("readiness").alias("yesterday")
    )
    # both are keyed by the day predicted (D + lag); the joined frame is keyed by the score's day D
    known = history.select("athlete_id", "date", "athlete_mean").join(yesterday, on=["athlete_id", "date"], how="left")
    known = known.with_columns(pl.col("date") - pl.duration(days=lag))
    return joined.join(known, on=["athlete_id", "date"], how="left").with_columns(
        resting_hr_only=-pl.col("resting_hr").cast(pl.Float64),
        sleep_only=pl.col("sleep_minutes").cast(pl.Float64),
        hrv_only=pl.col("hrv_ms").cast(pl.Float64),
    )
