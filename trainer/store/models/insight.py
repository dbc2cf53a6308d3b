"""An insight about an athlete's training, written by Claude or by the rule engine."""

from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from trainer.store.models._base import athlete_fk, utc_now


class Insight(SQLModel, table=True):
    """``type``: recovery_pattern | overtraining_warning | workout_effectiveness | frequency_recommendation.
    ``source``: claude | rules."""

    __tablename__ = "insight"
    __table_args__ = (Index("ix_insight_athlete_generated", "athlete_id", "generated_at"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    type: str = Field(max_length=40)
    title: str = Field(max_length=200)
    content: str
    supporting_data: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    action_items: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source: str = Field(max_length=10)
    model: str | None = Field(default=None, max_length=60)
    generated_at: datetime = Field(default_factory=utc_now)
    valid_until: datetime
