"""Insights from the database with no API key, on SQLite and PostgreSQL: every demo athlete gets
rule insights, they are cached for a week, and a profile change makes them stale."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.conftest import DEMO_END
from trainer.insights.service import insights_for
from trainer.settings import Settings
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database
from trainer.store.models import Athlete
from trainer.store.models._base import utc_now

NO_KEY = Settings(database_url="", data_dir=None, config_home=None)


@pytest.mark.parametrize("name", ["demo-marathoner", "demo-cyclist", "demo-triathlete"])
def test_every_demo_athlete_gets_rule_insights_without_a_key(demo_db_writable_url, name):
    db = open_database(demo_db_writable_url)
    athlete = get_athlete(db, name)
    first = insights_for(db, athlete, DEMO_END, NO_KEY)
    assert first.source == "rules" and 3 <= len(first.insights) <= 5
    assert all(i.source == "rules" and i.valid_until - i.generated_at == timedelta(days=7) for i in first.insights)
    again = insights_for(db, athlete, DEMO_END, NO_KEY)
    assert again.source == "cache" and [i.title for i in again.insights] == [i.title for i in first.insights]
    later = insights_for(db, athlete, DEMO_END, NO_KEY, now=utc_now() + timedelta(days=8))
    assert later.source == "rules"  # a week on, written again
    with db.engine.begin() as connection:
        connection.execute(update(Athlete).where(Athlete.id == athlete.id).values(max_hr=195))
    assert (
        insights_for(db, athlete, DEMO_END, NO_KEY, now=utc_now() + timedelta(days=8)).source == "rules"
    )  # profile changed


def test_read_only_shows_fresh_stored_insights_else_the_rules_and_writes_none(demo_sqlite_url):
    db = open_database(demo_sqlite_url)
    athlete = get_athlete(db, "demo-marathoner")
    fresh_rules = insights_for(open_database(demo_sqlite_url, read_only=True), athlete, DEMO_END, NO_KEY)
    assert fresh_rules.source == "rules"  # nothing stored yet: computed, not written
    assert insights_for(db, athlete, DEMO_END, NO_KEY).source == "rules"  # so the writable one writes the first set
    read_only = open_database(demo_sqlite_url, read_only=True)
    assert insights_for(read_only, athlete, DEMO_END, NO_KEY).source == "cache"
    stale = insights_for(read_only, athlete, DEMO_END, NO_KEY, now=utc_now() + timedelta(days=30))
    assert stale.source == "rules"  # a month old: the rules again, computed and shown, not stored
    assert insights_for(read_only, athlete, DEMO_END, NO_KEY, now=utc_now() + timedelta(days=30)).source == "rules"
