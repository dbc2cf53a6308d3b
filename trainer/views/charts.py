"""Altair charts. Each takes a frame with documented columns and returns a chart with a title,
axis labels and units. Status is shown by colour and by shape, never colour alone."""

from __future__ import annotations

import altair as alt
import polars as pl

from trainer.day.status import STATUS_ORDER, STATUS_STYLES
from trainer.views.memo import remembered

STATUS_COLOURS = alt.Scale(domain=STATUS_ORDER, range=[STATUS_STYLES[s].colour for s in STATUS_ORDER])
STATUS_SHAPES = alt.Scale(domain=STATUS_ORDER, range=["circle", "triangle-up", "square", "cross"])
BANDS = pl.DataFrame({"low": [0, 50, 80], "high": [50, 80, 100], "band": ["red", "yellow", "green"]})
# one date format on every axis ("5 Nov"), and labels that never overlap on a phone
DATE = alt.X("date:T", title="Date", axis=alt.Axis(format="%-d %b", labelOverlap=True, tickCount=6))


DAYS = "days"  # the history chart's date-range selection


def titled(text: str, subtitle: str | list[str] | None = None) -> alt.Title:
    """A chart title at the left, clear of marimo's menu button at the top right; a subtitle in
    short lines, so a phone does not clip it."""
    return alt.Title(text, subtitle=subtitle or [], anchor="start", frame="group", offset=6)


@remembered()
def recovery_history_chart(scores: pl.DataFrame) -> alt.LayerChart:
    """Total score over green / yellow / red bands, with the four components as thin lines.

    Columns: date, total_score, status, hrv_component, hr_component, sleep_component, stress_component.
    A horizontal drag selects a range of days (an interval on x only, named ``days``, on the
    points layer: the bands have no dates to project it on, and hovering them shows nothing).
    """
    data = scores.select(
        "date",
        "total_score",
        "status",
        pl.col("hrv_component").alias("HRV"),
        pl.col("hr_component").alias("Resting HR"),
        pl.col("sleep_component").alias("Sleep"),
        pl.col("stress_component").alias("Stress"),
    )
    bands = (
        alt.Chart(BANDS)
        .mark_rect(opacity=0.10)
        .encode(
            y=alt.Y("low:Q", title="Recovery (0-100)", scale=alt.Scale(domain=[0, 100])),
            y2="high:Q",
            color=alt.Color("band:N", scale=STATUS_COLOURS, legend=None),
            tooltip=alt.value(None),
        )
    )
    # the days' rows are given once, to the layer: its three day layers share them (a smaller spec
    # that every slider move copies and serialises)
    components = (
        alt.Chart()
        .transform_fold(["HRV", "Resting HR", "Sleep", "Stress"], as_=["component", "value"])
        .mark_line(strokeWidth=1, opacity=0.45)
        .encode(
            x=DATE,
            y=alt.Y("value:Q"),
            strokeDash=alt.StrokeDash("component:N", title="Part of the score"),
            color=alt.value("#666"),
        )
    )
    line = alt.Chart().mark_line(color="#333").encode(x=DATE, y="total_score:Q")
    points = (
        alt.Chart()
        .mark_point(filled=True, size=40)
        .encode(
            x=DATE,
            y="total_score:Q",
            color=alt.Color("status:N", scale=STATUS_COLOURS, title="Status"),
            shape=alt.Shape("status:N", scale=STATUS_SHAPES, title="Status"),
            tooltip=[
                alt.Tooltip("date:T", title="Date"),
                alt.Tooltip("total_score:Q", title="Score"),
                alt.Tooltip("status:N", title="Status"),
            ],
        )
    )
    points = points.add_params(alt.selection_interval(name=DAYS, encodings=["x"]))
    return (
        alt.layer(bands, components, line, points, data=data)
        .properties(title=titled("Recovery score"), height=240, width="container")
        .configure_legend(orient="bottom", direction="horizontal", columns=2)
    )  # below the chart: the plot keeps a phone's width


@remembered()
def baseline_chart(scores: pl.DataFrame, value: str, base: str, title: str, unit: str, colour: str) -> alt.LayerChart:
    """A daily value against its baseline (dashed). Columns: date, ``value``, ``base``."""
    data = scores.select("date", pl.col(value).alias("value"), pl.col(base).alias("baseline"))
    y_title = f"{title} ({unit})"
    today = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=14), color=colour)
        .encode(
            x=DATE,
            y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("date:T", title="Date"),
                alt.Tooltip("value:Q", title=y_title, format=".0f"),
                alt.Tooltip("baseline:Q", title="Baseline", format=".1f"),
            ],
        )
    )
    baseline = alt.Chart(data).mark_line(strokeDash=[5, 3], color="#555").encode(x=DATE, y="baseline:Q")
    return alt.layer(today, baseline).properties(
        title=titled(f"{title} and its baseline (dashed)"), height=150, width="container"
    )


@remembered()
def sleep_chart(scores: pl.DataFrame) -> alt.Chart:
    """Hours slept per night. Columns: date, sleep_minutes, sleep_score."""
    return (
        alt.Chart(scores.select("date", "sleep_minutes", "sleep_score"))
        .transform_calculate(hours="datum.sleep_minutes / 60")
        .mark_bar(color="#72b7b2")
        .encode(
            x=DATE,
            y=alt.Y("hours:Q", title="Sleep (h)"),
            tooltip=[
                alt.Tooltip("date:T", title="Date"),
                alt.Tooltip("hours:Q", title="Sleep (h)", format=".1f"),
                alt.Tooltip("sleep_score:Q", title="Sleep score"),
            ],
        )
        .properties(title=titled("Sleep"), height=120, width="container")
    )


@remembered()
def load_chart(scores: pl.DataFrame) -> alt.LayerChart:
    """Daily load bars with the ACWR line and its 0.8-1.3 sweet-spot band. Columns: date, load, acwr."""
    data = scores.select("date", "load", "acwr")
    bars = (
        alt.Chart(data)
        .mark_bar(color="#9ecae9")
        .encode(
            x=DATE,
            y=alt.Y("load:Q", title="Daily training load"),
            tooltip=[
                alt.Tooltip("date:T", title="Date"),
                alt.Tooltip("load:Q", title="Load", format=".0f"),
                alt.Tooltip("acwr:Q", title="Load ratio", format=".2f"),
            ],
        )
    )
    band = (
        alt.Chart(pl.DataFrame({"low": [0.8], "high": [1.3]}))
        .mark_rect(opacity=0.12, color="#1a9850")
        .encode(y=alt.Y("low:Q", title="Load ratio", scale=alt.Scale(domain=[0, 2.2])), y2="high:Q")
    )
    ratio = alt.Chart(data).mark_line(color="#d62728").encode(x=DATE, y=alt.Y("acwr:Q", title="Load ratio"))
    return (
        alt.layer(bars, alt.layer(band, ratio))
        .resolve_scale(y="independent")
        .properties(
            title=titled(
                "Training load",
                ["bars: daily load; red line: load ratio", "(this week against your usual four; green band 0.8-1.3)"],
            ),
            height=170,
            width="container",
        )
    )


@remembered()
def fitness_chart(metrics: pl.DataFrame) -> alt.Chart:
    """Fitness (CTL), fatigue (ATL) and form (TSB). Columns: date, ctl, atl, tsb."""
    folded = metrics.select(
        "date",
        pl.col("ctl").alias("Fitness (6-week load)"),
        pl.col("atl").alias("Fatigue (1-week load)"),
        pl.col("tsb").alias("Form (fitness minus fatigue)"),
    ).unpivot(index="date", variable_name="measure", value_name="value")
    return (
        alt.Chart(folded)
        .mark_line()
        .encode(
            x=DATE,
            y=alt.Y("value:Q", title="Load units per day"),
            color=alt.Color("measure:N", title=None),
            strokeDash=alt.StrokeDash("measure:N", title=None),
            tooltip=[
                alt.Tooltip("date:T", title="Date"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("value:Q", title="Value", format=".1f"),
            ],
        )
        .properties(title=titled("Fitness, fatigue and form"), height=170, width="container")
        .configure_legend(orient="bottom", direction="horizontal")
    )


def wellness_chart(wellness: pl.DataFrame) -> alt.VConcatChart:
    """HRV, resting HR and sleep over time. Columns: date, hrv_ms, resting_hr, sleep_minutes."""
    data = wellness.with_columns(hrv_base=pl.lit(None, pl.Float64), hr_base=pl.lit(None, pl.Float64))
    return alt.vconcat(
        baseline_chart(data, "hrv_ms", "hrv_base", "Overnight HRV", "ms", "#4c78a8"),
        baseline_chart(data, "resting_hr", "hr_base", "Resting heart rate", "bpm", "#e45756"),
        sleep_chart(
            data.with_columns(sleep_score=pl.lit(None, pl.Float64)) if "sleep_score" not in data.columns else data
        ),
    )
