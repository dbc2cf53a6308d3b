"""The day's card is computed once (``planning.today.day_advice``): ``trainer today``, the
dashboard's card and the early card the server draws into the page say the same for the same
athlete, day and levers."""

from __future__ import annotations

import html
from datetime import date

import polars as pl

from tests.conftest import DEMO_END, TEST_CLOCK
from trainer.access.viewer import Viewer
from trainer.planning.today import today
from trainer.scoring import ScoringConfig
from trainer.settings import Settings
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database
from trainer.views.first_card import first_card_html
from trainer.views.reader import open_for_viewer
from trainer.views.today_card import day_advice, last_recorded_day


def test_the_cli_the_dashboard_and_the_early_card_give_the_same_advice(demo_sqlite_url, tmp_path):
    db = open_database(demo_sqlite_url, read_only=True)
    cyclist = get_athlete(db, "demo-cyclist")
    settings = Settings(
        clock=TEST_CLOCK,
        database_url=demo_sqlite_url,
        data_dir=tmp_path,
        config_home=tmp_path / "config",
        read_only=True,
        secret_key_file=tmp_path / "key",
    )
    viewer = Viewer(role="athlete", person="c", athlete_ids=frozenset({cyclist.id}), grant_id=1)
    reader, athletes, problem = open_for_viewer(settings, viewer)
    assert problem is None and reader is not None and athletes is not None
    athlete = athletes.row(0, named=True)
    data = reader.frames(cyclist.id, reader.version(cyclist.id))
    day = last_recorded_day(data)
    assert day == DEMO_END
    for config in (ScoringConfig(), ScoringConfig(method="normal-range")):
        scored = reader.scores(cyclist.id, config, reader.version(cyclist.id)).filter(pl.col("date") == day)
        _, on_dashboard = day_advice(reader, athlete, data, day, scored.row(0, named=True), config)
        from_cli = today(db, cyclist, day, config).recommendation
        assert on_dashboard == from_cli
    early = first_card_html(settings, viewer, {})  # the dashboard's default levers
    assert early is not None and today(db, cyclist, day).recommendation.rationale in html.unescape(early)


def test_last_recorded_day_is_the_newest_of_wellness_and_load():
    frames = {
        "wellness": pl.DataFrame({"date": [date(2026, 1, 1)]}),
        "loads": pl.DataFrame({"date": [date(2026, 1, 3)]}),
    }
    assert last_recorded_day(frames) == date(2026, 1, 3)
    empty = pl.DataFrame({"date": []}, schema={"date": pl.Date})
    assert last_recorded_day({"wellness": empty, "loads": empty}) is None
