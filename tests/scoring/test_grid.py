"""The athlete-day grid: placement by day number, padding, summed loads, every kind of athlete id."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.scoring.helpers import START, no_loads
from trainer.scoring.grid import daily_grid


def frames(athlete_ids: list, dtype: pl.DataType) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Two athletes given in scrambled order: wellness with a gap, loads that reach past it."""
    first, second = athlete_ids
    wellness = pl.DataFrame(
        {
            "athlete_id": [second, first, second, first],
            "date": [date(2026, 1, 3), date(2026, 1, 4), date(2026, 1, 2), date(2026, 1, 1)],
            "hrv_ms": [70.0, 61.0, 71.0, 60.0],
        },
        schema_overrides={"athlete_id": dtype},
    )
    loads = pl.DataFrame(
        {
            "athlete_id": [first, first, first, second, second],
            "date": [date(2026, 1, 2), date(2026, 1, 2), date(2026, 1, 6), date(2026, 1, 3), date(2026, 1, 3)],
            "load": [10.0, 5.0, 40.0, 1.0, None],
        },
        schema_overrides={"athlete_id": dtype},
    )
    return wellness, loads


@pytest.mark.parametrize(
    ("athlete_ids", "dtype"),
    [
        ([1, 2], pl.Int64),  # compact integers: the lookup table
        ([7, 10**12], pl.Int64),  # far-apart integers: the sorted search
        ([3, 4], pl.Int32),
        (["ana", "ben"], pl.String),
    ],
)
def test_days_are_placed_by_athlete_and_date_with_padding_before_each_athlete(athlete_ids, dtype):
    first, second = athlete_ids
    grid = daily_grid(*frames(athlete_ids, dtype), pad=2)
    expected = pl.DataFrame(
        {
            "athlete_id": [first] * 8 + [second] * 4,
            "day_index": [-2, -1, 0, 1, 2, 3, 4, 5, -2, -1, 0, 1],
            "date": [date(2025, 12, 30), date(2025, 12, 31)]
            + [date(2026, 1, d) for d in range(1, 7)]
            + [date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)],
            "load": [
                None,
                None,
                0.0,
                15.0,
                0.0,
                0.0,
                0.0,
                40.0,
                None,
                None,
                0.0,
                1.0,
            ],  # two rows a day summed; a null load ignored
            "hrv_ms": [None, None, 60.0, None, None, 61.0, None, None, None, None, 71.0, 70.0],
        },
        schema_overrides={"athlete_id": dtype},
    )
    assert_frame_equal(grid, expected)


def test_padding_keeps_rolling_windows_inside_one_athlete():
    wellness, loads = frames([1, 2], pl.Int64)
    grid = daily_grid(wellness, loads).with_columns(week=pl.col("load").rolling_sum(7, min_samples=1))
    second_athlete_first_day = grid.filter((pl.col("athlete_id") == 2) & (pl.col("day_index") == 0))
    assert second_athlete_first_day["week"].item() == 0.0  # not the first athlete's 55


def test_an_athlete_with_loads_only_gets_days_with_null_wellness():
    wellness = pl.DataFrame(schema={"athlete_id": pl.Int64, "date": pl.Date, "hrv_ms": pl.Float64})
    loads = pl.DataFrame({"athlete_id": [5, 5], "date": [START, date(2026, 1, 3)], "load": [20.0, 30.0]})
    grid = daily_grid(wellness, loads, pad=1)
    assert grid["load"].to_list() == [None, 20.0, 0.0, 30.0]
    assert grid["hrv_ms"].null_count() == 4


def test_no_loads_and_no_days_give_empty_grids():
    wellness = pl.DataFrame({"athlete_id": [1, 1], "date": [START, date(2026, 1, 2)], "hrv_ms": [50.0, 55.0]})
    grid = daily_grid(wellness, no_loads(), pad=1)
    assert grid["load"].to_list() == [None, 0.0, 0.0]
    empty = daily_grid(wellness.clear(), no_loads())
    assert empty.is_empty() and empty.columns == ["athlete_id", "day_index", "date", "load", "hrv_ms"]
