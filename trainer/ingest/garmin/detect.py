"""Which Garmin Connect body is this? Decided from the content, whatever tool saved it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from trainer.ingest.garmin import activity_bodies as act
from trainer.ingest.garmin import wellness_bodies as well
from trainer.ingest.garmin.extracted import Extracted

KNOWN_UNUSED = "known, not used by trainer"


def extract(body, file_hint: str = "") -> Extracted | None:
    """The rows in ``body``; None when it is no Garmin body trainer knows (the caller warns)."""
    mapper = _mapper(body, file_hint)
    return None if mapper is None else mapper(body)


def _mapper(body, file_hint: str) -> Callable[[object], Extracted] | None:
    if body is None or body == [] or body == {}:
        return lambda _body: Extracted("empty", note="no data (empty body)")
    if isinstance(body, dict):
        return _dict_mapper(body)
    if isinstance(body, list) and all(isinstance(item, dict) for item in body):
        return _list_mapper(body, file_hint)
    return None


def _dict_mapper(body: dict):
    if body.get("error") == "NotFoundException" or str(body.get("message", "")).startswith("HTTP 404"):
        return lambda _body: Extracted("not found", note="no data (HTTP 404)")
    if "hrvSummary" in body:
        return well.hrv_day
    if "hrvSummaries" in body:
        return well.hrv_range
    if "dailySleepDTO" in body:
        return well.sleep
    if "heartRateValues" in body and "calendarDate" in body:
        return well.daily_heart_rate
    if "summaryDTO" in body and "activityId" in body:
        return act.activity_details
    if {"weeklyTrainingStatus", "monthlyTrainingStatus", "mostRecentTrainingStatus"} & set(body):
        return well.training_status
    if "avgStressLevel" in body and "calendarDate" in body:
        return well.daily_stress_detail
    if "calendarDate" in body and ({"totalKilocalories", "averageStressLevel", "totalSteps"} & set(body)):
        return well.user_summary
    return None


def _list_mapper(body: list, file_hint: str):
    first = body[0]
    keys = set(first)
    if "activityId" in keys and "startTimeGMT" in keys:
        return act.activity_list
    if "activityId" in keys:
        return lambda _body: Extracted("fitness stats", note=KNOWN_UNUSED)
    if "score" in keys and "calendarDate" in keys and ("inputContext" in keys or "level" in keys):
        return well.training_readiness
    if "values" in keys and "calendarDate" in keys and "overallStressLevel" in (first.get("values") or {}):
        return well.daily_stress
    if keys == {"calendarDate", "value"}:
        return (lambda _body: Extracted("weekly stress", note=KNOWN_UNUSED)) if _weekly(body, file_hint) else well.daily_sleep_scores
    if "totalSteps" in keys or "moderateValue" in keys:
        return lambda _body: Extracted("steps or intensity minutes", note=KNOWN_UNUSED)
    if "trainingMethod" in keys and "zone1Floor" in keys:
        return well.heart_rate_zones
    return None


def _weekly(body: list, file_hint: str) -> bool:
    """Weekly stress and daily sleep scores share a shape; weekly dates are 7 days apart."""
    days = sorted(date.fromisoformat(item["calendarDate"][:10]) for item in body)
    if len(days) >= 2:
        return all((b - a).days == 7 for a, b in zip(days, days[1:]))
    return "weekly" in file_hint or "stress" in file_hint
