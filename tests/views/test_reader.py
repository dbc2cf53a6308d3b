"""Every read the published apps make honours the viewer's scope, on both backends."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from tests.conftest import TEST_CLOCK
from trainer.access.keys import pseudonym
from trainer.access.viewer import NOBODY, OWNER, Viewer
from trainer.errors import TrainerError
from trainer.planning.goals import GoalSpec
from trainer.scoring import ScoringConfig
from trainer.settings import Settings
from trainer.store.athletes import list_athletes
from trainer.store.database import open_database
from trainer.views.reader import AppData, NotYours, open_for_viewer

DAY = date(2026, 11, 24)


@pytest.fixture
def demo(demo_db_url, tmp_path):
    db = open_database(demo_db_url, read_only=True)
    athletes = list_athletes(db)
    settings = Settings(
        clock=TEST_CLOCK,
        database_url=demo_db_url,
        data_dir=tmp_path,
        config_home=tmp_path / "config",
        read_only=True,
        secret_key_file=tmp_path / "key",
    )
    return db, dict(zip(athletes["name"], athletes["id"])), settings


def athlete_viewer(athlete_id: int) -> Viewer:
    return Viewer(role="athlete", person="x", athlete_ids=frozenset({athlete_id}), grant_id=1)


def every_athlete_read(data: AppData, athlete_id: int):
    """Each per-athlete read the notebooks make, as (name, call)."""
    version = (0,)
    spec = GoalSpec(name="10k", distance_km=10.0, event_date=date(2027, 3, 1))
    return [
        ("athlete", lambda: data.athlete(athlete_id)),
        ("version", lambda: data.version(athlete_id)),
        ("frames", lambda: data.frames(athlete_id, version)),
        ("scores", lambda: data.scores(athlete_id, ScoringConfig(), version)),
        ("load_metrics", lambda: data.load_metrics(athlete_id, version)),
        ("planned_session", lambda: data.planned_session(athlete_id, DAY)),
        ("plan_view", lambda: data.plan_view(athlete_id, DAY, version)),
        ("plan_preview", lambda: data.plan_preview(athlete_id, spec, DAY, version)),
        (
            "insights",
            lambda: data.insights(
                athlete_id, DAY, Settings(database_url=data.db.url, data_dir=data.db.url, config_home=data.db.url)
            ),
        ),
    ]


def test_an_athlete_reads_their_own_data_and_nothing_else(demo):
    db, ids, _ = demo
    data = AppData(db, athlete_viewer(ids["demo-marathoner"]))  # the demo athlete with a plan
    assert data.athletes()["name"].to_list() == ["demo-marathoner"]
    for name, read in every_athlete_read(data, ids["demo-marathoner"]):
        assert read() is not None, name
    for other in ("demo-cyclist", "demo-triathlete"):
        for _name, read in every_athlete_read(data, ids[other]):
            with pytest.raises(NotYours):
                read()
    own = data.frames(ids["demo-marathoner"], (0,))
    assert own["wellness"].height > 300 and set(own["wellness"]["athlete_id"]) == {ids["demo-marathoner"]}


def test_squad_and_research_reads_hold_only_the_viewers_athletes(demo):
    db, ids, _ = demo
    coach = AppData(
        db,
        Viewer(
            role="coach", person="C", athlete_ids=frozenset({ids["demo-cyclist"], ids["demo-marathoner"]}), grant_id=2
        ),
    )
    version = coach.version()
    scores = coach.squad_scores(ScoringConfig(), version)
    assert set(scores["athlete_id"]) == {ids["demo-cyclist"], ids["demo-marathoner"]}
    everyone = AppData(db, OWNER).squad_scores(ScoringConfig(), version)
    assert set(everyone["athlete_id"]) == set(ids.values())  # the shared cache holds everyone; the reader filtered
    inputs = coach.research_inputs()
    assert all(set(frame["athlete_id"]) == {ids["demo-cyclist"], ids["demo-marathoner"]} for frame in inputs.values())
    nobody = AppData(db, NOBODY)
    assert nobody.athletes().is_empty() and nobody.squad_scores(ScoringConfig(), version).is_empty()
    assert all(frame.is_empty() for frame in nobody.research_inputs().values())


def test_a_researcher_sees_stable_pseudonyms_never_names(demo):
    db, ids, settings = demo
    researcher = Viewer(role="researcher", person="R", athlete_ids=None, grant_id=3)
    data, athletes, problem = open_for_viewer(settings, researcher)
    assert problem is None and athletes.height == 3
    assert not set(athletes["name"]) & set(ids) and all(name.startswith("P-") for name in athletes["name"])
    again = open_for_viewer(settings, researcher)[1]
    assert athletes.sort("id")["name"].to_list() == again.sort("id")["name"].to_list()
    key = settings.key_file.read_bytes()
    assert athletes.filter(pl.col("id") == ids["demo-cyclist"])["name"][0] == pseudonym(
        key.strip(), ids["demo-cyclist"]
    )


def test_only_the_local_owner_may_write(demo):
    db, ids, _ = demo
    assert not AppData(db, OWNER).may_write  # a read-only database: nobody writes
    with pytest.raises(TrainerError, match="read-only"):
        AppData(db, athlete_viewer(ids["demo-cyclist"])).writable_db
    writable = open_database(db.url)
    assert AppData(writable, OWNER).writable_db is writable
    with pytest.raises(TrainerError):
        AppData(writable, athlete_viewer(ids["demo-cyclist"])).writable_db


@pytest.mark.parametrize("forged", ["1", 1.0, None, True])
def test_a_forged_athlete_value_is_refused(demo, forged):
    db, ids, _ = demo
    data = AppData(db, athlete_viewer(ids["demo-cyclist"]))
    with pytest.raises(NotYours):
        data.scores(forged, ScoringConfig(), (0,))


def test_an_athlete_sees_only_the_coach_notes_shown_to_them(demo_sqlite_url, tmp_path):
    from trainer.ingest.check_in import record_coach_note

    db = open_database(demo_sqlite_url)
    ids = dict(zip(list_athletes(db)["name"], list_athletes(db)["id"]))
    record_coach_note(db, ids["demo-cyclist"], DAY, "for you", "Carla", None, True)
    record_coach_note(db, ids["demo-cyclist"], DAY, "between coaches", "Carla", None, False)
    settings = Settings(
        clock=TEST_CLOCK,
        database_url=demo_sqlite_url,
        data_dir=tmp_path,
        config_home=tmp_path / "c",
        read_only=True,
        secret_key_file=tmp_path / "key",
    )
    reader, _, _ = open_for_viewer(settings, athlete_viewer(ids["demo-cyclist"]))
    assert [n["text"] for n in reader.coach_notes(ids["demo-cyclist"], DAY)] == ["for you"]
    coach = Viewer(role="coach", person="Carla", athlete_ids=frozenset({ids["demo-cyclist"]}), grant_id=3)
    reader, _, _ = open_for_viewer(settings, coach)
    assert [n["text"] for n in reader.coach_notes(ids["demo-cyclist"], DAY)] == ["for you", "between coaches"]
    with pytest.raises(NotYours):
        reader.coach_notes(ids["demo-marathoner"], DAY)
