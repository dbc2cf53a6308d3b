"""Logging perceived readiness: validated, idempotent per day, refused when read-only."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from sqlalchemy import text

from tests.conftest import run_trainer
from trainer.errors import TrainerError
from trainer.ingest.check_in import log_readiness
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
        ({"readiness": 11}, "not saved: readiness is 0 to 10"),
        ({"readiness": 5, "mood": 0}, "not saved: mood is 1 to 5"),
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
    """The importers' date rule holds for the CLI and the app's form as well (one door: ingest.check_in)."""
    from trainer.errors import TrainerError
    from trainer.ingest.check_in import log_readiness
    from trainer.store.athletes import add_athlete

    database = open_database(db_url)
    athlete = add_athlete(database, "ana")
    with pytest.raises(TrainerError, match=f"not saved: {day} is not a plausible day"):
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


def test_every_entry_is_a_kept_version_and_items_without_readiness_reach_scoring(db_url):
    """``trainer log readiness`` goes through the check-in's door: each entry a version on record, an
    open illness left alone (it did not ask), and items answered without readiness kept for scoring."""
    from trainer.ingest.check_in import Answers, log_episode, record_check_in
    from trainer.store.loaders import load_check_in_answers, load_health_episodes

    db = open_database(db_url)
    ana = add_athlete(db, "ana")
    day = date(2026, 11, 24)
    log_episode(db, ana.id, "illness", day, None)
    log_readiness(db, ana.id, day, readiness=6)
    log_readiness(db, ana.id, day, readiness=7, fatigue=2)
    with db.engine.connect() as connection:
        versions = connection.execute(text("SELECT version, readiness FROM check_in ORDER BY version")).all()
    assert [tuple(v) for v in versions] == [(1, 6.0), (2, 7.0)]
    assert load_health_episodes(db, ana.id, through=day)[0]["end"] is None  # still ill: not asked, not ended
    record_check_in(db, ana.id, day + timedelta(days=1), Answers(fatigue=2, soreness=3), "link 1")
    answers = load_check_in_answers(db, [ana.id]).filter(pl.col("date") == day + timedelta(days=1))
    assert answers.select("readiness", "fatigue", "soreness").row(0) == (None, 2.0, 3.0)


def test_the_command_line_refuses_out_of_range_answers_in_the_check_ins_words(db_url):
    database = open_database(db_url)
    add_athlete(database, "ana")
    result = run_trainer(
        "log", "readiness", "-a", "ana", "--date", "2026-11-24", "--readiness", "12", "--mood", "9", "--db", db_url
    )
    assert result.returncode == 2 and result.stderr.strip().endswith("not saved: readiness is 0 to 10; mood is 1 to 5")
    assert result.stderr.count("\n") == 1 and load_readiness(database).is_empty()
