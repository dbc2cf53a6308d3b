"""Weekly adaptation: look at the week just gone, decide what the coming week becomes, and why.

Rules, first that applies: ill, or injured so that it limits training, on two or more days of the
week just gone or still at its start -> deload (the way back, not more of the same); three or
more red days, or HRV below the athlete's normal range two days running -> deload; compliance
under 80 % -> repeat last week; over 110 % -> no extra progression; otherwise progress as planned.
A taper is never repeated or grown, only cut.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import polars as pl

from trainer.planning.fitness import Fitness
from trainer.planning.generate import Plan, PlanState, WeekOverride, WeekSlot, schedule, taper_fraction
from trainer.planning.rules import PlanRules
from trainer.scoring.zones import HeartRateProfile, SportZones

Action = Literal["deload", "repeat", "hold", "progress"]


@dataclass(frozen=True)
class Decision:
    week: int
    week_start: date
    action: Action
    reason: str

    def to_dict(self) -> dict:
        return {
            "week": self.week,
            "week_start": self.week_start.isoformat(),
            "action": self.action,
            "reason": self.reason,
        }


def decide(
    week: int,
    week_start: date,
    last_week_days: pl.DataFrame,
    compliance: float | None,
    rules: PlanRules = PlanRules(),
    episodes: Sequence[Mapping] = (),
) -> Decision:
    """``last_week_days``: the 7 days before ``week_start`` with ``status`` and ``hrv_below``
    (see ``scoring.recovery.hrv_normal_range``); ``compliance``: minutes done / planned, or None;
    ``episodes``: the athlete's spells of illness and injury."""
    health = _health_reason(episodes, week_start)
    if health is not None:
        return Decision(week, week_start, "deload", health)
    days = last_week_days.sort("date")
    red = int((days["status"] == "red").sum())
    low_run = _longest_run(days["hrv_below"].fill_null(False).to_list())
    if red >= rules.red_days_for_deload:
        return Decision(week, week_start, "deload", f"{red} red days last week (deload at {rules.red_days_for_deload})")
    if low_run >= rules.low_hrv_days_for_deload:
        return Decision(week, week_start, "deload", f"7-day HRV below your normal range {low_run} days running")
    if compliance is not None and compliance < rules.repeat_below_compliance:
        return Decision(
            week,
            week_start,
            "repeat",
            f"compliance {compliance:.0%} last week (under {rules.repeat_below_compliance:.0%}): repeat it before "
            f"building on it",
        )
    if compliance is not None and compliance > rules.hold_above_compliance:
        return Decision(
            week,
            week_start,
            "hold",
            f"compliance {compliance:.0%} last week (over {rules.hold_above_compliance:.0%}): no extra progression",
        )
    done = "no compliance data" if compliance is None else f"compliance {compliance:.0%}"
    return Decision(week, week_start, "progress", f"{red} red days, {done}: progress as planned")


def _longest_run(flags: list[bool]) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


def apply(
    plan: Plan,
    decision: Decision,
    fitness: Fitness,
    heart_rate: HeartRateProfile | SportZones,
    rules: PlanRules = PlanRules(),
) -> Plan:
    """The plan with ``decision`` applied to its week and the weeks after it rebuilt from there;
    earlier weeks are kept as they were. ``fitness.ctl`` is the real CTL on the eve of the week."""
    weeks = plan.weeks.sort("week")
    k = decision.week
    before, coming = weeks.filter(pl.col("week") < k), weeks.filter(pl.col("week") == k).row(0, named=True)
    state = _state_before(before, fitness.ctl)
    override = _override(decision, coming, before, state, rules)
    slots = _slots(weeks.filter(pl.col("week") >= k), plan, rules)
    new_weeks, new_workouts = schedule(
        plan.goal, slots, state, fitness, heart_rate, rules, {k: override} if override else None
    )
    new_weeks = new_weeks.with_columns(
        change=pl.when(pl.col("week") == k).then(pl.lit(f"{decision.action}: {decision.reason}"))
    )
    return Plan(
        plan.goal,
        pl.concat([before, new_weeks]),
        pl.concat([plan.workouts.filter(pl.col("week") < k).select(new_workouts.columns), new_workouts]),
    )


def _state_before(before: pl.DataFrame, ctl: float) -> PlanState:
    loading = before.filter(~pl.col("deload"), pl.col("phase") != "taper")
    streak = 0
    for deload in reversed(before["deload"].to_list()):
        if deload:
            break
        streak += 1
    last = int(loading["planned_minutes"][-1]) if loading.height else 0
    return PlanState(
        ctl=ctl, last_loading=last, streak=streak, peak=int(loading["planned_minutes"].max()) if loading.height else 0
    )


def _override(
    decision: Decision, coming: dict, before: pl.DataFrame, state: PlanState, rules: PlanRules
) -> WeekOverride | None:
    """What the coming week becomes, or None to rebuild it by the rules."""
    taper = coming["phase"] == "taper"
    reason = f"{decision.action}: {decision.reason}"
    if decision.action == "deload":
        base = (
            coming["planned_minutes"]
            if taper or coming["deload"]
            else (state.last_loading or coming["planned_minutes"])
        )
        return WeekOverride(round(base * (1 - rules.deload_cut)), True, reason)
    if decision.action in ("repeat", "hold") and not taper and before.height:
        last = before.row(-1, named=True)
        same = (
            min(last["planned_minutes"], coming["planned_minutes"])
            if decision.action == "hold"
            else last["planned_minutes"]
        )
        phase = last["phase"] if decision.action == "repeat" else None
        return WeekOverride(same, bool(last["deload"]) and decision.action == "repeat", reason, phase)
    return None


def _slots(weeks: pl.DataFrame, plan: Plan, rules: PlanRules) -> list[WeekSlot]:
    """The remaining weeks as the generator sees them."""
    rows = weeks.sort("week").rows(named=True)
    first_peak = next((r["week"] for r in rows if r["phase"] == "peak"), rows[0]["week"])
    last_pre = max((r["week"] for r in rows if r["phase"] != "taper"), default=0)
    return [
        WeekSlot(
            r["week"],
            r["week_start"],
            r["phase"],
            taper_fraction(plan.goal, r["week_start"], rules),
            r["week"] == last_pre,
            max(0, first_peak - r["week"]),
        )
        for r in rows
    ]


def coming_week(weeks: pl.DataFrame, today: date) -> dict | None:
    """The first plan week starting on or after ``today`` (run it on Sunday evening or Monday
    morning: the week just gone is then complete), or None."""
    upcoming = weeks.filter(pl.col("week_start") >= today).sort("week")
    return upcoming.row(0, named=True) if upcoming.height else None


def last_week_window(week_start: date) -> tuple[date, date]:
    return week_start - timedelta(days=7), week_start - timedelta(days=1)


def _health_reason(episodes: Sequence[Mapping], week_start: date) -> str | None:
    """Why the coming week must be easier because of illness or injury, or None."""
    serious = [e for e in episodes if e["kind"] == "illness" or e.get("severity") in ("limits", "cannot train")]
    ongoing = [e for e in serious if e["start"] <= week_start and (e["end"] is None or e["end"] >= week_start)]
    if ongoing:
        what = "ill" if ongoing[0]["kind"] == "illness" else f"injured ({ongoing[0].get('body_part') or 'pain'})"
        return f"still {what} as the week starts: an easier week to come back"
    days = set()
    for episode in serious:
        end = min(episode["end"] or week_start, week_start - timedelta(days=1))
        day = max(episode["start"], week_start - timedelta(days=7))
        while day <= end:
            days.add(day)
            day += timedelta(days=1)
    if len(days) >= 2:
        return f"ill or injured on {len(days)} days last week: an easier week to come back"
    return None
