"""The next days of an athlete's plan on their Garmin Connect calendar, where the watch picks them up.

Idempotent and following the plan: a day whose session is new is uploaded and scheduled; one
whose session changed (a weekly adaptation) is updated in place; one whose session is gone is
unscheduled and deleted; an unchanged one is left alone. Only workouts trainer recorded in
``pushed_workout`` are ever touched, never another tool's. Each Garmin call that succeeds is
recorded at once, so a rate limit or a lost connection stops the push cleanly and the next run
goes on from there without duplicates.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlmodel import Session, col

from trainer.ingest.sync import BACKOFF_SECONDS
from trainer.planning.coming import coming_sessions
from trainer.planning.today import Today
from trainer.planning.watch.workouts import GarminSession, garmin_session
from trainer.store.database import Database
from trainer.store.models import Athlete, PushedWorkout, id_of
from trainer.store.models._base import utc_now


@dataclass
class PushReport:
    created: list[date] = field(default_factory=list)
    updated: list[date] = field(default_factory=list)
    removed: list[date] = field(default_factory=list)
    unchanged: list[date] = field(default_factory=list)
    stopped: str | None = None  # why the push stopped early (the next run resumes)

    def summary(self, athlete: str) -> str:
        done = (
            f"{athlete}: {len(self.created)} new, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged on Garmin Connect"
        )
        return done + (f"; stopped early: {self.stopped}. Run it again later to finish." if self.stopped else "")


def sessions_to_push(
    db: Database, athlete: Athlete, on: date, days: int, the_day: Today | None = None
) -> dict[date, GarminSession]:
    """The coming sessions (``planning.coming``) as Garmin workouts, by day."""
    wanted = {}
    for day, coming in coming_sessions(db, athlete, on, days, the_day).items():
        session = garmin_session(day, coming.sport, coming.minutes, coming.intensity, coming.purpose, coming.steps)
        if session is not None:
            wanted[day] = session
    return wanted


def planned_calls(db: Database, athlete: Athlete, on: date, days: int, the_day: Today | None = None) -> list[dict]:
    """What a push would send, without sending it (``--dry-run``)."""
    wanted, pushed = sessions_to_push(db, athlete, on, days, the_day), _pushed(db, id_of(athlete), on, days)
    calls: list[dict] = []
    for day in sorted(set(wanted) | set(pushed)):
        session, row = wanted.get(day), pushed.get(day)
        if session is not None and row is None:
            calls.append(
                {"date": day.isoformat(), "action": "create", "call": session.upload, "workout": session.payload}
            )
        elif session is not None and row is not None and row.fingerprint != session.fingerprint:
            calls.append(
                {
                    "date": day.isoformat(),
                    "action": "update",
                    "workout_id": row.garmin_workout_id,
                    "workout": session.payload,
                }
            )
        elif session is None and row is not None:
            calls.append({"date": day.isoformat(), "action": "remove", "workout_id": row.garmin_workout_id})
    return calls


class Patient:
    """The Garmin client, each call retried after 1, 2, 4, 8 and 16 s on a rate limit or a lost
    connection (as the sync does); after that the error goes up and the push stops."""

    def __init__(self, client, sleep: Callable[[float], None]):
        self.client, self.sleep = client, sleep

    def __getattr__(self, name: str):
        from garminconnect import GarminConnectConnectionError, GarminConnectTooManyRequestsError

        method = getattr(self.client, name)

        def patiently(*args, **kwargs):
            for wait in (*BACKOFF_SECONDS, None):
                try:
                    return method(*args, **kwargs)
                except (GarminConnectTooManyRequestsError, GarminConnectConnectionError):
                    if wait is None:
                        raise
                    self.sleep(wait)
            raise AssertionError("unreachable")

        return patiently


def push_plan(
    db: Database,
    athlete: Athlete,
    client,
    on: date,
    days: int = 7,
    sleep: Callable[[float], None] = time.sleep,
    the_day: Today | None = None,
) -> PushReport:
    """Bring the athlete's Garmin calendar for ``on`` .. ``on + days - 1`` in line with the plan and,
    on ``on``, with the athlete's day (``sessions_to_push``)."""
    from garminconnect import GarminConnectConnectionError, GarminConnectTooManyRequestsError

    client = Patient(client, sleep)
    wanted, pushed = sessions_to_push(db, athlete, on, days, the_day), _pushed(db, id_of(athlete), on, days)
    report = PushReport()
    try:
        for day in sorted(set(wanted) | set(pushed)):
            session, row = wanted.get(day), pushed.get(day)
            if session is not None and row is None:
                _create(db, id_of(athlete), client, session)
                report.created.append(day)
            elif session is not None and row is not None and row.fingerprint != session.fingerprint:
                client.update_workout(row.garmin_workout_id, session.payload)  # same id: its calendar entry stays
                _record(db, id_of(athlete), session, row.garmin_workout_id, row.garmin_schedule_id)
                if row.garmin_schedule_id is None:
                    _schedule(db, id_of(athlete), client, session, row.garmin_workout_id)
                report.updated.append(day)
            # uploaded, then stopped before scheduling
            elif session is not None and row is not None and row.garmin_schedule_id is None:
                _schedule(db, id_of(athlete), client, session, row.garmin_workout_id)
                report.created.append(day)
            elif session is None and row is not None:
                if row.garmin_schedule_id is not None:
                    client.unschedule_workout(row.garmin_schedule_id)
                client.delete_workout(row.garmin_workout_id)
                _forget(db, id_of(athlete), day)
                report.removed.append(day)
            else:
                report.unchanged.append(day)
    except GarminConnectTooManyRequestsError:
        report.stopped = "Garmin Connect kept asking trainer to slow down (rate limit)"
    except GarminConnectConnectionError as error:
        report.stopped = f"Garmin Connect could not be reached ({type(error).__name__})"
    return report


def _create(db: Database, athlete_id: int, client, session: GarminSession) -> None:
    answer = getattr(client, session.upload)(session.workout)
    workout_id = int(answer["workoutId"])
    _record(db, athlete_id, session, workout_id, None)  # recorded before scheduling: a stop here never uploads twice
    _schedule(db, athlete_id, client, session, workout_id)


def _schedule(db: Database, athlete_id: int, client, session: GarminSession, workout_id: int) -> None:
    answer = client.schedule_workout(workout_id, session.day.isoformat()) or {}
    schedule_id = answer.get("workoutScheduleId") or answer.get("scheduleId") or answer.get("id")
    _record(db, athlete_id, session, workout_id, int(schedule_id) if schedule_id is not None else None)


def _record(db: Database, athlete_id: int, session: GarminSession, workout_id: int, schedule_id: int | None) -> None:
    with Session(db.engine) as s:
        row = s.scalars(
            select(PushedWorkout).where(
                col(PushedWorkout.athlete_id) == athlete_id, col(PushedWorkout.date) == session.day
            )
        ).first()
        row = row or PushedWorkout(
            athlete_id=athlete_id, date=session.day, garmin_workout_id=workout_id, fingerprint=""
        )
        row.garmin_workout_id, row.garmin_schedule_id = workout_id, schedule_id
        row.fingerprint, row.name, row.pushed_at = session.fingerprint, session.workout.workoutName, utc_now()
        s.add(row)
        s.commit()


def _forget(db: Database, athlete_id: int, day: date) -> None:
    with Session(db.engine) as s:
        s.execute(
            delete(PushedWorkout).where(col(PushedWorkout.athlete_id) == athlete_id, col(PushedWorkout.date) == day)
        )
        s.commit()


def _pushed(db: Database, athlete_id: int, on: date, days: int) -> dict[date, PushedWorkout]:
    with Session(db.engine) as s:
        rows = s.scalars(
            select(PushedWorkout).where(
                col(PushedWorkout.athlete_id) == athlete_id,
                col(PushedWorkout.date).between(on, on + timedelta(days=days - 1)),
            )
        ).all()
        return {row.date: row for row in rows}
