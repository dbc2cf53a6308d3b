"""What a person reads: plain words for the scoring's codes, human table headers, no setup hints in public."""

from __future__ import annotations

import html
import re
from datetime import date

import polars as pl

from trainer.day.words import missing_in_words
from trainer.scoring import ScoringConfig
from trainer.scoring.recommend import Recommendation
from trainer.scoring.recovery import MISSING_LABELS
from trainer.views.insights import insights_html
from trainer.views.tables import history_table, next_sessions_table
from trainer.views.today_card import acwr_in_words, today_card_html

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\(D-1\)")  # hrv_ms, stress_level, sleep_minutes, hr_component, ...


def test_every_missing_code_has_words():
    words = missing_in_words(",".join(MISSING_LABELS))
    assert "no stress reading yesterday" in words and "no HRV reading last night" in words
    assert not CODE.search(words) and missing_in_words("") == "" and missing_in_words(None) == ""


def day(**changes) -> dict:
    base = {
        "date": date(2026, 11, 24),
        "total_score": 63,
        "status": "yellow",
        "hrv_component": 60.0,
        "hr_component": 42.0,
        "sleep_component": 99.0,
        "stress_component": None,
        "acwr": 0.88,
        "acwr_factor": 1.0,
        "missing": "stress_level(D-1)",
    }
    return {**base, **changes}


RECOMMENDATION = Recommendation(
    workout_type="run", intensity="moderate", minutes=50, hr_low=140, hr_high=152, rationale="Recovery 63 (yellow)."
)


def test_the_today_card_speaks_plainly():
    card = today_card_html(day(), RECOMMENDATION, ScoringConfig())
    text = html.unescape(re.sub(r"<[^>]+>", " ", card))
    assert "Not measured: no stress reading yesterday." in text
    assert "this week's training against your usual four weeks" in text and "(x1)" not in text
    assert "Score /100" in text and "Value" not in text
    assert not CODE.search(text.replace("trainer-", ""))


def test_a_day_without_a_score_lost_no_points():
    card = today_card_html(
        day(
            total_score=None,
            status="insufficient data",
            hrv_component=None,
            hr_component=None,
            missing="hrv_ms,hrv baseline,resting_hr",
        ),
        RECOMMENDATION,
        ScoringConfig(),
    )
    rows = re.findall(
        r"<tr><td[^>]*>(\w[\w ]*)</td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>", card
    )
    assert ("Sleep", "99", "100%", "–") in rows  # shown, but no points lost on a day with no score
    assert all(lost == "–" for *_, lost in rows)


def test_acwr_in_words():
    assert acwr_in_words(None, None).startswith("load ratio not known yet")
    assert "multiplied by 0.8" in acwr_in_words(1.62, 0.8)


def test_tables_have_human_headers_and_status_words():
    days = pl.DataFrame(
        [day(), day(date=date(2026, 11, 23), status="green", total_score=85, missing="")],
        schema_overrides={"stress_component": pl.Float64},
    )
    table = history_table(days)
    assert table.columns == [
        "Date",
        "Score",
        "Status",
        "HRV",
        "Resting HR",
        "Sleep",
        "Stress",
        "Load ratio",
        "Not measured",
    ]
    assert table["Status"].to_list() == ["▲ Yellow", "● Green"] and table["Not measured"].to_list() == [
        "no stress reading yesterday",
        "",
    ]
    sessions = pl.DataFrame(
        {
            "date": [date(2026, 11, 25), date(2026, 11, 26)],
            "sport": ["bike", "run"],
            "kind": ["long", "intervals"],
            "minutes": [90, 60],
            "intensity": ["easy", "hard"],
            "hr_low": [130, 160],
            "hr_high": [145, 172],
            "purpose": ["aerobic base", "speed"],
        }
    )
    table = next_sessions_table(sessions, on_watch=frozenset({date(2026, 11, 25)}))
    assert table.row(0) == (
        date(2026, 11, 25),
        "long ride",
        90,
        "easy",
        "130-145 bpm",
        "10 min warm-up · 75 min easy · 5 min cool-down",
        "yes",
        "aerobic base",
    )
    assert table.row(1)[1] == "intervals run"
    assert table.row(1)[5:7] == ("15 min warm-up · 5 × (4 min hard, 2 min easy) · 15 min cool-down", "not yet")


def test_the_published_insights_say_nothing_about_keys():
    from trainer.insights.service import InsightsResult

    result = InsightsResult(
        insights=[],
        source="rules",
        note="written by trainer's rules (Claude-written insights are off: no Claude key is set up)",
    )
    assert "Claude key" not in insights_html(result, setup_notes=False) and "Claude key" in insights_html(result)


def test_the_squads_dashboard_link_survives_any_name_and_carries_the_levers():
    import html as html_module
    from urllib.parse import parse_qs, urlsplit

    from trainer.views.squad import dashboard_link

    link = html_module.unescape(
        dashboard_link("Ana María & Co", published=True, levers="weights=0.7%2C0.3%2C0.2%2C0.1")
    )
    query = parse_qs(urlsplit(link).query)
    assert query == {"athlete": ["Ana María & Co"], "weights": ["0.7,0.3,0.2,0.1"]} and link.startswith("../athlete/?")
    local = html_module.unescape(dashboard_link("Ana María & Co", published=False))
    assert parse_qs(urlsplit(local).query) == {"file": ["dashboard.py"], "athlete": ["Ana María & Co"]}


def test_the_levers_and_the_fitness_chart_speak_plainly():
    """No method or variant names, no ATL/CTL/TSB, no 'Garmin units' where a person reads them."""
    from trainer.views.widgets import ACWR_OPTIONS, METHOD_OPTIONS

    labels = " ".join([*METHOD_OPTIONS, *ACWR_OPTIONS])
    assert not any(word in labels for word in ("seed", "normal-range", "uncoupled", "rolling", "method default"))
    assert set(METHOD_OPTIONS.values()) == {"seed", "normal-range", "personal"}
    assert set(ACWR_OPTIONS.values()) == {"method default", "rolling", "uncoupled", "ewma"}
    from datetime import date

    import polars as pl

    from trainer.views.charts import fitness_chart

    metrics = pl.DataFrame({"date": [date(2026, 11, 1)], "ctl": [50.0], "atl": [60.0], "tsb": [-10.0]})
    spec = fitness_chart(metrics).to_json()
    assert "Fitness (6-week load)" in spec and not any(word in spec for word in ("CTL", "ATL", "TSB"))
