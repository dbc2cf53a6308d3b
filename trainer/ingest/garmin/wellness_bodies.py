"""Daily wellness bodies: HRV, sleep, resting heart rate, stress, sleep score, training readiness.

Each function takes a parsed body and returns ``Extracted`` rows holding only the fields the body
provides, so several bodies of one day merge into one wellness row. Missing stays missing: a
null, a skeleton of nulls or a negative stress ("not measured") yields no value.
"""

from __future__ import annotations

from datetime import date

from trainer.ingest.garmin.extracted import Extracted


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def _hrv_row(summary: dict) -> dict | None:
    if summary.get("lastNightAvg") is None:
        return None
    baseline = summary.get("baseline") or {}
    return {
        "date": _day(summary["calendarDate"]), "hrv_ms": float(summary["lastNightAvg"]),
        "hrv_baseline_low": _number(baseline.get("balancedLow")), "hrv_baseline_high": _number(baseline.get("balancedUpper")),
        "hrv_status": summary.get("status"),
    }


def hrv_day(body: dict) -> Extracted:
    """hrv-service/hrv/{date}: ``hrvSummary.lastNightAvg``, the baseline band and the status."""
    row = _hrv_row(body["hrvSummary"])
    return Extracted("hrv", [row] if row else [], note="" if row else "no HRV that night")


def hrv_range(body: dict) -> Extracted:
    """hrv-service/hrv/daily/{start}/{end}: a list of the same summaries."""
    rows = [row for row in map(_hrv_row, body["hrvSummaries"]) if row]
    return Extracted("hrv range", rows)


def sleep(body: dict) -> Extracted:
    """dailySleepData (old wellness-service and new sleep-service schemas): the night ending on
    ``calendarDate``; minutes asleep, the overall sleep score when present, resting HR when given."""
    dto = body["dailySleepDTO"]
    row: dict = {}
    if dto.get("sleepTimeSeconds") is not None:
        row["sleep_minutes"] = round(dto["sleepTimeSeconds"] / 60, 1)
    score = ((dto.get("sleepScores") or {}).get("overall") or {}).get("value")
    if score is not None:
        row["sleep_score"] = float(score)
    if body.get("restingHeartRate") is not None:
        row["resting_hr"] = float(body["restingHeartRate"])
    if not row or dto.get("calendarDate") is None:
        return Extracted("sleep", note="no sleep recorded that night")
    return Extracted("sleep", [{"date": _day(dto["calendarDate"]), **row}])


def daily_heart_rate(body: dict) -> Extracted:
    """wellness-service/dailyHeartRate: ``restingHeartRate`` of the day."""
    if body.get("restingHeartRate") is None:
        return Extracted("daily heart rate", note="no resting heart rate that day")
    return Extracted("daily heart rate", [{"date": _day(body["calendarDate"]), "resting_hr": float(body["restingHeartRate"])}])


def daily_stress(body: list) -> Extracted:
    """usersummary stats/stress/daily: ``values.overallStressLevel``; negative means not measured."""
    rows = [
        {"date": _day(item["calendarDate"]), "stress_level": float(level)}
        for item in body if (level := (item.get("values") or {}).get("overallStressLevel")) is not None and level >= 0
    ]
    return Extracted("daily stress", rows)


def daily_sleep_scores(body: list) -> Extracted:
    """wellness-service stats/daily/sleep/score: ``[{calendarDate, value}]``."""
    rows = [{"date": _day(item["calendarDate"]), "sleep_score": float(item["value"])} for item in body if item.get("value") is not None]
    return Extracted("daily sleep scores", rows)


def training_readiness(body: list) -> Extracted:
    """metrics-service trainingreadiness: intra-day snapshots; the morning one is kept (the
    snapshot taken on waking, else the day's earliest)."""
    by_day: dict[date, dict] = {}
    for item in body:
        day = _day(item["calendarDate"])
        current = by_day.get(day)
        if current is None or _morning_rank(item) < _morning_rank(current):
            by_day[day] = item
    rows = [{"date": day, "training_readiness": float(item["score"])} for day, item in by_day.items() if item.get("score") is not None]
    return Extracted("training readiness", rows)


def _morning_rank(item: dict) -> tuple:
    return (item.get("inputContext") != "AFTER_WAKEUP_RESET", item.get("timestampLocal") or item.get("timestamp") or "")


def _number(value) -> float | None:
    return None if value is None else float(value)
