"""Activity bodies: the activity list (search) and one activity's details."""

from __future__ import annotations

from datetime import UTC, datetime

from trainer.ingest.extracted import Extracted
from trainer.scoring.load import edwards_trimp

SPORTS = {
    "running": "run",
    "trail_running": "run",
    "treadmill_running": "run",
    "track_running": "run",
    "indoor_running": "run",
    "cycling": "bike",
    "road_biking": "bike",
    "mountain_biking": "bike",
    "indoor_cycling": "bike",
    "virtual_ride": "bike",
    "gravel_cycling": "bike",
    "lap_swimming": "swim",
    "open_water_swimming": "swim",
    "swimming": "swim",
    "strength_training": "strength",
    "indoor_rowing": "row",
    "rowing": "row",
    "multi_sport": "triathlon",
    "triathlon": "triathlon",
}


def sport_of(type_key: str | None) -> str:
    """trainer's sport for a Garmin activity type (``typeKey``); unknown types are "other"."""
    if not type_key:
        return "other"
    if type_key in SPORTS:
        return SPORTS[type_key]
    for fragment, sport in (("run", "run"), ("cycl", "bike"), ("bik", "bike"), ("swim", "swim")):
        if fragment in type_key:
            return sport
    return "other"


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace(" ", "T")).replace(tzinfo=UTC)


def _row(activity_id, name, type_key, start_gmt: str, start_local: str, summary: dict, parent_id=None) -> dict:
    load = summary.get("activityTrainingLoad")
    zones = [round(summary.get(f"hrTimeInZone_{zone}") or 0.0, 1) for zone in range(1, 6)]
    has_zones = any(summary.get(f"hrTimeInZone_{zone}") is not None for zone in range(1, 6))
    load_source = "garmin" if load is not None else None
    fallback = (
        edwards_trimp([seconds / 60 for seconds in zones]) if has_zones else None
    )  # Edwards TRIMP from time in zones
    if load is None and fallback is not None:
        load, load_source = fallback, "trimp"
    return {
        "source": "garmin",
        "source_id": str(activity_id),
        "sport": sport_of(type_key),
        "name": name,
        "start_time": _time(start_gmt),
        "local_date": _time(start_local).date(),
        # the list and the details give the same activity at different float precision: round
        # both to the details' precision (ms, cm, 0.001 load) so that they agree
        "duration_s": round(float(summary.get("duration") or 0.0), 3),
        "distance_m": _number(summary.get("distance"), 2),
        "elapsed_s": _number(summary.get("elapsedDuration"), 3),
        "moving_s": _number(summary.get("movingDuration"), 3),
        "calories": _number(summary.get("calories"), 1),
        "avg_hr": _number(summary.get("averageHR")),
        "max_hr": _number(summary.get("maxHR")),
        "avg_power": _number(summary.get("avgPower") or summary.get("averagePower"), 1),
        "weighted_power": _number(summary.get("normPower") or summary.get("normalizedPower"), 1),
        "load": _number(load, 3),
        "load_source": load_source,
        "fallback_load": _number(fallback, 3),
        "fallback_kind": "edwards" if fallback is not None else None,
        "garmin_parent_id": None if parent_id is None else str(parent_id),
        "hr_zone_seconds": zones if has_zones else None,
    }


def activity_list(body: list) -> Extracted:
    """activitylist-service/activities/search/activities: one row per activity."""
    rows = [
        _row(
            item["activityId"],
            item.get("activityName"),
            (item.get("activityType") or {}).get("typeKey"),
            item["startTimeGMT"],
            item["startTimeLocal"],
            item,
            item.get("parentId"),
        )
        for item in body
    ]
    return Extracted("activity list", activities=rows)


def activity_details(body: dict) -> Extracted:
    """activity-service/activity/{id}: the summary of one activity."""
    summary = body["summaryDTO"]
    row = _row(
        body["activityId"],
        body.get("activityName"),
        (body.get("activityTypeDTO") or {}).get("typeKey"),
        summary["startTimeGMT"],
        summary["startTimeLocal"],
        summary,
        (body.get("metadataDTO") or {}).get("parentId"),
    )
    return Extracted("activity details", activities=[row])


def _number(value, digits: int | None = None) -> float | None:
    if value is None:
        return None
    return float(value) if digits is None else round(float(value), digits)
