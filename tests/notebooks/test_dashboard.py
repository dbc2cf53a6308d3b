"""The dashboard's cells run headless on the demo database."""

from __future__ import annotations

import importlib.util
from pathlib import Path


NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def load_app(name: str):
    spec = importlib.util.spec_from_file_location(name, NOTEBOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


def test_dashboard_shows_six_months_of_the_first_athlete(demo_sqlite_url, monkeypatch):
    monkeypatch.setenv("TRAINER_DATABASE_URL", demo_sqlite_url)
    _, defs = load_app("dashboard").run()
    assert defs["db_problem"] is None
    assert defs["athlete"].value == defs["athletes"]["id"][0]
    assert defs["days"].height == 182


def test_dashboard_explains_a_missing_database(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    monkeypatch.setenv("TRAINER_READ_ONLY", "1")
    _, defs = load_app("dashboard").run()
    assert "no database at" in defs["db_problem"]
    assert not (tmp_path / "none.db").exists()
