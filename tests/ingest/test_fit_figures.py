"""The figures trainer stores for a FIT file are the ones Garmin Connect shows for it.

The files are built here with fit-tool, so the cases no public file shows are covered: a ride
with a long café stop, a pool swim with rests, and a triathlon whose legs report Garmin's
running load peak.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from fit_tool.profile.profile_type import Sport

from tests.fitfiles import Leg, build_fit
from trainer.export import export_frame
from trainer.ingest.fit_import import import_fit
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_activities, load_daily_loads

START = datetime(2024, 6, 1, 6, 0, tzinfo=UTC)


@pytest.fixture
def ana(db_url):
    db = open_database(db_url)
    return db, add_athlete(db, "ana", max_hr=190, resting_hr=50, time_zone="Europe/Oslo")


def test_a_ride_with_a_long_stop_lasts_its_timer_time_with_the_devices_own_summary(ana, tmp_path):
    db, athlete = ana
    # records average 120 bpm, but the device's summary (as Garmin Connect shows it) says 141 / 171
    ride = build_fit(
        tmp_path / "ride.fit",
        [
            Leg(
                Sport.CYCLING,
                START,
                elapsed_s=6.5 * 3600,
                timer_s=3.7 * 3600,
                moving_s=3.6 * 3600,
                avg_hr=141,
                max_hr=171,
                distance_m=110_000,
                calories=2300,
                record_hr=[120] * 222,
            )
        ],
    )
    summary = import_fit(db, athlete, [ride])
    assert summary.activities_added == 1, summary.warnings
    row = load_activities(db, [athlete.id]).row(0, named=True)
    assert (row["duration_s"], row["elapsed_s"], row["moving_s"]) == (13320.0, 23400.0, 12960.0)
    assert (row["avg_hr"], row["max_hr"], row["distance_m"], row["calories"]) == (141.0, 171.0, 110_000.0, 2300.0)
    exported = export_frame(db, "activities", [athlete.id]).row(0, named=True)
    assert (exported["duration_s"], exported["elapsed_s"], exported["moving_s"]) == (13320.0, 23400.0, 12960.0)


def test_records_stand_in_only_when_the_session_has_no_heart_rate(ana, tmp_path):
    db, athlete = ana
    run = build_fit(
        tmp_path / "run.fit", [Leg(Sport.RUNNING, START, elapsed_s=1800, timer_s=1800, record_hr=[150] * 30)]
    )
    import_fit(db, athlete, [run])
    row = load_activities(db, [athlete.id]).row(0, named=True)
    assert row["avg_hr"] == 150.0 and row["duration_s"] == 1800.0


def test_a_pool_swim_with_rests_counts_the_swimming_not_the_rests(ana, tmp_path):
    db, athlete = ana
    swim = build_fit(
        tmp_path / "swim.fit",
        [Leg(Sport.SWIMMING, START, elapsed_s=3600, timer_s=1850, distance_m=2500, avg_hr=128, max_hr=152)],
    )
    import_fit(db, athlete, [swim])
    row = load_activities(db, [athlete.id]).row(0, named=True)
    assert (row["sport"], row["duration_s"], row["elapsed_s"], row["distance_m"]) == ("swim", 1850.0, 3600.0, 2500.0)


def test_a_triathlon_counts_its_load_once(ana, tmp_path):
    """Each leg's training_load_peak is the running peak since the start: 40, 41, 150, 151, 230."""
    db, athlete = ana
    legs, at = [], START
    for sport, minutes, peak, effect in (
        (Sport.SWIMMING, 30, 40, 2.0),
        (Sport.TRANSITION, 3, 41, 2.0),
        (Sport.CYCLING, 150, 150, 3.1),
        (Sport.TRANSITION, 2, 151, 3.1),
        (Sport.RUNNING, 95, 230, 3.8),
    ):
        legs.append(
            Leg(
                sport,
                at,
                elapsed_s=minutes * 60,
                timer_s=minutes * 60,
                avg_hr=140,
                max_hr=170,
                load_peak=peak,
                training_effect=effect,
            )
        )
        at += timedelta(minutes=minutes)
    race = build_fit(tmp_path / "race.fit", legs)
    assert import_fit(db, athlete, [race]).activities_added == 6  # the race and its five legs
    stored = load_activities(db, [athlete.id]).sort("start_time", "activity_id")
    parent = stored.filter(pl.col("parent_id").is_null()).row(0, named=True)
    assert (parent["sport"], parent["load"], parent["duration_s"]) == ("triathlon", 230.0, 280 * 60.0)
    leg_loads = stored.filter(pl.col("parent_id").is_not_null()).sort("start_time")["load"].to_list()
    assert leg_loads == [40.0, 1.0, 109.0, 1.0, 79.0]
    day = load_daily_loads(db, [athlete.id])
    assert day["load"].sum() == 230.0  # once, not 612 (the sum of the running peaks)
