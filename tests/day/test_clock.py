"""Which day is today for an athlete: their local date from midnight, from one clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from trainer.day.clock import QUIET_AFTER, local_today, now, opening_day, squad_day
from trainer.errors import TrainerError
from trainer.settings import Settings


def settings(clock: str) -> Settings:
    return Settings(database_url="sqlite://", data_dir=".", config_home=".", clock=clock)  # type: ignore[arg-type]


def test_the_clock_is_set_by_trainer_now_and_is_utc_without_an_offset():
    assert now(settings("2026-12-07T04:00+11:00")) == datetime(2026, 12, 6, 17, 0, tzinfo=UTC)
    assert now(settings("2026-12-06T17:00")) == datetime(2026, 12, 6, 17, 0, tzinfo=UTC)
    real = now(settings(""))
    assert real.tzinfo is not None and abs(real - datetime.now(UTC)) < timedelta(minutes=1)
    with pytest.raises(TrainerError, match="TRAINER_NOW='monday' is not a moment"):
        now(settings("monday"))


@pytest.mark.parametrize(
    "zone, local",
    [
        ("Australia/Sydney", date(2026, 12, 7)),  # 04:00 on Monday there
        ("Europe/Oslo", date(2026, 12, 6)),  # 18:00 on Sunday
        ("America/Denver", date(2026, 12, 6)),  # 10:00 on Sunday
        (None, date(2026, 12, 6)),  # no time zone: UTC
        ("Mars/Olympus", date(2026, 12, 6)),  # an unknown one: UTC, never a crash
    ],
)
def test_today_is_the_athletes_local_date(zone, local):
    assert local_today(zone, datetime(2026, 12, 6, 17, 0, tzinfo=UTC)) == local


def test_a_page_opens_on_today_even_before_the_watch_unless_the_records_ended_long_ago():
    today = date(2026, 12, 7)
    assert opening_day(today, date(2026, 12, 6)) == today  # last night not uploaded yet: still today
    assert opening_day(today, None) == today
    assert opening_day(today, today - QUIET_AFTER) == today
    assert opening_day(today, date(2020, 3, 31)) == date(2020, 3, 31)  # an imported history


def test_the_squads_day_is_the_latest_of_its_athletes_todays():
    assert squad_day([date(2026, 12, 6), date(2026, 12, 7)], date(2026, 12, 6)) == date(2026, 12, 7)
    assert squad_day([], None) is None
    assert squad_day([date(2026, 12, 7)], date(2020, 3, 31)) == date(2020, 3, 31)


def test_what_the_athlete_said_in_one_line_in_their_time():
    from trainer.day.answer import check_in_words

    said = {
        "submitted_at": datetime(2026, 12, 6, 17, 3),  # stored naive, in UTC
        "readiness": 6.0,
        "fatigue": 2.0,
        "soreness": None,
        "ill": False,
        "injured": True,
        "injury_part": "calf",
        "injury_severity": "limits",
        "note": "tight after the long run",
    }
    assert check_in_words(said, "Australia/Sydney") == (
        "Checked in at 04:03: readiness 6/10, fresh 2/5; injured: calf (limits training); "
        'note: "tight after the long run".'
    )
    assert check_in_words(None, "UTC") is None
