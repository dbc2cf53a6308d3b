"""What an athlete tells trainer in the morning, every version kept, and their spells of illness
and injury, which change the day's advice until they end."""

import datetime as dt
from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from trainer.store.models._base import athlete_fk, utc_now


class CheckIn(SQLModel, table=True):
    """One submitted version of a morning's check-in (a correction is a new version; the latest
    stands and is copied to ``perceived_readiness``). Items as in PerceivedReadiness: readiness
    0-10, the others 1-5 with 5 the best state. ``via`` says where it came from ("link 12", "app",
    "command line")."""

    __tablename__ = "check_in"
    __table_args__ = (
        UniqueConstraint("athlete_id", "date", "version", name="uq_check_in_version"),
        Index("ix_check_in_athlete_date", "athlete_id", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    date: date
    version: int
    submitted_at: datetime = Field(default_factory=utc_now)
    via: str = Field(max_length=40)
    readiness: float | None = None
    fatigue: float | None = None
    soreness: float | None = None
    mood: float | None = None
    stress: float | None = None
    sleep_quality: float | None = None
    ill: bool = False
    injured: bool = False
    injury_part: str | None = Field(default=None, max_length=40)
    injury_severity: str | None = Field(default=None, max_length=20)  # niggle | limits | cannot train
    injury_since: dt.date | None = None
    note: str | None = Field(default=None, max_length=500)  # to the coach


class HealthEpisode(SQLModel, table=True):
    """A spell of illness or an injury, from its first day to its last (``end`` null while it lasts)."""

    __tablename__ = "health_episode"
    __table_args__ = (Index("ix_health_episode_athlete", "athlete_id", "start"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    kind: str = Field(max_length=10)  # illness | injury
    body_part: str | None = Field(default=None, max_length=40)
    severity: str | None = Field(default=None, max_length=20)  # niggle | limits | cannot train
    start: date
    end: dt.date | None = None
    source: str = Field(max_length=40)
    created_at: datetime = Field(default_factory=utc_now)


class CoachNote(SQLModel, table=True):
    """A coach's note on a day of one of their athletes: private to coaches, or shown to the athlete."""

    __tablename__ = "coach_note"
    __table_args__ = (Index("ix_coach_note_athlete_date", "athlete_id", "date"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    date: dt.date
    author: str = Field(max_length=80)
    grant_id: int | None = Field(default=None, foreign_key="access_grant.id", ondelete="SET NULL")
    text: str = Field(max_length=500)
    shown_to_athlete: bool = False
    created_at: datetime = Field(default_factory=utc_now)
