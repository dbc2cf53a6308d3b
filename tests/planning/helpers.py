"""Plans built from constructed goals and fitness, shared by the planning tests."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from trainer.planning.fitness import Fitness
from trainer.planning.generate import Plan, build_plan
from trainer.planning.goals import GoalSpec
from trainer.scoring.zones import HeartRateProfile

HR = HeartRateProfile(max_hr=188, max_hr_source="setting", rest_hr=50, rest_hr_source="setting", lthr=None)
FIRST_DAY = date(2026, 11, 25)


def marathon_plan(weeks_out: int = 20, weekly_minutes: float = 300, ctl: float = 55, **goal) -> Plan:
    spec = GoalSpec("Spring marathon", 42.195, FIRST_DAY + timedelta(weeks=weeks_out), target_time_s=12600, **goal)
    return build_plan(spec, Fitness(ctl=ctl, weekly_minutes=weekly_minutes, load_per_minute=1.4), HR, FIRST_DAY)


def easy_share(workouts: pl.DataFrame) -> pl.DataFrame:
    """Per week: share of (non-race) minutes at easy or recovery intensity."""
    training = workouts.filter(pl.col("kind") != "race")
    return (
        training.group_by("week")
        .agg(
            (
                pl.col("minutes").filter(pl.col("intensity").is_in(["easy", "recovery"])).sum()
                / pl.col("minutes").sum()
            ).alias("share"),
            pl.col("minutes").sum().alias("minutes"),
        )
        .sort("week")
    )
