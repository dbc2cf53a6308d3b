"""The research notebook runs headless on the demo athletes; its levers change its figures."""

from __future__ import annotations

import polars as pl

from tests.notebooks.test_dashboard import load_app


def chosen(defs, **changes):
    return {
        "method": "seed",
        "weights": (0.4, 0.3, 0.2, 0.1),
        "acwr": "method default",
        "athletes": tuple(defs["candidates"]["id"]),
        "lag": 0,
        "fit": False,
        **changes,
    }


def test_research_figures_follow_the_levers(demo_sqlite_url, monkeypatch):
    monkeypatch.setenv("TRAINER_DATABASE_URL", demo_sqlite_url)
    monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
    _, base = load_app("research").run()
    assert base["result"]["n_athletes"] == 3 and 0 < base["result"]["rmcorr"] < 1  # demo readiness follows form
    assert (
        base["result"]["bootstrap"]["draws"] == 2000 and base["result"]["bootstrap"]["seed"] == 1
    )  # the command line's defaults
    assert "Only 3 athletes" in base["result"]["warnings"][0]  # shown as a callout above the headline
    from trainer.research import story

    parts = story.components_table(base["result"])  # the notebook's table: words where nothing was measured
    assert parts.filter(pl.col("Part of the score") == "HRV")["95 % CI"].to_list()[0].startswith("95 % CI ")
    assert "NaN" not in str(parts.to_dicts()) and "None" not in str(parts.to_dicts())
    assert base["result"]["demo_athletes"] == 3 and story.verdict(base["result"])[0] == (
        "Demo data: All 3 athletes here are made-up demo athletes (trainer demo). These figures show how the method "
        "behaves on them and prove nothing about real athletes."
    )
    assert {row["key"] for row in base["result"]["predictors"]} >= {
        "resting_hr_only",
        "sleep_only",
        "hrv_only",
        "yesterday",
        "athlete_mean",
    }
    _, hrv_only = load_app("research").run(defs={"chosen": chosen(base, weights=(1, 0, 0, 0))})
    assert hrv_only["result"]["rmcorr"] != base["result"]["rmcorr"]
    _, next_day = load_app("research").run(defs={"chosen": chosen(base, lag=1)})
    assert next_day["result"]["lag"] == 1 and next_day["result"]["rmcorr"] != base["result"]["rmcorr"]
    _, fitted = load_app("research").run(defs={"chosen": chosen(base, fit=True)})
    assert set(fitted["result"]["fit"]) >= {
        "cv_rmcorr_seed",
        "cv_rmcorr_fitted",
        "cv_rmcorr_normal_range",
        "fitted_vs_seed",
        "time_forward",
    }


def test_research_explains_instead_of_failing_on_data_it_cannot_use(demo_sqlite_url, monkeypatch):
    monkeypatch.setenv("TRAINER_DATABASE_URL", demo_sqlite_url)
    monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
    _, base = load_app("research").run()
    one = tuple(base["candidates"]["id"])[:1]
    _, defs = load_app("research").run(defs={"chosen": chosen(base, athletes=one)})
    assert "result" not in defs  # stopped with "Choose at least two athletes", no traceback


def test_two_athletes_of_whom_one_has_no_scores_get_a_sentence(tmp_path, monkeypatch):
    from pathlib import Path

    from trainer.ingest.pmdata import import_pmdata
    from trainer.store.database import open_database

    url = f"sqlite:///{tmp_path / 'pm.db'}"
    import_pmdata(open_database(url), Path(__file__).resolve().parents[1] / "fixtures" / "pmdata")
    monkeypatch.setenv("TRAINER_DATABASE_URL", url)
    monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
    _, base = load_app("research").run()
    names = dict(zip(base["candidates"]["name"], base["candidates"]["id"]))
    app = load_app("research")
    outputs, defs = app.run(defs={"chosen": chosen(base, athletes=(names["pmdata-p01"], names["pmdata-p12"]))})
    assert "result" not in defs
    assert any("only one athlete has scored days" in str(getattr(output, "text", output)) for output in outputs)


def test_the_personal_method_and_a_running_study_show_in_the_notebook(demo_sqlite_url, monkeypatch):
    from datetime import date, timedelta

    from trainer.research.study_store import create_study
    from trainer.scoring.config import ScoringConfig
    from trainer.store.athletes import add_athlete
    from trainer.store.database import open_database

    db = open_database(demo_sqlite_url)
    add_athlete(db, "newcomer", main_sport="run")
    create_study(db, "pilot", ["seed", "personal"], None, 8, 1, ScoringConfig(), date.today() - timedelta(days=20))
    monkeypatch.setenv("TRAINER_DATABASE_URL", demo_sqlite_url)
    monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
    _, base = load_app("research").run()
    [report] = base["study_reports"]
    assert report["name"] == "pilot" and all(line.startswith("INTERIM (day ") for line in report["lines"])
    _, personal = load_app("research").run(defs={"chosen": chosen(base, method="personal")})
    assert personal["result"]["predictors"][0]["label"] == "personal forecast (held-out athletes)"
    assert personal["result"]["personal"]["with_checkin"]["against"] == "the next day's readiness"
