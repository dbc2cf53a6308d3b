"""A prospective A/B study of scoring methods: who was randomised to which arm, and the analysis
plan frozen when it started (both sealed by one SHA-256, checked before every report)."""

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from trainer.store.models._base import athlete_fk, utc_now


class Study(SQLModel, table=True):
    __tablename__ = "study"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    arms: str = Field(max_length=80, description="methods, comma-separated, in the plan's order")
    start: date
    end: date = Field(description="the last day of the study")
    seed: int
    blind_coaches: bool = False
    plan: str = Field(description="the frozen analysis plan, canonical JSON")
    sealed_sha256: str = Field(max_length=64, description="SHA-256 of the plan and the allocation")
    created_by: str = Field(default="", max_length=80)
    created_at: datetime = Field(default_factory=utc_now)


class StudyAllocation(SQLModel, table=True):
    __tablename__ = "study_allocation"
    __table_args__ = (UniqueConstraint("study_id", "athlete_id", name="uq_study_athlete"),)

    id: int | None = Field(default=None, primary_key=True)
    study_id: int = Field(foreign_key="study.id", ondelete="CASCADE")
    athlete_id: int = athlete_fk()
    arm: str = Field(max_length=20)
    stratum: str = Field(max_length=20, description="the athlete's main sport when randomised")
    block: int
