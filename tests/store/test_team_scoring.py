"""One set of scoring settings per team: set once, seen by every app and message, and a "what
if" on anyone's own page is marked and changes nothing for anyone else."""

from __future__ import annotations

import polars as pl
import pytest

from tests.conftest import DEMO_END, run_trainer
from trainer.errors import TrainerError
from trainer.scoring.config import DEFAULT_LEVERS
from trainer.store.database import open_database
from trainer.store.team_scoring import load_team_levers, save_team_levers, team_config


def test_the_team_settings_are_saved_once_and_a_bad_set_changes_nothing(db_url):
    db = open_database(db_url)
    assert load_team_levers(db) == DEFAULT_LEVERS  # SCORING.md's defaults until someone sets them
    saved = save_team_levers(db, {"weights": (0.7, 0.3, 0.2, 0.1), "green_from": 75}, "Carla")
    assert saved["weights"] == (0.7, 0.3, 0.2, 0.1) and saved["green_from"] == 75 and saved["set_by"] == "Carla"
    assert team_config(db).weights.hrv == 0.7 and team_config(db).green_from == 75
    with pytest.raises(TrainerError):
        save_team_levers(db, {"weights": (0, 0, 0, 0)}, "Carla")
    assert load_team_levers(db)["weights"] == (0.7, 0.3, 0.2, 0.1)
    save_team_levers(db, {"method": "normal-range"}, "Dan")  # what is not given stays
    again = load_team_levers(db)
    assert (again["method"], again["weights"], again["set_by"]) == ("normal-range", (0.7, 0.3, 0.2, 0.1), "Dan")


def test_settings_from_the_command_line(demo_sqlite_url):
    done = run_trainer("settings", "set", "--weights", "hrv=0.7", "--by", "Carla", "--db", demo_sqlite_url)
    assert done.returncode == 0, done.stderr
    assert "weights HRV 0.7, resting HR 0.3, sleep 0.2, stress 0.1" in done.stdout
    shown = run_trainer("settings", "show", "--db", demo_sqlite_url)
    assert "HRV 0.7" in shown.stdout and "set by Carla on" in shown.stdout
    for args, message in (
        (("--method", "magic"), "--method 'magic': use seed or normal-range"),
        (("--weights", "hrv=0,hr=0,sleep=0,stress=0"), "positive sum"),
        ((), "nothing to set"),
    ):
        bad = run_trainer("settings", "set", *args, "--db", demo_sqlite_url)
        assert bad.returncode == 2 and message in bad.stderr and bad.stderr.count("\n") == 1, bad.stderr
    assert "HRV 0.7" in run_trainer("settings", "show", "--db", demo_sqlite_url).stdout


def test_every_page_shows_the_teams_score_and_a_what_if_is_marked(demo_sqlite_url, monkeypatch):
    from tests.notebooks.test_dashboard import load_app
    from trainer.access.viewer import OWNER
    from trainer.settings import Settings
    from trainer.views.first_card import first_card_html

    monkeypatch.setenv("TRAINER_DATABASE_URL", demo_sqlite_url)
    monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
    db = open_database(demo_sqlite_url)
    _, plain = load_app("dashboard").run()
    save_team_levers(db, {"weights": (0.0, 0.0, 1.0, 0.0)}, "Carla")  # the team scores on sleep alone
    _, team = load_app("dashboard").run()
    day = team["day"]["date"]
    sleep_only = team["scored"].filter(pl.col("date") == day)["total_score"][0]
    assert team["config"].weights.sleep == 1.0 and team["chosen"]["weights"] == (0.0, 0.0, 1.0, 0.0)
    assert sleep_only != plain["scored"].filter(pl.col("date") == day)["total_score"][0]
    card = first_card_html(Settings.from_env(), OWNER, {})
    assert card is not None and f">{sleep_only:.0f}<" in card and "What if" not in card
    tried = first_card_html(Settings.from_env(), OWNER, {"weights": "0.4,0.3,0.2,0.1"})
    assert tried is not None and "What if: not your team" in tried and "HRV weight 0.4 (team: 0)" in tried
    _, squad = load_app("squad").run()
    assert squad["team"]["weights"] == (0.0, 0.0, 1.0, 0.0)
    assert squad["changes"].height == 0  # the coach's page starts from the team's settings: nothing differs


def test_trainer_today_says_what_the_athletes_page_says(demo_sqlite_url):
    import json

    def score(*extra: str) -> float:
        day = DEMO_END.isoformat()
        done = run_trainer("today", "-a", "demo-cyclist", "--date", day, "--json", *extra, "--db", demo_sqlite_url)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["total_score"]

    seed = score()
    assert (
        run_trainer("settings", "set", "--weights", "hrv=0,hr=0,sleep=1,stress=0", "--db", demo_sqlite_url).returncode
        == 0
    )
    assert score() != seed  # the team's settings now
    assert score("--method", "seed") == seed  # asked for explicitly: SCORING.md's seed
