"""Goals and plan versions in the database: add, list, finish; save a plan as a new version; load the current one."""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy import select, update
from sqlmodel import Session, col

from trainer.errors import TrainerError
from trainer.planning.generate import WEEK_COLUMNS, WORKOUT_COLUMNS, Plan
from trainer.planning.goals import GoalSpec, format_days
from trainer.store.database import Database, ReadOnlyError
from trainer.store.models import Goal, PlannedWorkout, TrainingPlan, id_of, table_of
from trainer.store.models._base import utc_now

GOAL_STATUSES = ("active", "achieved", "abandoned")
PRIORITY_ORDER = {"A": 0, "B": 1, "C": 2}


def add_goal(db: Database, athlete_id: int, spec: GoalSpec) -> Goal:
    _writable(db)
    goal = Goal(
        athlete_id=athlete_id,
        name=spec.name,
        sport=spec.sport,
        distance_km=spec.distance_km,
        event_date=spec.event_date,
        target_time_s=spec.target_time_s,
        priority=spec.priority,
        days_per_week=spec.days_per_week,
        available_days=format_days(spec.available_days),
        max_minutes=spec.max_minutes,
        event=spec.event,
        event_hours=spec.event_hours,
        stage_days=spec.stage_days,
    )
    with Session(db.engine) as session:
        session.add(goal)
        session.commit()
        session.refresh(goal)
        return goal


def list_goals(db: Database, athlete_id: int, status: str | None = None) -> list[Goal]:
    """The athlete's goals, the ones that matter most first (active, then priority A-C, then date)."""
    with Session(db.engine) as session:
        stmt = select(Goal).where(col(Goal.athlete_id) == athlete_id)
        if status:
            stmt = stmt.where(col(Goal.status) == status)
        goals = list(session.scalars(stmt).all())
    return sorted(goals, key=lambda g: (g.status != "active", PRIORITY_ORDER.get(g.priority, 3), g.event_date, g.id))


def get_goal(db: Database, athlete_id: int, goal_id: int) -> Goal:
    with Session(db.engine) as session:
        goal = session.get(Goal, goal_id)
    if goal is None or goal.athlete_id != athlete_id:
        raise TrainerError(f"no goal {goal_id} for this athlete: see `trainer goal list`")
    return goal


def set_goal_status(db: Database, athlete_id: int, goal_id: int, status: str) -> Goal:
    _writable(db)
    if status not in GOAL_STATUSES:
        raise TrainerError(f"goal status must be one of {', '.join(GOAL_STATUSES)}")
    goal = get_goal(db, athlete_id, goal_id)
    with db.engine.begin() as connection:
        connection.execute(update(Goal).where(col(Goal.id) == goal.id).values(status=status, updated_at=utc_now()))
    return get_goal(db, athlete_id, goal_id)


def goal_spec(goal: Goal) -> GoalSpec:
    from trainer.planning.goals import parse_days

    return GoalSpec(
        name=goal.name,
        distance_km=goal.distance_km,
        event_date=goal.event_date,
        sport=goal.sport,
        target_time_s=goal.target_time_s,
        priority=goal.priority,
        days_per_week=goal.days_per_week,
        available_days=parse_days(goal.available_days),
        max_minutes=goal.max_minutes,
        event=goal.event,  # type: ignore[arg-type]
        event_hours=goal.event_hours,
        stage_days=goal.stage_days,
    )


def save_plan(db: Database, athlete_id: int, goal_id: int, plan: Plan, reason: str) -> TrainingPlan:
    """Write ``plan`` as the goal's newest version (one transaction); older versions stay, not current."""
    _writable(db)
    weeks = [{**row, "week_start": row["week_start"].isoformat()} for row in plan.weeks.rows(named=True)]
    with Session(db.engine) as session:
        latest = (
            session.scalars(
                select(col(TrainingPlan.version))
                .where(col(TrainingPlan.goal_id) == goal_id)
                .order_by(col(TrainingPlan.version).desc())
            ).first()
            or 0
        )
        session.execute(update(TrainingPlan).where(col(TrainingPlan.goal_id) == goal_id).values(is_current=False))
        version = TrainingPlan(
            athlete_id=athlete_id,
            goal_id=goal_id,
            version=latest + 1,
            start_date=plan.start,
            end_date=plan.goal.event_date,
            is_current=True,
            change_reason=reason[:500],
            weeks=weeks,
        )
        session.add(version)
        session.flush()
        session.add_all(
            PlannedWorkout(athlete_id=athlete_id, plan_id=id_of(version), **_workout_fields(row))
            for row in plan.workouts.rows(named=True)
        )
        session.commit()
        session.refresh(version)
        return version


def _workout_fields(row: dict) -> dict:
    return {
        key: row[key]
        for key in (
            "date", "sport", "minutes", "intensity", "hr_low", "hr_high", "planned_load", "purpose", "kind",
            "power_low", "power_high", "pace_fast", "pace_slow",
        )
    }  # fmt: skip


def current_plan(db: Database, athlete_id: int, goal_id: int | None = None) -> tuple[TrainingPlan, Plan] | None:
    """The current version of the goal's plan (default: the first active goal that has one)."""
    goals = [get_goal(db, athlete_id, goal_id)] if goal_id else list_goals(db, athlete_id, "active")
    with Session(db.engine) as session:
        for goal in goals:
            version = session.scalars(
                select(TrainingPlan).where(col(TrainingPlan.goal_id) == goal.id, col(TrainingPlan.is_current))
            ).first()
            if version is not None:
                return version, _plan_from_rows(session, goal, version)
    return None


def plan_versions(db: Database, goal_id: int) -> pl.DataFrame:
    """Every version of a goal's plan: version, created_at, is_current, change_reason."""
    with Session(db.engine) as session:
        rows = session.execute(
            select(
                col(TrainingPlan.version),
                col(TrainingPlan.created_at),
                col(TrainingPlan.is_current),
                col(TrainingPlan.change_reason),
            )
            .where(col(TrainingPlan.goal_id) == goal_id)
            .order_by(col(TrainingPlan.version))
        ).all()
    return pl.DataFrame(
        [tuple(r) for r in rows],
        schema={
            "version": pl.Int64,
            "created_at": pl.Datetime("us", "UTC"),
            "is_current": pl.Boolean,
            "change_reason": pl.String,
        },
        orient="row",
    )


def _plan_from_rows(session: Session, goal: Goal, version: TrainingPlan) -> Plan:
    weeks = pl.DataFrame(
        [{**w, "week_start": date.fromisoformat(w["week_start"])} for w in version.weeks], schema=WEEK_COLUMNS
    )
    w = table_of(PlannedWorkout)
    rows = session.execute(
        select(w.c.id, *(w.c[name] for name in WORKOUT_COLUMNS if name != "week"))
        .where(w.c.plan_id == version.id)
        .order_by(w.c.date, w.c.id)
    ).all()
    workouts = pl.DataFrame(
        [tuple(r) for r in rows],
        schema={"workout_id": pl.Int64, **{k: v for k, v in WORKOUT_COLUMNS.items() if k != "week"}},
        orient="row",
    )
    week_of = ((pl.col("date") - pl.lit(weeks["week_start"][0])).dt.total_days() // 7 + 1).cast(pl.Int64)
    workouts = workouts.with_columns(week=week_of).select("workout_id", *WORKOUT_COLUMNS)
    return Plan(goal_spec(goal), weeks, workouts)


def _writable(db: Database) -> None:
    if db.read_only:
        raise ReadOnlyError()
