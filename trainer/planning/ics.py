"""The plan as an iCalendar file: one event per session, in the athlete's time zone.

A calendar app that imports the file again, or polls it as a subscription, updates the events it
has rather than adding copies: each session's UID is the athlete and the day (one session a day),
and its SEQUENCE is the plan's version, so an adapted week replaces what it changed. DTSTAMP is
when that plan version was made, so the same plan gives the same bytes every time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl
from icalendar import Calendar, Event

from trainer.planning.sessions import NOUNS
from trainer.planning.steps import session_steps, steps_text
from trainer.scoring.zones import HeartRateProfile, SportZones

PRODUCT = "-//trainer//training plan//EN"
SESSION_START = time(7, 0)  # a plan has days, not hours: sessions sit at 7:00 local time


def empty_calendar(athlete_name: str) -> bytes:
    """A calendar with no sessions yet (an athlete without a plan): a subscription keeps working."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"trainer: {athlete_name}")
    return calendar.to_ical()


def session_uid(athlete_id: int, day: date) -> str:
    return f"trainer-athlete-{athlete_id}-{day.isoformat()}@trainer"


def plan_calendar(
    workouts: pl.DataFrame,
    *,
    athlete_id: int,
    athlete_name: str,
    time_zone: str,
    zones: HeartRateProfile | SportZones,
    version: int,
    made_at: datetime,
) -> bytes:
    """The iCalendar text of the plan's sessions (columns: date, sport, minutes, intensity, kind, purpose)."""
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    stamp = made_at if made_at.tzinfo else made_at.replace(tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"trainer: {athlete_name}")
    calendar.add("x-wr-timezone", zone.key)
    for session in workouts.sort("date").iter_rows(named=True):
        if session["minutes"] <= 0:
            continue
        steps = session_steps(session["kind"], session["minutes"], session["intensity"], zones, session["sport"])
        event = Event()
        event.add("uid", session_uid(athlete_id, session["date"]))
        event.add("dtstamp", stamp)
        event.add("sequence", version)
        event.add("dtstart", datetime.combine(session["date"], SESSION_START, tzinfo=zone))
        event.add("duration", timedelta(minutes=session["minutes"]))
        event.add(
            "summary",
            f"{session['minutes']} min {session['intensity']} {NOUNS.get(session['sport'], session['sport'])}",
        )
        event.add(
            "description", "\n\n".join(part for part in (session.get("purpose") or "", steps_text(steps)) if part)
        )
        event.add("categories", ["Training"])
        event.add("transp", "TRANSPARENT")  # a planned session does not make the athlete busy
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
