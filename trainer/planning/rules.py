"""The coaching rules a plan is built by: growth caps, deload cadence, taper per distance.

Defaults follow common endurance-coaching practice (and the plan issue): weekly volume grows at
most 10 %, CTL at most 5 a week, every fourth week a ~30 % deload, about 80 % of time easy, and a
taper of 7-21 days by distance that cuts volume 40-60 % while keeping intensity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RaceKind = Literal["5k", "10k", "half", "marathon"]
RACE_KM: dict[RaceKind, float] = {"5k": 5.0, "10k": 10.0, "half": 21.0975, "marathon": 42.195}


@dataclass(frozen=True)
class DistanceRule:
    """What a race distance asks of a plan.

    The taper is the last ``len(taper)`` weeks; each trains ``fraction`` x the peak week (a cut of
    40-60 %), intensity kept. The long session takes ``long_share`` of a week up to
    ``long_cap_minutes``; ``peak_minutes`` is the weekly volume the plan builds toward.
    """

    taper: tuple[float, ...]
    long_cap_minutes: int
    long_share: float
    peak_minutes: int
    race_intensity: str  # intensity of race-pace work and of the race itself

    @property
    def easy_cap_minutes(self) -> int:
        return max(60, self.long_cap_minutes // 2)

    @property
    def taper_days(self) -> int:
        return 7 * len(self.taper)


DEFAULT_DISTANCES: dict[RaceKind, DistanceRule] = {
    "5k": DistanceRule((0.5,), 75, 0.25, 240, "maximal"),
    "10k": DistanceRule((0.5,), 90, 0.28, 300, "hard"),
    "half": DistanceRule((0.6, 0.45), 120, 0.30, 360, "hard"),
    "marathon": DistanceRule((0.6, 0.5, 0.4), 180, 0.35, 480, "moderate"),
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
    # adaptation
    red_days_for_deload: int = 3
    low_hrv_days_for_deload: int = 2
    repeat_below_compliance: float = 0.80
    hold_above_compliance: float = 1.10
    distances: tuple[tuple[RaceKind, DistanceRule], ...] = field(default=tuple(DEFAULT_DISTANCES.items()))

    def distance(self, kind: RaceKind) -> DistanceRule:
        return dict(self.distances)[kind]


def race_kind(distance_km: float) -> RaceKind:
    """The standard distance whose rules fit a race of ``distance_km`` (custom distances too)."""
    if distance_km <= 7.5:
        return "5k"
    if distance_km <= 15:
        return "10k"
    if distance_km <= 30:
        return "half"
    return "marathon"
