"""The card names where the week's numbers came from, in words."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from trainer.views.today_card import sources_in_words

DAY = date(2026, 11, 24)


def frames(wellness: dict[date, str], activities: dict[date, str]) -> dict[str, pl.DataFrame]:
    return {
        "wellness": pl.DataFrame({"date": list(wellness), "source": list(wellness.values())}),
        "activities": pl.DataFrame({"date": list(activities), "source": list(activities.values())}),
    }


def test_the_weeks_sources_are_named_once_each_in_words():
    week = frames({DAY: "garmin", DAY - timedelta(days=1): "intervals.icu"}, {DAY - timedelta(days=2): "fit"})
    assert sources_in_words(week, DAY) == "FIT files, Garmin and intervals.icu"
    assert sources_in_words(frames({DAY: "apple_health"}, {DAY: "apple_health"}), DAY) == "Apple Health"
    assert sources_in_words(frames({DAY: "demo"}, {}), DAY) == "the demo's made-up athletes"


def test_what_is_older_than_the_week_or_after_the_day_is_not_named():
    old = frames({DAY - timedelta(days=7): "garmin", DAY + timedelta(days=1): "csv"}, {DAY: "intervals.icu"})
    assert sources_in_words(old, DAY) == "intervals.icu"
    assert sources_in_words(frames({}, {}), DAY) == ""
