"""Which Garmin Connect body is this? Decided from the content, whatever tool saved it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from trainer.ingest.extracted import Extracted
from trainer.ingest.garmin import activity_bodies as act
from trainer.ingest.garmin import figure_bodies as fig
from trainer.ingest.garmin import wellness_bodies as well

KNOWN_UNUSED = "known, not used by trainer"
AMBIGUOUS = (
    "cannot tell daily sleep scores from weekly stress in it (the same shape, too few days to say): "
    "keep Garmin's endpoint in the file name (...daily-sleep-score... or ...stress-weekly...) to import it"
)


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
    if fig.is_figures(body):
        return fig.figures
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
        kind = _sleep_scores_or_weekly_stress(body, file_hint)
        if kind is None:
            return lambda _body: Extracted("ambiguous", note=AMBIGUOUS)
        return (
            well.daily_sleep_scores
            if kind == "sleep scores"
            else (lambda _body: Extracted("weekly stress", note=KNOWN_UNUSED))
        )
    if "totalSteps" in keys or "moderateValue" in keys:
        return lambda _body: Extracted("steps or intensity minutes", note=KNOWN_UNUSED)
    if "trainingMethod" in keys and "zone1Floor" in keys:
        return well.heart_rate_zones
    if fig.is_figures(body):
        return fig.figures
    return None


def _sleep_scores_or_weekly_stress(body: list, file_hint: str) -> str | None:
    """Daily sleep scores and weekly stress share one shape ([{calendarDate, value}]).

    The endpoint named in the file (or the sync's kind) decides; else the dates: a gap that is no
    whole number of weeks means daily scores, three or more weeks in a row mean weekly stress.
    Anything else (one day; two days a week apart) is ambiguous: None, never a guess.
    """
    hint = file_hint.lower()
    if "sleep" in hint:
        return "sleep scores"
    if "stress" in hint:
        return "weekly stress"
    days = sorted({date.fromisoformat(str(item["calendarDate"])[:10]) for item in body})
    gaps = [(later - earlier).days for earlier, later in zip(days, days[1:])]
    if any(gap % 7 for gap in gaps):
        return "sleep scores"
    if len(gaps) >= 2 and all(gap == 7 for gap in gaps):
        return "weekly stress"
    return None
