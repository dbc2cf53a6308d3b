"""``trainer validate``: every validation figure for a set of athletes, as a JSON-ready dict, and
an export a second lab can reproduce the numbers from."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import polars as pl

import trainer
from trainer.research.fit import nested_fit
from trainer.research.validation import bland_altman, component_rmcorr, joined_days, per_athlete_spearman, pooled_spearman, summary
from trainer.scoring import ScoringConfig, score_days
from trainer.store.database import Database
from trainer.store.loaders import load_daily_loads, load_readiness, load_wellness

SCORE_INPUTS = ["athlete_id", "date", "hrv_ms", "resting_hr", "sleep_minutes", "sleep_score", "stress_level", "hrv_baseline_low", "hrv_baseline_high"]


def load_inputs(db: Database, athlete_ids: Sequence[int] | None) -> dict[str, pl.DataFrame]:
    return {"wellness": load_wellness(db, athlete_ids), "loads": load_daily_loads(db, athlete_ids).select("athlete_id", "date", "load"),
            "readiness": load_readiness(db, athlete_ids)}


def validate(inputs: dict[str, pl.DataFrame], config: ScoringConfig = ScoringConfig(), lag: int = 0, fit: bool = False, draws: int = 2000) -> tuple[dict, pl.DataFrame]:
    """(result, joined daily table) for the scores of ``config`` against readiness on D + ``lag``."""
    wellness = inputs["wellness"].select(SCORE_INPUTS)
    scores = score_days(wellness, inputs["loads"], config)
    joined = joined_days(scores, inputs["readiness"], lag)
    result = {**summary(joined, draws=draws), "method": config.method, "weights": config.weights.describe(), "lag": lag,
              "pooled_spearman": pooled_spearman(joined, "total_score", "readiness")}
    result["per_athlete"] = [{"athlete_id": row["athlete_id"], "n": row["n"], "spearman": row["spearman"]}
                             for row in per_athlete_spearman(joined, "total_score", "readiness").iter_rows(named=True)]
    result["components"] = component_rmcorr(joined, draws=max(draws // 2, 200))
    garmin = inputs["wellness"].select("athlete_id", "date", "training_readiness") if "training_readiness" in inputs["wellness"].columns else None
    agreement = None if garmin is None else bland_altman(scores.join(garmin, on=["athlete_id", "date"], how="inner"))
    result["garmin_training_readiness"] = None if agreement is None else agreement.__dict__
    if fit:
        seed_days = joined_days(score_days(wellness, inputs["loads"], ScoringConfig(weights=config.weights)), inputs["readiness"], lag)
        nr_days = joined_days(score_days(wellness, inputs["loads"], ScoringConfig(method="normal-range")), inputs["readiness"], lag)
        fitted = nested_fit(seed_days, nr_days, config.weights)
        result["fit"] = {"weights": fitted.weights.describe(), "shrinkage": fitted.shrinkage, "cv_rmcorr_seed": fitted.cv_rmcorr_seed,
                         "cv_rmcorr_fitted": fitted.cv_rmcorr_fitted, "cv_rmcorr_normal_range": fitted.cv_rmcorr_normal_range,
                         "n_days": fitted.n_days, "n_athletes": fitted.n_athletes, "fitted_components": list(fitted.fitted_components),
                         "beats_seed": fitted.cv_rmcorr_fitted > fitted.cv_rmcorr_seed}
    return result, joined


def input_hash(inputs: dict[str, pl.DataFrame]) -> str:
    """SHA-256 of the inputs as sorted CSV: the same data gives the same hash anywhere."""
    digest = hashlib.sha256()
    for name in sorted(inputs):
        frame = inputs[name]
        digest.update(name.encode())
        digest.update(frame.sort(frame.columns[:2]).write_csv().encode())
    return digest.hexdigest()


def export(directory: Path, result: dict, joined: pl.DataFrame, config: ScoringConfig, inputs: dict[str, pl.DataFrame]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / "daily.parquet", directory / "daily.csv", directory / "config.json", directory / "result.json"]
    joined.write_parquet(paths[0])
    joined.write_csv(paths[1])
    paths[2].write_text(json.dumps({"trainer_version": trainer.__version__, "input_sha256": input_hash(inputs),
                                    "config": config.to_dict(), "lag": result["lag"]}, indent=2, default=str))
    paths[3].write_text(json.dumps(result, indent=2, default=str))
    return paths
