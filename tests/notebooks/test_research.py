"""The research notebook runs headless on the demo athletes; its levers change its figures."""

from __future__ import annotations

from tests.notebooks.test_dashboard import load_app


def chosen(defs, **changes):
    return {"method": "seed", "weights": (0.4, 0.3, 0.2, 0.1), "acwr": "method default",
            "athletes": tuple(defs["candidates"]["id"]), "lag": 0, "fit": False, **changes}


def test_research_figures_follow_the_levers(demo_sqlite_url, monkeypatch):
    monkeypatch.setenv("TRAINER_DATABASE_URL", demo_sqlite_url)
    monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
    _, base = load_app("research").run()
    assert base["result"]["n_athletes"] == 3 and 0 < base["result"]["rmcorr"] < 1  # demo readiness follows form
    _, hrv_only = load_app("research").run(defs={"chosen": chosen(base, weights=(1, 0, 0, 0))})
    assert hrv_only["result"]["rmcorr"] != base["result"]["rmcorr"]
    _, next_day = load_app("research").run(defs={"chosen": chosen(base, lag=1)})
    assert next_day["result"]["lag"] == 1 and next_day["result"]["rmcorr"] != base["result"]["rmcorr"]
    _, fitted = load_app("research").run(defs={"chosen": chosen(base, fit=True)})
    assert set(fitted["result"]["fit"]) >= {"cv_rmcorr_seed", "cv_rmcorr_fitted", "cv_rmcorr_normal_range"}
