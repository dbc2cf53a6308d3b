"""A planned session as the steps a watch walks an athlete through: warm-up, the work, cool-down.

The layout per kind of session is one table a coach can read (``LAYOUT``). Each step has a
duration and a heart-rate range from the athlete's zones, the same numbers the dashboard shows;
a ride's steps add a power range where FTP is known, a run's a pace range where threshold pace
is, and that is then the step's target (``target``).
The work takes what the warm-up and cool-down leave; intervals are repeats of work and recovery.
A session too short for its layout becomes one steady step.

| kind       | warm-up          | the work                                          | cool-down        |
|------------|------------------|---------------------------------------------------|------------------|
| recovery   | -                | steady, recovery zone                             | -                |
| shakeout   | -                | steady, recovery zone                             | -                |
| easy       | 10 min recovery  | steady, easy zone                                 | 5 min recovery   |
| long       | 10 min recovery  | steady, easy zone                                 | 5 min recovery   |
| tempo      | 15 min easy      | one block, moderate zone                          | 10 min recovery  |
| race_pace  | 15 min easy      | one block at the session's intensity              | 10 min recovery  |
| intervals  | 15 min easy      | repeats of 4 min hard + 2 min easy                | 10 min recovery  |
| race       | -                | the race, at the session's intensity              | -                |
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from trainer.scoring.recommend import session_target
from trainer.scoring.zones import HeartRateProfile, SportZones

WARM_UP = {
    "easy": (10, "recovery"),
    "long": (10, "recovery"),
    "tempo": (15, "easy"),
    "race_pace": (15, "easy"),
    "intervals": (15, "easy"),
}
COOL_DOWN = {
    "easy": (5, "recovery"),
    "long": (5, "recovery"),
    "tempo": (10, "recovery"),
    "race_pace": (10, "recovery"),
    "intervals": (10, "recovery"),
}
WORK_ZONE = {
    "recovery": "recovery",
    "shakeout": "recovery",
    "easy": "easy",
    "long": "easy",
    "tempo": "moderate",
}  # else: the session's own
INTERVAL_WORK = 4  # minutes of each hard repeat
INTERVAL_RECOVERY = 2  # minutes easy between them
MIN_WORK_MINUTES = 10  # less than this after warm-up and cool-down: one steady step instead
LAYOUT = {
    "warm_up": WARM_UP,
    "cool_down": COOL_DOWN,
    "work_zone": WORK_ZONE,
    "interval": (INTERVAL_WORK, INTERVAL_RECOVERY),
}


@dataclass(frozen=True)
class Step:
    """One step: ``kind`` is warmup, work, recovery, cooldown or steady; ``repeat`` groups interval steps."""

    kind: str
    minutes: int
    intensity: str
    hr_low: int | None
    hr_high: int | None
    repeat: int | None = None  # 1, 2, ... for the work and recovery of each interval
    power_low: int | None = None  # W
    power_high: int | None = None
    pace_fast: int | None = None  # seconds per km
    pace_slow: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def target(self) -> str:
        """What the step is held at: power, else pace, else heart rate ("" without any)."""
        if self.power_low is not None:
            return "power"
        if self.pace_fast is not None:
            return "pace"
        return "heart_rate" if self.hr_low is not None else ""

    def target_words(self) -> str:
        """' at 189-223 W (140-150 bpm)', ' at 5:10-5:30/km (140-150 bpm)', ' at 140-150 bpm' or ''."""
        power, pace = (self.power_low, self.power_high), (self.pace_fast, self.pace_slow)
        return session_target(self.hr_low, self.hr_high, *power, *pace)


def session_steps(
    kind: str,
    minutes: int,
    intensity: str,
    zones: HeartRateProfile | SportZones | None = None,
    sport: str = "run",
) -> list[Step]:
    """The steps of one ``sport`` session; their minutes add up to ``minutes``. A rest day (0 min)
    has none. Without ``zones`` the steps carry no targets."""
    if minutes <= 0:
        return []

    def step(step_kind: str, length: int, zone: str, repeat: int | None = None) -> Step:
        if zones is None:
            return Step(step_kind, length, zone, None, None, repeat)
        low, high = zones.for_sport(sport).hr_range(zone) or (None, None)  # type: ignore[arg-type]
        power = zones.power_range(sport, zone) or (None, None)
        pace = zones.pace_range(sport, zone) or (None, None)
        return Step(step_kind, length, zone, low, high, repeat, *power, *pace)

    work_zone = WORK_ZONE.get(kind, intensity)
    warm, cool = WARM_UP.get(kind), COOL_DOWN.get(kind)
    if warm is None or cool is None or minutes - warm[0] - cool[0] < MIN_WORK_MINUTES:
        return [step("steady", minutes, work_zone)]
    work_minutes = minutes - warm[0] - cool[0]
    if kind != "intervals":
        return [step("warmup", *warm), step("work", work_minutes, work_zone), step("cooldown", *cool)]
    repeats = work_minutes // (INTERVAL_WORK + INTERVAL_RECOVERY)  # at least one: the work is 10 min or more
    rest = work_minutes - repeats * (INTERVAL_WORK + INTERVAL_RECOVERY)
    middle = []
    for number in range(1, repeats + 1):
        middle.append(step("work", INTERVAL_WORK, intensity, number))
        middle.append(step("recovery", INTERVAL_RECOVERY, "easy", number))
    return [
        step("warmup", *warm),
        *middle,
        step("cooldown", cool[0] + rest, cool[1]),
    ]  # what makes no whole repeat cools down


KIND_OF_INTENSITY = {
    "recovery": "recovery",
    "easy": "easy",
    "moderate": "tempo",
    "hard": "intervals",
    "maximal": "intervals",
}


def recommended_kind(
    intensity: str | None, planned_kind: str | None = None, planned_intensity: str | None = None
) -> str | None:
    """The kind of session a day's recommendation is: the planned one when it keeps the plan's
    intensity (a yellow day only shortens it), else the kind that intensity is done as (a red day's
    recovery, a capped interval day's tempo). None for a rest day."""
    if intensity is None:
        return None
    if planned_kind is not None and intensity == planned_intensity:
        return planned_kind
    return KIND_OF_INTENSITY.get(intensity, "easy")


def steps_text(steps: list[Step]) -> str:
    """One line per step, as a calendar event's description shows them."""
    names = {"warmup": "Warm-up", "work": "Work", "recovery": "Recovery", "cooldown": "Cool-down", "steady": "Steady"}
    lines = []
    for s in steps:
        number = f" {s.repeat}" if s.repeat is not None and s.kind == "work" else ""
        lines.append(f"{names.get(s.kind, s.kind)}{number}: {s.minutes} min {s.intensity}{s.target_words()}")
    return "\n".join(lines)


def steps_short(steps: list[Step]) -> str:
    """The steps in one short line for a table: "15 min warm-up · 6 × (4 min hard, 2 min easy) · 13 min cool-down"."""
    parts, seen_repeat = [], False
    for s in steps:
        if s.repeat is not None:
            if not seen_repeat:
                repeats = sum(1 for x in steps if x.kind == "work" and x.repeat is not None)
                work = next(x for x in steps if x.kind == "work" and x.repeat is not None)
                rest = next(x for x in steps if x.kind == "recovery")
                parts.append(f"{repeats} × ({work.minutes} min {work.intensity}, {rest.minutes} min {rest.intensity})")
                seen_repeat = True
            continue
        label = {"warmup": "warm-up", "cooldown": "cool-down"}.get(s.kind, s.intensity)
        parts.append(f"{s.minutes} min {label}")
    return " · ".join(parts)
