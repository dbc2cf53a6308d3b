"""Fitted weights are judged honestly: on athletes they never saw (nested LOAO) and on weeks after
the ones they were fitted on (time-forward)."""

from __future__ import annotations

import numpy as np
import polars as pl

from tests.research.days import constructed
from trainer.research.bootstrap import Resampling, paired_difference
from trainer.research.fit import earlier_weeks, nested_fit, time_forward


def test_fitting_finds_a_real_signal_out_of_sample():
    frame = constructed(hr_signal=0.0, sleep_signal=1.0)  # readiness follows sleep only
    result = nested_fit(frame)
    assert result.fitted_components == ("hr", "sleep")
    assert result.weights.hrv == 0.4 and result.weights.stress == 0.1  # never in the data: kept
    assert result.weights.sleep > 0.2 and result.cv_rmcorr_fitted > result.cv_rmcorr_seed


def test_fitting_does_not_beat_the_seed_when_the_seed_is_right():
    frame = constructed(hr_signal=1.5, sleep_signal=1.0)  # exactly the seed's 3:2 balance
    result = nested_fit(frame)
    assert result.cv_rmcorr_fitted <= result.cv_rmcorr_seed + 0.01


def test_nested_fit_returns_the_held_out_days_it_compared_and_counts_them_off():
    counted: list[tuple[int, int]] = []
    result = nested_fit(
        constructed(hr_signal=0.0, sleep_signal=1.0), progress=lambda done, total: counted.append((done, total))
    )
    assert counted == [(done, 8) for done in range(1, 9)]
    held = result.held_out
    assert held.height == result.n_days and held["athlete_id"].n_unique() == result.n_athletes == 8
    assert held["fitted_score"].null_count() == 0 and held["seed_score"].null_count() == 0


def test_earlier_weeks_are_whole_weeks_per_athlete():
    frame = earlier_weeks(constructed(athletes=2, days=60))  # weeks 0..8 of each athlete: 6 to fit, 3 to test
    for athlete in (1, 2):
        own = frame.filter(pl.col("athlete_id") == athlete).sort("date")
        earlier, later = own.filter("earlier"), own.filter(~pl.col("earlier"))
        assert earlier.height == 42 and later.height == 18
        assert earlier["date"].max() < later["date"].min()
        assert (later["date"].min() - own["date"].min()).days % 7 == 0  # the cut falls between two weeks


def test_time_forward_never_fits_on_a_later_day():
    frame = constructed(hr_signal=0.0, sleep_signal=1.0)
    honest = time_forward(frame)
    later = earlier_weeks(frame)["earlier"].not_()
    rng = np.random.default_rng(9)
    # the later weeks now say the opposite (readiness follows resting HR, against sleep): a fit
    # that saw them would change
    tampered = frame.with_columns(
        readiness=pl.when(later)
        .then(pl.col("hr_component") * 5 - pl.col("sleep_component") * 5 + pl.Series(rng.normal(0, 1, frame.height)))
        .otherwise("readiness"),
        sleep_component=pl.when(later).then(pl.col("sleep_component").reverse()).otherwise("sleep_component"),
    )
    again = time_forward(tampered)
    assert (
        again.weights == honest.weights
        and again.shrinkage == honest.shrinkage
        and again.train_days == honest.train_days
    )
    assert not again.later.equals(honest.later)  # the later weeks were used, to test


def test_time_forward_finds_a_real_signal_in_later_weeks():
    forward = time_forward(constructed(hr_signal=0.0, sleep_signal=1.0))  # readiness follows sleep only
    assert forward.weights.sleep > 0.2 and forward.later["athlete_id"].n_unique() == 8
    found = paired_difference(forward.later, "fitted_score", "seed_score", resampling=Resampling(draws=500))
    assert found.verdict == "better" and found.ci_low > 0
