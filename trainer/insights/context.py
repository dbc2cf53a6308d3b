"""The daily frame insights are drawn from: scores, inputs, load metrics, HRV range, readiness,
over the last weeks. Rules read it; Claude gets it as a compact table (no names, no GPS, no notes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from trainer.scoring.load import training_load_metrics
from trainer.scoring.recovery import hrv_normal_range

WINDOW_DAYS = 56
DAY_COLUMNS = {
    "date": pl.Date,
    "total_score": pl.Int64,
    "status": pl.String,
    "hrv_ms": pl.Float64,
    "hrv_low": pl.Float64,
    "hrv_below": pl.Boolean,
    "resting_hr": pl.Float64,
    "hr_base": pl.Float64,
    "sleep_minutes": pl.Float64,
    "stress_level": pl.Float64,
    "load": pl.Float64,
    "chronic": pl.Float64,
    "acwr": pl.Float64,
    "ctl": pl.Float64,
    "atl": pl.Float64,
    "tsb": pl.Float64,
    "monotony": pl.Float64,
    "strain": pl.Float64,
    "ctl_ramp": pl.Float64,
    "readiness": pl.Float64,
}


@dataclass(frozen=True)
class PlanFacts:
    """What the plan adds: last completed week's compliance and the next key session, if any."""

    compliance: float | None = None
    compliance_week: int | None = None
    key_session: dict | None = None  # {date, kind, minutes, intensity}
    goal: str | None = None


@dataclass(frozen=True)
class InsightInputs:
    """Everything an insight is written from: the daily frame (DAY_COLUMNS) ending on ``on``."""

    on: date
    days: pl.DataFrame
    plan: PlanFacts = field(default_factory=PlanFacts)


def daily_frame(
    scores: pl.DataFrame,
    loads: pl.DataFrame,
    wellness: pl.DataFrame,
    readiness: pl.DataFrame,
    on: date,
    window: int = WINDOW_DAYS,
) -> pl.DataFrame:
    """One athlete's last ``window`` days ending ``on`` with DAY_COLUMNS.

    ``scores``: ``score_days`` output; ``loads``: date, load; ``wellness``: athlete_id, date, hrv_ms;
    ``readiness``: date, readiness (0-10).
    """
    first = on - timedelta(days=window - 1)
    days = pl.DataFrame({"date": pl.date_range(first, on, eager=True)})
    metrics = _load_metrics(loads, on)
    hrv = (
        hrv_normal_range(wellness.select("athlete_id", "date", "hrv_ms")).select("date", "hrv_low", "hrv_below")
        if not wellness.is_empty()
        else pl.DataFrame(schema={"date": pl.Date, "hrv_low": pl.Float64, "hrv_below": pl.Boolean})
    )
    frame = (
        days.join(
            scores.drop("athlete_id", strict=False).select(
                "date",
                "total_score",
                "status",
                "hrv_ms",
                "resting_hr",
                pl.col("hr_base"),
                "sleep_minutes",
                "stress_level",
                "load",
                "chronic",
                "acwr",
            ),
            on="date",
            how="left",
        )
        .join(metrics, on="date", how="left")
        .join(hrv, on="date", how="left")
        .join(readiness.select("date", "readiness"), on="date", how="left")
    )
    return frame.select(pl.col(name).cast(dtype) for name, dtype in DAY_COLUMNS.items())


def _load_metrics(loads: pl.DataFrame, on: date) -> pl.DataFrame:
    columns = ["date", "ctl", "atl", "tsb", "monotony", "strain", "ctl_ramp"]
    if loads.is_empty():
        return pl.DataFrame(schema={name: pl.Date if name == "date" else pl.Float64 for name in columns})
    daily = loads.group_by("date").agg(pl.col("load").sum())
    grid = pl.DataFrame({"date": pl.date_range(daily["date"].min(), max(on, daily["date"].max()), eager=True)})
    grid = grid.join(daily, on="date", how="left").with_columns(
        athlete_id=pl.lit(0), load=pl.col("load").fill_null(0.0)
    )
    return training_load_metrics(grid).select(columns)


def history_table(days: pl.DataFrame) -> str:
    """The days as CSV with rounded numbers: compact, deterministic, and nothing personal."""
    table = days.select(
        "date",
        pl.col("total_score").alias("score"),
        "status",
        pl.col("hrv_ms").round(0).alias("hrv"),
        pl.col("hrv_low").round(0).alias("hrv_range_low"),
        pl.col("resting_hr").round(0).alias("rhr"),
        pl.col("hr_base").round(1).alias("rhr_base"),
        (pl.col("sleep_minutes") / 60).round(1).alias("sleep_h"),
        pl.col("stress_level").round(0).alias("stress"),
        pl.col("load").round(0),
        pl.col("acwr").round(2),
        pl.col("ctl").round(1),
        pl.col("atl").round(1),
        pl.col("tsb").round(1),
        pl.col("monotony").round(2),
        pl.col("readiness").round(1).alias("felt_0_10"),
    )
    return table.write_csv(null_value="", date_format="%Y-%m-%d")
