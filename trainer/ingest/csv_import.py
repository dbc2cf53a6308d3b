"""``trainer import csv``: wellness, activities or readiness from a CSV file, checked row by row.

Every problem is reported with its line, column and reason; nothing is written when any row is
bad, unless ``skip_bad`` imports the good rows. Re-importing the same file changes nothing.
A column the file does not have leaves the stored values of that field alone (``date,hrv_ms``
updates HRV and nothing else); an empty cell in a column it has means "no value" and clears it.
Text may be UTF-8 (with or without a byte-order mark) or UTF-16 with its mark.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Literal

import polars as pl

from trainer.errors import InputError
from trainer.ingest.files import read_bounded
from trainer.ingest.merge import merge_activities, merge_wellness
from trainer.ingest.plausible import EARLIEST, latest_day
from trainer.store.database import Database
from trainer.store.models import PerceivedReadiness, table_of
from trainer.store.models._base import utc_now
from trainer.store.upsert import upsert

CsvKind = Literal["wellness", "activities", "readiness"]
# column: (required, low, high); "date" is always required
COLUMNS: dict[str, dict[str, tuple[bool, float, float]]] = {
    "wellness": {
        "hrv_ms": (False, 1, 300),
        "resting_hr": (False, 25, 120),
        "sleep_minutes": (False, 0, 1440),
        "sleep_score": (False, 0, 100),
        "stress_level": (False, 0, 100),
    },
    "activities": {
        "minutes": (True, 1, 2880),
        "avg_hr": (False, 30, 230),
        "max_hr": (False, 30, 240),
        "load": (False, 0, 5000),
        "rpe": (False, 0, 10),
        "distance_m": (False, 0, 1_000_000),
    },
    "readiness": {
        "readiness": (True, 0, 10),
        "fatigue": (False, 1, 5),
        "mood": (False, 1, 5),
        "soreness": (False, 1, 5),
        "stress": (False, 1, 5),
        "sleep_quality": (False, 1, 5),
    },
}
SPORTS = ("run", "bike", "swim", "triathlon", "row", "strength", "other")


@dataclass
class CsvReport:
    rows: int = 0
    written: int = 0
    problems: list[str] = field(default_factory=list)
    bad_rows: int = 0
    columns: list[str] = field(default_factory=list)  # the value columns the file has (the others were left alone)
    emptied: dict[str, int] = field(default_factory=dict)  # column -> empty cells, stored as "no value"


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped) or UTF-16 with its byte-order mark."""
    try:
        raw = read_bounded(path, "csv")
    except OSError as error:
        raise InputError(f"{path}: cannot read it ({error.strerror})") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start}): save it as UTF-8 CSV") from None


def read_table(path: Path) -> pl.DataFrame:
    """Every cell as text, with a ``line`` column (the file's line number of the row)."""
    text = read_text(path)
    if "\x00" in text:
        raise InputError(f"{path}: not a text CSV file (it holds NUL bytes)")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise InputError(f"{path}: cannot read it as CSV: {error}") from None
    if not rows:
        raise InputError(f"{path}: the file is empty: the first line must name the columns")
    header = [name.strip() for name in rows[0]]
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        raise InputError(f"{path}: column {twice[0]!r} appears more than once in the header (line 1)")
    if any(not name for name in header):
        raise InputError(f"{path}: the header (line 1) has an empty column name")
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
    for number, row in body:
        if len(row) != len(header):
            raise InputError(f"{path}: line {number} has {len(row)} fields, the header has {len(header)}")
    columns = {name: [row[i] for _, row in body] for i, name in enumerate(header)}
    return pl.DataFrame(
        {"line": [number for number, _ in body], **columns},
        schema={"line": pl.Int64, **dict.fromkeys(header, pl.String)},
    )


def check_csv(path: Path, kind: CsvKind) -> tuple[pl.DataFrame, list[str], set[int]]:
    """(typed frame with a ``line`` column, problems, bad line numbers).

    The typed frame has only the value columns the file has, so that writing it leaves the others alone.
    """
    frame = read_table(path)
    spec = COLUMNS[kind]
    needed = ["date", *(name for name, (required, _, _) in spec.items() if required)] + (
        ["sport"] if kind == "activities" else []
    )
    missing = [name for name in needed if name not in frame.columns]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)}; {kind} files need {', '.join(needed)} (line 1 names "
            f"the columns)"
        )
    known = set(spec) | {"date", "sport", "line"}
    unknown = [name for name in frame.columns if name not in known]
    if unknown:
        raise InputError(
            f"{path}: unknown column {unknown[0]!r} in the header; {kind} files may have {', '.join(['date', *spec])}"
        )
    problems: list[tuple[int, str]] = []
    date_value = pl.col("date").str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
    problems += _flag(frame, date_value.is_null(), "date", "is not a date (YYYY-MM-DD)")
    problems += _flag(
        frame,
        date_value.is_not_null() & ~date_value.is_between(EARLIEST, latest_day()),
        "date",
        f"is not a plausible day (from {EARLIEST} to tomorrow)",
    )
    casts = [date_value.alias("date")]
    for name, (required, low, high) in spec.items():
        if name not in frame.columns:
            if kind == "activities":
                casts.append(pl.lit(None, pl.Float64).alias(name))
            continue
        text = pl.col(name).str.strip_chars()
        number = text.cast(pl.Float64, strict=False)
        problems += _flag(frame, text.is_not_null() & (text != "") & number.is_null(), name, "is not a number")
        problems += _flag(frame, number.is_not_null() & ~number.is_finite(), name, "is not a finite number")
        problems += _flag(
            frame,
            number.is_not_null() & number.is_finite() & ~number.is_between(low, high),
            name,
            f"is outside {low:g}-{high:g}",
        )
        if required:
            problems += [
                (line, f"line {line}, column {name}: is empty, and every row needs it")
                for (line,) in frame.filter((text.is_null() | (text == "")).fill_null(False)).select("line").iter_rows()
            ]
        casts.append(number.alias(name))
    if kind == "activities":
        problems += _flag(
            frame,
            ~pl.col("sport").str.strip_chars().is_in(SPORTS).fill_null(False),
            "sport",
            f"must be one of {', '.join(SPORTS)}",
        )
        casts.append(pl.col("sport").str.strip_chars())
    typed = frame.select("line", *casts)
    duplicated = (
        typed.filter(pl.col("date").is_not_null() & pl.col("date").is_duplicated())
        if kind != "activities"
        else typed.clear()
    )
    problems += [
        (line, f"line {line}, column date: {day} appears more than once")
        for line, day in duplicated.select("line", "date").iter_rows()
    ]
    problems.sort()
    return typed, [text for _, text in problems], {line for line, _ in problems}


def _flag(frame: pl.DataFrame, condition: pl.Expr, column: str, reason: str) -> list[tuple[int, str]]:
    bad = frame.filter(condition.fill_null(False)).select("line", pl.col(column).alias("value"))
    return [(line, f"line {line}, column {column}: {value!r} {reason}") for line, value in bad.iter_rows()]


def import_csv(db: Database, athlete_id: int, path: Path, kind: CsvKind, skip_bad: bool = False) -> CsvReport:
    typed, problems, bad_lines = check_csv(path, kind)
    present = [name for name in COLUMNS[kind] if name in typed.columns]
    report = CsvReport(
        rows=typed.height,
        problems=problems,
        bad_rows=len(bad_lines),
        columns=present,
        emptied={name: count for name in present if (count := typed[name].null_count())},
    )
    if problems and not skip_bad:
        return report
    good = typed.filter(~pl.col("line").is_in(sorted(bad_lines))).drop("line")
    with db.engine.begin() as connection:
        if kind == "wellness":
            rows = [{k: v for k, v in row.items()} for row in good.to_dicts()]
            merge_wellness(connection, athlete_id, rows, "csv")
        elif kind == "readiness":
            now = utc_now()
            upsert(
                connection,
                table_of(PerceivedReadiness),
                [{"athlete_id": athlete_id, "source": "csv", "created_at": now, **row} for row in good.to_dicts()],
                ("athlete_id", "date"),
                keep=("created_at",),  # a re-import of the same file changes nothing
            )
        else:
            # two sessions alike (a day, a sport, minutes and heart rate) are two sessions: the second is
            # told apart by its place in the file, so a re-import still changes nothing
            alike = good.with_columns(pl.int_range(pl.len()).over("date", "sport", "minutes", "avg_hr").alias("alike"))
            merge_activities(connection, athlete_id, [_activity_row(athlete_id, path, row) for row in alike.to_dicts()])
    report.written = good.height
    return report


def _activity_row(athlete_id: int, path: Path, row: dict) -> dict:
    from trainer.ingest.manual import workout_load

    srpe, _ = workout_load(row["minutes"], row["rpe"])
    load, load_source = (
        (row["load"], "garmin") if row["load"] is not None else (srpe, "srpe" if srpe is not None else None)
    )
    return {
        "source": "csv",
        "source_id": f"{athlete_id}:{row['date']}:{row['sport']}:{row['minutes']:g}:{row['avg_hr']}"
        + (f"#{row['alike'] + 1}" if row["alike"] else ""),
        "sport": row["sport"],
        "name": f"{row['sport']} (CSV)",
        "start_time": datetime.combine(row["date"], time(12), tzinfo=UTC),
        "local_date": row["date"],
        "duration_s": row["minutes"] * 60,
        "distance_m": row["distance_m"],
        "avg_hr": row["avg_hr"],
        "max_hr": row["max_hr"],
        "load": load,
        "load_source": load_source,
        "fallback_load": srpe,
        "fallback_kind": "srpe" if srpe is not None else None,
    }
