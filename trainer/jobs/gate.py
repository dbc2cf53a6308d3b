"""How many requests to one service (Garmin, intervals.icu) leave one outgoing address at once, how
far apart, and the pause after a 429.

Slots are lock files taken with ``flock``: the operating system lets go of a killed worker's
slot with its process, so no crash can leave one taken. The pause lives in the database, so
every worker on the address (any process, any machine naming the same address) sees it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from trainer.ingest.source import RateLimited, Source
from trainer.store.database import Database
from trainer.store.models import GarminPause, table_of
from trainer.store.upsert import upsert

PAUSE = timedelta(minutes=30)
PAUSE_CHECK_SECONDS = 2.0


class Paused(Exception):
    """The service asked this address to slow down: nothing leaves it until ``until``."""

    def __init__(self, until: datetime, service: str = "Garmin") -> None:
        super().__init__(f"{service} rate limit: this address waits until {until:%H:%M} UTC")
        self.until = until


class AddressGate:
    """``slots`` requests at once from ``address``, each slot's requests at least ``spacing``
    seconds apart (intervals.icu allows about 10 a second); a 429 pauses the address for everyone."""

    def __init__(
        self, db: Database, folder: Path, address: str, slots: int, service: str = "Garmin", spacing: float = 0.0
    ) -> None:
        self.db, self.address, self.slots, self.service, self.spacing = db, address, max(1, slots), service, spacing
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._checked_at = 0.0
        self._until: datetime | None = None

    def paused_until(self) -> datetime | None:
        """The address's pause if it is still on (read at most every 2 s per process)."""
        if time.monotonic() - self._checked_at > PAUSE_CHECK_SECONDS:
            table = table_of(GarminPause)
            with self.db.engine.connect() as connection:
                self._until = connection.execute(select(table.c.until).where(table.c.address == self.address)).scalar()
            self._checked_at = time.monotonic()
        until = self._until
        if until is not None and until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
        return until if until is not None and until > datetime.now(UTC) else None

    def pause(self, reason: str, length: timedelta = PAUSE) -> datetime:
        until = datetime.now(UTC) + length
        with self.db.engine.begin() as connection:
            upsert(
                connection,
                table_of(GarminPause),
                [{"address": self.address, "until": until, "reason": reason[:200]}],
                ("address",),
            )
        self._until, self._checked_at = until, time.monotonic()
        return until

    @contextmanager
    def slot(self) -> Iterator[None]:
        """One of the address's slots, waiting for one to free up."""
        while True:
            for number in range(self.slots):
                handle = os.open(self.folder / f"{self.address}.{number}.lock", os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(handle)
                    continue
                try:
                    wait = self.spacing - (time.time() - os.fstat(handle).st_mtime)
                    if wait > 0:
                        time.sleep(wait)
                    yield
                    return
                finally:
                    if self.spacing:
                        os.utime(handle)  # when this slot's last request left
                    fcntl.flock(handle, fcntl.LOCK_UN)
                    os.close(handle)
            time.sleep(0.01)


class GatedSource:
    """A source whose every request waits for a slot and stops during the address's pause;
    the first 429 pauses the whole address (no retrying into it)."""

    def __init__(self, source: Source, gate: AddressGate) -> None:
        self.source, self.gate = source, gate

    def fetch(self, kind, start, end):
        until = self.gate.paused_until()
        if until is not None:
            raise Paused(until, self.gate.service)
        with self.gate.slot():
            try:
                return self.source.fetch(kind, start, end)
            except RateLimited:
                raise Paused(self.gate.pause(f"429 on {kind}"), self.gate.service) from None


class GatedClient:
    """A Garmin client (the watch push's) whose every call waits for one of the address's slots and
    stops during its pause, as the sync's requests do; a 429 pauses the whole address."""

    def __init__(self, client, gate: AddressGate) -> None:
        self.client, self.gate = client, gate

    def __getattr__(self, name: str):
        from garminconnect import GarminConnectTooManyRequestsError

        method = getattr(self.client, name)

        def gated(*args, **kwargs):
            until = self.gate.paused_until()
            if until is not None:
                raise Paused(until)
            with self.gate.slot():
                try:
                    return method(*args, **kwargs)
                except GarminConnectTooManyRequestsError:
                    raise Paused(self.gate.pause(f"429 on {name}")) from None

        return gated
