"""Plans for athletes in the database: create, show with compliance, adapt (the I/O edge of planning)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import polars as pl

from trainer.errors import InputError, TrainerError
from trainer.planning import adapt as adaptation
from trainer.planning import store
from trainer.planning.compliance import match_workouts, weekly_compliance
from trainer.planning.fitness import Fitness, current_fitness, goal_sports
from trainer.planning.generate import Plan, build_plan
from trainer.planning.goals import GoalSpec
from trainer.planning.rules import PlanRules
from trainer.planning.targets import TargetCheck, check_target
from trainer.planning.today import Today, athlete_zones, score_from_db
from trainer.scoring import ScoringConfig
from trainer.scoring.recovery import hrv_normal_range
from trainer.store.database import Database
from trainer.store.loaders import load_activities, load_daily_loads, load_health_episodes, load_wellness
from trainer.store.models import Athlete, Goal, TrainingPlan, id_of
from trainer.store.performance import athlete_thresholds


def fitness_on(db: Database, athlete: Athlete, sport: str, on: date) -> Fitness:
    return current_fitness(
        load_activities(db, [athlete.id], end=on), load_daily_loads(db, [athlete.id], end=on), sport, on
    )


def check_goal(db: Database, athlete: Athlete, spec: GoalSpec, on: date) -> TargetCheck:
    """The goal's target against the athlete's last six months and what they have shown: FTP,
    threshold pace, Garmin's race predictions (``planning.targets``)."""
    return check_target(
        spec, load_activities(db, [id_of(athlete)], end=on), on, athlete_thresholds(db, id_of(athlete), on)
    )


A_RACES_APART_DAYS = 28  # two A races closer than this: a plan peaks for one


def add_checked_goal(db: Database, athlete: Athlete, spec: GoalSpec, on: date) -> tuple[Goal, list[str]]:
    """Store the goal after its checks: a target faster than anyone has gone is refused (nothing
    stored); the goal and the notes to show (a target beyond what the athlete has shown, another
    A race within four weeks) otherwise. The command line and the goal editor both add through here."""
    check = check_goal(db, athlete, spec, on)
    if check.impossible:
        raise InputError(f"--target-time: {check.warning} Nothing was saved.")
    notes = [check.warning] if check.warning else []
    if spec.priority == "A":
        for other in store.list_goals(db, id_of(athlete), status="active"):
            apart = abs((other.event_date - spec.event_date).days)
            if other.priority == "A" and apart < A_RACES_APART_DAYS:
                notes.append(
                    f"Another A race, {other.name} on {other.event_date.isoformat()}, is {apart} days from this one: "
                    "a plan peaks for one A race, so make one of them B."
                )
    return store.add_goal(db, id_of(athlete), spec), notes


def preview_plan(db: Database, athlete: Athlete, spec: GoalSpec, on: date, rules: PlanRules = PlanRules()) -> Plan:
    """The plan ``spec`` would get if created on ``on`` (nothing written: the goal editor's preview).

    It starts from what the athlete does now in the goal's sports; each sport's sessions take
    that sport's heart-rate zones; a target out of reach paces the key sessions at the realistic one."""
    pace = check_goal(db, athlete, spec, on).pace_time_s
    return build_plan(
        replace(spec, pace_time_s=pace) if pace else spec,
        fitness_on(db, athlete, spec.sport, on),
        athlete_zones(db, athlete, on, goal_sports(spec.sport)),
        on + timedelta(days=1),
        rules,
    )


def create_plan(
    db: Database, athlete: Athlete, goal_id: int, on: date, rules: PlanRules = PlanRules()
) -> tuple[TrainingPlan, Plan]:
    """Build the goal's plan from the athlete's fitness on ``on`` and save it (a new version if one exists)."""
    goal = store.get_goal(db, athlete.id, goal_id)
    if goal.status != "active":
        raise TrainerError(f"goal {goal_id} is {goal.status}: plans are built for active goals")
    plan = preview_plan(db, athlete, store.goal_spec(goal), on, rules)
    existing = store.current_plan(db, athlete.id, goal_id)
    reason = "created" if existing is None else f"rebuilt from scratch on {on} (replaces version {existing[0].version})"
    return store.save_plan(db, athlete.id, goal_id, plan, reason), plan


@dataclass(frozen=True)
class PlanView:
    """A plan as the athlete sees it on ``on``: workouts with done / moved / missed, weekly compliance."""

    version: TrainingPlan
    plan: Plan
    workouts: pl.DataFrame  # plan workouts + activity_id, offset_days, done_minutes, done_load, status
    weeks: (
        pl.DataFrame
    )  # plan weeks + due/done minutes and load, compliance, actual_minutes (all sessions of the sport)


def plan_view(db: Database, athlete: Athlete, on: date, goal_id: int | None = None) -> PlanView | None:
    found = store.current_plan(db, athlete.id, goal_id)
    if found is None:
        return None
    version, plan = found
    activities = load_activities(
        db, [athlete.id], start=plan.start - timedelta(days=1), end=plan.goal.event_date + timedelta(days=1)
    )
    matched = match_workouts(plan.workouts, activities, on)
    compliance = weekly_compliance(matched, on)
    actual = (
        activities.filter(pl.col("sport").is_in(goal_sports(plan.goal.sport)))  # a multisport day counts by its legs
        .with_columns(week=((pl.col("date") - pl.lit(plan.start)).dt.total_days() // 7 + 1).cast(pl.Int64))
        .group_by("week")
        .agg((pl.col("duration_s").sum() / 60).round(0).alias("actual_minutes"))
    )
    weeks = (
        plan.weeks.join(compliance, on="week", how="left")
        .join(actual, on="week", how="left")
        .with_columns(pl.when(pl.col("week_start") <= on).then(pl.col("actual_minutes").fill_null(0.0)))
    )
    return PlanView(version, plan, matched, weeks.sort("week"))


def plan_calendar_for(
    db: Database, athlete: Athlete, on: date, goal_id: int | None = None, the_day: Today | None = None
) -> bytes | None:
    """The athlete's plan as iCalendar text (``planning.ics``), or None without a plan. With the
    athlete's day (``day.answer``), its session stands in for the plan's on that day (a rest day
    leaves it out), as on the watch."""
    from trainer.planning.ics import plan_calendar

    view = plan_view(db, athlete, on, goal_id)
    if view is None:
        return None
    workouts = view.workouts
    if the_day is not None and not workouts.filter(pl.col("date") == the_day.date).is_empty():
        advice = the_day.recommendation
        workouts = workouts.filter(pl.col("date") != the_day.date)
        if advice.workout_type != "rest":
            today_row = pl.DataFrame(
                {
                    "date": [the_day.date],
                    "sport": [advice.workout_type],
                    "minutes": [advice.minutes],
                    "intensity": [advice.intensity or "easy"],
                    "kind": [the_day.recommended_kind() or "easy"],
                    "purpose": [advice.rationale],
                }
            )
            workouts = pl.concat([workouts, today_row], how="diagonal_relaxed")
    return plan_calendar(
        workouts,
        athlete_id=athlete.id,
        athlete_name=athlete.name,
        time_zone=athlete.time_zone,
        zones=athlete_zones(db, athlete, on),
        version=view.version.version,
        made_at=view.version.created_at,
    )


@dataclass(frozen=True)
class AdaptResult:
    decision: adaptation.Decision | None
    changed: bool
    version: TrainingPlan
    plan: Plan
    message: str


def adapt_plan(
    db: Database,
    athlete: Athlete,
    on: date,
    goal_id: int | None = None,
    rules: PlanRules = PlanRules(),
    config: ScoringConfig = ScoringConfig(),
) -> AdaptResult:
    """Decide the coming week from the last seven days and save a new version if anything changes."""
    view = plan_view(db, athlete, on, goal_id)
    if view is None:
        raise TrainerError(f"{athlete.name} has no plan yet: `trainer goal add` then `trainer plan create`")
    coming = adaptation.coming_week(view.plan.weeks, on)
    if coming is None:
        return AdaptResult(None, False, view.version, view.plan, "no week left to adapt: the plan ends with the race")
    if coming["week"] == 1:
        return AdaptResult(
            None, False, view.version, view.plan, f"the plan starts {coming['week_start']}: nothing to adapt yet"
        )
    decision = adaptation.decide(
        coming["week"],
        coming["week_start"],
        _last_week_days(db, athlete, coming["week_start"], config),
        _week_compliance(view, coming["week"] - 1, coming["week_start"]),
        rules,
        load_health_episodes(db, id_of(athlete), through=coming["week_start"]),
    )
    recorded = coming.get("change")
    new_change = None if decision.action == "progress" else f"{decision.action}: {decision.reason}"
    if recorded == new_change or (new_change is None and recorded is None):
        return AdaptResult(
            decision,
            False,
            view.version,
            view.plan,
            f"week {decision.week} ({decision.week_start}) unchanged: {decision.reason}",
        )
    eve = decision.week_start - timedelta(days=1)
    fitness = fitness_on(db, athlete, view.plan.goal.sport, eve)
    adapted = adaptation.apply(
        view.plan, decision, fitness, athlete_zones(db, athlete, eve, goal_sports(view.plan.goal.sport)), rules
    )
    if new_change is None:
        adapted = Plan(adapted.goal, adapted.weeks.with_columns(change=pl.lit(None, pl.String)), adapted.workouts)
    reason = (
        f"week {decision.week} ({decision.week_start}): {new_change or 'earlier change undone: ' + decision.reason}"
    )
    version = store.save_plan(db, athlete.id, version_goal(view), adapted, reason)
    return AdaptResult(decision, True, version, adapted, reason)


def version_goal(view: PlanView) -> int:
    return view.version.goal_id


def _last_week_days(db: Database, athlete: Athlete, week_start: date, config: ScoringConfig) -> pl.DataFrame:
    first, last = adaptation.last_week_window(week_start)
    scores = score_from_db(db, [athlete.id], config, through=last).filter(pl.col("date").is_between(first, last))
    hrv = hrv_normal_range(load_wellness(db, [athlete.id], end=last).select("athlete_id", "date", "hrv_ms"))
    days = pl.DataFrame({"date": pl.date_range(first, last, eager=True)})
    return days.join(scores.select("date", "status"), on="date", how="left").join(
        hrv.select("date", "hrv_below"), on="date", how="left"
    )


def _week_compliance(view: PlanView, week: int, week_end: date) -> float | None:
    """Minutes done / planned over the whole of ``week`` (all its workouts count as due)."""
    row = weekly_compliance(view.workouts.filter(pl.col("week") == week), week_end)
    return None if row.is_empty() else row["minutes_compliance"][0]
