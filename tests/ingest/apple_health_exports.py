"""Apple Health exports of any length, written in the shapes of the real ones in
``tests/fixtures/apple_health``: the Series 5 export's header and record lines (its DOCTYPE, the
``device`` and ``sourceName`` attributes as the watch writes them), iOS 16's sleep stages and the
workout statistics element exports carry since iOS 16. A day holds what a watch records: heart
rate every few minutes (most of an export's size), a resting heart rate, a few SDNN readings,
a night's sleep in stages and, most days, a run or a ride. Values follow fixed patterns, so a
test can compute what the import must find."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "apple_health"
REAL = FIXTURES / "export_apple-watch-s5_anonymised_2019-12_2020-04.xml"
DEVICE = (
    "&lt;&lt;HKDevice: 0x, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch5,3, "
    "software:6.1.3&gt;"
)
SOURCE = 'sourceName="User&#8217;s Apple&#160;Watch" sourceVersion="6.1.3"'
HEART_RATE_EVERY = timedelta(minutes=4)


def header() -> str:
    """The real export's opening, up to its first record (XML declaration, DOCTYPE, Me)."""
    text = REAL.read_text(encoding="utf-8")
    return text[: text.index(" <Record ")]


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S +0200")


def record(kind: str, unit: str, start: datetime, end: datetime, value: str) -> str:
    return (
        f' <Record type="{kind}" {SOURCE} device="{DEVICE}" unit="{unit}" creationDate="{stamp(end)}" '
        f'startDate="{stamp(start)}" endDate="{stamp(end)}" value="{value}"/>\n'
    )


def resting_hr(day_number: int) -> int:
    return 50 + day_number % 7


def sdnn(day_number: int, reading: int) -> float:
    return 40.0 + day_number % 11 + reading


def day_lines(day: date, number: int, heart_rate: bool = True) -> str:
    """One day's records: the night ending on ``day``, the day's heart rate, and a workout."""
    midnight = datetime(day.year, day.month, day.day)
    lines = []
    asleep = [("AsleepCore", -90, 120), ("AsleepDeep", 30, 90), ("AsleepREM", 120, 60), ("AsleepCore", 180, 150)]
    for stage, start, minutes in asleep:  # 23:30 to 07:00: 420 minutes asleep
        begin = midnight + timedelta(minutes=start)
        lines.append(record("HKCategoryTypeIdentifierSleepAnalysis", "", begin, begin + timedelta(minutes=minutes),
                            f"HKCategoryValueSleepAnalysis{stage}"))  # fmt: skip
    lines.append(record("HKCategoryTypeIdentifierSleepAnalysis", "", midnight - timedelta(minutes=100),
                        midnight + timedelta(minutes=340), "HKCategoryValueSleepAnalysisInBed"))  # fmt: skip
    for reading, hour in enumerate((2, 4)):
        at = midnight + timedelta(hours=hour)
        lines.append(record("HKQuantityTypeIdentifierHeartRateVariabilitySDNN", "ms", at, at + timedelta(minutes=1),
                            f"{sdnn(number, reading):.1f}"))  # fmt: skip
    day_end = midnight + timedelta(hours=23)
    lines.append(
        record("HKQuantityTypeIdentifierRestingHeartRate", "count/min", midnight, day_end, str(resting_hr(number)))
    )
    if heart_rate:
        at = midnight
        while at < midnight + timedelta(days=1):
            lines.append(record("HKQuantityTypeIdentifierHeartRate", "count/min", at, at, str(60 + at.minute % 30)))
            at += HEART_RATE_EVERY
    if number % 3 != 2:  # two days in three
        lines.append(workout(midnight + timedelta(hours=18), number))
    return "".join(lines)


def workout(start: datetime, number: int) -> str:
    """A run (45 min, 9 km) or a ride (60 min, 25 km) with iOS 16's statistics."""
    run = number % 2 == 0
    kind, minutes, km, average = ("Running", 45, 9.0, 150) if run else ("Cycling", 60, 25.0, 135)
    distance = "HKQuantityTypeIdentifierDistanceWalkingRunning" if run else "HKQuantityTypeIdentifierDistanceCycling"
    end = start + timedelta(minutes=minutes)
    span = f'startDate="{stamp(start)}" endDate="{stamp(end)}"'
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="{minutes}" durationUnit="min" '
        f'{SOURCE} device="{DEVICE}" creationDate="{stamp(end)}" {span}>\n'
        f'  <WorkoutStatistics type="{distance}" {span} sum="{km}" unit="km"/>\n'
        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" {span} sum="{minutes * 10}" '
        'unit="kcal"/>\n'
        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" {span} average="{average}" minimum="98" '
        f'maximum="{average + 25}" unit="count/min"/>\n'
        " </Workout>\n"
    )


def write_export(path: Path, first: date, days: int | None = None, megabytes: float | None = None) -> int:
    """An export.xml of ``days`` days from ``first`` (or as many as fill ``megabytes``); the days written."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(header())
        written, number = out.tell(), 0
        while (days is not None and number < days) or (megabytes is not None and written < megabytes * 1e6):
            written += out.write(day_lines(first + timedelta(days=number), number))
            number += 1
        out.write("</HealthData>\n")
    return number
