"""The weekly jobs, run as a worker runs them (the task's own code, in this process): the plans
adapted for every athlete with one, the insights batch skipped without a Claude key; each once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import DEMO_END
from trainer.jobs import runs, tasks
from trainer.planning.goals import GoalSpec
from trainer.planning.service import create_plan
from trainer.planning.store import add_goal
from trainer.settings import Settings
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database


@pytest.fixture
def worker_on(demo_sqlite_url, tmp_path, monkeypatch):
    db = open_database(demo_sqlite_url)
    monkeypatch.setattr(
        tasks, "SETTINGS", Settings(database_url=demo_sqlite_url, data_dir=tmp_path, config_home=tmp_path)
    )
    monkeypatch.setattr(tasks, "_db", db)
    return db


def test_the_weekly_adaptation_and_insights_run_once(worker_on):
    db = worker_on
    marathoner = get_athlete(db, "demo-marathoner")
    goal = add_goal(db, marathoner.id, GoalSpec("Spring half", 21.1, DEMO_END + timedelta(days=70)))
    create_plan(db, marathoner, goal.id, DEMO_END - timedelta(days=14))
    sunday = DEMO_END - timedelta(days=(DEMO_END.weekday() - 6) % 7)
    adapt = runs.create(db, "adapt", None, sunday)
    insights = runs.create(db, "insights", None, sunday)
    assert runs.create(db, "adapt", None, sunday) is None  # the week's job exists once
    tasks.adapt_task.call_local(adapt)
    tasks.insights_task.call_local(insights)
    done = runs.load(db, adapt)
    assert done["state"] == "done" and done["result"].endswith("without a plan to adapt")
    assert done["result"].split(" plans adapted")[0] in ("0", "1") and "2 without" in done["result"]
    skipped = runs.load(db, insights)
    assert skipped["state"] == "done" and skipped["result"] == "no Claude key: the apps show the rule-based insights"
    tasks.adapt_task.call_local(adapt)  # a second delivery of the same task changes nothing
    assert runs.load(db, adapt)["attempts"] == 1 and runs.load(db, adapt)["finished_at"] <= datetime.now(UTC)
