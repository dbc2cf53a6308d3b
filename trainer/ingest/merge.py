"""How rows from every source join what is stored: one write path for Garmin bodies, FIT files,
CSV files, PMData and manual entries.

A day's fields merge into its wellness row (a field a source does not give is left alone); an
activity is keyed by its source and id, and the same workout recorded by the watch and read from
its FIT file is recognised as one; multisport legs hang under their parent. Rows equal to what is
stored are counted unchanged and not rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Connection, select

from trainer.ingest.plausible import clean_rows
from trainer.store.models import Activity, DailyWellness, HeartRateZones, PerformanceFigure, table_of
from trainer.store.models._base import utc_now
from trainer.store.upsert import upsert

ACTIVITY_FIELDS = (
    "sport",
    "name",
    "start_time",
    "local_date",
    "duration_s",
    "distance_m",
    "avg_hr",
    "max_hr",
    "load",
    "load_source",
    "fallback_load",
    "fallback_kind",
    "hr_zone_seconds",
    "rpe",
    "elapsed_s",
    "moving_s",
    "calories",
    "avg_power",
    "weighted_power",
    "power_load",
    "device_ftp",
    "power_curve",
)
# which synced sources a source gives way to on a day's field both give: Garmin's own value stands
# whichever syncs first (an athlete whose Garmin also reaches intervals.icu); the deferring source
# fills only the fields the other left empty. Files and entries by hand overwrite what they give.
DEFERS_TO = {"intervals.icu": ("garmin",), "apple_health": ("garmin", "intervals.icu")}
RECORDED_SOURCES = ("garmin", "fit", "intervals.icu", "apple_health")  # the same workout may arrive from each
SAME_START = timedelta(seconds=60)


@dataclass
class MergeCount:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_tuple(self) -> tuple[int, int, int]:
        return self.added, self.updated, self.unchanged


def _write(connection: Connection, table, current, fields: dict, insert: dict, update: dict, count: MergeCount) -> None:
    """Insert a new row, update one whose given fields differ, or count it unchanged."""
    if current is None:
        connection.execute(table.insert().values(**insert, **fields))
        count.added += 1
    elif all(current[name] == value for name, value in fields.items()):
        count.unchanged += 1
    else:
        connection.execute(table.update().where(table.c.id == current["id"]).values(**update, **fields))
        count.updated += 1


def merge_wellness(
    connection: Connection, athlete_id: int, rows: list[dict], source: str, warnings: list[str] | None = None
) -> tuple[int, int, int]:
    """Write each day's fields into its wellness row, leaving the other fields alone.

    Implausible values are stored as missing and implausible days refused (``plausible``), each
    counted in ``warnings``. Returns (added, updated, unchanged) days.
    """
    rows, problems = clean_rows(rows)
    if warnings is not None:
        warnings.extend(problems)
    table, count, now = table_of(DailyWellness), MergeCount(), utc_now()
    days = [row["date"] for row in rows]
    existing = (
        {
            row.date: row._mapping
            for row in connection.execute(select(table).where(table.c.athlete_id == athlete_id, table.c.date.in_(days)))
        }
        if rows
        else {}
    )
    for row in rows:
        fields = {name: value for name, value in row.items() if name != "date"}
        insert = {"athlete_id": athlete_id, "date": row["date"], "source": source, "updated_at": now}
        current = existing.get(row["date"])
        update: dict = {"updated_at": now}
        if current is not None and current["source"] in DEFERS_TO.get(source, ()):
            fields = {name: value for name, value in fields.items() if current[name] is None}  # gaps only
        elif current is not None and source in DEFERS_TO.get(current["source"], ()):
            update["source"] = source  # the day is now this source's
        _write(connection, table, current, fields, insert, update, count)
    return count.as_tuple()


def store_zones(connection: Connection, athlete_id: int, zones: list[dict]) -> None:
    """Replace the athlete's Garmin HR zones for each sport given; zones stored as they are stay
    untouched (``updated_at`` says when they last changed, so a re-import changes nothing)."""
    if not zones:
        return
    table = table_of(HeartRateZones)
    stored = {
        row.sport: {
            name: value for name, value in row._mapping.items() if name not in ("id", "athlete_id", "updated_at")
        }
        for row in connection.execute(select(table).where(table.c.athlete_id == athlete_id))
    }
    changed = [
        zone
        for zone in zones
        if {name: stored.get(zone["sport"], {}).get(name) for name in zone} != zone or zone["sport"] not in stored
    ]
    if changed:
        now = utc_now()
        upsert(
            connection,
            table,
            [{"athlete_id": athlete_id, "updated_at": now, **zone} for zone in changed],
            ("athlete_id", "sport"),
        )


def store_figures(connection: Connection, athlete_id: int, figures: list[dict], source: str = "garmin") -> int:
    """A source's figures, one row per figure, sport and day: a new day's figure adds a row (the
    history stays), the same day's is updated. Returns how many rows were new or changed."""
    if not figures:
        return 0
    table = table_of(PerformanceFigure)
    key = ("name", "sport", "measured_on")
    stored = {
        tuple(row._mapping[k] for k in key): (row.value, row.floors)
        for row in connection.execute(select(table).where(table.c.athlete_id == athlete_id))
    }
    latest = {tuple(f[k] for k in key): f for f in figures}  # a body naming one day twice: its last
    changed = [f for k, f in latest.items() if stored.get(k) != (f["value"], f["floors"])]
    if changed:
        rows = [{"athlete_id": athlete_id, "source": source, "updated_at": utc_now(), **f} for f in changed]
        upsert(connection, table, rows, ("athlete_id", *key))
    return len(changed)


def merge_activities(
    connection: Connection, athlete_id: int, rows: list[dict], warnings: list[str] | None = None
) -> tuple[int, int, int]:
    """Insert or update the athlete's activities by (source, source_id); link multisport legs to their parent.

    Identity is per athlete: another athlete's activity with the same id is never touched.
    Implausible values are stored as missing and implausible activities refused (``plausible``).
    """
    rows, problems = clean_rows(rows, "local_date")
    if warnings is not None:
        warnings.extend(problems)
    if not rows:
        return 0, 0, 0
    table, count = table_of(Activity), MergeCount()
    ids = [row["source_id"] for row in rows]
    existing = {
        row.source_id: row._mapping
        for row in connection.execute(
            select(table).where(
                table.c.athlete_id == athlete_id, table.c.source == rows[0]["source"], table.c.source_id.in_(ids)
            )
        )
    }
    twins: set[str] = set()  # new rows already stored from another file or source, and their legs
    for row in rows:
        fields = {name: row.get(name) for name in ACTIVITY_FIELDS}
        current = existing.get(row["source_id"])
        if current is not None:  # a field this body does not give is unknown here, not empty
            fields = {name: value for name, value in fields.items() if value is not None}
        elif row.get("garmin_parent_id") in twins or (
            row["source"] in RECORDED_SOURCES
            and not row.get("garmin_parent_id")
            and (twin := recorded_twin(connection, athlete_id, row)) is not None
        ):
            twins.add(row["source_id"])
            if not row.get("garmin_parent_id") and row["source"] in DEFERS_TO.get(twin.source, ()):
                _take_over(connection, twin.id, row)  # Garmin's copy of a workout intervals.icu relayed first
                count.updated += 1
            elif not row.get("garmin_parent_id") and power_into_twin(connection, twin.id, row):
                count.updated += 1
            else:
                count.unchanged += 1
            continue
        insert = {
            "athlete_id": athlete_id,
            "source": row["source"],
            "source_id": row["source_id"],
            "manual": bool(row.get("manual", False)),
            "recovered": bool(row.get("recovered", False)),
        }
        _write(connection, table, current, fields, insert, {}, count)
    _link_parents(connection, athlete_id, rows)
    return count.as_tuple()


def _take_over(connection: Connection, twin_id: int, row: dict) -> None:
    """The stored copy of a workout becomes the copy of the source it gives way to (``DEFERS_TO``):
    that source's id and the fields it gives (Garmin's load, in the units the load model counts),
    the rest kept (a FIT file's best efforts)."""
    given = {name: row[name] for name in ACTIVITY_FIELDS if row.get(name) is not None}
    table = table_of(Activity)
    connection.execute(
        table.update().where(table.c.id == twin_id).values(source=row["source"], source_id=row["source_id"], **given)
    )


POWER_FIELDS = ("avg_power", "weighted_power", "power_load", "device_ftp", "power_curve")


def power_into_twin(connection: Connection, twin_id: int, row: dict) -> bool:
    """The power a FIT file holds (its best efforts above all), written into the copy the watch's
    sync stored where that copy has none: Garmin's summary has no best efforts. True if written."""
    table = table_of(Activity)
    given = {name: row[name] for name in POWER_FIELDS if row.get(name) is not None}
    stored = connection.execute(select(*(table.c[name] for name in POWER_FIELDS)).where(table.c.id == twin_id)).one()
    missing = {name: value for name, value in given.items() if stored._mapping[name] is None}
    if missing:
        connection.execute(table.update().where(table.c.id == twin_id).values(**missing))
    return bool(missing)


def recorded_twin(connection: Connection, athlete_id: int, row: dict):
    """The athlete's stored workout that ``row`` is another copy of: a top-level activity starting
    within a minute, of the same sport (or of an unknown one: a salvaged file may lack its sport)."""
    table = table_of(Activity)
    sports = [row["sport"], "other"] if row["sport"] != "other" else None
    query = select(table.c.id, table.c.recovered, table.c.source).where(
        table.c.athlete_id == athlete_id,
        table.c.parent_id.is_(None),
        table.c.start_time.between(row["start_time"] - SAME_START, row["start_time"] + SAME_START),
        ~((table.c.source == row["source"]) & (table.c.source_id == row["source_id"])),
    )
    if sports is not None:
        query = query.where(table.c.sport.in_(sports))
    return connection.execute(query.limit(1)).first()


def _link_parents(connection: Connection, athlete_id: int, rows: list[dict]) -> None:
    table = table_of(Activity)
    mine = table.c.athlete_id == athlete_id
    for row in rows:
        if row.get("garmin_parent_id"):
            parent = connection.execute(
                select(table.c.id).where(
                    mine, table.c.source == row["source"], table.c.source_id == row["garmin_parent_id"]
                )
            ).scalar()
            if parent is not None:
                connection.execute(
                    table.update()
                    .where(mine, table.c.source == row["source"], table.c.source_id == row["source_id"])
                    .values(parent_id=parent)
                )
