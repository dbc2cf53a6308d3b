"""Loaders return typed polars frames filtered by athlete and inclusive date range."""

from __future__ import annotations

from datetime import date

import polars as pl

from trainer.store.athletes import get_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_activities, load_daily_loads, load_readiness, load_wellness


def test_wellness_is_typed_and_filtered(demo_db_url):
    db = open_database(demo_db_url, read_only=True)
    ana = get_athlete(db, "demo-marathoner")
    frame = load_wellness(db, [ana.id], date(2026, 1, 1), date(2026, 1, 31))
    assert frame.height == 31
    assert frame.schema["date"] == pl.Date and frame.schema["hrv_ms"] == pl.Float64
    assert frame["date"].min() == date(2026, 1, 1) and frame["date"].max() == date(2026, 1, 31)
    assert frame["athlete_id"].unique().to_list() == [ana.id]


def test_activities_and_loads_agree(demo_db_url):
    db = open_database(demo_db_url, read_only=True)
    activities = load_activities(db)
    loads = load_daily_loads(db)
    assert activities.schema["start_time"] == pl.Datetime("us", "UTC")
    assert loads.height == activities.filter(pl.col("load").is_not_null()).height
    assert abs(loads["load"].sum() - activities["load"].sum()) < 1e-6


def test_readiness_on_most_mornings(demo_db_url):
    db = open_database(demo_db_url, read_only=True)
    readiness = load_readiness(db)
    wellness = load_wellness(db)
    share = readiness.height / wellness.height
    assert 0.75 < share < 0.95
    assert readiness["readiness"].is_between(0, 10).all()
    assert readiness["fatigue"].is_between(1, 5).all()


def test_fallback_loads_are_calibrated_into_garmin_units(db_url):
    from datetime import UTC, datetime, timedelta

    from trainer.store.athletes import add_athlete
    from trainer.store.models import Activity

    db = open_database(db_url)
    ana = add_athlete(db, "ana")
    rows = [
        {
            "athlete_id": ana.id,
            "source": "fit",
            "source_id": f"paired-{i}",
            "sport": "run",
            "manual": False,
            "recovered": False,
            "start_time": datetime(2026, 1, 1, 7, tzinfo=UTC) + timedelta(days=i),
            "local_date": date(2026, 1, 1) + timedelta(days=i),
            "duration_s": 3600.0,
            "load": 2.0 * (40 + i),
            "load_source": "garmin",
            "fallback_load": 40.0 + i,
            "fallback_kind": "trimp",
        }
        for i in range(12)
    ]
    rows.append(
        {
            **rows[0],
            "source_id": "trimp-only",
            "start_time": datetime(2026, 2, 1, 7, tzinfo=UTC),
            "local_date": date(2026, 2, 1),
            "load": 50.0,
            "load_source": "trimp",
            "fallback_load": 50.0,
        }
    )
    with db.engine.begin() as connection:
        connection.execute(Activity.__table__.insert(), rows)
    loads = load_daily_loads(db, [ana.id])
    alone = loads.filter(pl.col("date") == date(2026, 2, 1)).row(0, named=True)
    assert (alone["load"], alone["load_source"]) == (100.0, "estimated")
    assert loads.filter(pl.col("load_source") == "garmin").height == 12
    # a date range does not change the calibration (it uses the athlete's whole history)
    assert load_daily_loads(db, [ana.id], start=date(2026, 2, 1))["load"].to_list() == [100.0]
