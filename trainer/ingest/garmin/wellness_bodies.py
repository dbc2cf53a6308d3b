"""Daily wellness bodies: HRV, sleep, resting heart rate, stress, sleep score, training readiness.

Each function takes a parsed body and returns ``Extracted`` rows holding only the fields the body
provides, so several bodies of one day merge into one wellness row. Missing stays missing: a
null, a skeleton of nulls or a negative stress ("not measured") yields no value.
"""

from __future__ import annotations

from datetime import date

from trainer.ingest.extracted import Extracted


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def _hrv_row(summary: dict) -> dict | None:
    if summary.get("lastNightAvg") is None:
        return None
    baseline = summary.get("baseline") or {}
    return {
        "date": _day(summary["calendarDate"]),
        "hrv_ms": float(summary["lastNightAvg"]),
        "hrv_baseline_low": _number(baseline.get("balancedLow")),
        "hrv_baseline_high": _number(baseline.get("balancedUpper")),
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
    return Extracted(
        "daily heart rate", [{"date": _day(body["calendarDate"]), "resting_hr": float(body["restingHeartRate"])}]
    )


def daily_stress(body: list) -> Extracted:
    """usersummary stats/stress/daily: ``values.overallStressLevel``; negative means not measured."""
    rows = [
        {"date": _day(item["calendarDate"]), "stress_level": float(level)}
        for item in body
        if (level := (item.get("values") or {}).get("overallStressLevel")) is not None and level >= 0
    ]
    return Extracted("daily stress", rows)


def daily_sleep_scores(body: list) -> Extracted:
    """wellness-service stats/daily/sleep/score: ``[{calendarDate, value}]``."""
    rows = [
        {"date": _day(item["calendarDate"]), "sleep_score": float(item["value"])}
        for item in body
        if item.get("value") is not None
    ]
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
    rows = [
        {"date": day, "training_readiness": float(item["score"])}
        for day, item in by_day.items()
        if item.get("score") is not None
    ]
    return Extracted("training readiness", rows)


def _morning_rank(item: dict) -> tuple:
    return (item.get("inputContext") != "AFTER_WAKEUP_RESET", item.get("timestampLocal") or item.get("timestamp") or "")


def _number(value) -> float | None:
    return None if value is None else float(value)


def training_status(body: dict) -> Extracted:
    """mobile-gateway / metrics-service training status (latest, weekly or monthly): Garmin's own
    ACWR (``dailyAcuteChronicWorkloadRatio``) and acute and chronic load per day."""
    rows: dict[date, dict] = {}
    for entry in _status_entries(body):
        acute = entry.get("acuteTrainingLoadDTO") or {}
        if entry.get("calendarDate") and acute.get("dailyTrainingLoadChronic"):
            day = _day(entry["calendarDate"])
            if day not in rows or entry.get("primaryTrainingDevice"):
                rows[day] = {
                    "date": day,
                    "garmin_acwr": _number(acute.get("dailyAcuteChronicWorkloadRatio")),
                    "garmin_acute_load": _number(acute.get("dailyTrainingLoadAcute")),
                    "garmin_chronic_load": _number(acute.get("dailyTrainingLoadChronic")),
                }
    return Extracted(
        "training status",
        sorted(rows.values(), key=lambda row: row["date"]),
        note="" if rows else "no training status in it",
    )


def _status_entries(body: dict) -> list[dict]:
    entries = []
    for key in ("weeklyTrainingStatus", "monthlyTrainingStatus", "mostRecentTrainingStatus"):
        section = body.get(key) or {}
        payload = section.get("payload", section) or {}
        for data in (payload.get("reportData") or {}).values():
            entries.extend(data)
        entries.extend((payload.get("latestTrainingStatusData") or {}).values())
    return entries


def user_summary(body: dict) -> Extracted:
    """usersummary-service/usersummary/daily: resting HR, average stress (negative = not
    measured) and the body battery at waking."""
    row: dict = {}
    if body.get("restingHeartRate"):
        row["resting_hr"] = float(body["restingHeartRate"])
    stress = body.get("averageStressLevel")
    if stress is not None and stress >= 0:
        row["stress_level"] = float(stress)
    battery = body.get("bodyBatteryAtWakeTime", body.get("bodyBatteryMostRecentValue"))
    if battery is not None:
        row["body_battery"] = float(battery)
    if not row:
        return Extracted("user daily summary", note="no data that day")
    return Extracted("user daily summary", [{"date": _day(body["calendarDate"]), **row}])


def daily_stress_detail(body: dict) -> Extracted:
    """wellness-service/wellness/dailyStress: the day's ``avgStressLevel`` (negative = not measured)."""
    level = body.get("avgStressLevel")
    if level is None or level < 0:
        return Extracted("daily stress detail", note="stress not measured that day")
    return Extracted("daily stress detail", [{"date": _day(body["calendarDate"]), "stress_level": float(level)}])


def heart_rate_zones(body: list) -> Extracted:
    """biometric-service/heartRateZones: Garmin's zones per sport (kept for the athlete)."""
    zones = [
        {
            "sport": str(item.get("sport") or "DEFAULT").lower()[:20],
            "method": _text(item.get("trainingMethod")),
            "resting_hr": _bpm(item.get("restingHeartRateUsed")),
            "max_hr": _bpm(item.get("maxHeartRateUsed")),
            "lthr": _bpm(item.get("lactateThresholdHeartRateUsed")),
            "zone_floors": [_bpm(item.get(f"zone{zone}Floor")) for zone in range(1, 6)],
        }
        for item in body
    ]
    return Extracted("heart-rate zones", zones=zones)


def _bpm(value) -> int | None:
    """A heart rate as Garmin gives it (a whole number of bpm), or None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 20 <= value <= 250:
        return None
    return int(round(value))


def _text(value) -> str | None:
    return value[:30] if isinstance(value, str) else None
