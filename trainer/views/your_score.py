""" "Your score": while a study runs, an athlete's page, morning message and squad row show the
score of the arm they were randomised to, called "your score" and never named by its method.
A marked what-if (levers moved, or a coach's link) still shows what it says it shows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl

from trainer.scoring.config import ScoringConfig

YOUR_SCORE = "your score / 100"
RECOVERY = "recovery / 100"


def athlete_config(
    reader, athlete_id: int, day: date, config: ScoringConfig, what_if: bool
) -> tuple[ScoringConfig, str]:
    """(the config the athlete's page scores with, the label under the number)."""
    if what_if:
        return config, RECOVERY
    arm = reader.study_arm(athlete_id, day)
    if arm is None:
        return config, RECOVERY
    return replace(arm["config"], green_from=config.green_from, yellow_from=config.yellow_from), YOUR_SCORE


def squad_with_arms(
    reader, scores: pl.DataFrame, day: date, version: tuple, what_if: bool, blinded_viewer: bool
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``scores`` with each study athlete's rows scored by their arm, and athlete_id -> study (the
    study's name, and the arm unless the study blinds coaches and the viewer is a coach)."""
    arms = {} if what_if else reader.study_arms(day)
    studies = pl.DataFrame(
        {
            "athlete_id": list(arms),
            "study": [
                a["name"] if a["blind_coaches"] and blinded_viewer else f"{a['name']}: {a['arm']} arm"
                for a in arms.values()
            ],
        },
        schema={"athlete_id": pl.Int64, "study": pl.String},
    )
    for config in {a["config"] for a in arms.values()}:
        ids = [athlete for athlete, a in arms.items() if a["config"] == config]
        arm_scores = reader.squad_scores(config, version).filter(pl.col("athlete_id").is_in(ids))
        scores = pl.concat(
            [scores.filter(~pl.col("athlete_id").is_in(ids)), arm_scores.select(scores.columns)], how="vertical_relaxed"
        )
    return scores, studies
