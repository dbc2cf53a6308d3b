"""`plan push` against a fake Garmin Connect that records every call and keeps a calendar.

The payloads are garminconnect's own typed models (the fake refuses anything else, as the real
upload methods do), so the library itself checks their shape.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from garminconnect import GarminConnectTooManyRequestsError
from garminconnect.workout import CyclingWorkout, RunningWorkout
from sqlalchemy import delete, update

from tests.conftest import DEMO_END, run_trainer
from trainer.access.viewer import OWNER
from trainer.day.answer import athlete_day
from trainer.planning.watch.push import push_plan
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database
from trainer.store.models import DailyWellness, PlannedWorkout, PushedWorkout
from trainer.views.reader import AppData

ON = DEMO_END + timedelta(days=1)  # the demo marathoner's plan runs on past the demo data


class FakeGarmin:
    """Garmin Connect's workout library and calendar, in memory; from the ``fail_on``-th call,
    ``failures`` 429s in a row."""

    def __init__(self, fail_on: int | None = None, failures: int = 100):
        self.library: dict[int, dict] = {900: {"workoutName": "Another app's tempo"}}
        self.calendar: dict[int, tuple[int, str]] = {9000: (900, ON.isoformat())}
        self.calls: list[tuple] = []
        self.fail_on, self.failures, self.refused, self._next = fail_on, failures, 0, 1000

    def _call(self, *record):
        if self.fail_on is not None and len(self.calls) + 1 >= self.fail_on and self.refused < self.failures:
            self.refused += 1
            raise GarminConnectTooManyRequestsError("429 Too Many Requests")
        self.calls.append(record)
        self._next += 1
        return self._next

    def upload_running_workout(self, workout):
        assert isinstance(workout, RunningWorkout)  # as garminconnect's own method insists
        return self._upload(workout)

    def upload_cycling_workout(self, workout):
        assert isinstance(workout, CyclingWorkout)
        return self._upload(workout)

    def _upload(self, workout):
        workout_id = self._call("upload", workout.workoutName)
        self.library[workout_id] = workout.to_dict()
        return {"workoutId": workout_id, **workout.to_dict()}

    def schedule_workout(self, workout_id, date_str):
        assert workout_id in self.library
        schedule_id = self._call("schedule", workout_id, date_str)
        self.calendar[schedule_id] = (workout_id, date_str)
        return {"workoutScheduleId": schedule_id, "workout": {"workoutId": workout_id}, "calendarDate": date_str}

    def update_workout(self, workout_id, workout_json):
        assert workout_id in self.library
        self._call("update", workout_id)
        self.library[workout_id] = workout_json

    def unschedule_workout(self, schedule_id):
        self._call("unschedule", schedule_id)
        del self.calendar[schedule_id]

    def delete_workout(self, workout_id):
        self._call("delete", workout_id)
        del self.library[workout_id]

    def trainer_days(self) -> list[str]:
        return sorted(day for workout_id, day in self.calendar.values() if workout_id != 900)


@pytest.fixture
def marathoner(demo_db_writable_url):
    db = open_database(demo_db_writable_url)
    return db, get_athlete(db, "demo-marathoner")


def planned_days(db, athlete_id: int, days: int = 7) -> list[str]:
    with db.engine.connect() as connection:
        rows = connection.execute(
            PlannedWorkout.__table__.select().where(
                PlannedWorkout.athlete_id == athlete_id, PlannedWorkout.date.between(ON, ON + timedelta(days=days - 1))
            )
        ).all()
    return sorted({row.date.isoformat() for row in rows if row.minutes > 0})


def test_first_push_creates_the_week_and_a_second_changes_nothing(marathoner):
    db, athlete = marathoner
    garmin = FakeGarmin()
    report = push_plan(db, athlete, garmin, ON, 7)
    wanted = planned_days(db, athlete.id)
    assert wanted and [d.isoformat() for d in report.created] == wanted and report.stopped is None
    assert garmin.trainer_days() == wanted  # each session scheduled on its own day
    assert (
        sorted(d.isoformat() for d in AppData(db, OWNER).on_watch(athlete.id)) == wanted
    )  # the dashboard says "on the watch"
    uploaded = [garmin.library[workout_id] for workout_id, _ in garmin.calendar.values() if workout_id != 900]
    for workout in uploaded:
        steps = workout["workoutSegments"][0]["workoutSteps"]
        # a runner with runs of known distance: pace first (m/s, the slower end low), heart rate second
        assert steps and all(
            s["targetType"]["workoutTargetTypeKey"] == "pace.zone"
            and s["targetValueOne"] < s["targetValueTwo"] < 6
            and s["secondaryTargetType"]["workoutTargetTypeKey"] == "heart.rate.zone"
            for s in steps
            if s["type"] == "ExecutableStepDTO"
        )
        seconds = sum(s["endConditionValue"] for s in steps if s["type"] == "ExecutableStepDTO") + sum(
            s["numberOfIterations"] * sum(c["endConditionValue"] for c in s["workoutSteps"])
            for s in steps
            if s["type"] == "RepeatGroupDTO"
        )
        assert seconds == workout["estimatedDurationInSecs"]  # the steps fill the session
    calls = len(garmin.calls)
    again = push_plan(db, athlete, garmin, ON, 7)
    assert len(garmin.calls) == calls and len(again.unchanged) == len(wanted) and not again.created  # nothing sent
    assert garmin.library[900] == {"workoutName": "Another app's tempo"} and 9000 in garmin.calendar  # never touched


def test_an_adapted_week_updates_and_removes_exactly_what_changed(marathoner):
    db, athlete = marathoner
    garmin = FakeGarmin()
    push_plan(db, athlete, garmin, ON, 7)
    changed, dropped = planned_days(db, athlete.id)[:2]
    with db.engine.begin() as connection:  # the weekly adaptation shortened one day and took another out
        connection.execute(
            update(PlannedWorkout)
            .where(PlannedWorkout.athlete_id == athlete.id, PlannedWorkout.date == date.fromisoformat(changed))
            .values(minutes=30)
        )
        connection.execute(
            delete(PlannedWorkout).where(
                PlannedWorkout.athlete_id == athlete.id, PlannedWorkout.date == date.fromisoformat(dropped)
            )
        )
    garmin.calls.clear()
    report = push_plan(db, athlete, garmin, ON, 7)
    assert [d.isoformat() for d in report.updated] == [changed] and [d.isoformat() for d in report.removed] == [dropped]
    assert sorted(c[0] for c in garmin.calls) == ["delete", "unschedule", "update"]  # three calls, nothing else
    assert dropped not in garmin.trainer_days() and changed in garmin.trainer_days()
    assert 9000 in garmin.calendar and 900 in garmin.library


def test_a_rate_limit_is_waited_out(marathoner):
    db, athlete = marathoner
    garmin, waits = FakeGarmin(fail_on=2, failures=2), []  # two 429s, then Garmin answers again
    report = push_plan(db, athlete, garmin, ON, 7, sleep=waits.append)
    assert report.stopped is None and waits == [1, 2] and garmin.trainer_days() == planned_days(db, athlete.id)


def test_a_rate_limit_half_way_stops_cleanly_and_the_next_run_finishes_without_duplicates(marathoner):
    db, athlete = marathoner
    garmin, waits = FakeGarmin(fail_on=4), []  # upload, schedule, upload, then nothing but 429s
    first = push_plan(db, athlete, garmin, ON, 7, sleep=waits.append)
    assert waits == [1, 2, 4, 8, 16]  # backed off as the sync does, then stopped
    garmin.fail_on = None
    assert first.stopped and "rate limit" in first.stopped and len(first.created) == 1
    with db.engine.connect() as connection:
        recorded = connection.execute(PushedWorkout.__table__.select()).all()
    assert (
        len(recorded) == 2 and sum(row.garmin_schedule_id is None for row in recorded) == 1
    )  # uploaded, not yet scheduled
    second = push_plan(db, athlete, garmin, ON, 7)
    wanted = planned_days(db, athlete.id)
    assert second.stopped is None and garmin.trainer_days() == wanted
    assert len([w for w in garmin.library if w != 900]) == len(wanted)  # nothing uploaded twice


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(demo_db_writable_url):
    done = run_trainer(
        "plan", "push", "-a", "demo-marathoner", "--on", ON.isoformat(), "--dry-run", "--db", demo_db_writable_url
    )
    assert done.returncode == 0, done.stderr
    calls = json.loads(done.stdout)
    assert (
        calls
        and {c["action"] for c in calls} == {"create"}
        and all(c["workout"]["workoutName"].startswith("trainer: ") for c in calls)
    )
    with open_database(demo_db_writable_url).engine.connect() as connection:
        assert connection.execute(PushedWorkout.__table__.select()).all() == []
    nobody = run_trainer(
        "plan", "push", "-a", "demo-marathoner", "--db", demo_db_writable_url
    )  # no stored Garmin login
    assert nobody.returncode != 0 and "Traceback" not in nobody.stderr


def test_the_mornings_recommendation_replaces_the_days_session_and_a_red_morning_updates_it(marathoner):
    db, athlete = marathoner
    morning = DEMO_END - timedelta(
        days=2
    )  # scored yellow in the demo: the planned 125-min long run is cut by a quarter
    garmin = FakeGarmin()
    push_plan(db, athlete, garmin, morning, 2, the_day=athlete_day(db, athlete, morning).advice)
    pushed = {day: garmin.library[workout_id] for workout_id, day in garmin.calendar.values() if workout_id != 900}
    assert pushed[morning.isoformat()]["estimatedDurationInSecs"] == 94 * 60
    assert (
        pushed[(morning + timedelta(days=1)).isoformat()]["estimatedDurationInSecs"] == 40 * 60
    )  # later days follow the plan
    with db.engine.begin() as connection:  # the same morning, red (41): HRV down, resting HR up, a short night
        connection.execute(
            update(DailyWellness)
            .where(DailyWellness.athlete_id == athlete.id, DailyWellness.date == morning)
            .values(hrv_ms=52, resting_hr=52, sleep_minutes=380, sleep_score=55, stress_level=45)
        )
    garmin.calls.clear()
    report = push_plan(db, athlete, garmin, morning, 2, the_day=athlete_day(db, athlete, morning).advice)
    assert report.updated == [morning] and [c[0] for c in garmin.calls] == [
        "update"
    ]  # the same workout, now a recovery run
    workout = next(garmin.library[w] for w, day in garmin.calendar.values() if day == morning.isoformat())
    assert workout["estimatedDurationInSecs"] == 45 * 60 and "recovery" in workout["workoutName"]
    with db.engine.begin() as connection:  # redder still (13): a rest day, so nothing on the watch
        connection.execute(
            update(DailyWellness)
            .where(DailyWellness.athlete_id == athlete.id, DailyWellness.date == morning)
            .values(hrv_ms=20, resting_hr=75, sleep_minutes=200, sleep_score=20, stress_level=90)
        )
    report = push_plan(db, athlete, garmin, morning, 2, the_day=athlete_day(db, athlete, morning).advice)
    assert report.removed == [morning] and morning.isoformat() not in garmin.trainer_days()
