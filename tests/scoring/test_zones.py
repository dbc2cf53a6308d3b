"""Heart-rate zones: which method, where the numbers come from, and the intensity ranges."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from trainer.scoring.zones import HeartRateProfile, heart_rate_profile, sustained_max_hr

ON = date(2026, 11, 24)


def test_lthr_wins_then_reserve_then_max():
    assert HeartRateProfile(190, "setting", 50, "setting", 170).method == "lthr"
    assert HeartRateProfile(190, "setting", 50, "setting", None).method == "hrr"
    assert HeartRateProfile(190, "setting", None, "unknown", None).method == "max"


@pytest.mark.parametrize(
    "intensity, expected",
    [
        ("recovery", (119, 134)),
        ("easy", (136, 151)),
        ("moderate", (153, 160)),
        ("hard", (162, 173)),
        ("maximal", (175, 190)),
    ],
)
def test_lthr_ranges(intensity, expected):
    assert HeartRateProfile(190, "setting", 50, "setting", 170).hr_range(intensity) == expected


@pytest.mark.parametrize(
    "intensity, expected",
    [
        ("recovery", (120, 134)),
        ("easy", (134, 148)),
        ("moderate", (148, 162)),
        ("hard", (162, 176)),
        ("maximal", (176, 190)),
    ],
)
def test_heart_rate_reserve_ranges(intensity, expected):
    assert HeartRateProfile(190, "setting", 50, "setting", None).hr_range(intensity) == expected


@pytest.mark.parametrize(
    "intensity, expected",
    [
        ("recovery", (114, 133)),
        ("easy", (133, 152)),
        ("moderate", (156, 165)),
        ("hard", (167, 177)),
        ("maximal", (179, 190)),
    ],
)
def test_percent_of_max_ranges(intensity, expected):
    assert HeartRateProfile(190, "setting", None, "unknown", None).hr_range(intensity) == expected


def test_nothing_known_gives_no_range():
    assert HeartRateProfile(None, "unknown", None, "unknown", None).hr_range("easy") is None


def test_estimates_from_data_when_no_setting():
    activities = pl.DataFrame(
        {"date": [date(2025, 6, 1), date(2026, 3, 1), date(2024, 1, 1)], "max_hr": [181.0, 186.0, 199.0]}
    )
    wellness = pl.DataFrame(
        {"date": [date(2026, 11, d) for d in range(1, 25)], "resting_hr": [48.0] * 12 + [52.0] * 12}
    )
    profile = heart_rate_profile(on=ON, activities=activities, wellness=wellness, birth_year=1990)
    assert profile.max_hr == 186 and "12 months" in profile.max_hr_source  # the 2024 peak is too old
    assert profile.rest_hr == 50 and profile.rest_hr_source == "30-day median resting HR"


def test_age_formula_is_the_last_resort():
    profile = heart_rate_profile(on=ON, birth_year=1986)
    assert profile.max_hr == round(208 - 0.7 * 40) and profile.max_hr_source == "208 - 0.7 x age"


def test_settings_override_data():
    activities = pl.DataFrame({"date": [ON], "max_hr": [199.0]})
    assert heart_rate_profile(on=ON, max_hr_setting=185, activities=activities).max_hr == 185


def test_sustained_max_ignores_a_spike():
    seconds = pl.Series(range(60), dtype=pl.Float64)
    hr = pl.Series([150.0] * 20 + [205.0] + [150.0] * 9 + [172.0] * 12 + [0.0] * 18)
    assert sustained_max_hr(hr, seconds) == 172
