"""Upgrades from databases that earlier releases of trainer made lose no row, on SQLite and PostgreSQL.

The databases in ``tests/fixtures/old_databases`` were made by trainer's own code at older commits
(``make.sh`` there says how), with a triathlon whose seven legs hang off a parent activity, and
exported by that same code. After ``trainer db upgrade`` every row of those exports must still be
there, unchanged; a planned workout linked to a leg keeps its link.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import polars as pl
import pytest
from alembic import command
from sqlalchemy import MetaData, create_engine, insert, inspect, text

from trainer.export import EXPORT_COLUMNS, _csv_ready, export_frame
from trainer.store.database import alembic_config, head_revision, make_engine, open_database, upgrade

OLD = Path(__file__).parent.parent / "fixtures" / "old_databases"
SCHEMAS = ["0002", "0006", "0007"]
KINDS = list(EXPORT_COLUMNS)
LEG = 4  # a running leg of the triathlon (its parent is activity 1)


def old_copy(schema: str, tmp_path: Path) -> Path:
    path = tmp_path / f"old-{schema}.db"
    shutil.copy(OLD / f"schema-{schema}.db", path)
    if schema != "0002":  # planning tables exist from 0001; give one planned workout a leg to point at
        with sqlite3.connect(path) as connection:
            link_a_planned_workout(connection.execute)
    return path


def link_a_planned_workout(execute) -> None:
    now = "2015-08-01 06:00:00"
    execute(
        f"INSERT INTO goal (id, athlete_id, name, sport, distance_km, event_date, priority, days_per_week, status, "
        f"created_at, updated_at) VALUES (1, 1, 'Olympic', 'triathlon', 51.5, '2015-09-20', 'A', 5, 'active', "
        f"'{now}', '{now}')"
    )
    execute(
        f"INSERT INTO training_plan (id, athlete_id, goal_id, version, start_date, end_date, is_current, weeks, "
        f"created_at) VALUES (1, 1, 1, 1, '2015-08-01', '2015-09-20', 1, '[]', '{now}')"
    )
    execute(
        "INSERT INTO planned_workout (id, athlete_id, plan_id, date, sport, minutes, intensity, purpose, activity_id)"
        f" VALUES (1, 1, 1, '2015-08-29', 'run', 40, 'easy', 'race', {LEG})"
    )


def exported(url: str, kind: str) -> pl.DataFrame:
    database = open_database(url, read_only=True)
    try:
        return pl.read_csv(_csv_ready(export_frame(database, kind)).write_csv().encode(), infer_schema=False)
    finally:
        database.engine.dispose()


def assert_every_old_row_survives(url: str, schema: str) -> None:
    for kind in KINDS:
        before = pl.read_csv(OLD / f"schema-{schema}-export-{kind}.csv", infer_schema=False)
        after = exported(url, kind).select(before.columns)
        assert before.height > 0, kind
        key = before.columns
        assert after.sort(key).rows() == before.sort(key).rows(), f"{kind} rows changed in the upgrade from {schema}"


def planned_link(url: str) -> int | None:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT activity_id FROM planned_workout WHERE id = 1")).scalar()
    engine.dispose()
    return found


@pytest.mark.parametrize("schema", SCHEMAS)
def test_sqlite_upgrade_keeps_every_row_and_the_multisport_legs(schema, tmp_path):
    url = f"sqlite:///{old_copy(schema, tmp_path)}"
    before, after = upgrade(make_engine(url))
    assert (before, after) == (schema, head_revision())
    assert_every_old_row_survives(url, schema)
    legs = exported(url, "activities").filter(pl.col("parent_id") == "1")
    assert legs.height == 7
    if schema != "0002":
        assert planned_link(url) == LEG
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.postgres
@pytest.mark.parametrize("schema", SCHEMAS)
def test_postgres_upgrade_keeps_every_row_and_the_multisport_legs(schema, tmp_path, postgres):
    """The same old rows, put into a PostgreSQL database at the old schema, then upgraded."""
    url = postgres.create_database(f"old_{schema}_{tmp_path.name[-8:].lower().replace('-', '_')}")
    engine = make_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), schema)
    copy_rows(create_engine(f"sqlite:///{old_copy(schema, tmp_path)}"), engine)
    before, after = upgrade(engine)
    assert (before, after) == (schema, head_revision())
    assert_every_old_row_survives(url, schema)
    assert exported(url, "activities").filter(pl.col("parent_id") == "1").height == 7
    if schema != "0002":
        assert planned_link(url) == LEG
    engine.dispose()


def copy_rows(source, target) -> None:
    """Every row of every table of ``source`` into the same tables of ``target`` (parents first)."""
    old = MetaData()
    old.reflect(source)
    new = MetaData()
    new.reflect(target)
    with source.connect() as reading, target.begin() as writing:
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [dict(row._mapping) for row in reading.execute(table.select())]
            if rows:
                writing.execute(insert(new.tables[table.name]), rows)
        for table in new.sorted_tables:
            if "id" in table.c and inspect(target).get_pk_constraint(table.name)["constrained_columns"] == ["id"]:
                writing.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                    )
                )


# A kill -9 at the k-th SQL statement of an upgrade, in a process of its own.
KILLER = """
import os, signal, sys
from sqlalchemy import event
from trainer.store.database import make_engine, upgrade
engine, at, seen = make_engine(sys.argv[1]), int(sys.argv[2]), [0]
@event.listens_for(engine, "before_cursor_execute")
def count(*_):
    seen[0] += 1
    if seen[0] == at:
        os.kill(os.getpid(), signal.SIGKILL)
upgrade(engine)
"""


def statements_of_an_upgrade(url: str) -> int:
    engine, seen = make_engine(url), [0]

    def count(*_):
        seen[0] += 1

    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", count)
    upgrade(engine)
    engine.dispose()
    return seen[0]


def kill_moments(total: int, wanted: int) -> list[int]:
    return sorted({1 + round(i * (total - 1) / (wanted - 1)) for i in range(wanted)})


def assert_killed_upgrades_are_finished_by_the_next(fresh_url, schema: str, moments: int) -> None:
    import subprocess
    import sys

    from trainer.store.database import current_revision

    total = statements_of_an_upgrade(fresh_url(0))
    assert total >= 20  # an upgrade from 0006 is dozens of statements
    for n, at in enumerate(kill_moments(total, moments), start=1):
        url = fresh_url(n)
        result = subprocess.run(
            [sys.executable, "-c", KILLER, url, str(at)], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == -9, (at, result.stderr[-2000:])
        engine = make_engine(url)
        assert current_revision(engine) in (schema, head_revision()), at
        upgrade(engine)  # the next upgrade finishes the job
        engine.dispose()
        assert_every_old_row_survives(url, schema)
        assert exported(url, "activities").filter(pl.col("parent_id") == "1").height == 7, at


def test_a_sqlite_upgrade_killed_at_any_of_31_moments_leaves_the_old_schema_and_the_next_finishes(tmp_path):
    def fresh(n: int) -> str:
        folder = tmp_path / str(n)
        folder.mkdir()
        return f"sqlite:///{old_copy('0006', folder)}"

    assert_killed_upgrades_are_finished_by_the_next(fresh, "0006", 31)


@pytest.mark.postgres
def test_a_postgres_upgrade_killed_mid_way_leaves_the_old_schema_and_the_next_finishes(tmp_path, postgres):
    source = old_copy("0006", tmp_path)

    def fresh(n: int) -> str:
        url = postgres.create_database(f"killed_{n}_{tmp_path.name[-8:].lower().replace('-', '_')}")
        engine = make_engine(url)
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0006")
        copy_rows(create_engine(f"sqlite:///{source}"), engine)
        engine.dispose()
        return url

    assert_killed_upgrades_are_finished_by_the_next(fresh, "0006", 8)


def test_legs_lost_by_an_earlier_upgrade_come_back_when_the_fit_file_is_imported_again(tmp_path):
    """Migration 0008 used to delete multisport legs; the README's way back is importing the file again."""
    from trainer.ingest.fit_import import import_fit
    from trainer.store.athletes import get_athlete

    url = f"sqlite:///{old_copy('0007', tmp_path)}"
    upgrade(make_engine(url))
    with make_engine(url).begin() as connection:  # what a database upgraded by the broken migration holds
        connection.execute(text("DELETE FROM activity WHERE parent_id = 1"))
    database = open_database(url)
    triathlon = Path(__file__).parent.parent / "fixtures" / "fit" / "triathlon_garmin-fenix2_hr_gps_2015-08-29.fit"
    summary = import_fit(database, get_athlete(database, "tri"), [triathlon])
    assert summary.activities_added == 7
    legs = exported(url, "activities").filter(pl.col("parent_id") == "1")
    old_legs = pl.read_csv(OLD / "schema-0007-export-activities.csv", infer_schema=False).filter(
        pl.col("parent_id") == "1"
    )
    assert sorted(legs["start_time"]) == sorted(old_legs["start_time"])  # the same seven legs, with their loads again
    assert legs["load"].null_count() == old_legs["load"].null_count() < 7
    again = import_fit(database, get_athlete(database, "tri"), [triathlon])
    assert (again.activities_added, again.activities_unchanged) == (0, 1)
