"""Athletes: add, find, list and erase (with everything recorded about them)."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col

from trainer.errors import TrainerError, UnknownAthlete
from trainer.store.database import Database
from trainer.store.models import Athlete, table_of

SEXES = ("male", "female")
SPORTS = ("run", "bike", "swim", "triathlon", "row", "strength", "other")
ZONE_METHODS = ("auto", "lthr", "hrr", "max")


def add_athlete(db: Database, name: str, **settings) -> Athlete:
    """Create an athlete; ``settings`` are Athlete columns (sex, birth_year, max_hr, ...)."""
    athlete = Athlete(name=name, **settings)
    validate_athlete(athlete)
    with Session(db.engine) as session:
        session.add(athlete)
        try:
            session.commit()
        except IntegrityError:
            raise TrainerError(f"an athlete named {name!r} already exists: see `trainer athlete show {name}`") from None
        session.refresh(athlete)
        return athlete


def validate_athlete(athlete: Athlete) -> None:
    problems = []
    name_problem = unsafe_name(athlete.name)
    if name_problem:
        problems.append(name_problem)
    if not _known_time_zone(athlete.time_zone):
        problems.append(
            f"time zone {athlete.time_zone!r} is not an IANA time zone (e.g. Europe/Oslo, America/Denver, UTC)"
        )
    if athlete.sex is not None and athlete.sex not in SEXES:
        problems.append(f"sex must be one of {', '.join(SEXES)}")
    if athlete.birth_year is not None and not 1900 <= athlete.birth_year <= date.today().year:
        problems.append(f"birth year {athlete.birth_year} is not plausible")
    for field, low, high in (("max_hr", 120, 230), ("resting_hr", 25, 120), ("lthr", 100, 220)):
        value = getattr(athlete, field)
        if value is not None and not low <= value <= high:
            problems.append(f"{field} {value} is outside {low}-{high} bpm")
    if athlete.main_sport not in SPORTS:
        problems.append(f"main sport must be one of {', '.join(SPORTS)}")
    if athlete.zone_method not in ZONE_METHODS:
        problems.append(f"zone method must be one of {', '.join(ZONE_METHODS)}")
    if problems:
        raise TrainerError("invalid athlete: " + "; ".join(problems))


def unsafe_name(name: str | None) -> str | None:
    """Why a name cannot be an athlete's, or None. Names are shown everywhere and typed in
    commands, so: 1-80 printable characters, no slashes, not "." or "..", no surrounding spaces."""
    if not name or not name.strip():
        return "name is empty"
    if name != name.strip():
        return "name starts or ends with a space"
    if len(name) > 80:
        return "name is longer than 80 characters"
    if name in (".", "..") or any(ch in name for ch in "/\\") or any(not ch.isprintable() for ch in name):
        return f"name {name!r} has a slash, a control character, or is '.' or '..'"
    return None


def _known_time_zone(zone: str | None) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(zone or "")
        return bool(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False


def get_athlete(db: Database, name: str) -> Athlete:
    with Session(db.engine) as session:
        athlete = session.scalars(select(Athlete).where(col(Athlete.name) == name)).first()
    if athlete is None:
        raise UnknownAthlete(name)
    return athlete


def athlete_by_id(db: Database, athlete_id: int) -> Athlete | None:
    with Session(db.engine) as session:
        return session.get(Athlete, athlete_id)


def all_athletes(db: Database) -> list[Athlete]:
    with Session(db.engine) as session:
        return list(session.scalars(select(Athlete).order_by(col(Athlete.name))).all())


def list_athletes(db: Database) -> pl.DataFrame:
    """One row per athlete, ordered by name."""
    with Session(db.engine) as session:
        athletes = session.scalars(select(Athlete).order_by(col(Athlete.name))).all()
    return pl.DataFrame([a.model_dump() for a in athletes], schema=ATHLETE_SCHEMA, orient="row")


ATHLETE_SCHEMA: dict[str, Any] = {
    "id": pl.Int64,
    "name": pl.String,
    "sex": pl.String,
    "birth_year": pl.Int64,
    "max_hr": pl.Int64,
    "resting_hr": pl.Int64,
    "lthr": pl.Int64,
    "main_sport": pl.String,
    "zone_method": pl.String,
    "time_zone": pl.String,
    "is_demo": pl.Boolean,
    "created_at": pl.Datetime("us", "UTC"),
}


def delete_athlete(db: Database, name: str) -> dict[str, int]:
    """Erase the athlete and every row that refers to them; returns rows deleted per table."""
    athlete = get_athlete(db, name)
    counts: dict[str, int] = {}
    with db.engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            if "athlete_id" in table.c:
                result = connection.execute(delete(table).where(table.c.athlete_id == athlete.id))
                counts[table.name] = result.rowcount
        counts["athlete"] = connection.execute(
            delete(table_of(Athlete)).where(table_of(Athlete).c.id == athlete.id)
        ).rowcount
    return counts
