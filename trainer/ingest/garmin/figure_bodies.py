"""The figures Garmin holds for an athlete: FTP, power zones, lactate threshold, VO2max and race
predictions, each with the day it was measured.

Shapes, as garminconnect returns them (checked against public clients and their recorded tests):
- ``get_cycling_ftp``: {"functionalThresholdPower": 244, "calendarDate": "2026-01-30...", "sport": "CYCLING"}
  (or a list of such);
- ``get_power_zones``: [{"sport": "CYCLING", "functionalThresholdPower": 275, "zone1Floor": 179, ...,
  "zone7Floor": 412}];
- ``get_lactate_threshold``: {"speed_and_heart_rate": {"calendarDate": ..., "heartRate": 177, "speed": 0.38055},
  "power": {...}}; the speed is in tens of metres a second (0.38055 is 3.81 m/s, 4:23/km);
- ``get_race_predictions``: {"calendarDate": "2026-05-11", "time5K": 1201, "time10K": 2585,
  "timeHalfMarathon": 5847, "timeMarathon": 12849} (seconds);
- ``get_max_metrics``: [{"generic": {"calendarDate": ..., "vo2MaxPreciseValue": 51.3}, "cycling": {...}}].
The sync fetches each as its own kind (a request and an archived body each); ``trainer import
garmin-json`` reads the same files, and a body holding several under these keys
(``cyclingFtp``, ``powerZones``, ...) too.
"""

from __future__ import annotations

from datetime import date

from trainer.ingest.extracted import Extracted

PARTS = ("cyclingFtp", "powerZones", "lactateThreshold", "racePredictions", "maxMetrics")
RACES = {"time5K": "race_5k", "time10K": "race_10k", "timeHalfMarathon": "race_half", "timeMarathon": "race_marathon"}
SPORTS = {"CYCLING": "bike", "RUNNING": "run"}
LT_SPEED_SCALE = 10.0  # Garmin's lactate-threshold speed is in tens of metres a second


def is_figures(body: object) -> bool:
    """Is ``body`` the sync's figures body, or one of its parts saved on its own?"""
    if isinstance(body, dict):
        keys = set(body)
        return bool(
            keys & set(PARTS)
            or "speed_and_heart_rate" in keys
            or keys & set(RACES)
            or ("functionalThresholdPower" in keys and "calendarDate" in keys)
        )
    if isinstance(body, list) and body and all(isinstance(item, dict) for item in body):
        keys = set(body[0])
        return ("functionalThresholdPower" in keys and "zone1Floor" in keys) or ("generic" in keys)
    return False


def figures(body: object) -> Extracted:
    """The figures in ``body``, one row per figure, sport and day (``today`` when Garmin gives no day)."""
    parts = body if isinstance(body, dict) and set(body) & set(PARTS) else _one_part(body)
    rows = [
        *_ftp(parts.get("cyclingFtp")),
        *_power_zones(parts.get("powerZones")),
        *_lactate_threshold(parts.get("lactateThreshold")),
        *_race_predictions(parts.get("racePredictions")),
        *_max_metrics(parts.get("maxMetrics")),
    ]
    return Extracted("figures", figures=rows, note="" if rows else "no figures in it")


def _one_part(body: object) -> dict:
    if isinstance(body, list):
        return {"powerZones": body} if "zone1Floor" in body[0] else {"maxMetrics": body}
    assert isinstance(body, dict)
    if "speed_and_heart_rate" in body:
        return {"lactateThreshold": body}
    if set(body) & set(RACES):
        return {"racePredictions": body}
    return {"cyclingFtp": body}


def _day(text: object) -> date:
    return date.fromisoformat(str(text)[:10]) if text else date.today()


def _row(name: str, sport: str, value: object, day: object, floors: list | None = None) -> dict:
    return {"name": name, "sport": sport, "value": float(value), "floors": floors, "measured_on": _day(day)}  # type: ignore[arg-type]


def _ftp(body: object) -> list[dict]:
    items = body if isinstance(body, list) else [body] if isinstance(body, dict) else []
    return [
        _row("ftp", SPORTS.get(str(item.get("sport") or "CYCLING").upper(), "bike"), item["functionalThresholdPower"],
             item.get("calendarDate"))
        for item in items
        if isinstance(item, dict) and _positive(item.get("functionalThresholdPower"))
    ]  # fmt: skip


def _power_zones(body: object) -> list[dict]:
    rows = []
    for item in body if isinstance(body, list) else []:
        floors = [item.get(f"zone{n}Floor") for n in range(1, 8)]
        sport = SPORTS.get(str(item.get("sport") or "").upper())
        if sport and all(_positive(floor) for floor in floors) and _positive(item.get("functionalThresholdPower")):
            whole = [round(float(floor)) for floor in floors]
            rows.append(_row("power_zones", sport, item["functionalThresholdPower"], item.get("userLocalTime"), whole))
    return rows


def _lactate_threshold(body: object) -> list[dict]:
    found = body.get("speed_and_heart_rate") if isinstance(body, dict) else None
    if not isinstance(found, dict):
        return []
    rows = []
    if _positive(found.get("heartRate")):
        rows.append(_row("lactate_threshold_hr", "run", found["heartRate"], found.get("calendarDate")))
    if _positive(found.get("speed")):
        speed = float(found["speed"])
        speed = speed * LT_SPEED_SCALE if speed < 1 else speed  # in tens of m/s; a plain m/s passes as it is
        rows.append(_row("threshold_speed", "run", round(speed, 4), found.get("calendarDate")))
    return rows


def _race_predictions(body: object) -> list[dict]:
    items = body if isinstance(body, list) else [body] if isinstance(body, dict) else []
    return [
        _row(name, "run", item[key], item.get("calendarDate"))
        for item in items
        if isinstance(item, dict)
        for key, name in RACES.items()
        if _positive(item.get(key))
    ]


def _max_metrics(body: object) -> list[dict]:
    items = body if isinstance(body, list) else [body] if isinstance(body, dict) else []
    rows = []
    for item in items:
        for key, sport in (("generic", "run"), ("cycling", "bike")):
            part = item.get(key) if isinstance(item, dict) else None
            value = part.get("vo2MaxPreciseValue") or part.get("vo2MaxValue") if isinstance(part, dict) else None
            if _positive(value):
                rows.append(_row("vo2max", sport, value, part.get("calendarDate")))  # type: ignore[union-attr]
    return rows


def _positive(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
