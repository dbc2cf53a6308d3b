"""PMData: one athlete per participant, values checked against the files, idempotent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from trainer.errors import InputError
from trainer.ingest.pmdata import import_pmdata, read_participant
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_activities, load_readiness, load_wellness

PMDATA = Path(__file__).resolve().parents[1] / "fixtures" / "pmdata"


def test_participant_values_match_the_files():
    data = read_participant(PMDATA / "p01")
    first = data.wellness.filter(pl.col("date") == date(2019, 11, 1)).row(0, named=True)
    assert (first["resting_hr"], first["sleep_score"]) == (53.7, 76.0)
    assert data.wellness.filter(pl.col("date") == date(2019, 11, 2)).row(0, named=True)["sleep_minutes"] == 378.0
    assert data.readiness.row(0, named=True) == {
        "date": date(2019, 11, 1),
        "readiness": 5.0,
        "fatigue": 2.0,
        "mood": 3.0,
        "soreness": 2.0,
        "stress": 3.0,
        "sleep_quality": 3.0,
    }
    session = data.loads.row(0, named=True)
    assert (session["date"], session["sport"], session["load"], session["duration_s"]) == (
        date(2019, 11, 5),
        "run",
        210.0,
        1800.0,
    )


def test_zero_items_are_missing_and_the_first_entry_of_a_day_counts(tmp_path):
    folder = tmp_path / "p99" / "pmsys"
    folder.mkdir(parents=True)
    (folder / "wellness.csv").write_text(
        "effective_time_frame,fatigue,mood,readiness,sleep_duration_h,sleep_quality,soreness,soreness_area,stress\n"
        "2019-11-01T21:00:00.000Z,4,3,7,7,3,3,[],3\n"  # 22:00 in Oslo, later that day
        "2019-11-01T07:00:00.000Z,0,4,6,7,0,3,[],3\n"  # 08:00 in Oslo: the first entry
    )
    readiness = read_participant(tmp_path / "p99").readiness
    assert readiness.to_dicts() == [
        {
            "date": date(2019, 11, 1),
            "readiness": 6.0,
            "fatigue": None,
            "mood": 4.0,
            "soreness": 3.0,
            "stress": 3.0,
            "sleep_quality": None,
        }
    ]


def test_import_is_idempotent_and_a_participant_without_resting_hr_still_imports(db_url):
    db = open_database(db_url)
    counts = import_pmdata(db, PMDATA)
    assert set(counts) == {"p01", "p02", "p03", "p05", "p10", "p12"}
    p01, p12 = get_athlete(db, "pmdata-p01"), get_athlete(db, "pmdata-p12")
    before = (load_wellness(db), load_activities(db), load_readiness(db))
    import_pmdata(db, PMDATA)
    assert (
        load_wellness(db).equals(before[0])
        and load_activities(db).equals(before[1])
        and load_readiness(db).height == before[2].height
    )
    assert load_wellness(db, [p12.id])["resting_hr"].null_count() == load_wellness(db, [p12.id]).height
    assert load_activities(db, [p01.id])["load_source"].unique().to_list() == ["srpe"]
    assert p01.time_zone == "Europe/Oslo"


def test_a_folder_without_participants_is_explained(tmp_path):
    with pytest.raises(InputError, match="no PMData participant folders"):
        import_pmdata(open_database(f"sqlite:///{tmp_path / 't.db'}"), tmp_path)


def test_a_session_dated_year_one_is_said_and_the_other_participants_import(tmp_path):
    import shutil

    root = tmp_path / "pmdata"
    for name in ("p01", "p02"):
        shutil.copytree(PMDATA / name, root / name)
    srpe = root / "p01" / "pmsys" / "srpe.csv"
    srpe.write_text(srpe.read_text() + "0001-01-01T00:10:00.000Z,\"['running']\",5,30\n")
    db = open_database(f"sqlite:///{tmp_path / 't.db'}")
    counts = import_pmdata(db, root)
    assert counts["p01"]["error"].endswith("nothing of this participant was written")
    assert counts["p02"]["sessions"] > 0 and "error" not in counts["p02"]
    from trainer.store.athletes import list_athletes

    assert list_athletes(db)["name"].to_list() == ["pmdata-p02"]  # one transaction: nothing of p01 at all
