"""Opening the database: engines for SQLite and PostgreSQL, read-only mode, and the schema check.

SQLite runs in WAL mode with foreign keys on. The published app opens the database read-only:
SQLite with ``mode=ro``, PostgreSQL with every transaction read-only, so the server itself refuses
a write whatever the app does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from trainer.errors import DatabaseError, TrainerError
from trainer.settings import Settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class Database:
    """An engine whose schema has been checked against this version of trainer."""

    engine: Engine
    url: str
    read_only: bool

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


class ReadOnlyError(TrainerError):
    def __init__(self) -> None:
        super().__init__("this trainer is published read-only: nothing can be written here")


def open_database(url: str | None = None, *, read_only: bool = False) -> Database:
    """Open (and on first use create) the database at ``url``; default from the settings.

    An empty database is migrated to the current schema; a database at another schema version
    raises :class:`DatabaseError` saying what to do, and is never changed silently.
    """
    url = url or Settings.from_env().database_url
    _check_sqlite_file(url, read_only)
    engine = make_engine(url, read_only=read_only)
    try:
        state = schema_state(engine)
        if state == "empty":
            if read_only:
                raise DatabaseError(
                    f"the database at {_safe(url)} is empty: create it with `trainer demo` or `trainer db upgrade`"
                )
            upgrade(engine)
        elif state != "current":
            raise DatabaseError(state)
    except DBAPIError as exc:
        raise DatabaseError(f"cannot open the database at {_safe(url)}: {_reason(exc)}") from None
    return Database(engine=engine, url=url, read_only=read_only)


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed.database or "", read_only)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        options = {"options": "-c default_transaction_read_only=on"} if read_only else {}
        return create_engine(parsed, connect_args=options, pool_pre_ping=True)
    raise DatabaseError(f"unsupported database URL {_safe(url)}: use sqlite:///path or postgresql://...")


def _sqlite_engine(path: str, read_only: bool) -> Engine:
    if path in ("", ":memory:"):
        engine = create_engine("sqlite://")
    elif read_only:
        uri = f"sqlite:///file:{Path(path).resolve()}?mode=ro&uri=true"
        engine = create_engine(uri, connect_args={"timeout": 5})
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 5})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if not read_only and path not in ("", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def _check_sqlite_file(url: str, read_only: bool) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    if read_only and not path.exists():
        raise DatabaseError(
            f"no database at {path}: create one with `trainer demo` (demo data) or `trainer db upgrade`"
        )
    if not read_only and not path.parent.exists():
        raise DatabaseError(f"cannot create the database {path}: the folder {path.parent} does not exist")


def alembic_config(engine_connection=None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine_connection is not None:
        config.attributes["connection"] = engine_connection
    return config


_REVISION = re.compile(r'^revision = "([^"]+)"\s*$\n^down_revision = (?:"([^"]+)"|None)\s*$', re.M)


@functools.cache
def _revisions() -> dict[str, str | None]:
    """Each migration's revision and the one before it, read from the files themselves: opening a
    database checks its schema without importing Alembic (a third of the command line's start-up).
    ``tests/store/test_database.py`` checks this against Alembic's own reading."""
    found: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("[0-9]*.py")):
        match = _REVISION.search(path.read_text(encoding="utf-8"))
        if match is None:
            raise DatabaseError(f"{path.name}: no revision line")
        found[match.group(1)] = match.group(2)
    return found


def head_revision() -> str:
    revisions = _revisions()
    (head,) = set(revisions) - set(revisions.values())
    return head


def known_revisions() -> set[str]:
    return set(_revisions())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_state(engine: Engine) -> str:
    """'empty', 'current', or a message saying why this database cannot be used as it is."""
    tables = set(inspect(engine).get_table_names())
    if not tables:
        return "empty"
    if "alembic_version" not in tables:
        return (
            "this database has tables but no trainer schema version: it is not a trainer database; "
            "point TRAINER_DATABASE_URL or --db elsewhere"
        )
    revision, head = current_revision(engine), head_revision()
    if revision == head:
        return "current"
    if revision in known_revisions():
        return (
            f"the database schema is at {revision}, this trainer needs {head}: "
            "run `trainer db upgrade` (back it up first)"
        )
    return (
        f"the database schema {revision} is newer than this trainer knows (head {head}): "
        "upgrade trainer, or use another database"
    )


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Migrate to the newest schema in one transaction; returns (from, to) revisions.

    Either every migration is saved or none is: a failure or a kill at any moment leaves the
    schema the database had, and the next upgrade starts again from there.
    """
    before = current_revision(engine) if inspect(engine).get_table_names() else None
    if before is not None and before not in known_revisions():
        raise DatabaseError(schema_state(engine))
    try:
        with _migration_transaction(engine) as connection:
            from alembic import command

            command.upgrade(alembic_config(connection), "head")
    except (DBAPIError, DatabaseError) as exc:
        reason = _reason(exc) if isinstance(exc, DBAPIError) else str(exc)
        kept = f"the database is unchanged, still at schema {before}" if before else "the database is unchanged"
        raise DatabaseError(f"cannot upgrade the database to {head_revision()}: {reason}; {kept}") from None
    return before, head_revision()


@contextmanager
def _migration_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection whose migrations are one real transaction, committed only if all of them ran.

    PostgreSQL's DDL is transactional as it is. SQLite's is too, but Python's driver commits each
    CREATE / ALTER / DROP by itself, so the driver's own transaction handling is switched off and
    the transaction is begun and ended here. Foreign keys are off meanwhile (they cannot change
    inside a transaction): Alembic rebuilds a SQLite table by copying it and dropping the old one,
    and with foreign keys on that drop deletes every row that points at the table (multisport legs,
    planned workouts' links). They are checked before the commit instead.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        raw: Any = connection.connection.dbapi_connection  # sqlite3.Connection: its transaction is driven by hand
        raw.isolation_level = None  # the driver neither begins nor commits on its own
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            broken_before = len(connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall())
            yield connection
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if len(broken) > broken_before:
                raise DatabaseError(f"{len(broken) - broken_before} rows of {broken[0][0]} would point at nothing")
            connection.exec_driver_sql("COMMIT")
        except BaseException:
            if raw.in_transaction:
                raw.execute("ROLLBACK")
            raise
        finally:
            connection.rollback()
            raw.execute("PRAGMA foreign_keys=ON")
            raw.isolation_level = ""


def _reason(exc: DBAPIError) -> str:
    return str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)
