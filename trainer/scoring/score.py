"""``score_days``: every athlete-day's recovery score, components, ACWR and status in one pass."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from trainer.scoring import grid, load, recovery
from trainer.scoring.config import ScoringConfig
from trainer.scoring.inputs import OPTIONAL_WELLNESS_COLUMNS, prepare_inputs

SCORE_COLUMNS = [
    "athlete_id",
    "date",
    "hrv_component",
    "hr_component",
    "sleep_component",
    "stress_component",
    "raw_score",
    "acwr",
    "acwr_factor",
    "total_score",
    "status",
    "missing",
    "flags",
]
DETAIL_COLUMNS = [
    "hrv_ms",
    "hrv_base",
    "resting_hr",
    "hr_base",
    "sleep_minutes",
    "sleep_score",
    "stress_level",
    "load",
    "acute",
    "chronic",
    "hrv_z",
]


def score_days(
    wellness: pl.DataFrame | pl.LazyFrame,
    loads: pl.DataFrame | pl.LazyFrame,
    config: ScoringConfig = ScoringConfig(),
) -> pl.DataFrame:
    """Score every athlete-day from each athlete's first recorded day to the last.

    ``wellness``: athlete_id, date, hrv_ms, resting_hr, sleep_minutes, sleep_score, stress_level
    (and optionally Garmin's hrv_baseline_low / hrv_baseline_high); one row per athlete-day.
    ``loads``: athlete_id, date, load; any number of rows a day (they are summed).

    Returns ``SCORE_COLUMNS`` then ``DETAIL_COLUMNS`` (the inputs and baselines behind the
    score, for explanations and charts). ``missing`` lists the inputs that were missing;
    ``flags`` says "provisional" (normal-range on Garmin's baseline) or "hrv unusually high".
    Days without a score have null total and status "insufficient data".
    """
    wellness, loads = prepare_inputs(wellness, loads)
    return score_prepared(wellness, loads, config)


def score_prepared(
    wellness: pl.DataFrame, loads: pl.DataFrame, config: ScoringConfig = ScoringConfig()
) -> pl.DataFrame:
    """``score_days`` for frames that already went through ``prepare_wellness`` / ``prepare_loads``.

    Window work runs on the padded grid; the padding goes right after, so the row-wise stages
    that follow touch only real days. Independent expressions share a ``with_columns`` so polars
    evaluates them in parallel.
    """
    windows, scores = (
        (_seed_windows, _seed_scores) if config.method == "seed" else (_normal_range_windows, _normal_range_scores)
    )
    if config.method == "seed":
        wellness = wellness.drop(OPTIONAL_WELLNESS_COLUMNS, strict=False)  # Garmin's band is normal-range only
    days = windows(grid.daily_grid(wellness, loads).lazy(), config).filter(pl.col("day_index") >= 0)
    scored = scores(days, config)
    factor_and_raw, total_and_status = _combining(config)
    return (
        scored.with_columns(*factor_and_raw)
        .with_columns(*total_and_status)
        .select(*SCORE_COLUMNS, *DETAIL_COLUMNS)
        .collect(engine="in-memory")  # measured faster than the default engine for this plan
    )


@lru_cache(maxsize=64)
def _combining(config: ScoringConfig) -> tuple[tuple[pl.Expr, ...], tuple[pl.Expr, ...]]:
    """Expressions are built once per config: on a year or two of one athlete, building them
    took longer than running them."""
    return (load.acwr_factor(config), recovery.raw_score(config)), tuple(recovery.total_and_status(config))


@lru_cache(maxsize=64)
def _seed_stages(config: ScoringConfig) -> tuple[tuple[pl.Expr, ...], tuple[pl.Expr, ...], tuple[pl.Expr, ...]]:
    """The seed method's windows, then the changes they give, then the components."""
    windows = (*recovery.seed_baselines(config), *load.acute_chronic(config), recovery.stress_before())
    changes = (*recovery.seed_changes(), recovery.sleep_duration(), load.acwr(config))
    components = (
        *recovery.seed_components(),
        recovery.missing_inputs(pl.col("hrv_base"), pl.col("hr_base")),
        pl.lit("").alias("flags"),
        pl.lit(None, pl.Float64).alias("hrv_z"),
    )
    return windows, changes, components


def _seed_windows(padded: pl.LazyFrame, config: ScoringConfig) -> pl.LazyFrame:
    return padded.with_columns(*_seed_stages(config)[0])


def _seed_scores(days: pl.LazyFrame, config: ScoringConfig) -> pl.LazyFrame:
    _, changes, components = _seed_stages(config)
    return days.with_columns(*changes).with_columns(*components)


def _normal_range_windows(padded: pl.LazyFrame, config: ScoringConfig) -> pl.LazyFrame:
    padded = padded.with_columns(hrv_log=pl.col("hrv_ms").log())
    padded = recovery.robust_baseline(padded, "hrv_log", "hrv", config, config.nr_hrv_sigma_floor)
    padded = recovery.robust_baseline(padded, "resting_hr", "hr", config, config.nr_rhr_sigma_floor)
    return padded.with_columns(recovery.stress_before(), recovery.sleep_duration()).with_columns(
        *recovery.normal_range_components(config), *load.acute_chronic(config)
    )


def _normal_range_scores(days: pl.LazyFrame, config: ScoringConfig) -> pl.LazyFrame:
    flags = pl.concat_str(
        [
            pl.when(pl.col("provisional")).then(pl.lit("provisional")),
            pl.when(pl.col("hrv_z") > 2).then(pl.lit("hrv unusually high")),
        ],
        separator=",",
        ignore_nulls=True,
    ).fill_null("")
    return days.with_columns(load.acwr(config)).with_columns(
        recovery.missing_inputs(pl.col("hrv_base"), pl.col("hr_base")), flags.alias("flags")
    )
