"""Write demo athletes to the database: idempotent, so running it twice changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

import polars as pl
from sqlalchemy import Connection, delete, select

from trainer.demo.generator import DAYS, DemoData, generate
from trainer.demo.profiles import DEMO_PROFILES, DemoProfile
from trainer.scoring.thresholds import CURVE_SECONDS
from trainer.store.database import Database
from trainer.store.models import Activity, Athlete, DailyWellness, PerceivedReadiness, table_of
from trainer.store.models._base import utc_now
from trainer.store.upsert import upsert

DEMO_SOURCE = "demo"


def write_demo(
    db: Database,
    end: date,
    profiles: Sequence[DemoProfile] = DEMO_PROFILES,
    days: int = DAYS,
    seed: int = 7,
    progress: Callable[[str], None] = lambda _name: None,
) -> dict[str, int]:
    """Generate and store each profile; rows from an earlier run that no longer exist are removed.

    Rows are updated in place (same ids), so exports after a second run are byte-identical.
    Only athletes the demo created (``is_demo``) are touched: a real athlete who happens to carry
    a demo name is left alone and listed under ``"skipped"``. Returns row counts per table.
    """
    counts: dict = {"athletes": 0, "wellness": 0, "activities": 0, "readiness": 0, "skipped": []}
    for profile in profiles:
        if _real_athlete_named(db, profile.name):
            counts["skipped"].append(profile.name)
            progress(profile.name)
            continue
        data = generate(profile, end, days=days, seed=seed)
        with db.engine.begin() as connection:
            athlete_id = _upsert_athlete(connection, profile)
            counts["wellness"] += _replace_rows(
                connection,
                table_of(DailyWellness),
                athlete_id,
                _wellness_rows(data, athlete_id),
                ("athlete_id", "date"),
            )
            counts["readiness"] += _replace_rows(
                connection,
                table_of(PerceivedReadiness),
                athlete_id,
                _readiness_rows(data, athlete_id),
                ("athlete_id", "date"),
            )
            counts["activities"] += _replace_rows(
                connection,
                table_of(Activity),
                athlete_id,
                _with_power(_activity_rows(data, athlete_id), profile.ftp),
                ("athlete_id", "source", "source_id"),
            )
        counts["athletes"] += 1
        progress(profile.name)
    if any(p.name == DEMO_GOAL_ATHLETE for p in profiles) and DEMO_GOAL_ATHLETE not in counts["skipped"]:
        write_demo_goal(db, end)
    return counts


def _real_athlete_named(db: Database, name: str) -> bool:
    table = table_of(Athlete)
    with db.engine.connect() as connection:
        return (
            connection.execute(select(table.c.id).where(table.c.name == name, table.c.is_demo.is_(False))).first()
            is not None
        )


DEMO_GOAL_ATHLETE = "demo-marathoner"
DEMO_GOAL_NAME = "Spring marathon"


def write_demo_goal(db: Database, end: date) -> None:
    """A spring marathon for the demo marathoner, planned four weeks before ``end`` so the app shows
    done / missed sessions and compliance; left alone if it exists (the demo stays idempotent)."""
    from trainer.planning.goals import GoalSpec
    from trainer.planning.service import create_plan
    from trainer.planning.store import add_goal, list_goals
    from trainer.store.athletes import get_athlete

    athlete = get_athlete(db, DEMO_GOAL_ATHLETE)
    if any(goal.name == DEMO_GOAL_NAME for goal in list_goals(db, athlete.id)):
        return
    race = end + timedelta(weeks=18, days=(6 - end.weekday()) % 7)  # a Sunday about 18 weeks out
    goal = add_goal(
        db,
        athlete.id,
        GoalSpec(
            DEMO_GOAL_NAME,
            42.195,
            race,
            target_time_s=3 * 3600 + 30 * 60,
            days_per_week=5,
            available_days=(0, 1, 3, 5, 6),
            max_minutes=180,
        ),
    )
    create_plan(db, athlete, goal.id, end - timedelta(days=28))


def _upsert_athlete(connection: Connection, profile: DemoProfile) -> int:
    row = {
        "name": profile.name,
        "sex": profile.sex,
        "birth_year": profile.birth_year,
        "max_hr": profile.max_hr,
        "resting_hr": None,
        "lthr": None,
        "main_sport": profile.main_sport,
        "zone_method": "auto",
        "time_zone": profile.time_zone,
        "is_demo": True,
        "created_at": utc_now(),
    }
    existing = connection.execute(
        select(table_of(Athlete).c.id).where(table_of(Athlete).c.name == profile.name)
    ).scalar()
    if existing is None:
        return connection.execute(table_of(Athlete).insert().values(**row)).inserted_primary_key[0]
    row.pop("created_at")
    connection.execute(table_of(Athlete).update().where(table_of(Athlete).c.id == existing).values(**row))
    return existing


def _replace_rows(connection: Connection, table, athlete_id: int, rows: list[dict], keys: tuple[str, ...]) -> int:
    """Upsert ``rows`` and delete this athlete's rows whose key is not among them."""
    upsert(connection, table, rows, keys)
    key_column = keys[-1]
    wanted = {row[key_column] for row in rows}
    present = connection.execute(select(table.c[key_column]).where(table.c.athlete_id == athlete_id)).scalars().all()
    stale = [value for value in present if value not in wanted]
    for start in range(0, len(stale), 500):
        connection.execute(
            delete(table).where(table.c.athlete_id == athlete_id, table.c[key_column].in_(stale[start : start + 500]))
        )
    return len(rows)


def _wellness_rows(data: DemoData, athlete_id: int) -> list[dict]:
    now = utc_now()
    frame = data.wellness.with_columns(athlete_id=pl.lit(athlete_id), source=pl.lit(DEMO_SOURCE))
    return [{**row, "updated_at": now} for row in frame.to_dicts()]


def _readiness_rows(data: DemoData, athlete_id: int) -> list[dict]:
    now = utc_now()
    frame = data.readiness.with_columns(
        athlete_id=pl.lit(athlete_id), source=pl.lit(DEMO_SOURCE), note=pl.lit(None, pl.String)
    )
    return [{**row, "created_at": now} for row in frame.to_dicts()]


DEMO_INTENSITY_OF_FTP = {"recovery": 0.50, "easy": 0.66, "moderate": 0.82, "hard": 0.97, "maximal": 1.08}
DEMO_W_PRIME_J = 20_000


def _with_power(rows: list[dict], ftp: int | None) -> list[dict]:
    """A demo cyclist's rides with power: weighted power by the ride's intensity, and best efforts
    from the critical-power model (CP = FTP, W' 20 kJ) scaled by how hard the ride was."""
    if ftp is None:
        return rows
    for row in rows:
        row |= {"weighted_power": None, "avg_power": None, "power_curve": None, "device_ftp": None}
        if row["sport"] != "bike":
            continue
        share = DEMO_INTENSITY_OF_FTP.get(row["name"].split(" ")[0], 0.66)
        effort = min(1.0, share / DEMO_INTENSITY_OF_FTP["hard"])
        curve = {
            str(t): round(effort * min(ftp + DEMO_W_PRIME_J / t, 4 * ftp))
            for t in CURVE_SECONDS
            if t <= row["duration_s"]
        }
        row |= {
            "weighted_power": round(share * ftp, 1),
            "avg_power": round(0.93 * share * ftp, 1),
            "power_curve": curve,
            "device_ftp": ftp,
        }
    return rows


def _activity_rows(data: DemoData, athlete_id: int) -> list[dict]:
    frame = data.activities.select(
        pl.lit(athlete_id).alias("athlete_id"),
        pl.lit(DEMO_SOURCE).alias("source"),
        "source_id",
        "sport",
        "name",
        "start_time",
        pl.col("date").alias("local_date"),
        "duration_s",
        "distance_m",
        "avg_hr",
        "max_hr",
        "load",
        pl.lit("garmin").alias("load_source"),
        pl.lit(None, pl.Float64).alias("rpe"),
        pl.lit(False).alias("manual"),
        pl.lit(None, pl.Int64).alias("parent_id"),
        pl.lit(None, pl.String).alias("file_hash"),
    )
    return frame.to_dicts()
