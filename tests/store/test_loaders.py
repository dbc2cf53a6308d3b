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
