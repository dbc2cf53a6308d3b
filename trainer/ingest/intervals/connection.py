"""An athlete's intervals.icu API key: checked against the service once, then sealed with the site
key in the database (as the Garmin login is), so every machine of a site uses it and no log, error
or URL ever shows it. Whether trainer may write back is the athlete's choice, kept beside it."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from trainer.access.sealed import SealBroken, seal, unseal
from trainer.errors import TrainerError
from trainer.ingest.intervals.client import IntervalsClient
from trainer.ingest.intervals.source import SOURCE
from trainer.ingest.source import LoginExpired, RateLimited, Transient, Unreadable
from trainer.settings import Settings
from trainer.store.database import Database, ReadOnlyError
from trainer.store.models import SourceConnection, table_of
from trainer.store.models._base import utc_now
from trainer.store.upsert import upsert

PURPOSE = "intervals.icu"


class NotConnected(TrainerError):
    exit_code = 2


def connect(db: Database, athlete_id: int, api_key: str, settings: Settings, writes: bool = False) -> str:
    """Check the key with one request, then keep it sealed; returns the intervals.icu athlete's name."""
    if db.read_only:
        raise ReadOnlyError()
    key = api_key.strip()
    if not key or any(ch.isspace() for ch in key) or len(key) > 200:
        raise TrainerError("that is not an intervals.icu API key (copy it from the bottom of its Settings page)")
    try:
        with IntervalsClient(settings.intervals_url, key) as client:
            who = client.get("/athlete/0")
    except LoginExpired:
        raise TrainerError("intervals.icu did not accept that API key: nothing was stored") from None
    except (RateLimited, Transient, Unreadable) as error:
        raise TrainerError(
            f"could not reach intervals.icu to check the key ({_words(error)}): try again later"
        ) from None
    row = {
        "athlete_id": athlete_id,
        "source": SOURCE,
        "secret_sealed": seal(settings.key_file, PURPOSE, key),
        "writes": writes,
        "saved_at": utc_now(),
    }
    with db.engine.begin() as connection:
        upsert(connection, table_of(SourceConnection), [row], ("athlete_id", "source"))
    return (
        str(who.get("name") or "your intervals.icu account") if isinstance(who, dict) else "your intervals.icu account"
    )


def _words(error: Exception) -> str:
    if isinstance(error, RateLimited):
        return "it asked to slow down"
    return str(error) or type(error).__name__


def disconnect(db: Database, athlete_id: int) -> bool:
    """Forget the key; whether there was one."""
    if db.read_only:
        raise ReadOnlyError()
    table = table_of(SourceConnection)
    with db.engine.begin() as connection:
        return (
            connection.execute(delete(table).where(table.c.athlete_id == athlete_id, table.c.source == SOURCE)).rowcount
            > 0
        )


def set_writes(db: Database, athlete_id: int, writes: bool) -> None:
    table = table_of(SourceConnection)
    with db.engine.begin() as connection:
        changed = connection.execute(
            update(table).where(table.c.athlete_id == athlete_id, table.c.source == SOURCE).values(writes=writes)
        ).rowcount
    if not changed:
        raise NotConnected("not connected to intervals.icu: connect first")


def stored_key(db: Database, athlete_id: int, settings: Settings) -> tuple[str, bool] | None:
    """(the key, whether writes are on), or None when the athlete has not connected."""
    table = table_of(SourceConnection)
    with db.engine.connect() as connection:
        row = connection.execute(
            select(table.c.secret_sealed, table.c.writes).where(
                table.c.athlete_id == athlete_id, table.c.source == SOURCE
            )
        ).first()
    if row is None:
        return None
    try:
        return unseal(settings.key_file, PURPOSE, row.secret_sealed), bool(row.writes)
    except SealBroken:
        raise TrainerError(
            f"the stored intervals.icu key cannot be opened with the key in {settings.key_file}: give this machine "
            "the site's key file (TRAINER_SECRET_KEY_FILE), or connect again"
        ) from None


def connected(db: Database, athlete_id: int) -> bool:
    table = table_of(SourceConnection)
    with db.engine.connect() as connection:
        return (
            connection.execute(
                select(table.c.athlete_id).where(table.c.athlete_id == athlete_id, table.c.source == SOURCE)
            ).first()
            is not None
        )
