"""``trainer import fit``: activity files (one activity per session, multisport legs under a
parent) and daily monitoring files (resting HR). One transaction per file; the same file twice
changes nothing (activities are keyed by the file's hash); a damaged file is salvaged and marked."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select
from sqlalchemy.exc import SQLAlchemyError

from trainer.ingest.files import read_bounded
from trainer.ingest.fit.activities import HeartRateBasis, activities_from
from trainer.ingest.fit.decode import DecodedFit, FitUnreadable, decode_fit
from trainer.ingest.heart_rate_basis import heart_rate_basis
from trainer.ingest.merge import merge_activities, merge_wellness, power_into_twin, recorded_twin
from trainer.store.database import Database
from trainer.store.models import Activity, Athlete, id_of, table_of
from trainer.store.performance import athlete_thresholds


@dataclass
class FitSummary:
    files: int = 0
    activities_added: int = 0
    activities_unchanged: int = 0
    days_added: int = 0
    days_updated: int = 0
    days_unchanged: int = 0
    recovered: int = 0
    rejected: int = 0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.files} files: activities {self.activities_added} added, {self.activities_unchanged} unchanged; "
            f"resting-HR days {self.days_added} added, {self.days_updated} updated, {self.days_unchanged} unchanged; "
            f"{self.recovered} recovered from damage, {self.rejected} rejected"
        )


def fit_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() == ".fit") if path.is_dir() else [path])
    return found


def import_fit(
    db: Database, athlete: Athlete, paths: Iterable[Path], progress: Callable[[Path], None] = lambda _p: None
) -> FitSummary:
    summary = FitSummary()
    for path in fit_files(paths):
        summary.files += 1
        _import_file(db, athlete, path, summary)
        progress(path)
    return summary


def _import_file(db: Database, athlete: Athlete, path: Path, summary: FitSummary) -> None:
    try:
        content = read_bounded(path, "fit")
        decoded = decode_fit(path)
    except OSError as problem:
        summary.rejected += 1
        summary.warnings.append(f"{path}: rejected: {problem.strerror or problem}")
        return
    except FitUnreadable as problem:
        summary.rejected += 1
        summary.warnings.append(f"{path}: rejected: {problem}")
        return
    except Exception as problem:  # noqa: BLE001  any bytes get a verdict, never a traceback
        summary.rejected += 1
        summary.warnings.append(f"{path}: rejected: not a FIT file trainer can read ({type(problem).__name__})")
        return
    file_hash = hashlib.sha256(content).hexdigest()[:32]
    if decoded.recovered:
        summary.recovered += 1
        summary.warnings.append(f"{path}: damaged ({decoded.recovered}); kept what decoded, marked recovered")
    try:
        if decoded.resting_hr:
            _store_resting_hr(db, athlete, decoded, summary)
        elif decoded.sessions or decoded.records.height:
            _store_activities(db, athlete, decoded, file_hash, summary)
        else:
            summary.rejected += 1
            summary.warnings.append(
                f"{path}: rejected: nothing trainer uses in it (no sessions, no records, no resting heart rate)"
            )
    except SQLAlchemyError as problem:
        summary.rejected += 1
        summary.warnings.append(
            f"{path}: not written: the database refused it ({_reason(problem)}); the files before it are kept"
        )
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError) as problem:
        summary.rejected += 1
        summary.warnings.append(
            f"{path}: rejected: a value in it makes no sense ({type(problem).__name__}); nothing from it was written"
        )


def _reason(problem: SQLAlchemyError) -> str:
    return str(getattr(problem, "orig", None) or problem).splitlines()[0][:160]


def _store_activities(db: Database, athlete: Athlete, decoded: DecodedFit, file_hash: str, summary: FitSummary) -> None:
    table, legs = table_of(Activity), table_of(Activity).alias("leg")
    # a multisport parent without its legs is not the whole file (migration 0008 once deleted legs):
    # importing the file again puts them back
    legless_parent = table.c.source_id.endswith(":multisport") & ~exists().where(legs.c.parent_id == table.c.id)
    with db.engine.connect() as connection:
        known = connection.execute(
            select(table.c.id)
            .where(table.c.athlete_id == athlete.id, table.c.file_hash == file_hash, ~legless_parent)
            .limit(1)
        ).first()
    if known:
        summary.activities_unchanged += 1
        return
    basis = file_basis(db, athlete, decoded)
    offset = decoded.utc_offset if decoded.utc_offset is not None else _zone_offset(athlete, decoded)
    rows = activities_from(decoded, file_hash, basis, offset)
    if not rows:
        summary.rejected += 1
        summary.warnings.append(f"{decoded.path}: rejected: no usable session or record times")
        return
    if all(row["avg_hr"] is None and row["load"] is None for row in rows):
        summary.warnings.append(f"{decoded.path}: no heart rate, power or Garmin load: its load is unknown")
    for row in rows:
        if row["load_source"] == "power":
            summary.warnings.append(
                f"{decoded.path}: no heart rate: its load ({row['load']:.0f}) is the power load, from its "
                f"weighted power ({row['weighted_power']:.0f} W) against the FTP"
            )
    with db.engine.begin() as connection:
        twin = recorded_twin(connection, id_of(athlete), rows[0])
        if twin is not None and not (twin.recovered and decoded.recovered is None):
            summary.activities_unchanged += 1
            added_power = power_into_twin(connection, twin.id, rows[0])  # a summary has no best efforts
            summary.warnings.append(
                f"{decoded.path}: the same {rows[0]['sport']} starting {rows[0]['start_time']:%Y-%m-%d %H:%M} "
                f"is already stored (activity {twin.id}); "
                + ("its power from this file added to it" if added_power else "skipped")
            )
            return
        if twin is not None:  # the complete file of a workout stored from a salvaged copy: it replaces the copy
            connection.execute(table_of(Activity).delete().where(table_of(Activity).c.id == twin.id))
            summary.warnings.append(
                f"{decoded.path}: replaces activity {twin.id}, which was salvaged from a damaged copy of this workout"
            )
        problems: list[str] = []
        added, _, unchanged = merge_activities(
            connection,
            id_of(athlete),
            [{**row, "garmin_parent_id": row.get("parent_source_id")} for row in rows],
            problems,
        )
        table = table_of(Activity)
        connection.execute(
            table.update()
            .where(
                table.c.athlete_id == athlete.id,
                table.c.source == "fit",
                table.c.source_id.in_([r["source_id"] for r in rows]),
            )
            .values(file_hash=file_hash, recovered=decoded.recovered is not None)
        )
    summary.activities_added += added
    summary.activities_unchanged += unchanged
    summary.warnings.extend(f"{decoded.path}: {problem}" for problem in problems)
    if problems and not added and not unchanged:
        summary.rejected += 1


def _store_resting_hr(db: Database, athlete: Athlete, decoded: DecodedFit, summary: FitSummary) -> None:
    rows = [{"date": day, "resting_hr": value} for day, value in sorted(decoded.resting_hr.items())]
    with db.engine.begin() as connection:
        problems: list[str] = []
        added, updated, unchanged = merge_wellness(connection, id_of(athlete), rows, "fit", problems)
    summary.warnings.extend(f"{decoded.path}: {problem}" for problem in problems)
    summary.days_added += added
    summary.days_updated += updated
    summary.days_unchanged += unchanged


def file_basis(db: Database, athlete: Athlete, decoded: DecodedFit) -> HeartRateBasis:
    """The TRIMP basis as of the file's day, with the file's own highest HR as evidence of HRmax and
    the athlete's FTP when the file has power (for the power load)."""
    on = cast(datetime, decoded.records["timestamp"].max()).date() if decoded.records.height else date.today()
    file_max = cast(float | None, decoded.records["heart_rate"].max()) if decoded.records.height else None
    has_power = "power" in decoded.records.columns and decoded.records["power"].drop_nulls().len() > 0
    ftp = athlete_thresholds(db, id_of(athlete), on).ftp if has_power else None
    return heart_rate_basis(db, athlete, on, file_max, None if ftp is None else ftp.value)


def _zone_offset(athlete: Athlete, decoded: DecodedFit) -> timedelta:
    """Without a local time in the file, the athlete's time zone decides the calendar date."""
    moment = cast(
        datetime | None,
        decoded.sessions[0]["start_time"]
        if decoded.sessions
        else (decoded.records["timestamp"].min() if decoded.records.height else None),
    )
    if moment is None:
        return timedelta(0)
    return ZoneInfo(athlete.time_zone).utcoffset(moment.replace(tzinfo=None)) or timedelta(0)
