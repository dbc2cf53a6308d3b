"""The rules every generated plan keeps, as one function that lists a plan's breaches, and the grid
of plans the rule-walking test builds: each sport and goal distance, 3 to 7 days a week, from a
beginner's history to an experienced athlete's, near and far race days."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import polars as pl

from trainer.planning.fitness import Fitness
from trainer.planning.generate import Plan, build_plan
from trainer.planning.goals import GoalSpec
from trainer.planning.steps import session_steps
from trainer.scoring.zones import HeartRateProfile

FIRST_DAY = date(2026, 11, 24)
HR = HeartRateProfile(max_hr=188, max_hr_source="setting", rest_hr=50, rest_hr_source="setting", lthr=None)
HARD_KINDS = ("tempo", "intervals", "race_pace")  # training; the race itself (a stage race's days) is what it is
TAPER_LONGEST = 60  # minutes: longer than this in the last three days is long
GOALS = {  # name: GoalSpec keyword arguments
    "5k": {"sport": "run", "distance_km": 5.0},
    "10k": {"sport": "run", "distance_km": 10.0},
    "half": {"sport": "run", "distance_km": 21.0975},
    "marathon": {"sport": "run", "distance_km": 42.195},
    "ultra": {"sport": "run", "distance_km": 50.0},
    "gran-fondo": {"sport": "bike", "distance_km": None, "event": "gran-fondo", "event_hours": 5.0},
    "time-trial": {"sport": "bike", "distance_km": 40.0, "event": "time-trial", "event_hours": 1.0},
    "stage": {"sport": "bike", "distance_km": None, "event": "stage", "event_hours": 4.0, "stage_days": 3},
    "sprint": {"sport": "triathlon", "distance_km": None, "event": "sprint"},
    "olympic": {"sport": "triathlon", "distance_km": None, "event": "olympic"},
    "70.3": {"sport": "triathlon", "distance_km": None, "event": "70.3"},
    "full": {"sport": "triathlon", "distance_km": None, "event": "full"},
    "base-run": {"sport": "run", "distance_km": None, "event": "base"},
    "base-bike": {"sport": "bike", "distance_km": None, "event": "base"},
}
HISTORIES = {
    "beginner": Fitness(ctl=5, weekly_minutes=60, load_per_minute=1.1),
    "regular": Fitness(ctl=40, weekly_minutes=300, load_per_minute=1.3),
    "experienced": Fitness(ctl=85, weekly_minutes=660, load_per_minute=1.5),
}
WEEKS_OUT = (10, 27)


def grid() -> list[tuple[str, int, str, int]]:
    return [
        (goal, days, history, weeks)
        for goal in GOALS
        for days in range(3, 8)
        for history in HISTORIES
        for weeks in WEEKS_OUT
    ]


def plan_of(goal: str, days: int, history: str, weeks: int) -> Plan:
    spec = GoalSpec(goal, event_date=FIRST_DAY + timedelta(weeks=weeks), days_per_week=days, **GOALS[goal])
    return build_plan(spec, HISTORIES[history], HR, FIRST_DAY)


def breaches(plan: Plan) -> list[str]:
    """Each rule the plan breaks, one line per breach (empty when it keeps them all)."""
    goal, found = plan.goal, []
    sessions = plan.workouts.filter(pl.col("minutes") > 0).sort("date")
    race_days = set(goal.race_days())
    for week in sessions.partition_by("week", maintain_order=True):
        training = week.filter(~pl.col("date").is_in(list(race_days)))
        days = training["date"].n_unique()
        if days > goal.days_per_week:
            found.append(f"week {week['week'][0]}: {days} days, {goal.days_per_week} asked for")
        for sport in training["sport"].unique().to_list():
            own = training.filter(pl.col("sport") == sport)
            longs = own.filter(pl.col("kind") == "long")["minutes"]
            easy = own.filter(pl.col("kind") == "easy")["minutes"]
            if longs.len() and easy.len() and longs.max() < 1.2 * easy.max():  # type: ignore[operator]
                found.append(f"week {week['week'][0]}: long {sport} {longs.max()} min, easy {easy.max()} min")
    hard_days = sorted(set(sessions.filter(pl.col("kind").is_in(HARD_KINDS))["date"].to_list()))
    for first in hard_days:
        if first + timedelta(days=1) in hard_days and first + timedelta(days=2) in hard_days:
            found.append(f"{first}: three hard days in a row")
    hard = sessions.filter(pl.col("kind").is_in(HARD_KINDS))
    for sport in hard["sport"].unique().to_list():
        days_of = sorted(hard.filter(pl.col("sport") == sport)["date"].to_list())
        found += [
            f"{a}: two hard {sport} sessions within 48 h" for a, b in zip(days_of, days_of[1:]) if (b - a).days < 2
        ]
    if goal.priority == "A" and race_days:
        first_race = min(race_days)
        eve = sessions.filter(pl.col("date").is_between(first_race - timedelta(days=3), first_race - timedelta(days=1)))
        heavy = eve.filter(
            pl.col("kind").is_in(("long", "tempo", "intervals", "race_pace", "brick"))
            | (pl.col("minutes") > TAPER_LONGEST)
        )
        found += [
            f"{row['date']}: {row['kind']} {row['minutes']} min in the last three days" for row in heavy.to_dicts()
        ]
    for row in sessions.to_dicts():
        if row["kind"] != "race" and row["minutes"] % 5:
            found.append(f"{row['date']}: {row['minutes']} min is not in 5-minute steps")
        steps = session_steps(row["kind"], row["minutes"], row["intensity"], sport=row["sport"])
        if sum(step.minutes for step in steps) != row["minutes"]:
            found.append(f"{row['date']}: steps add up to {sum(s.minutes for s in steps)}, not {row['minutes']}")
        found += [f"{row['date']}: {problem}" for problem in words_against_steps(row, steps)]
    return found


def words_against_steps(row: dict, steps: list) -> list[str]:
    """The session's words say what its steps are: each '<n> min' block and '<n> x <m> min' set."""
    import re

    words = row["purpose"]
    problems = []
    for count, minutes in re.findall(r"(\d+) x (\d+) min", words):
        work = [s for s in steps if s.kind == "work" and s.repeat is not None]
        if len(work) != int(count) or any(s.minutes != int(minutes) for s in work):
            problems.append(f"words say {count} x {minutes} min, steps have {len(work)} repeats")
    for minutes, what in re.findall(r"then (\d+) min (steady|at goal effort)", words):
        work = [s for s in steps if s.kind == "work"]
        if len(work) != 1 or work[0].minutes != int(minutes):
            problems.append(f"words say {minutes} min {what}, steps have {[s.minutes for s in work]}")
    return problems


def kinds_of(problems: list[str]) -> Counter:
    """Breaches counted by rule (the text after the date or week)."""
    rules = Counter()
    for problem in problems:
        text = problem.split(": ", 1)[1]
        rules[" ".join(word for word in text.split() if not word.isdigit())] += 1
    return rules
