"""Scoring: recovery (two methods), the load model, heart-rate zones and the daily recommendation.

``score_days(wellness, loads, config)`` is the entry point; SCORING.md is the contract.
"""

from trainer.scoring.config import ScoringConfig, Weights
from trainer.scoring.score import SCORE_COLUMNS, score_days

__all__ = ["SCORE_COLUMNS", "ScoringConfig", "Weights", "score_days"]
