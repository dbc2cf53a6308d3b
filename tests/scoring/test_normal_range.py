"""The normal-range method: robust log-HRV and resting-HR baselines, cold start, outliers."""

from __future__ import annotations

import math
import statistics

import polars as pl
import pytest

from tests.scoring.helpers import last, no_loads, wellness
from trainer.scoring import ScoringConfig, score_days

NR = ScoringConfig(method="normal-range")


def robust(values: list[float], floor: float) -> tuple[float, float]:
    mu = statistics.median(values)
    return mu, max(1.4826 * statistics.median(abs(v - mu) for v in values), floor)


def test_hrv_and_hr_components_against_the_robust_baseline():
    hrv = [58.0, 62.0, 60.0, 64.0, 57.0] * 6 + [52.0]
    rhr = [49.0, 51.0, 50.0, 52.0, 48.0] * 6 + [54.0]
    days = wellness(31, hrv_ms=hrv, resting_hr=rhr, sleep_minutes=480, sleep_score=80, stress_level=20)
    day = last(score_days(days, no_loads(), NR))
    logs = [math.log(v) for v in hrv]
    mu, sigma = robust(logs[:30], 0.03)
    z = 0.5 * (logs[30] - mu) / sigma + 0.5 * (statistics.mean(logs[24:31]) - mu) / sigma
    assert day["hrv_component"] == pytest.approx(min(max(40 * (z + 2), 0), 100))
    hr_mu, hr_sigma = robust(rhr[:30], 1.0)
    hr_z = (statistics.mean(rhr[28:31]) - hr_mu) / hr_sigma
    assert day["hr_component"] == pytest.approx(min(max(40 * (2 - hr_z), 0), 100))
    assert day["hrv_base"] == pytest.approx(math.exp(mu))
    assert day["flags"] == ""


def test_at_baseline_the_hrv_component_is_80():
    flat = wellness(20, hrv_ms=60.0, resting_hr=50, sleep_minutes=480, stress_level=20)
    day = last(score_days(flat, no_loads(), NR))
    assert day["hrv_component"] == pytest.approx(80)
    assert day["hr_component"] == pytest.approx(80)


def test_outliers_are_only_judged_once_a_baseline_exists():
    # alternating 55/65 has MAD 0, so the floored sigma (0.03) makes 65 look like an outlier
    # against 55; with fewer than 14 earlier values nothing is judged, so all values count.
    days = wellness(16, hrv_ms=[55.0, 65.0] * 8, resting_hr=50, sleep_minutes=480, stress_level=20)
    assert last(score_days(days, no_loads(), NR))["hrv_component"] is not None


def test_fewer_than_14_values_means_no_baseline_unless_garmin_gives_one():
    days = wellness(10, hrv_ms=60.0, resting_hr=50, sleep_minutes=480, stress_level=20)
    day = last(score_days(days, no_loads(), NR))
    assert day["hrv_component"] is None and "hrv baseline" in day["missing"]
    banded = days.with_columns(hrv_baseline_low=pl.lit(50.0), hrv_baseline_high=pl.lit(72.0))
    day = last(score_days(banded, no_loads(), NR))
    mu = (math.log(50) + math.log(72)) / 2
    sigma = (math.log(72) - math.log(50)) / 2
    assert day["hrv_component"] == pytest.approx(40 * ((math.log(60) - mu) / sigma + 2))
    assert day["flags"] == "provisional"


def test_an_outlier_counts_today_but_stays_out_of_later_baselines():
    hrv = [58.0, 62.0] * 10 + [250.0, 60.0]
    days = wellness(22, hrv_ms=hrv, resting_hr=50, sleep_minutes=480, stress_level=20)
    scored = score_days(days, no_loads(), NR)
    outlier_day, next_day = scored.row(20, named=True), scored.row(21, named=True)
    assert outlier_day["hrv_component"] == 100
    assert "hrv unusually high" in outlier_day["flags"]
    assert next_day["hrv_base"] == pytest.approx(math.sqrt(58 * 62))  # median of 58/62 without the 250


def test_scores_and_statuses_differ_between_methods_on_the_same_days():
    hrv = [60.0 + (i % 5) for i in range(40)] + [58.0]
    days = wellness(41, hrv_ms=hrv, resting_hr=50, sleep_minutes=480, sleep_score=80, stress_level=20)
    seed, nr = last(score_days(days, no_loads())), last(score_days(days, no_loads(), NR))
    assert seed["hrv_component"] != nr["hrv_component"]


def test_baselines_kept_from_an_earlier_run_give_the_same_scores_to_the_last_digit(demo_sqlite_url):
    """The apps compute the normal-range baselines once per data version and re-score a lever
    change with them: every column of every day is what a full computation gives."""
    from trainer.scoring.inputs import prepare_inputs
    from trainer.scoring.score import normal_range_baselines, score_prepared
    from trainer.store.database import open_database
    from trainer.store.loaders import load_daily_loads, load_wellness

    db = open_database(demo_sqlite_url, read_only=True)
    inputs = prepare_inputs(load_wellness(db), load_daily_loads(db).select("athlete_id", "date", "load"))
    kept = normal_range_baselines(*inputs, NR)
    for config in (
        NR,
        NR.with_weights(hrv=0.7, hr=0.1),
        ScoringConfig(method="normal-range", acwr_variant="rolling", green_from=75, yellow_from=40),
    ):
        full = score_prepared(*inputs, config)
        assert full.height > 2000 and score_prepared(*inputs, config, baselines=kept).equals(full, null_equal=True)
    other = ScoringConfig(method="normal-range", nr_outlier_sd=2.0)  # other baseline settings: not used
    assert not score_prepared(*inputs, other).equals(score_prepared(*inputs, NR), null_equal=True)
    assert score_prepared(*inputs, other, baselines=kept).equals(score_prepared(*inputs, other), null_equal=True)
