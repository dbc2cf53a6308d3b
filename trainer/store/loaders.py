"""Read the database into typed polars frames; the column names are the export contract.

Every loader takes optional athlete ids and an inclusive date range, and returns dates as
``pl.Date`` and times as UTC ``pl.Datetime``, sorted by athlete then date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import Column, Select, Table, select

from trainer.store.database import Database
from trainer.store.models import Activity, DailyWellness, PerceivedReadiness, table_of

WELLNESS_SCHEMA: dict[str, Any] = {
    "athlete_id": pl.Int64,
    "date": pl.Date,
    "hrv_ms": pl.Float64,
    "resting_hr": pl.Float64,
    "sleep_minutes": pl.Float64,
    "sleep_score": pl.Float64,
    "stress_level": pl.Float64,
    "hrv_baseline_low": pl.Float64,
    "hrv_baseline_high": pl.Float64,
    "hrv_status": pl.String,
    "training_readiness": pl.Float64,
    "body_battery": pl.Float64,
    "source": pl.String,
    "hrv_kind": pl.String,  # rmssd (overnight: Garmin, intervals.icu) or sdnn (Apple's spot readings)
}
ACTIVITY_SCHEMA: dict[str, Any] = {
    "athlete_id": pl.Int64,
    "activity_id": pl.Int64,
    "sport": pl.String,
    "start_time": pl.Datetime("us", "UTC"),
    "duration_s": pl.Float64,
    "avg_hr": pl.Float64,
    "max_hr": pl.Float64,
    "load": pl.Float64,
    "load_source": pl.String,
    "date": pl.Date,
    "distance_m": pl.Float64,
    "rpe": pl.Float64,
    "manual": pl.Boolean,
    "parent_id": pl.Int64,
    "source": pl.String,
    "source_id": pl.String,
    "name": pl.String,
    "elapsed_s": pl.Float64,
    "moving_s": pl.Float64,
    "calories": pl.Float64,
}
LOAD_SCHEMA: dict[str, Any] = {
    "athlete_id": pl.Int64,
    "date": pl.Date,
    "load": pl.Float64,
    "activity_id": pl.Int64,
    "load_source": pl.String,
}
RAW_LOAD_SCHEMA: dict[str, Any] = LOAD_SCHEMA | {
    "fallback_load": pl.Float64,
    "fallback_kind": pl.String,
    "power_load": pl.Float64,
}
READINESS_SCHEMA: dict[str, Any] = {
    "athlete_id": pl.Int64,
    "date": pl.Date,
    "readiness": pl.Float64,
    "fatigue": pl.Float64,
    "mood": pl.Float64,
    "soreness": pl.Float64,
    "stress": pl.Float64,
    "sleep_quality": pl.Float64,
    "note": pl.String,
}


def load_wellness(
    db: Database, athlete_ids: Sequence[int] | None = None, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Each day's wellness, with one kind of HRV per athlete in ``hrv_ms`` (``hrv_kind`` says which):
    the overnight rMSSD where the athlete has any, else Apple's SDNN. The two are different
    measures and never meet in one baseline; the rules of SCORING.md read either as a change
    against the athlete's own history."""
    table = table_of(DailyWellness)
    stored = {name: dtype for name, dtype in WELLNESS_SCHEMA.items() if name != "hrv_kind"}
    columns = [*(table.c[name] for name in stored), table.c.hrv_sdnn_ms]
    raw = _read(
        db,
        _filtered(select(*columns), table, table.c.date, athlete_ids, start, end),
        stored | {"hrv_sdnn_ms": pl.Float64},
    )
    with_rmssd = select(table.c.athlete_id).where(table.c.hrv_ms.is_not(None)).distinct()
    if athlete_ids is not None:
        with_rmssd = with_rmssd.where(table.c.athlete_id.in_(list(athlete_ids)))
    with db.engine.connect() as connection:
        rmssd = [row[0] for row in connection.execute(with_rmssd)]
    return one_hrv_kind(raw, rmssd).select(*WELLNESS_SCHEMA)


def one_hrv_kind(wellness: pl.DataFrame, with_rmssd: Sequence[int]) -> pl.DataFrame:
    """``hrv_ms`` holds the athlete's one kind of HRV: rMSSD for ``with_rmssd``, else SDNN."""
    sdnn = ~pl.col("athlete_id").is_in(list(with_rmssd)) & pl.col("hrv_sdnn_ms").is_not_null().any().over("athlete_id")
    return wellness.with_columns(
        hrv_ms=pl.when(sdnn).then(pl.col("hrv_sdnn_ms")).otherwise(pl.col("hrv_ms")),
        hrv_kind=pl.when(sdnn).then(pl.lit("sdnn")).otherwise(pl.lit("rmssd")),
    ).drop("hrv_sdnn_ms")


def load_activities(
    db: Database, athlete_ids: Sequence[int] | None = None, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Activities with the export columns first; ``date`` is the athlete's local date."""
    t = table_of(Activity)
    columns = [
        t.c.athlete_id,
        t.c.id.label("activity_id"),
        t.c.sport,
        t.c.start_time,
        t.c.duration_s,
        t.c.avg_hr,
        t.c.max_hr,
        t.c.load,
        t.c.load_source,
        t.c.local_date.label("date"),
        t.c.distance_m,
        t.c.rpe,
        t.c.manual,
        t.c.parent_id,
        t.c.source,
        t.c.source_id,
        t.c.name,
        t.c.elapsed_s,
        t.c.moving_s,
        t.c.calories,
    ]
    stmt = _filtered(select(*columns), t, t.c.local_date, athlete_ids, start, end).order_by(t.c.start_time, t.c.id)
    return _read(db, stmt, ACTIVITY_SCHEMA)


def load_daily_loads(
    db: Database, athlete_ids: Sequence[int] | None = None, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """One row per activity that carries load (multisport parents excluded: their legs carry it).

    Fallback loads (TRIMP, session RPE) are scaled into Garmin units by the athlete's median
    ratio over activities that have both, once there are 10 such pairs (SCORING.md), and then
    reported with ``load_source`` "estimated". The calibration uses the athlete's whole history,
    so a date range does not change it.
    """
    from trainer.scoring.load import calibrated_loads

    t = table_of(Activity)
    columns = [
        t.c.athlete_id,
        t.c.local_date.label("date"),
        t.c.load,
        t.c.id.label("activity_id"),
        t.c.load_source,
        t.c.fallback_load,
        t.c.fallback_kind,
        t.c.power_load,
    ]
    stmt = _filtered(select(*columns), t, t.c.local_date, athlete_ids, None, None)
    has_legs = select(t.c.parent_id).where(t.c.parent_id.is_not(None))
    carries_load = t.c.load.is_not(None) | t.c.fallback_load.is_not(None) | t.c.power_load.is_not(None)
    stmt = stmt.where(carries_load, t.c.id.not_in(has_legs)).order_by(t.c.id)
    raw = _read(db, stmt, RAW_LOAD_SCHEMA)

    def fallback(kind: str) -> pl.Expr:
        return (
            pl.when(pl.col("fallback_kind") == kind)
            .then(pl.col("fallback_load"))
            .when(pl.col("load_source") == kind)
            .then(pl.col("load"))
        )

    chain = raw.with_columns(
        garmin_load=pl.when(pl.col("load_source") == "garmin").then(pl.col("load")),
        trimp=fallback("trimp"),
        edwards=fallback("edwards"),
        srpe=fallback("srpe"),
        power=pl.col("power_load"),
    )
    calibrated = calibrated_loads(chain.drop("load", "load_source", "power_load")).filter(pl.col("load").is_not_null())
    if start is not None:
        calibrated = calibrated.filter(pl.col("date") >= start)
    if end is not None:
        calibrated = calibrated.filter(pl.col("date") <= end)
    return calibrated.select(*LOAD_SCHEMA).cast(LOAD_SCHEMA)  # type: ignore[arg-type]


def load_readiness(
    db: Database, athlete_ids: Sequence[int] | None = None, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    table = table_of(PerceivedReadiness)
    columns = [table.c[name] for name in READINESS_SCHEMA]
    return _read(db, _filtered(select(*columns), table, table.c.date, athlete_ids, start, end), READINESS_SCHEMA)


def _filtered(stmt: Select, table: Table, date_column: Column, athlete_ids, start, end) -> Select:
    if athlete_ids is not None:
        stmt = stmt.where(table.c.athlete_id.in_(list(athlete_ids)))
    if start is not None:
        stmt = stmt.where(date_column >= start)
    if end is not None:
        stmt = stmt.where(date_column <= end)
    return stmt.order_by(table.c.athlete_id, date_column)


def _read(db: Database, stmt: Select, schema: dict[str, Any]) -> pl.DataFrame:
    with db.engine.connect() as connection:
        rows = connection.execute(stmt).all()
    return pl.DataFrame(rows, schema=schema, orient="row")


def load_planned_session(db: Database, athlete_id: int, day: date) -> dict | None:
    """The current plan's workout for ``day`` (the longest, if several), or None."""
    from trainer.store.models import PlannedWorkout, TrainingPlan

    w, p = table_of(PlannedWorkout), table_of(TrainingPlan)
    stmt = (
        select(w.c.sport, w.c.minutes, w.c.intensity, w.c.purpose, w.c.kind)
        .join(p, p.c.id == w.c.plan_id)
        .where(w.c.athlete_id == athlete_id, w.c.date == day, p.c.is_current.is_(True))
        .order_by(w.c.minutes.desc())
    )
    with db.engine.connect() as connection:
        row = connection.execute(stmt).first()
    return dict(row._mapping) if row else None


def load_health_episodes(db: Database, athlete_id: int, through: date | None = None) -> list[dict]:
    """The athlete's spells of illness and injury (kind, body_part, severity, start, end), oldest
    first; with ``through``, only those that began by then."""
    episodes = load_episodes_frame(db, [athlete_id])
    if through is not None:
        episodes = episodes.filter(pl.col("start") <= through)
    return episodes.drop("athlete_id").to_dicts()


CHECK_IN_SCHEMA: dict[str, Any] = {"athlete_id": pl.Int64, "date": pl.Date, "readiness": pl.Float64, "note": pl.String}


def load_latest_check_ins(
    db: Database, athlete_ids: Sequence[int] | None = None, end: date | None = None
) -> pl.DataFrame:
    """Each day's standing check-in (its latest version): athlete_id, date, readiness, note."""
    from trainer.store.models import CheckIn

    c = table_of(CheckIn)
    stmt = _filtered(
        select(c.c.athlete_id, c.c.date, c.c.readiness, c.c.note, c.c.version), c, c.c.date, athlete_ids, None, end
    )
    with db.engine.connect() as connection:
        rows = connection.execute(stmt).all()
    frame = pl.DataFrame(rows, schema={**CHECK_IN_SCHEMA, "version": pl.Int64}, orient="row")
    return (
        frame.sort("athlete_id", "date", "version")
        .unique(["athlete_id", "date"], keep="last")
        .sort("athlete_id", "date")
        .drop("version")
    )


def load_episodes_frame(db: Database, athlete_ids: Sequence[int] | None = None) -> pl.DataFrame:
    """Spells of illness and injury of the athletes: athlete_id, kind, body_part, severity, start, end."""
    from trainer.store.models import HealthEpisode

    e = table_of(HealthEpisode)
    stmt = select(e.c.athlete_id, e.c.kind, e.c.body_part, e.c.severity, e.c.start, e.c.end)
    if athlete_ids is not None:
        stmt = stmt.where(e.c.athlete_id.in_(list(athlete_ids)))
    with db.engine.connect() as connection:
        rows = connection.execute(stmt.order_by(e.c.athlete_id, e.c.start, e.c.id)).all()
    schema = {
        "athlete_id": pl.Int64,
        "kind": pl.String,
        "body_part": pl.String,
        "severity": pl.String,
        "start": pl.Date,
        "end": pl.Date,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def load_check_in_answers(db: Database, athlete_ids: Sequence[int] | None = None) -> pl.DataFrame:
    """What the personal method reads from the athletes' own reports, per athlete-day: readiness
    (0-10), fatigue, soreness (1-5, 5 best) and unwell (1.0 on a day inside a spell of illness,
    or of injury that stops training). A spell still open lasts through its last report or today."""
    answers = load_readiness(db, athlete_ids).select("athlete_id", "date", "readiness", "fatigue", "soreness")
    spells = load_episodes_frame(db, athlete_ids).filter(
        (pl.col("kind") == "illness") | (pl.col("severity") == "cannot train")
    )
    if spells.is_empty():
        return answers.with_columns(unwell=pl.lit(None, pl.Float64))
    latest = max(date.today(), *(answers["date"].drop_nulls().to_list() or [date.today()]))
    unwell = (
        spells.select(
            "athlete_id",
            pl.date_ranges("start", pl.col("end").fill_null(pl.max_horizontal("start", pl.lit(latest)))).alias("date"),
        )
        .explode("date")
        .select("athlete_id", "date", unwell=pl.lit(1.0))
        .unique(["athlete_id", "date"])
    )
    return answers.join(unwell, on=["athlete_id", "date"], how="full", coalesce=True).sort("athlete_id", "date")


def load_check_in(db: Database, athlete_id: int, day: date) -> dict | None:
    """The day's standing check-in (its latest version) with every answer and when it was sent, or None."""
    from trainer.store.models import CheckIn

    c = table_of(CheckIn)
    stmt = select(c).where(c.c.athlete_id == athlete_id, c.c.date == day).order_by(c.c.version.desc()).limit(1)
    with db.engine.connect() as connection:
        row = connection.execute(stmt).first()
    return None if row is None else dict(row._mapping)


def load_coach_notes(db: Database, athlete_id: int, day: date, shown_only: bool) -> list[dict]:
    """Coaches' notes on the athlete's day (author, text, shown_to_athlete), oldest first;
    ``shown_only`` for the athlete's own eyes."""
    from trainer.store.models import CoachNote

    n = table_of(CoachNote)
    stmt = select(n.c.author, n.c.text, n.c.shown_to_athlete).where(n.c.athlete_id == athlete_id, n.c.date == day)
    if shown_only:
        stmt = stmt.where(n.c.shown_to_athlete.is_(True))
    with db.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(stmt.order_by(n.c.created_at, n.c.id))]


def load_squad_coach_notes(db: Database, athlete_ids: Sequence[int] | None, start: date, end: date) -> pl.DataFrame:
    """Coaches' notes on the athletes' days ``start``..``end``: athlete_id, date, author, text, shown."""
    from trainer.store.models import CoachNote

    n = table_of(CoachNote)
    stmt = _filtered(
        select(n.c.athlete_id, n.c.date, n.c.author, n.c.text, n.c.shown_to_athlete.label("shown")),
        n,
        n.c.date,
        athlete_ids,
        start,
        end,
    )
    with db.engine.connect() as connection:
        rows = connection.execute(stmt.order_by(n.c.created_at, n.c.id)).all()
    schema = {"athlete_id": pl.Int64, "date": pl.Date, "author": pl.String, "text": pl.String, "shown": pl.Boolean}
    return pl.DataFrame(rows, schema=schema, orient="row")


def load_heart_rate_zones(db: Database, athlete_id: int) -> dict[str, dict]:
    """Garmin's heart-rate zones for the athlete, by Garmin's sport name in lower case ('default',
    'running', 'cycling', ...): {lthr, max_hr, resting_hr}."""
    from trainer.store.models import HeartRateZones

    z = table_of(HeartRateZones)
    stmt = select(z.c.sport, z.c.lthr, z.c.max_hr, z.c.resting_hr).where(z.c.athlete_id == athlete_id)
    with db.engine.connect() as connection:
        rows = connection.execute(stmt).all()
    return {row.sport: {"lthr": row.lthr, "max_hr": row.max_hr, "resting_hr": row.resting_hr} for row in rows}
