"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from trainer.scoring import ScoringConfig, score_days
from trainer.scoring.config import Weights

START = date(2026, 1, 1)
maybe = lambda strategy: st.one_of(st.none(), strategy)  # noqa: E731
day_strategy = st.fixed_dictionaries(
    {
        "hrv_ms": maybe(st.floats(15, 200)),
        "resting_hr": maybe(st.floats(35, 90)),
        "sleep_minutes": maybe(st.floats(0, 720)),
        "sleep_score": maybe(st.floats(0, 100)),
        "stress_level": maybe(st.floats(0, 100)),
        "load": maybe(st.floats(0, 600)),
    }
)
history = st.lists(day_strategy, min_size=1, max_size=70)
methods = st.sampled_from(["seed", "normal-range"])
fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def frames(days: list[dict]) -> tuple[pl.DataFrame, pl.DataFrame]:
    dates = [START + timedelta(days=i) for i in range(len(days))]
    wellness = pl.DataFrame(
        {
            "athlete_id": [1] * len(days),
            "date": dates,
            **{
                k: [d[k] for d in days]
                for k in ("hrv_ms", "resting_hr", "sleep_minutes", "sleep_score", "stress_level")
            },
        },
        schema_overrides={
            k: pl.Float64 for k in ("hrv_ms", "resting_hr", "sleep_minutes", "sleep_score", "stress_level")
        },
    )
    loads = pl.DataFrame(
        {"athlete_id": [1] * len(days), "date": dates, "load": [d["load"] for d in days]},
        schema_overrides={"load": pl.Float64},
    ).drop_nulls("load")
    return wellness, loads


@fast
@given(history, methods)
def test_scores_stay_within_0_and_100(days, method):
    scored = score_days(*frames(days), ScoringConfig(method=method))
    for column in ("hrv_component", "hr_component", "sleep_component", "stress_component", "raw_score", "total_score"):
        values = scored[column].drop_nulls()
        assert values.is_empty() or (values.min() >= 0 and values.max() <= 100)
    assert set(scored["status"]) <= {"green", "yellow", "red", "insufficient data"}


@fast
@given(history, st.floats(0.01, 100), st.tuples(*[st.floats(0, 5)] * 4).filter(lambda w: sum(w) > 0.1))
def test_scaling_all_weights_changes_nothing(days, scale, weights):
    base = ScoringConfig(weights=Weights(*weights))
    scaled = ScoringConfig(weights=Weights(*(w * scale for w in weights)))
    a, b = score_days(*frames(days), base), score_days(*frames(days), scaled)
    assert a["total_score"].to_list() == b["total_score"].to_list()
    assert a["status"].to_list() == b["status"].to_list()


@fast
@given(history, st.floats(0.5, 50), methods)
def test_a_higher_hrv_never_lowers_the_hrv_component(days, extra, method):
    wellness, loads = frames(days)
    higher = wellness.with_columns(
        pl.when(pl.int_range(pl.len()) == pl.len() - 1)
        .then(pl.col("hrv_ms") + extra)
        .otherwise(pl.col("hrv_ms"))
        .alias("hrv_ms")
    )
    config = ScoringConfig(method=method)
    before, after = (
        score_days(wellness, loads, config)["hrv_component"][-1],
        score_days(higher, loads, config)["hrv_component"][-1],
    )
    if before is not None:
        assert after >= before - 1e-9


@fast
@given(history, day_strategy, methods)
def test_adding_a_day_never_changes_earlier_days(days, new_day, method):
    config = ScoringConfig(method=method)
    before = score_days(*frames(days), config)
    after = score_days(*frames([*days, new_day]), config).head(before.height)
    exact = ["athlete_id", "date", "total_score", "status", "missing", "flags", "acwr", "acwr_factor"]
    assert before.select(exact).equals(after.select(exact))
    # other floats may differ in the last bit (polars' rolling sums depend on the frame's length)
    floats = [name for name, dtype in before.schema.items() if dtype == pl.Float64 and name not in exact]
    assert_frame_equal(before.select(floats), after.select(floats), abs_tol=1e-9, rel_tol=1e-12)
