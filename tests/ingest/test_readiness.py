"""Logging perceived readiness: validated, idempotent per day, refused when read-only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from tests.conftest import run_trainer
from trainer.errors import TrainerError
from trainer.ingest.readiness import log_readiness
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
from trainer.store.loaders import load_readiness


def test_log_then_replace_the_same_day(db_url):
    db = open_database(db_url)
    ana = add_athlete(db, "ana")
    log_readiness(db, ana.id, date(2026, 11, 24), readiness=6, fatigue=2, mood=4)
    log_readiness(db, ana.id, date(2026, 11, 24), readiness=8, fatigue=4, mood=4, note="slept well")
    frame = load_readiness(db)
    assert frame.height == 1
    assert frame.row(0, named=True) | {} == {
        **frame.row(0, named=True),
        "readiness": 8.0,
        "fatigue": 4.0,
        "note": "slept well",
    }


@pytest.mark.parametrize(
    "values, problem",
    [
        ({"readiness": 11}, "0-10"),
        ({"readiness": 5, "mood": 0}, "mood must be 1-5"),
        ({"readiness": 5, "energy": 3}, "unknown"),
    ],
)
def test_out_of_range_values_are_refused(tmp_path, values, problem):
    db = open_database(f"sqlite:///{tmp_path / 't.db'}")
    ana = add_athlete(db, "ana")
    with pytest.raises(TrainerError, match=problem):
        log_readiness(db, ana.id, date(2026, 11, 24), **values)
    assert load_readiness(db).is_empty()


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1900, 1, 1), date(2099, 12, 31)])
def test_an_implausible_day_is_refused_on_every_entry_path(db_url, day):
    """The importers' date rule holds for the CLI and the app's form as well (both call log_readiness)."""
    from trainer.errors import TrainerError
    from trainer.ingest.readiness import log_readiness
    from trainer.store.athletes import add_athlete

    database = open_database(db_url)
    athlete = add_athlete(database, "ana")
    with pytest.raises(TrainerError, match=f"date {day}: not a plausible day"):
        log_readiness(database, athlete.id, day, 7)
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM perceived_readiness")).scalar() == 0
    result = run_trainer(
        "log", "readiness", "--athlete", "ana", "--date", day.isoformat(), "--readiness", "7", "--db", db_url
    )
    assert result.returncode == 2 and "not a plausible day" in result.stderr and result.stderr.count("\n") == 1


def test_two_saves_at_once_are_taken_in_turn_and_the_one_that_stands_says_so(db_url):
    """Two tabs saving the same morning at the same moment: exactly one reports that it replaced
    the other, and the stored answer is that one's (no answer lost without a word)."""
    import threading

    db = open_database(db_url)
    ana = add_athlete(db, "ana")
    for attempt in range(5):
        day = date(2026, 11, 20 + attempt)
        start, results = threading.Barrier(2), {}

        def save(value: float, start=start, results=results, day=day) -> None:
            writer = open_database(db_url)
            start.wait()
            results[value] = log_readiness(writer, ana.id, day, readiness=value)
            writer.engine.dispose()

        threads = [threading.Thread(target=save, args=(value,)) for value in (3.0, 9.0)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        replacing = [value for value, replaced in results.items() if replaced is not None]
        assert len(replacing) == 1, results
        (stands,) = replacing
        other = 12.0 - stands
        assert results[stands].readiness == other and "no longer counts" in results[stands].sentence()
        stored = load_readiness(db)
        assert stored.filter(stored["date"] == day)["readiness"].to_list() == [stands]
