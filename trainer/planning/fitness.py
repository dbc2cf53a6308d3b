"""Where a plan starts from: the athlete's chronic load, recent weekly volume in the goal's sports
(a triathlon's swim, bike and run legs together) and load per minute."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from trainer.scoring.config import ScoringConfig
from trainer.scoring.load import training_load_metrics

DEFAULT_LOAD_PER_MINUTE = 1.2  # Garmin-like load per minute of mixed training, for athletes with no history
RECENT_WEEKS = 4


@dataclass(frozen=True)
class Fitness:
    """``ctl``: chronic training load on the eve of the plan; ``weekly_minutes``: mean minutes a week
    in the goal's sports over the last four weeks; ``load_per_minute``: median load per minute."""

    ctl: float = 0.0
    weekly_minutes: float = 0.0
    load_per_minute: float = DEFAULT_LOAD_PER_MINUTE


def current_fitness(
    activities: pl.DataFrame, daily_loads: pl.DataFrame, sport: str, on: date, config: ScoringConfig = ScoringConfig()
) -> Fitness:
    """Fitness as of the end of ``on``, from ``load_activities`` and ``load_daily_loads`` frames
    of one athlete (columns: date, sport, duration_s, load / date, load)."""
    return Fitness(
        ctl=chronic_load(daily_loads, on, config),
        weekly_minutes=recent_weekly_minutes(activities, sport, on),
        load_per_minute=load_per_minute(activities, on),
    )


def chronic_load(daily_loads: pl.DataFrame, on: date, config: ScoringConfig = ScoringConfig()) -> float:
    """CTL at the end of ``on`` (the scoring engine's definition), 0 without any load."""
    loads = daily_loads.filter(pl.col("date") <= on, pl.col("load").is_not_null())
    if loads.is_empty():
        return 0.0
    days = pl.DataFrame({"date": pl.date_range(loads["date"].min(), on, eager=True)})
    grid = days.join(loads.group_by("date").agg(pl.col("load").sum()), on="date", how="left").with_columns(
        pl.col("load").fill_null(0.0), athlete_id=pl.lit(0)
    )
    return float(training_load_metrics(grid, config)["ctl"][-1])


def goal_sports(sport: str) -> tuple[str, ...]:
    """The activity sports a goal's training is done in: a triathlon's three, else its own."""
    return ("swim", "bike", "run") if sport == "triathlon" else (sport,)


def recent_weekly_minutes(activities: pl.DataFrame, sport: str, on: date) -> float:
    """Mean minutes a week over the last four weeks in the goal's sports; a multisport activity
    counts through its legs, never twice."""
    start = on - timedelta(days=7 * RECENT_WEEKS - 1)
    minutes = (
        activities.filter(pl.col("sport").is_in(goal_sports(sport)), pl.col("date").is_between(start, on))[
            "duration_s"
        ].sum()
        / 60
    )
    return float(minutes) / RECENT_WEEKS


def load_per_minute(activities: pl.DataFrame, on: date, days: int = 90) -> float:
    recent = activities.filter(
        pl.col("date").is_between(on - timedelta(days=days - 1), on),
        pl.col("load") > 0,
        pl.col("duration_s") >= 600,
    )
    if recent.height < 5:
        return DEFAULT_LOAD_PER_MINUTE
    return float((recent["load"] / (recent["duration_s"] / 60)).median())
