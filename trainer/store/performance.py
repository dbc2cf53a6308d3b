"""An athlete's power and pace as stored: Garmin's figures and each ride's best efforts, read into
``scoring.thresholds`` to give the athlete's thresholds on a day. Every face asks here."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from sqlalchemy import func, select

from trainer.scoring.thresholds import CURVE_SCHEMA, FIGURE_SCHEMA, RECENT_DAYS, Thresholds, thresholds
from trainer.store.database import Database
from trainer.store.loaders import load_activities
from trainer.store.models import Activity, PerformanceFigure, table_of

RUN_DAYS = 2 * RECENT_DAYS  # the runs threshold pace is estimated from (``hour_pace_from_runs``)


def load_figures(db: Database, athlete_id: int) -> pl.DataFrame:
    """The figures sources give for the athlete (FIGURE_SCHEMA), newest first."""
    table = table_of(PerformanceFigure)
    query = (
        select(table.c.name, table.c.sport, table.c.value, table.c.floors, table.c.measured_on, table.c.source)
        .where(table.c.athlete_id == athlete_id)
        .order_by(table.c.measured_on.desc())
    )
    with db.engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    return pl.DataFrame(rows, schema=FIGURE_SCHEMA, orient="row")


def load_power_curves(db: Database, athlete_id: int, on: date | None = None) -> pl.DataFrame:
    """Each ride's best efforts, one row per (ride, duration): date, seconds, watts, device_ftp. With
    ``on``, only the rides ``thresholds`` reads: the 90 days before it, or the 90 up to the last
    ride with power before it (an old file's), and that ride's bike computer setting."""
    table = table_of(Activity)
    mine = (table.c.athlete_id == athlete_id) & table.c.power_curve.is_not(None)
    query = select(table.c.local_date, table.c.power_curve, table.c.device_ftp).where(mine)
    with db.engine.connect() as connection:
        if on is not None:
            last = connection.execute(
                select(func.max(table.c.local_date)).where(mine, table.c.local_date <= on)
            ).scalar()
            if last is None:
                return pl.DataFrame(schema=CURVE_SCHEMA)
            query = query.where(table.c.local_date.between(min(on, last + timedelta(days=89)) - timedelta(days=89), on))
        stored = list(connection.execute(query))
    rows = [
        (day, int(seconds), int(watts), device_ftp)
        for day, curve, device_ftp in stored
        if isinstance(curve, dict)
        for seconds, watts in curve.items()
        if str(seconds).isdigit() and isinstance(watts, (int, float))
    ]
    return pl.DataFrame(rows, schema=CURVE_SCHEMA, orient="row")


def athlete_thresholds(db: Database, athlete_id: int, on: date) -> Thresholds:
    """The athlete's FTP, critical power, threshold pace and Garmin's other figures as of ``on``."""
    return thresholds(
        load_figures(db, athlete_id),
        load_power_curves(db, athlete_id, on),
        load_activities(db, [athlete_id], start=on - timedelta(days=RUN_DAYS - 1), end=on),
        on,
    )
