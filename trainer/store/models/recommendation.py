"""What trainer recommended on a day, with the config that produced it (for audit and research)."""

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from trainer.store.models._base import athlete_fk, utc_now


class Recommendation(SQLModel, table=True):
    __tablename__ = "recommendation"
    __table_args__ = (
        UniqueConstraint("athlete_id", "date", "config_hash", name="uq_recommendation_day_config"),
        Index("ix_recommendation_athlete_date", "athlete_id", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    date: date
    total_score: int | None = None
    status: str = Field(max_length=20)
    workout_type: str = Field(max_length=20)
    minutes: int
    intensity: str = Field(max_length=10)
    hr_low: int | None = None
    hr_high: int | None = None
    rationale: str = Field(max_length=1000)
    config_hash: str = Field(max_length=64)
    config: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utc_now)
