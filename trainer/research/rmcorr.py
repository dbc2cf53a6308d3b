"""Repeated-measures correlation (Bakdash & Marusich 2017): the common within-athlete association.

Each athlete's own mean is removed from both measures (the ANCOVA of y on x with athlete as a
factor), so differences between athletes cannot make a correlation; degrees of freedom are
N - k - 1 for N observations of k athletes.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import atanh, sqrt, tanh

import polars as pl
from scipy import stats


@dataclass(frozen=True)
class RmCorr:
    r: float
    df: int
    p_value: float
    ci_low: float
    ci_high: float
    n: int
    athletes: int


def rmcorr(frame: pl.DataFrame, x: str, y: str, group: str = "athlete_id", confidence: float = 0.95) -> RmCorr:
    """rmcorr of ``x`` and ``y`` within ``group``; rows with a missing value are dropped.

    p from the t distribution with df = N - k - 1; the CI is Fisher's z with df - 1 as in the
    rmcorr package.
    """
    data = frame.select(group, x, y).drop_nulls()
    centred = data.select(
        (pl.col(x) - pl.col(x).mean().over(group)).alias("x"),
        (pl.col(y) - pl.col(y).mean().over(group)).alias("y"),
    )
    sums = centred.select(
        (pl.col("x") * pl.col("y")).sum().alias("xy"),
        (pl.col("x") ** 2).sum().alias("xx"),
        (pl.col("y") ** 2).sum().alias("yy"),
    ).row(0, named=True)
    n, k = data.height, data[group].n_unique()
    df = n - k - 1
    if df < 2 or not sums["xx"] or not sums["yy"]:
        return RmCorr(float("nan"), df, float("nan"), float("nan"), float("nan"), n, k)
    r = sums["xy"] / sqrt(sums["xx"] * sums["yy"])
    t = r * sqrt(df / (1 - r * r)) if abs(r) < 1 else float("inf")
    p = 2 * stats.t.sf(abs(t), df)
    z = stats.norm.ppf(0.5 + confidence / 2)
    half = z / sqrt(df - 1)
    return RmCorr(r, df, float(p), tanh(atanh(r) - half), tanh(atanh(r) + half), n, k)
