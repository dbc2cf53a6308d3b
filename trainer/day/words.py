"""What the scoring's codes mean in an athlete's words.

The scores keep their codes (``missing`` is "hrv_ms,stress_level(D-1)" in exports and the CLI's
JSON: a contract other tools read); everything a person reads in the apps goes through here.

>>> missing_in_words("hrv_ms,stress_level(D-1)")
'no HRV reading last night, no stress reading yesterday'
"""

from __future__ import annotations

import polars as pl

from trainer.scoring.recovery import MISSING_WORDS, missing_in_words

__all__ = ["MISSING_WORDS", "INJURY_WORDS", "missing_in_words", "missing_in_words_expr"]

INJURY_WORDS = {"niggle": "a niggle", "limits": "limits training", "cannot train": "cannot train"}  # an injury


def missing_in_words_expr(column: str = "missing") -> pl.Expr:
    """``missing_in_words`` over a column, for tables."""
    return pl.col(column).map_elements(missing_in_words, return_dtype=pl.String, skip_nulls=True)
