"""``score_days``: every athlete-day's recovery score, components, ACWR and status in one pass."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from trainer.scoring import grid, load, personal, recovery
from trainer.scoring.config import BaselineSettings, ScoringConfig
from trainer.scoring.grid import BY_ATHLETE
from trainer.scoring.inputs import CHECK_IN_COLUMNS, OPTIONAL_WELLNESS_COLUMNS, prepare_inputs

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
    "forecast",
    "with_checkin",
    "basis",
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
    Days without a score have null total and status "insufficient data". A wellness frame with
    ``hrv_kind`` (rmssd or sdnn, one per athlete) passes it on to each athlete's days, for words.
    """
    kinds = _hrv_kinds(wellness)
    wellness, loads = prepare_inputs(wellness, loads)
    scored = score_prepared(wellness, loads, config)
    if kinds is None:
        return scored
    kinds = kinds.with_columns(pl.col("athlete_id").cast(scored.schema["athlete_id"]))
    return scored.join(kinds, on="athlete_id", how="left")


def _hrv_kinds(wellness: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame | None:
    frame = wellness.collect() if isinstance(wellness, pl.LazyFrame) else wellness
    if "hrv_kind" not in frame.columns:
        return None
    return frame.select("athlete_id", "hrv_kind").drop_nulls().unique("athlete_id", keep="last")


@dataclass(frozen=True)
class NormalRangeBaselines:
    """The normal-range method's robust baselines of ln HRV and resting HR per athlete-day, and the
    settings they were computed with (``ScoringConfig.normal_range_baseline_settings``)."""

    settings: BaselineSettings
    frame: pl.DataFrame


BASELINE_COLUMNS = ("hrv_mu", "hrv_sigma", "hrv_n", "hr_mu", "hr_sigma", "hr_n")


def normal_range_baselines(
    wellness: pl.DataFrame, loads: pl.DataFrame, config: ScoringConfig = ScoringConfig()
) -> NormalRangeBaselines:
    """The slow part of the normal-range method (rolling medians and robust SDs over 60 days, twice
    for the outliers: about 0.8 s for 100 athletes x 5 years) on its own. It does not depend on
    the weights, the cut-offs or the load ratio, so the apps compute it once per data version and
    a lever change re-scores at the seed method's speed (``score_prepared(..., baselines=)``)."""
    padded = _robust_baselines(grid.daily_grid(wellness, loads).lazy(), config)
    frame = padded.select(BY_ATHLETE, "date", *BASELINE_COLUMNS).collect(engine="in-memory")
    return NormalRangeBaselines(config.normal_range_baseline_settings(), frame)


def score_prepared(
    wellness: pl.DataFrame,
    loads: pl.DataFrame,
    config: ScoringConfig = ScoringConfig(),
    baselines: NormalRangeBaselines | None = None,
) -> pl.DataFrame:
    """``score_days`` for frames that already went through ``prepare_wellness`` / ``prepare_loads``.

    Window work runs on the padded grid; the padding goes right after, so the row-wise stages
    that follow touch only real days. Independent expressions share a ``with_columns`` so polars
    evaluates them in parallel. ``baselines`` (from ``normal_range_baselines`` on the same frames)
    spares the normal-range method its slow part; baselines made with other settings are not used.
    """
    if config.method == "personal":
        kept = baselines if baselines and baselines.settings == config.normal_range_baseline_settings() else None
        days = personal.personal_windows(
            grid.daily_grid(_with_answers(wellness), loads).lazy(), config, kept.frame if kept else None
        )
        scored = personal.personal_scores(days.filter(pl.col("day_index") >= 0), config)
        return (
            scored.with_columns(*_combining(config)[1])
            .select(*SCORE_COLUMNS, *DETAIL_COLUMNS)
            .collect(engine="in-memory")
        )
    wellness = _device_days(wellness)
    if config.method == "seed":
        wellness = wellness.drop(OPTIONAL_WELLNESS_COLUMNS, strict=False)  # Garmin's band is normal-range only
        days = _seed_windows(grid.daily_grid(wellness, loads).lazy(), config)
        scores = _seed_scores
    else:
        kept = baselines if baselines and baselines.settings == config.normal_range_baseline_settings() else None
        days = _normal_range_windows(grid.daily_grid(wellness, loads).lazy(), config, kept)
        scores = _normal_range_scores
    days = days.filter(pl.col("day_index") >= 0)
    scored = scores(days, config)
    factor_and_raw, total_and_status = _combining(config)
    return (
        scored.with_columns(*factor_and_raw)
        .with_columns(*total_and_status, *_NOT_PERSONAL)
        .select(*SCORE_COLUMNS, *DETAIL_COLUMNS)
        .collect(engine="in-memory")  # measured faster than the default engine for this plan
    )


def personal_signals(
    wellness: pl.DataFrame | pl.LazyFrame, loads: pl.DataFrame | pl.LazyFrame, config: ScoringConfig = ScoringConfig()
) -> pl.DataFrame:
    """The personal method's signals per athlete-day (athlete_id, date, ``personal.SIGNAL_COLUMNS``,
    today_z, unwell_today, answered_today, acwr_context): what its weights are fitted on. They do
    not depend on the weights, so a fit computes them once."""
    wellness, loads = prepare_inputs(wellness, loads)
    days = personal.personal_windows(grid.daily_grid(_with_answers(wellness), loads).lazy(), config)
    return (
        days.filter(pl.col("day_index") >= 0)
        .select(
            "athlete_id",
            "date",
            *personal.SIGNAL_COLUMNS,
            "today_z",
            "unwell_today",
            "answered_today",
            "acwr_context",
        )
        .collect(engine="in-memory")
    )


_NOT_PERSONAL = (
    pl.lit(None, pl.Int32).alias("forecast"),
    pl.lit(None, pl.Int32).alias("with_checkin"),
    pl.lit(None, pl.String).alias("basis"),
)


def _device_days(wellness: pl.DataFrame) -> pl.DataFrame:
    """Wellness without the check-in columns, and without the days only a check-in made: the
    seed and normal-range methods score the days the devices (or a load) recorded."""
    answers = [name for name in CHECK_IN_COLUMNS if name in wellness.columns]
    if not answers:
        return wellness
    device = [name for name in wellness.columns if name not in (*answers, "athlete_id", "date")]
    only_said = pl.all_horizontal(pl.col(name).is_null() for name in device) & pl.any_horizontal(
        pl.col(name).is_not_null() for name in answers
    )
    return wellness.filter(~only_said).drop(answers)


def _with_answers(wellness: pl.DataFrame) -> pl.DataFrame:
    """Wellness with every check-in column (null where the caller gave none)."""
    absent = [name for name in CHECK_IN_COLUMNS if name not in wellness.columns]
    return wellness.with_columns(pl.lit(None, pl.Float64).alias(name) for name in absent)


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


def _robust_baselines(padded: pl.LazyFrame, config: ScoringConfig) -> pl.LazyFrame:
    padded = padded.with_columns(hrv_log=pl.col("hrv_ms").log())
    padded = recovery.robust_baseline(padded, "hrv_log", "hrv", config, config.nr_hrv_sigma_floor)
    return recovery.robust_baseline(padded, "resting_hr", "hr", config, config.nr_rhr_sigma_floor)


def _normal_range_windows(
    padded: pl.LazyFrame, config: ScoringConfig, baselines: NormalRangeBaselines | None
) -> pl.LazyFrame:
    if baselines is None:
        padded = _robust_baselines(padded, config)
    else:
        padded = padded.with_columns(hrv_log=pl.col("hrv_ms").log()).join(
            baselines.frame.lazy(), on=[BY_ATHLETE, "date"], how="left", maintain_order="left"
        )
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
