"""The coach's squad table: every athlete's status today, a 14-day trend and flags."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from urllib.parse import quote

import polars as pl

from trainer.views.status import STATUS_ORDER, label
from trainer.views.words import missing_in_words_expr

SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """Scores 0-100 as block characters; a gap for a day without a score."""
    return "".join(" " if v is None else SPARK[min(int(v / 100 * len(SPARK)), len(SPARK) - 1)] for v in values)


def sparkline_expr(scores: pl.Expr) -> pl.Expr:
    """``sparkline`` over a list column, as a polars expression."""
    step = (pl.element() * len(SPARK) / 100).floor().clip(0, len(SPARK) - 1).cast(pl.Int64)
    char = step.replace_strict(list(range(len(SPARK))), list(SPARK), default=" ", return_dtype=pl.String).fill_null(" ")
    return scores.list.eval(char).list.join("").fill_null("")


SEVERITY_WORDS = {"niggle": "a niggle", "limits": "limits training", "cannot train": "cannot train"}
SILENT_DAYS = 3  # no check-in for this many days, from an athlete who checks in
READINESS_DROP = 3  # readiness down this much from their check-in before


def morning_flags(check_ins: pl.DataFrame, episodes: pl.DataFrame, on: date) -> pl.DataFrame:
    """Per athlete, what their mornings tell the coach on ``on``: ill or injured, silent for 3 days,
    readiness down 3 or more from the check-in before, and their latest note (athlete_id, morning)."""
    lasting = episodes.filter((pl.col("start") <= on) & (pl.col("end").is_null() | (pl.col("end") >= on)))
    health = lasting.group_by("athlete_id").agg(
        pl.when(pl.col("kind") == "illness")
        .then(pl.lit("ill"))
        .otherwise(pl.format("injured: {} ({})", pl.col("body_part"), pl.col("severity").replace(SEVERITY_WORDS)))
        .alias("health")
    )
    recent = check_ins.filter(pl.col("date") <= on).sort("athlete_id", "date")
    last = recent.group_by("athlete_id").agg(
        pl.col("date").last().alias("last_day"),
        pl.col("readiness").drop_nulls().tail(2).alias("last_two"),
        pl.col("note").drop_nulls().last().alias("note"),
        pl.col("date").filter(pl.col("note").is_not_null()).last().alias("note_day"),
    )
    drop = pl.col("last_two").list.first() - pl.col("last_two").list.last()
    silent = (pl.lit(on) - pl.col("last_day")).dt.total_days()
    flags = pl.concat_list(
        pl.col("health").fill_null([]),
        pl.when(silent >= SILENT_DAYS).then(pl.format("no check-in for {} days", silent)),
        pl.when((pl.col("last_two").list.len() == 2) & (drop >= READINESS_DROP)).then(
            pl.format(
                "readiness down {} ({} → {})", drop, pl.col("last_two").list.first(), pl.col("last_two").list.last()
            )
        ),
        pl.when(pl.col("note").is_not_null()).then(pl.format("note ({}): {}", pl.col("note_day"), pl.col("note"))),
    )
    return (
        last.join(health, on="athlete_id", how="full", coalesce=True)
        .select("athlete_id", flags.list.drop_nulls().list.join("; ").alias("morning"))
        .filter(pl.col("morning") != "")
    )


def squad_today(
    scores: pl.DataFrame,
    athletes: pl.DataFrame,
    on: date,
    acwr_danger: float = 1.5,
    mornings: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per athlete for ``on``: status (symbol and word), score, 14-day trend and flags.

    ``scores``: score_days output (any method) including detail column ``hrv_z`` when known.
    Flags: what the athlete's mornings say (``morning_flags``: ill, injured, silent, readiness
    down, their note) first; ACWR above ``acwr_danger``; HRV below the normal range (normal-range
    z < -1); no data today; inputs missing today.
    """
    window = scores.filter(pl.col("date").is_between(on - timedelta(days=13), on))
    trend = window.sort("date").group_by("athlete_id").agg(pl.col("total_score").alias("trend"))
    today = scores.filter(pl.col("date") == on)
    flags = (
        pl.concat_list(
            pl.col("morning"),
            pl.when(pl.col("acwr") > acwr_danger).then(
                pl.format("load spiking: ratio {} > {}", pl.col("acwr").round(2), pl.lit(acwr_danger))
            ),
            pl.when(pl.col("hrv_z") < -1).then(pl.lit("HRV below normal range")),
            pl.when(pl.col("date").is_null()).then(pl.lit("no data today")),
            pl.when((pl.col("missing") != "") & pl.col("missing").is_not_null()).then(missing_in_words_expr()),
            pl.when(pl.col("is_demo")).then(pl.lit("demo data: a made-up athlete")),
        )
        .list.drop_nulls()
        .list.join("; ")
    )
    demo = pl.col("is_demo") if "is_demo" in athletes.columns else pl.lit(False)
    table = (
        athletes.select(pl.col("id").alias("athlete_id"), pl.col("name").alias("athlete"), demo.alias("is_demo"))
        .join(today, on="athlete_id", how="left")
        .join(trend, on="athlete_id", how="left")
        .join(
            mornings if mornings is not None else pl.DataFrame(schema={"athlete_id": pl.Int64, "morning": pl.String}),
            on="athlete_id",
            how="left",
        )
        .with_columns(flags=flags)
    )
    return table.select(
        "athlete_id",
        "athlete",
        pl.col("status")
        .fill_null("insufficient data")
        .replace_strict(STATUS_ORDER, [label(s) for s in STATUS_ORDER])
        .alias("status"),
        pl.col("total_score").alias("score"),
        sparkline_expr(pl.col("trend")).alias("trend_14d"),
        pl.col("acwr").round(2),
        "flags",
    ).sort(pl.col("score").fill_null(-1), "athlete")


def dashboard_link(name: str, published: bool, levers: str = "") -> str:
    """The athlete's dashboard, relative to the squad page, escaped for an HTML attribute; with
    ``levers`` (``views.levers.levers_query``) it opens with the coach's settings.

    >>> dashboard_link("Ana María & Co", published=True)
    '../athlete/?athlete=Ana%20Mar%C3%ADa%20%26%20Co'
    """
    query = "athlete=" + quote(name, safe="") + ("&" + levers if levers else "")
    return escape("../athlete/?" + query if published else "?file=dashboard.py&" + query)


def attention_today(reader, acwr_danger: float = 1.5) -> dict[int, dict]:
    """For the front door: each of the viewer's athletes' status on their latest scored day, what
    needs a look (the squad table's flags), and an order that puts those needing a look first.

    {athlete_id: {"status": "● Green", "score": 81, "why": "ill; ...", "rank": 0}}"""
    from trainer.scoring import ScoringConfig

    scores = reader.squad_scores(ScoringConfig(), reader.version())
    if scores.is_empty():
        return {}
    on = scores["date"].max()
    table = squad_today(scores, reader.athletes(), on, acwr_danger, morning_flags(*reader.squad_mornings(on), on))
    found = {}
    for row in table.iter_rows(named=True):
        flags = [part for part in (row["flags"] or "").split("; ") if part and not part.startswith("demo data")]
        needs = bool(flags) or "Red" in row["status"]
        found[row["athlete_id"]] = {
            "status": row["status"],
            "score": row["score"],
            "why": "; ".join(flags),
            "rank": 0 if needs else 1,
        }
    return found
