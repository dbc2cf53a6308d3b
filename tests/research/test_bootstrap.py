"""The paired cluster bootstrap on data whose truth is known: a real advantage is called better,
two methods of equal merit are not, and one set of defaults is used everywhere."""

from __future__ import annotations

import inspect

import numpy as np
import polars as pl

from tests.research.days import constructed
from trainer.research.bootstrap import (
    DEFAULT_RESAMPLING,
    Difference,
    Resampling,
    cluster_bootstrap_ci,
    paired_difference,
)

QUICK = Resampling(draws=1000)


def methods(seed: int = 4) -> pl.DataFrame:
    """Readiness follows the HR component within each athlete. ``exact`` is that component,
    ``blurred`` adds heavy noise (a real disadvantage), ``copy_a`` and ``copy_b`` add the same
    amount of independent noise (equal merit)."""
    frame = constructed(athletes=10, days=60, seed=seed)
    rng = np.random.default_rng(seed)
    noise = lambda sd: pl.Series(rng.normal(0, sd, frame.height))  # noqa: E731
    return frame.with_columns(
        exact=pl.col("hr_component"),
        blurred=pl.col("hr_component") + noise(60),
        copy_a=pl.col("hr_component") + noise(25),
        copy_b=pl.col("hr_component") + noise(25),
    )


def test_a_real_advantage_is_called_better_and_its_mirror_worse():
    frame = methods()
    found = paired_difference(frame, "exact", "blurred", resampling=QUICK)
    assert found.verdict == "better" and 0 < found.ci_low < found.difference < found.ci_high
    assert found.n_days == 600 and found.n_athletes == 10
    assert paired_difference(frame, "blurred", "exact", resampling=QUICK).verdict == "worse"


def test_two_methods_of_equal_merit_show_no_detectable_difference():
    for seed in (4, 5, 6):
        found = paired_difference(methods(seed), "copy_a", "copy_b", resampling=QUICK)
        assert found.difference != 0 and found.ci_low < 0 < found.ci_high
        # a CI across 0 is no detectable difference; inside the practical threshold, no practical difference
        inside = -0.05 <= found.ci_low and found.ci_high <= 0.05
        assert found.verdict == ("no practical difference" if inside else "no detectable difference")


def test_the_difference_is_paired_on_common_days_and_athletes():
    frame = methods().with_columns(blurred=pl.when(pl.col("athlete_id") == 1).then(None).otherwise("blurred"))
    found = paired_difference(frame, "exact", "blurred", resampling=QUICK)
    assert found.n_athletes == 9 and found.n_days == 540  # athlete 1 has no blurred value: left out of both


def test_one_athlete_cannot_be_resampled():
    found = paired_difference(methods().filter(pl.col("athlete_id") == 1), "exact", "blurred", resampling=QUICK)
    assert found.n_athletes == 1 and np.isnan(found.ci_low) and found.verdict == "not comparable"
    assert all(np.isnan(cluster_bootstrap_ci(methods().filter(pl.col("athlete_id") == 1), "exact", "readiness", QUICK)))


def test_the_verdict_needs_the_ci_to_exclude_zero_and_a_difference_that_matters():
    call = lambda low, high: Difference("a", "b", 0.3, 0.2, 0.1, low, high, 100, 6).verdict  # noqa: E731
    assert [call(*ci) for ci in ((0.01, 0.2), (-0.3, -0.01), (-0.01, 0.2), (float("nan"), float("nan")))] == [
        "better",
        "worse",
        "no detectable difference",
        "not comparable",
    ]
    # the practical threshold (0.05 in rmcorr): inside it, a difference does not matter
    assert [call(*ci) for ci in ((0.002, 0.03), (-0.03, 0.04), (-0.04, -0.01), (-0.06, 0.03))] == [
        "detectable, too small to matter",
        "no practical difference",
        "detectably worse, too small to matter",
        "no detectable difference",
    ]
    wider = Difference("a", "b", 0.3, 0.2, 0.1, 0.002, 0.03, 100, 6, practical=0.01).verdict
    assert wider == "better"  # configurable: with 0.01, the same CI is a difference that matters


def test_one_set_of_defaults_for_the_command_and_the_notebook():
    from trainer.cli.validate import validate

    defaults = {name: parameter.default for name, parameter in inspect.signature(validate).parameters.items()}
    assert (defaults["draws"], defaults["seed"]) == (DEFAULT_RESAMPLING.draws, DEFAULT_RESAMPLING.seed) == (2000, 1)
    assert DEFAULT_RESAMPLING.describe() == "95 % CI, cluster bootstrap over athletes, 2000 draws, resampling seed 1"
    assert cluster_bootstrap_ci(methods(), "exact", "readiness", Resampling(draws=500, seed=7)) != cluster_bootstrap_ci(
        methods(), "exact", "readiness", Resampling(draws=500, seed=8)
    )
