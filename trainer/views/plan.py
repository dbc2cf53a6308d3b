"""The plan in the app: a calendar (weeks x days, colour by intensity, a mark for done / moved /
missed) and weekly volume planned against done. Both take ``planning.service.plan_view`` frames."""

from __future__ import annotations

import altair as alt
import polars as pl

from trainer.views.charts import titled
from trainer.views.memo import remembered

INTENSITY_ORDER = ["recovery", "easy", "moderate", "hard", "maximal"]
INTENSITY_COLOURS = alt.Scale(domain=INTENSITY_ORDER, range=["#c6dbef", "#9ecae1", "#fdae6b", "#e6550d", "#a50f15"])
STATUS_MARKS = {"done": "✓", "moved": "↔", "missed": "✗", "planned": ""}
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
SPORT_MARKS = {"swim": "🏊", "bike": "🚴", "run": "🏃", "strength": "🏋", "triathlon": "🏁"}  # a race day is 🏁
SPORT_WORDS = {"swim": "swim", "bike": "ride", "run": "run", "strength": "strength", "triathlon": "triathlon"}


def calendar_frame(workouts: pl.DataFrame) -> pl.DataFrame:
    """One row per planned day: week_start, weekday, minutes, intensity, kind, status, sports,
    label, purpose.

    A day with several sessions (a triathlete's swim and ride, a brick) is one cell: its sports
    named (a mark each on the cell, in words in the tooltip), its minutes added up, its hardest
    intensity, missed if any session was, each session's why in turn. A race day is marked 🏁."""
    rank = {name: i for i, name in enumerate(INTENSITY_ORDER)}
    status_rank = {"missed": 0, "planned": 1, "moved": 2, "done": 3}
    workouts = (
        workouts.with_columns(
            pl.col("intensity").replace_strict(rank, default=1).alias("_hard"),
            pl.col("status").replace_strict(status_rank, default=1).alias("_status"),
        )
        .sort("date", "_hard", descending=[False, True])
        .group_by("date", maintain_order=True)
        .agg(
            pl.col("minutes").sum(),
            pl.when(pl.col("kind") == "race").then(pl.lit("triathlon")).otherwise(pl.col("sport")).alias("_marks"),
            pl.col("sport")
            .replace_strict(SPORT_WORDS, default=pl.col("sport"))
            .unique(maintain_order=True)
            .alias("_words"),
            pl.col("intensity").first(),
            pl.col("kind").str.join(", "),
            pl.col("status").sort_by("_status").first(),
            pl.col("purpose").str.join(" / "),
        )
    )
    return workouts.with_columns(
        week_start=pl.col("date").dt.truncate("1w"),
        weekday=pl.col("date").dt.weekday().replace_strict(dict(enumerate(WEEKDAYS, start=1)), return_dtype=pl.String),
        sports=pl.col("_words").list.join(" + "),
        label=pl.concat_str(
            pl.col("_marks")
            .list.unique(maintain_order=True)
            .list.eval(pl.element().replace_strict(SPORT_MARKS, default="·"))
            .list.join(""),
            pl.col("minutes").cast(pl.String),
            pl.col("status").replace_strict(STATUS_MARKS, default=""),
            separator=" ",
        ).str.strip_chars(),
    ).select("date", "week_start", "weekday", "minutes", "intensity", "kind", "status", "sports", "label", "purpose")


@remembered()
def plan_calendar_chart(workouts: pl.DataFrame) -> alt.LayerChart:
    """Weeks down, weekdays across; each session coloured by intensity, labelled with minutes and
    ✓ done / ↔ moved / ✗ missed (so status never rests on colour)."""
    data = calendar_frame(workouts)
    base = alt.Chart(data).encode(
        x=alt.X(
            "weekday:O",
            sort=WEEKDAYS,
            scale=alt.Scale(domain=WEEKDAYS),
            title=None,
            axis=alt.Axis(orient="top", labelAngle=0),
        ),
        y=alt.Y("yearmonthdate(week_start):O", title="Week starting", sort="ascending"),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("intensity:N", scale=INTENSITY_COLOURS, title="Intensity", sort=INTENSITY_ORDER),
        opacity=alt.condition(alt.datum.status == "missed", alt.value(0.35), alt.value(1.0)),
        tooltip=[
            alt.Tooltip("date:T", title="Date"),
            alt.Tooltip("sports:N", title="Sports"),
            alt.Tooltip("kind:N", title="Session"),
            alt.Tooltip("minutes:Q", title="Minutes"),
            alt.Tooltip("intensity:N", title="Intensity"),
            alt.Tooltip("status:N", title="Status"),
            alt.Tooltip("purpose:N", title="Why"),
        ],
    )
    labels = base.mark_text(fontSize=11).encode(text="label:N")
    # as wide as the screen (all seven days, race day included, on a phone); the legend goes below
    return (
        (cells + labels)
        .properties(
            title=titled("Plan calendar", "🏊 swim 🚴 ride 🏃 run 🏁 race, minutes; ✓ done, ↔ moved, ✗ missed"),
            width="container",
            height=18 * max(data["week_start"].n_unique(), 1),
        )  # a fixed height: a step height cannot fit a container
        .configure_legend(orient="bottom", direction="horizontal")
    )


@remembered()
def weekly_volume_chart(weeks: pl.DataFrame) -> alt.Chart:
    """Planned minutes per week as bars, minutes actually trained in the sport as a line with points."""
    data = (
        weeks.select("week_start", "phase", "planned_minutes", "actual_minutes", "deload")
        .with_columns(week_end=pl.col("week_start") + pl.duration(days=6))  # a bar spans its week, not a hairline
        .unpivot(
            index=["week_start", "week_end", "phase", "deload"],
            on=["planned_minutes", "actual_minutes"],
            variable_name="series",
            value_name="minutes",
        )
        .with_columns(pl.col("series").replace({"planned_minutes": "planned", "actual_minutes": "done"}))
    )
    x = alt.X("week_start:T", title="Week starting", axis=alt.Axis(format="%-d %b", labelOverlap=True, tickCount=6))
    planned = (
        alt.Chart(data.filter(pl.col("series") == "planned"))
        .mark_bar(opacity=0.6, color="#9ecae1")
        .encode(
            x=x,
            x2="week_end:T",
            y2=alt.datum(0),
            y=alt.Y("minutes:Q", title="Minutes per week"),
            tooltip=[
                alt.Tooltip("week_start:T", title="Week"),
                alt.Tooltip("phase:N", title="Phase"),
                alt.Tooltip("minutes:Q", title="Planned min"),
                alt.Tooltip("deload:N", title="Deload"),
            ],
        )
    )
    done_weeks = data.filter(pl.col("series") == "done").drop_nulls("minutes")
    done = (
        alt.Chart(done_weeks)
        .mark_line(
            point=alt.OverlayMarkDef(shape="diamond", size=60),
            color="#333",
        )
        .encode(
            x=x,
            y="minutes:Q",
            tooltip=[alt.Tooltip("week_start:T", title="Week"), alt.Tooltip("minutes:Q", title="Done min")],
        )
    )
    layers = (
        planned + done if done_weeks.height else alt.layer(planned)
    )  # an empty layer makes Vega warn of an infinite extent
    return layers.properties(
        title=titled("Weekly volume", "planned (bars) and done (line), minutes"),
        width="container",
        height=180,
    )


def plan_summary_md(weeks: pl.DataFrame, goal_text: str) -> str:
    """A short paragraph: the goal, the phases and the peak, and the latest adaptation."""
    peak = weeks["planned_minutes"].max()
    phases = weeks.group_by("phase", maintain_order=True).agg(pl.len())
    parts = ", ".join(f"{row['phase']} {row['len']} wk" for row in phases.rows(named=True))
    change = weeks.filter(pl.col("change").is_not_null())
    latest = f"  \nLatest change: week {change['week'][-1]}: {change['change'][-1]}" if change.height else ""
    return f"**{goal_text}**: {weeks.height} weeks ({parts}); peak week {peak // 60} h {peak % 60:02d} min.{latest}"
