"""Build a periodized plan toward a goal: base -> build -> peak -> taper, one week at a time.

Each week's minutes follow the rules (growth <= 10 % over the last loading week, a deload after
three loading weeks, the taper as a fraction of the peak week), are laid out as sessions, priced
in load, and scaled down if the planned CTL would rise faster than the ramp cap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta

import polars as pl

from trainer.planning.fitness import Fitness
from trainer.planning.goals import GoalSpec
from trainer.planning.rules import PlanRules
from trainer.planning.sessions import Phase, Session, WeekTarget, lay_out_week
from trainer.scoring.config import ScoringConfig
from trainer.scoring.load import decayed
from trainer.scoring.zones import HeartRateProfile, SportZones

LOAD_FACTOR = {"recovery": 0.7, "easy": 1.0, "moderate": 1.6, "hard": 2.4, "maximal": 3.2}
MIXED_FACTOR = 1.2  # the average LOAD_FACTOR of an ~80/20 week: turns an athlete's load/min into easy load/min
WEEK_COLUMNS = {
    "week": pl.Int64,
    "week_start": pl.Date,
    "phase": pl.String,
    "planned_minutes": pl.Int64,
    "planned_load": pl.Float64,
    "deload": pl.Boolean,
    "ctl_end": pl.Float64,
    "change": pl.String,
}
WORKOUT_COLUMNS = {
    "week": pl.Int64,
    "date": pl.Date,
    "sport": pl.String,
    "kind": pl.String,
    "minutes": pl.Int64,
    "intensity": pl.String,
    "hr_low": pl.Int64,
    "hr_high": pl.Int64,
    "planned_load": pl.Float64,
    "purpose": pl.String,
    "power_low": pl.Int64,  # W: a ride's target where FTP is known
    "power_high": pl.Int64,
    "pace_fast": pl.Int64,  # seconds per km: a run's target where threshold pace is known
    "pace_slow": pl.Int64,
}


@dataclass(frozen=True)
class Plan:
    """``weeks`` (WEEK_COLUMNS) and ``workouts`` (WORKOUT_COLUMNS) toward ``goal``."""

    goal: GoalSpec
    weeks: pl.DataFrame
    workouts: pl.DataFrame

    @property
    def start(self) -> date:
        return self.weeks["week_start"][0]


@dataclass(frozen=True)
class PlanState:
    """What the next week is built from: planned CTL, the last loading week, loading weeks in a row, the peak."""

    ctl: float
    last_loading: int
    streak: int = 0
    peak: int = 0


@dataclass(frozen=True)
class WeekOverride:
    """What adaptation puts in place of the rules' choice for one week (``phase`` None keeps the slot's)."""

    minutes: int
    deload: bool
    reason: str
    phase: Phase | None = None


@dataclass(frozen=True)
class WeekSlot:
    week: int
    start: date
    phase: Phase
    taper_fraction: float | None
    last_before_taper: bool
    weeks_to_peak: int = 0  # weeks from this one to the first peak week


def build_plan(
    goal: GoalSpec,
    fitness: Fitness,
    heart_rate: HeartRateProfile | SportZones,
    first_day: date,
    rules: PlanRules = PlanRules(),
) -> Plan:
    """A plan from the first whole week on or after ``first_day`` to race day (weeks end on it),
    starting from what the athlete does now; each session's heart rate from its sport's zones, and
    a ride's power or a run's pace where the athlete's FTP or threshold pace is known."""
    slots = week_slots(goal, first_day, rules)
    start_minutes = min(
        max(round(fitness.weekly_minutes), rules.beginner_minutes_per_day * goal.days_per_week), capacity(goal, rules)
    )
    state = PlanState(ctl=fitness.ctl, last_loading=start_minutes)
    weeks, workouts = schedule(goal, slots, state, fitness, heart_rate, rules)
    return Plan(goal, weeks, workouts)


def week_slots(goal: GoalSpec, first_day: date, rules: PlanRules) -> list[WeekSlot]:
    """The plan's weeks and phases: the taper last, the rest split ~40 % base, ~35 % build, ~25 % peak."""
    from trainer.errors import InputError

    taper = rules.distance(goal.kind).taper
    n = min((goal.event_date - first_day).days + 1, 7 * rules.max_plan_weeks) // 7
    if goal.event_date < first_day:
        raise InputError(f"race day {goal.event_date} is before the plan could start ({first_day})")
    if n < len(taper) + 1 or (goal.is_base and n < 2):
        raise InputError(
            f"goal on {goal.event_date} is {(goal.event_date - first_day).days + 1} days away: a "
            f"{goal.kind} plan needs at least {max(2, len(taper) + 1)} whole weeks"
            + (f" (its taper is {len(taper) * 7} days)" if taper else "")
        )
    pre = n - len(taper)
    peak = max(1, round(0.25 * pre))
    base = max(0, min(pre - peak, math.ceil(0.4 * pre)) if pre >= 3 else 0)
    phases: list[Phase] = ["base"] * base + ["build"] * (pre - peak - base) + ["peak"] * peak + ["taper"] * len(taper)
    if goal.is_base:  # a base block is base from start to end, climbing to its last week
        phases = ["base"] * n
    first = goal.event_date - timedelta(days=7 * n - 1)
    first_peak = phases.index("peak") if "peak" in phases else n - 1
    return [
        WeekSlot(
            i + 1,
            first + timedelta(days=7 * i),
            phase,
            taper_fraction(goal, first + timedelta(days=7 * i), rules),
            i == pre - 1,
            max(0, first_peak - i),
        )
        for i, phase in enumerate(phases)
    ]


def taper_fraction(goal: GoalSpec, week_start: date, rules: PlanRules) -> float | None:
    """The taper fraction of the week starting ``week_start`` (None before the taper)."""
    taper = rules.distance(goal.kind).taper
    weeks_left = (goal.event_date - week_start).days // 7  # 0 in race week
    return taper[len(taper) - 1 - weeks_left] if weeks_left < len(taper) else None


def capacity(goal: GoalSpec, rules: PlanRules) -> int:
    """The most minutes a week of this goal's sessions can hold (its caps all binding)."""
    probe = WeekTarget(0, tuple(goal.event_date - timedelta(days=70 + i) for i in range(6, -1, -1)), "build", 10_000)
    return sum(s.minutes for s in lay_out_week(probe, goal, rules))


def schedule(
    goal: GoalSpec,
    slots: list[WeekSlot],
    state: PlanState,
    fitness: Fitness,
    heart_rate: HeartRateProfile | SportZones,
    rules: PlanRules,
    overrides: dict[int, WeekOverride] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Lay out ``slots`` in order from ``state``; ``overrides`` replace the rules' choice for some weeks."""
    overrides = overrides or {}
    easy_load = fitness.load_per_minute / MIXED_FACTOR
    peak_minutes = rules.distance(goal.kind).peak_minutes
    if goal.is_base:  # more of what the athlete does now, not an event's volume
        peak_minutes = round(max(state.last_loading, rules.beginner_minutes_per_day * goal.days_per_week) * 1.3)
    target_peak = min(max(state.last_loading, peak_minutes), capacity(goal, rules))
    week_rows, workout_rows = [], []
    for slot in slots:
        override = overrides.get(slot.week)
        minutes, deload, change = _week_minutes(slot, state, target_peak, rules, override)
        phase = override.phase if override and override.phase else slot.phase
        target = WeekTarget(
            slot.week,
            tuple(slot.start + timedelta(days=i) for i in range(7)),
            phase,
            minutes,
            deload,
            race_week=slot.start + timedelta(days=6) == goal.event_date and not goal.is_base,
        )
        sessions, ctl_end = _within_ramp(target, goal, state.ctl, easy_load, rules)
        trained = sum(s.minutes for s in sessions if s.kind != "race")
        loading = slot.taper_fraction is None and not deload
        state = PlanState(
            ctl_end,
            trained if loading else state.last_loading,
            state.streak + 1 if loading else 0,
            max(state.peak, trained) if loading else state.peak,
        )
        loads = [_load(s, easy_load) for s in sessions]
        week_rows.append(
            (
                slot.week,
                slot.start,
                slot.phase,
                sum(s.minutes for s in sessions),
                round(sum(loads), 1),
                deload,
                round(ctl_end, 1),
                change,
            )
        )
        workout_rows += [
            (
                slot.week,
                s.day,
                s.sport,
                s.kind,
                s.minutes,
                s.intensity,
                *(heart_rate.for_sport(s.sport).hr_range(s.intensity) or (None, None)),
                load,
                s.purpose,
                *(heart_rate.power_range(s.sport, s.intensity) or (None, None)),
                *(heart_rate.pace_range(s.sport, s.intensity) or (None, None)),
            )
            for s, load in zip(sessions, loads)
        ]
    return (
        pl.DataFrame(week_rows, schema=WEEK_COLUMNS, orient="row"),
        pl.DataFrame(workout_rows, schema=WORKOUT_COLUMNS, orient="row"),
    )


def _week_minutes(
    slot: WeekSlot, state: PlanState, target_peak: int, rules: PlanRules, override: WeekOverride | None
) -> tuple[int, bool, str | None]:
    if override is not None:
        return override.minutes, override.deload, override.reason
    if slot.taper_fraction is not None:
        return round(slot.taper_fraction * (state.peak or state.last_loading)), False, None
    if state.streak >= rules.deload_every - 1 and not slot.last_before_taper:
        return round(state.last_loading * (1 - rules.deload_cut)), True, None
    grown = math.floor(state.last_loading * (1 + rules.max_weekly_growth))
    # spread the climb to the peak volume over the weeks left before the peak phase (~3 of 4 load)
    step = (target_peak - state.last_loading) / max(1.0, 0.75 * (slot.weeks_to_peak + 1))
    return (
        min(
            grown,
            max(target_peak if slot.phase == "peak" else math.ceil(state.last_loading + step), state.last_loading),
        ),
        False,
        None,
    )


def _within_ramp(
    target: WeekTarget, goal: GoalSpec, ctl: float, easy_load: float, rules: PlanRules
) -> tuple[list[Session], float]:
    """Lay out the week; if planned CTL would rise more than ``max_ctl_ramp``, shrink it until it does not."""
    for _ in range(8):
        sessions = lay_out_week(target, goal, rules)
        daily = [sum(_load(s, easy_load) for s in sessions if s.day == day) for day in target.dates]
        ctl_end = _ctl_after(ctl, daily)
        if ctl_end - ctl <= rules.max_ctl_ramp or target.race_week:
            return sessions, ctl_end
        # CTL after a week is linear in the week's load: scale to land on the cap, a little under for rounding
        from_zero = _ctl_after(ctl, [0.0] * 7)
        scale = (ctl + rules.max_ctl_ramp - from_zero) / (ctl_end - from_zero) * 0.98
        target = replace(target, minutes=max(0, math.floor(target.minutes * scale)))
    return sessions, ctl_end


def _ctl_after(ctl: float, daily_loads: list[float]) -> float:
    return decayed(ctl, daily_loads, ScoringConfig().ctl_days)


def _load(session: Session, easy_load_per_minute: float) -> float:
    return round(session.minutes * easy_load_per_minute * LOAD_FACTOR[session.intensity], 1)
