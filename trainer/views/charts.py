"""Altair charts. Each takes a frame with documented columns and returns a chart with a title,
axis labels and units."""

from __future__ import annotations

import altair as alt
import polars as pl


def wellness_chart(wellness: pl.DataFrame) -> alt.VConcatChart:
    """HRV and resting HR over time. Columns: date, hrv_ms, resting_hr."""
    base = alt.Chart(wellness.select("date", "hrv_ms", "resting_hr", "sleep_minutes")).encode(
        x=alt.X("date:T", title="Date")
    )
    hrv = base.mark_line(point=alt.OverlayMarkDef(size=12), color="#4c78a8").encode(
        y=alt.Y("hrv_ms:Q", title="HRV (ms)", scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("date:T", title="Date"), alt.Tooltip("hrv_ms:Q", title="HRV (ms)")],
    ).properties(title="Overnight HRV", height=160, width="container")
    rhr = base.mark_line(point=alt.OverlayMarkDef(size=12), color="#e45756").encode(
        y=alt.Y("resting_hr:Q", title="Resting HR (bpm)", scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("date:T", title="Date"), alt.Tooltip("resting_hr:Q", title="Resting HR (bpm)")],
    ).properties(title="Resting heart rate", height=160, width="container")
    sleep = base.mark_bar(color="#72b7b2").encode(
        y=alt.Y("sleep_hours:Q", title="Sleep (h)"),
        tooltip=[alt.Tooltip("date:T", title="Date"), alt.Tooltip("sleep_hours:Q", title="Sleep (h)", format=".1f")],
    ).transform_calculate(sleep_hours="datum.sleep_minutes / 60").properties(title="Sleep", height=120, width="container")
    return alt.vconcat(hrv, rhr, sleep)
