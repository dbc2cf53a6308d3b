"""An athlete and the physiological settings that override what trainer estimates from data."""

from datetime import date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from trainer.store.models._base import utc_now


class Athlete(SQLModel, table=True):
    __tablename__ = "athlete"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True, max_length=80)
    sex: str | None = Field(default=None, max_length=10, description="male | female")
    birth_year: int | None = None
    max_hr: int | None = Field(default=None, description="override; else estimated from activities")
    resting_hr: int | None = Field(default=None, description="override; else 30-day median")
    lthr: int | None = Field(default=None, description="lactate-threshold HR override")
    main_sport: str = Field(default="run", max_length=20)
    zone_method: str = Field(default="auto", max_length=10, description="auto | lthr | hrr | max")
    time_zone: str = Field(default="UTC", max_length=64)
    is_demo: bool = Field(default=False, description="synthetic athlete written by `trainer demo`")
    created_at: datetime = Field(default_factory=utc_now)


class HeartRateZones(SQLModel, table=True):
    """The heart-rate zones Garmin holds for an athlete (one row per sport), as last synced."""

    __tablename__ = "heart_rate_zones"
    __table_args__ = (UniqueConstraint("athlete_id", "sport", name="uq_zones_athlete_sport"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(foreign_key="athlete.id", ondelete="CASCADE")
    sport: str = Field(max_length=20)
    method: str | None = Field(default=None, max_length=30)
    resting_hr: int | None = None
    max_hr: int | None = None
    lthr: int | None = None
    zone_floors: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utc_now)


class PerformanceFigure(SQLModel, table=True):
    """A figure Garmin holds for an athlete, with the day it was measured: FTP, power zones,
    lactate threshold (heart rate, speed), VO2max, race predictions. One row per figure, sport and
    day; a new day's figure is a new row, so the history stays."""

    __tablename__ = "performance_figure"
    __table_args__ = (
        UniqueConstraint("athlete_id", "name", "sport", "measured_on", name="uq_figure_athlete_name_day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(foreign_key="athlete.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=30, description="ftp | power_zones | threshold_speed | lactate_threshold_hr | ...")
    sport: str = Field(max_length=20)
    value: float
    floors: list | None = Field(default=None, sa_column=Column(JSON, nullable=True), description="zone floors")
    measured_on: date
    source: str = Field(default="garmin", max_length=20)
    updated_at: datetime = Field(default_factory=utc_now)
