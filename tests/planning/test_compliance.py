"""Matching planned workouts to activities, and weekly compliance."""

from __future__ import annotations

from datetime import date

import polars as pl

from trainer.planning.compliance import match_workouts, weekly_compliance

D = date(2027, 1, 4)  # a Monday


def planned() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "workout_id": [1, 2, 3, 4, 5],
            "week": [1, 1, 1, 1, 2],
            "date": [D, date(2027, 1, 6), date(2027, 1, 8), date(2027, 1, 10), date(2027, 1, 12)],
            "sport": ["run", "run", "run", "run", "run"],
            "minutes": [40, 60, 45, 120, 50],
            "planned_load": [50.0, 90.0, 55.0, 150.0, 60.0],
        }
    )


def activities(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "activity_id": pl.Int64,
            "date": pl.Date,
            "sport": pl.String,
            "duration_s": pl.Float64,
            "load": pl.Float64,
            "parent_id": pl.Int64,
        },
        orient="row",
    )


def test_same_day_moved_missed_and_planned():
    done = activities(
        [
            (10, D, "run", 2400.0, 48.0, None),  # same day
            (11, date(2027, 1, 7), "run", 3600.0, 85.0, None),  # a day late
            (12, date(2027, 1, 8), "bike", 2700.0, 40.0, None),  # another sport: no match
            (13, date(2027, 1, 12), "run", 9000.0, 160.0, None),  # two days early for the long run: no match
        ]
    )
    matched = match_workouts(planned(), done, today=date(2027, 1, 11))
    assert matched.sort("workout_id")["status"].to_list() == ["done", "moved", "missed", "missed", "done"]
    assert matched.sort("workout_id")["activity_id"].to_list() == [10, 11, None, None, 13]
    weekly = weekly_compliance(matched, today=date(2027, 1, 11)).row(0, named=True)
    assert weekly["due_minutes"] == 265 and weekly["done_minutes"] == 100
    assert round(weekly["minutes_compliance"], 3) == round(100 / 265, 3)
    assert round(weekly["load_compliance"], 3) == round(133 / 345, 3)
    assert weekly["missed"] == 2


def test_each_activity_counts_once_and_same_day_wins():
    two = (
        planned()
        .filter(pl.col("workout_id").is_in([2, 3]))
        .with_columns(pl.Series("date", [date(2027, 1, 6), date(2027, 1, 7)]))
    )
    done = activities([(20, date(2027, 1, 7), "run", 2700.0, 50.0, None)])
    matched = match_workouts(two, done, today=date(2027, 1, 11)).sort("workout_id")
    assert matched["activity_id"].to_list() == [None, 20]  # the same-day workout takes it
    assert matched["status"].to_list() == ["missed", "done"]


def test_multisport_legs_count_and_their_parent_does_not():
    done = activities([(30, D, "triathlon", 7200.0, None, None), (31, D, "run", 2400.0, 50.0, 30)])
    matched = match_workouts(planned().head(1), done, today=date(2027, 1, 5))
    assert matched["activity_id"].to_list() == [31]
