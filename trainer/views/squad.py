"""The coach's morning: every athlete's status on a day, their last 14 days, and who needs a look first."""

from __future__ import annotations

from datetime import datetime
from html import escape
from urllib.parse import quote

import polars as pl

from trainer.day.attention import athletes_days, squad_morning


def attention_html(rows: pl.DataFrame, link, note_link=None, notes: pl.DataFrame | None = None) -> str:
    """The coach's morning as a list a phone can read: each athlete a tap target (``link(name)``
    -> their day), status in word and symbol, score, one line of why, and the last 14 days as
    marks in their status colour (each with its status for a screen reader); with ``note_link``
    (check-ins on), a link to write them a note; ``notes`` (``AppData.squad_notes``): the coaches'
    notes on each athlete's day, so a second coach sees what the first wrote."""
    from trainer.day.status import style

    items = []
    for row in rows.iter_rows(named=True):
        marks = "".join(
            f"<i style='background:{style(st).colour}' title='{escape(style(st).word)}'></i>"
            for st in row["trend_status"]
        )
        spoken = ", ".join(style(st).word for st in row["trend_status"])
        score = "" if row["score"] is None else f" · {row['score']:.0f}"
        score += "" if row.get("readiness") is None else f" · said {row['readiness']:g}/10"
        why = escape(row["why"]) if row["why"] else "nothing to look at"
        theirs = notes.filter(pl.col("athlete_id") == row["athlete_id"]) if notes is not None else None
        if theirs is not None and "day" in row:
            theirs = theirs.filter(pl.col("date") == row["day"])
        written = (
            "".join(
                f"<small class='coach-note'>{escape(n['author'])}: {escape(n['text'])}</small>"
                for n in theirs.iter_rows(named=True)
            )
            if theirs is not None
            else ""
        )
        items.append(
            f"<li class='{'look' if row['needs_look'] else 'fine'}'><a href='{link(row['athlete'])}'>"
            f"<b>{escape(row['athlete'])}</b> <span>{escape(row['status'])}{score}</span>"
            f"<small>{why}</small>{written}"
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


def attention_today(reader, now: datetime) -> dict[int, dict]:
    """For the front door: each of the viewer's athletes' status on their own today, what needs a
    look and an order that puts those first: the squad's own rule
    (``day.attention.squad_morning``), so the front door and the squad say the same.

    {athlete_id: {"status": "● Green", "score": 81, "why": "ill; ...", "rank": 0}}"""
    days = athletes_days(reader, now)
    if days.is_empty():
        return {}
    rows = squad_morning(reader, days, coach=reader.viewer.role == "coach")
    return {
        row["athlete_id"]: {
            "status": row["status"],
            "score": row["score"],
            "why": row["why"],
            "rank": 0 if row["needs_look"] else 1,
        }
        for row in rows.iter_rows(named=True)
    }
