"""Scoring: recovery (two methods), the load model, heart-rate zones and the daily recommendation.

``score_days(wellness, loads, config)`` is the entry point; SCORING.md is the contract. To score
the same frames under many configs, check them once with ``prepare_inputs`` and call
``score_prepared``.
"""

from typing import TYPE_CHECKING

from trainer.scoring.config import ScoringConfig, Weights

if TYPE_CHECKING:
    from trainer.scoring.inputs import prepare_inputs
    from trainer.scoring.score import SCORE_COLUMNS, score_days, score_prepared

__all__ = ["SCORE_COLUMNS", "ScoringConfig", "Weights", "prepare_inputs", "score_days", "score_prepared"]
# loaded when first asked for: the config (which the command line's options need) comes without polars
_LATER = {"prepare_inputs": "inputs", "SCORE_COLUMNS": "score", "score_days": "score", "score_prepared": "score"}


def __getattr__(name: str) -> object:
    if name not in _LATER:
        raise AttributeError(f"module 'trainer.scoring' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"trainer.scoring.{_LATER[name]}"), name)
