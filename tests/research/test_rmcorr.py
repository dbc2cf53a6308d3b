"""rmcorr reproduces the example published with the rmcorr package, to its digits."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from trainer.research.rmcorr import rmcorr

BLAND = Path(__file__).resolve().parents[1] / "fixtures" / "rmcorr" / "bland1995.csv"


def test_matches_the_published_bland_altman_example():
    result = rmcorr(pl.read_csv(BLAND), "PaCO2", "pH", group="Subject")
    assert (result.n, result.athletes, result.df) == (47, 8, 38)
    assert result.r == pytest.approx(-0.5067697, abs=5e-8)
    assert result.p_value == pytest.approx(0.0008471081, abs=5e-11)
    assert result.ci_low == pytest.approx(-0.7067146, abs=5e-8)
    assert result.ci_high == pytest.approx(-0.2318631, abs=5e-8)


def test_between_athlete_differences_do_not_make_a_correlation():
    # two athletes whose levels differ hugely, each with x and y unrelated within
    frame = pl.DataFrame(
        {
            "athlete_id": [1] * 4 + [2] * 4,
            "x": [1.0, 2, 1, 2, 101, 102, 101, 102],
            "y": [5.0, 5, 6, 6, 105, 105, 106, 106],
        }
    )
    assert rmcorr(frame, "x", "y").r == pytest.approx(0.0)
    assert pl.DataFrame(frame).select(pl.corr("x", "y")).item() > 0.99  # a pooled correlation would say otherwise


def test_missing_values_are_dropped_and_too_little_data_is_nan():
    frame = pl.DataFrame({"athlete_id": [1, 1, 2], "x": [1.0, None, 2.0], "y": [1.0, 2.0, 3.0]})
    result = rmcorr(frame, "x", "y")
    assert result.n == 2 and result.r != result.r  # NaN: df < 2
