"""What the athlete said about their own readiness, logged before seeing the score."""

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from trainer.store.models._base import athlete_fk, utc_now


class PerceivedReadiness(SQLModel, table=True):
    """Readiness 0-10; the other items 1-5 on the PMSys scale, where 5 is the best state
    (fatigue 5 = very fresh, soreness 5 = not sore, stress 5 = relaxed). Missing is null."""

    __tablename__ = "perceived_readiness"
    __table_args__ = (
        UniqueConstraint("athlete_id", "date", name="uq_readiness_athlete_date"),
        Index("ix_readiness_athlete_date", "athlete_id", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    date: date
    readiness: float | None = None
    fatigue: float | None = None
    mood: float | None = None
    soreness: float | None = None
    stress: float | None = None
    sleep_quality: float | None = None
    note: str | None = Field(default=None, max_length=500)
    source: str = Field(default="manual", max_length=20)
    created_at: datetime = Field(default_factory=utc_now)
