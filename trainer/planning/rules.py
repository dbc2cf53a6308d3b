"""The coaching rules a plan is built by: growth caps, deload cadence, taper per event.

Defaults follow common endurance-coaching practice (and the plan issues): weekly volume grows at
most 10 %, CTL at most 5 a week, every fourth week a ~30 % deload, about 80 % of time easy, and a
taper of 7-21 days by event that cuts volume 40-60 % while keeping intensity. Each event names the
sports its sessions are in and the share of the week each takes (a triathlon's swim, bike and run).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RaceKind = Literal["5k", "10k", "half", "marathon", "ultra"]
CyclingEvent = Literal["gran-fondo", "time-trial", "stage"]
TriathlonDistance = Literal["sprint", "olympic", "70.3", "full"]
EventKind = Literal[
    "5k", "10k", "half", "marathon", "ultra", "gran-fondo", "time-trial", "stage", "sprint", "olympic", "70.3", "full",
    "base",
]  # fmt: skip
RACE_KM: dict[str, float] = {"5k": 5.0, "10k": 10.0, "half": 21.0975, "marathon": 42.195, "ultra": 50.0}
TRIATHLON_KM: dict[str, tuple[float, float, float]] = {  # swim, bike, run
    "sprint": (0.75, 20.0, 5.0),
    "olympic": (1.5, 40.0, 10.0),
    "70.3": (1.9, 90.0, 21.1),
    "full": (3.8, 180.0, 42.2),
}


@dataclass(frozen=True)
class DistanceRule:
    """What an event asks of a plan.

    The taper is the last ``len(taper)`` weeks; each trains ``fraction`` x the peak week (a cut of
    40-60 %), intensity kept. The long session takes ``long_share`` of a sport's week up to
    ``long_cap_minutes``; ``peak_minutes`` is the weekly volume the plan builds toward.
    ``sports`` are (sport, share of the week's minutes, longest session of that sport).
    """

    taper: tuple[float, ...]
    long_cap_minutes: int
    long_share: float
    peak_minutes: int
    race_intensity: str  # intensity of race-pace work and of the race itself
    sports: tuple[tuple[str, float, int], ...] = ()
    quality_cap_minutes: int = 75  # warm-up, the work and cool-down; longer quality sessions cost more than they give

    @property
    def taper_days(self) -> int:
        return 7 * len(self.taper)

    @property
    def multisport(self) -> bool:
        return len(self.sports) > 1


DEFAULT_DISTANCES: dict[EventKind, DistanceRule] = {
    "5k": DistanceRule((0.5,), 75, 0.25, 240, "maximal"),
    "10k": DistanceRule((0.5,), 90, 0.28, 300, "hard"),
    "half": DistanceRule((0.6, 0.45), 120, 0.30, 360, "hard"),
    "marathon": DistanceRule((0.6, 0.5, 0.4), 180, 0.35, 480, "moderate"),
    "ultra": DistanceRule((0.6, 0.5, 0.4), 300, 0.38, 600, "easy"),
    # cycling: longer sessions and weeks for the same aerobic stimulus; a time trial is short and hard
    "gran-fondo": DistanceRule((0.6, 0.45), 300, 0.33, 660, "moderate", quality_cap_minutes=100),
    "time-trial": DistanceRule((0.5,), 180, 0.28, 480, "hard", quality_cap_minutes=90),
    "stage": DistanceRule((0.6, 0.45), 300, 0.30, 780, "moderate", quality_cap_minutes=100),
    # triathlon: the week shared out by sport, each with its own longest session; the bike gets half
    "sprint": DistanceRule((0.5,), 90, 0.30, 420, "hard", (("swim", 0.20, 45), ("bike", 0.45, 90), ("run", 0.35, 60))),
    "olympic": DistanceRule(
        (0.6, 0.45), 150, 0.32, 540, "hard", (("swim", 0.20, 60), ("bike", 0.47, 150), ("run", 0.33, 90))
    ),
    "70.3": DistanceRule(
        (0.6, 0.45), 210, 0.35, 720, "moderate", (("swim", 0.17, 70), ("bike", 0.50, 210), ("run", 0.33, 120))
    ),
    "full": DistanceRule(
        (0.6, 0.5, 0.4), 330, 0.38, 900, "moderate", (("swim", 0.15, 80), ("bike", 0.52, 330), ("run", 0.33, 160))
    ),
    # build my base: no event, no taper; aerobic volume that grows with a deload every fourth week
    "base": DistanceRule((), 150, 0.30, 600, "moderate"),
}


@dataclass(frozen=True)
class PlanRules:
    """Everything configurable about plan building and adaptation. Immutable and hashable."""

    max_weekly_growth: float = 0.10
    max_ctl_ramp: float = 5.0
    deload_every: int = 4  # 3 loading weeks, then a deload
    deload_cut: float = 0.30
    easy_share: float = 0.80
    min_session_minutes: int = 20
    min_quality_minutes: int = 15
    beginner_minutes_per_day: int = 25  # the starting floor for an athlete with little recent volume
    max_plan_weeks: int = 52
    base_weeks: int = 12  # a "build my base" block
    # adaptation
    red_days_for_deload: int = 3
    low_hrv_days_for_deload: int = 2
    repeat_below_compliance: float = 0.80
    hold_above_compliance: float = 1.10
    distances: tuple[tuple[EventKind, DistanceRule], ...] = field(default=tuple(DEFAULT_DISTANCES.items()))

    def distance(self, kind: EventKind) -> DistanceRule:
        return dict(self.distances)[kind]


def race_kind(distance_km: float) -> RaceKind:
    """The standard running distance whose rules fit a race of ``distance_km`` (custom distances too)."""
    if distance_km <= 7.5:
        return "5k"
    if distance_km <= 15:
        return "10k"
    if distance_km <= 30:
        return "half"
    if distance_km <= 43:
        return "marathon"
    return "ultra"
