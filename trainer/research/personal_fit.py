"""Fitting the personal method's weights on a population, and scoring athletes it never saw.

The weights predict an athlete's readiness (each athlete's reports centred and scaled by their
own spread) from the signals by ridge regression within athletes, shrunk toward literature
priors; a signal absent from the data (PMData has no HRV and no illness reports) keeps its prior.
The shrinkage is chosen by leave-one-athlete-out inside the training athletes. Every figure
reported for an athlete comes from weights fitted without them (``held_out``): the
leave-athletes-out rule of SCORING.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import polars as pl

from trainer.scoring.config import SIGNALS, PersonalWeights, ScoringConfig
from trainer.scoring.personal import SIGNAL_COLUMNS, forecast_columns

PRIOR = PersonalWeights(
    hrv_week=0.06,
    hrv_cv=0.02,
    resting_hr=0.05,
    sleep=0.05,
    readiness_yesterday=0.05,
    readiness_recent=0.05,
    items_yesterday=0.05,
    unwell_yesterday=0.15,
)
SHRINKAGE_GRID = (1.0, 30.0, 300.0, 3000.0)  # in days of data: how hard the fit is pulled to the prior
LOAD_COLUMN = "signal_load"

Progress = Callable[[int, int], None]


def training_rows(signals: pl.DataFrame, readiness: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """Signals of D beside readiness of D, readiness centred and scaled per athlete (``y``).
    Scaling by the training athlete's whole-period spread is allowed: that athlete is not scored
    with these weights."""
    joined = signals.join(
        readiness.select("athlete_id", "date", "readiness").drop_nulls(), on=["athlete_id", "date"], how="inner"
    )
    spread = pl.col("readiness").std().over("athlete_id")
    return joined.with_columns(
        *(pl.col(c).fill_null(0.0).alias(c) for c in columns),
        y=pl.when(spread > 0).then((pl.col("readiness") - pl.col("readiness").mean().over("athlete_id")) / spread),
    ).filter(pl.col("y").is_not_null())


def _centred(rows: pl.DataFrame, columns: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    centred = rows.select(
        *((pl.col(c) - pl.col(c).mean().over("athlete_id")).alias(c) for c in columns),
        pl.col("y"),
    )
    return centred.select(columns).to_numpy().astype(float), centred["y"].to_numpy().astype(float)


def ridge(rows: pl.DataFrame, columns: tuple[str, ...], prior: np.ndarray, shrinkage: float) -> np.ndarray:
    """argmin |y - Xw|^2 + shrinkage |w - prior|^2 on within-athlete centred data."""
    x, y = _centred(rows, columns)
    if not y.size:
        return prior.copy()
    gram = x.T @ x + shrinkage * np.eye(len(columns))
    return np.linalg.solve(gram, x.T @ y + shrinkage * prior)


def _within_r(rows: pl.DataFrame, columns: tuple[str, ...], weights: np.ndarray) -> float:
    x, y = _centred(rows, columns)
    s = x @ weights
    denominator = np.sqrt((s @ s) * (y @ y))
    return float(s @ y / denominator) if denominator else float("nan")


def choose_shrinkage(rows: pl.DataFrame, columns: tuple[str, ...], prior: np.ndarray) -> float:
    """The grid value whose leave-one-athlete-out predictions track readiness best."""
    athletes = rows["athlete_id"].unique().to_list()
    if len(athletes) < 3:
        return SHRINKAGE_GRID[-1]
    best = (-np.inf, SHRINKAGE_GRID[-1])
    for shrinkage in SHRINKAGE_GRID:
        parts = []
        for athlete in athletes:
            held = rows.filter(pl.col("athlete_id") == athlete)
            w = ridge(rows.filter(pl.col("athlete_id") != athlete), columns, prior, shrinkage)
            parts.append(held.with_columns(_s=pl.Series(held.select(columns).to_numpy() @ w)))
        r = _within_r(pl.concat(parts).with_columns(pl.col("_s").alias("_only")), ("_only",), np.ones(1))
        if r == r and r > best[0]:
            best = (r, shrinkage)
    return best[1]


def fit_weights(
    rows: pl.DataFrame, prior: PersonalWeights = PRIOR, extra: tuple[str, ...] = ()
) -> tuple[PersonalWeights, float, np.ndarray]:
    """Weights fitted on ``rows`` (from ``training_rows``), the shrinkage used, and the weights of
    ``extra`` columns (a candidate signal such as load, prior 0)."""
    columns = (*SIGNAL_COLUMNS, *extra)
    start = np.array([*prior.as_tuple(), *([0.0] * len(extra))])
    shrinkage = choose_shrinkage(rows, columns, start)
    w = ridge(rows, columns, start, shrinkage)
    fitted = PersonalWeights(**{name: round(float(v), 4) for name, v in zip(SIGNALS, w[: len(SIGNALS)])})
    return fitted, shrinkage, w[len(SIGNALS) :]


def held_out(
    signals: pl.DataFrame,
    readiness: pl.DataFrame,
    config: ScoringConfig = ScoringConfig(method="personal"),
    with_load: bool = False,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Every athlete's forecast and with_checkin from weights fitted on the other athletes:
    athlete_id, date, forecast, with_checkin (unrounded, 0-100). ``with_load`` adds the EWMA load
    ratio as a candidate signal (the time-forward check of whether load earns a place)."""
    frame = signals.with_columns(
        pl.when(pl.col("acwr_context").is_finite()).then(-(pl.col("acwr_context") - 1).clip(-3, 3)).alias(LOAD_COLUMN)
    )
    extra = (LOAD_COLUMN,) if with_load else ()
    rows = training_rows(frame, readiness, (*SIGNAL_COLUMNS, *extra))
    athletes = frame["athlete_id"].unique().sort().to_list()
    parts = []
    for done, athlete in enumerate(athletes, start=1):
        weights, _, extra_w = fit_weights(rows.filter(pl.col("athlete_id") != athlete), extra=extra)
        own = frame.filter(pl.col("athlete_id") == athlete)
        cfg = replace(config, personal=weights)
        load_part = pl.col(LOAD_COLUMN).fill_null(0.0) * float(extra_w[0]) if with_load else None
        parts.append(own.select("athlete_id", "date", *forecast_columns(cfg, load_part)))
        if progress:
            progress(done, len(athletes))
    return (
        pl.concat(parts)
        if parts
        else frame.select("athlete_id", "date").with_columns(
            forecast=pl.lit(None, pl.Float64), with_checkin=pl.lit(None, pl.Float64)
        )
    )
