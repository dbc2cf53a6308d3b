"""The demo athletes are believable: physiology answers to load, with races, illness and gaps."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from trainer.demo.generator import DAYS, fitness_fatigue, generate, season_multiplier
from trainer.demo.profiles import DEMO_PROFILES, MARATHONER
from trainer.demo.squad import squad_profiles

END = date(2026, 11, 24)


@pytest.fixture(scope="module")
def marathoner():
    return generate(MARATHONER, END)


def test_same_seed_same_data():
    first, second = generate(MARATHONER, END), generate(MARATHONER, END)
    assert first.wellness.equals(second.wellness)
    assert first.activities.equals(second.activities)
    assert first.readiness.equals(second.readiness)
    assert not generate(MARATHONER, END, seed=8).wellness.equals(first.wellness)


def test_two_years_of_days_with_realistic_gaps(marathoner):
    wellness = marathoner.wellness
    assert wellness.height == DAYS >= 731
    assert wellness["date"].max() == END and wellness["date"].min() == END - timedelta(days=DAYS - 1)
    missing_hrv = wellness["hrv_ms"].null_count() / wellness.height
    assert 0.03 < missing_hrv < 0.12
    off_wrist = wellness.filter(
        pl.col("sleep_minutes").is_null() & pl.col("stress_level").is_null() & pl.col("hrv_ms").is_null()
    )
    assert off_wrist.height >= 5  # at least the five days the watch stayed at home
    assert (wellness["hrv_ms"].drop_nulls() > 0).all()


def test_hrv_falls_and_resting_hr_rises_after_hard_weeks(marathoner):
    loads = marathoner.activities.group_by("date").agg(pl.col("load").sum())
    days = marathoner.wellness.join(loads, on="date", how="left").with_columns(pl.col("load").fill_null(0))
    days = days.with_columns(week_load=pl.col("load").shift(1).rolling_sum(7))
    hrv_r = days.select(pl.corr("week_load", "hrv_ms", method="spearman")).item()
    rhr_r = days.select(pl.corr("week_load", "resting_hr", method="spearman")).item()
    assert hrv_r < -0.2
    assert rhr_r > 0.2


def test_illness_week_shows_low_hrv_high_rhr_and_no_training(marathoner):
    ill_start = END - timedelta(days=MARATHONER.illness_days_before_end)
    sick = marathoner.wellness.filter(pl.col("date").is_between(ill_start, ill_start + timedelta(days=6)))
    before = marathoner.wellness.filter(
        pl.col("date").is_between(ill_start - timedelta(days=28), ill_start - timedelta(days=1))
    )
    assert sick["hrv_ms"].mean() < 0.85 * before["hrv_ms"].mean()
    assert sick["resting_hr"].mean() > before["resting_hr"].mean() + 4
    assert marathoner.activities.filter(pl.col("date").is_between(ill_start, ill_start + timedelta(days=6))).is_empty()


def test_race_after_a_taper(marathoner):
    races = marathoner.activities.filter(pl.col("intensity") == "race")
    assert races.height == len(MARATHONER.race_days_before_end)
    race_day = END - timedelta(days=MARATHONER.race_days_before_end[-1])
    assert races["date"].to_list()[-1] == race_day

    def weekly(start_days_before: int) -> float:
        start = race_day - timedelta(days=start_days_before)
        return marathoner.activities.filter(pl.col("date").is_between(start, start + timedelta(days=6)))["load"].sum()

    assert weekly(7) < 0.75 * weekly(28)  # taper week well under a build week
    assert races["duration_s"].item(-1) > 3 * 3600


def test_season_has_3_to_1_loading():
    multiplier = season_multiplier(np.arange(200, -1, -1), race_days_before_end=())
    weeks = multiplier[: 7 * 8].reshape(8, 7).mean(axis=1)
    assert weeks[3] < 0.8 * weeks[2] and weeks[7] < 0.8 * weeks[6]


def test_fitness_fatigue_matches_its_recursion():
    load = np.array([100.0, 0, 50, 80, 0, 0, 120])
    ctl, atl = fitness_fatigue(load, start_ctl=40.0)
    expected_ctl = 40.0
    for value, got in zip(load, ctl):
        expected_ctl += (value - expected_ctl) / 42
        assert got == pytest.approx(expected_ctl)
    assert atl[0] == pytest.approx(40 + (100 - 40) / 7)


def test_activities_are_consistent(marathoner):
    acts = marathoner.activities
    assert (acts["max_hr"] >= acts["avg_hr"]).all()
    assert (acts["max_hr"] <= MARATHONER.max_hr).all()
    assert (acts["duration_s"] > 0).all()
    assert acts["source_id"].is_unique().all()
    assert set(acts["sport"]) == {"run"}


def test_every_profile_and_squad_member_is_distinct():
    names = [p.name for p in (*DEMO_PROFILES, *squad_profiles(10))]
    assert len(set(names)) == len(names)
    assert all(name.startswith("demo-") for name in names)
