"""The load model of SCORING.md: daily load, ACWR (three variants), fitness / fatigue / form,
monotony and strain, and per-activity load with its fallback chain.

Every window here is over the days BEFORE D (``shift(1)`` then a rolling window). Frames are
``grid.daily_grid`` frames: one row per athlete-day, each athlete's block contiguous and preceded
by empty padding rows, so a rolling window over the whole column stays within one athlete.
"""

from __future__ import annotations

import math

import polars as pl

from trainer.scoring.config import ScoringConfig
from trainer.scoring.grid import BY_ATHLETE


def prior_sum(column: str, days: int) -> pl.Expr:
    """Sum of ``column`` over D-days..D-1 (nulls skipped; null when no value in the window)."""
    return pl.col(column).shift(1).rolling_sum(days, min_samples=1)


def prior_count(column: str, days: int) -> pl.Expr:
    """How many non-missing values ``column`` has over D-days..D-1."""
    return pl.col(column).is_not_null().cast(pl.Int32).shift(1, fill_value=0).rolling_sum(days, min_samples=1)


def prior_mean(column: str, days: int, min_values: int) -> pl.Expr:
    """Mean over D-days..D-1 of the values present; null with fewer than ``min_values``
    (polars counts only non-null values toward ``min_samples``)."""
    return pl.col(column).shift(1).rolling_mean(days, min_samples=min_values)


def acute_chronic(config: ScoringConfig) -> list[pl.Expr]:
    """``acute`` and ``chronic`` load for the configured ACWR variant, from loads up to D-1.

    rolling: means over D-7..D-1 and D-28..D-1; uncoupled: D-7..D-1 over D-28..D-8;
    ewma: exponentially weighted averages with spans 7 and 28, as of D-1.
    """
    a, c = config.acute_days, config.chronic_days
    if config.acwr == "ewma":
        return [
            ewma("load", a).shift(1).over(BY_ATHLETE).alias("acute"),
            ewma("load", c).shift(1).over(BY_ATHLETE).alias("chronic"),
        ]
    acute_sum, chronic_sum = prior_sum("load", a), prior_sum("load", c)
    chronic = (chronic_sum - acute_sum) / (c - a) if config.acwr == "uncoupled" else chronic_sum / c
    return [(acute_sum / a).alias("acute"), chronic.alias("chronic")]


def acwr(config: ScoringConfig) -> pl.Expr:
    """acute / chronic; undefined (null) before ``chronic_days`` days of recorded history or when
    chronic load is 0. Rounded to 9 decimals so float noise cannot push an exact 1.3 over a
    strict threshold."""
    defined = (pl.col("day_index") >= config.chronic_days) & (pl.col("chronic") > 0)
    return pl.when(defined).then((pl.col("acute") / pl.col("chronic")).round(9)).alias("acwr")


def ewma(column: str, span_days: int) -> pl.Expr:
    """Williams et al. (2017): E_d = lambda * L_d + (1 - lambda) * E_(d-1), lambda = 2 / (N + 1)."""
    return pl.col(column).ewm_mean(alpha=2.0 / (span_days + 1), adjust=False)


def acwr_factor(config: ScoringConfig) -> pl.Expr:
    """0.8 above the danger ratio, 0.9 above the caution ratio (both strictly), else 1 (also when undefined)."""
    acwr = pl.col("acwr")
    return (
        pl.when(acwr > config.acwr_danger)
        .then(config.acwr_danger_factor)
        .when(acwr > config.acwr_caution)
        .then(config.acwr_caution_factor)
        .otherwise(1.0)
        .alias("acwr_factor")
    )


def training_load_metrics(grid: pl.DataFrame | pl.LazyFrame, config: ScoringConfig = ScoringConfig()) -> pl.DataFrame:
    """Fitness (CTL), fatigue (ATL), form (TSB), monotony, strain and CTL ramp per athlete-day.

    CTL_d = CTL_(d-1) * e^(-1/42) + L_d * (1 - e^(-1/42)) from 0 before the first day (ATL the same
    with 7: exponential decay, as intervals.icu and TrainingPeaks compute them); TSB(D) = CTL(D-1) - ATL(D-1);
    monotony = mean / SD of daily load over D-7..D-1 (rest days count as 0); strain = weekly load *
    monotony; ramp = CTL(D) - CTL(D-7). Takes the ``daily_grid`` columns athlete_id, date, load.
    """
    ctl = _banister("load", config.ctl_days)
    atl = _banister("load", config.atl_days)
    week = pl.col("load").shift(1).rolling_sum(7, min_samples=7).over(BY_ATHLETE)
    sd = pl.col("load").shift(1).rolling_std(7, min_samples=7, ddof=1).over(BY_ATHLETE)
    mean = week / 7
    real_days = grid.lazy().filter(pl.col("day_index") >= 0) if "day_index" in grid.collect_schema() else grid.lazy()
    return (
        real_days.select(BY_ATHLETE, "date", "load")
        .with_columns(ctl=ctl.over(BY_ATHLETE), atl=atl.over(BY_ATHLETE))
        .with_columns(
            tsb=(pl.col("ctl") - pl.col("atl")).shift(1).over(BY_ATHLETE),
            monotony=pl.when(sd > 0).then(mean / sd),
            weekly_load=week,
        )
        .with_columns(
            strain=pl.col("weekly_load") * pl.col("monotony"),
            ctl_ramp=(pl.col("ctl") - pl.col("ctl").shift(7)).over(BY_ATHLETE),
        )
        .collect()
    )


def decay_weight(days: float) -> float:
    """The share of today's load in fitness or fatigue with time constant ``days``: 1 - e^(-1/days).

    >>> round(decay_weight(42), 5)
    0.02353
    """
    return 1.0 - math.exp(-1.0 / days)


def decayed(start: float, daily_loads: list[float], days: float) -> float:
    """Fitness (or fatigue) after ``daily_loads``, from ``start`` the day before the first of them."""
    weight = decay_weight(days)
    for load in daily_loads:
        start += (load - start) * weight
    return start


def _banister(column: str, days: int) -> pl.Expr:
    """x_d = x_(d-1) * e^(-1/days) + L_d * (1 - e^(-1/days)), starting from 0 before the first day."""
    alpha = decay_weight(days)
    # ewm_mean(adjust=False) starts at L_0; scaling by the bias term makes it start from 0 instead.
    steps = pl.int_range(1, pl.len() + 1)
    return pl.col(column).ewm_mean(alpha=alpha, adjust=True) * (1 - (1 - alpha) ** steps)


# --- per-activity load -----------------------------------------------------------------------


def banister_trimp(hr: pl.Expr, seconds: pl.Expr, hr_rest: float, hr_max: float, sex: str | None) -> pl.Expr:
    """Banister TRIMP over an HR stream: sum of minutes * HRr * k * e^(b * HRr).

    k, b = 0.64, 1.92 for men and 0.86, 1.67 for women (men's values when sex is unknown).
    HRr = (HR - HRrest) / (HRmax - HRrest), clipped to 0..1; samples of 0 bpm are missing.
    """
    k, b = (0.86, 1.67) if sex == "female" else (0.64, 1.92)
    hrr = ((hr - hr_rest) / (hr_max - hr_rest)).clip(0.0, 1.0)
    valid = hr > 0
    return pl.when(valid).then(seconds / 60.0 * hrr * k * (b * hrr).exp()).sum()


def banister_trimp_from_average(avg_hr: float, minutes: float, hr_rest: float, hr_max: float, sex: str | None) -> float:
    """Banister TRIMP when only the session's average HR is known."""
    k, b = (0.86, 1.67) if sex == "female" else (0.64, 1.92)
    hrr = min(max((avg_hr - hr_rest) / (hr_max - hr_rest), 0.0), 1.0)
    return minutes * hrr * k * math.exp(b * hrr)


def edwards_trimp(zone_minutes: list[float]) -> float:
    """Edwards TRIMP: minutes in zone 1..5 (50-60 ... 90-100 % HRmax) weighted 1..5."""
    return sum(minutes * weight for weight, minutes in enumerate(zone_minutes, start=1))


def session_rpe_load(rpe: float, minutes: float) -> float:
    """Foster's session RPE: CR-10 RPE times minutes."""
    return rpe * minutes


def calibrated_loads(activities: pl.DataFrame, min_pairs: int = 10) -> pl.DataFrame:
    """Choose each activity's load by the fallback chain and scale fallbacks into Garmin units.

    Input columns: athlete_id, garmin_load, trimp, edwards, srpe, power (null where unknown).
    Output adds ``load`` and ``load_source``: garmin, or estimated (a fallback scaled by the
    athlete's median garmin / fallback ratio over at least ``min_pairs`` activities that have
    both), or trimp / srpe / power unscaled when there are too few pairs to calibrate. The power
    load (a ride with power and no heart rate) comes after SCORING.md's chain.
    """
    if "power" not in activities.columns:
        activities = activities.with_columns(power=pl.lit(None, pl.Float64))
    chain = ("trimp", "edwards", "srpe", "power")
    frame = activities.with_columns(
        fallback=pl.coalesce(*chain),
        fallback_kind=pl.coalesce(*(pl.when(pl.col(name).is_not_null()).then(pl.lit(name)) for name in chain)),
    )
    ratios = [
        pl.when(pl.col("garmin_load").is_not_null() & pl.col(name).is_not_null() & (pl.col(name) > 0))
        .then(pl.col("garmin_load") / pl.col(name))
        .alias(f"_ratio_{name}")
        for name in chain
    ]
    frame = frame.with_columns(ratios).with_columns(
        pl.when(pl.col(f"_ratio_{name}").count().over(BY_ATHLETE) >= min_pairs)
        .then(pl.col(f"_ratio_{name}").median().over(BY_ATHLETE))
        .alias(f"_scale_{name}")
        for name in chain
    )
    scale = pl.coalesce(*(pl.when(pl.col("fallback_kind") == name).then(pl.col(f"_scale_{name}")) for name in chain))
    return frame.with_columns(
        load=pl.when(pl.col("garmin_load").is_not_null())
        .then(pl.col("garmin_load"))
        .when(scale.is_not_null())
        .then(pl.col("fallback") * scale)
        .otherwise(pl.col("fallback")),
        load_source=pl.when(pl.col("garmin_load").is_not_null())
        .then(pl.lit("garmin"))
        .when(pl.col("fallback").is_null())
        .then(None)
        .when(scale.is_not_null())
        .then(pl.lit("estimated"))
        .when(pl.col("fallback_kind") == "srpe")
        .then(pl.lit("srpe"))
        .when(pl.col("fallback_kind") == "power")
        .then(pl.lit("power"))
        .otherwise(pl.lit("trimp")),
    ).drop(pl.selectors.starts_with("_"), "fallback", "fallback_kind")
