"""How well a recovery score tracks perceived readiness: rmcorr with a cluster-bootstrap CI,
per-athlete and pooled Spearman, lags, components, agreement with Garmin's Training Readiness.

All take a joined daily frame (``joined_days``): athlete_id, date, the score's columns and
``readiness`` (same day for lag 0, the next day's for lag 1).
"""

from __future__ import annotations

from dataclasses import dataclass


import numpy as np
import polars as pl


from trainer.research.rmcorr import RmCorr, rmcorr

COMPONENTS = {"hrv": "hrv_component", "hr": "hr_component", "sleep": "sleep_component", "stress": "stress_component", "acwr": "acwr"}


def joined_days(scores: pl.DataFrame, readiness: pl.DataFrame, lag: int = 0) -> pl.DataFrame:
    """Scores of day D beside the readiness reported on D + ``lag``."""
    reported = readiness.select("athlete_id", (pl.col("date") - pl.duration(days=lag)).alias("date"), "readiness")
    return scores.join(reported, on=["athlete_id", "date"], how="inner").sort("athlete_id", "date")


def athlete_sums(frame: pl.DataFrame, x: str, y: str) -> pl.DataFrame:
    """Per athlete: n, and the sums of centred products rmcorr is made of."""
    data = frame.select("athlete_id", x, y).drop_nulls()
    centred = data.with_columns((pl.col(x) - pl.col(x).mean().over("athlete_id")).alias("_x"),
                                (pl.col(y) - pl.col(y).mean().over("athlete_id")).alias("_y"))
    return centred.group_by("athlete_id").agg(
        pl.len().alias("n"), (pl.col("_x") * pl.col("_y")).sum().alias("xy"),
        (pl.col("_x") ** 2).sum().alias("xx"), (pl.col("_y") ** 2).sum().alias("yy"),
    ).sort("athlete_id")


def cluster_bootstrap_ci(frame: pl.DataFrame, x: str, y: str, draws: int = 2000, seed: int = 1, confidence: float = 0.95) -> tuple[float, float]:
    """Percentile CI of rmcorr resampling whole athletes with replacement (a resampled athlete
    counts as a distinct cluster). Computed from per-athlete sums: no refit per draw."""
    sums = athlete_sums(frame, x, y)
    if sums.height < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, sums.height, size=(draws, sums.height))
    xy, xx, yy = (sums[name].to_numpy()[picks].sum(axis=1) for name in ("xy", "xx", "yy"))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = xy / np.sqrt(xx * yy)
    r = r[np.isfinite(r)]
    tail = (1 - confidence) / 2 * 100
    return float(np.percentile(r, tail)), float(np.percentile(r, 100 - tail))


def per_athlete_spearman(frame: pl.DataFrame, x: str, y: str) -> pl.DataFrame:
    """Spearman's rho per athlete with a Fisher-z 95 % CI (SE = 1.03 / sqrt(n - 3), Bonett & Wright)."""
    rho = frame.select("athlete_id", x, y).drop_nulls().group_by("athlete_id").agg(
        pl.len().alias("n"), pl.corr(x, y, method="spearman").alias("spearman")
    ).sort("athlete_id")
    half = 1.96 * 1.03 / (pl.col("n") - 3).clip(lower_bound=1).sqrt()
    z = pl.col("spearman").clip(-0.999999, 0.999999).arctanh()
    return rho.with_columns(ci_low=(z - half).tanh(), ci_high=(z + half).tanh())


def pooled_spearman(frame: pl.DataFrame, x: str, y: str) -> float:
    """For reference only: it mixes between-athlete differences into the association."""
    data = frame.select(x, y).drop_nulls()
    return float(data.select(pl.corr(x, y, method="spearman")).item()) if data.height > 2 else float("nan")


@dataclass(frozen=True)
class Agreement:
    n: int
    bias: float
    lower: float
    upper: float


def bland_altman(frame: pl.DataFrame, ours: str = "total_score", theirs: str = "training_readiness") -> Agreement | None:
    """Bias (ours - Garmin's) and 95 % limits of agreement, both on 0-100 scales; None without pairs."""
    pairs = frame.select(ours, theirs).drop_nulls()
    if pairs.height < 3:
        return None
    difference = (pairs[ours] - pairs[theirs]).cast(pl.Float64)
    bias, sd = float(difference.mean()), float(difference.std())
    return Agreement(pairs.height, bias, bias - 1.96 * sd, bias + 1.96 * sd)


def summary(frame: pl.DataFrame, x: str = "total_score", draws: int = 2000) -> dict:
    """The headline numbers for one score column against readiness."""
    result: RmCorr = rmcorr(frame, x, "readiness")
    low, high = cluster_bootstrap_ci(frame, x, "readiness", draws)
    return {"n_days": result.n, "n_athletes": result.athletes, "rmcorr": result.r, "ci_low": low, "ci_high": high,
            "p_value": result.p_value, "df": result.df}


def component_rmcorr(frame: pl.DataFrame, draws: int = 1000) -> dict[str, dict]:
    """rmcorr of each component (and the ACWR) with readiness: what carries the signal."""
    out = {}
    for name, column in COMPONENTS.items():
        result = rmcorr(frame, column, "readiness")
        low, high = cluster_bootstrap_ci(frame, column, "readiness", draws) if result.n else (float("nan"), float("nan"))
        out[name] = {"n": result.n, "rmcorr": _clean(result.r), "ci_low": _clean(low), "ci_high": _clean(high)}
    return out


def _clean(value: float) -> float | None:
    return None if value != value else round(value, 4)


