"""Build small wellness and load frames for scoring tests."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

START = date(2026, 1, 1)


def wellness(n: int, athlete_id: int = 1, start: date = START, **columns) -> pl.DataFrame:
    """``n`` days of wellness; each column a scalar (every day) or a list of ``n`` values."""
    data = {"athlete_id": [athlete_id] * n, "date": [start + timedelta(days=i) for i in range(n)]}
    for name in ("hrv_ms", "resting_hr", "sleep_minutes", "sleep_score", "stress_level"):
        value = columns.get(name)
        data[name] = value if isinstance(value, list) else [value] * n
    return pl.DataFrame(
        data, schema_overrides={name: pl.Float64 for name in data if name not in ("athlete_id", "date")}
    )


def loads(values: list[float], athlete_id: int = 1, start: date = START) -> pl.DataFrame:
    """One load row per day starting at ``start``."""
    return pl.DataFrame(
        {
            "athlete_id": [athlete_id] * len(values),
            "date": [start + timedelta(days=i) for i in range(len(values))],
            "load": [float(v) for v in values],
        }
    )


def no_loads() -> pl.DataFrame:
    return pl.DataFrame(schema={"athlete_id": pl.Int64, "date": pl.Date, "load": pl.Float64})


def last(frame: pl.DataFrame) -> dict:
    return frame.row(-1, named=True)
