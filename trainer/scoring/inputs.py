"""Checking and typing the frames ``score_days`` takes.

Structural problems (a missing column, a date that does not parse, text in a number column,
a day given twice) raise :class:`InputError` naming the column and the first bad rows.
Physiologically impossible values become missing and are counted in a :class:`ScoringInputWarning`:
never silently scored.
"""

from __future__ import annotations

import warnings

import polars as pl

from trainer.errors import InputError

WELLNESS_COLUMNS = ("athlete_id", "date", "hrv_ms", "resting_hr", "sleep_minutes", "sleep_score", "stress_level")
OPTIONAL_WELLNESS_COLUMNS = ("hrv_baseline_low", "hrv_baseline_high")
# the athlete's own answers, used by the personal method only (``trainer.scoring.personal.with_check_ins``)
CHECK_IN_COLUMNS = ("checkin_readiness", "checkin_fatigue", "checkin_soreness", "checkin_unwell")
LOAD_COLUMNS = ("athlete_id", "date", "load")

# (low, high): a value outside is impossible and treated as missing
PLAUSIBLE = {
    "hrv_ms": (0.0, 300.0, "HRV must be above 0 and at most 300 ms"),
    "resting_hr": (25.0, 120.0, "resting HR must be 25-120 bpm"),
    "sleep_minutes": (0.0, 1440.0, "sleep must be 0-24 h"),
    "sleep_score": (0.0, 100.0, "sleep score must be 0-100"),
    "stress_level": (0.0, 100.0, "stress must be 0-100"),
    "hrv_baseline_low": (0.0, 300.0, "HRV baseline must be above 0 and at most 300 ms"),
    "hrv_baseline_high": (0.0, 300.0, "HRV baseline must be above 0 and at most 300 ms"),
    "load": (0.0, 5000.0, "load must be 0-5000"),
    "checkin_readiness": (0.0, 10.0, "readiness must be 0-10"),
    "checkin_fatigue": (1.0, 5.0, "fatigue must be 1-5"),
    "checkin_soreness": (1.0, 5.0, "soreness must be 1-5"),
    "checkin_unwell": (0.0, 1.0, "unwell must be 0 or 1"),
}
SHOW_ROWS = 3


class ScoringInputWarning(UserWarning):
    """Some values were impossible and were treated as missing."""


def prepare_wellness(
    frame: pl.DataFrame | pl.LazyFrame, source: str = "wellness", line_offset: int = 0
) -> pl.DataFrame:
    """Typed wellness: athlete_id, date (pl.Date), the five inputs and Garmin's HRV band as Float64.

    ``line_offset`` turns row numbers into file lines in messages (2 for a CSV with a header).
    A negative stress level is Garmin's "not measured" and becomes missing without a warning.
    """
    frame = _eager(frame)
    _require(frame, WELLNESS_COLUMNS, source)
    optional = [name for name in (*OPTIONAL_WELLNESS_COLUMNS, *CHECK_IN_COLUMNS) if name in frame.columns]
    frame = frame.select(*WELLNESS_COLUMNS, *optional)
    frame = _typed(frame, ["date"], list(WELLNESS_COLUMNS[2:]) + optional, source, line_offset)
    frame = frame.with_columns(pl.when(pl.col("stress_level") >= 0).then(pl.col("stress_level")).alias("stress_level"))
    for name in OPTIONAL_WELLNESS_COLUMNS:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.Float64).alias(name))
    _no_duplicates(frame, source, line_offset)
    answers = [name for name in CHECK_IN_COLUMNS if name in optional]
    checked = list(WELLNESS_COLUMNS[2:]) + list(OPTIONAL_WELLNESS_COLUMNS) + answers
    return _implausible_to_missing(frame, checked, source)


def prepare_loads(frame: pl.DataFrame | pl.LazyFrame, source: str = "loads", line_offset: int = 0) -> pl.DataFrame:
    """Typed loads: athlete_id, date, load (Float64); several rows a day allowed."""
    frame = _eager(frame)
    _require(frame, LOAD_COLUMNS, source)
    frame = _typed(frame.select(LOAD_COLUMNS), ["date"], ["load"], source, line_offset)
    return _implausible_to_missing(frame, ["load"], source)


def prepare_inputs(
    wellness: pl.DataFrame | pl.LazyFrame, loads: pl.DataFrame | pl.LazyFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Both frames checked and typed, with one athlete_id type: what ``score_prepared`` takes.

    Check once, score many times: the apps keep these per data version, so moving a lever
    re-scores without re-checking.
    """
    return align_athlete_ids(prepare_wellness(wellness), prepare_loads(loads))


def align_athlete_ids(wellness: pl.DataFrame, loads: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Both frames get the same athlete_id type (integers when both are, else text)."""
    a, b = wellness.schema["athlete_id"], loads.schema["athlete_id"]
    if a == b:
        return wellness, loads
    if a.is_integer() and b.is_integer():
        return wellness.with_columns(pl.col("athlete_id").cast(pl.Int64)), loads.with_columns(
            pl.col("athlete_id").cast(pl.Int64)
        )
    return wellness.with_columns(pl.col("athlete_id").cast(pl.String)), loads.with_columns(
        pl.col("athlete_id").cast(pl.String)
    )


def _eager(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    return frame.collect() if isinstance(frame, pl.LazyFrame) else frame


def _require(frame: pl.DataFrame, columns: tuple[str, ...], source: str) -> None:
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise InputError(
            f"{source}: missing column(s) {', '.join(missing)} (expected {','.join(columns)}; found "
            f"{','.join(frame.columns) or 'none'})"
        )


def _typed(
    frame: pl.DataFrame, date_columns: list[str], number_columns: list[str], source: str, line_offset: int
) -> pl.DataFrame:
    """Cast to pl.Date / Float64. Only columns that need parsing (text) are checked row by row."""
    if frame["athlete_id"].null_count():
        _bad_rows(
            frame.with_row_index("_row"), pl.col("athlete_id").is_null(), "athlete_id", "is empty", source, line_offset
        )
    casts = []
    for name in date_columns:
        if frame[name].null_count():
            _bad_rows(frame.with_row_index("_row"), pl.col(name).is_null(), name, "is empty", source, line_offset)
        parsed = _as_date(frame.schema[name], name)
        if frame.schema[name] not in (pl.Date,) and not isinstance(frame.schema[name], pl.Datetime):
            _bad_rows(
                frame.with_row_index("_row"),
                parsed.is_null(),
                name,
                "is not a date (use YYYY-MM-DD)",
                source,
                line_offset,
            )
        casts.append(parsed.alias(name))
    for name in number_columns:
        dtype = frame.schema[name]
        if dtype == pl.String:
            text = pl.col(name).str.strip_chars()
            cast = text.cast(pl.Float64, strict=False)
            _bad_rows(
                frame.with_row_index("_row"),
                cast.is_null() & (text != ""),
                name,
                "is not a number",
                source,
                line_offset,
            )
        elif dtype.is_numeric() or dtype == pl.Null:
            cast = pl.col(name).cast(pl.Float64)
        else:
            raise InputError(f"{source}: column {name} holds {dtype}, not numbers")
        casts.append(cast.fill_nan(None).alias(name) if dtype.is_float() else cast.alias(name))
    return frame.with_columns(casts)


def _as_date(dtype: pl.DataType, name: str) -> pl.Expr:
    if dtype == pl.Date:
        return pl.col(name)
    if isinstance(dtype, pl.Datetime):
        return pl.col(name).dt.date()
    return pl.col(name).cast(pl.String).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)


def _bad_rows(
    frame: pl.DataFrame, condition: pl.Expr, column: str, problem: str, source: str, line_offset: int
) -> None:
    bad = frame.filter(condition)
    if bad.is_empty():
        return
    where = "line" if line_offset else "row"
    shown = ", ".join(
        f"{where} {row + line_offset} ({value!r})"
        for row, value in bad.select("_row", column).head(SHOW_ROWS).iter_rows()
    )
    more = f" and {bad.height - SHOW_ROWS} more" if bad.height > SHOW_ROWS else ""
    raise InputError(f"{source}: column {column} {problem}: {shown}{more}")


def _no_duplicates(frame: pl.DataFrame, source: str, line_offset: int) -> None:
    if frame.schema["athlete_id"].is_integer():
        key = pl.col("athlete_id").cast(pl.Int64) * 1_000_000 + pl.col("date").cast(pl.Int64)
        unique = frame.select(key.n_unique()).item()
    else:
        unique = frame.select("athlete_id", "date").n_unique()
    if unique == frame.height:
        return
    duplicated = frame.with_row_index("_row").filter(pl.struct("athlete_id", "date").is_duplicated())
    where = "line" if line_offset else "row"
    shown = ", ".join(
        f"{where} {row + line_offset} ({athlete}, {day})"
        for row, athlete, day in duplicated.select("_row", "athlete_id", "date").head(SHOW_ROWS).iter_rows()
    )
    raise InputError(f"{source}: the same athlete and date appear more than once: {shown}")


def _implausible_to_missing(frame: pl.DataFrame, columns: list[str], source: str) -> pl.DataFrame:
    checks = {name: _implausible(name) for name in columns if name in frame.columns}
    counts = frame.select(expr.sum().alias(name) for name, expr in checks.items()).row(0, named=True)
    found = {name: count for name, count in counts.items() if count}
    if found:
        detail = "; ".join(f"{count} in {name} ({PLAUSIBLE[name][2]})" for name, count in found.items())
        warnings.warn(ScoringInputWarning(f"{source}: impossible values treated as missing: {detail}"), stacklevel=3)
    return frame.with_columns(pl.when(~checks[name]).then(pl.col(name)).alias(name) for name in found)


def _implausible(name: str) -> pl.Expr:
    low, high, _ = PLAUSIBLE[name]
    value = pl.col(name)
    too_low = value <= low if name in ("hrv_ms", "hrv_baseline_low", "hrv_baseline_high") else value < low
    return (too_low | (value > high)).fill_null(False)
