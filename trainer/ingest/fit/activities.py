"""Activities from a decoded FIT file: one per session, multisport legs under a parent.

Figures match what Garmin Connect shows for the file:
- duration is the session's timer time (``total_timer_time``: stops excluded); the wall-clock
  span (``total_elapsed_time``) and moving time are kept beside it. Without a session, the
  records' own span, leaving out timestamps far from the rest (a bad clock must not stretch it);
- the device's own summary wins: average and max HR, distance and calories come from the session
  message, and from the records only when the session lacks them. HR samples of 0 are missing;
- load: Garmin's ``training_load_peak`` when the file has it, else Banister TRIMP from the HR
  stream (or the average HR) with the athlete's heart-rate profile, else the power load (a ride
  with power and no heart rate), which is kept either way beside the others;
- power: average (the device's), weighted power and the best efforts from the power stream
  (``scoring.thresholds``), and the FTP set on the device. The power load's FTP is the athlete's,
  else the device's, else the ride's own estimate. In a multisport file each
  leg's ``training_load_peak`` is the running peak since the whole activity began, so a leg's own
  load is its increase over the leg before; the legs then add up to the last leg's peak, which is
  the activity's load (the day counts it once, through its legs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

import polars as pl

from trainer.ingest.fit.decode import DecodedFit
from trainer.scoring.load import banister_trimp, banister_trimp_from_average
from trainer.scoring.thresholds import best_efforts, ftp_estimate, one_second_power, power_load, weighted_power
from trainer.scoring.zones import sustained_max_hr

SPORTS = {
    "running": "run",
    "cycling": "bike",
    "swimming": "swim",
    "training": "strength",
    "rowing": "row",
    "multisport": "triathlon",
    "triathlon": "triathlon",
    "transition": "other",
}
FAR_FROM_MEDIAN = timedelta(hours=36)


@dataclass(frozen=True)
class HeartRateBasis:
    """What TRIMP needs to know about the athlete."""

    rest: float
    max: float
    sex: str | None
    ftp: float | None = None  # the athlete's, for the power load


def sport_of(session: dict) -> str:
    sub = session.get("sub_sport")
    if sub == "indoor_rowing":
        return "row"
    return SPORTS.get(session.get("sport") or "", "other")


def activities_from(decoded: DecodedFit, file_hash: str, basis: HeartRateBasis, offset: timedelta) -> list[dict]:
    """Activity rows (``source`` "fit", ``source_id`` from the file's hash) in parent-first order."""
    found: list[dict | None] = list(decoded.sessions) or [_session_from_records(decoded.records)]
    sessions = [s for s in found if s is not None]
    legs = [_leg(decoded, session, basis, offset, file_hash, index) for index, session in enumerate(sessions)]
    if len(legs) <= 1:
        return legs
    legs, activity_load = _own_leg_loads(legs)
    end = max(leg["start_time"] + timedelta(seconds=leg["elapsed_s"] or leg["duration_s"]) for leg in legs)
    parent = {
        **legs[0],
        "source_id": f"{file_hash}:multisport",
        "sport": "triathlon" if {"run", "bike", "swim"} & {leg["sport"] for leg in legs} else "other",
        "name": "multisport",
        "duration_s": round(sum(leg["duration_s"] for leg in legs), 3),
        "elapsed_s": round((end - legs[0]["start_time"]).total_seconds(), 3),
        "moving_s": None
        if any(leg["moving_s"] is None for leg in legs)
        else round(sum(leg["moving_s"] for leg in legs), 3),
        "distance_m": sum(leg["distance_m"] or 0 for leg in legs),
        "calories": _sum_or_none(leg["calories"] for leg in legs),
        "load": activity_load,
        "load_source": "garmin" if activity_load is not None else None,
        "avg_hr": None,
        "max_hr": max((leg["max_hr"] for leg in legs if leg["max_hr"]), default=None),
        "fallback_load": None,
        "fallback_kind": None,
        **NO_POWER,
    }
    return [parent, *({**leg, "parent_source_id": parent["source_id"]} for leg in legs)]


def _own_leg_loads(legs: list[dict]) -> tuple[list[dict], float | None]:
    """Each leg's own Garmin load (its running peak minus the leg before's), and the activity's (the last peak)."""
    peaks = [leg["load"] if leg["load_source"] == "garmin" else None for leg in legs]
    if all(peak is None for peak in peaks):
        return legs, None
    own, before = [], 0.0
    for leg, peak in zip(legs, peaks):
        if peak is None:
            own.append(leg)
            continue
        own.append({**leg, "load": round(max(peak - before, 0.0), 3)})
        before = max(before, peak)
    return own, round(before, 3)


def _sum_or_none(values) -> float | None:
    present = [value for value in values if value is not None]
    return float(sum(present)) if present else None


def _session_from_records(records: pl.DataFrame) -> dict | None:
    times = _credible_times(records)
    if times.is_empty():
        return None
    start, end = cast(datetime, times.min()), cast(datetime, times.max())
    return {
        "start_time": start,
        "total_elapsed_time": (end - start).total_seconds(),
        "sport": None,
        "from_records": True,
    }


def _credible_times(records: pl.DataFrame) -> pl.Series:
    """Record times without those far from the median (a device clock that jumped)."""
    times = records["timestamp"].drop_nulls()
    if times.is_empty():
        return times
    median = times.sort()[len(times) // 2]
    return times.filter((times - median).abs() <= FAR_FROM_MEDIAN)


def _leg(
    decoded: DecodedFit, session: dict, basis: HeartRateBasis, offset: timedelta, file_hash: str, index: int
) -> dict:
    start = session["start_time"].astimezone(UTC)
    elapsed = _positive(session.get("total_elapsed_time"))
    duration = _positive(session.get("total_timer_time")) or elapsed or 0.0  # Garmin Connect's duration is timer time
    span = max(elapsed or 0.0, duration)  # the records of this leg lie within its wall-clock span
    stream = decoded.records.filter(pl.col("timestamp").is_between(start, start + timedelta(seconds=span)))
    avg_hr, max_hr = _heart_rate(session, stream)
    power = _power(session, stream, duration, basis)
    load, load_source, trimp = _load(session, stream, duration, avg_hr, basis)
    if load is None and power["power_load"] is not None:
        load, load_source = power["power_load"], "power"
    return {
        "source": "fit",
        "source_id": f"{file_hash}:{index}",
        "sport": sport_of(session),
        "name": session.get("sport") or "activity",
        "start_time": start,
        "local_date": (start + offset).date(),
        "duration_s": round(duration, 3),
        "elapsed_s": None if elapsed is None or session.get("from_records") else round(elapsed, 3),
        "moving_s": _rounded(_positive(session.get("total_moving_time"))),
        "calories": _positive(session.get("total_calories")),
        "distance_m": _positive(session.get("total_distance")),
        "avg_hr": avg_hr,
        "max_hr": max_hr,
        "load": None if load is None else round(load, 3),
        "load_source": load_source,
        "fallback_load": None if trimp is None else round(trimp, 3),
        "fallback_kind": "trimp" if trimp is not None else None,
        "file_hash": file_hash,
        "recovered": decoded.recovered is not None,
        **power,
    }


NO_POWER = {"avg_power": None, "weighted_power": None, "power_curve": None, "device_ftp": None, "power_load": None}


def _power(session: dict, stream: pl.DataFrame, duration: float, basis: HeartRateBasis) -> dict:
    """Average and weighted power, best efforts, the device's FTP and the power load; all None without power."""
    if "power" not in stream.columns:
        return NO_POWER
    power = one_second_power(stream)
    if power.is_empty() or not power.max():
        return NO_POWER
    curve = best_efforts(power)
    device_ftp = _positive(session.get("threshold_power"))
    weighted = weighted_power(power)
    ftp = basis.ftp or device_ftp or ftp_estimate(curve)
    return {
        "avg_power": _positive(session.get("avg_power")) or round(float(power.mean()), 1),  # type: ignore[arg-type]
        "weighted_power": weighted,
        "power_curve": {str(seconds): watts for seconds, watts in curve.items()},
        "device_ftp": None if device_ftp is None else int(device_ftp),
        "power_load": power_load(duration, weighted, ftp),
    }


def _heart_rate(session: dict, stream: pl.DataFrame) -> tuple[float | None, float | None]:
    """The device's average and max HR (as Garmin Connect shows them); from the records only when
    the session lacks them."""
    device_avg, device_max = _positive(session.get("avg_heart_rate")), _positive(session.get("max_heart_rate"))
    readings = stream.drop_nulls("heart_rate")
    if readings.height and (device_avg is None or device_max is None):
        seconds = (readings["timestamp"] - readings["timestamp"].min()).dt.total_seconds()
        record_avg = round(cast(float, readings["heart_rate"].mean()), 1)
        record_max = sustained_max_hr(readings["heart_rate"], seconds) or cast(float, readings["heart_rate"].max())
        return device_avg or record_avg, device_max or record_max
    return device_avg, device_max


def _load(
    session: dict, stream: pl.DataFrame, duration: float, avg_hr: float | None, basis: HeartRateBasis
) -> tuple[float | None, str | None, float | None]:
    """(load, its source, Banister TRIMP): Garmin's load when the file has it, else the TRIMP,
    which is kept either way so that TRIMP can be calibrated into Garmin units."""
    trimp = _trimp(stream, duration, avg_hr, basis)
    if session.get("training_load_peak"):
        return float(session["training_load_peak"]), "garmin", trimp
    return (trimp, "trimp", trimp) if trimp is not None else (None, None, None)


def _trimp(stream: pl.DataFrame, duration: float, avg_hr: float | None, basis: HeartRateBasis) -> float | None:
    readings = stream.drop_nulls("heart_rate").sort("timestamp")
    if readings.height >= 2:
        gaps = (
            readings["timestamp"].diff().dt.total_seconds().fill_null(1.0).clip(0, 30)
        )  # a pause does not count as effort
        frame = readings.with_columns(seconds=gaps)
        return frame.select(
            banister_trimp(pl.col("heart_rate"), pl.col("seconds"), basis.rest, basis.max, basis.sex)
        ).item()
    if avg_hr:
        return banister_trimp_from_average(avg_hr, duration / 60, basis.rest, basis.max, basis.sex)
    return None


def _positive(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and value > 0 else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
