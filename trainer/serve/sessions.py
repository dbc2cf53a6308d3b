"""Signed-in sessions the server can end: logout, an idle fortnight, or 30 days after sign-in.

A session cookie is signed (it cannot be forged), but a signature alone cannot be taken back: a
copied cookie would open the dashboard for its whole life, logout or not. So each sign-in gets a
random id, and the server notes in a small SQLite file beside the last-use notes (never in the
health database, which it opens read-only) when each id was last used and whether it has ended.
Every worker of one site shares the file. A session is live while it is noted, not ended, used
within ``IDLE_DAYS``, and younger than its cookie's ``SESSION_DAYS`` (checked with the signature).
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from pathlib import Path

IDLE_DAYS = 14
_NOTE_EVERY_S = 60.0


class Sessions:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._noted: dict[str, float] = {}

    def start(self) -> str:
        """A new session id, noted as used now."""
        session_id = secrets.token_urlsafe(24)
        self._write("INSERT OR REPLACE INTO session (id, last_used, ended) VALUES (?, ?, 0)", (session_id, time.time()))
        return session_id

    def end(self, session_id: str) -> None:
        self._write("UPDATE session SET ended = 1 WHERE id = ?", (session_id,))
        self._noted.pop(session_id, None)

    def is_live(self, session_id: str) -> bool:
        """Noted, not ended and used within the idle limit; notes this use (at most once a minute)."""
        now = time.time()
        try:
            with self._lock:
                row = self._db().execute("SELECT last_used, ended FROM session WHERE id = ?", (session_id,)).fetchone()
        except sqlite3.Error:
            return False  # an unreadable file signs everyone out rather than in
        if row is None or row[1] or now - row[0] > IDLE_DAYS * 86400:
            return False
        if now - self._noted.get(session_id, 0.0) > _NOTE_EVERY_S:
            self._noted[session_id] = now
            if len(self._noted) > 50_000:
                self._noted.clear()
            self._write("UPDATE session SET last_used = ? WHERE id = ?", (now, session_id))
        return True

    def _write(self, sql: str, values: tuple) -> None:
        try:
            with self._lock, self._db() as connection:
                connection.execute(sql, values)
        except sqlite3.Error:
            pass  # a full disk ends sessions (is_live then refuses) rather than crashing a request

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=2, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS session (id TEXT PRIMARY KEY, last_used REAL NOT NULL, ended INTEGER NOT "
                "NULL)"
            )
            connection.commit()
            self._connection = connection
        return self._connection
