"""The days ahead as the athlete should do them: the plan's main session of each day, with today's
replaced by the day's recommendation (a red morning's recovery, a yellow morning's shorter session,
nothing on a rest day). What every face that carries sessions away takes: the watch's workouts and
intervals.icu's calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from trainer.planning.service import plan_view
from trainer.planning.steps import Step, session_steps
from trainer.planning.today import Today, athlete_zones
from trainer.store.database import Database
from trainer.store.models import Athlete


@dataclass(frozen=True)
class ComingSession:
    day: date
    sport: str
    minutes: int
    intensity: str
    purpose: str
    steps: list[Step]


def coming_sessions(
    db: Database, athlete: Athlete, on: date, days: int, the_day: Today | None = None
) -> dict[date, ComingSession]:
    """The plan's sessions from ``on`` for ``days`` days, one a day (a triathlete's ride, not the brick
    after it); on ``on`` itself, given the athlete's day (``day.answer.athlete_day``), its
    recommendation instead. Without the day the plan's session stands."""
    view = plan_view(db, athlete, on)
    if view is None:
        return {}
    zones = athlete_zones(db, athlete, on)
    coming = view.workouts.filter(view.workouts["date"].is_between(on, on + timedelta(days=days - 1)))
    main = coming.sort("date", "minutes", descending=[False, True]).unique("date", keep="first", maintain_order=True)
    wanted = {
        row["date"]: ComingSession(
            row["date"],
            row["sport"],
            row["minutes"],
            row["intensity"],
            row["purpose"],
            session_steps(row["kind"], row["minutes"], row["intensity"], zones, row["sport"]),
        )
        for row in main.iter_rows(named=True)
    }
    if on in wanted and the_day is not None and the_day.date == on:
        known, recommended = _recommended(the_day)
        if known:
            if recommended is None:
                del wanted[on]  # a rest day: nothing on the watch or the calendar
            else:
                wanted[on] = recommended
    return wanted


def _recommended(found: Today) -> tuple[bool, ComingSession | None]:
    """(the day's advice is known, the day's recommendation as a session or None for rest). A limit
    (illness, an injury that stops training) is known even before the morning is scored."""
    planned, advice = found.planned, found.recommendation
    if planned is None:
        return False, None
    limited = advice.workout_type in ("rest", "strength") or advice.workout_type != planned.sport
    if found.day["status"] == "insufficient data" and not limited:
        return False, None
    kind = found.recommended_kind()
    if kind is None or advice.workout_type == "rest":
        return True, None
    purpose = planned.purpose if kind == planned.kind else advice.rationale
    return True, ComingSession(
        found.date,
        advice.workout_type,
        advice.minutes,
        advice.intensity or "easy",
        purpose,
        found.recommended_steps(),
    )
