"""The apps' cells run headless (``app.run``) on the demo database: levers change what they should."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from trainer.scoring import ScoringConfig, Weights, score_days
from trainer.scoring.compare import status_changes
from trainer.store.database import open_database
from trainer.store.loaders import load_daily_loads, load_wellness

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
DEFAULT = {"method": "seed", "weights": (0.4, 0.3, 0.2, 0.1), "acwr": "method default"}


def load_app(name: str):
    spec = importlib.util.spec_from_file_location(name, NOTEBOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


@pytest.fixture
def demo_env(demo_sqlite_url, monkeypatch):
    monkeypatch.setenv("TRAINER_DATABASE_URL", demo_sqlite_url)
    monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
    return demo_sqlite_url


def test_dashboard_scores_the_first_athlete_and_recommends(demo_env):
    _, defs = load_app("dashboard").run()
    assert defs["db_problem"] is None
    assert defs["athlete"].value == defs["athletes"]["id"][0]
    assert defs["day"]["date"] == defs["scored"]["date"].max()
    assert defs["shown"].height == 84  # 12 weeks
    assert f"Recovery {defs['day']['total_score']}" in defs["recommendation"].rationale


def test_a_weight_change_changes_the_scores(demo_env):
    _, base = load_app("dashboard").run(defs={"chosen": DEFAULT})
    _, hrv_only = load_app("dashboard").run(defs={"chosen": {**DEFAULT, "weights": (1.0, 0, 0, 0)}})
    assert hrv_only["config"].weights.normalised().hrv == 1.0
    differs = (base["scored"]["total_score"] != hrv_only["scored"]["total_score"]).sum()
    assert differs > 100


def test_a_method_change_changes_the_scores(demo_env):
    _, seed = load_app("dashboard").run(defs={"chosen": DEFAULT})
    _, normal = load_app("dashboard").run(defs={"chosen": {**DEFAULT, "method": "normal-range"}})
    assert normal["config"].method == "normal-range" and normal["config"].acwr == "ewma"
    assert not seed["scored"]["total_score"].equals(normal["scored"]["total_score"])


def test_invalid_weights_fall_back_to_defaults_with_a_message(demo_env):
    _, defs = load_app("dashboard").run(defs={"chosen": {**DEFAULT, "weights": (0, 0, 0, 0)}})
    assert "positive sum" in defs["config_problem"]
    assert defs["config"] == ScoringConfig()


def test_what_would_change_matches_a_direct_computation(demo_env):
    chosen = {**DEFAULT, "weights": (0.1, 0.1, 0.7, 0.1), "green_from": 75, "yellow_from": 45}
    _, defs = load_app("squad").run(defs={"chosen": chosen})
    db = open_database(demo_env, read_only=True)
    wellness, loads = load_wellness(db), load_daily_loads(db).select("athlete_id", "date", "load")
    changed = ScoringConfig(weights=Weights(0.1, 0.1, 0.7, 0.1), green_from=75, yellow_from=45)
    direct = status_changes(score_days(wellness, loads), score_days(wellness, loads, changed))
    assert defs["changes"].height == direct.height > 0
    per_athlete = defs["summary"].group_by("athlete_id").agg(pl.col("days").sum()).sort("athlete_id")
    assert per_athlete["days"].to_list() == direct.group_by("athlete_id").len().sort("athlete_id")["len"].to_list()


def test_default_levers_change_nothing(demo_env):
    _, defs = load_app("squad").run()
    assert defs["changes"].height == 0
    assert set(defs["table"]["athlete"]) == {"demo-marathoner", "demo-cyclist", "demo-triathlete"}


def test_dashboard_explains_a_missing_database(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    monkeypatch.setenv("TRAINER_READ_ONLY", "1")
    _, defs = load_app("dashboard").run()
    assert "no database at" in defs["db_problem"]
    assert not (tmp_path / "none.db").exists()


def test_published_dashboard_has_no_readiness_form(demo_env, monkeypatch):
    monkeypatch.setenv("TRAINER_READ_ONLY", "1")
    _, defs = load_app("dashboard").run()
    assert defs["read_only"] is True and defs["reader"].db.read_only
    assert "readiness" not in defs and "sync_request" not in defs  # no write controls at all


def test_logging_readiness_is_refused_on_a_read_only_database(demo_env):
    from trainer.ingest.check_in import ReadOnlyError, log_readiness

    db = open_database(demo_env, read_only=True)
    with pytest.raises(ReadOnlyError):
        log_readiness(db, 1, date(2026, 11, 25), readiness=7)


def test_a_new_athlete_is_told_the_baseline_needs_more_history(tmp_path, monkeypatch):
    from trainer.store.athletes import add_athlete
    from trainer.store.models import DailyWellness
    from trainer.store.models._base import utc_now

    url = f"sqlite:///{tmp_path / 'new.db'}"
    db = open_database(url)
    ana = add_athlete(db, "ana", sex="female", birth_year=1990)
    with db.engine.begin() as connection:
        connection.execute(
            DailyWellness.__table__.insert(),
            [
                {
                    "athlete_id": ana.id,
                    "date": date(2026, 11, day),
                    "hrv_ms": 60.0,
                    "resting_hr": 50.0,
                    "sleep_minutes": 450.0,
                    "stress_level": 25.0,
                    "source": "manual",
                    "updated_at": utc_now(),
                }
                for day in (22, 23, 24)
            ],
        )
    monkeypatch.setenv("TRAINER_DATABASE_URL", url)
    monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
    outputs, defs = load_app("dashboard").run()
    assert defs["day"]["status"] == "insufficient data"
    text = " ".join(getattr(output, "text", str(output)) for output in outputs)
    assert "Too little history for a baseline" in text and "3 days recorded" in text
    assert "keep it easy" in defs["recommendation"].rationale


def test_the_plan_section_shows_the_demo_plan_and_the_goal_editor_previews(demo_env):
    from types import SimpleNamespace

    picked = {"athlete": SimpleNamespace(value=1), "period": SimpleNamespace(value=84)}  # demo-marathoner
    _, defs = load_app("dashboard").run(defs=picked)
    plan = defs["plan_now"]()  # what the plan section draws when it is scrolled to
    assert plan.plan.goal.name == "Spring marathon" and plan.weeks.height == 22
    assert set(plan.workouts["status"]) == {"done", "moved", "missed", "planned"}
    assert defs["goal_spec_preview"].kind == "marathon"
    inputs = {
        "event": "10K run",
        "race_day": date(2027, 2, 7),
        "hours": 4,
        "target_time": "45:00",
        "days_per_week": 4,
        "days": ["Tue", "Thu", "Sat", "Sun"],
        "max_minutes": 90,
    }
    shown, edited = load_app("dashboard").run(defs={**picked, "goal_choice": inputs})
    words = " ".join(getattr(output, "text", str(output)) for output in shown)
    assert "Target time" in words and "Ride length" not in words  # the editor offers a run's fields only
    spec = edited["goal_spec_preview"]
    assert (spec.kind, spec.target_time_s, spec.available_days, spec.days_per_week) == ("10k", 2700, (1, 3, 5, 6), 4)
    ride = {**inputs, "event": "gran fondo (ride)", "hours": 5, "target_time": ""}
    cyclist_defs = {**picked, "athlete": SimpleNamespace(value=2), "goal_choice": ride}
    shown, cyclist = load_app("dashboard").run(defs=cyclist_defs)
    assert "Ride length (h)" in " ".join(getattr(output, "text", str(output)) for output in shown)
    fondo = cyclist["goal_spec_preview"]
    assert (fondo.sport, fondo.kind, fondo.event_hours, fondo.name) == ("bike", "gran-fondo", 5, "5 h gran fondo")


def test_the_published_dashboard_has_no_goal_editor(demo_env, monkeypatch):
    monkeypatch.setenv("TRAINER_READ_ONLY", "1")
    from types import SimpleNamespace

    _, defs = load_app("dashboard").run(defs={"athlete": SimpleNamespace(value=1), "period": SimpleNamespace(value=84)})
    assert defs["read_only"] and defs["plan_now"]() is not None
    assert "goal_inputs" not in defs and "save_goal" not in defs and "goal_spec_preview" not in defs


def test_the_insights_panel_gives_rule_insights_without_a_key(demo_env, monkeypatch):
    from types import SimpleNamespace

    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    _, defs = load_app("dashboard").run(defs={"athlete": SimpleNamespace(value=1), "period": SimpleNamespace(value=84)})
    result = defs["insights_now"]()  # what the insights section writes when it is scrolled to
    assert result.source == "rules" and "no Claude key is set up" in result.note
    assert 3 <= len(result.insights) <= 5 and {i.source for i in result.insights} == {"rules"}
    assert "refresh_insights" in defs


def test_the_published_dashboard_shows_insights_and_writes_nothing(demo_env, monkeypatch):
    from types import SimpleNamespace

    monkeypatch.setenv("TRAINER_READ_ONLY", "1")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-never-used")  # read-only never calls Claude
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9")  # nothing listens here
    before = Path(demo_env.removeprefix("sqlite:///")).read_bytes()
    _, defs = load_app("dashboard").run(defs={"athlete": SimpleNamespace(value=1), "period": SimpleNamespace(value=84)})
    assert defs["insights_now"]().source == "rules" and "refresh_insights" not in defs
    assert Path(demo_env.removeprefix("sqlite:///")).read_bytes() == before


def test_the_recommendation_follows_the_planned_session(demo_env):
    from types import SimpleNamespace

    _, defs = load_app("dashboard").run(defs={"athlete": SimpleNamespace(value=1), "period": SimpleNamespace(value=84)})
    session = defs["plan_now"]().workouts.filter(pl.col("date") == defs["day"]["date"])
    planned, recommendation = defs["planned"], defs["recommendation"]
    assert (
        session.height == 1 and defs["day"]["status"] == "green"
    )  # the demo's last day: a planned easy run, a green morning
    assert (planned.minutes, planned.intensity, planned.sport) == (
        session["minutes"][0],
        session["intensity"][0],
        "run",
    )
    assert recommendation.minutes == planned.minutes and "Go ahead with the planned session" in recommendation.rationale


def viewer_of(role: str, ids, grant_id: int = 7):
    from trainer.access.viewer import Viewer

    return Viewer(role=role, person="someone", athlete_ids=None if ids is None else frozenset(ids), grant_id=grant_id)


def test_the_squad_shows_a_coach_only_their_athletes(demo_env):
    from trainer.settings import Settings

    coach = viewer_of("coach", [1, 2])
    _, defs = load_app("squad").run(
        defs={
            "settings": Settings.from_env(),
            "viewer": coach,
            "published": True,
            "chosen": {**DEFAULT, "weights": (0.1, 0.1, 0.7, 0.1), "green_from": 80, "yellow_from": 50},
        }
    )
    assert set(defs["table"]["athlete_id"]) == {1, 2}
    assert set(defs["after"]["athlete_id"]) == {1, 2} and set(defs["changes"]["athlete_id"]) <= {1, 2}


def test_the_dashboard_shows_an_athlete_only_themselves(demo_env):
    from trainer.settings import Settings

    _, defs = load_app("dashboard").run(defs={"settings": Settings.from_env(), "viewer": viewer_of("athlete", [2])})
    assert defs["athletes"]["id"].to_list() == [2] and defs["athlete"].value == 2
    assert set(defs["scored"]["athlete_id"]) == {2}


def test_a_published_page_without_a_viewer_shows_nothing(demo_env, monkeypatch):
    monkeypatch.setenv("TRAINER_PUBLISHED", "grants")  # the gate always sets one; without it, fail closed
    _, defs = load_app("dashboard").run()
    assert defs["athletes"].is_empty() and "athlete" not in defs


def test_what_would_change_says_why_a_day_loses_its_score(demo_env):
    db = open_database(demo_env, read_only=True)
    wellness, loads = load_wellness(db), load_daily_loads(db).select("athlete_id", "date", "load")
    stress_only = ScoringConfig(
        weights=Weights(0.05, 0.05, 0.05, 0.85)
    )  # stress carries the score: days without it lose it
    changes = status_changes(score_days(wellness, loads), score_days(wellness, loads, stress_only))
    lost = changes.filter(pl.col("status_after") == "insufficient data")
    assert lost.height > 0 and set(lost["why"]) == {
        "what was measured that day carries under half of the weight with these settings"
    }
    moved = changes.filter(
        pl.col("status_after") != "insufficient data", pl.col("status_before") != "insufficient data"
    ).row(0, named=True)
    assert moved["why"] == f"score {moved['score_before']} -> {moved['score_after']}"


def test_a_coachs_link_opens_the_dashboard_with_the_coachs_score(demo_env):
    from urllib.parse import parse_qs

    from trainer.views.levers import DEFAULT_LEVERS, levers_from_query, levers_query

    coach = {**DEFAULT_LEVERS, "weights": (0.7, 0.3, 0.2, 0.1)}
    _, squad = load_app("squad").run(defs={"chosen": coach})
    on = squad["on"]
    today = (
        squad["after"]
        .filter(pl.col("date") == on)
        .join(squad["before"].filter(pl.col("date") == on), on="athlete_id", suffix="_default")
    )
    athlete_id, coach_score = (
        today.filter(pl.col("total_score") != pl.col("total_score_default")).select("athlete_id", "total_score").row(0)
    )
    link = {key: values[0] for key, values in parse_qs(levers_query(coach)).items()}
    linked = levers_from_query(link)  # what the dashboard's levers start from when opened with the coach's link
    from types import SimpleNamespace

    _, dashboard = load_app("dashboard").run(
        defs={"chosen": linked, "athlete": SimpleNamespace(value=athlete_id), "period": SimpleNamespace(value=84)}
    )
    assert (
        dashboard["scored"].filter(pl.col("date") == on)["total_score"][0] == coach_score
    )  # the link matters: the defaults show another number
