"""A goal as the planner sees it (an event in one or more sports, or a base block), and parsing
what a user types for sport, distance, event, time and days."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from trainer.errors import InputError
from trainer.planning.rules import RACE_KM, TRIATHLON_KM, EventKind, race_kind

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DISTANCE_NAMES = {
    "5k": "5K",
    "10k": "10K",
    "half": "half marathon",
    "marathon": "marathon",
    "ultra": "ultra",
    "sprint": "sprint triathlon",
    "olympic": "olympic triathlon",
    "70.3": "70.3 triathlon",
    "full": "full-distance triathlon",
}
CYCLING_EVENTS = {"gran-fondo": "gran fondo", "time-trial": "time trial", "stage": "stage race"}
SPORT_WORDS = {  # what a person types -> the sport as activities name it
    "running": "run",
    "run": "run",
    "cycling": "bike",
    "bike": "bike",
    "ride": "bike",
    "swimming": "swim",
    "swim": "swim",
    "triathlon": "triathlon",
    "tri": "triathlon",
}
LEGACY_KIND: dict[str, EventKind] = {"bike": "gran-fondo", "swim": "10k", "triathlon": "olympic"}
GOAL_SPORTS = ("run", "bike", "swim", "triathlon")


@dataclass(frozen=True)
class GoalSpec:
    """What a plan is built toward. ``available_days`` are weekday numbers (Monday = 0).

    ``event`` names the kind (5k .. ultra, gran-fondo / time-trial / stage, sprint .. full, base);
    without it a running goal takes its kind from the distance. ``event_hours`` is how long a
    cycling event lasts (a day of a stage race); ``stage_days`` how many days a stage race has."""

    name: str
    distance_km: float | None
    event_date: date
    sport: str = "run"
    target_time_s: int | None = None
    priority: str = "A"
    days_per_week: int = 5
    available_days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
    max_minutes: int | None = None
    event: EventKind | None = None
    event_hours: float | None = None
    stage_days: int | None = None
    pace_time_s: int | None = None  # the time key sessions are paced at when the target is out of reach

    @property
    def kind(self) -> EventKind:
        if self.event is not None:
            return self.event
        if self.sport == "run" and self.distance_km:
            return race_kind(self.distance_km)
        return LEGACY_KIND.get(self.sport, "10k")

    @property
    def is_base(self) -> bool:
        return self.kind == "base"

    def race_days(self) -> tuple[date, ...]:
        """The days of the event itself: none for a base block, each stage of a stage race."""
        if self.is_base:
            return ()
        stages = min(self.stage_days or 1, 7) if self.kind == "stage" else 1
        return tuple(self.event_date - timedelta(days=n) for n in range(stages - 1, -1, -1))

    def __post_init__(self) -> None:
        problems = []
        if self.sport not in GOAL_SPORTS:
            problems.append(f"sport must be running, cycling, swimming or triathlon, not {self.sport!r}")
        if self.distance_km is not None and not 0.1 <= self.distance_km <= 1000:
            problems.append(f"distance {self.distance_km:g} km is not plausible")
        if self.distance_km is None and self.event is None:
            problems.append("a goal needs a distance or an event")
        if self.event in CYCLING_EVENTS and (self.event_hours is None or not 0.25 <= self.event_hours <= 12):
            problems.append("a cycling event needs its length in hours, 0.25-12 (e.g. --hours 5)")
        if self.stage_days is not None and not 2 <= self.stage_days <= 21:
            problems.append(f"a stage race has 2-21 days, not {self.stage_days}")
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


def parse_sport(text: str) -> str:
    """'running', 'cycling', 'triathlon', 'swimming' (or run, bike, swim, tri) -> the goal's sport."""
    sport = SPORT_WORDS.get(text.strip().lower())
    if sport is None:
        raise InputError(f"sport {text!r}: use running, cycling, triathlon, swimming or base")
    return sport


def parse_distance(text: str) -> float:
    """'5k', '10k', 'half', 'marathon', 'ultra' or a number of km ('15', '50km') -> km."""
    key = text.strip().lower()
    if key in RACE_KM:
        return RACE_KM[key]
    try:
        km = float(key.removesuffix("km"))
    except ValueError:
        raise InputError(f"distance {text!r}: use 5k, 10k, half, marathon, ultra or a number of km") from None
    if not 0.1 <= km <= 1000:
        raise InputError(f"distance {text!r} is not plausible (0.1-1000 km)")
    return km


def parse_triathlon(text: str) -> tuple[EventKind, float]:
    """'sprint', 'olympic', '70.3' (or 'half'), 'full' (or 'ironman', '140.6') -> (kind, total km)."""
    key = {"half": "70.3", "ironman": "full", "140.6": "full", "im": "full"}.get(text.strip().lower(), text.lower())
    if key not in TRIATHLON_KM:
        raise InputError(f"triathlon distance {text!r}: use sprint, olympic, 70.3 or full")
    return key, round(sum(TRIATHLON_KM[key]), 2)  # type: ignore[return-value]


def parse_cycling_event(text: str) -> EventKind:
    key = text.strip().lower().replace(" ", "-").replace("_", "-")
    key = {"granfondo": "gran-fondo", "fondo": "gran-fondo", "tt": "time-trial", "stage-race": "stage"}.get(key, key)
    if key not in CYCLING_EVENTS:
        raise InputError(f"cycling event {text!r}: use gran-fondo, time-trial or stage")
    return key  # type: ignore[return-value]


@dataclass(frozen=True)
class GoalEvent:
    """What a person typed for sport, distance and event, read into a goal's fields."""

    sport: str
    event: EventKind | None
    distance_km: float | None
    event_date: date
    event_hours: float | None = None
    stage_days: int | None = None


def goal_event(
    sport: str,
    distance: str | None,
    event: str | None,
    hours: float | None,
    stage_days: int | None,
    distance_km: float | None,
    event_date: date | None,
    today: date,
    main_sport: str = "run",
    base_weeks: int = 12,
) -> GoalEvent:
    """``--sport cycling --event gran-fondo --hours 5``, ``--sport triathlon --distance 70.3``,
    ``--sport running --distance marathon`` (or just ``--distance 10k``) or ``--sport base``
    (the athlete's own sport, ``base_weeks`` from ``today`` unless a date is given)."""
    if sport.strip().lower() == "base":
        own = main_sport if main_sport in GOAL_SPORTS else "run"
        end = event_date or today + timedelta(weeks=base_weeks)
        return GoalEvent(own, "base", None, end)
    kind = parse_sport(sport)
    if event_date is None:
        raise InputError("--date: the event's day is needed (only a base block goes without one)")
    if event_date <= today:
        raise InputError(
            f"--date {event_date.isoformat()}: that day is not ahead (today is {today.isoformat()}): give the event's "
            "coming date"
        )
    if kind == "triathlon":
        tri, km = parse_triathlon(distance or "")
        return GoalEvent("triathlon", tri, km, event_date)
    if kind == "bike" and (event or hours):
        return GoalEvent("bike", parse_cycling_event(event or "gran-fondo"), distance_km, event_date, hours, stage_days)
    if distance is None and distance_km is None:
        raise InputError("--distance: say how far (5k, 10k, half, marathon, ultra or km), or --event for a ride")
    km = parse_distance(distance) if distance is not None else float(distance_km or 0)
    return GoalEvent(kind, None, km, event_date)


EVENT_CHOICES: dict[str, tuple[str, str | None, str | None]] = {  # what the goal editor offers: sport, distance, event
    "5K run": ("running", "5k", None),
    "10K run": ("running", "10k", None),
    "half marathon": ("running", "half", None),
    "marathon": ("running", "marathon", None),
    "ultra (50 km)": ("running", "ultra", None),
    "gran fondo (ride)": ("cycling", None, "gran-fondo"),
    "time trial (ride)": ("cycling", None, "time-trial"),
    "stage race (ride)": ("cycling", None, "stage"),
    "sprint triathlon": ("triathlon", "sprint", None),
    "olympic triathlon": ("triathlon", "olympic", None),
    "70.3 triathlon": ("triathlon", "70.3", None),
    "full-distance triathlon": ("triathlon", "full", None),
    "build my base (no event)": ("base", None, None),
}


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


def event_name(goal: GoalSpec) -> str:
    """'marathon', '5 h gran fondo', '3-day stage race', '70.3 triathlon', 'base block', '15 km run'."""
    kind = goal.kind
    if kind == "base":
        return "base block"
    if kind in CYCLING_EVENTS:
        hours = f"{goal.event_hours:g} h " if goal.event_hours else ""
        if kind == "stage":
            return f"{goal.stage_days or 2}-day stage race ({hours.strip() or 'long'} a day)"
        return f"{hours}{CYCLING_EVENTS[kind]}"
    if kind in TRIATHLON_KM:
        return DISTANCE_NAMES[kind]
    if goal.sport == "run" and goal.distance_km and abs(RACE_KM[kind] - goal.distance_km) < 0.01:
        return DISTANCE_NAMES[kind]
    noun = {"run": "run", "swim": "swim", "bike": "ride"}.get(goal.sport, "race")
    return f"{goal.distance_km:g} km {noun}" if goal.distance_km else noun


def describe(goal: GoalSpec) -> str:
    """'marathon on 2027-04-11 (target 3:30:00)', 'base block to 2027-02-28'."""
    if goal.is_base:
        return f"base block to {goal.event_date.isoformat()}"
    target = f" (target {format_duration(goal.target_time_s)})" if goal.target_time_s else ""
    return f"{event_name(goal)} on {goal.event_date.isoformat()}{target}"


def titled(goal: GoalSpec) -> str:
    """The goal's name and what it is, saying each thing once: "Spring marathon: marathon on
    2027-04-11", but "70.3 triathlon on 2027-06-13" for a goal named after its event."""
    said = describe(goal)
    return said if not goal.name or said.startswith(goal.name) else f"{goal.name}: {said}"


def goal_from_choice(
    choice: str,
    event_date: date,
    today: date,
    *,
    hours: float | None = None,
    target_time: str | None = None,
    days_per_week: int = 5,
    days: str = "mon,tue,wed,thu,fri,sat,sun",
    max_minutes: int | None = None,
    main_sport: str = "run",
) -> GoalSpec:
    """The goal editor's choices (``EVENT_CHOICES``) as a goal, read as ``trainer goal add`` reads them."""
    sport, distance, event = EVENT_CHOICES[choice]
    chosen = goal_event(sport, distance, event, hours, None, None, event_date, today, main_sport)
    return goal_from_event(
        chosen, target_time=target_time, days_per_week=days_per_week, days=days, max_minutes=max_minutes
    )


def goal_from_event(
    chosen: GoalEvent,
    *,
    name: str | None = None,
    target_time: str | None = None,
    priority: str = "A",
    days_per_week: int = 5,
    days: str = "mon,tue,wed,thu,fri,sat,sun",
    max_minutes: int | None = None,
) -> GoalSpec:
    """The goal an event and the athlete's week make; named after the event unless ``name`` is given.
    A ride given its distance and target time but not its length lasts the target time."""
    target_s = parse_target_time(target_time or None)
    if chosen.event in CYCLING_EVENTS and chosen.event_hours is None and target_s:
        chosen = replace(chosen, event_hours=round(target_s / 3600, 2))
    spec = GoalSpec(
        name=name or "",
        distance_km=chosen.distance_km,
        event_date=chosen.event_date,
        sport=chosen.sport,
        target_time_s=target_s,
        priority=priority.upper(),
        days_per_week=days_per_week,
        available_days=parse_days(days or "mon"),
        max_minutes=max_minutes,
        event=chosen.event,
        event_hours=chosen.event_hours,
        stage_days=chosen.stage_days,
    )
    return spec if spec.name else replace(spec, name=event_name(spec))
