"""The queue: Huey, in a SQLite file beside a SQLite database, or in the same PostgreSQL (its own
tables, prefix ``huey``) when trainer's database is one. One code path for both."""

from __future__ import annotations

from pathlib import Path

from huey import Huey, PostgresHuey, SqliteHuey
from sqlalchemy.engine import make_url

from trainer.settings import Settings

QUEUE_NAME = "trainer"


def queue_file(database_url: str) -> Path:
    """``data/trainer.db`` -> ``data/trainer-jobs.db``."""
    path = Path(make_url(database_url).database or "trainer.db")
    return path.with_name(f"{path.stem}-jobs.db")


SCHEMA_LOCK = 727_001  # a PostgreSQL advisory lock: one process at a time creates the queue's tables


def create_queue_tables(dsn: str, ddl: list[str]) -> None:
    """Huey's ``create table if not exists``, one process at a time: on a fresh database two
    workers starting together both tried and one died ("duplicate key ... pg_type")."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("select pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        try:
            for statement in ddl:
                connection.execute(statement)
        finally:
            connection.execute("select pg_advisory_unlock(%s)", (SCHEMA_LOCK,))


def make_huey(settings: Settings, immediate: bool = False) -> Huey:
    url = make_url(settings.database_url)
    if url.get_backend_name() == "postgresql":
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        huey = PostgresHuey(QUEUE_NAME, dsn=dsn, immediate=immediate, utc=True, results=False, create_tables=False)
        create_queue_tables(dsn, huey.storage.ddl)
        return huey
    return SqliteHuey(
        QUEUE_NAME, filename=str(queue_file(settings.database_url)), immediate=immediate, utc=True, results=False
    )
