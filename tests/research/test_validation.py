"""Validation statistics on constructed data with known answers, and the honesty of the fit."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import polars as pl
import pytest

from tests.research.days import START, constructed
from trainer.research.bootstrap import Resampling, cluster_bootstrap_ci
from trainer.research.rmcorr import rmcorr
from trainer.research.validation import bland_altman, joined_days, per_athlete_spearman, pooled_spearman, summary


def test_joined_days_pairs_the_score_with_the_same_or_next_days_readiness():
    scores = pl.DataFrame(
        {
            "athlete_id": [1, 1, 1],
            "date": [START, START + timedelta(1), START + timedelta(2)],
            "total_score": [50, 60, 70],
        }
    )
    readiness = pl.DataFrame(
        {"athlete_id": [1, 1], "date": [START + timedelta(1), START + timedelta(2)], "readiness": [5.0, 8.0]}
    )
    assert joined_days(scores, readiness, 0)["total_score"].to_list() == [60, 70]
    assert joined_days(scores, readiness, 1).select("total_score", "readiness").rows() == [(50, 5.0), (60, 8.0)]


def test_bootstrap_ci_brackets_rmcorr_and_is_reproducible():
    frame = constructed()
    r = rmcorr(frame, "total_score", "readiness").r
    low, high = cluster_bootstrap_ci(frame, "total_score", "readiness", Resampling(draws=500))
    assert low < r < high and (low, high) == cluster_bootstrap_ci(
        frame, "total_score", "readiness", Resampling(draws=500)
    )
    assert (low, high) != cluster_bootstrap_ci(frame, "total_score", "readiness", Resampling(draws=500, seed=2))
    result = summary(frame, resampling=Resampling(draws=500))
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


def test_agreement_with_garmins_training_readiness_is_reported_when_synced():
    from trainer.research.report import validate
    from trainer.scoring import ScoringConfig

    days, athletes = 40, [1, 2]
    dates = [START + timedelta(d) for d in range(days)] * len(athletes)
    ids = [athlete for athlete in athletes for _ in range(days)]
    wellness = pl.DataFrame(
        {
            "athlete_id": ids,
            "date": dates,
            "hrv_ms": [60.0 + d % 5 for d in range(days)] * 2,
            "resting_hr": [50.0] * 2 * days,
            "sleep_minutes": [450.0] * 2 * days,
            "sleep_score": [80.0] * 2 * days,
            "stress_level": [25.0] * 2 * days,
            "hrv_baseline_low": [None] * 2 * days,
            "hrv_baseline_high": [None] * 2 * days,
            "training_readiness": [70.0] * 2 * days,
        },
        schema_overrides={"hrv_baseline_low": pl.Float64, "hrv_baseline_high": pl.Float64},
    )
    inputs = {
        "wellness": wellness,
        "loads": pl.DataFrame(schema={"athlete_id": pl.Int64, "date": pl.Date, "load": pl.Float64}),
        "readiness": pl.DataFrame(
            {"athlete_id": ids, "date": dates, "readiness": [float(d % 7) for d in range(days)] * 2}
        ),
    }
    result, _ = validate(inputs, ScoringConfig(), resampling=Resampling(draws=100))
    agreement = result["garmin_training_readiness"]
    assert agreement["n"] >= 60 and agreement["lower"] < agreement["bias"] < agreement["upper"]
    assert agreement["bias"] != 0  # a constant 70 from Garmin against trainer's varying score
