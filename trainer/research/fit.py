"""Fitting the four weights honestly: non-negative, shrunk toward the seed weights, the shrinkage
chosen by leave-one-athlete-out cross-validation inside each outer fold, and every reported
figure measured on athletes the weights never saw (nested LOAO).

A second, time-forward check fits on each athlete's earlier weeks and scores their later weeks:
does a fit keep working for the same athletes as time goes on.

Only components present in the data are fitted; the others keep their seed weights (nothing in
the data can inform them), and the fitted ones keep the seed's total share, so the rule "no
score below half the weight" means the same thing before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.optimize import minimize

from trainer.scoring.config import COMPONENTS, Weights

COLUMNS = [f"{name}_component" for name in COMPONENTS]
SHRINKAGE_GRID = (0.0, 0.3, 3.0, 30.0)


@dataclass(frozen=True)
class Days:
    """Components (NaN = missing), ACWR factor, readiness and athlete codes as arrays."""

    components: np.ndarray
    factor: np.ndarray
    readiness: np.ndarray
    athlete: np.ndarray

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> Days:
        data = frame.filter(pl.col("readiness").is_not_null())
        codes = data["athlete_id"].cast(pl.String).cast(pl.Categorical).to_physical().to_numpy()
        return cls(
            data.select(COLUMNS).to_numpy().astype(float),
            data["acwr_factor"].to_numpy().astype(float),
            data["readiness"].to_numpy().astype(float),
            codes.astype(int),
        )

    def subset(self, mask: np.ndarray) -> Days:
        return Days(self.components[mask], self.factor[mask], self.readiness[mask], self.athlete[mask])


def scores(days: Days, weights: np.ndarray, min_share: float = 0.5) -> np.ndarray:
    """Continuous score raw x factor (no rounding), NaN where the present weight is under half."""
    present = ~np.isnan(days.components)
    weighted = np.where(present, days.components, 0.0) @ weights
    share = present @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = weighted / share
    return np.where(share >= min_share * weights.sum() - 1e-12, raw * days.factor, np.nan)


def rmcorr_arrays(x: np.ndarray, y: np.ndarray, athlete: np.ndarray) -> float:
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y, athlete = x[keep], y[keep], athlete[keep]
    if x.size < 3:
        return float("nan")
    counts = np.bincount(athlete)
    safe = np.maximum(counts, 1)
    xc = x - (np.bincount(athlete, x) / safe)[athlete]
    yc = y - (np.bincount(athlete, y) / safe)[athlete]
    denominator = np.sqrt((xc @ xc) * (yc @ yc))
    return float((xc @ yc) / denominator) if denominator else float("nan")


def fit_weights(days: Days, seed: np.ndarray, shrinkage: float) -> np.ndarray:
    """Weights maximising rmcorr on ``days`` minus shrinkage x squared distance to the seed."""
    free = ~np.all(np.isnan(days.components), axis=0)
    if free.sum() < 2:
        return seed.copy()
    share = seed[free].sum()
    start = seed[free] / share

    def full(free_weights: np.ndarray) -> np.ndarray:
        weights = seed.copy()
        weights[free] = np.clip(free_weights, 0, None) * share
        return weights

    def loss(free_weights: np.ndarray) -> float:
        r = rmcorr_arrays(scores(days, full(free_weights)), days.readiness, days.athlete)
        return (-r if r == r else 1.0) + shrinkage * float(np.sum((free_weights - start) ** 2))

    result = minimize(
        loss,
        start,
        method="SLSQP",
        bounds=[(0, 1)] * int(free.sum()),
        constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
        options={"maxiter": 200, "ftol": 1e-9},
    )
    return full(result.x if result.success else start)


def _held_out_scores(days: Days, seed: np.ndarray, shrinkage: float) -> np.ndarray:
    """Each athlete's days scored with weights fitted on the other athletes."""
    out = np.full(days.readiness.shape, np.nan)
    for athlete in np.unique(days.athlete):
        held = days.athlete == athlete
        out[held] = scores(days.subset(held), fit_weights(days.subset(~held), seed, shrinkage))
    return out


def choose_shrinkage(days: Days, seed: np.ndarray) -> float:
    """The grid value with the best leave-one-athlete-out rmcorr on ``days``."""
    results = [
        (rmcorr_arrays(_held_out_scores(days, seed, s), days.readiness, days.athlete), s) for s in SHRINKAGE_GRID
    ]
    valid = [(r, s) for r, s in results if r == r]
    return max(valid)[1] if valid else SHRINKAGE_GRID[-1]


@dataclass(frozen=True)
class FitResult:
    weights: Weights
    shrinkage: float
    cv_rmcorr_seed: float
    cv_rmcorr_fitted: float
    cv_rmcorr_normal_range: float | None
    n_days: int
    n_athletes: int
    fitted_components: tuple[str, ...]
    held_out: (
        pl.DataFrame
    )  # athlete_id, date, readiness, seed_score, fitted_score, normal_range_score: the days compared


def _column(values: np.ndarray) -> pl.Series:
    return pl.Series(values, dtype=pl.Float64).fill_nan(None)


Progress = Callable[[int, int], None]  # (held-out athletes done, of how many): fits of many athletes take minutes


def nested_fit(
    seed_days: pl.DataFrame,
    normal_range_days: pl.DataFrame | None = None,
    seed_weights: Weights = Weights(),
    progress: Progress | None = None,
) -> FitResult:
    """Nested leave-one-athlete-out: for each held-out athlete, the shrinkage is chosen by LOAO on
    the others, weights are fitted on the others, and the athlete's days are scored with them.
    The three methods are compared on the same held-out days (where every method has a score)."""
    seed = np.array(seed_weights.normalised().as_tuple())
    frame = seed_days
    if normal_range_days is not None:
        nr = normal_range_days.select("athlete_id", "date", (pl.col("raw_score") * pl.col("acwr_factor")).alias("_nr"))
        frame = frame.join(nr, on=["athlete_id", "date"], how="inner").filter(pl.col("_nr").is_not_null())
    days = Days.from_frame(frame)
    held = np.full(days.readiness.shape, np.nan)
    outer = np.unique(days.athlete)
    for done, athlete in enumerate(outer, start=1):
        test = days.athlete == athlete
        train = days.subset(~test)
        shrinkage = choose_shrinkage(train, seed) if np.unique(train.athlete).size >= 3 else SHRINKAGE_GRID[-1]
        held[test] = scores(days.subset(test), fit_weights(train, seed, shrinkage))
        if progress:
            progress(done, outer.size)
    seed_scores = scores(days, seed)
    compare = ~np.isnan(seed_scores) & ~np.isnan(held)
    sub = days.subset(compare)
    nr_r = None
    if normal_range_days is not None:
        nr_scores = frame.filter(pl.col("readiness").is_not_null())["_nr"].to_numpy().astype(float)
        nr_scores = np.where(compare, nr_scores, np.nan)
        nr_r = rmcorr_arrays(nr_scores[compare], sub.readiness, sub.athlete)
    final_shrinkage = choose_shrinkage(days, seed)
    final = fit_weights(days, seed, final_shrinkage)
    free = ~np.all(np.isnan(days.components), axis=0)
    rows = frame.filter(pl.col("readiness").is_not_null()).select("athlete_id", "date", "readiness")
    held_out = rows.with_columns(
        seed_score=_column(seed_scores),
        fitted_score=_column(held),
        normal_range_score=_column(nr_scores) if normal_range_days is not None else pl.lit(None, pl.Float64),
    )
    return FitResult(
        weights=Weights(*(round(float(w), 4) for w in final)),
        shrinkage=final_shrinkage,
        cv_rmcorr_seed=rmcorr_arrays(seed_scores[compare], sub.readiness, sub.athlete),
        cv_rmcorr_fitted=rmcorr_arrays(held[compare], sub.readiness, sub.athlete),
        cv_rmcorr_normal_range=nr_r,
        n_days=int(compare.sum()),
        n_athletes=int(np.unique(sub.athlete).size),
        fitted_components=tuple(name for name, is_free in zip(COMPONENTS, free) if is_free),
        held_out=held_out.filter(pl.col("seed_score").is_not_null() & pl.col("fitted_score").is_not_null()),
    )


EARLIER_SHARE = 2 / 3


def earlier_weeks(frame: pl.DataFrame, share: float = EARLIER_SHARE) -> pl.DataFrame:
    """``frame`` with ``earlier``: True on the first ``share`` of each athlete's weeks (counted
    from their first day, at least one week), False on the weeks after. Whole weeks, so a
    training week is never split between fitting and testing."""
    week = (pl.col("date") - pl.col("date").min().over("athlete_id")).dt.total_days() // 7
    cut = ((week.max().over("athlete_id") + 1) * share).floor().clip(lower_bound=1)
    return frame.with_columns(earlier=week < cut)


@dataclass(frozen=True)
class TimeForward:
    weights: Weights
    shrinkage: float
    train_days: int
    later: pl.DataFrame  # athlete_id, date, readiness, seed_score, fitted_score: the later weeks, scored


def time_forward(
    seed_days: pl.DataFrame, seed_weights: Weights = Weights(), share: float = EARLIER_SHARE
) -> TimeForward:
    """Weights fitted on every athlete's earlier weeks (shrinkage chosen by leave-one-athlete-out
    within them), then the later weeks scored with them and with the seed weights. No later day
    reaches the fit."""
    seed = np.array(seed_weights.normalised().as_tuple())
    frame = earlier_weeks(seed_days.filter(pl.col("readiness").is_not_null()), share)
    train = Days.from_frame(frame.filter(pl.col("earlier")))
    later_rows = frame.filter(~pl.col("earlier"))
    shrinkage = choose_shrinkage(train, seed) if np.unique(train.athlete).size >= 3 else SHRINKAGE_GRID[-1]
    weights = fit_weights(train, seed, shrinkage) if train.readiness.size else seed.copy()
    test = Days.from_frame(later_rows)
    later = later_rows.select("athlete_id", "date", "readiness").with_columns(
        seed_score=_column(scores(test, seed)), fitted_score=_column(scores(test, weights))
    )
    return TimeForward(
        Weights(*(round(float(w), 4) for w in weights)),
        shrinkage,
        int(train.readiness.size),
        later.filter(pl.col("seed_score").is_not_null() & pl.col("fitted_score").is_not_null()),
    )
