"""The export contracts: exact leading columns that other tools (and ``trainer score``) rely on."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

import polars as pl

from trainer.errors import InputError
from trainer.store.database import Database
from trainer.store.loaders import load_activities, load_daily_loads, load_readiness, load_wellness

ExportKind = Literal["wellness", "loads", "activities", "readiness"]

EXPORT_COLUMNS: dict[str, list[str]] = {
    "wellness": [
        "athlete_id",
        "date",
        "hrv_ms",
        "resting_hr",
        "sleep_minutes",
        "sleep_score",
        "stress_level",
        "hrv_baseline_low",
        "hrv_baseline_high",
    ],
    "loads": ["athlete_id", "date", "load", "activity_id", "load_source"],
    "activities": [
        "athlete_id",
        "activity_id",
        "sport",
        "start_time",
        "duration_s",
        "avg_hr",
        "max_hr",
        "load",
        "load_source",
        "date",
        "distance_m",
        "rpe",
        "manual",
        "parent_id",
        "source",
        "elapsed_s",
        "moving_s",
        "calories",
    ],
    "readiness": ["athlete_id", "date", "readiness", "fatigue", "mood", "soreness", "stress", "sleep_quality"],
}
_LOADERS = {
    "wellness": load_wellness,
    "loads": load_daily_loads,
    "activities": load_activities,
    "readiness": load_readiness,
}


def export_frame(db: Database, kind: ExportKind, athlete_ids=None, start=None, end=None) -> pl.DataFrame:
    frame = _LOADERS[kind](db, athlete_ids, start, end)
    return frame.select(EXPORT_COLUMNS[kind])


def write_table(frame: pl.DataFrame, out: Path | None) -> None:
    """CSV to standard output without ``out``; else CSV or Parquet by the file's extension.

    In CSV, times are ISO 8601 UTC (``2024-10-26T06:30:00Z``); Parquet keeps the types.
    """
    if out is None:
        sys.stdout.write(_csv_ready(frame).write_csv())
        return
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise InputError(f"cannot write {out}: the file must end in .csv or .parquet")
    if out.is_dir():
        raise InputError(f"cannot write {out}: it is a folder; name a file in it, e.g. {out / ('out' + suffix)}")
    if not out.parent.is_dir():
        raise InputError(f"cannot write {out}: the folder {out.parent} does not exist")
    try:
        if suffix == ".csv":
            _csv_ready(frame).write_csv(out)
        else:
            frame.write_parquet(out)
    except OSError as error:
        raise InputError(f"cannot write {out}: {error.strerror or error}") from None


def _csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    times = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.Datetime)]
    return frame.with_columns(
        pl.col(name).dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ") for name in times
    )
