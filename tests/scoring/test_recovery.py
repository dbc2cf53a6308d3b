"""The seed method of SCORING.md, point by point."""

from __future__ import annotations

import polars as pl
import pytest

from tests.scoring.helpers import last, loads, no_loads, wellness
from trainer.errors import TrainerError
from trainer.scoring import ScoringConfig, score_days
from trainer.scoring.recovery import total_and_status


def test_worked_example_from_scoring_md():
    days = wellness(8, hrv_ms=[59] * 7 + [65], resting_hr=55, sleep_minutes=480, sleep_score=85, stress_level=30)
    day = last(score_days(days, no_loads()))
    assert day["hrv_component"] == 100
    assert day["hr_component"] == 50
    assert day["sleep_component"] == pytest.approx(94)
    assert day["stress_component"] == 70
    assert day["raw_score"] == pytest.approx(80.8)
    assert day["acwr"] is None and day["acwr_factor"] == 1.0
    assert day["total_score"] == 81 and day["status"] == "green"
    assert day["missing"] == ""


@pytest.mark.parametrize(
    "today, expected",
    [
        (70, 0),
        (80, 0),
        (85, 25),
        (90, 50),
        (95, 62.5),
        (100, 75),
        (105, 87.5),
        (110, 100),
        (130, 100),
    ],
)
def test_hrv_component_breakpoints(today, expected):
    days = wellness(8, hrv_ms=[100] * 7 + [today], resting_hr=50, sleep_minutes=480, stress_level=20)
    assert last(score_days(days, no_loads()))["hrv_component"] == pytest.approx(expected)


@pytest.mark.parametrize(
    "today, expected",
    [
        (40, 100),
        (47.5, 100),
        (48.75, 75),
        (50, 50),
        (52.5, 25),
        (55, 0),
        (60, 0),
    ],
)
def test_hr_component_breakpoints_lower_is_better(today, expected):
    days = wellness(8, hrv_ms=60, resting_hr=[50] * 7 + [today], sleep_minutes=480, stress_level=20)
    assert last(score_days(days, no_loads()))["hr_component"] == pytest.approx(expected)


@pytest.mark.parametrize("hours, expected", [(3, 30), (5, 30), (5.5, 50), (6, 70), (6.5, 85), (7, 100), (9.5, 100)])
def test_sleep_duration_breakpoints(hours, expected):
    days = wellness(1, sleep_minutes=hours * 60)
    assert last(score_days(days, no_loads()))["sleep_component"] == pytest.approx(expected)


def test_sleep_blends_the_sleep_score_when_present():
    days = wellness(1, sleep_minutes=330, sleep_score=60)  # 5.5 h -> 50
    assert last(score_days(days, no_loads()))["sleep_component"] == pytest.approx(0.6 * 50 + 0.4 * 60)


def test_stress_uses_the_day_before():
    days = wellness(3, stress_level=[10, 35, 90])
    scored = score_days(days, no_loads())
    assert scored["stress_component"].to_list() == [None, 90, 65]


def test_baseline_needs_three_values_before_today():
    two = wellness(3, hrv_ms=[60, 60, 66], resting_hr=[50, 50, 50], sleep_minutes=480, stress_level=20)
    day = last(score_days(two, no_loads()))
    assert day["hrv_component"] is None and day["hr_component"] is None
    assert "hrv baseline" in day["missing"] and "resting_hr baseline" in day["missing"]
    three = wellness(4, hrv_ms=[60, None, 60, 60], resting_hr=50, sleep_minutes=480, stress_level=20)
    assert last(score_days(three, no_loads()))["hrv_component"] is None  # only 2 of the window's days have HRV
    four = wellness(5, hrv_ms=[60, None, 60, 60, 60], resting_hr=50, sleep_minutes=480, stress_level=20)
    assert last(score_days(four, no_loads()))["hrv_component"] == pytest.approx(75)


def test_baseline_window_is_the_seven_days_before():
    # day 0 is far off; it leaves the window on day 8 (window D-7..D-1 = days 1..7)
    values = [200] + [60] * 7 + [60]
    days = wellness(9, hrv_ms=values, resting_hr=50, sleep_minutes=480, stress_level=20)
    scored = score_days(days, no_loads())
    assert scored["hrv_component"][7] < 75  # day 7 still averages in day 0
    assert scored["hrv_component"][8] == pytest.approx(75)


def test_missing_is_never_zero():
    days = wellness(8, hrv_ms=[60] * 7 + [None], resting_hr=50, sleep_minutes=480, sleep_score=80, stress_level=20)
    day = last(score_days(days, no_loads()))
    assert day["hrv_component"] is None
    assert day["missing"] == "hrv_ms"
    # raw is the weighted mean of what is present: hr 50 (0.3), sleep 92 (0.2), stress 80 (0.1)
    assert day["raw_score"] == pytest.approx((0.3 * 50 + 0.2 * 92 + 0.1 * 80) / 0.6)


def test_insufficient_data_below_half_the_weights():
    only_sleep_stress = wellness(2, sleep_minutes=480, stress_level=20)  # 0.3 of the weight
    day = last(score_days(only_sleep_stress, no_loads()))
    assert day["raw_score"] is None and day["total_score"] is None
    assert day["status"] == "insufficient data"
    exactly_half = wellness(9, hrv_ms=60, stress_level=20)  # hrv 0.4 + stress 0.1 = half: scored
    day = last(score_days(exactly_half, no_loads()))
    assert day["raw_score"] == pytest.approx((0.4 * 75 + 0.1 * 80) / 0.5)
    assert day["status"] != "insufficient data"


def test_weights_are_normalised_and_adjustable():
    days = wellness(8, hrv_ms=[59] * 7 + [65], resting_hr=55, sleep_minutes=480, sleep_score=85, stress_level=30)
    only_hr = ScoringConfig().with_weights(hrv=0, hr=1, sleep=0, stress=0)
    assert last(score_days(days, no_loads(), only_hr))["total_score"] == 50
    doubled = ScoringConfig().with_weights(hrv=0.8, hr=0.6, sleep=0.4, stress=0.2)
    assert last(score_days(days, no_loads(), doubled))["total_score"] == 81


@pytest.mark.parametrize(
    "raw, factor, total, status",
    [
        (100, 1.0, 100, "green"),
        (80, 1.0, 80, "green"),
        (79.5, 1.0, 80, "green"),
        (79.49, 1.0, 79, "yellow"),
        (50, 1.0, 50, "yellow"),
        (49.5, 1.0, 50, "yellow"),
        (49.4, 1.0, 49, "red"),
        (0, 1.0, 0, "red"),
        (90, 0.9, 81, "green"),
        (90, 0.8, 72, "yellow"),
        (72.5, 1.0, 73, "yellow"),
        (None, 1.0, None, "insufficient data"),
    ],
)
def test_total_rounds_halves_up_and_status_cut_offs(raw, factor, total, status):
    frame = pl.DataFrame(
        {"raw_score": [raw], "acwr_factor": [factor]}, schema={"raw_score": pl.Float64, "acwr_factor": pl.Float64}
    )
    row = frame.select(total_and_status(ScoringConfig())).row(0, named=True)
    assert row == {"total_score": total, "status": status}


def test_load_adjustment_lowers_the_total():
    days = wellness(36, hrv_ms=60, resting_hr=50, sleep_minutes=480, sleep_score=80, stress_level=20)
    heavy_week = loads([50] * 28 + [200] * 7 + [0])  # acute 200 / chronic (21*50 + 7*200)/28 = 87.5 -> 2.29
    day = last(score_days(days, heavy_week))
    assert day["acwr"] == pytest.approx(200 / 87.5)
    assert day["acwr_factor"] == 0.8
    assert day["total_score"] == round(day["raw_score"] * 0.8)


def test_athletes_are_scored_independently():
    ana = wellness(
        8, athlete_id=1, hrv_ms=[59] * 7 + [65], resting_hr=55, sleep_minutes=480, sleep_score=85, stress_level=30
    )
    ben = wellness(8, athlete_id=2, hrv_ms=[40] * 7 + [30], resting_hr=60, sleep_minutes=300, stress_level=70)
    scored = score_days(pl.concat([ben, ana]), no_loads())
    assert scored.filter(pl.col("athlete_id") == 1)["total_score"].to_list()[-1] == 81
    assert scored.filter(pl.col("athlete_id") == 2)["hrv_component"].to_list()[-1] == 0
    assert scored.height == 16


def test_one_row_per_day_from_first_to_last_record():
    days = wellness(3, hrv_ms=60)
    late_load = loads([40], start=days["date"][0].replace(day=10))
    scored = score_days(days, late_load)
    assert scored.height == 10
    assert scored["load"].to_list() == [0.0] * 9 + [40.0]


@pytest.mark.parametrize("setting", [{"acwr_danger_factor": 1.2}, {"acwr_caution_factor": -0.1}])
def test_acwr_factors_outside_0_to_1_are_refused(setting):
    """A factor only ever lowers the score, which is what keeps every total within 0..100."""
    with pytest.raises(TrainerError, match="ACWR factors must be between 0 and 1"):
        ScoringConfig(**setting)


def test_a_perfect_day_scores_exactly_100_whatever_is_missing():
    """Float weights put HRV, HR and sleep at 100 one ulp above 100; the raw score is cut back."""
    days = wellness(
        8, hrv_ms=[60] * 7 + [80], resting_hr=[50] * 7 + [45], sleep_minutes=480, sleep_score=100, stress_level=None
    )
    day = last(score_days(days, no_loads()))
    assert (day["hrv_component"], day["hr_component"], day["sleep_component"], day["stress_component"]) == (
        100,
        100,
        100,
        None,
    )
    assert day["raw_score"] == 100.0 and day["total_score"] == 100
