"""The dashboard's charts read on a phone and a laptop: titles at the left (marimo's menu button
sits at the top right), subtitles in short lines, weekly bars as wide as their week."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from trainer.views import charts
from trainer.views.plan import weekly_volume_chart

DAYS = pl.date_range(date(2026, 10, 1), date(2026, 11, 24), eager=True)


def scored() -> pl.DataFrame:
    n = len(DAYS)
    return pl.DataFrame(
        {
            "athlete_id": [1] * n,
            "date": DAYS,
            "total_score": [70.0] * n,
            "status": ["yellow"] * n,
            "load": [60.0] * n,
            "acwr": [1.0] * n,
        }
    )


def test_titles_sit_at_the_left_and_the_load_subtitle_fits_a_phone():
    spec = charts.load_chart(scored()).to_dict()
    assert spec["title"]["anchor"] == "start"
    assert all(len(line) <= 60 for line in spec["title"]["subtitle"])  # ~390 px at the chart's font
    assert "ACWR" not in str(spec)
    history = charts.recovery_history_chart(
        scored().with_columns(
            pl.lit(60.0).alias(name)
            for name in ("hrv_component", "hr_component", "sleep_component", "stress_component")
        )
    ).to_dict()
    assert history["title"]["anchor"] == "start"


def test_weekly_volume_bars_span_their_week():
    weeks = pl.DataFrame(
        {
            "week_start": [date(2026, 11, 2) + timedelta(weeks=i) for i in range(4)],
            "phase": ["base"] * 4,
            "planned_minutes": [300, 330, 360, 250],
            "actual_minutes": [290.0, 320.0, None, None],
            "deload": [False, False, False, True],
        }
    )
    spec = weekly_volume_chart(weeks).to_dict()
    bars = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
    assert bars["encoding"]["x2"]["field"] == "week_end" and spec["title"]["anchor"] == "start"


def test_the_plan_calendar_names_each_days_sports():
    """A swim + run day reads '🏊🏃 47', not '47'; the tooltip says the sports in words; the race is 🏁."""
    from datetime import date

    from trainer.views.plan import calendar_frame

    workouts = pl.DataFrame(
        {
            "date": [date(2027, 1, 2), date(2027, 1, 2), date(2027, 1, 3), date(2027, 6, 13)],
            "sport": ["swim", "run", "bike", "triathlon"],
            "minutes": [30, 17, 120, 330],
            "intensity": ["easy", "easy", "easy", "moderate"],
            "kind": ["easy", "brick", "long", "race"],
            "status": ["planned", "planned", "missed", "planned"],
            "purpose": ["a", "b", "c", "d"],
        }
    )
    days = calendar_frame(workouts).select("sports", "label").rows()
    assert days == [("swim + run", "🏊🏃 47"), ("ride", "🚴 120 ✗"), ("triathlon", "🏁 330")]
