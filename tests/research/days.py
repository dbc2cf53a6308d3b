"""Constructed days whose truth is known, shared by the research tests."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

START = date(2025, 1, 1)


def constructed(
    athletes: int = 8, days: int = 60, seed: int = 3, hr_signal: float = 1.0, sleep_signal: float = 0.0
) -> pl.DataFrame:
    """Days whose readiness follows the HR and/or sleep component within each athlete."""
    rng = np.random.default_rng(seed)
    rows = []
    for athlete in range(1, athletes + 1):
        level = rng.normal(0, 30)  # between-athlete differences in readiness level
        hr, sleep = rng.uniform(20, 100, days), rng.uniform(20, 100, days)
        readiness = level + hr_signal * hr / 10 + sleep_signal * sleep / 10 + rng.normal(0, 2, days)
        for d in range(days):
            rows.append(
                {
                    "athlete_id": athlete,
                    "date": START + timedelta(days=d),
                    "hrv_component": None,
                    "hr_component": hr[d],
                    "sleep_component": sleep[d],
                    "stress_component": None,
                    "acwr_factor": 1.0,
                    "readiness": readiness[d],
                }
            )
    frame = pl.DataFrame(rows, schema_overrides={"hrv_component": pl.Float64, "stress_component": pl.Float64})
    return frame.with_columns(total_score=(0.3 * pl.col("hr_component") + 0.2 * pl.col("sleep_component")) / 0.5)
