"""Read an Apple Health export as a stream: the standard library's ``iterparse`` walks the XML one
element at a time and each top-level element is dropped once read, so an export of several GB is
read in bounded memory. What trainer keeps, per day and per workout:

- resting heart rate (``RestingHeartRate``), the day's mean;
- HRV: Apple's is SDNN from spot readings (``HeartRateVariabilitySDNN``), not the overnight rMSSD
  Garmin gives; the mean of the readings of the night that ends on the day (from 18:00 the day
  before), kept in its own column, ``hrv_sdnn_ms``;
- sleep: minutes asleep (``SleepAnalysis``: Asleep, AsleepCore, AsleepDeep, AsleepREM,
  AsleepUnspecified; InBed and Awake are not sleep) of the night ending on the day, from the one
  source that recorded the most (the watch and a sleep app recording one night do not add up);
- workouts: sport, start, duration, distance, calories, average and maximum heart rate (from the
  workout's statistics, which exports from iOS 16 on carry).

Times are the phone's local time with its offset ("2024-01-01 01:01:36 +0200"): the day is the
local date there.
"""

from __future__ import annotations

import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

RESTING = "HKQuantityTypeIdentifierRestingHeartRate"
SDNN = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
ASLEEP = {
    "HKCategoryValueSleepAnalysisAsleep",
    "HKCategoryValueSleepAnalysisAsleepCore",
    "HKCategoryValueSleepAnalysisAsleepDeep",
    "HKCategoryValueSleepAnalysisAsleepREM",
    "HKCategoryValueSleepAnalysisAsleepUnspecified",
}
SPORTS = {
    "Running": "run",
    "Cycling": "bike",
    "Swimming": "swim",
    "TraditionalStrengthTraining": "strength",
    "FunctionalStrengthTraining": "strength",
    "Rowing": "row",
    "Walking": "walk",
    "Hiking": "walk",
}
MINUTES_PER = {"min": 1.0, "hr": 60.0, "h": 60.0, "s": 1 / 60, "sec": 1 / 60}
METRES_PER = {"km": 1000.0, "m": 1.0, "mi": 1609.344, "yd": 0.9144, "ft": 0.3048}
NIGHT_STARTS = timedelta(hours=6)  # a reading from 18:00 belongs to the next morning's night


class ExportUnreadable(Exception):
    """Not an Apple Health export, or one cut short or damaged: the message says where."""


@dataclass
class ExportContents:
    """What the export holds, by day and by workout."""

    resting: dict[date, list[float]] = field(default_factory=lambda: defaultdict(list))
    sdnn: dict[date, list[float]] = field(default_factory=lambda: defaultdict(list))
    asleep: dict[tuple[date, str], float] = field(default_factory=lambda: defaultdict(float))
    workouts: list[dict] = field(default_factory=list)
    records: int = 0
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)  # (element, why) trainer could not read

    def skipped_lines(self) -> list[str]:
        """'2 records with a date trainer cannot read (...)', one line per element and reason."""
        return [f"{n} {tag.lower()}{'s' if n != 1 else ''} {why}" for (tag, why), n in self.skipped.items()]

    def days(self) -> list[dict]:
        """One wellness row per day with what the export gives for it."""
        nights: dict[date, float] = {}
        for (night, _source), minutes in self.asleep.items():
            nights[night] = max(nights.get(night, 0.0), minutes)
        found = sorted(set(self.resting) | set(self.sdnn) | set(nights))
        return [
            {
                "date": day,
                **({"resting_hr": round(_mean(self.resting[day]), 1)} if day in self.resting else {}),
                **({"hrv_sdnn_ms": round(_mean(self.sdnn[day]), 1)} if day in self.sdnn else {}),
                **({"sleep_minutes": round(nights[day], 1)} if day in nights else {}),
            }
            for day in found
        ]


def read_export(path: Path, progress: Callable[[int, int], None] = lambda _done, _total: None) -> ExportContents:
    """The contents of ``path`` (export.zip or export.xml); ``progress(bytes read, total)`` as it goes."""
    contents = ExportContents()
    with _opened(path) as (stream, total):
        counted = _Counting(stream)
        depth, root = 0, None
        try:
            for event, element in ElementTree.iterparse(counted, events=("start", "end")):
                if event == "start":
                    root = element if root is None else root
                    depth += 1
                    continue
                depth -= 1
                if depth == 1:  # a top-level element, read whole: take it, then let it go
                    try:
                        _take(element, contents)
                    except ValueError as problem:
                        contents.skipped[(element.tag, str(problem))] += 1
                    root.clear()  # type: ignore[union-attr]  # the document keeps no element it has read
                    progress(counted.read_bytes, total)
        except ElementTree.ParseError as problem:
            line, column = problem.position
            raise ExportUnreadable(
                f"not a readable Apple Health export (line {line}, column {column}: {_said(problem)})"
            ) from None
    return contents


@contextmanager
def _opened(path: Path) -> Iterator[tuple[IO[bytes], int]]:
    """The export's XML as a byte stream and its size: the file itself, or ``export.xml`` inside a
    zip (read as it decompresses; the Mac's ``__MACOSX`` copies and ``export_cda.xml`` skipped)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [
                info
                for info in archive.infolist()
                if info.filename.endswith("export.xml") and not info.filename.startswith("__MACOSX")
            ]
            if not members:
                raise ExportUnreadable("no export.xml in it (is it the zip the Health app exports?)")
            with archive.open(members[0]) as stream:
                yield stream, members[0].file_size
        return
    with open(path, "rb") as stream:
        yield stream, path.stat().st_size


class _Counting:
    """A byte stream that counts what was read (for the progress bar)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.read_bytes = stream, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.read_bytes += len(chunk)
        return chunk


def _take(element: ElementTree.Element, contents: ExportContents) -> None:
    if element.tag == "Record":
        contents.records += 1
        kind = element.get("type")
        if kind == RESTING:
            start = when(element.get("startDate"))
            contents.resting[start.date()].append(_value(element))
        elif kind == SDNN:
            start = when(element.get("startDate"))
            contents.sdnn[(start + NIGHT_STARTS).date()].append(_value(element))
        elif kind == SLEEP and element.get("value") in ASLEEP:
            start, end = when(element.get("startDate")), when(element.get("endDate"))
            night = (end + NIGHT_STARTS).date()
            contents.asleep[(night, element.get("sourceName") or "")] += max(0.0, (end - start).total_seconds() / 60)
    elif element.tag == "Workout":
        contents.workouts.append(workout(element))


def workout(element: ElementTree.Element) -> dict:
    """A workout's figures; its heart rate and distance from its statistics where it has them."""
    start, end = when(element.get("startDate")), when(element.get("endDate"))
    kind = (element.get("workoutActivityType") or "").removeprefix("HKWorkoutActivityType")
    minutes = float(element.get("duration") or 0) * MINUTES_PER.get(element.get("durationUnit") or "min", 1.0)
    distance = _metres(element.get("totalDistance"), element.get("totalDistanceUnit"))
    calories = _number(element.get("totalEnergyBurned"))
    avg_hr = max_hr = None
    for statistic in element.iter("WorkoutStatistics"):
        name = statistic.get("type") or ""
        if name.endswith("HeartRate"):
            avg_hr, max_hr = _number(statistic.get("average")), _number(statistic.get("maximum"))
        elif "Distance" in name and not distance:
            distance = _metres(statistic.get("sum"), statistic.get("unit"))
        elif name.endswith("ActiveEnergyBurned") and calories is None:
            calories = _number(statistic.get("sum"))
    return {
        "kind": kind,
        "sport": SPORTS.get(kind, "other"),
        "start": start,
        "end": end,
        "minutes": minutes or (end - start).total_seconds() / 60,
        "distance_m": distance,
        "calories": calories,
        "avg_hr": avg_hr,
        "max_hr": max_hr,
    }


def when(text: str | None) -> datetime:
    """'2024-01-01 01:01:36 +0200' as an aware datetime in the phone's own offset."""
    try:
        return datetime.strptime(text or "", "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        raise ValueError(f"with a date trainer cannot read ({(text or 'none')[:40]!r})") from None


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _metres(value: str | None, unit: str | None) -> float | None:
    number = _number(value)
    return None if not number else round(number * METRES_PER.get(unit or "km", 1000.0), 1)


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _value(element: ElementTree.Element) -> float:
    number = _number(element.get("value"))
    if number is None:
        raise ValueError(f"with a value trainer cannot read ({(element.get('value') or 'none')[:40]!r})")
    return number


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _said(problem: ElementTree.ParseError) -> str:
    return str(problem).split(":")[0]
