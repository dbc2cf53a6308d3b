"""What the scoring's codes mean in an athlete's words.

The scores keep their codes (``missing`` is "hrv_ms,stress_level(D-1)" in exports and the CLI's
JSON: a contract other tools read); everything a person reads in the apps goes through here.

>>> missing_in_words("hrv_ms,stress_level(D-1)")
'no HRV reading last night, no stress reading yesterday'
"""

from __future__ import annotations

import polars as pl

from trainer.scoring.recovery import MISSING_LABELS

MISSING_WORDS = {
    "hrv_ms": "no HRV reading last night",
    "hrv baseline": "too few earlier HRV nights for a baseline",
    "resting_hr": "no resting heart rate",
    "resting_hr baseline": "too few earlier resting heart rates for a baseline",
    "sleep_minutes": "no sleep recorded last night",
    "sleep_score": "no sleep score last night",
    "stress_level(D-1)": "no stress reading yesterday",
}
assert set(MISSING_WORDS) == set(MISSING_LABELS), "every missing-input code needs words"


def missing_in_words(codes: str | None) -> str:
    """The scoring's comma-separated missing codes as one plain phrase ("" when nothing is missing)."""
    return ", ".join(MISSING_WORDS.get(code.strip(), code.strip()) for code in (codes or "").split(",") if code.strip())


def missing_in_words_expr(column: str = "missing") -> pl.Expr:
    """``missing_in_words`` over a column, for tables."""
    return pl.col(column).map_elements(missing_in_words, return_dtype=pl.String, skip_nulls=True)
