"""Goals, the periodized plans built toward them (versioned), and their planned workouts."""

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from trainer.store.models._base import athlete_fk, utc_now


class Goal(SQLModel, table=True):
    """A race or target. ``status``: active | achieved | abandoned; ``priority``: A | B | C."""

    __tablename__ = "goal"
    __table_args__ = (Index("ix_goal_athlete_date", "athlete_id", "event_date"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    name: str = Field(max_length=120)
    sport: str = Field(default="run", max_length=20)
    distance_km: float | None = None
    event_date: date
    target_time_s: int | None = None
    priority: str = Field(default="A", max_length=1)
    days_per_week: int = 5
    available_days: str = Field(
        default="mon,tue,wed,thu,fri,sat,sun", max_length=27, description="weekdays the athlete can train"
    )
    max_minutes: int | None = None
    event: str | None = Field(
        default=None, max_length=20, description="5k..ultra, gran-fondo, time-trial, stage, sprint..full, base"
    )
    event_hours: float | None = Field(default=None, description="how long a cycling event (a stage) lasts")
    stage_days: int | None = None
    status: str = Field(default="active", max_length=12)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class TrainingPlan(SQLModel, table=True):
    """One version of a plan; adapting a plan writes a new version and keeps the old ones."""

    __tablename__ = "training_plan"
    __table_args__ = (Index("ix_plan_athlete_goal", "athlete_id", "goal_id"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    version: int = 1
    start_date: date
    end_date: date
    is_current: bool = True
    change_reason: str | None = Field(default=None, max_length=500)
    weeks: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utc_now)


class PlannedWorkout(SQLModel, table=True):
    __tablename__ = "planned_workout"
    __table_args__ = (Index("ix_planned_athlete_date", "athlete_id", "date"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    plan_id: int = Field(foreign_key="training_plan.id", ondelete="CASCADE")
    date: date
    sport: str = Field(max_length=20)
    minutes: int
    intensity: str = Field(max_length=10)
    hr_low: int | None = None
    hr_high: int | None = None
    power_low: int | None = Field(default=None, description="W, a ride's target where FTP is known")
    power_high: int | None = None
    pace_fast: int | None = Field(default=None, description="seconds per km, a run's target")
    pace_slow: int | None = None
    planned_load: float | None = None
    purpose: str = Field(default="", max_length=300)
    kind: str = Field(
        default="easy", max_length=20, description="long | easy | tempo | intervals | race_pace | race ..."
    )
    activity_id: int | None = Field(default=None, foreign_key="activity.id", ondelete="SET NULL")


class PushedWorkout(SQLModel, table=True):
    """A session trainer put on an athlete's Garmin Connect calendar: what it sent and Garmin's ids.

    Only workouts recorded here are ever changed or deleted by ``trainer plan push``; a row is
    written right after each Garmin call that succeeds, so an interrupted push resumes."""

    __tablename__ = "pushed_workout"
    __table_args__ = (Index("ux_pushed_athlete_date", "athlete_id", "date", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    date: date
    garmin_workout_id: int = Field(sa_type=BigInteger)
    garmin_schedule_id: int | None = Field(default=None, sa_type=BigInteger)
    fingerprint: str = Field(
        max_length=64, description="SHA-256 of the workout JSON sent: a changed session has another"
    )
    name: str = Field(default="", max_length=120)
    pushed_at: datetime = Field(default_factory=utc_now)
