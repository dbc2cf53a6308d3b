"""Where the morning message goes (an Apprise URL, kept encrypted), and what was sent when."""

import datetime as dt
from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from trainer.store.models._base import utc_now


class NotifyTarget(SQLModel, table=True):
    """An athlete's morning message, or a coach's digest of the athletes their grant covers.
    ``url_sealed`` is the Apprise URL encrypted with the key in the config home (a copy of the
    database alone reveals no message-service secret); ``scheme`` is all that is ever shown."""

    __tablename__ = "notify_target"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int | None = Field(default=None, foreign_key="athlete.id", ondelete="CASCADE")
    grant_id: int | None = Field(default=None, foreign_key="access_grant.id", ondelete="CASCADE")
    url_sealed: str = Field(max_length=4000)
    scheme: str = Field(max_length=40)
    at: str = Field(max_length=5)  # HH:MM, local time
    time_zone: str = Field(max_length=64)
    details: bool = False
    created_at: datetime = Field(default_factory=utc_now)


class NotifySent(SQLModel, table=True):
    """One target's message of one day, claimed before it is sent so two senders never both send it:
    ``outcome`` sending (claimed; its sender may have died holding it: never sent again), sent,
    failed (tried again next run) or maybe (the receiver answered too slowly: it may have it)."""

    __tablename__ = "notify_sent"
    __table_args__ = (UniqueConstraint("target_id", "day", name="uq_notify_sent_day"),)

    id: int | None = Field(default=None, primary_key=True)
    target_id: int = Field(foreign_key="notify_target.id", ondelete="CASCADE")
    day: dt.date
    sent: bool = False
    tries: int = 0
    last_try_at: datetime = Field(default_factory=utc_now)
    outcome: str | None = Field(default=None, max_length=10)
