"""The validation figures, shared by the research notebook and the HTML report. Each takes the
validation result (``research.report.validate``) or a documented frame; ``width`` is "container"
in the notebook and a number of pixels in the report's static images."""

from __future__ import annotations

import altair as alt
import polars as pl

Width = int | str


def _zero() -> alt.Chart:
    return alt.Chart(pl.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 3], color="#999").encode(x="x:Q")


def _interval_plot(
    data: pl.DataFrame, title: str, x_title: str, width: Width, domain: list[float] | None = None
) -> alt.LayerChart:
    """Points with horizontal CI bars, one row per ``label``. Columns: label, value, ci_low, ci_high."""
    y = alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=220))
    scale = alt.Scale(domain=domain) if domain else alt.Scale(zero=True)
    bars = (
        alt.Chart(data)
        .mark_rule(strokeWidth=2)
        .encode(x=alt.X("ci_low:Q", title=x_title, scale=scale), x2="ci_high:Q", y=y)
    )
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=70, color="#222")
        .encode(
            x="value:Q",
            y=y,
            tooltip=[
                "label:N",
                alt.Tooltip("value:Q", format=".3f"),
                alt.Tooltip("ci_low:Q", format=".3f"),
                alt.Tooltip("ci_high:Q", format=".3f"),
            ],
        )
    )
    return alt.layer(bars, points, _zero()).properties(title=title, height=alt.Step(26), width=width)


def predictor_plot(result: dict, width: Width = "container") -> alt.LayerChart:
    """Each predictor's rmcorr with readiness and its cluster-bootstrap CI, the score first."""
    rows = [
        {"label": row["label"], "value": row["rmcorr"], "ci_low": row["ci_low"], "ci_high": row["ci_high"]}
        for row in result["predictors"]
        if row["n_days"]
    ]
    data = pl.DataFrame(
        rows, schema={"label": pl.String, "value": pl.Float64, "ci_low": pl.Float64, "ci_high": pl.Float64}
    ).fill_nan(None)
    return _interval_plot(
        data,
        "The score beside simple predictors",
        "within-athlete correlation with readiness (95 % CI)",
        width,
        [-1, 1],
    )


def difference_plot(result: dict, width: Width = "container") -> alt.LayerChart:
    """The score's rmcorr minus each other predictor's, with the paired CI: right of 0 the score does better."""
    rows = [
        {
            "label": f"minus {row['label']}",
            "value": row["difference"],
            "ci_low": row["ci_low"],
            "ci_high": row["ci_high"],
        }
        for row in result["comparisons"]
    ]
    data = pl.DataFrame(
        rows, schema={"label": pl.String, "value": pl.Float64, "ci_low": pl.Float64, "ci_high": pl.Float64}
    ).fill_nan(None)
    return _interval_plot(
        data,
        f"The {result.get('method_name', result['method'])} score minus each predictor",
        "difference in correlation (paired 95 % CI)",
        width,
    )


def forest_plot(per_athlete: pl.DataFrame, names: dict | None = None, width: Width = "container") -> alt.LayerChart:
    """Per-athlete Spearman's rho with its 95 % CI. Columns: athlete_id, n, spearman, ci_low, ci_high."""
    data = per_athlete.with_columns(
        label=pl.col("athlete_id").replace_strict(
            names or {}, default=pl.col("athlete_id").cast(pl.String), return_dtype=pl.String
        ),
        value=pl.col("spearman"),
    )
    return _interval_plot(
        data.select("label", "value", "ci_low", "ci_high"),
        "Per athlete",
        "Spearman's rho, score vs readiness (95 % CI)",
        width,
        [-1, 1],
    )


def within_athlete_plot(joined: pl.DataFrame, width: Width = "container") -> alt.Chart:
    """What rmcorr sees: each day's score and readiness minus that athlete's own means, all athletes
    in one cloud, with the common slope. Columns: athlete_id, total_score, readiness."""
    data = (
        joined.select("athlete_id", "total_score", "readiness")
        .drop_nulls()
        .select(
            pl.col("athlete_id").cast(pl.String).alias("athlete"),
            (pl.col("total_score") - pl.col("total_score").mean().over("athlete_id")).alias("score"),
            (pl.col("readiness") - pl.col("readiness").mean().over("athlete_id")).alias("readiness"),
        )
    )
    base = alt.Chart(data).encode(
        x=alt.X("score:Q", title="score minus the athlete's mean (points)"),
        y=alt.Y("readiness:Q", title="readiness minus the athlete's mean"),
    )
    cloud = base.mark_circle(size=18, opacity=0.35, color="#4c78a8")
    slope = base.transform_regression("score", "readiness").mark_line(color="#222", strokeWidth=2)
    return alt.layer(cloud, slope).properties(title="Within each athlete", width=width, height=260)
