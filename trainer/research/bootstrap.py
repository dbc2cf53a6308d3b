"""The cluster bootstrap over athletes: one set of defaults (draws, seed) for the CLI, the notebook
and the report, a CI for one rmcorr and a paired CI for the difference of two.

Athletes, not days, are resampled: days of one athlete are not independent, and the question is
whether the association holds for athletes like these. A resampled athlete counts as a distinct
cluster. Everything is computed from per-athlete sums of centred products, so a draw costs a
few additions, not a refit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from trainer.research.resampling import DEFAULT_RESAMPLING, PRACTICAL_DIFFERENCE, Resampling, judged


def athlete_sums(frame: pl.DataFrame, x: str, y: str) -> pl.DataFrame:
    """Per athlete: n, and the sums of centred products rmcorr is made of (rows with a missing
    value dropped)."""
    data = frame.select("athlete_id", x, y).drop_nulls().drop_nans()
    centred = data.with_columns(
        (pl.col(x) - pl.col(x).mean().over("athlete_id")).alias("_x"),
        (pl.col(y) - pl.col(y).mean().over("athlete_id")).alias("_y"),
    )
    return (
        centred.group_by("athlete_id")
        .agg(
            pl.len().alias("n"),
            (pl.col("_x") * pl.col("_y")).sum().alias("xy"),
            (pl.col("_x") ** 2).sum().alias("xx"),
            (pl.col("_y") ** 2).sum().alias("yy"),
        )
        .sort("athlete_id")
    )


def _r(xy: np.ndarray, xx: np.ndarray, yy: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return xy / np.sqrt(xx * yy)


def cluster_bootstrap_ci(
    frame: pl.DataFrame, x: str, y: str, resampling: Resampling = DEFAULT_RESAMPLING
) -> tuple[float, float]:
    """Percentile CI of rmcorr(x, y), resampling whole athletes with replacement; NaN for fewer
    than two athletes (there is nothing to resample)."""
    sums = athlete_sums(frame, x, y)
    if sums.height < 2:
        return float("nan"), float("nan")
    picks = resampling.picks(sums.height)
    xy, xx, yy = (sums[name].to_numpy()[picks].sum(axis=1) for name in ("xy", "xx", "yy"))
    return resampling.percentiles(_r(xy, xx, yy))


@dataclass(frozen=True)
class Difference:
    """rmcorr(a, y) - rmcorr(b, y) on the days where a, b and y are all present, with its paired CI."""

    a: str
    b: str
    r_a: float
    r_b: float
    difference: float
    ci_low: float
    ci_high: float
    n_days: int
    n_athletes: int

    practical: float = PRACTICAL_DIFFERENCE

    @property
    def verdict(self) -> str:
        """ "better" or "worse" only when the CI excludes 0 (``resampling.judged``)."""
        return judged(self.ci_low, self.ci_high, self.practical)


def paired_difference(
    frame: pl.DataFrame, a: str, b: str, y: str = "readiness", resampling: Resampling = DEFAULT_RESAMPLING
) -> Difference:
    """The difference of two rmcorrs with the same readiness, both computed on the same days and,
    in every draw, on the same resampled athletes: the CI is of the difference itself, so two
    methods whose own CIs overlap can still differ detectably (and vice versa)."""
    common = frame.select("athlete_id", a, b, y).drop_nulls().drop_nans()
    sums_a, sums_b = athlete_sums(common, a, y), athlete_sums(common, b, y)
    k = sums_a.height
    point_a = _r(*(np.array([sums_a[c].sum()], dtype=float) for c in ("xy", "xx", "yy")))[0]
    point_b = _r(*(np.array([sums_b[c].sum()], dtype=float) for c in ("xy", "xx", "yy")))[0]
    low = high = float("nan")
    if k >= 2:
        picks = resampling.picks(k)
        ra = _r(*(sums_a[c].to_numpy()[picks].sum(axis=1) for c in ("xy", "xx", "yy")))
        rb = _r(*(sums_b[c].to_numpy()[picks].sum(axis=1) for c in ("xy", "xx", "yy")))
        low, high = resampling.percentiles(ra - rb)
    return Difference(
        a,
        b,
        float(point_a),
        float(point_b),
        float(point_a - point_b),
        low,
        high,
        common.height,
        k,
        resampling.practical,
    )
