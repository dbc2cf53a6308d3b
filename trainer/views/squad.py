"""The coach's morning: every athlete's status on a day, their last 14 days, and who needs a look first."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from urllib.parse import quote

import polars as pl

from trainer.views.status import STATUS_ORDER, label
from trainer.views.words import missing_in_words_expr

SEVERITY_WORDS = {"niggle": "a niggle", "limits": "limits training", "cannot train": "cannot train"}
SILENT_DAYS = 3  # no check-in for this many days, from an athlete who checks in
READINESS_DROP = 3  # readiness down this much from their check-in before
SCORE_DROP = 15  # today's score this far below the athlete's own 14-day median
LOAD_RATIO_LOW = 0.8  # below this the load ratio says training has fallen off (SCORING.md's sweet spot starts here)
# the flags without the demo marker, which is no reason to look
WHY = pl.col("flags").str.replace(r"(; )?demo data: a made-up athlete", "").str.strip_chars("; ")
# who needs a look first: red, ill or injured, no data, load ratio out of range, a sharp drop, anything else
PRIORITY = (
    ("red", pl.col("status").str.contains("Red")),
    ("health", pl.col("flags").str.contains(r"(^|; )(ill|injured)")),
    ("no data", pl.col("flags").str.contains("no data today|Garmin sync failing")),
    ("load", pl.col("flags").str.contains("load spiking|load falling")),
    ("drop", pl.col("flags").str.contains("below their usual|below normal range|readiness down")),
    ("other", WHY != ""),
)


FAILING_MORNINGS = 2
SYNC_SCHEMA = {"athlete_id": pl.Int64, "last_synced": pl.Date, "failed_mornings": pl.Int64, "sync_why": pl.String}


def sync_health(failing: pl.DataFrame) -> pl.DataFrame:
    """``jobs.status.failing_mornings`` in a coach's words: what stops the sync, not a command."""
    why = (
        pl.when(pl.col("last_error").str.contains("login expired"))
        .then(pl.lit("their Garmin login has expired; ask them to log in to Garmin again"))
        .otherwise(pl.col("last_error").str.replace(r": run .*$", ""))
    )
    return failing.select(
        pl.col("athlete_id").cast(pl.Int64),
        "last_synced",
        pl.col("failed_mornings").cast(pl.Int64),
        why.alias("sync_why"),
    )


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
    studies: pl.DataFrame | None = None,
    syncs: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per athlete for ``on``: status (symbol and word), score, 14-day trend and flags;
    ``study`` from ``studies`` (athlete_id, study: ``your_score.squad_with_arms``), else null;
    ``last_synced`` from ``syncs`` (``sync_health``), and a flag once the morning sync has failed
    for ``FAILING_MORNINGS`` mornings in a row.

    ``scores``: score_days output (any method) including detail column ``hrv_z`` when known.
    Flags: what the athlete's mornings say (``morning_flags``: ill, injured, silent, readiness
    down, their note) first; ACWR above ``acwr_danger``; HRV below the normal range (normal-range
    z < -1); no data today; inputs missing today.
    """
    window = scores.filter(pl.col("date").is_between(on - timedelta(days=13), on))
    days = pl.DataFrame({"date": pl.date_range(on - timedelta(days=13), on, eager=True)})
    grid = athletes.select(pl.col("id").alias("athlete_id")).join(days, how="cross")
    trend = (
        grid.join(window.select("athlete_id", "date", "total_score", "status"), on=["athlete_id", "date"], how="left")
        .sort("athlete_id", "date")
        .group_by("athlete_id")
        .agg(
            pl.col("total_score").alias("trend"),
            pl.col("status").fill_null("insufficient data").alias("trend_status"),
            pl.col("total_score").filter(pl.col("date") < on).median().alias("usual"),
        )
    )
    today = scores.filter(pl.col("date") == on)
    flags = (
        pl.concat_list(
            pl.col("morning"),
            pl.when(pl.col("acwr") > acwr_danger).then(
                pl.format("load spiking: load ratio {} (above {})", pl.col("acwr").round(2), pl.lit(acwr_danger))
            ),
            pl.when(pl.col("acwr") < LOAD_RATIO_LOW).then(
                pl.format("load falling off: load ratio {} (below {})", pl.col("acwr").round(2), pl.lit(LOAD_RATIO_LOW))
            ),
            pl.when(pl.col("total_score") <= pl.col("usual") - SCORE_DROP).then(
                pl.format(
                    "score {} below their usual ({})",
                    (pl.col("usual") - pl.col("total_score")).round(0).cast(pl.Int64),
                    pl.col("usual").round(0).cast(pl.Int64),
                )
            ),
            pl.when(pl.col("hrv_z") < -1).then(pl.lit("HRV below normal range")),
            pl.when(pl.col("date").is_null()).then(pl.lit("no data today")),
            pl.when(pl.col("failed_mornings") >= FAILING_MORNINGS).then(
                pl.format("Garmin sync failing {} mornings running: {}", pl.col("failed_mornings"), pl.col("sync_why"))
            ),
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
        .join(
            syncs if syncs is not None else pl.DataFrame(schema=SYNC_SCHEMA),
            on="athlete_id",
            how="left",
        )
        .with_columns(flags=flags)
        .join(
            studies if studies is not None else pl.DataFrame(schema={"athlete_id": pl.Int64, "study": pl.String}),
            on="athlete_id",
            how="left",
        )
    )
    return table.select(
        "athlete_id",
        "athlete",
        pl.col("status")
        .fill_null("insufficient data")
        .replace_strict(STATUS_ORDER, [label(s) for s in STATUS_ORDER])
        .alias("status"),
        pl.col("total_score").alias("score"),
        pl.col("trend_status").fill_null([]),
        pl.col("acwr").round(2),
        "flags",
        "study",
        "last_synced",
    ).sort(pl.col("score").fill_null(-1), "athlete")


def needs_attention(table: pl.DataFrame) -> pl.DataFrame:
    """``squad_today``'s rows, who needs a look first (``PRIORITY``: red, ill or injured, no data,
    load ratio out of range, a sharp drop, anything else), with ``why`` in one line and
    ``needs_look``; the demo marker is not a reason."""
    rank = pl.lit(len(PRIORITY))
    for position, (_, condition) in reversed(list(enumerate(PRIORITY))):
        rank = pl.when(condition.fill_null(False)).then(position).otherwise(rank)
    return (
        table.with_columns(pl.col("flags").fill_null(""))
        .with_columns(priority=rank, why=WHY)
        .with_columns(needs_look=pl.col("priority") < len(PRIORITY))
        .sort("priority", pl.col("score").fill_null(-1), "athlete")
    )


def attention_html(rows: pl.DataFrame, link, note_link=None) -> str:
    """The coach's morning as a list a phone can read: each athlete a tap target (``link(name)``
    -> their day), status in word and symbol, score, one line of why, and the last 14 days as
    marks in their status colour (each with its status for a screen reader); with ``note_link``
    (check-ins on), a link to write them a note."""
    from trainer.views.status import style

    items = []
    for row in rows.iter_rows(named=True):
        marks = "".join(
            f"<i style='background:{style(st).colour}' title='{escape(style(st).word)}'></i>"
            for st in row["trend_status"]
        )
        spoken = ", ".join(style(st).word for st in row["trend_status"])
        score = "" if row["score"] is None else f" · {row['score']:.0f}"
        why = escape(row["why"]) if row["why"] else "nothing to look at"
        items.append(
            f"<li class='{'look' if row['needs_look'] else 'fine'}'><a href='{link(row['athlete'])}'>"
            f"<b>{escape(row['athlete'])}</b> <span>{escape(row['status'])}{score}</span>"
            f"<small>{why}</small>"
            f"<span class='strip' role='img' aria-label='last 14 days: {escape(spoken)}'>{marks}</span></a>"
            + (f"<a class='note' href='{escape(note_link(row['athlete']))}'>Write a note</a>" if note_link else "")
            + "</li>"
        )
    looks = int(rows["needs_look"].sum()) if rows.height else 0
    head = f"{looks} of {rows.height} need a look today" if looks else f"All {rows.height} fine today"
    return f"<div class='attention'><p><b>{head}</b></p><ul>{''.join(items)}</ul></div>{ATTENTION_CSS}"


ATTENTION_CSS = """<style>
.attention ul{list-style:none;padding:0;margin:0}
.attention li a{display:block;padding:.6rem .7rem;margin:.35rem 0;border:1px solid #ddd;border-radius:.5rem;
 text-decoration:none;color:inherit;min-height:44px}
.attention li.look a{border-left:.35rem solid #d73027}
.attention li a span{margin-left:.4rem}
.attention small{display:block;margin-top:.15rem;color:#444}
.attention .strip{display:flex;gap:3px;margin:.35rem 0 0 0}
.attention a.note{display:inline-block;margin:0 0 .4rem .7rem;font-size:.9em}
.attention .strip i{display:inline-block;width:14px;height:14px;border-radius:3px}
</style>"""


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
    from trainer.scoring.config import config_from_levers
    from trainer.store.team_scoring import lever_values

    team = lever_values(reader.team_levers())
    scores = reader.squad_scores(config_from_levers(team), reader.version())
    if scores.is_empty():
        return {}
    on = scores["date"].max()
    table = squad_today(scores, reader.athletes(), on, acwr_danger, morning_flags(*reader.squad_mornings(on), on))
    found = {}
    for row in needs_attention(table).iter_rows(named=True):
        found[row["athlete_id"]] = {
            "status": row["status"],
            "score": row["score"],
            "why": row["why"],
            "rank": 0 if row["needs_look"] else 1,
        }
    return found
