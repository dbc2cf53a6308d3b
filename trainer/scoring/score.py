"""``score_days``: every athlete-day's recovery score, components, ACWR and status in one pass."""

from __future__ import annotations

import polars as pl

from trainer.scoring import load, recovery
from trainer.scoring.config import ScoringConfig
from trainer.scoring.inputs import align_athlete_ids, prepare_loads, prepare_wellness

SCORE_COLUMNS = [
    "athlete_id", "date", "hrv_component", "hr_component", "sleep_component", "stress_component",
    "raw_score", "acwr", "acwr_factor", "total_score", "status", "missing", "flags",
]
DETAIL_COLUMNS = [
    "hrv_ms", "hrv_base", "resting_hr", "hr_base", "sleep_minutes", "sleep_score", "stress_level",
    "load", "acute", "chronic", "hrv_z",
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
    wellness, loads = align_athlete_ids(prepare_wellness(wellness), prepare_loads(loads))
    return score_prepared(wellness, loads, config)


def score_prepared(wellness: pl.DataFrame, loads: pl.DataFrame, config: ScoringConfig = ScoringConfig()) -> pl.DataFrame:
    """``score_days`` for frames that already went through ``prepare_wellness`` / ``prepare_loads``.

    Independent expressions share a ``with_columns`` so polars evaluates them in parallel.
    """
    grid = load.daily_grid(wellness, loads).lazy()
    scored = _seed(grid, config) if config.method == "seed" else _normal_range(grid, config)
    return (
        scored.with_columns(load.acwr(config))
        .with_columns(load.acwr_factor(config), recovery.raw_score(config))
        .with_columns(recovery.total_and_status(config))
        .filter(pl.col("day_index") >= 0)
        .select(*SCORE_COLUMNS, *DETAIL_COLUMNS)
        .collect(engine="in-memory")  # measured faster than the default engine for this plan
    )


def _seed(grid: pl.LazyFrame, config: ScoringConfig) -> pl.LazyFrame:
    return (
        grid.with_columns(*recovery.seed_baselines(config), *load.acute_chronic(config))
        .with_columns(*recovery.seed_components(), recovery.missing_inputs(pl.col("hrv_base"), pl.col("hr_base")),
                      flags=pl.lit(""), hrv_z=pl.lit(None, pl.Float64))
    )


def _normal_range(grid: pl.LazyFrame, config: ScoringConfig) -> pl.LazyFrame:
    grid = grid.with_columns(hrv_log=pl.col("hrv_ms").log())
    grid = recovery.robust_baseline(grid, "hrv_log", "hrv", config, config.nr_hrv_sigma_floor)
    grid = recovery.robust_baseline(grid, "resting_hr", "hr", config, config.nr_rhr_sigma_floor)
    flags = pl.concat_str(
        [pl.when(pl.col("provisional")).then(pl.lit("provisional")), pl.when(pl.col("hrv_z") > 2).then(pl.lit("hrv unusually high"))],
        separator=",", ignore_nulls=True,
    ).fill_null("")
    return (
        grid.with_columns(*recovery.normal_range_components(config), *load.acute_chronic(config))
        .with_columns(recovery.missing_inputs(pl.col("hrv_base"), pl.col("hr_base")), flags.alias("flags"))
    )
