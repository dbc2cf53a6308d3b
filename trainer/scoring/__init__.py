"""Scoring: recovery (two methods), the load model, heart-rate zones and the daily recommendation.

``score_days(wellness, loads, config)`` is the entry point; SCORING.md is the contract. To score
the same frames under many configs, check them once with ``prepare_inputs`` and call
``score_prepared``.
"""

from trainer.scoring.config import ScoringConfig, Weights
from trainer.scoring.inputs import prepare_inputs
from trainer.scoring.score import SCORE_COLUMNS, score_days, score_prepared

__all__ = ["SCORE_COLUMNS", "ScoringConfig", "Weights", "prepare_inputs", "score_days", "score_prepared"]
