"""A training session, from any source, with its training load and where that load came from."""

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from trainer.store.models._base import athlete_fk


class Activity(SQLModel, table=True):
    """``start_time`` is UTC; ``local_date`` is the athlete's calendar date the load counts on.

    ``load`` is Garmin's load or, without one, the fallback as computed (``load_source`` garmin |
    trimp | srpe). ``fallback_load`` keeps the fallback even when Garmin's exists, so loaders can
    scale fallbacks into Garmin units per athlete (then reported as "estimated").
    Multisport legs point at their parent with ``parent_id``; only legs carry load.
    """

    __tablename__ = "activity"
    __table_args__ = (
        UniqueConstraint(
            "athlete_id", "source", "source_id", name="uq_activity_athlete_source"
        ),  # identity is per athlete
        Index("ix_activity_athlete_date", "athlete_id", "local_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    source: str = Field(max_length=20)
    source_id: str = Field(max_length=120)
    sport: str = Field(max_length=20)
    name: str | None = Field(default=None, max_length=200)
    start_time: datetime
    local_date: date
    duration_s: float = Field(description="timer time: what Garmin Connect calls duration (stops excluded)")
    elapsed_s: float | None = Field(default=None, description="wall-clock time from start to end, stops included")
    moving_s: float | None = Field(default=None, description="time moving, where the device or Garmin gives it")
    calories: float | None = None
    distance_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    load: float | None = None
    load_source: str | None = Field(default=None, max_length=12)
    rpe: float | None = None
    manual: bool = False
    parent_id: int | None = Field(default=None, foreign_key="activity.id", ondelete="CASCADE")
    file_hash: str | None = Field(default=None, max_length=64)
    fallback_load: float | None = Field(
        default=None, description="TRIMP or session-RPE load, kept beside Garmin's for calibration"
    )
    fallback_kind: str | None = Field(default=None, max_length=10, description="trimp | edwards | srpe")
    hr_zone_seconds: list | None = Field(
        default=None, sa_column=Column(JSON, nullable=True), description="seconds in HR zones 1-5"
    )
    recovered: bool = Field(default=False, description="salvaged from a damaged file: some records may be missing")
    avg_power: float | None = Field(default=None, description="W, the device's average")
    weighted_power: float | None = Field(default=None, description="W: the 30-s rolling mean's fourth-power mean")
    power_load: float | None = Field(default=None, description="hours x (weighted power / FTP)^2 x 100")
    device_ftp: int | None = Field(default=None, description="the FTP set on the bike computer that recorded it")
    power_curve: dict | None = Field(
        default=None, sa_column=Column(JSON, nullable=True), description="best mean power (W) by seconds"
    )
