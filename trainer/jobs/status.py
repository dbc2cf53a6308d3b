"""What the jobs did, per athlete, in words a coach acts on: the last morning and its result,
the next one, and a failure with how long it has lasted and what to do."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import polars as pl

from trainer.day.clock import zone as clock_zone
from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.job_history import failing_mornings, job_runs


def overview(db: Database, settings: Settings, now: datetime) -> list[dict]:
    """One entry per athlete: last morning (day, state, result), next morning, failure in words."""
    from trainer.store.athletes import list_athletes

    runs = job_runs(db)
    streaks = {row["athlete_id"]: row for row in failing_mornings(runs).iter_rows(named=True)}
    at = time.fromisoformat(settings.morning_at)
    out = []
    for athlete in list_athletes(db).iter_rows(named=True):
        own = runs.filter((pl.col("athlete_id") == athlete["id"]) & (pl.col("kind") == "morning"))
        last = own.row(-1, named=True) if own.height else None
        zone = clock_zone(athlete["time_zone"])
        local = now.astimezone(zone)
        next_day = (
            local.date()
            if local.time() < at or last is None or last["day"] < local.date()
            else local.date() + timedelta(days=1)
        )
        upcoming = datetime.combine(next_day, at, zone)
        if last is not None and last["state"] in ("waiting", "queued", "paused") and last["next_try_at"] is not None:
            upcoming = last["next_try_at"].astimezone(zone)
        upcoming = max(upcoming, local)  # overdue runs at the next sweep: never a next run in the past
        streak = streaks.get(athlete["id"], {})
        failed = streak.get("failed_mornings", 0)
        problem = None
        if last is not None and last["state"] == "failed":
            first_failed = own.filter(pl.col("state") == "failed").tail(failed)["day"][0]
            ago = (local.date() - first_failed).days
            since = "today" if ago == 0 else "yesterday" if ago == 1 else f"{ago} days ago"
            reason, _, action = (last["error"] or "failed").partition(": run ")
            problem = f"{reason} since {since}" + (f": run {action}" if action else "")
        out.append(
            {
                "athlete": athlete["name"],
                "last_morning": None if last is None else last["day"].isoformat(),
                "state": None if last is None else last["state"],
                "result": None if last is None else (last["result"] or last["error"]),
                "requests": None if last is None else last["requests"],
                "next_morning": upcoming.isoformat(timespec="minutes"),
                "last_synced": None if streak.get("last_synced") is None else streak["last_synced"].isoformat(),
                "failed_mornings": failed,
                "problem": problem,
            }
        )
    return out
