"""Athletes: adding, validating, finding, and erasing with everything about them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from trainer.errors import TrainerError, UnknownAthlete
from trainer.store.athletes import add_athlete, delete_athlete, get_athlete, list_athletes
from trainer.store.database import open_database
from trainer.store.models import Activity, DailyWellness, PerceivedReadiness


def test_add_and_find(db_url):
    db = open_database(db_url)
    ana = add_athlete(db, "ana", sex="female", birth_year=1990, max_hr=190, time_zone="Europe/Oslo")
    assert get_athlete(db, "ana").id == ana.id
    frame = list_athletes(db)
    assert frame["name"].to_list() == ["ana"]
    assert frame["max_hr"].to_list() == [190]


def test_duplicate_name_is_refused(db_url):
    db = open_database(db_url)
    add_athlete(db, "ana")
    with pytest.raises(TrainerError, match="already exists"):
        add_athlete(db, "ana")


@pytest.mark.parametrize(
    "settings, problem",
    [
        ({"sex": "x"}, "sex must be"),
        ({"max_hr": 300}, "max_hr 300"),
        ({"birth_year": 1800}, "birth year"),
        ({"main_sport": "golf"}, "main sport"),
        ({"zone_method": "magic"}, "zone method"),
    ],
)
def test_implausible_settings_are_refused(tmp_path, settings, problem):
    db = open_database(f"sqlite:///{tmp_path / 't.db'}")
    with pytest.raises(TrainerError, match=problem):
        add_athlete(db, "ana", **settings)
    assert list_athletes(db).is_empty()


def test_unknown_athlete_says_what_to_do(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 't.db'}")
    with pytest.raises(UnknownAthlete, match="trainer athlete list"):
        get_athlete(db, "nobody")


def test_delete_erases_every_row_of_that_athlete_only(db_url):
    db = open_database(db_url)
    ana, ben = add_athlete(db, "ana"), add_athlete(db, "ben")
    with db.engine.begin() as conn:
        for athlete in (ana, ben):
            conn.execute(
                DailyWellness.__table__.insert().values(
                    athlete_id=athlete.id,
                    date=date(2026, 1, 1),
                    hrv_ms=60,
                    source="manual",
                    updated_at=datetime.now(UTC),
                )
            )
            conn.execute(
                PerceivedReadiness.__table__.insert().values(
                    athlete_id=athlete.id,
                    date=date(2026, 1, 1),
                    readiness=7,
                    source="manual",
                    created_at=datetime.now(UTC),
                )
            )
            conn.execute(
                Activity.__table__.insert().values(
                    athlete_id=athlete.id,
                    source="manual",
                    source_id=f"{athlete.name}-1",
                    sport="run",
                    start_time=datetime(2026, 1, 1, 7, tzinfo=UTC),
                    local_date=date(2026, 1, 1),
                    duration_s=3600,
                    manual=True,
                )
            )
    counts = delete_athlete(db, "ana")
    assert (
        counts["daily_wellness"] == 1
        and counts["activity"] == 1
        and counts["perceived_readiness"] == 1
        and counts["athlete"] == 1
    )
    assert sum(counts.values()) == 4  # every row that went, the athlete's own included
    with db.engine.connect() as conn:
        for table in (DailyWellness, PerceivedReadiness, Activity):
            ids = conn.execute(
                select(table.__table__.c.athlete_id, func.count()).group_by(table.__table__.c.athlete_id)
            ).all()
            assert ids == [(ben.id, 1)]
    assert list_athletes(db)["name"].to_list() == ["ben"]
