"""The simple predictors, worked out by hand on a small frame."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from tests.research.days import START
from trainer.research.baselines import with_baselines
from trainer.research.validation import joined_days


def day(n: int):
    return START + timedelta(days=n)


# athlete 1 reports on days 1, 2, 3, 4 and 6 (not 5); athlete 2 starts on day 2
READINESS = pl.DataFrame(
    {
        "athlete_id": [1, 1, 1, 1, 1, 2, 2],
        "date": [day(1), day(2), day(3), day(4), day(6), day(2), day(3)],
        "readiness": [5.0, 7.0, 6.0, 8.0, 4.0, 3.0, 9.0],
    }
)
SCORES = pl.DataFrame(
    {
        "athlete_id": [1] * 6 + [2, 2],
        "date": [day(n) for n in range(1, 7)] + [day(2), day(3)],
        "total_score": [60.0, 70, 65, 80, 50, 40, 30, 90],
        "resting_hr": [50, 48, 52, 47, 55, 56, 60, 58],
        "sleep_minutes": [420, 480, 400, 500, 380, 360, 300, 510],
        "hrv_ms": [None] * 8,
    },
    schema_overrides={"hrv_ms": pl.Float64},
)


def columns(frame: pl.DataFrame, athlete: int, *names: str) -> list[tuple]:
    return frame.filter(pl.col("athlete_id") == athlete).sort("date").select(*names).rows()


def test_same_day_readiness_beside_yesterdays_and_the_mean_before_it():
    table = with_baselines(joined_days(SCORES, READINESS, lag=0), READINESS, lag=0)
    assert columns(table, 1, "readiness", "yesterday", "athlete_mean") == [
        (5.0, None, None),  # day 1: nothing reported before
        (7.0, 5.0, 5.0),
        (6.0, 7.0, 6.0),
        (8.0, 6.0, 6.0),
        (4.0, None, 6.5),  # day 6: nothing on day 5; the mean of 5, 7, 6, 8
    ]
    assert columns(table, 2, "yesterday", "athlete_mean") == [
        (None, None),
        (3.0, 3.0),
    ]  # athlete 1's reports never leak in


def test_raw_measures_are_oriented_so_higher_means_more_ready():
    table = with_baselines(joined_days(SCORES, READINESS, lag=0), READINESS, lag=0)
    assert columns(table, 1, "resting_hr_only", "sleep_only")[:2] == [(-50.0, 420.0), (-48.0, 480.0)]
    assert table["hrv_only"].null_count() == table.height  # no HRV recorded: no HRV baseline


def test_next_day_readiness_is_predicted_from_what_was_reported_by_then():
    table = with_baselines(joined_days(SCORES, READINESS, lag=1), READINESS, lag=1)
    # the score of day D beside readiness of D + 1; by then the athlete had reported up to day D
    assert columns(table, 1, "date", "readiness", "yesterday", "athlete_mean") == [
        (day(1), 7.0, 5.0, 5.0),
        (day(2), 6.0, 7.0, 6.0),
        (day(3), 8.0, 6.0, 6.0),
        (day(5), 4.0, None, 6.5),
    ]
