"""One week laid out as sessions: which days, which kind of session, how long, and why.

A week gets its minutes from ``generate``; this module decides the days (spread over the
athlete's available days, the long session at the weekend when it can be), the quality sessions
of the phase (about 20 % of the time), and fills the rest with easy sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from trainer.planning.goals import GoalSpec, describe
from trainer.planning.rules import PlanRules

Phase = Literal["base", "build", "peak", "taper"]
Kind = Literal["long", "easy", "recovery", "tempo", "intervals", "race_pace", "shakeout", "race"]
QUALITY_BY_PHASE: dict[str, tuple[Kind, ...]] = {
    "base": ("tempo",),
    "build": ("intervals", "tempo"),
    "peak": ("intervals", "race_pace"),
    "taper": ("race_pace",),
}
RACE_PACE_MIN_PER_KM = {"run": 6.0, "bike": 2.0, "swim": 20.0}
NOUNS = {"run": "run", "bike": "ride", "swim": "swim"}
SHAKEOUT_MINUTES = 20
RECOVERY_MINUTES = 40  # the day after the long session
QUALITY_CAP_MINUTES = 75  # warm-up, the work and cool-down; longer quality sessions cost more than they give


@dataclass(frozen=True)
class WeekTarget:
    """A plan week before it is laid out. ``dates`` are its seven days in order."""

    week: int
    dates: tuple[date, ...]
    phase: Phase
    minutes: int
    deload: bool = False
    race_week: bool = False


@dataclass(frozen=True)
class Session:
    day: date
    kind: Kind
    intensity: str
    minutes: int
    purpose: str


def lay_out_week(target: WeekTarget, goal: GoalSpec, rules: PlanRules) -> list[Session]:
    """The week's sessions; their minutes never add up to more than ``target.minutes``.

    The long session takes the distance's ``long_share`` of the week (capped for the distance and by the
    athlete's longest session), quality sessions share ``1 - easy_share``, easy sessions the
    rest; when caps bind, quality is trimmed so easy time stays at ``easy_share`` or more.
    """
    rule = rules.distance(goal.kind)
    days = [d for d in target.dates if d.weekday() in goal.available_days and d != goal.event_date]
    long_cap = min(rule.long_cap_minutes, goal.max_minutes or 600)
    easy_cap = min(rule.easy_cap_minutes, goal.max_minutes or 600)
    n_days = min(
        goal.days_per_week - (1 if target.race_week else 0), len(days), target.minutes // rules.min_session_minutes
    )
    race = [_race(goal, rule.race_intensity)] if target.race_week else []
    chosen = _spread(days, n_days, None if target.race_week else _long_day(days))
    long_day = None if target.race_week or not chosen else _long_day(chosen)
    kinds = _quality_kinds(target, len(chosen))
    quality_days = _spread(
        [d for d in chosen if d != long_day and not _near_race(d, goal, 2)], len(kinds), long_day, include_anchor=False
    )
    kinds = kinds[: len(quality_days)]
    quality_cap = min(QUALITY_CAP_MINUTES, goal.max_minutes or 600)
    quality_each = min(quality_cap, round((1 - rules.easy_share) * target.minutes / len(kinds))) if kinds else 0
    easy_days = [d for d in chosen if d not in (long_day, *quality_days)]
    left = target.minutes - quality_each * len(kinds)
    long_minutes = 0
    if long_day is not None:  # the long session's share, or all that is left when there is no other easy day
        share = round(rule.long_share * target.minutes) if easy_days else left
        long_minutes = min(max(share, rules.min_session_minutes), long_cap, left)
    easy = _easy_sessions(easy_days, left - long_minutes, easy_cap, goal, rules, long_day)
    easy_total = long_minutes + sum(s.minutes for s in easy)
    if kinds:  # caps bound: trim quality rather than let easy time fall under its share
        quality_each = min(quality_each, int(easy_total * (1 - rules.easy_share) / rules.easy_share / len(kinds)))
        if quality_each < rules.min_quality_minutes:
            kinds, quality_days, quality_each = (), [], 0
    sessions = [
        Session(day, kind, _intensity(kind, rule.race_intensity), quality_each, "")
        for day, kind in zip(quality_days, kinds)
    ]
    if long_day is not None:
        sessions.append(Session(long_day, "long", "easy", long_minutes, ""))
    sessions = [replace(s, purpose=purpose(s, goal, target)) for s in [*sessions, *easy, *race] if s.minutes > 0]
    return sorted(sessions, key=lambda s: s.day)


def _easy_sessions(
    days: list[date], minutes: int, cap: int, goal: GoalSpec, rules: PlanRules, long_day: date | None = None
) -> list[Session]:
    """Spread ``minutes`` over ``days`` as evenly as whole minutes allow. A race eve gets a
    shake-out; with three or more easy days, the day after the long session is a short recovery
    run; the others share the rest."""
    sessions: list[Session] = []
    eve = [d for d in days if _near_race(d, goal, 1)]
    after_long = [
        d
        for d in days
        if long_day is not None and d not in eve and (d.weekday() - long_day.weekday()) % 7 == 1 and len(days) >= 3
    ]  # with fewer easy days, each one carries real volume
    others = [d for d in days if d not in eve and d not in after_long]
    room = max(0, minutes - SHAKEOUT_MINUTES * len(eve)) // rules.min_session_minutes  # sessions the minutes can fill
    if room <= len(others):  # too few minutes for every day: the day after the long session rests first
        after_long, others = [], _spread(others, room, None)
    days = (
        eve + after_long + others
    )  # the short ones first; the rest share what is left, never below the shortest session
    for day in days:
        share = min(cap, minutes // (len(days) - len(sessions)))
        if day in eve:
            sessions.append(Session(day, "shakeout", "easy", min(share, SHAKEOUT_MINUTES), ""))
        elif day in after_long:
            sessions.append(Session(day, "recovery", "recovery", min(share, RECOVERY_MINUTES), ""))
        else:
            sessions.append(Session(day, "easy", "easy", share, ""))
        minutes -= sessions[-1].minutes
    return [s for s in sessions if s.minutes >= rules.min_session_minutes or s.kind == "shakeout"]


SINGLE_QUALITY: dict[str, Kind] = {"base": "tempo", "build": "intervals", "peak": "race_pace", "taper": "race_pace"}


def _quality_kinds(target: WeekTarget, n_days: int) -> tuple[Kind, ...]:
    """Two quality sessions in build and peak weeks with 4+ days, else one; a deload keeps a tempo."""
    if n_days < 3:
        return ()
    if target.deload:
        return ("tempo",)
    if target.race_week or n_days < 4:
        return (SINGLE_QUALITY[target.phase],)
    return QUALITY_BY_PHASE[target.phase]


def _intensity(kind: Kind, race_intensity: str) -> str:
    return {"tempo": "moderate", "intervals": "hard", "race_pace": race_intensity}.get(kind, "easy")


def _long_day(days: list[date]) -> date | None:
    """Sunday if free, else Saturday, else the last free day."""
    for weekday in (6, 5):
        for day in days:
            if day.weekday() == weekday:
                return day
    return days[-1] if days else None


def _spread(days: list[date], n: int, anchor: date | None, include_anchor: bool = True) -> list[date]:
    """Pick ``n`` of ``days`` as far apart as possible (around ``anchor``), deterministically."""
    chosen = [anchor] if anchor is not None and include_anchor else []
    fixed = [anchor] if anchor is not None else []
    candidates = [d for d in days if d not in chosen]
    while len(chosen) < n and candidates:

        def gap(day: date) -> tuple[int, int]:
            others = chosen + [f for f in fixed if f not in chosen]
            return (min((_weekday_gap(day, o) for o in others), default=7), -days.index(day))

        best = max(candidates, key=gap)
        chosen.append(best)
        candidates.remove(best)
    return sorted(chosen[:n])


def _weekday_gap(a: date, b: date) -> int:
    """Days between two training days counting across the week boundary (Sunday to Monday is 1)."""
    gap = abs((a - b).days) % 7
    return min(gap, 7 - gap) if a != b else 0


def _near_race(day: date, goal: GoalSpec, days: int) -> bool:
    """``day`` falls in the ``days`` days before the race."""
    return timedelta(days=1) <= goal.event_date - day <= timedelta(days=days)


def _race(goal: GoalSpec, intensity: str) -> Session:
    minutes = (
        round(goal.target_time_s / 60)
        if goal.target_time_s
        else round(goal.distance_km * RACE_PACE_MIN_PER_KM.get(goal.sport, 6.0))
    )
    return Session(goal.event_date, "race", intensity, minutes, "")


def purpose(session: Session, goal: GoalSpec, target: WeekTarget) -> str:
    """Why the session is there, in words an athlete reads on the morning."""
    noun = NOUNS.get(goal.sport, "session")
    m = session.minutes
    pace = _goal_pace(goal)
    texts = {
        "long": f"Long {noun}, {m} min easy and conversational: builds the endurance a "
        f"{describe(goal).split(' on ')[0]} asks for.",
        "easy": f"Easy {noun}, {m} min: aerobic volume at a pace you could talk at.",
        "recovery": f"Recovery {noun}, {m} min, very easy: loosens the legs after the long session.",
        "tempo": f"Tempo, {m} min: warm up, then 15-25 min steady at moderate effort; lifts the threshold."
        + (" Deload week: keep it controlled." if target.deload else ""),
        "intervals": f"Intervals, {m} min: warm up, {max(3, (m - 25) // 7)} x 4 min hard with 3 min easy between; "
        f"raises VO2max.",
        "race_pace": f"Race pace, {m} min: warm up, then blocks at goal effort{pace}; rehearses the race"
        + (" while the taper keeps the legs fresh." if target.phase == "taper" else "."),
        "shakeout": f"Shake-out, {m} min very easy with a few strides: fresh legs for tomorrow.",
        "race": f"Race day: {describe(goal)}{pace}. Start controlled, finish strong.",
    }
    return texts[session.kind]


def _goal_pace(goal: GoalSpec) -> str:
    if not goal.target_time_s or goal.sport != "run":
        return ""
    per_km = goal.target_time_s / goal.distance_km
    return f" (goal pace {int(per_km // 60)}:{int(per_km % 60):02d}/km)"
