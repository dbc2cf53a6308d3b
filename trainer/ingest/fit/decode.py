"""Decode a FIT file, salvaging what a damaged file still holds.

With ``fitfast`` installed (the ``fast`` extra: a Rust decoder, about 35x fitdecode) a clean file
is decoded natively. It refuses any damage, so a file it refuses, and every file when it is not
installed, goes to fitdecode: read strictly (CRC checked), and if that fails (a bad CRC, cut
short, broken definitions) read again leniently, keeping what decodes and marking the result
``recovered`` with the reason. ``tests/ingest/test_fit_decoders.py`` checks that both decoders
give trainer the same sessions, records, resting HR and time zone on every FIT fixture.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import fitdecode
import polars as pl

RECORD_SCHEMA: dict[str, Any] = {"timestamp": pl.Datetime("us", "UTC"), "heart_rate": pl.Float64, "power": pl.Float64}
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)  # FIT timestamps count seconds from here
FIT_EPOCH_UNIX = 631065600
TIME_FIELDS = ("timestamp", "start_time", "local_timestamp", "time_created")


@dataclass
class DecodedFit:
    path: Path
    file_type: str | None = None
    sessions: list[dict] = field(default_factory=list)
    records: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=RECORD_SCHEMA))
    resting_hr: dict[date, float] = field(default_factory=dict)
    utc_offset: timedelta | None = None
    recovered: str | None = None  # why the file was salvaged, if it was


class FitUnreadable(Exception):
    """Not a FIT file, or nothing in it decodes."""


def decode_fit(path: Path) -> DecodedFit:
    return read_with_fitfast(path) or read_with_fitdecode(path)


@contextmanager
def rust_panics_unsaid() -> Iterator[None]:
    """Standard error closed for the call: a Rust panic in fitfast prints its text (and a backtrace)
    straight to the terminal from Rust, which no Python handler sees; the exception still comes."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "w") as nowhere:
        os.dup2(nowhere.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def read_with_fitfast(path: Path) -> DecodedFit | None:
    """The file decoded by fitfast; None when it is not installed or refuses the file."""
    try:
        import fitfast
    except ImportError:
        return None
    data = path.read_bytes()
    try:
        with rust_panics_unsaid():
            messages = fitfast.parse(data, enum_names=True, datetimes=True)
            columns = fitfast.records(data)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # FitDecodeError, or whatever a mangled file provokes (a Rust panic is a
        return None  # BaseException): fitdecode decides, and salvages what it can
    decoded = DecodedFit(path)
    for values in messages.get("file_id", []):
        decoded.file_type = values.get("type")
    decoded.sessions = [{str(name): value for name, value in values.items()} for values in messages.get("session", [])]
    for name in ("activity", "monitoring_info"):
        for values in messages.get(name, []):
            _set_offset(decoded, values.get("timestamp"), values.get("local_timestamp"))
    for values in messages.get("monitoring_hr_data", []):
        _take_resting_hr(values, decoded)
    if columns.get("timestamp") is not None and len(columns["timestamp"]):
        records = pl.DataFrame(
            {"timestamp": columns["timestamp"], "heart_rate": columns.get("heart_rate"), "power": columns.get("power")}
        )
        heart_rate = pl.col("heart_rate").cast(pl.Float64).fill_nan(None)
        decoded.records = records.filter(pl.col("timestamp").is_not_nan()).select(
            pl.from_epoch(pl.col("timestamp").cast(pl.Int64), time_unit="s").dt.replace_time_zone("UTC"),
            pl.when(heart_rate > 0).then(heart_rate).alias("heart_rate"),  # 0 bpm (and NaN) means no reading
            pl.col("power").cast(pl.Float64).fill_nan(None),
        )
    return decoded


def read_with_fitdecode(path: Path) -> DecodedFit:
    """The file decoded by fitdecode (strictly, then leniently with the reason), as without fitfast."""
    try:
        return _read(path, strict=True)
    except (fitdecode.FitCRCError, fitdecode.FitEOFError, fitdecode.FitParseError) as problem:
        reason = str(problem).split(" @ ")[0].split(" (")[0]
    except (ValueError, AssertionError, TypeError, KeyError, IndexError, OverflowError) as problem:
        reason = f"broken data ({type(problem).__name__})"  # fitdecode's own checks on a mangled definition
    decoded = _read(path, strict=False)
    decoded.recovered = reason
    return decoded


def _read(path: Path, strict: bool) -> DecodedFit:
    decoded = DecodedFit(path)
    times: list[int] = []
    heart_rates: list[float | None] = []
    powers: list[float | None] = []
    # processor=None skips fitdecode's per-value conversions (0.4 s on the 1 MB triathlon):
    # timestamps stay seconds from the FIT epoch and are converted here, records in bulk
    options = (
        {"check_crc": fitdecode.CrcCheck.RAISE, "error_handling": fitdecode.ErrorHandling.RAISE}
        if strict
        else {"check_crc": fitdecode.CrcCheck.DISABLED, "error_handling": fitdecode.ErrorHandling.WARN}
    )
    options["processor"] = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with fitdecode.FitReader(str(path), **options) as fit:
                for frame in fit:
                    if isinstance(frame, fitdecode.FitDataMessage):
                        _take(frame, decoded, times, heart_rates, powers)
        except fitdecode.FitHeaderError as error:
            raise FitUnreadable(f"not a FIT file ({str(error)[:120]})") from None
        except (fitdecode.FitEOFError, fitdecode.FitCRCError, fitdecode.FitParseError):
            if strict:
                raise
        except (ValueError, AssertionError, TypeError, KeyError, IndexError, OverflowError):
            if strict:
                raise
            # lenient: a definition fitdecode cannot follow ends the read; what decoded before it is kept
    decoded.records = pl.DataFrame(
        {"timestamp": times, "heart_rate": heart_rates, "power": powers},
        schema={"timestamp": pl.Int64, "heart_rate": pl.Float64, "power": pl.Float64},
    ).select(
        pl.from_epoch(pl.col("timestamp") + FIT_EPOCH_UNIX, time_unit="s")
        .dt.replace_time_zone("UTC")
        .alias("timestamp"),
        "heart_rate",
        "power",
    )
    return decoded


def _take(frame, decoded: DecodedFit, times: list, heart_rates: list, powers: list) -> None:
    name = frame.name
    if name == "record":
        timestamp = heart_rate = power = None
        for item in frame.fields:  # one pass: records are most of a file
            if item.name == "timestamp":
                timestamp = item.value
            elif item.name == "heart_rate":
                heart_rate = item.value
            elif item.name == "power":
                power = item.value
        if isinstance(timestamp, int):
            times.append(timestamp)
            heart_rates.append(float(heart_rate) if heart_rate else None)  # 0 bpm means no reading
            powers.append(float(power) if isinstance(power, (int, float)) else None)
        return
    values = {item.name: _time(item.value) if item.name in TIME_FIELDS else item.value for item in frame.fields}
    if name == "file_id":
        decoded.file_type = values.get("type")
    elif name == "session":
        decoded.sessions.append(values)
    elif name in ("activity", "monitoring_info"):
        _set_offset(decoded, values.get("timestamp"), values.get("local_timestamp"))
    elif name == "monitoring_hr_data":
        _take_resting_hr(values, decoded)


def _time(value):
    return FIT_EPOCH + timedelta(seconds=value) if isinstance(value, int) else value


def _take_resting_hr(values: dict, decoded: DecodedFit) -> None:
    """The day's resting HR (``current_day_resting_heart_rate``; ``resting_heart_rate`` is Garmin's 7-day average)."""
    value = values.get("current_day_resting_heart_rate") or values.get("resting_heart_rate")
    timestamp = values.get("timestamp")
    if value and isinstance(timestamp, datetime):
        local = timestamp + (decoded.utc_offset or timedelta(0))
        decoded.resting_hr[local.date()] = float(value)


def _set_offset(decoded: DecodedFit, utc, local) -> None:
    if isinstance(utc, datetime) and isinstance(local, datetime) and decoded.utc_offset is None:
        offset = local.replace(tzinfo=UTC) - utc.astimezone(UTC)
        if abs(offset) <= timedelta(hours=14):
            decoded.utc_offset = timedelta(minutes=round(offset.total_seconds() / 60))
