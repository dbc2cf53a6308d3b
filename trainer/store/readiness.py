"""Logging perceived readiness (before the athlete sees the score, to avoid anchoring)."""

from __future__ import annotations

from datetime import date

from trainer.errors import TrainerError
from trainer.ingest.plausible import EARLIEST, plausible_day
from trainer.store.database import Database
from trainer.store.models import PerceivedReadiness
from trainer.store.models._base import utc_now
from trainer.store.upsert import upsert

ITEMS = ("fatigue", "mood", "soreness", "stress", "sleep_quality")


class ReadOnlyError(TrainerError):
    def __init__(self) -> None:
        super().__init__("this trainer is published read-only: nothing can be written here")


def log_readiness(db: Database, athlete_id: int, day: date, readiness: float, note: str | None = None, source: str = "manual", **items: float | None) -> None:
    """Store (or replace) the day's readiness 0-10 and the 1-5 items; refuses on a read-only database."""
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
    row = {"athlete_id": athlete_id, "date": day, "readiness": readiness, "note": note, "source": source,
           "created_at": utc_now(), **{name: items.get(name) for name in ITEMS}}
    with db.engine.begin() as connection:
        upsert(connection, PerceivedReadiness.__table__, [row], ("athlete_id", "date"))
