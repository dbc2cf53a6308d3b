"""One rule set for plausible values, the same for every importer: nothing impossible is stored."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fit_tool.profile.profile_type import Sport

from tests.conftest import run_trainer
from tests.fitfiles import Leg, build_fit
from trainer.errors import TrainerError
from trainer.ingest.fit_import import import_fit
from trainer.ingest.garmin_json import import_garmin_json
from trainer.ingest.plausible import clean_rows
from trainer.ingest.pmdata import import_pmdata
from trainer.scoring.config import Weights
from trainer.store.athletes import add_athlete, get_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_activities, load_readiness, load_wellness

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_values_outside_their_range_become_missing_and_impossible_rows_are_refused():
    rows = [
        {
            "date": date(2024, 1, 1),
            "resting_hr": 500.0,
            "hrv_ms": 1e308,
            "sleep_minutes": -30.0,
            "stress_level": float("inf"),
            "sleep_score": 80.0,
        },
        {"date": date(2024, 1, 2), "readiness": 11.0, "mood": 3.0},
        {"date": date(1, 1, 1), "resting_hr": 50.0},
        {"date": date(9999, 12, 31), "resting_hr": 50.0},
        {"date": date(2024, 1, 3), "sleep_minutes": 99_999.0},
    ]
    kept, warnings = clean_rows(rows)
    assert [row["date"] for row in kept] == [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)]
    assert (
        kept[0]["resting_hr"],
        kept[0]["hrv_ms"],
        kept[0]["sleep_minutes"],
        kept[0]["stress_level"],
        kept[0]["sleep_score"],
    ) == (None, None, None, None, 80.0)
    assert (kept[1]["readiness"], kept[1]["mood"]) == (None, 3.0) and kept[2]["sleep_minutes"] is None
    assert (
        "date 0001-01-01: 1 row refused (not plausible)" in warnings
        and "date 9999-12-31: 1 row refused (not plausible)" in warnings
    )
    assert "resting_hr: values outside 25-120 stored as missing (1)" in warnings


def test_activities_that_cannot_be_are_refused_or_blanked():
    start = datetime(2024, 5, 1, 7, tzinfo=UTC)
    rows = [
        {
            "local_date": date(2024, 5, 1),
            "start_time": start,
            "duration_s": 33 * 86400.0,
            "avg_hr": 150.0,
            "max_hr": 170.0,
        },
        {
            "local_date": date(2024, 5, 1),
            "start_time": start,
            "duration_s": 3600.0,
            "avg_hr": 181.0,
            "max_hr": 175.0,
            "distance_m": 55_043_000.0,
            "load": 139_007.0,
        },
        {"local_date": date(2044, 5, 1), "start_time": start, "duration_s": 3600.0},
    ]
    kept, warnings = clean_rows(rows, "local_date")
    assert len(kept) == 1 and (kept[0]["avg_hr"], kept[0]["max_hr"], kept[0]["distance_m"], kept[0]["load"]) == (
        None,
        None,
        None,
        None,
    )
    assert any("duration" in w for w in warnings) and any("date 2044-05-01" in w for w in warnings)


def test_a_garmin_body_with_a_resting_hr_of_500_stores_it_as_missing(db_url, tmp_path):
    db = open_database(db_url)
    ana = add_athlete(db, "ana")
    body = json.loads((FIXTURES / "garmin_json" / "wellness-service_dailyHeartRate__2026-01-06.json").read_text())
    body["restingHeartRate"] = 500
    path = tmp_path / "hr.json"
    path.write_text(json.dumps(body))
    summary = import_garmin_json(db, ana.id, [path])
    assert load_wellness(db, [ana.id])["resting_hr"].to_list() == [None]
    assert any("hr.json: resting_hr: values outside 25-120 stored as missing (1)" in w for w in summary.warnings)


def test_pmdata_readiness_of_11_is_stored_as_missing_and_a_broken_participant_does_not_stop_the_others(
    db_url, tmp_path
):
    root = tmp_path / "pmdata"
    shutil.copytree(FIXTURES / "pmdata", root)
    wellness = root / "p01" / "pmsys" / "wellness.csv"
    lines = wellness.read_text().splitlines()
    lines[1] = lines[1].replace(",5,6,3,2,", ",11,6,3,2,")  # readiness 5 -> 11 on the first morning
    wellness.write_text("\n".join(lines) + "\n")
    (root / "p12" / "pmsys" / "wellness.csv").write_text("effective_time_frame,readiness\nnot-a-time,5\n")
    db = open_database(db_url)
    counts = import_pmdata(db, root)
    assert "error" in counts["p12"] and "nothing of this participant was written" in counts["p12"]["error"]
    readiness = load_readiness(db, [get_athlete(db, "pmdata-p01").id])
    assert readiness.height > 50 and readiness["readiness"].max() <= 10
    assert any("readiness: values outside 0-10 stored as missing (1)" in w for w in counts["p01"]["warnings"])


def test_a_fit_file_dated_decades_ahead_is_refused_with_exit_2(tmp_path):
    ahead = build_fit(
        tmp_path / "ahead.fit",
        [
            Leg(
                Sport.RUNNING,
                datetime.now(UTC) + timedelta(days=365 * 20),
                elapsed_s=3600,
                timer_s=3600,
                avg_hr=140,
                max_hr=160,
            )
        ],
    )
    db_url = f"sqlite:///{tmp_path / 't.db'}"
    assert run_trainer("athlete", "add", "ana", "--db", db_url).returncode == 0
    result = run_trainer("import", "fit", str(ahead), "--athlete", "ana", "--db", db_url)
    assert result.returncode == 2 and "refused (not plausible)" in result.stderr
    assert load_activities(open_database(db_url)).is_empty()
    db = open_database(db_url)
    summary = import_fit(db, get_athlete(db, "ana"), [ahead])
    assert summary.rejected == 1


@pytest.mark.parametrize("text", ["hrv=nan", "hrv=inf", "sleep=-inf,hr=1"])
def test_weights_must_be_finite(text):
    with pytest.raises(TrainerError):
        Weights.parse(text)
