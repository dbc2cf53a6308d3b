"""Where an athlete's Garmin login lives: sealed in the database, so every machine of a site (the
workers, the app, ``trainer sync``) uses the one login; and the lock that lets one of them use it
at a time, held in the database too (a PostgreSQL advisory lock; with SQLite, a lock file beside
the database, which is one machine's file anyway).

Tokens a config home's folder still holds from before they moved into the database move in on
their first use (``read_tokens``), and the folder goes."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import gettempdir

from sqlalchemy import delete, select, text

from trainer.access.sealed import SealBroken, seal, unseal
from trainer.errors import TrainerError
from trainer.ingest.private import delete_tokens, token_dir
from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.models import GarminLogin, table_of
from trainer.store.models._base import utc_now
from trainer.store.upsert import upsert

PURPOSE = "garmin"
LOCK_SPACE = 0x6761726D  # "garm": the first key of trainer's PostgreSQL advisory locks on Garmin logins
OLD_TOKEN_FILE = "garmin_tokens.json"  # what garminconnect wrote into the folder before


class LoginUnreadable(TrainerError):
    """Tokens sealed with another key: this machine's key file is not the site's."""


def save_tokens(db: Database, athlete_id: int, tokens: str, settings: Settings) -> None:
    row = {"athlete_id": athlete_id, "tokens_sealed": seal(settings.key_file, PURPOSE, tokens), "saved_at": utc_now()}
    with db.engine.begin() as connection:
        upsert(connection, table_of(GarminLogin), [row], ("athlete_id",))


def read_tokens(db: Database, athlete_id: int, settings: Settings) -> str | None:
    """The athlete's tokens, or None when none are stored."""
    g = table_of(GarminLogin)
    with db.engine.connect() as connection:
        sealed = connection.execute(select(g.c.tokens_sealed).where(g.c.athlete_id == athlete_id)).scalar()
    if sealed is None:
        return _move_in_old_folder(db, athlete_id, settings)
    try:
        return unseal(settings.key_file, PURPOSE, sealed)
    except SealBroken:
        raise LoginUnreadable(
            f"the stored Garmin login cannot be opened with the key in {settings.key_file}: give this machine the "
            "site's key file (TRAINER_SECRET_KEY_FILE), or log in again"
        ) from None


def _old_token_file(athlete_id: int, settings: Settings) -> Path:
    """Where an older trainer kept the athlete's tokens (garminconnect's file in the config home)."""
    return token_dir(athlete_id, settings) / OLD_TOKEN_FILE


def _move_in_old_folder(db: Database, athlete_id: int, settings: Settings) -> str | None:
    """Tokens left in the config home by an older trainer: into the database, and the folder goes
    (read where they are when the database is read-only)."""
    old = _old_token_file(athlete_id, settings)
    if not old.is_file():
        return None
    tokens = old.read_text(errors="replace")
    if not db.read_only:
        save_tokens(db, athlete_id, tokens, settings)
        delete_tokens(athlete_id, settings)
    return tokens


def athletes_with_login(db: Database, settings: Settings) -> set[int]:
    """Whose Garmin login is stored (an expired one counts: it is a failure to report)."""
    g = table_of(GarminLogin)
    with db.engine.connect() as connection:
        stored = set(connection.execute(select(g.c.athlete_id)).scalars())
    old_root = settings.config_home / "garmin"
    if old_root.is_dir():
        for folder in old_root.glob("athlete-*"):
            number = folder.name.removeprefix("athlete-")
            if number.isdigit() and (folder / OLD_TOKEN_FILE).is_file():
                stored.add(int(number))
    return stored


def has_login(db: Database, athlete_id: int, settings: Settings) -> bool:
    """Whether this athlete's login is stored: one row and one file looked at (each morning asks)."""
    g = table_of(GarminLogin)
    with db.engine.connect() as connection:
        stored = connection.execute(select(g.c.athlete_id).where(g.c.athlete_id == athlete_id)).first()
    return stored is not None or _old_token_file(athlete_id, settings).is_file()


def unreadable_logins(db: Database, settings: Settings) -> list[int]:
    """Athletes whose stored login this machine's key cannot open (a worker says so when it starts)."""
    g = table_of(GarminLogin)
    with db.engine.connect() as connection:
        rows = connection.execute(select(g.c.athlete_id, g.c.tokens_sealed)).all()
    unreadable = []
    for athlete_id, sealed in rows:
        try:
            unseal(settings.key_file, PURPOSE, sealed)
        except SealBroken:
            unreadable.append(athlete_id)
    return unreadable


def forget_login(db: Database, athlete_id: int, settings: Settings) -> bool:
    """Remove the athlete's stored login (and any old token folder); whether there was one."""
    g = table_of(GarminLogin)
    with db.engine.begin() as connection:
        removed = connection.execute(delete(g).where(g.c.athlete_id == athlete_id)).rowcount > 0
    return delete_tokens(athlete_id, settings) or removed


@contextmanager
def held(db: Database, athlete_id: int, name: str, wait_s: float) -> Iterator[None]:
    """The athlete's login for this use alone, across every process and machine of the site."""
    waited = _postgres_lock(db, athlete_id) if db.dialect == "postgresql" else _file_lock(db, athlete_id)
    deadline = time.monotonic() + wait_s
    with waited as try_once:
        while not try_once():
            if time.monotonic() > deadline:
                raise TrainerError(f"another use of {name}'s Garmin login is still under way: try again later")
            time.sleep(0.2)
        yield


@contextmanager
def _postgres_lock(db: Database, athlete_id: int):
    """A session advisory lock on a connection of its own: released when the use ends, or by
    PostgreSQL itself when the process holding it dies."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        key = {"space": LOCK_SPACE, "athlete": athlete_id}
        got = False

        def try_once() -> bool:
            nonlocal got
            got = bool(connection.execute(text("select pg_try_advisory_lock(:space, :athlete)"), key).scalar())
            return got

        try:
            yield try_once
        finally:
            if got:
                connection.execute(text("select pg_advisory_unlock(:space, :athlete)"), key)


@contextmanager
def _file_lock(db: Database, athlete_id: int):
    import fcntl

    folder = _lock_folder(db)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle = os.open(folder / f"garmin-athlete-{athlete_id}.lock", os.O_RDWR | os.O_CREAT, 0o600)

    def try_once() -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    try:
        yield try_once
    finally:
        os.close(handle)  # closing releases the lock


def _lock_folder(db: Database) -> Path:
    """Beside the SQLite file (one machine's file: every process using it sees the same locks)."""
    path = db.engine.url.database
    if not path or path == ":memory:":
        return Path(gettempdir()) / "trainer-locks"
    database = Path(path)
    return database.with_name(database.name + "-locks")
