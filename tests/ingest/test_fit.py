"""FIT files: every real file imports or is rejected as its README says, decoded values match the
published records, damaged files are salvaged and marked, and re-imports change nothing."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import select

from tests.conftest import run_trainer
from trainer.ingest.fit.decode import decode_fit
from trainer.ingest.fit_import import import_fit
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_activities, load_wellness
from trainer.store.models import Activity

FIT = Path(__file__).resolve().parents[1] / "fixtures" / "fit"


def expected_records(name: str) -> list[dict]:
    with open(FIT / "expected_records" / f"{name}.records.csv") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "name", ["bike_garmin-edge500_hr_gps_2011-09-25", "run_garmin-fenix5_hr_hrv-rr_75s_2017-06-11"]
)
def test_decoded_records_match_the_published_values(name):
    decoded = decode_fit(FIT / f"{name}.fit")
    expected = expected_records(name)
    assert decoded.records.height == len(expected)
    times = [parsedate_to_datetime(_rfc(row["timestamp"])).astimezone(UTC) for row in expected]
    assert decoded.records["timestamp"].to_list() == times
    assert decoded.records["heart_rate"].to_list() == [float(row["heart_rate"]) for row in expected]


def _rfc(text: str) -> str:
    """'Sun Sep 25 06:00:22 PDT 2011' -> an RFC 2822 date the standard library parses."""
    day, month, number, clock, zone, year = text.split()
    offsets = {"PDT": "-0700", "PST": "-0800"}
    return f"{day}, {number} {month} {year} {clock} {offsets[zone]}"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def imported(request, tmp_path_factory):
    """Every fixture file imported once per backend (read-only for the tests that use it)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('fit') / 'fit.db'}"
    else:
        url = request.getfixturevalue("postgres").create_database("fit_import")
    db = open_database(url)
    athlete = add_athlete(db, "rider", sex="male", birth_year=1985)
    summary = import_fit(db, athlete, [FIT])
    return db, athlete, summary


def by_name(db, athlete_id: int) -> pl.DataFrame:
    return load_activities(db, [athlete_id])


def test_every_file_imports_or_is_rejected_as_its_readme_says(imported):
    db, athlete, summary = imported
    assert summary.files == 18
    assert summary.rejected == 1 and any(
        "vivofit" in w and "rejected" in w for w in summary.warnings
    )  # steps only, no HR
    assert summary.recovered == 2  # bad CRC, cut short (fitfast reads the Coros file's odd field sizes whole)
    assert any(
        "CORRUPT_unexpected-eof" in w and "already stored" in w for w in summary.warnings
    )  # a second copy of the same run
    activities = by_name(db, athlete.id)
    assert activities.height == 21  # 13 single activities + a triathlon parent with 7 legs
    assert load_wellness(db, [athlete.id]).select("date", "resting_hr").to_dicts() == [
        {"date": date(2019, 2, 23), "resting_hr": 67.0}
    ]


def test_multisport_legs_hang_under_a_parent(imported):
    db, athlete, _ = imported
    activities = by_name(db, athlete.id).filter(pl.col("date") == date(2015, 8, 29))
    parent = activities.filter(pl.col("parent_id").is_null()).row(0, named=True)
    legs = activities.filter(pl.col("parent_id") == parent["activity_id"])
    assert parent["sport"] == "triathlon" and legs.height == 7
    assert parent["duration_s"] == pytest.approx(legs["duration_s"].sum())
    assert parent["load"] is None and legs["load"].is_not_null().all()


def test_garmin_load_when_the_file_has_it_else_trimp(imported):
    db, athlete, _ = imported
    activities = by_name(db, athlete.id)
    edge530 = activities.filter(pl.col("start_time") == datetime(2022, 2, 7, 16, 47, 52, tzinfo=UTC)).row(0, named=True)
    assert (edge530["load"], edge530["load_source"], edge530["sport"]) == (105.029, "garmin", "bike")
    with db.engine.connect() as connection:  # its TRIMP is kept beside Garmin's load, for calibration
        kept = connection.execute(
            Activity.__table__.select().where(Activity.__table__.c.id == edge530["activity_id"])
        ).one()
    assert kept.fallback_kind == "trimp" and 20 < kept.fallback_load < 200
    edge500 = activities.filter(pl.col("date") == date(2011, 9, 25)).row(0, named=True)
    assert edge500["load_source"] == "trimp" and 300 < edge500["load"] < 600
    # as Garmin Connect shows it: the device's average HR, timer time as the duration, elapsed beside it
    assert (edge500["avg_hr"], edge500["duration_s"], edge500["elapsed_s"]) == (162.0, 10641.06, 12691.28)


def test_all_zero_heart_rate_is_missing_not_zero_and_power_gives_the_load(imported):
    db, athlete, summary = imported
    zwift = by_name(db, athlete.id).filter(pl.col("date") == date(2017, 10, 5)).row(0, named=True)
    assert zwift["avg_hr"] is None and zwift["max_hr"] is None
    with db.engine.connect() as connection:
        stored = connection.execute(
            select(Activity.__table__).where(Activity.__table__.c.id == zwift["activity_id"])
        ).one()
    # no heart rate: the load is the power load, from its weighted power and the athlete's FTP
    assert (stored.avg_power, stored.weighted_power) == (123.0, 131.3)
    assert stored.load_source == "power" and stored.load == stored.power_load
    ftp = 131.3 / (stored.power_load / 100 / (1808 / 3600)) ** 0.5
    assert 120 < ftp < 320  # the athlete's FTP at import: the other rides' device settings or estimates
    assert stored.power_curve["1200"] == 134 and stored.power_curve["5"] == 416
    assert not any("zwift" in w and "load is unknown" in w for w in summary.warnings)


def test_damaged_files_are_salvaged_and_marked(imported):
    db, athlete, _ = imported
    with db.engine.connect() as connection:
        rows = connection.execute(Activity.__table__.select().where(Activity.__table__.c.recovered.is_(True))).all()
    starts = sorted(row.start_time.astimezone(UTC) for row in rows)
    assert starts == [datetime(2012, 4, 9, 21, 22, 26, tzinfo=UTC)]  # the SDK's example, damaged twice
    # the Coros ride whose field sizes do not match the profile: fitdecode salvages it, fitfast reads
    # it whole, with the same figures
    coros = by_name(db, athlete.id).filter(pl.col("start_time") == datetime(2020, 10, 25, 11, 10, 19, tzinfo=UTC))
    assert coros.select("duration_s", "elapsed_s").row(0) == (11287.0, 12719.0)
    assert coros["avg_hr"][0] == pytest.approx(131.9)


def test_importing_again_changes_nothing(imported):  # last: it writes (nothing, if it passes)
    db, athlete, _ = imported
    before = by_name(db, athlete.id)
    again = import_fit(db, athlete, [FIT])
    assert again.activities_added == 0 and again.days_added == 0 and again.days_updated == 0
    assert by_name(db, athlete.id).equals(before)


def test_cli_exit_status_and_summary(tmp_path):
    db = f"sqlite:///{tmp_path / 't.db'}"
    run_trainer("athlete", "add", "rider", "--db", db)
    good = run_trainer("import", "fit", str(FIT / "run_garmin-fr110_hr_gps_2013-02-06.fit"), "-a", "rider", "--db", db)
    assert good.returncode == 0 and "activities 1 added" in good.stdout
    (tmp_path / "notfit.fit").write_text("hello")
    bad = run_trainer(
        "import",
        "fit",
        str(tmp_path / "notfit.fit"),
        str(FIT / "monitoring_garmin-vivofit_steps-no-hr_2014-12-27.fit"),
        "-a",
        "rider",
        "--db",
        db,
    )
    assert bad.returncode == 2
    assert (
        "notfit.fit: rejected: not a FIT file" in bad.stderr
        and "vivofit_steps-no-hr_2014-12-27.fit: rejected" in bad.stderr
    )


def test_a_bad_clock_does_not_stretch_an_activity_without_a_session():
    from trainer.ingest.fit.activities import _session_from_records

    times = [
        datetime(2020, 10, 25, 11, 0, tzinfo=UTC) + __import__("datetime").timedelta(seconds=s)
        for s in range(0, 3600, 10)
    ]
    times.append(datetime(1989, 12, 31, tzinfo=UTC))  # a record whose clock was never set
    times.append(datetime(2021, 6, 1, tzinfo=UTC))  # and one from the future
    records = pl.DataFrame(
        {"timestamp": times, "heart_rate": [140.0] * len(times)},
        schema={"timestamp": pl.Datetime("us", "UTC"), "heart_rate": pl.Float64},
    )
    session = _session_from_records(records)
    assert session["start_time"] == datetime(2020, 10, 25, 11, 0, tzinfo=UTC)
    assert session["total_elapsed_time"] == 3590.0
