"""What the scheduled jobs did and are doing: one row per job and day (its key makes enqueueing
idempotent, so a second scheduler doubles nothing), with a lease a crashed worker cannot keep,
and the pause an outgoing address takes after Garmin's 429."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from trainer.store.models._base import utc_now


class JobRun(SQLModel, table=True):
    __tablename__ = "job_run"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=120, unique=True, description="kind:athlete:day, e.g. morning:12:2026-12-03")
    kind: str = Field(max_length=20)  # morning | insights | adapt
    athlete_id: int | None = Field(default=None, foreign_key="athlete.id", ondelete="CASCADE")
    day: date
    state: str = Field(default="queued", max_length=20)  # queued | running | waiting | paused | done | failed
    attempts: int = 0
    holder: str | None = Field(default=None, max_length=80)
    lease_until: datetime | None = None
    next_try_at: datetime | None = None
    requests: int = 0
    result: str | None = Field(default=None, max_length=500)
    error: str | None = Field(default=None, max_length=500)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utc_now)


class GarminPause(SQLModel, table=True):
    """An outgoing address Garmin answered 429: every worker on it waits until ``until``."""

    __tablename__ = "garmin_pause"

    address: str = Field(max_length=80, primary_key=True)
    until: datetime
    reason: str = Field(default="", max_length=200)
