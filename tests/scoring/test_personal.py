"""The personal method: strictly time-forward, the forecast never sees the day's check-in, the
check-in moves the second number monotonically, illness caps it, and it says what it rests on."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from trainer.scoring import ScoringConfig, score_days
from trainer.scoring.personal import UNWELL_CAP, with_check_ins

PERSONAL = ScoringConfig(method="personal")
START = date(2025, 1, 1)
DAYS = 40


def wellness(days: int = DAYS, hrv: bool = True) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "athlete_id": [1] * days,
            "date": [START + timedelta(days=i) for i in range(days)],
            "hrv_ms": [60.0 + (i % 5) * 3 if hrv else None for i in range(days)],
            "resting_hr": [50.0 + (i % 3) for i in range(days)],
            "sleep_minutes": [420.0 + (i % 4) * 20 for i in range(days)],
            "sleep_score": [80.0] * days,
            "stress_level": [30.0] * days,
        }
    )


def answers(days: int = DAYS, readiness=lambda i: 5.0 + (i % 3)) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "athlete_id": [1] * days,
            "date": [START + timedelta(days=i) for i in range(days)],
            "readiness": [readiness(i) for i in range(days)],
            "fatigue": [3.0] * days,
            "soreness": [4.0] * days,
        }
    )


NO_LOADS = pl.DataFrame(schema={"athlete_id": pl.Int64, "date": pl.Date, "load": pl.Float64})


def scored(w: pl.DataFrame, a: pl.DataFrame | None) -> pl.DataFrame:
    return score_days(with_check_ins(w, a), NO_LOADS, PERSONAL)


def test_a_day_is_scored_from_its_past_only():
    """Appending later days (device data and check-ins) changes nothing already scored."""
    short = scored(wellness(30), answers(30))
    long = scored(wellness(), answers(readiness=lambda i: 5.0 + (i % 3) if i < 30 else 0.0))
    columns = ["date", "forecast", "with_checkin", "total_score", "status", "basis"]
    assert long.head(30).select(columns).equals(short.select(columns))


def test_the_forecast_does_not_see_the_days_answers_the_second_number_does():
    day = START + timedelta(days=35)
    low = answers(readiness=lambda i: 1.0 if i == 35 else 6.0)
    high = answers(readiness=lambda i: 9.0 if i == 35 else 6.0)
    a, b = (scored(wellness(), x).filter(pl.col("date") == day).row(0, named=True) for x in (low, high))
    assert a["forecast"] == b["forecast"]
    assert a["with_checkin"] < b["with_checkin"]
    # the next morning's forecast hears about yesterday
    after = [
        scored(wellness(), x).filter(pl.col("date") == day + timedelta(days=1))["forecast"].item() for x in (low, high)
    ]
    assert after[0] < after[1]


def test_with_the_check_in_rises_with_every_answer_and_illness_caps_it():
    day = START + timedelta(days=35)

    def with_checkin(readiness: float, fatigue: float, unwell: float | None = None) -> int:
        a = answers().with_columns(
            readiness=pl.when(pl.col("date") == day).then(readiness).otherwise(pl.col("readiness")),
            fatigue=pl.when(pl.col("date") == day).then(fatigue).otherwise(pl.col("fatigue")),
            unwell=pl.when(pl.col("date") == day).then(unwell),
        )
        return scored(wellness(), a).filter(pl.col("date") == day)["with_checkin"].item()

    by_readiness = [with_checkin(r, 3.0) for r in (0.0, 3.0, 6.0, 9.0)]
    by_fatigue = [with_checkin(6.0, f) for f in (1.0, 3.0, 5.0)]
    assert by_readiness == sorted(by_readiness) and by_readiness[0] < by_readiness[-1]
    assert by_fatigue == sorted(by_fatigue) and by_fatigue[0] < by_fatigue[-1]
    assert with_checkin(10.0, 5.0) > UNWELL_CAP and with_checkin(10.0, 5.0, unwell=1.0) == UNWELL_CAP


def test_it_says_what_it_rests_on_and_degrades_without_hrv_or_check_ins():
    full = scored(wellness(), answers()).row(-1, named=True)
    assert full["basis"].startswith("your HRV over the last 7 nights, your resting heart rate, last night's sleep")
    assert "today's check-in added" in full["basis"] and full["status"] in ("green", "yellow", "red")
    bare = scored(wellness(hrv=False), None).row(-1, named=True)
    assert bare["basis"] == (
        "your resting heart rate and last night's sleep; no HRV recorded; no recent check-ins; all from your watch"
    )
    assert bare["with_checkin"] is None and bare["total_score"] == bare["forecast"]
    nothing = scored(wellness(hrv=False).head(1), None).row(0, named=True)
    assert nothing["basis"].startswith("nothing yet") and nothing["forecast"] == 84  # a usual day: green


def test_the_first_two_weeks_are_provisional():
    flags = scored(wellness(), answers())["flags"].to_list()
    assert all("provisional" in f for f in flags[:13]) and not any("provisional" in f for f in flags[13:])


def test_an_illness_alone_adds_no_day_but_marks_the_days_it_covers():
    w = wellness(10)
    ill = pl.DataFrame(
        {"athlete_id": [1, 1], "date": [START + timedelta(days=9), START + timedelta(days=20)]}
    ).with_columns(unwell=pl.lit(1.0))
    joined = with_check_ins(w, ill)
    assert joined.height == 10 and joined["checkin_unwell"].to_list()[-1] == 1.0
    last = score_days(joined, NO_LOADS, PERSONAL).row(-1, named=True)
    assert last["with_checkin"] == min(last["forecast"], UNWELL_CAP) and last["status"] == "red"


def test_a_day_with_only_a_check_in_is_scored_by_the_personal_method_alone():
    w = wellness(20)
    later = pl.DataFrame({"athlete_id": [1], "date": [START + timedelta(days=25)], "readiness": [8.0]})
    joined = with_check_ins(w, pl.concat([answers(20), later], how="diagonal"))
    assert joined.height == 21
    seed = score_days(joined, NO_LOADS)
    assert seed["date"].max() == START + timedelta(days=19) and "forecast" in seed.columns
    personal = score_days(joined, NO_LOADS, PERSONAL).row(-1, named=True)
    assert personal["date"] == START + timedelta(days=25) and personal["with_checkin"] is not None


def test_it_says_how_much_rests_on_the_check_ins_and_how_much_on_the_watch():
    """The weights of what entered: the athlete's own answers carry most of it (on PMData's held-out
    athletes they carried most of the signal), and a check-in today tips it further."""
    full = scored(wellness(), answers()).row(-1, named=True)
    assert full["basis"].endswith("; today's check-in added; mostly your own check-ins (your watch adds about 10 %)")
    before = scored(wellness(), answers(DAYS - 1)).row(-1, named=True)
    assert before["basis"].endswith("; mostly your own check-ins (your watch adds about 20 %)")


def test_the_card_says_what_the_watch_measured_against_the_usual():
    from html import unescape

    from trainer.views.today_card import personal_html

    day = {
        "forecast": 61,
        "with_checkin": None,
        "basis": "your HRV over the last 7 nights; mostly your own check-ins (your watch adds about 15 %)",
        "hrv_ms": 53.4,
        "hrv_base": 60.0,
        "resting_hr": 51.6,
        "hr_base": 48.0,
    }
    words = unescape(personal_html(day))
    assert "Today's number rests on your HRV over the last 7 nights; mostly your own check-ins" in words
    assert "Your watch: last night's HRV 11 % below your usual, resting heart rate 4 bpm above." in words
