"""A goal as the planner sees it, and parsing what a user types for distance, time and days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trainer.errors import InputError
from trainer.planning.rules import RACE_KM, RaceKind, race_kind

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DISTANCE_NAMES = {"5k": "5K", "10k": "10K", "half": "half marathon", "marathon": "marathon"}


@dataclass(frozen=True)
class GoalSpec:
    """What a plan is built toward. ``available_days`` are weekday numbers (Monday = 0)."""

    name: str
    distance_km: float
    event_date: date
    sport: str = "run"
    target_time_s: int | None = None
    priority: str = "A"
    days_per_week: int = 5
    available_days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
    max_minutes: int | None = None

    @property
    def kind(self) -> RaceKind:
        return race_kind(self.distance_km)

    def __post_init__(self) -> None:
        problems = []
        if not 0.1 <= self.distance_km <= 1000:
            problems.append(f"distance {self.distance_km:g} km is not plausible")
        if not 3 <= self.days_per_week <= 7:
            problems.append(f"days per week must be 3-7, not {self.days_per_week}")
        if len(set(self.available_days)) < self.days_per_week:
            problems.append(
                f"{self.days_per_week} days a week asked but only {len(set(self.available_days))} available"
            )
        if self.max_minutes is not None and not 30 <= self.max_minutes <= 600:
            problems.append(f"longest session must be 30-600 minutes, not {self.max_minutes}")
        if self.priority not in ("A", "B", "C"):
            problems.append(f"priority must be A, B or C, not {self.priority!r}")
        if problems:
            raise InputError("goal: " + "; ".join(problems))


def parse_distance(text: str) -> float:
    """'5k', '10k', 'half', 'marathon' or a number of km ('15', '50km') -> km."""
    key = text.strip().lower()
    if key in RACE_KM:
        return RACE_KM[key]
    try:
        km = float(key.removesuffix("km"))
    except ValueError:
        raise InputError(f"distance {text!r}: use 5k, 10k, half, marathon or a number of km") from None
    if not 0.1 <= km <= 1000:
        raise InputError(f"distance {text!r} is not plausible (0.1-1000 km)")
    return km


def parse_target_time(text: str | None) -> int | None:
    """'H:MM:SS' or 'MM:SS' -> seconds."""
    if text is None:
        return None
    parts = text.strip().split(":")
    try:
        numbers = [int(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (2, 3) or any(n < 0 for n in numbers) or any(n >= 60 for n in numbers[1:]):
        raise InputError(f"target time {text!r}: use H:MM:SS (e.g. 3:30:00) or MM:SS")
    seconds = sum(n * 60**i for i, n in enumerate(reversed(numbers)))
    if seconds == 0:
        raise InputError("target time must be more than zero")
    return seconds


def parse_days(text: str) -> tuple[int, ...]:
    """'mon,wed,fri,sun' -> (0, 2, 4, 6)."""
    days = []
    for part in text.lower().replace(" ", "").split(","):
        if part[:3] not in WEEKDAYS:
            raise InputError(f"available days {text!r}: {part!r} is not a weekday (mon..sun)")
        days.append(WEEKDAYS.index(part[:3]))
    return tuple(sorted(set(days)))


def format_days(days: tuple[int, ...]) -> str:
    return ",".join(WEEKDAYS[d] for d in sorted(days))


def format_duration(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def describe(goal: GoalSpec) -> str:
    """'marathon on 2027-04-11 (target 3:30:00)'."""
    name = (
        DISTANCE_NAMES.get(goal.kind)
        if abs(RACE_KM[goal.kind] - goal.distance_km) < 0.01
        else f"{goal.distance_km:g} km"
    )
    target = f" (target {format_duration(goal.target_time_s)})" if goal.target_time_s else ""
    return f"{name} on {goal.event_date.isoformat()}{target}"
