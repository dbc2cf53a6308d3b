"""When each grant was last used, kept beside the database, not in it.

The published server never writes the health database, so it notes last use in a small SQLite
file of its own (``access-seen.sqlite`` beside a SQLite database, else in the data folder), at
most once a minute per grant. Several workers may share the file (SQLite locks it). ``trainer
access list`` reads it.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

_EVERY_S = 60.0


class SeenLog:
    def __init__(self, path: Path):
        self.path = path
        self._noted: dict[int, float] = {}

    def note(self, grant_id: int) -> None:
        """Record a use of ``grant_id`` (cheap: a write at most once a minute per grant)."""
        clock = time.monotonic()
        if clock - self._noted.get(grant_id, -_EVERY_S) < _EVERY_S:
            return
        self._noted[grant_id] = clock
        try:
            with closing(_connect(self.path)) as connection, connection:
                connection.execute(
                    "INSERT OR REPLACE INTO seen (grant_id, at) VALUES (?, ?)",
                    (grant_id, datetime.now(UTC).isoformat()),
                )
        except sqlite3.Error:
            pass  # last-used times are a courtesy; a full disk must not lock anyone out


def read_seen(path: Path) -> dict[int, datetime]:
    if not path.exists():
        return {}
    try:
        with closing(_connect(path)) as connection:
            return {
                grant_id: datetime.fromisoformat(at)
                for grant_id, at in connection.execute("SELECT grant_id, at FROM seen")
            }
    except sqlite3.Error:
        return {}


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=2)
    connection.execute("CREATE TABLE IF NOT EXISTS seen (grant_id INTEGER PRIMARY KEY, at TEXT NOT NULL)")
    return connection
