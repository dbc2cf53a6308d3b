"""Where each kind of Garmin data was last synced to, and a log of every sync run."""

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from trainer.store.models._base import athlete_fk, utc_now


class SyncState(SQLModel, table=True):
    """Resumable syncs: the next run of ``kind`` starts after ``last_synced_date``."""

    __tablename__ = "sync_state"
    __table_args__ = (UniqueConstraint("athlete_id", "kind", name="uq_sync_state_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    kind: str = Field(max_length=40)
    last_synced_date: date | None = None
    updated_at: datetime = Field(default_factory=utc_now)


class SyncRun(SQLModel, table=True):
    __tablename__ = "sync_run"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    started_at: datetime = Field(default_factory=utc_now)
    finished_at: datetime | None = None
    status: str = Field(default="running", max_length=12, description="running | ok | failed | stopped")
    added: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    requests: int = 0
    message: str | None = Field(default=None, max_length=1000)


class SyncFailure(SQLModel, table=True):
    """A chunk or day whose answer trainer could not read (cut short, a web page, a shape it does
    not know). The sync went past it; every later run asks for it again until it reads."""

    __tablename__ = "sync_failure"
    __table_args__ = (UniqueConstraint("athlete_id", "kind", "start_date", name="uq_sync_failure_step"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    kind: str = Field(max_length=40)
    start_date: date
    end_date: date
    reason: str = Field(max_length=300)
    tries: int = 1
    last_tried_at: datetime = Field(default_factory=utc_now)


class GarminLogin(SQLModel, table=True):
    """An athlete's Garmin login tokens, sealed with the site key (``trainer.access.sealed``): in the
    database, so every machine of a site (workers, the app) uses one login, never the password."""

    __tablename__ = "garmin_login"

    athlete_id: int = Field(foreign_key="athlete.id", ondelete="CASCADE", primary_key=True)
    tokens_sealed: str = Field(max_length=8000)
    saved_at: datetime = Field(default_factory=utc_now)


class SourceConnection(SQLModel, table=True):
    """An athlete's connection to a source other than Garmin (intervals.icu): its secret (an API key)
    sealed with the site key, never stored plain; ``writes`` when the athlete lets trainer write back."""

    __tablename__ = "source_connection"

    athlete_id: int = Field(foreign_key="athlete.id", ondelete="CASCADE", primary_key=True)
    source: str = Field(max_length=20, primary_key=True)
    secret_sealed: str = Field(max_length=2000)
    writes: bool = False
    saved_at: datetime = Field(default_factory=utc_now)
