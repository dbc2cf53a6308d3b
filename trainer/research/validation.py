"""How well a recovery score tracks perceived readiness: rmcorr with a cluster-bootstrap CI,
per-athlete and pooled Spearman, lags, components, agreement with Garmin's Training Readiness.

All take a joined daily frame (``joined_days``): athlete_id, date, the score's columns and
``readiness`` (same day for lag 0, the next day's for lag 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from trainer.errors import TrainerError
from trainer.research.bootstrap import DEFAULT_RESAMPLING, Resampling, cluster_bootstrap_ci
from trainer.research.rmcorr import RmCorr, rmcorr

COMPONENTS = {
    "hrv": "hrv_component",
    "hr": "hr_component",
    "sleep": "sleep_component",
    "stress": "stress_component",
    "acwr": "acwr",
}


def joined_days(scores: pl.DataFrame, readiness: pl.DataFrame, lag: int = 0) -> pl.DataFrame:
    """Scores of day D beside the readiness reported on D + ``lag``."""
    reported = readiness.select("athlete_id", (pl.col("date") - pl.duration(days=lag)).alias("date"), "readiness")
    return scores.join(reported, on=["athlete_id", "date"], how="inner").sort("athlete_id", "date")


def per_athlete_spearman(frame: pl.DataFrame, x: str, y: str) -> pl.DataFrame:
    """Spearman's rho per athlete with a Fisher-z 95 % CI (SE = 1.03 / sqrt(n - 3), Bonett & Wright)."""
    rho = (
        frame.select("athlete_id", x, y)
        .drop_nulls()
        .group_by("athlete_id")
        .agg(pl.len().alias("n"), pl.corr(x, y, method="spearman").alias("spearman"))
        .sort("athlete_id")
    )
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


def bland_altman(
    frame: pl.DataFrame, ours: str = "total_score", theirs: str = "training_readiness"
) -> Agreement | None:
    """Bias (ours - Garmin's) and 95 % limits of agreement, both on 0-100 scales; None without pairs."""
    pairs = frame.select(ours, theirs).drop_nulls()
    if pairs.height < 3:
        return None
    difference = (pairs[ours] - pairs[theirs]).cast(pl.Float64)
    bias, sd = float(difference.mean()), float(difference.std())
    return Agreement(pairs.height, bias, bias - 1.96 * sd, bias + 1.96 * sd)


def summary(frame: pl.DataFrame, x: str = "total_score", resampling: Resampling = DEFAULT_RESAMPLING) -> dict:
    """The headline numbers for one score column against readiness."""
    result: RmCorr = rmcorr(frame, x, "readiness")
    low, high = cluster_bootstrap_ci(frame, x, "readiness", resampling)
    return {
        "n_days": result.n,
        "n_athletes": result.athletes,
        "rmcorr": result.r,
        "ci_low": low,
        "ci_high": high,
        "p_value": result.p_value,
        "df": result.df,
    }


def component_rmcorr(frame: pl.DataFrame, resampling: Resampling = DEFAULT_RESAMPLING) -> dict[str, dict]:
    """rmcorr of each component (and the ACWR) with readiness: what carries the signal."""
    out = {}
    for name, column in COMPONENTS.items():
        result = rmcorr(frame, column, "readiness")
        low, high = (
            cluster_bootstrap_ci(frame, column, "readiness", resampling) if result.n else (float("nan"), float("nan"))
        )
        out[name] = {"n": result.n, "rmcorr": _clean(result.r), "ci_low": _clean(low), "ci_high": _clean(high)}
    return out


def _clean(value: float) -> float | None:
    return None if value != value else round(value, 4)


class NotEnoughData(TrainerError):
    """The data cannot answer the question; the message says what is missing, in one line."""


def check_enough(joined: pl.DataFrame, x: str = "total_score") -> None:
    """Refuse, with the reason, data that no validation figure can be computed from: no scored
    day with a readiness report, one athlete (nothing to resample), readiness or score that never
    changes within an athlete, or too few days for rmcorr's degrees of freedom."""
    data = joined.select("athlete_id", x, "readiness").drop_nulls()
    athletes = data["athlete_id"].n_unique()
    if data.is_empty():
        raise NotEnoughData(
            "no day has both a recovery score and a readiness report: scores need resting HR or HRV and sleep "
            "on the same morning as the report"
        )
    if athletes < 2:
        raise NotEnoughData(
            f"only one athlete has scored days with readiness ({data.height} days): the confidence intervals "
            "resample athletes, so validation needs at least two"
        )
    varies = data.group_by("athlete_id").agg(
        pl.col(x).n_unique().alias("score"), pl.col("readiness").n_unique().alias("readiness")
    )
    if varies["readiness"].max() < 2:
        raise NotEnoughData(
            "readiness never changes within an athlete: there is no day-to-day variation to correlate with"
        )
    if varies["score"].max() < 2:
        raise NotEnoughData(
            "the score never changes within an athlete: there is no day-to-day variation to correlate with"
        )
    if data.height - athletes - 1 < 2:
        raise NotEnoughData(
            f"{data.height} scored days with readiness for {athletes} athletes is too few: repeated-measures "
            "correlation needs at least athletes + 3 days"
        )
