"""Validating the recovery score against what athletes report (statistics with scipy, frames with polars)."""
