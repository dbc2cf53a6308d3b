"""intervals.icu's bodies as trainer's rows.

Wellness: resting HR, overnight HRV (rMSSD, ``hrv``; SDNN, ``hrvSDNN``, in its own column), sleep
and its score; how the athlete felt (intervals.icu's 1-4 with 1 the best, onto trainer's 1-5 with 5
the best: 1 -> 5, 2 -> 3.67, 3 -> 2.33, 4 -> 1); and intervals.icu's own fitness and fatigue, kept as
figures beside trainer's, never mixed into its load. Activities: the summary, with a TRIMP load from
the average heart rate and the resting and highest heart rates intervals.icu kept for that activity.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

from trainer.ingest.extracted import Extracted
from trainer.ingest.source import BodyError
from trainer.scoring.load import banister_trimp_from_average

WELLNESS = "intervals.wellness"  # the sync state's kinds, named with the source's prefix
ACTIVITIES = "intervals.activities"
SPORTS = {
    "Ride": "bike",
    "VirtualRide": "bike",
    "GravelRide": "bike",
    "MountainBikeRide": "bike",
    "EBikeRide": "bike",
    "TrackRide": "bike",
    "Run": "run",
    "TrailRun": "run",
    "VirtualRun": "run",
    "TreadmillRun": "run",
    "Swim": "swim",
    "OpenWaterSwim": "swim",
    "WeightTraining": "strength",
    "Rowing": "row",
    "VirtualRow": "row",
}
FELT = {
    "fatigue": "fatigue",
    "soreness": "soreness",
    "mood": "mood",
    "stress": "stress",
    "sleepQuality": "sleep_quality",
}


def trainer_scale(value: float) -> float:
    """intervals.icu's 1-4 (1 the best) onto trainer's 1-5 (5 the best)."""
    return round(5 - (value - 1) * 4 / 3, 2)


def intervals_scale(value: float) -> int:
    """trainer's 1-5 (5 the best) onto intervals.icu's 1-4 (1 the best), to the nearest step (a middling
    3 to intervals.icu's 3, "average")."""
    return int(min(4, max(1, math.floor(1 + (5 - value) * 3 / 4 + 0.5))))


def extract_body(body: object, kind: str) -> Extracted:
    """The rows of one body; BodyError naming what is wrong with a body of another shape."""
    try:
        if kind == WELLNESS:
            return wellness(_list_of_dicts(body))
        if kind == ACTIVITIES:
            return activities(_list_of_dicts(body))
    except KeyError as missing:
        raise BodyError(f"a field trainer needs is missing ({missing.args[0]!r})") from None
    except (TypeError, ValueError, AttributeError, OverflowError) as wrong:
        raise BodyError(f"a field has a value of the wrong kind or form ({type(wrong).__name__})") from None
    raise BodyError(f"not an intervals.icu body trainer knows ({kind})")


def _list_of_dicts(body: object) -> list[dict]:
    if not isinstance(body, list) or not all(isinstance(item, dict) for item in body):
        raise BodyError("not a list of records, as intervals.icu gives")
    return body


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    return float(value)  # type: ignore[arg-type]


def wellness(body: list[dict]) -> Extracted:
    days, felt, figures = [], [], []
    for item in body:
        day = date.fromisoformat(str(item["id"])[:10])
        sleep_secs = _number(item.get("sleepSecs"))
        row = {
            "date": day,
            "resting_hr": _number(item.get("restingHR")),
            "hrv_ms": _number(item.get("hrv")),
            "hrv_sdnn_ms": _number(item.get("hrvSDNN")),
            "sleep_minutes": None if sleep_secs is None else round(sleep_secs / 60, 1),
            "sleep_score": _number(item.get("sleepScore")),
        }
        given = {name: value for name, value in row.items() if value is not None and name != "date"}
        if given:
            days.append({"date": day, **given})
        items = {ours: trainer_scale(float(item[theirs])) for theirs, ours in FELT.items() if item.get(theirs)}
        if items:
            felt.append({"date": day, **items})
        for name, field in (("intervals_fitness", "ctl"), ("intervals_fatigue", "atl"), ("intervals_load", "ctlLoad")):
            if (value := _number(item.get(field))) is not None:
                figures.append(
                    {"name": name, "sport": "all", "value": round(value, 2), "floors": None, "measured_on": day}
                )
    return Extracted(WELLNESS, wellness=days, check_ins=felt, figures=figures)


def activities(body: list[dict]) -> Extracted:
    return Extracted(ACTIVITIES, activities=[activity_row(item) for item in body if item.get("start_date_local")])


def activity_row(item: dict) -> dict:
    start_local = datetime.fromisoformat(str(item["start_date_local"]))
    start = (
        datetime.fromisoformat(str(item["start_date"]).replace("Z", "+00:00")).astimezone(UTC)
        if item.get("start_date")
        else start_local.replace(tzinfo=UTC)
    )
    moving = _number(item.get("moving_time")) or _number(item.get("elapsed_time")) or 0.0
    avg_hr, top, rest = (_number(item.get(k)) for k in ("average_heartrate", "athlete_max_hr", "icu_resting_hr"))
    trimp = (
        banister_trimp_from_average(avg_hr, moving / 60, rest, top, None)
        if avg_hr and top and rest is not None and top > rest
        else None
    )
    return {
        "source": "intervals.icu",
        "source_id": str(item["id"]),
        "sport": SPORTS.get(str(item.get("type")), "other"),
        "name": item.get("name"),
        "start_time": start,
        "local_date": start_local.date(),
        "duration_s": round(moving, 3),
        "distance_m": _number(item.get("distance")),
        "elapsed_s": _number(item.get("elapsed_time")),
        "moving_s": _number(item.get("moving_time")),
        "calories": _number(item.get("calories")),
        "avg_hr": avg_hr,
        "max_hr": _number(item.get("max_heartrate")),
        "avg_power": _number(item.get("icu_average_watts") or item.get("average_watts")),
        "weighted_power": _number(item.get("icu_weighted_avg_watts")),
        "load": None if trimp is None else round(trimp, 3),
        "load_source": None if trimp is None else "trimp",
        "fallback_load": None if trimp is None else round(trimp, 3),
        "fallback_kind": None if trimp is None else "trimp",
    }
