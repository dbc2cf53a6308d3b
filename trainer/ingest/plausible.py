"""One rule set for plausible values, applied by every importer the same way.

A value outside its range, or not a finite number, is stored as missing and counted in a warning
("hrv_ms: 2 values outside 1-300 stored as missing"). A row whose date is implausible (before
1990, or after tomorrow) is refused, and so is an activity whose duration is not 1 s to 48 h.
An average HR above the max HR makes both missing. The CSV importer is stricter and refuses
the row instead (it can name the line).
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, datetime, timedelta

EARLIEST = date(1990, 1, 1)
RANGES: dict[str, tuple[float, float]] = {
    # wellness
    "hrv_ms": (1, 300),
    "hrv_sdnn_ms": (1, 300),
    "hrv_baseline_low": (1, 300),
    "hrv_baseline_high": (1, 300),
    "resting_hr": (25, 120),
    "sleep_minutes": (0, 1440),
    "sleep_score": (0, 100),
    "stress_level": (0, 100),
    "training_readiness": (0, 100),
    "body_battery": (0, 100),
    # perceived readiness (0-10; the PMSys items 1-5)
    "readiness": (0, 10),
    "fatigue": (1, 5),
    "mood": (1, 5),
    "soreness": (1, 5),
    "stress": (1, 5),
    "sleep_quality": (1, 5),
    # activities
    "avg_hr": (30, 230),
    "max_hr": (30, 240),
    "distance_m": (0, 1_000_000),
    "load": (0, 5000),
    "fallback_load": (0, 5000),
    "calories": (0, 30_000),
    "rpe": (0, 10),
    "avg_power": (0, 2500),
    "weighted_power": (0, 2500),
    "power_load": (0, 5000),
    "device_ftp": (30, 700),
    "elapsed_s": (1, 7 * 86400),
    "moving_s": (0, 48 * 3600),
}
DURATION_S = (1, 48 * 3600)


def latest_day() -> date:
    return date.today() + timedelta(days=1)  # a time zone ahead of the server's


def plausible_day(day: object) -> bool:
    return isinstance(day, date) and not isinstance(day, datetime) and EARLIEST <= day <= latest_day()


def clean_rows(rows: list[dict], date_field: str = "date") -> tuple[list[dict], list[str]]:
    """(rows with implausible values made missing and implausible rows left out, warnings)."""
    kept: list[dict] = []
    blanked: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    for row in rows:
        day = row.get(date_field)
        if isinstance(day, datetime):
            day = day.date()
        if not plausible_day(day):
            refused[f"date {day}"] += 1
            continue
        if "duration_s" in row and not _within(row["duration_s"], DURATION_S):
            refused[f"duration {row['duration_s']!r} s"] += 1
            continue
        cleaned = dict(row)
        for name, value in row.items():  # NaN or infinity in any field is no value (and NaN != NaN re-wrote the day)
            if isinstance(value, float) and not math.isfinite(value):
                blanked[f"{name}: values that are not numbers"] += 1
                cleaned[name] = None
        for name, (low, high) in RANGES.items():
            if cleaned.get(name) is not None and not _within(cleaned[name], (low, high)):
                blanked[f"{name}: values outside {low:g}-{high:g}"] += 1
                cleaned[name] = None
        if (
            cleaned.get("avg_hr") is not None
            and cleaned.get("max_hr") is not None
            and cleaned["avg_hr"] > cleaned["max_hr"]
        ):
            blanked["avg_hr above max_hr: both"] += 1
            cleaned["avg_hr"] = cleaned["max_hr"] = None
        kept.append(cleaned)
    warnings = [
        f"{what}: {count} row{'s' if count > 1 else ''} refused (not plausible)" for what, count in refused.items()
    ]
    warnings += [f"{what} stored as missing ({count})" for what, count in blanked.items()]
    return kept, warnings


def _within(value: object, bounds: tuple[float, float]) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) and bounds[0] <= value <= bounds[1]
