"""Idempotent writes: insert rows, or update the row that has the same natural key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

_INSERTS: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}  # both have on_conflict_*
BATCH_ROWS = 2000


def upsert(
    connection: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
    keep: Sequence[str] = (),
) -> int:
    """Insert ``rows`` into ``table``; a row whose ``keys`` already exist updates it instead, leaving
    the ``keep`` columns (``created_at``: when it first came) as they were.

    Running the same rows twice leaves the table as after the first run (the import contract).
    Returns the number of rows written.
    """
    if not rows:
        return 0
    insert = _INSERTS[connection.dialect.name](table)
    updated = [name for name in rows[0] if name not in keys and name != "id" and name not in keep]
    statement = (
        insert.on_conflict_do_update(index_elements=list(keys), set_={name: insert.excluded[name] for name in updated})
        if updated
        else insert.on_conflict_do_nothing(index_elements=list(keys))
    )
    for start in range(0, len(rows), BATCH_ROWS):
        connection.execute(statement, list(rows[start : start + BATCH_ROWS]))
    return len(rows)
