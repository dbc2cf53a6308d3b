"""The local app's intervals.icu connection: the athlete's API key pasted once (checked with
intervals.icu, then kept sealed; the page forgets it), writes back on or off, and disconnecting;
each step one sentence."""

from __future__ import annotations

from trainer.errors import TrainerError
from trainer.ingest.intervals.connection import connect, connected, disconnect
from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.models import Athlete, id_of


def connect_step(db: Database, athlete: Athlete, key: str, writes: bool) -> tuple[str, str]:
    """(what to say, the callout's look)."""
    if not key.strip():
        return "Paste the API key from the bottom of intervals.icu's Settings page.", "danger"
    try:
        account = connect(db, id_of(athlete), key, Settings.from_env(), writes)
    except TrainerError as error:
        return f"Not connected: {error}.", "danger"
    back = " Each morning's score and check-in, and the coming week, go back to it." if writes else ""
    return f"Connected {athlete.name} to intervals.icu ({account}): press *Sync now*.{back}", "success"


def disconnect_step(db: Database, athlete: Athlete) -> tuple[str, str]:
    if disconnect(db, id_of(athlete)):
        return f"{athlete.name} is no longer connected to intervals.icu (what was synced stays).", "success"
    return f"{athlete.name} was not connected to intervals.icu.", "info"


def connection_words(db: Database, athlete: Athlete) -> str:
    return "Connected to intervals.icu." if connected(db, id_of(athlete)) else "Not connected to intervals.icu."
