"""Small helpers shared by the table modules."""

from datetime import UTC, datetime

from sqlalchemy import Table
from sqlmodel import Field, SQLModel

ATHLETE_FK = "athlete.id"


def utc_now() -> datetime:
    """Timestamps are aware UTC datetimes; sqlmodel's UTCDateTime stores and returns them as UTC."""
    return datetime.now(UTC)


def athlete_fk() -> int:
    """A non-null reference to the athlete; deleting the athlete deletes the row (right to erasure)."""
    return Field(foreign_key=ATHLETE_FK, ondelete="CASCADE", index=False)


def id_of(row: SQLModel) -> int:
    """The id of a row read from or written to the database (SQLModel types ids Optional until then)."""
    row_id = getattr(row, "id", None)
    if row_id is None:
        raise ValueError(f"this {type(row).__name__} has not been saved yet")
    return row_id


def table_of(model: type[SQLModel]) -> Table:
    """A model's table, for Core statements (SQLModel does not declare ``__table__`` to type checkers)."""
    return model.__table__  # type: ignore[attr-defined]
