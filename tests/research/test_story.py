"""The words claim no more than the numbers: "better" only when the paired CI excludes 0, the best
predictor named, the draws and seed printed with every CI."""

from __future__ import annotations

import polars as pl

from tests.research.days import constructed
from trainer.research import story
from trainer.research.bootstrap import Resampling
from trainer.research.report import verdict


def comparison(against: str, label: str, difference: float, low: float, high: float, verdict_word: str) -> dict:
    return {
        "against": against,
        "label": label,
        "n_days": 300,
        "n_athletes": 6,
        "score_rmcorr": 0.26,
        "other_rmcorr": 0.26 - difference,
        "difference": difference,
        "ci_low": low,
        "ci_high": high,
        "verdict": verdict_word,
    }


def result_with(comparisons: list[dict], predictors: list[dict], found: dict) -> dict:
    return {
        "method": "seed",
        "bootstrap": {"draws": 2000, "seed": 1, "confidence": 0.95},
        "comparisons": comparisons,
        "predictors": predictors,
        "verdict": found,
    }


def test_a_difference_inside_its_ci_is_not_called_better():
    result = result_with([], [], {})
    text = story.comparison(
        comparison("other_score", "normal-range score", 0.001, -0.04, 0.05, "no detectable difference"),
        result,
        "The seed score",
    )
    assert "not detectably different from normal-range score" in text and "better" not in text
    assert "95 % CI -0.040 to 0.050, 2000 draws, resampling seed 1" in text


def test_the_verdict_names_the_best_and_says_when_its_lead_is_not_detectable():
    frame = constructed(athletes=6).with_columns(
        far_ahead=pl.col("hr_component"),  # readiness follows HR: the real signal
        close=pl.col("hr_component") + pl.Series(range(360)).cast(pl.Float64) % 7,
    )
    labels = {"total_score": "seed score", "far_ahead": "HR itself", "close": "HR, blurred a little"}
    predictors = [
        {"key": key, "label": label, "n_days": 360, "rmcorr": r}
        for (key, label), r in zip(labels.items(), (0.26, 0.95, 0.94))
    ]
    found = verdict(predictors, [], frame, labels, Resampling(draws=500))
    assert found["best"] == "far_ahead" and found["runner_up"] == "close"
    comparisons = [
        comparison("close", "HR, blurred a little", -0.68, -0.8, -0.5, "worse"),
        comparison("sleep_only", "sleep duration alone", 0.02, -0.03, 0.07, "no detectable difference"),
    ]
    lines = story.verdict(
        result_with(
            comparisons,
            predictors,
            {
                **found,
                "score_is": {
                    "better": [],
                    "no detectable difference": ["sleep duration alone"],
                    "worse": ["HR, blurred a little"],
                    "not comparable": [],
                },
            },
        )
    )
    assert (
        lines[0] == "Of the 3 predictors compared, HR itself tracks readiness best (within-athlete correlation 0.950)."
    )
    assert lines[1].startswith(
        f"It is {story.COMPARED[found['lead']['verdict']]} the runner-up, HR, blurred a little: difference +0.002"
    )
    assert found["lead"]["verdict"] in ("no practical difference", "no detectable difference")
    assert any(
        "does not beat sleep duration alone by a difference that matters (0.05 or more" in line for line in lines
    )
    blurred_more = frame.with_columns(close=pl.col("hr_component") + (pl.Series(range(360)).cast(pl.Float64) % 7) * 3)
    found = verdict(predictors, [], blurred_more, labels, Resampling(draws=500, practical=0.01))
    assert found["lead"]["verdict"] == "better" and found["lead"]["ci_low"] > 0
    lines = story.verdict(
        result_with(
            [],
            predictors,
            {**found, "score_is": {"better": [], "no detectable difference": [], "worse": [], "not comparable": []}},
        )
    )
    assert lines[1].startswith(
        "Its lead over the runner-up, HR, blurred a little, is detectable and large enough to matter: difference +0.021"
    )
    small = verdict(predictors, [], blurred_more, labels, Resampling(draws=500))  # the default threshold, 0.05
    assert small["lead"]["verdict"] == "detectable, too small to matter"
