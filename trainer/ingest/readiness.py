"""Perceived readiness: its items, the answer a later one replaced, and how writers of one
athlete's day are held apart. Every entry is written by ``ingest.check_in`` (one door)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, text, update

from trainer.store.models import PerceivedReadiness, table_of

ITEMS = ("fatigue", "mood", "soreness", "stress", "sleep_quality")


@dataclass(frozen=True)
class Replaced:
    """The earlier answer for the same day that a new one replaced (it no longer counts)."""

    readiness: float
    saved_at: datetime
    source: str

    def sentence(self) -> str:
        return (
            f"it replaced the answer saved at {self.saved_at:%H:%M:%S} (readiness {self.readiness:g}), "
            "which no longer counts"
        )


def hold_the_day(connection: Connection, athlete_id: int, day: date) -> None:
    """Hold the writers of this athlete's day apart until the transaction ends: on PostgreSQL an
    advisory lock on (athlete, day); on SQLite a write statement, which takes the database's write
    lock at once (the driver starts the transaction before it), so the read that follows sees any
    save that came first."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:athlete, :day)"), {"athlete": athlete_id, "day": day.toordinal()}
        )
    else:
        table = table_of(PerceivedReadiness)
        connection.execute(
            update(table).where(table.c.athlete_id == athlete_id, table.c.date == day).values(id=table.c.id)
        )
