"""Insights about an athlete's training (by Claude or by the rule engine), what each Claude call
cost, and the batches and queue that carry insights to the Message Batches API."""

from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from trainer.store.models._base import athlete_fk, utc_now


class Insight(SQLModel, table=True):
    """``type``: recovery_pattern | overtraining_warning | workout_effectiveness | frequency_recommendation.
    ``source``: claude | rules. ``context_key`` fingerprints the goals and profile they were written
    for: when those change, the insight is stale whatever ``valid_until`` says."""

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
    context_key: str = Field(default="", max_length=64)


class InsightUsage(SQLModel, table=True):
    """Tokens and cost of one Claude call (``kind`` call | batch), for `trainer insights --usage`."""

    __tablename__ = "insight_usage"
    __table_args__ = (Index("ix_insight_usage_created", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int | None = Field(default=None, foreign_key="athlete.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utc_now)
    model: str = Field(max_length=60)
    kind: str = Field(default="call", max_length=10)
    outcome: str = Field(default="ok", max_length=20, description="ok | invalid | refusal")
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float | None = None


class InsightRequest(SQLModel, table=True):
    """An athlete waiting for Claude insights through a batch (queued after a rate limit, or by
    ``--all --batch``). ``status``: queued | submitted | done | failed."""

    __tablename__ = "insight_request"
    __table_args__ = (Index("ix_insight_request_status", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    requested_at: datetime = Field(default_factory=utc_now)
    reason: str = Field(default="", max_length=200)
    status: str = Field(default="queued", max_length=10)
    batch_id: str | None = Field(default=None, max_length=100)
    on_date: str = Field(max_length=10, description="the day the insights are for (ISO)")
