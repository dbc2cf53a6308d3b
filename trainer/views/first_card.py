"""The athlete's card drawn by the server into the page itself, so a phone shows the morning's
score, status and session at its first paint instead of after marimo's front end (7 MB) has
loaded and the session has run: seconds on a first visit.

The card is the dashboard's own default view, computed the same way (``today_card.day_advice``)
from the same levers (a coach's link carries them) and read through the viewer's own reader, so
it shows nothing the dashboard would not. The page removes it as soon as the dashboard's live
card is on screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import polars as pl

from trainer.access.viewer import Viewer
from trainer.day.clock import local_today, now, opening_day
from trainer.day.settings import day_settings
from trainer.scoring.config import config_or_problem
from trainer.settings import Settings
from trainer.store.team_scoring import lever_values
from trainer.views.levers import levers_from_query, non_default_note
from trainer.views.reader import open_for_viewer
from trainer.views.signed_in import checked_in_at, signed_in_bar
from trainer.views.today_card import (
    asked_day,
    card_heading_html,
    day_advice,
    last_recorded_day,
    sources_in_words,
    today_card_html,
)

# shown until the live card is in #root; then the script takes it out of the page
FRAME = """<style>
#trainer-first-card {{ max-width: 740px; margin: 0 auto; padding: 24px 16px 0;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }}
#trainer-first-card ~ #root:not(:has(.trainer-score))::before {{
  content: "Loading the rest of your dashboard…"; font-size: 15px; padding: 12px 24px; }}
</style>
<div id="trainer-first-card">{body}</div>
<script>document.addEventListener("DOMContentLoaded",function(){{var c=document.getElementById("trainer-first-card"),
r=document.getElementById("root");if(!c||!r)return;
var o=new MutationObserver(function(){{if(r.querySelector(".trainer-score")){{c.remove();o.disconnect();}}}});
o.observe(r,{{childList:true,subtree:true}});}});</script>
"""


def first_card_html(settings: Settings, viewer: Viewer, query: Mapping[str, str]) -> str | None:
    """The card the dashboard opens with for this viewer and link, or None where the dashboard
    opens with something else (no data, no athletes, a problem to explain)."""
    reader, athletes, problem = open_for_viewer(settings, viewer)
    if reader is None or problem is not None or athletes is None or athletes.is_empty():
        return None
    names = athletes["name"].to_list()
    name = query.get("athlete") if query.get("athlete") in names else names[0]
    athlete = athletes.filter(pl.col("name") == name).row(0, named=True)
    version = reader.version(athlete["id"])
    data = reader.frames(athlete["id"], version)
    if last_recorded_day(data) is None:
        return None
    today = local_today(athlete["time_zone"], now(settings))
    day = asked_day(query.get("day"), opening_day(today, last_recorded_day(data)))
    team = reader.team_levers()
    linked = levers_from_query(query, base=lever_values(team))
    config, _ = config_or_problem(
        {
            "method": linked["method"],
            "weights": linked["weights"],
            "acwr": linked["acwr"],
            "green_from": linked["green_from"],
            "yellow_from": linked["yellow_from"],
        }
    )
    what_if = non_default_note(linked, team)
    settings_of_day = day_settings(team, reader.study_arm(athlete["id"], day), config if what_if else None)
    config, label = settings_of_day.config, settings_of_day.label
    scored = reader.day_row(athlete["id"], config, version, day)
    if scored is None:
        return None
    _, recommendation = day_advice(reader, athlete, data, day, scored, config)
    bar = signed_in_bar(
        viewer, settings.check_ins, bool(settings.published), checked_in_at(reader, viewer, now(settings))
    )
    note = (
        f"<p class='trainer-what-if' style='border:1px solid #e6a100;padding:8px'>{escape(what_if)}</p>"
        if what_if
        else ""
    )
    card = today_card_html(scored, recommendation, config, label, sources_in_words(data, day))
    body = f"{bar}{card_heading_html(athlete, day)}{note}{card}"
    return FRAME.format(body=body)
