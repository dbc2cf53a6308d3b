"""The four recovery components and how they combine, for both methods of SCORING.md.

Each function returns polars expressions over the ``daily_grid`` frame (one row per athlete-day,
sorted, no gaps), so that every athlete and day is scored in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from trainer.scoring.config import ScoringConfig
from trainer.scoring.load import BY_ATHLETE, prior_mean

HRV_POINTS = ((-0.20, 0.0), (-0.10, 50.0), (0.10, 100.0))
HR_POINTS = ((-0.05, 100.0), (0.0, 50.0), (0.10, 0.0))
SLEEP_HOURS_POINTS = ((5.0, 30.0), (6.0, 70.0), (7.0, 100.0))
SLEEP_DURATION_SHARE = 0.6
NEAR_DECIMALS = 9  # rounding that removes float noise before a threshold or a half


def piecewise(x: pl.Expr, points: Sequence[tuple[float, float]]) -> pl.Expr:
    """Linear between consecutive (x, y) points, flat beyond the first and last (clamped); nulls stay null.

    x is clamped with when/then (measured 3x cheaper than ``clip`` in polars 2.1), then each
    segment is its line through its left point. Values left of the first point map exactly to
    its y; elsewhere a result can be one float step off (the raw score cuts 100 back).

    >>> pl.select(piecewise(pl.lit(0.0), HRV_POINTS)).item()
    75.0
    """
    (x_first, _), (x_last, _) = points[0], points[-1]
    clamped = pl.when(x < x_first).then(x_first).when(x > x_last).then(x_last).otherwise(x)
    lines = [(xb, ya + (clamped - xa) * ((yb - ya) / (xb - xa))) for (xa, ya), (xb, yb) in zip(points, points[1:])]
    chained: Any = pl.when(clamped <= lines[0][0]).then(lines[0][1])  # Then, then ChainedThen
    for x_end, line in lines[1:-1]:
        chained = chained.when(clamped <= x_end).then(line)
    return chained.otherwise(lines[-1][1])


# --- seed -------------------------------------------------------------------------------------


def seed_baselines(config: ScoringConfig) -> list[pl.Expr]:
    """7-day means before D of HRV and resting HR (null with fewer than 3 values)."""
    days, least = config.baseline_days, config.baseline_min_values
    return [prior_mean("hrv_ms", days, least).alias("hrv_base"), prior_mean("resting_hr", days, least).alias("hr_base")]


def stress_before() -> pl.Expr:
    """The average stress of D-1, the last complete day (a window: compute it before padding goes)."""
    return pl.col("stress_level").shift(1).alias("stress_prev")


def seed_changes() -> list[pl.Expr]:
    """HRV and resting HR as a fraction above their 7-day means.

    Columns of their own (as is ``sleep_duration``), because each feeds a piecewise mapping that
    reads it three times.
    """
    return [
        (pl.col("hrv_ms") / pl.col("hrv_base") - 1).round(NEAR_DECIMALS).alias("hrv_change"),
        (pl.col("resting_hr") / pl.col("hr_base") - 1).round(NEAR_DECIMALS).alias("hr_change"),
    ]


def sleep_duration() -> pl.Expr:
    """The duration score alone (5 h or less 30, 6 h 70, 7 h or more 100)."""
    return piecewise(pl.col("sleep_minutes") / 60, SLEEP_HOURS_POINTS).alias("sleep_duration")


def seed_components() -> list[pl.Expr]:
    """HRV and HR against their 7-day means; sleep; stress of the day before (from ``seed_changes``)."""
    return [
        piecewise(pl.col("hrv_change"), HRV_POINTS).alias("hrv_component"),
        piecewise(pl.col("hr_change"), HR_POINTS).alias("hr_component"),
        sleep_component().alias("sleep_component"),
        stress_component().alias("stress_component"),
    ]


def sleep_component() -> pl.Expr:
    """The duration score (``sleep_duration``) blended 60/40 with the sleep score, or alone without one."""
    duration = pl.col("sleep_duration")
    return pl.coalesce(SLEEP_DURATION_SHARE * duration + (1 - SLEEP_DURATION_SHARE) * pl.col("sleep_score"), duration)


def stress_component() -> pl.Expr:
    """100 minus the average stress of D-1 (``stress_prev``)."""
    return 100 - pl.col("stress_prev")


# --- normal-range -----------------------------------------------------------------------------


def robust_baseline(
    frame: pl.LazyFrame, value: str, prefix: str, config: ScoringConfig, sigma_floor: float
) -> pl.LazyFrame:
    """Median and robust SD of ``value`` over D-60..D-1, leaving out earlier outliers.

    Adds ``{prefix}_mu``, ``{prefix}_sigma`` (1.4826 * MAD, floored) and ``{prefix}_n``; null with
    fewer than ``nr_min_values`` values. Outliers (more than 3.5 robust SD from the median of
    their own window, once that window has ``nr_min_values`` values) are excluded in a second
    pass: they still count in today's score, not in later baselines.
    """
    first = _rolling_median_mad(frame, value, config)
    judged = pl.col("_n") >= config.nr_min_values  # too few values to call anything an outlier
    far = (pl.col(value) - pl.col("_mu")).abs() > config.nr_outlier_sd * pl.col("_sigma").clip(lower_bound=sigma_floor)
    flagged = (
        frame.join(first, on=[BY_ATHLETE, "date"], how="left", maintain_order="left")
        .with_columns(
            pl.when((judged & far).fill_null(False)).then(None).otherwise(pl.col(value)).alias(f"_{value}_clean")
        )
        .drop("_mu", "_sigma", "_n")
    )
    second = _rolling_median_mad(flagged, f"_{value}_clean", config)
    enough = pl.col("_n") >= config.nr_min_values
    return (
        flagged.join(second, on=[BY_ATHLETE, "date"], how="left", maintain_order="left")
        .with_columns(
            pl.when(enough).then(pl.col("_mu")).alias(f"{prefix}_mu"),
            pl.when(enough).then(pl.col("_sigma").clip(lower_bound=sigma_floor)).alias(f"{prefix}_sigma"),
            pl.col("_n").fill_null(0).alias(f"{prefix}_n"),
        )
        .drop("_mu", "_sigma", "_n", f"_{value}_clean")
    )


def _rolling_median_mad(frame: pl.LazyFrame, value: str, config: ScoringConfig) -> pl.LazyFrame:
    """Median, robust SD and count of ``value`` over D-60..D-1, per athlete-day.

    Each window's values are gathered into a list and reduced with polars' list kernels: three
    times faster than a median of deviations from a median inside the rolling aggregation.
    Collected here, on the streaming engine, and handed back as a LazyFrame.
    """
    days = config.nr_baseline_days
    window = pl.col(value).drop_nulls()
    return (
        frame.select(BY_ATHLETE, "date", value)
        .sort(BY_ATHLETE, "date")
        .rolling(index_column="date", period=f"{days}d", offset=f"-{days + 1}d", closed="right", group_by=BY_ATHLETE)
        .agg(window.alias("_window"), window.count().alias("_n"))
        .with_columns(
            _mu=pl.col("_window").list.median(),
        )
        .select(
            BY_ATHLETE,
            "date",
            "_mu",
            "_n",
            _sigma=(pl.col("_window") - pl.col("_mu")).list.eval(pl.element().abs()).list.median() * 1.4826,
        )
        .collect(engine="streaming")
        .lazy()
    )  # its list kernels ran 1.6x faster here than in the in-memory plan


def normal_range_components(config: ScoringConfig) -> list[pl.Expr]:
    """HRV (log scale, night and week blended) and resting HR (3-day mean) as z-scores against
    the 60-day robust baseline; Garmin's band stands in for the HRV baseline on a cold start."""
    h = pl.col("hrv_ms").log()
    mu, sigma, provisional = _hrv_baseline_or_garmin_band(config)
    week_n = pl.col("hrv_ms").is_not_null().cast(pl.Int32).rolling_sum(config.nr_week_days, min_samples=1)
    week_mean = pl.when(week_n >= 3).then(h.rolling_mean(config.nr_week_days, min_samples=1))
    z_night = (h - mu) / sigma
    z = pl.when(week_mean.is_not_null()).then(0.5 * z_night + 0.5 * (week_mean - mu) / sigma).otherwise(z_night)
    rhr_mean = pl.col("resting_hr").rolling_mean(config.nr_rhr_days, min_samples=1)
    rhr_z = pl.when(pl.col("resting_hr").is_not_null()).then((rhr_mean - pl.col("hr_mu")) / pl.col("hr_sigma"))
    return [
        (40 * (z + 2)).clip(0, 100).alias("hrv_component"),
        (40 * (2 - rhr_z)).clip(0, 100).alias("hr_component"),
        sleep_component().alias("sleep_component"),
        stress_component().alias("stress_component"),
        z.alias("hrv_z"),
        rhr_z.alias("hr_z"),
        provisional.alias("provisional"),
        mu.exp().alias("hrv_base"),
        pl.col("hr_mu").alias("hr_base"),
    ]


def _hrv_baseline_or_garmin_band(config: ScoringConfig) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Own baseline when there are 14 values; else Garmin's balanced band read as mu +- 1 sigma."""
    low, high = pl.col("hrv_baseline_low").log(), pl.col("hrv_baseline_high").log()
    band_ok = pl.col("hrv_baseline_low").is_not_null() & pl.col("hrv_baseline_high").is_not_null() & (high > low)
    own = pl.col("hrv_mu").is_not_null()
    provisional = ~own & band_ok
    mu = pl.when(own).then(pl.col("hrv_mu")).when(band_ok).then((low + high) / 2)
    sigma = (
        pl.when(own)
        .then(pl.col("hrv_sigma"))
        .when(band_ok)
        .then(((high - low) / 2).clip(lower_bound=config.nr_hrv_sigma_floor))
    )
    return mu, sigma, provisional


# --- combining ---------------------------------------------------------------------------------


def raw_score(config: ScoringConfig) -> pl.Expr:
    """Weighted mean of the components present; null when their weights are under half the total.

    Components lie within 0..100, so the mean does too, but float weights can put it one ulp
    above 100 (HRV, HR and sleep all at 100 give 100.00000000000001): that is cut back.
    """
    weights = config.weights.normalised().as_tuple()
    names = ("hrv_component", "hr_component", "sleep_component", "stress_component")
    present_weight = pl.sum_horizontal(
        pl.when(pl.col(n).is_not_null()).then(w).otherwise(0.0) for n, w in zip(names, weights)
    )
    weighted = pl.sum_horizontal(pl.col(n).fill_null(0.0) * w for n, w in zip(names, weights))
    mean = pl.when(present_weight >= config.min_weight_share - 1e-12).then(weighted / present_weight)
    return pl.when(mean > 100).then(100.0).otherwise(mean).alias("raw_score")


STATUS_LABELS = ("red", "yellow", "green", "insufficient data")


def total_and_status(config: ScoringConfig) -> list[pl.Expr]:
    """total = round(raw * factor), halves up; the status from the cut-offs.

    raw is a weighted mean of components within 0..100 and the factor is at most 1, so the
    total needs no clamp. Halves go up as floor(x + 0.5) (x >= 0); the status is looked up
    in a four-word table: both measured several times cheaper than ``round`` and when/then.
    """
    total = ((pl.col("raw_score") * pl.col("acwr_factor")).round(NEAR_DECIMALS) + 0.5).floor().cast(pl.Int32)
    band = (total >= config.yellow_from).cast(pl.UInt32) + (total >= config.green_from).cast(pl.UInt32)
    status = pl.lit(pl.Series(STATUS_LABELS)).gather(band.fill_null(STATUS_LABELS.index("insufficient data")))
    return [total.alias("total_score"), status.alias("status")]


MISSING_LABELS = (
    "hrv_ms",
    "hrv baseline",
    "resting_hr",
    "resting_hr baseline",
    "sleep_minutes",
    "sleep_score",
    "stress_level(D-1)",
)

# what each code means in a person's words (the codes stay in exports and JSON: a contract)
MISSING_WORDS = {
    "hrv_ms": "no HRV reading last night",
    "hrv baseline": "too few earlier HRV nights for a baseline",
    "resting_hr": "no resting heart rate",
    "resting_hr baseline": "too few earlier resting heart rates for a baseline",
    "sleep_minutes": "no sleep recorded last night",
    "sleep_score": "no sleep score last night",
    "stress_level(D-1)": "no stress reading yesterday",
}
assert set(MISSING_WORDS) == set(MISSING_LABELS), "every missing-input code needs words"


def missing_in_words(codes: str | None) -> str:
    """The scoring's comma-separated missing codes as one plain phrase ("" when nothing is missing)."""
    return ", ".join(MISSING_WORDS.get(code.strip(), code.strip()) for code in (codes or "").split(",") if code.strip())


_MISSING_TEXTS = pl.Series(
    [
        ",".join(label for bit, label in enumerate(MISSING_LABELS) if mask >> bit & 1)
        for mask in range(2 ** len(MISSING_LABELS))
    ]
)


def missing_inputs(method_hrv_baseline: pl.Expr, method_hr_baseline: pl.Expr) -> pl.Expr:
    """Which inputs were missing, comma-separated ("" when none): e.g. "hrv_ms,stress_level(D-1)".

    Built as a bit mask and looked up in a table of the 128 possible texts: cheaper than
    assembling a string on every row (and than ``replace_strict``).
    """
    conditions = [
        pl.col("hrv_ms").is_null(),
        pl.col("hrv_ms").is_not_null() & method_hrv_baseline.is_null(),
        pl.col("resting_hr").is_null(),
        pl.col("resting_hr").is_not_null() & method_hr_baseline.is_null(),
        pl.col("sleep_minutes").is_null(),
        pl.col("sleep_score").is_null(),
        pl.col("stress_prev").is_null(),
    ]
    mask = pl.sum_horizontal(pl.when(condition).then(1 << bit).otherwise(0) for bit, condition in enumerate(conditions))
    return pl.lit(_MISSING_TEXTS).gather(mask).alias("missing")


def hrv_normal_range(wellness: pl.DataFrame | pl.LazyFrame, config: ScoringConfig = ScoringConfig()) -> pl.DataFrame:
    """The athlete's HRV week against their normal range, whatever method scores.

    Normal range: the 60-day robust baseline of ln HRV +- 1 robust SD (the normal-range method's
    baseline). Signal: the mean of ln HRV over the last 7 days (at least 3 nights), as Garmin's
    HRV status and Plews et al. use, because single nights are too noisy (on the demo data a
    night falls below the range 19 % of the time, the 7-day mean 7 %).

    In: athlete_id, date, hrv_ms. Out: athlete_id, date, hrv_ms, hrv_week, hrv_low, hrv_high
    (ms; null before 14 values), hrv_below (null when either side is unknown).
    """
    frame = pl.LazyFrame(wellness) if isinstance(wellness, pl.DataFrame) else wellness
    frame = (
        frame.select(BY_ATHLETE, "date", "hrv_ms").sort(BY_ATHLETE, "date").with_columns(hrv_log=pl.col("hrv_ms").log())
    )
    ranged = robust_baseline(frame, "hrv_log", "hrv", config, config.nr_hrv_sigma_floor)
    nights = pl.col("hrv_log").is_not_null().cast(pl.Int32).rolling_sum_by("date", f"{config.nr_week_days}d")
    week = pl.when(nights.over(BY_ATHLETE) >= 3).then(
        pl.col("hrv_log").rolling_mean_by("date", f"{config.nr_week_days}d").over(BY_ATHLETE)
    )
    return (
        ranged.sort(BY_ATHLETE, "date")
        .with_columns(week_log=week)
        .select(
            BY_ATHLETE,
            "date",
            "hrv_ms",
            pl.col("week_log").exp().alias("hrv_week"),
            (pl.col("hrv_mu") - pl.col("hrv_sigma")).exp().alias("hrv_low"),
            (pl.col("hrv_mu") + pl.col("hrv_sigma")).exp().alias("hrv_high"),
            (pl.col("week_log") < pl.col("hrv_mu") - pl.col("hrv_sigma")).alias("hrv_below"),
        )
        .collect()
    )
