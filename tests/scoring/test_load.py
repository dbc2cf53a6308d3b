"""The load model: ACWR variants and their thresholds, fitness / fatigue, monotony, TRIMP."""

from __future__ import annotations

import json
import math
from pathlib import Path

import polars as pl
import pytest

from tests.scoring.helpers import last, loads, wellness
from trainer.scoring import ScoringConfig, score_days
from trainer.scoring.grid import daily_grid
from trainer.scoring.load import (
    banister_trimp,
    banister_trimp_from_average,
    calibrated_loads,
    edwards_trimp,
    session_rpe_load,
    training_load_metrics,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def scored_with(load_values: list[float], config: ScoringConfig = ScoringConfig()) -> dict:
    """Score the day after ``load_values`` (one a day), on neutral wellness."""
    n = len(load_values) + 1
    days = wellness(n, hrv_ms=60, resting_hr=50, sleep_minutes=480, sleep_score=80, stress_level=20)
    return last(score_days(days, loads(load_values + [0]), config))


def two_blocks(chronic_part: float, acute_part: float) -> list[float]:
    """21 days at one load then 7 at another: rolling ACWR = 28a / (21c + 7a)."""
    return [chronic_part] * 21 + [acute_part] * 7


def test_acwr_exactly_1_3_is_not_above_it():
    day = scored_with(two_blocks(90, 130))  # chronic (1890 + 910) / 28 = 100, acute 130
    assert day["acwr"] == 1.3
    assert day["acwr_factor"] == 1.0


def test_acwr_just_above_1_3():
    day = scored_with(two_blocks(90, 131))
    assert day["acwr"] == pytest.approx(131 / ((21 * 90 + 7 * 131) / 28))
    assert day["acwr_factor"] == 0.9


def test_acwr_exactly_1_5_is_caution_not_danger():
    day = scored_with(two_blocks(100, 180))  # chronic 120, acute 180
    assert day["acwr"] == 1.5
    assert day["acwr_factor"] == 0.9


def test_acwr_just_above_1_5():
    assert scored_with(two_blocks(100, 181))["acwr_factor"] == 0.8


def test_acwr_needs_28_days_of_history_before_the_day():
    days = wellness(29, hrv_ms=60, resting_hr=50, sleep_minutes=480, stress_level=20)
    scored = score_days(days, loads([100] * 29))
    assert scored["acwr"][27] is None  # 27 days before it
    assert scored["acwr"][28] == pytest.approx(1.0)  # 28 days before it
    assert scored["acwr_factor"][27] == 1.0


def test_acwr_undefined_when_chronic_load_is_zero():
    day = scored_with([0.0] * 30)
    assert day["acwr"] is None and day["acwr_factor"] == 1.0


def test_uncoupled_acwr_compares_with_the_three_weeks_before():
    day = scored_with(two_blocks(90, 130), ScoringConfig(acwr_variant="uncoupled"))
    assert day["acwr"] == pytest.approx(130 / 90)
    assert day["acwr_factor"] == 0.9


def test_ewma_acwr_follows_williams_2017():
    values = [50.0, 80, 0, 120, 60, 0, 90] * 5
    day = scored_with(values, ScoringConfig(acwr_variant="ewma"))
    e7 = e28 = values[0]
    for value in values[1:]:
        e7 = 2 / 8 * value + (1 - 2 / 8) * e7
        e28 = 2 / 29 * value + (1 - 2 / 29) * e28
    assert day["acwr"] == pytest.approx(e7 / e28, rel=1e-9)


def test_normal_range_uses_ewma_by_default():
    assert ScoringConfig(method="normal-range").acwr == "ewma"
    assert ScoringConfig().acwr == "rolling"
    assert ScoringConfig(method="normal-range", acwr_variant="rolling").acwr == "rolling"


def test_garmin_acwr_is_its_acute_over_chronic_truncated_and_its_bands_match_ours():
    """Garmin's dailyAcuteChronicWorkloadRatio over a real year (fenix 7X): the ratio of its
    acute and chronic load truncated to one decimal. Its HIGH band is exactly our danger band
    (> 1.5, factor 0.8); what we call caution (1.3-1.5) Garmin still calls OPTIMAL. Applying our
    strict thresholds to Garmin's truncated figure instead of the exact ratio would soften the
    factor on 25 of the 358 days, which is why trainer always uses the unrounded ratio."""
    body = json.loads(
        (FIXTURES / "garmin_json/mobile-gateway_trainingstatus-weekly__2024-06-19_2025-06-11.json").read_text()
    )
    days = [
        (
            item["acuteTrainingLoadDTO"]["dailyTrainingLoadAcute"],
            item["acuteTrainingLoadDTO"]["dailyTrainingLoadChronic"],
            item["acuteTrainingLoadDTO"]["dailyAcuteChronicWorkloadRatio"],
            item["acuteTrainingLoadDTO"]["acwrStatus"],
        )
        for items in body["weeklyTrainingStatus"]["payload"]["reportData"].values()
        for item in items
        if item.get("acuteTrainingLoadDTO")
    ]
    assert len(days) == 358
    truncated = sum(math.floor(acute / chronic * 10 + 1e-9) / 10 == ratio for acute, chronic, ratio, _ in days)
    assert truncated >= 357
    frame = pl.DataFrame(days, schema=["acute", "chronic", "garmin_acwr", "garmin_status"], orient="row").with_columns(
        acwr=pl.col("acute") / pl.col("chronic"), day_index=pl.lit(100)
    )
    config = ScoringConfig()
    from trainer.scoring.load import acwr_factor

    ours = frame.with_columns(acwr_factor(config))
    high = ours.filter(pl.col("garmin_status") == "HIGH")
    assert high.height == 33 and (high["acwr_factor"] == 0.8).all()
    assert ours.filter(pl.col("acwr_factor") == 0.8).height == 33
    assert ours.filter((pl.col("acwr_factor") == 0.9) & (pl.col("garmin_status") == "OPTIMAL")).height == 22
    on_truncated = frame.with_columns(pl.col("garmin_acwr").alias("acwr")).with_columns(acwr_factor(config))
    assert (on_truncated["acwr_factor"] != ours["acwr_factor"]).sum() == 25


def test_fitness_fatigue_form_follow_their_recursions():
    """SCORING.md: exponential decay, CTL_d = CTL_(d-1) * e^(-1/42) + L_d * (1 - e^(-1/42)), from 0."""
    values = [100.0, 0, 50, 80, 0, 0, 120, 30, 60, 90]
    grid = daily_grid(wellness(len(values)), loads(values))
    metrics = training_load_metrics(grid)
    ctl = atl = 0.0
    expected_ctl, expected_atl = [], []
    for value in values:
        ctl = ctl * math.exp(-1 / 42) + value * (1 - math.exp(-1 / 42))
        atl = atl * math.exp(-1 / 7) + value * (1 - math.exp(-1 / 7))
        expected_ctl.append(ctl)
        expected_atl.append(atl)
    assert metrics["ctl"].to_list() == pytest.approx(expected_ctl)
    assert metrics["atl"].to_list() == pytest.approx(expected_atl)
    assert metrics["tsb"][5] == pytest.approx(expected_ctl[4] - expected_atl[4])
    assert metrics["ctl_ramp"][9] == pytest.approx(expected_ctl[9] - expected_ctl[2])


def test_monotony_and_strain_count_rest_days_as_zero():
    values = [60.0, 0, 60, 0, 60, 0, 60, 0]
    grid = daily_grid(wellness(len(values)), loads(values))
    day = training_load_metrics(grid).row(7, named=True)  # window = days 0..6
    week = values[:7]
    mean = sum(week) / 7
    sd = (sum((v - mean) ** 2 for v in week) / 6) ** 0.5
    assert day["monotony"] == pytest.approx(mean / sd)
    assert day["strain"] == pytest.approx(sum(week) * mean / sd)


def test_banister_trimp_from_a_stream_and_from_an_average():
    stream = pl.DataFrame({"hr": [0.0, 125, 125, 125], "seconds": [60.0, 60, 60, 60]})  # HRr 0.5 for 3 min; 0 = missing
    value = stream.select(banister_trimp(pl.col("hr"), pl.col("seconds"), hr_rest=50, hr_max=200, sex="male")).item()
    assert value == pytest.approx(3 * 0.5 * 0.64 * math.exp(1.92 * 0.5))
    women = banister_trimp_from_average(125, 60, 50, 200, "female")
    assert women == pytest.approx(60 * 0.5 * 0.86 * math.exp(1.67 * 0.5))


def test_edwards_and_session_rpe():
    assert edwards_trimp([10, 20, 15, 5, 1]) == 10 + 40 + 45 + 20 + 5
    assert session_rpe_load(6, 45) == 270


def test_fallback_loads_are_calibrated_into_garmin_units():
    paired = [
        {"athlete_id": 1, "garmin_load": 2.0 * t, "trimp": t, "edwards": None, "srpe": None} for t in range(10, 22)
    ]
    alone = [
        {"athlete_id": 1, "garmin_load": None, "trimp": 40.0, "edwards": None, "srpe": None},
        {"athlete_id": 1, "garmin_load": None, "trimp": None, "edwards": None, "srpe": 300.0},
        {"athlete_id": 1, "garmin_load": None, "trimp": None, "edwards": None, "srpe": None},
    ]
    frame = calibrated_loads(
        pl.DataFrame(
            paired + alone,
            schema={
                "athlete_id": pl.Int64,
                "garmin_load": pl.Float64,
                "trimp": pl.Float64,
                "edwards": pl.Float64,
                "srpe": pl.Float64,
            },
        )
    )
    tail = frame.tail(3)
    assert tail["load"].to_list() == [80.0, 300.0, None]
    assert tail["load_source"].to_list() == ["estimated", "srpe", None]
    assert (frame.head(12)["load_source"] == "garmin").all()


def test_too_few_pairs_leave_the_fallback_unscaled():
    paired = [{"athlete_id": 1, "garmin_load": 2.0 * t, "trimp": t} for t in range(10, 19)]  # 9 pairs
    frame = pl.DataFrame(
        paired + [{"athlete_id": 1, "garmin_load": None, "trimp": 40.0}],
        schema={"athlete_id": pl.Int64, "garmin_load": pl.Float64, "trimp": pl.Float64},
    )
    frame = frame.with_columns(edwards=pl.lit(None, pl.Float64), srpe=pl.lit(None, pl.Float64))
    assert calibrated_loads(frame).row(-1, named=True)["load_source"] == "trimp"


def test_fitness_and_fatigue_match_intervals_icu_on_its_own_recorded_loads():
    """intervals.icu's recorded wellness (32 days; fixture README): given its own daily loads, trainer's
    fitness and fatigue are its figures to 0.01. The recursion is linear, so from 0 before the first day
    ours equals theirs less what their starting value has decayed to."""
    import json

    days = json.loads((FIXTURES / "intervals_icu" / "athlete-wellness__2024-01-01_2024-02-01.json").read_text())
    first = days[0]
    before = {  # their figures on the eve of the first day, undone from the first day's step
        name: (first[name] - first[f"{name}Load"] * (1 - math.exp(-1 / tau))) / math.exp(-1 / tau)
        for name, tau in (("ctl", 42), ("atl", 7))
    }
    grid = daily_grid(wellness(len(days)), loads([day["ctlLoad"] for day in days]))
    metrics = training_load_metrics(grid)
    for n, day in enumerate(days, start=1):
        for name, tau in (("ctl", 42), ("atl", 7)):
            ours = metrics[name][n - 1] + before[name] * math.exp(-n / tau)
            assert ours == pytest.approx(day[name], abs=0.01), (day["id"], name)
    assert [day["ctlLoad"] for day in days] == [day["atlLoad"] for day in days]  # one load series


def test_a_power_load_comes_after_the_chain_and_is_calibrated_like_the_others():
    schema = {n: pl.Float64 for n in ("garmin_load", "trimp", "edwards", "srpe", "power")} | {"athlete_id": pl.Int64}
    paired = [{"athlete_id": 1, "garmin_load": 1.5 * p, "power": p} for p in range(40, 50)]  # 10 rides with both
    rows = [
        {"athlete_id": 1, "power": 60.0},  # power only: scaled by the median ratio, 1.5
        {"athlete_id": 1, "trimp": 30.0, "power": 60.0},  # heart rate wins: SCORING.md's chain first
        {"athlete_id": 2, "power": 60.0},  # another athlete without pairs: unscaled, said to be power
    ]
    frame = calibrated_loads(pl.DataFrame(paired + rows, schema=schema))
    assert frame.tail(3).select("load", "load_source").rows() == [(90.0, "estimated"), (30.0, "trimp"), (60.0, "power")]
