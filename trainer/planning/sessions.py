"""One week laid out as sessions: which days, which kind of session, how long, and why.

A week gets its minutes from ``generate``; this module decides the days (spread over the
athlete's available days, the long session at the weekend when it can be), the quality sessions
of the phase (about 20 % of the time), and fills the rest with easy sessions. A multisport week
shares its minutes out by sport (the event's mix), lays out each sport on its own (the long ride
on Saturday, the long run on Sunday), and adds a brick: a short run straight off the long ride.

Whatever the layout, a week then keeps the plan's rules (``keep_rules``): the days asked for and
no more; sessions in 5-minute steps; a long session at least 1.2 x the week's easy one of its
sport; never two hard sessions of one sport within 48 hours nor three hard days in a row; and in
the last three days before the race nothing long or hard, only a shake-out with pick-ups.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from trainer.planning.goals import GoalSpec, describe, event_name
from trainer.planning.rules import TRIATHLON_KM, DistanceRule, PlanRules
from trainer.planning.steps import INTERVAL_RECOVERY, INTERVAL_WORK, session_steps

Phase = Literal["base", "build", "peak", "taper"]
Kind = Literal["long", "easy", "recovery", "tempo", "intervals", "race_pace", "shakeout", "race", "brick"]
QUALITY_BY_PHASE: dict[str, tuple[Kind, ...]] = {
    "base": ("tempo",),
    "build": ("intervals", "tempo"),
    "peak": ("intervals", "race_pace"),
    "taper": ("race_pace",),
}
RACE_PACE_MIN_PER_KM = {"run": 6.0, "bike": 2.0, "swim": 20.0}
NOUNS = {"run": "run", "bike": "ride", "swim": "swim", "triathlon": "triathlon"}
SHAKEOUT_MINUTES = 20
RECOVERY_MINUTES = 40  # the day after the long session
LONG_DAY_FIRST = {"bike": (5, 6), "run": (6, 5), "swim": (2, 3, 1)}  # weekdays the long session prefers
BRICK_MINUTES = (10, 20)  # the run off the bike: short, its share of the week's minutes within these
STEP_MINUTES = 5  # every session lasts a whole number of these
LONG_OVER_EASY = 1.2  # a long session is at least this many times the week's longest easy one of its sport
HARD_KINDS: tuple[Kind, ...] = ("tempo", "intervals", "race_pace")
STEPS_SLACK = 0.02  # how far under its share the easy time may fall to 5-minute steps
TAPER_DAYS = 3  # the last days before the race: nothing long or hard
TAPER_LONGEST = 45  # minutes: the longest session in them (a shake-out with pick-ups for the hard ones)


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
    sport: str = "run"


@dataclass(frozen=True)
class SportWeek:
    """What one sport's share of a week is laid out with."""

    sport: str
    days_per_week: int
    long_cap: int
    long_days: tuple[int, ...] = (6, 5)
    with_race: bool = True

    @property
    def easy_cap(self) -> int:
        """The longest easy session: half the long one, and never under an hour."""
        return max(60, self.long_cap // 2)


def sport_weeks(goal: GoalSpec, rules: PlanRules) -> list[tuple[SportWeek, float]]:
    """Each sport of the goal with its share of the week: one sport at 100 %, or the event's mix.

    A triathlete trains each sport two or three times a week (more sessions than days: some
    days hold two); a sprint asks for two of each."""
    rule = rules.distance(goal.kind)
    mix = rule.sports or (rules.distance("olympic").sports if goal.sport == "triathlon" else ())
    if not mix:
        return [(SportWeek(goal.sport, goal.days_per_week, rule.long_cap_minutes), 1.0)]
    each = 2 if goal.kind == "sprint" else max(2, min(3, goal.days_per_week - 2))
    return [
        (SportWeek(sport, min(each, goal.days_per_week), cap, LONG_DAY_FIRST[sport], with_race=False), share)
        for sport, share, cap in mix
    ]


def lay_out_week(target: WeekTarget, goal: GoalSpec, rules: PlanRules) -> list[Session]:
    """The week's sessions in the goal's sports; their minutes never add up to more than ``target.minutes``."""
    rule = rules.distance(goal.kind)
    sports = sport_weeks(goal, rules)
    if len(sports) == 1:
        sport = sports[0][0]
        sessions = _lay_out_sport(target, goal, rule, sport, rules)
        return keep_rules(sessions, goal, target, _long_caps([sport], goal), rules.easy_share)
    goal = replace(goal, available_days=training_weekdays(target, goal))  # several sports share the days asked for
    brick = 0
    if target.phase in ("build", "peak") and not target.deload and not target.race_week:
        brick = min(max(BRICK_MINUTES[0], round(0.04 * target.minutes)), BRICK_MINUTES[1])
    sessions: list[Session] = []
    for sport, share in sorted(sports, key=lambda pair: -pair[1]):  # the biggest sport chooses its days first
        minutes = math.floor(share * target.minutes) - (brick if sport.sport == "run" else 0)
        hard_days = {s.day for s in sessions if s.kind != "easy"}  # another sport's long or quality day
        used = {s.day for s in sessions}
        ride = [s.day for s in sessions if s.sport == "bike" and s.kind == "long"]
        off = set(ride) if brick and sport.sport == "run" else set()  # the brick is that day's run
        sessions += _lay_out_sport(
            replace(target, minutes=max(0, minutes)), goal, rule, sport, rules, hard_days, used, off
        )
    long_ride = next((s for s in sessions if s.sport == "bike" and s.kind == "long"), None)
    if brick and long_ride is not None and not any(s.sport == "run" and s.day == long_ride.day for s in sessions):
        sessions.append(Session(long_ride.day, "brick", "easy", brick, "", "run"))
    eves = [s for s in sessions if s.kind == "shakeout"]
    sessions = [s for s in sessions if s.kind != "shakeout" or s is eves[0]]  # one shake-out on the eve
    if target.race_week:
        sessions += [_race(goal, rule.race_intensity, day) for day in goal.race_days() if day in target.dates]
    return keep_rules(sessions, goal, target, _long_caps([sport for sport, _ in sports], goal), rules.easy_share)


def _long_caps(sports: list[SportWeek], goal: GoalSpec) -> dict[str, int]:
    return {sport.sport: min(sport.long_cap, goal.max_minutes or 600) for sport in sports}


def training_weekdays(target: WeekTarget, goal: GoalSpec) -> tuple[int, ...]:
    """The weekdays a multisport week trains on: as many as asked, the weekend's long days first,
    the others spread between them."""
    race_days = goal.race_days() if target.race_week else ()
    days = [d for d in target.dates if d.weekday() in goal.available_days and d not in race_days]
    if goal.days_per_week >= len(days):
        return goal.available_days
    weekend = [d for d in days if d.weekday() in (5, 6)][: goal.days_per_week]
    chosen = _spread(days, goal.days_per_week, None, fixed=weekend)
    return tuple(sorted({d.weekday() for d in chosen} | {d.weekday() for d in race_days}))


def keep_rules(
    sessions: list[Session],
    goal: GoalSpec,
    target: WeekTarget,
    long_caps: dict[str, int] | None = None,
    easy_share: float = 0.8,
) -> list[Session]:
    """The week's sessions made to keep the plan's rules (see the module's docstring), with their
    words; ``long_caps`` is each sport's longest session, ``easy_share`` the least share of easy time."""
    sessions = _in_steps_all(sessions, goal.max_minutes or 600)
    sessions = _hard_apart(sessions)
    if target.race_week and not goal.is_base:
        sessions = _calm_before_race(sessions, goal)
    for sport in {s.sport for s in sessions if s.kind == "long"}:
        sessions = _long_over_easy(sessions, sport, (long_caps or {}).get(sport, 600))
    sessions = _easy_enough(sessions, easy_share)
    sessions = [replace(s, purpose=purpose(s, goal, target)) for s in sessions if s.minutes > 0]
    return sorted(sessions, key=lambda s: (s.day, -s.minutes))


def _in_steps_all(sessions: list[Session], ceiling: int = 600) -> list[Session]:
    """Every session but the race in 5-minute steps, the week's minutes kept as closely as whole
    steps allow and never more: each is cut to its step, then the largest cuts get a step back
    (easy sessions before hard ones, so the easy share stays at least what it was), never past
    ``ceiling`` (the athlete's longest session)."""
    floors = [s.minutes - s.minutes % STEP_MINUTES if s.kind != "race" else s.minutes for s in sessions]
    spare = sum(s.minutes for s in sessions) - sum(floors)
    by_cut = sorted(
        range(len(sessions)), key=lambda i: (sessions[i].kind in HARD_KINDS, floors[i] - sessions[i].minutes)
    )
    for i in by_cut:
        if spare >= STEP_MINUTES and sessions[i].minutes != floors[i] and floors[i] + STEP_MINUTES <= ceiling:
            floors[i] += STEP_MINUTES
            spare -= STEP_MINUTES
    return [replace(s, minutes=m) for s, m in zip(sessions, floors)]


def _in_steps(minutes: float) -> int:
    """Minutes to the nearest whole number of 5-minute steps."""
    return int(STEP_MINUTES * round(minutes / STEP_MINUTES))


def _long_over_easy(sessions: list[Session], sport: str, long_cap: int) -> list[Session]:
    """The sport's long session made at least 1.2 x its easy ones, their minutes kept: the long one
    takes from the easy ones (up to ``long_cap``, past which the easy ones are only shortened); where
    the easy ones would fall under 20 minutes the week has no long session, only easy ones."""
    long = next(s for s in sessions if s.kind == "long" and s.sport == sport)
    easy = [s for s in sessions if s.kind == "easy" and s.sport == sport]
    if not easy or long.minutes >= LONG_OVER_EASY * max(s.minutes for s in easy):
        return sessions
    total = long.minutes + sum(s.minutes for s in easy)
    long_minutes = min(_in_steps(LONG_OVER_EASY * total / (len(easy) + LONG_OVER_EASY) + STEP_MINUTES / 2), long_cap)
    each = min(int(long_minutes / LONG_OVER_EASY), (total - long_minutes) // len(easy))
    each -= each % STEP_MINUTES
    if each < 20:  # no long session this week (and no brick off a long ride)
        off_the_bike = [s for s in sessions if s.kind == "brick" and s.day == long.day] if sport == "bike" else []
        return [replace(s, kind="easy") if s is long else s for s in sessions if s not in off_the_bike]
    resized = {id(long): long_minutes, **{id(s): each for s in easy}}
    return [replace(s, minutes=resized[id(s)]) if id(s) in resized else s for s in sessions]


def _easy_enough(sessions: list[Session], easy_share: float) -> list[Session]:
    """Hard sessions trimmed (in steps) until easy time is ``easy_share`` of the training again,
    where shortening the week's last days took more easy time than hard; under 15 minutes a hard
    session becomes an easy one."""
    training = [s for s in sessions if s.kind != "race"]
    hard = [s for s in training if s.kind in HARD_KINDS]
    easy_minutes = sum(s.minutes for s in training) - sum(s.minutes for s in hard)
    share = easy_share - STEPS_SLACK  # whole 5-minute steps rarely hit the share exactly
    allowed = easy_minutes * (1 - share) / share + 1e-9
    if not hard or sum(s.minutes for s in hard) <= allowed:
        return sessions
    each = int(allowed / len(hard)) // STEP_MINUTES * STEP_MINUTES
    trimmed = {id(s): each for s in hard}
    return [
        (replace(s, minutes=trimmed[id(s)]) if trimmed[id(s)] >= 15 else replace(s, kind="easy", intensity="easy"))
        if id(s) in trimmed
        else s
        for s in sessions
    ]


def _hard_apart(sessions: list[Session]) -> list[Session]:
    """Hard sessions of one sport 48 hours apart, and never three hard days in a row: a hard session
    too close becomes an easy one of the same length."""
    kept: list[Session] = []
    for s in sorted(sessions, key=lambda s: (s.day, -s.minutes)):
        if s.kind in HARD_KINDS:
            hard_days = {k.day for k in kept if k.kind in (*HARD_KINDS, "race")}
            same_sport = any(k.sport == s.sport and abs((k.day - s.day).days) < 2 for k in kept if k.kind in HARD_KINDS)
            third = {s.day - timedelta(days=1), s.day - timedelta(days=2)} <= hard_days
            if same_sport or third:
                s = replace(s, kind="easy", intensity="easy")
        kept.append(s)
    return kept


def _calm_before_race(sessions: list[Session], goal: GoalSpec) -> list[Session]:
    """In the last three days before the race: a hard session becomes a shake-out with pick-ups,
    and nothing lasts longer than 45 minutes."""
    out = []
    for s in sessions:
        if s.kind != "race" and _near_race(s.day, goal, TAPER_DAYS):
            kind: Kind = "shakeout" if s.kind in (*HARD_KINDS, "long", "brick") else s.kind
            s = replace(s, kind=kind, intensity="easy", minutes=min(s.minutes, TAPER_LONGEST))
        out.append(s)
    return out


def _lay_out_sport(
    target: WeekTarget,
    goal: GoalSpec,
    rule: DistanceRule,
    sport: SportWeek,
    rules: PlanRules,
    hard_days: set[date] | None = None,
    used_days: set[date] | None = None,
    off_days: set[date] | None = None,
) -> list[Session]:
    """One sport's sessions of the week, on days no other sport uses (``used_days``) where there
    are enough, its quality off another sport's long or quality days (``hard_days``) where it can.

    The long session takes the event's ``long_share`` of the week (capped for the event and by the
    athlete's longest session), quality sessions share ``1 - easy_share``, easy sessions the
    rest; when caps bind, quality is trimmed so easy time stays at ``easy_share`` or more.
    """
    race_days = goal.race_days() if target.race_week else ()
    days = [d for d in target.dates if d.weekday() in goal.available_days and d not in race_days]
    days = [d for d in days if d != goal.event_date and d not in (off_days or set())]
    long_cap = min(sport.long_cap, goal.max_minutes or 600)
    easy_cap = min(sport.easy_cap, goal.max_minutes or 600)
    n_days = min(
        sport.days_per_week - (len(race_days) if target.race_week else 0),
        len(days),
        target.minutes // rules.min_session_minutes,
    )
    free = [d for d in days if d not in (used_days or set())]
    days = free if len(free) >= n_days else days
    race = [_race(goal, rule.race_intensity, day) for day in race_days] if target.race_week and sport.with_race else []
    chosen = _spread(days, n_days, None if target.race_week else _long_day(days, sport.long_days))
    long_day = None if target.race_week or not chosen else _long_day(chosen, sport.long_days)
    kinds = _quality_kinds(target, len(chosen), goal.is_base)
    open_days = [d for d in chosen if d != long_day and not _near_race(d, goal, 2)]
    if not open_days and kinds:  # race pace two days out rather than none in the race week
        open_days = [d for d in chosen if d != long_day and not _near_race(d, goal, 1)]
    rested = [d for d in open_days if d not in (hard_days or set())]
    quality_days = _spread(
        rested if len(rested) >= len(kinds) else open_days, len(kinds), long_day, include_anchor=False
    )
    kinds = kinds[: len(quality_days)]
    quality_cap = min(rule.quality_cap_minutes, goal.max_minutes or 600)
    quality_each = min(quality_cap, round((1 - rules.easy_share) * target.minutes / len(kinds))) if kinds else 0
    easy_days = [d for d in chosen if d not in (long_day, *quality_days)]
    left = target.minutes - quality_each * len(kinds)
    long_minutes = 0
    if long_day is not None:  # the long session's share, or all that is left when there is no other easy day
        share = round(rule.long_share * target.minutes) if easy_days else left
        if easy_days and not sport.with_race:  # one sport of several: its long session is at least its others
            share = max(share, math.ceil(left / (len(easy_days) + 1)))
        long_minutes = min(max(share, rules.min_session_minutes), long_cap, left)
    easy = _easy_sessions(easy_days, left - long_minutes, easy_cap, goal, rules, long_day)
    easy_total = long_minutes + sum(s.minutes for s in easy)
    if kinds:  # caps bound: trim quality rather than let easy time fall under its share
        quality_each = min(quality_each, int(easy_total * (1 - rules.easy_share) / rules.easy_share / len(kinds)))
        if quality_each < rules.min_quality_minutes:  # too short to be worth it: its days go back to easy
            easy_days, kinds, quality_days, quality_each = sorted([*easy_days, *quality_days]), (), [], 0
            easy = _easy_sessions(easy_days, target.minutes - long_minutes, easy_cap, goal, rules, long_day)
    sessions = [
        Session(day, kind, _intensity(kind, rule.race_intensity), quality_each, "", sport.sport)
        for day, kind in zip(quality_days, kinds)
    ]
    if long_day is not None:
        sessions.append(Session(long_day, "long", "easy", long_minutes, "", sport.sport))
    sessions = [replace(s, sport=s.sport if s.kind == "race" else sport.sport) for s in [*sessions, *easy, *race]]
    sessions = [replace(s, purpose=purpose(s, goal, target)) for s in sessions if s.minutes > 0]
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


def _quality_kinds(target: WeekTarget, n_days: int, base_block: bool = False) -> tuple[Kind, ...]:
    """Two quality sessions in build and peak weeks with 4+ days, else one; a deload or a base block keeps a
    tempo; a race week with two days besides the race keeps its race-pace session (the taper keeps intensity)."""
    if n_days < (2 if target.race_week else 3):
        return ()
    if target.deload or base_block:
        return ("tempo",)
    if target.race_week or n_days < 4:
        return (SINGLE_QUALITY[target.phase],)
    return QUALITY_BY_PHASE[target.phase]


def _intensity(kind: Kind, race_intensity: str) -> str:
    return {"tempo": "moderate", "intervals": "hard", "race_pace": race_intensity}.get(kind, "easy")


def _long_day(days: list[date], first: tuple[int, ...] = (6, 5)) -> date | None:
    """The first free weekday of ``first`` (Sunday, then Saturday), else the last free day."""
    for weekday in first:
        for day in days:
            if day.weekday() == weekday:
                return day
    return days[-1] if days else None


def _spread(
    days: list[date], n: int, anchor: date | None, include_anchor: bool = True, fixed: list[date] | None = None
) -> list[date]:
    """Pick ``n`` of ``days`` as far apart as possible (around ``anchor``, and including ``fixed``),
    deterministically."""
    chosen = [anchor] if anchor is not None and include_anchor else []
    chosen += [d for d in fixed or [] if d not in chosen]
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
    """``day`` falls in the ``days`` days before the race (its first stage)."""
    first = goal.race_days()[0] if goal.race_days() else None
    return first is not None and timedelta(days=1) <= first - day <= timedelta(days=days)


def _race(goal: GoalSpec, intensity: str, day: date) -> Session:
    """The event itself (each stage of a stage race), as long as the target, the event's hours or its distance."""
    if goal.target_time_s and len(goal.race_days()) == 1:
        minutes = round(goal.target_time_s / 60)
    elif goal.event_hours:
        minutes = round(goal.event_hours * 60)
    elif goal.sport == "triathlon":
        minutes = round(race_minutes_by_sport(goal))
    else:
        minutes = round((goal.distance_km or 10) * RACE_PACE_MIN_PER_KM.get(goal.sport, 6.0))
    return Session(day, "race", intensity, minutes, "", goal.sport)


def race_minutes_by_sport(goal: GoalSpec) -> float:
    """A triathlon's length at everyday speeds (2:00 /100 m, 30 km/h, 6:00 /km) with transitions."""
    swim, bike, run = TRIATHLON_KM.get(goal.kind, (1.5, 40.0, 10.0))
    return swim * RACE_PACE_MIN_PER_KM["swim"] + bike * RACE_PACE_MIN_PER_KM["bike"] + run * 6.0 + 5


def purpose(session: Session, goal: GoalSpec, target: WeekTarget) -> str:
    """Why the session is there, in words an athlete reads on the morning."""
    noun = NOUNS.get(session.sport, "session")
    m = session.minutes
    pace = goal_pace(goal, session.sport)
    event = event_name(goal)
    quality = {"run": "", "bike": " on the bike", "swim": " in the pool"}.get(session.sport, "")
    work = [step.minutes for step in session_steps(session.kind, m, session.intensity) if step.kind == "work"]
    block = f"warm up, then {work[0]} min" if len(work) == 1 else f"{m} min"
    texts = {
        "long": f"Long {noun}, {m} min easy and conversational: builds the endurance "
        + (f"a {event} asks for." if not goal.is_base else "your base is made of."),
        "easy": f"Easy {noun}, {m} min: aerobic volume at an effort you could talk at.",
        "recovery": f"Recovery {noun}, {m} min, very easy: loosens the legs after the long session.",
        "tempo": f"Tempo{quality}, {m} min: {block} steady at moderate effort; lifts the threshold."
        + (" Deload week: keep it controlled." if target.deload else ""),
        "intervals": f"Intervals{quality}, {m} min: warm up, {len(work)} x {INTERVAL_WORK} min hard with "
        f"{INTERVAL_RECOVERY} min easy between; raises VO2max."
        if len(work) > 1
        else f"Intervals{quality}, {m} min: {block} hard; raises VO2max.",
        "race_pace": f"Race pace{quality}, {m} min: {block} at goal effort{pace}; rehearses the race"
        + (" while the taper keeps the legs fresh." if target.phase == "taper" else "."),
        "shakeout": f"Shake-out {noun}, {m} min very easy with a few short pick-ups: fresh legs for tomorrow.",
        "brick": f"Brick run, {m} min straight off the long ride, easy to steady: teaches the legs to run after "
        "the bike.",
    }
    if session.kind == "race":
        return _race_purpose(session, goal, pace)
    return texts[session.kind]


def _race_purpose(session: Session, goal: GoalSpec, pace: str) -> str:
    stages = goal.race_days()
    if len(stages) <= 1 or session.day not in stages:
        return f"Race day: {describe(goal)}{pace}. Start controlled, finish strong."
    n = stages.index(session.day) + 1
    last = "the last one: empty the tank." if n == len(stages) else "ride within yourself, tomorrow counts too."
    return f"Stage {n} of {len(stages)}: eat and drink from the start; {last}"


def goal_pace(goal: GoalSpec, sport: str) -> str:
    """The pace or speed key sessions are run at: the target's, or the realistic one it was replaced by."""
    seconds = goal.pace_time_s or goal.target_time_s
    if not seconds or not goal.distance_km or goal.sport != sport:
        return ""
    note = "" if seconds == goal.target_time_s else ", what your recent efforts support"
    if sport == "run":
        per_km = seconds / goal.distance_km
        return f" (goal pace {int(per_km // 60)}:{int(per_km % 60):02d}/km{note})"
    if sport == "bike":
        return f" (goal speed {goal.distance_km / (seconds / 3600):.1f} km/h{note})"
    return ""
