"""Validation statistics on constructed data with known answers, and the honesty of the fit."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from tests.conftest import run_trainer
from trainer.research.fit import nested_fit
from trainer.research.validation import (
    bland_altman, cluster_bootstrap_ci, joined_days, per_athlete_spearman, pooled_spearman, summary,
)
from trainer.research.rmcorr import rmcorr

START = date(2025, 1, 1)


def constructed(athletes: int = 8, days: int = 60, seed: int = 3, hr_signal: float = 1.0, sleep_signal: float = 0.0) -> pl.DataFrame:
    """Days whose readiness follows the HR and/or sleep component within each athlete."""
    rng = np.random.default_rng(seed)
    rows = []
    for athlete in range(1, athletes + 1):
        level = rng.normal(0, 30)  # between-athlete differences in readiness level
        hr, sleep = rng.uniform(20, 100, days), rng.uniform(20, 100, days)
        readiness = level + hr_signal * hr / 10 + sleep_signal * sleep / 10 + rng.normal(0, 2, days)
        for d in range(days):
            rows.append({"athlete_id": athlete, "date": START + timedelta(days=d), "hrv_component": None, "hr_component": hr[d],
                         "sleep_component": sleep[d], "stress_component": None, "acwr_factor": 1.0, "readiness": readiness[d]})
    frame = pl.DataFrame(rows, schema_overrides={"hrv_component": pl.Float64, "stress_component": pl.Float64})
    return frame.with_columns(total_score=(0.3 * pl.col("hr_component") + 0.2 * pl.col("sleep_component")) / 0.5)


def test_joined_days_pairs_the_score_with_the_same_or_next_days_readiness():
    scores = pl.DataFrame({"athlete_id": [1, 1, 1], "date": [START, START + timedelta(1), START + timedelta(2)], "total_score": [50, 60, 70]})
    readiness = pl.DataFrame({"athlete_id": [1, 1], "date": [START + timedelta(1), START + timedelta(2)], "readiness": [5.0, 8.0]})
    assert joined_days(scores, readiness, 0)["total_score"].to_list() == [60, 70]
    assert joined_days(scores, readiness, 1).select("total_score", "readiness").rows() == [(50, 5.0), (60, 8.0)]


def test_bootstrap_ci_brackets_rmcorr_and_is_reproducible():
    frame = constructed()
    r = rmcorr(frame, "total_score", "readiness").r
    low, high = cluster_bootstrap_ci(frame, "total_score", "readiness", draws=500)
    assert low < r < high and (low, high) == cluster_bootstrap_ci(frame, "total_score", "readiness", draws=500)
    result = summary(frame, draws=500)
    assert result["n_athletes"] == 8 and result["df"] == 8 * 60 - 8 - 1


def test_pooled_correlation_is_swamped_by_between_athlete_levels_and_rmcorr_is_not():
    frame = constructed()
    assert rmcorr(frame, "total_score", "readiness").r > 0.5
    assert abs(pooled_spearman(frame, "total_score", "readiness")) < rmcorr(frame, "total_score", "readiness").r


def test_per_athlete_spearman_has_one_row_each_with_a_ci():
    per = per_athlete_spearman(constructed(), "total_score", "readiness")
    assert per.height == 8 and (per["ci_low"] < per["spearman"]).all() and (per["spearman"] < per["ci_high"]).all()


def test_bland_altman_bias_and_limits():
    frame = pl.DataFrame({"total_score": [60.0, 70, 80, 90], "training_readiness": [50.0, 62, 70, 78]})
    agreement = bland_altman(frame)
    differences = np.array([10, 8, 10, 12])
    assert agreement.bias == pytest.approx(10) and agreement.upper == pytest.approx(10 + 1.96 * differences.std(ddof=1))
    assert bland_altman(frame.head(2)) is None


def test_fitting_finds_a_real_signal_out_of_sample():
    frame = constructed(hr_signal=0.0, sleep_signal=1.0)  # readiness follows sleep only
    result = nested_fit(frame)
    assert result.fitted_components == ("hr", "sleep")
    assert result.weights.hrv == 0.4 and result.weights.stress == 0.1  # never in the data: kept
    assert result.weights.sleep > 0.2 and result.cv_rmcorr_fitted > result.cv_rmcorr_seed


def test_fitting_does_not_beat_the_seed_when_the_seed_is_right():
    frame = constructed(hr_signal=1.5, sleep_signal=1.0)  # exactly the seed's 3:2 balance
    result = nested_fit(frame)
    assert result.cv_rmcorr_fitted <= result.cv_rmcorr_seed + 0.01


@pytest.fixture(scope="module")
def pmdata_db(tmp_path_factory):
    from pathlib import Path

    from trainer.ingest.pmdata import import_pmdata
    from trainer.store.database import open_database

    url = f"sqlite:///{tmp_path_factory.mktemp('pm') / 'pm.db'}"
    import_pmdata(open_database(url), Path(__file__).resolve().parents[1] / "fixtures" / "pmdata")
    return url


def test_validate_json_contract_and_reproducible_export(pmdata_db, tmp_path):
    result = run_trainer("validate", "--fit", "--json", "--db", pmdata_db, "--export", str(tmp_path / "a"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("n_days", "n_athletes", "rmcorr", "ci_low", "ci_high", "p_value", "per_athlete", "components", "fit"):
        assert key in data
    # p12 has no resting HR and sleep alone is 0.2 of the weight: none of its days gets a score
    assert data["n_athletes"] == 1 and set(data["fit"]) >= {"weights", "cv_rmcorr_seed", "cv_rmcorr_fitted", "cv_rmcorr_normal_range"}
    assert data["components"]["hrv"]["rmcorr"] is None  # PMData has no HRV
    again = run_trainer("validate", "--fit", "--json", "--db", pmdata_db, "--export", str(tmp_path / "b"))
    assert json.loads(again.stdout) == data
    config_a, config_b = (json.loads((tmp_path / d / "config.json").read_text()) for d in ("a", "b"))
    assert config_a == config_b and len(config_a["input_sha256"]) == 64
    daily = pl.read_parquet(tmp_path / "a" / "daily.parquet")
    assert daily.filter(pl.col("total_score").is_not_null()).height == data["n_days"]


def test_validate_without_readiness_is_explained(tmp_path):
    db = f"sqlite:///{tmp_path / 't.db'}"
    run_trainer("athlete", "add", "ana", "--db", db)
    result = run_trainer("validate", "--db", db)
    assert result.returncode == 2 and "no perceived readiness" in result.stderr


def test_agreement_with_garmins_training_readiness_is_reported_when_synced():
    from trainer.research.report import validate
    from trainer.scoring import ScoringConfig

    days = 40
    dates = [START + timedelta(d) for d in range(days)]
    wellness = pl.DataFrame({
        "athlete_id": [1] * days, "date": dates, "hrv_ms": [60.0 + d % 5 for d in range(days)], "resting_hr": [50.0] * days,
        "sleep_minutes": [450.0] * days, "sleep_score": [80.0] * days, "stress_level": [25.0] * days,
        "hrv_baseline_low": [None] * days, "hrv_baseline_high": [None] * days, "training_readiness": [70.0] * days,
    }, schema_overrides={"hrv_baseline_low": pl.Float64, "hrv_baseline_high": pl.Float64})
    inputs = {"wellness": wellness, "loads": pl.DataFrame(schema={"athlete_id": pl.Int64, "date": pl.Date, "load": pl.Float64}),
              "readiness": pl.DataFrame({"athlete_id": [1] * days, "date": dates, "readiness": [float(d % 7) for d in range(days)]})}
    result, _ = validate(inputs, ScoringConfig(), draws=100)
    agreement = result["garmin_training_readiness"]
    assert agreement["n"] >= 30 and agreement["lower"] < agreement["bias"] < agreement["upper"]
