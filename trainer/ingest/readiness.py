"""Logging perceived readiness (before the athlete sees the score, to avoid anchoring)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, select, text, update

from trainer.errors import TrainerError
from trainer.ingest.plausible import EARLIEST, plausible_day
from trainer.store.database import Database, ReadOnlyError
from trainer.store.models import PerceivedReadiness, table_of
from trainer.store.models._base import utc_now
from trainer.store.upsert import upsert

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


def log_readiness(
    db: Database,
    athlete_id: int,
    day: date,
    readiness: float,
    note: str | None = None,
    source: str = "manual",
    **items: float | None,
) -> Replaced | None:
    """Store (or replace) the day's readiness 0-10 and the 1-5 items; refuses on a read-only database.

    Returns the answer it replaced, if any: two saves at once (two tabs) are taken one after the
    other, so exactly one of them says it replaced the other and that one stands."""
    if db.read_only:
        raise ReadOnlyError()
    if not plausible_day(day):  # the importers' rule, for every entry path (the CLI and the app's form too)
        raise TrainerError(f"date {day}: not a plausible day for readiness (from {EARLIEST} to tomorrow)")
    if not 0 <= readiness <= 10:
        raise TrainerError(f"readiness must be 0-10, got {readiness}")
    unknown = set(items) - set(ITEMS)
    if unknown:
        raise TrainerError(f"unknown readiness item(s): {', '.join(sorted(unknown))}; use {', '.join(ITEMS)}")
    for name, value in items.items():
        if value is not None and not 1 <= value <= 5:
            raise TrainerError(f"{name} must be 1-5 (5 = best), got {value}")
    row = {
        "athlete_id": athlete_id,
        "date": day,
        "readiness": readiness,
        "note": note,
        "source": source,
        "created_at": utc_now(),
        **{name: items.get(name) for name in ITEMS},
    }
    table = table_of(PerceivedReadiness)
    with db.engine.begin() as connection:
        hold_the_day(connection, athlete_id, day)
        earlier = connection.execute(
            select(table.c.readiness, table.c.created_at, table.c.source).where(
                table.c.athlete_id == athlete_id, table.c.date == day
            )
        ).first()
        upsert(connection, table, [row], ("athlete_id", "date"))
    return Replaced(earlier.readiness, earlier.created_at, earlier.source) if earlier else None


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
