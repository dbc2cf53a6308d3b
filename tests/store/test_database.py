"""Opening databases: automatic first migration, version checks, read-only mode, SQLite pragmas."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, insert, text
from sqlalchemy.exc import DBAPIError

from trainer.errors import DatabaseError
from trainer.store.database import head_revision, make_engine, open_database, schema_state
from trainer.store.models import Athlete


def test_empty_database_is_migrated_on_first_use(db_url):
    db = open_database(db_url)
    assert schema_state(db.engine) == "current"
    with db.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == head_revision()


def test_database_at_unknown_revision_is_refused_and_left_alone(db_url):
    db = open_database(db_url)
    with db.engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num = 'fffffffffff'"))
    with pytest.raises(DatabaseError, match="newer than this trainer"):
        open_database(db_url)
    with db.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "fffffffffff"


def test_foreign_tables_without_version_are_not_taken_over(tmp_path):
    url = f"sqlite:///{tmp_path / 'other.db'}"
    with create_engine(url).begin() as conn:
        conn.execute(text("create table invoices (id integer)"))
    with pytest.raises(DatabaseError, match="not a trainer database"):
        open_database(url)


def test_garbage_file_gives_a_clear_error(tmp_path):
    path = tmp_path / "trainer.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match="cannot open the database"):
        open_database(f"sqlite:///{path}")


def test_read_only_database_refuses_writes(db_url):
    open_database(db_url).engine.dispose()
    ro = open_database(db_url, read_only=True)
    with pytest.raises(DBAPIError, match="(?i)read.?only"):
        with ro.engine.begin() as conn:
            conn.execute(
                insert(Athlete.__table__).values(
                    name="x",
                    main_sport="run",
                    zone_method="auto",
                    time_zone="UTC",
                    is_demo=False,
                    created_at=text("CURRENT_TIMESTAMP"),
                )
            )


def test_read_only_never_creates_a_missing_sqlite_file(tmp_path):
    path = tmp_path / "missing.db"
    with pytest.raises(DatabaseError, match="no database at"):
        open_database(f"sqlite:///{path}", read_only=True)
    assert not path.exists()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 't.db'}")
    with db.engine.connect() as conn:
        assert conn.execute(text("pragma journal_mode")).scalar() == "wal"
        assert conn.execute(text("pragma foreign_keys")).scalar() == 1


def test_unsupported_url_is_explained():
    with pytest.raises(DatabaseError, match="unsupported database URL"):
        make_engine("mysql://u:secret@host/db")


def test_an_older_schema_is_left_alone_until_upgraded_and_keeps_its_rows(db_url):
    from alembic import command

    from trainer.store.database import alembic_config, make_engine, upgrade

    engine = make_engine(db_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(
            text(
                "insert into athlete (name, main_sport, zone_method, time_zone, is_demo, created_at) values ('ana', "
                "'run', 'auto', 'UTC', false, CURRENT_TIMESTAMP)"
            )
        )
    with pytest.raises(DatabaseError, match="run `trainer db upgrade`"):
        open_database(db_url)
    assert upgrade(engine) == ("0001", head_revision())
    db = open_database(db_url)
    with db.engine.connect() as conn:
        assert conn.execute(text("select name from athlete")).scalars().all() == ["ana"]
        assert "recovered" in {c["name"] for c in __import__("sqlalchemy").inspect(db.engine).get_columns("activity")}


def test_migrations_build_exactly_the_models_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    db = open_database(f"sqlite:///{tmp_path / 't.db'}")
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []


def test_the_schema_check_reads_the_revisions_as_alembic_does():
    """Opening a database reads the migrations' revision lines itself (no Alembic import); they are
    the same revisions, and the same head, as Alembic's own reading."""
    from alembic.script import ScriptDirectory

    from trainer.store.database import alembic_config, head_revision, known_revisions

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {revision.revision for revision in script.walk_revisions()}
