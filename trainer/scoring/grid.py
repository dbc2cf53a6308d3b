"""The athlete-day grid every score is computed on: one row per athlete-day, no gaps.

Each athlete's block is contiguous, sorted by date, and preceded by ``pad`` empty rows, so a
rolling window over the whole column (every athlete at once, no ``over``) never reaches into
the previous athlete. Rows are placed by arithmetic on day numbers (block offset + days since
the athlete's first day) rather than by joins: this is the hot path of a squad recompute.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

BY_ATHLETE = "athlete_id"
PAD_DAYS = 64  # empty rows before each athlete: longer than any window, so windows never cross athletes
DENSE_ID_RANGE = 1 << 20  # integer ids spanning at most this many values are looked up in a table


def daily_grid(wellness: pl.DataFrame, loads: pl.DataFrame, pad: int = PAD_DAYS) -> pl.DataFrame:
    """One row per athlete-day from the athlete's first recorded day (wellness or load) to the last.

    Columns: athlete_id, day_index (days since the first recorded day, 0 on that day; negative
    on padding rows, whose values are all null: drop them with ``day_index >= 0``), date,
    load (the day's summed load, 0 on a day with no activity), then every other wellness column.
    """
    loads = loads.filter(pl.col("load").is_not_null())
    if wellness.is_empty() and loads.is_empty():
        empty: dict[str, Any] = {
            BY_ATHLETE: wellness.schema[BY_ATHLETE],
            "day_index": pl.Int64,
            "date": pl.Date,
            "load": pl.Float64,
        }
        return pl.DataFrame(
            schema=empty | {name: dtype for name, dtype in wellness.schema.items() if name not in empty}
        )
    ids = pl.concat([wellness[BY_ATHLETE], loads[BY_ATHLETE]], rechunk=True)
    days = np.concatenate([_day_numbers(wellness["date"]), _day_numbers(loads["date"])])
    athletes, block = _athlete_blocks(ids)
    first, last = _first_and_last(block, days, len(athletes))
    lengths = last - first + 1 + pad
    base = np.cumsum(lengths) - lengths + pad - first  # grid row of day number 0, per athlete
    position = base[block] + days
    spans = pl.DataFrame({"first": first, "length": lengths})
    grid = spans.select(
        pl.int_ranges(-pad, pl.col("length") - pad).explode().alias("day_index"),
        pl.int_ranges(pl.col("first") - pad, pl.col("first") + pl.col("length") - pad)
        .explode()
        .cast(pl.Int32)
        .cast(pl.Date)
        .alias("date"),
    ).insert_column(0, athletes.gather(np.repeat(np.arange(len(athletes)), lengths)))
    return grid.with_columns(
        _daily_load(position[wellness.height :], loads["load"], grid["day_index"]),
    ).hstack(_wellness_on_grid(wellness.drop(BY_ATHLETE, "date"), position[: wellness.height], grid.height))


def _day_numbers(dates: pl.Series) -> np.ndarray:
    return dates.to_physical().to_numpy().astype(np.int64, copy=False)


def _athlete_blocks(ids: pl.Series) -> tuple[pl.Series, np.ndarray]:
    """The athletes in sorted order, and each key's block number (its athlete's place in that order).

    Integer ids in a compact range go through a lookup table (one gather); anything else (text
    ids, far-apart numbers) through a sorted unique and a binary search.
    """
    if ids.dtype.is_integer():
        values = ids.to_numpy()
        low, high = int(values.min()), int(values.max())
        if high - low < DENSE_ID_RANGE:
            offsets = values - low
            present = np.zeros(high - low + 1, dtype=bool)
            present[offsets] = True
            table = np.cumsum(present) - 1
            athletes = pl.Series(BY_ATHLETE, np.flatnonzero(present) + low).cast(ids.dtype)
            return athletes, table[offsets]
    athletes = ids.unique().sort()
    return athletes, athletes.search_sorted(ids).to_numpy()


def _first_and_last(block: np.ndarray, days: np.ndarray, athletes: int) -> tuple[np.ndarray, np.ndarray]:
    """Each athlete's first and last day number (unbuffered ufuncs: one pass, no sort)."""
    first = np.full(athletes, np.iinfo(np.int64).max)
    last = np.full(athletes, np.iinfo(np.int64).min)
    np.minimum.at(first, block, days)
    np.maximum.at(last, block, days)
    return first, last


def _daily_load(rows: np.ndarray, load: pl.Series, day_index: pl.Series) -> pl.Series:
    """Summed load per grid row: 0 on a day without activity, null on padding."""
    summed = pl.Series(np.bincount(rows, weights=load.to_numpy(), minlength=day_index.len()))
    return pl.select(pl.when(day_index >= 0).then(summed)).to_series().alias("load")


def _wellness_on_grid(values: pl.DataFrame, rows: np.ndarray, size: int) -> pl.DataFrame:
    """Each grid row takes its wellness row; rows without one (gaps, padding) are null."""
    take = pl.Series(values=[None], dtype=pl.UInt32).extend_constant(None, size - 1)  # u32: polars' own index type
    take = take.scatter(rows, pl.int_range(values.height, dtype=pl.UInt32, eager=True))
    return values.select(pl.all().gather(take))
