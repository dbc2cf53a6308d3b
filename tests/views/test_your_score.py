"""While a study runs each athlete sees their arm's score as "your score" (never its method's
name) on their page, in their morning message and in the coach's squad row; a blinded coach sees
the study, not the arm; a what-if shows what it says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from tests.conftest import DEMO_END
from tests.notebooks.test_dashboard import load_app
from tests.notify.test_morning import Hook
from trainer.access.viewer import OWNER, Viewer
from trainer.day.attention import scores_by_own_settings
from trainer.notify.morning import add_target, send_due
from trainer.research.study_store import create_study
from trainer.scoring.config import ScoringConfig
from trainer.settings import Settings
from trainer.store.athletes import add_athlete, get_athlete
from trainer.store.database import open_database
from trainer.views.first_card import first_card_html
from trainer.views.reader import open_for_viewer


def in_a_study(url: str, blind: bool = False) -> dict[str, str]:
    """The three demo athletes and one more, randomised to seed and personal: name -> arm."""
    db = open_database(url)
    add_athlete(db, "newcomer", main_sport="run")
    _, allocation = create_study(
        db, "pilot", ["seed", "personal"], None, 8, 3, ScoringConfig(), DEMO_END - timedelta(days=20), blind
    )
    names = {get_athlete(db, n).id: n for n in ("demo-marathoner", "demo-cyclist", "demo-triathlete", "newcomer")}
    return {names[a.athlete_id]: a.arm for a in allocation}


def test_the_page_shows_the_arms_score_as_your_score(demo_sqlite_url, monkeypatch):
    arms = in_a_study(demo_sqlite_url)
    monkeypatch.setenv("TRAINER_DATABASE_URL", demo_sqlite_url)
    monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
    settings = Settings.from_env()
    for name in ("demo-marathoner", "demo-cyclist", "demo-triathlete"):
        card = first_card_html(settings, OWNER, {"athlete": name})
        assert card is not None and "your score / 100" in card and "personal" not in card.lower()
        assert ("Forecast before your check-in" in card) == (arms[name] == "personal")
        assert ("Part of the score" in card) == (arms[name] == "seed")
    what_if = first_card_html(settings, OWNER, {"athlete": "demo-cyclist", "weights": "0.7,0.3,0.2,0.1"})
    assert "recovery / 100" in what_if and "your score" not in what_if and "Part of the score" in what_if
    _, defs = load_app("dashboard").run()  # the first athlete, the team's levers
    first = defs["athletes"]["name"][0]
    assert defs["config"].method == arms[first] and defs["score_label"] == "your score / 100"


def test_the_squad_row_and_the_blinded_coach(demo_sqlite_url, tmp_path):
    arms = in_a_study(demo_sqlite_url, blind=True)
    settings = Settings(database_url=demo_sqlite_url, data_dir=tmp_path, config_home=tmp_path / "config")
    owner, _, _ = open_for_viewer(settings, OWNER)
    coach_viewer = Viewer(role="coach", person="Carla", athlete_ids=None, grant_id=3)
    coach, _, _ = open_for_viewer(settings, coach_viewer)
    version = owner.version()
    seed_scores = owner.squad_scores(ScoringConfig(), version)
    mixed, studies = scores_by_own_settings(owner, DEMO_END)
    ids = {get_athlete(owner.db, n).id: n for n in arms}
    said = {ids[i]: s for i, s in studies.iter_rows()}
    assert said == {name: f"pilot: {arm} arm" for name, arm in arms.items()}
    personal_scores = owner.squad_scores(ScoringConfig(method="personal"), version)
    for athlete_id, name in ids.items():
        day = pl.col("date") == DEMO_END
        shown = mixed.filter((pl.col("athlete_id") == athlete_id) & day)["total_score"].to_list()
        expected = (
            (personal_scores if arms[name] == "personal" else seed_scores)
            .filter((pl.col("athlete_id") == athlete_id) & day)["total_score"]
            .to_list()
        )
        assert shown == expected
    _, blinded = scores_by_own_settings(coach, DEMO_END, coach=True)
    assert set(blinded["study"]) == {"pilot"}
    unchanged, none = scores_by_own_settings(owner, DEMO_END, what_if=ScoringConfig())
    assert unchanged.equals(seed_scores) and none.is_empty()


def test_the_morning_message_says_your_score(demo_sqlite_url, tmp_path):
    arms = in_a_study(demo_sqlite_url)
    settings = Settings(
        database_url=demo_sqlite_url,
        data_dir=tmp_path,
        config_home=tmp_path / "config",
        public_url="https://trainer.example.org",
        secret_key_file=tmp_path / "config" / "key",
    )
    db = open_database(demo_sqlite_url)
    hook = Hook()
    try:
        name = next(n for n, arm in arms.items() if arm == "personal" and n != "newcomer")
        add_target(db, settings, hook.url(), "07:00", athlete=get_athlete(db, name), time_zone="UTC", details=True)
        send_due(db, settings, datetime(DEMO_END.year, DEMO_END.month, DEMO_END.day, 12, tzinfo=UTC))
        message = hook.got[0]["message"]
        assert message.startswith("Your score ") and "Today: " in message and "personal" not in message
    finally:
        hook.stop()
