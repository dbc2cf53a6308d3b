"""Small helpers shared by the table modules."""

from datetime import UTC, datetime

from sqlmodel import Field

ATHLETE_FK = "athlete.id"


def utc_now() -> datetime:
    """Timestamps are aware UTC datetimes; sqlmodel's UTCDateTime stores and returns them as UTC."""
    return datetime.now(UTC)


def athlete_fk() -> int:
    """A non-null reference to the athlete; deleting the athlete deletes the row (right to erasure)."""
    return Field(foreign_key=ATHLETE_FK, ondelete="CASCADE", index=False)
