"""Every generated plan keeps its rules: the grid of plans in ``plan_rules`` (each sport and goal
distance, 3-7 days a week, beginner to experienced, 10 and 27 weeks out: 420 plans) is walked and
each plan's breaches listed; a change that breaks a rule anywhere fails here, naming the plan."""

from __future__ import annotations

from datetime import date

from tests.planning.plan_rules import GOALS, HISTORIES, breaches, grid, plan_of
from trainer.planning.goals import GoalSpec
from trainer.planning.sessions import Session, WeekTarget, keep_rules


def test_every_generated_plan_keeps_its_rules():
    found = {}
    for case in grid():
        problems = breaches(plan_of(*case))
        if problems:
            found[case] = problems[:3]
    assert len(grid()) == len(GOALS) * 5 * len(HISTORIES) * 2 == 420
    assert found == {}


def test_the_walker_sees_each_rule_broken():  # a checker that cannot fail is no check
    plan = plan_of("70.3", 6, "regular", 27)
    week = plan.workouts.filter(plan.workouts["week"] == 10)
    first = week["date"].min()
    bad = plan.workouts.with_columns(
        minutes=(plan.workouts["minutes"] + (plan.workouts["date"] == first).cast(int) * 3)  # 3 minutes off a step
    )
    assert any("not in 5-minute steps" in b for b in breaches(type(plan)(plan.goal, plan.weeks, bad)))
    crowded = plan.workouts.with_columns(kind=plan.workouts["kind"].replace({"easy": "tempo"}))
    found = " ".join(breaches(type(plan)(plan.goal, plan.weeks, crowded)))
    assert "three hard days in a row" in found and "within 48 h" in found
    rest = plan.workouts.with_columns(date=plan.workouts["date"])  # unchanged: no breach
    assert breaches(type(plan)(plan.goal, plan.weeks, rest)) == []


def test_the_last_three_days_hold_a_shake_out_not_a_hard_or_long_session():
    race = date(2027, 6, 13)
    goal = GoalSpec("70.3", None, race, sport="triathlon", event="70.3")
    days = tuple(date.fromordinal(race.toordinal() - 6 + i) for i in range(7))
    week = [
        Session(days[3], "intervals", "hard", 60, "", "run"),
        Session(days[4], "easy", "easy", 105, "", "bike"),
        Session(race, "race", "moderate", 330, "", "triathlon"),
    ]
    kept = keep_rules(week, goal, WeekTarget(27, days, "taper", 165, race_week=True))
    assert [(s.kind, s.minutes) for s in kept] == [("shakeout", 45), ("easy", 45), ("race", 330)]
    assert kept[0].purpose.startswith("Shake-out run, 45 min very easy with a few short pick-ups")
