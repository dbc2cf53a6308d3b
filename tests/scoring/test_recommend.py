"""The daily recommendation rules of SCORING.md."""

from __future__ import annotations

from trainer.scoring.recommend import PlannedSession, recommend
from trainer.scoring.zones import HeartRateProfile

ZONES = HeartRateProfile(190, "setting", 50, "setting", None)
DAY = {
    "hrv_ms": 52.0,
    "hrv_base": 59.0,
    "resting_hr": 51.0,
    "hr_base": 48.0,
    "sleep_minutes": 400.0,
    "sleep_score": 70.0,
    "acwr": 1.1,
    "missing": "",
}


def day(status: str, total: int | None, **changes) -> dict:
    return {**DAY, "status": status, "total_score": total, **changes}


def test_green_without_a_plan_is_a_quality_session_for_the_main_sport():
    rec = recommend(day("green", 86), ZONES, main_sport="bike")
    assert (rec.workout_type, rec.minutes, rec.intensity) == ("bike", 90, "hard")
    assert (rec.hr_low, rec.hr_high) == ZONES.hr_range("hard")


def test_green_does_the_planned_session_up_to_maximal():
    rec = recommend(day("green", 90), ZONES, planned=PlannedSession("run", 50, "maximal", "VO2max intervals"))
    assert (rec.minutes, rec.intensity) == (50, "maximal")
    assert "planned session" in rec.rationale


def test_yellow_caps_at_moderate_and_cuts_planned_volume():
    rec = recommend(day("yellow", 65), ZONES, planned=PlannedSession("run", 80, "hard"))
    assert rec.intensity == "moderate"
    assert 56 <= rec.minutes <= 64  # 20-30 % less than 80
    easy_plan = recommend(day("yellow", 65), ZONES, planned=PlannedSession("run", 60, "easy"))
    assert easy_plan.intensity == "easy"


def test_red_is_short_recovery_or_rest():
    rec = recommend(day("red", 45), ZONES, planned=PlannedSession("run", 90, "hard"))
    assert rec.intensity == "recovery" and rec.minutes <= 45
    rest = recommend(day("red", 20), ZONES)
    assert (rest.workout_type, rest.minutes, rest.hr_low) == ("rest", 0, None)


def test_acwr_above_1_5_caps_at_easy_whatever_the_status():
    rec = recommend(day("green", 95, acwr=1.62), ZONES)
    assert rec.intensity == "easy"
    assert "load ratio 1.62" in rec.rationale
    at_limit = recommend(day("green", 95, acwr=1.5), ZONES)
    assert at_limit.intensity == "hard"


def test_no_score_gives_an_easy_session_and_says_why():
    rec = recommend(day("insufficient data", None, hrv_ms=None, missing="hrv_ms,resting_hr"), ZONES)
    assert rec.intensity == "easy"
    assert "no HRV reading last night, no resting heart rate" in rec.rationale and "Not enough data" in rec.rationale


def test_rationale_names_the_numbers():
    rec = recommend(day("yellow", 62, acwr=1.42), ZONES)
    assert "Recovery 62 (yellow)" in rec.rationale
    assert "HRV 52, 12% below your 7-day average" in rec.rationale
    assert "load ratio 1.42" in rec.rationale
    assert f"{rec.hr_low}-{rec.hr_high} bpm" in rec.rationale
