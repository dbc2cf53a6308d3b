"""The schedule, in one place, and the tasks Huey runs. ``huey`` is what ``trainer worker``
consumes. Enqueueing goes through ``job_run``'s unique key, so a second scheduler (started by
mistake) creates nothing new, and the minute's sweep hands a dead worker's job to another."""

from __future__ import annotations

import logging
import socket
from datetime import date, datetime, timedelta
from pathlib import Path

from huey import crontab
from sqlalchemy.exc import DBAPIError

from trainer.jobs import runs
from trainer.jobs.gate import AddressGate
from trainer.jobs.queue import make_huey
from trainer.settings import Settings
from trainer.store.database import Database, open_database

SETTINGS = Settings.from_env()
huey = make_huey(SETTINGS)
LEASE = timedelta(seconds=SETTINGS.job_lease_seconds)
log = logging.getLogger("trainer.jobs")
RETRY_MINUTES = (1, 5, 15)  # a 5xx or a timeout: tried again after these, then marked failed
OUTAGE_RETRY = timedelta(seconds=15)  # the database went away: back soon (a restart takes seconds), tried again
WEEKLY_DAY = 6  # Sunday (datetime.weekday)
WEEKLY_HOUR = 19  # local time of the server: the insights batch at 19:00, the plans adapted at 20:00

_db: Database | None = None
_gate: AddressGate | None = None
_intervals_gate: AddressGate | None = None


def db() -> Database:
    global _db
    if _db is None:
        _db = open_database(SETTINGS.database_url)
    return _db


def gate() -> AddressGate:
    global _gate
    if _gate is None:
        address = SETTINGS.garmin_address or socket.gethostname()
        _gate = AddressGate(db(), Path(SETTINGS.data_dir) / "garmin-slots", address, SETTINGS.garmin_concurrency)
    return _gate


def intervals_gate() -> AddressGate:
    """intervals.icu's gate: one request at a time from this address, a tenth of a second apart."""
    global _intervals_gate
    if _intervals_gate is None:
        address = f"intervals.icu@{SETTINGS.garmin_address or socket.gethostname()}"
        folder = Path(SETTINGS.data_dir) / "intervals-slots"
        _intervals_gate = AddressGate(db(), folder, address, 1, service="intervals.icu", spacing=0.1)
    return _intervals_gate


def due_mornings(database: Database, settings: Settings, now: datetime) -> list[tuple[int, date]]:
    """Every athlete whose local time has reached the morning: (id, local day). Those without a
    Garmin login get their day scored and their message all the same (``run_morning``)."""
    from datetime import time

    from trainer.day.clock import local_now
    from trainer.store.athletes import list_athletes

    at = time.fromisoformat(settings.morning_at)
    due = []
    for row in list_athletes(database).iter_rows(named=True):
        local = local_now(row.get("time_zone"), now)
        if local.time() >= at:
            due.append((row["id"], local.date()))
    return due


def dispatch(now: datetime | None = None) -> int:
    """Create (once) and enqueue each due morning, the weekly jobs when their hour comes, and
    whatever lapsed. Returns how many tasks it enqueued."""
    now = now or runs.now_utc()
    enqueued = 0
    for athlete_id, day in due_mornings(db(), SETTINGS, now):
        key = runs.create(db(), "morning", athlete_id, day, now, LEASE)
        if key is not None:
            morning_task(key)
            enqueued += 1
    from trainer.jobs.morning import changed_days
    from trainer.notify.morning import send_due

    for athlete_id, day, version in changed_days(db(), SETTINGS, now):  # a check-in changed today's workout
        key = runs.create(db(), "watch", athlete_id, day, now, LEASE, version=version)
        if key is not None:
            watch_task(key)
            enqueued += 1
    local = now.astimezone()
    if local.weekday() == WEEKLY_DAY and local.hour >= WEEKLY_HOUR:
        for kind, task in (("insights", insights_task), ("adapt", adapt_task)):
            key = runs.create(db(), kind, None, local.date(), now, LEASE)
            if key is not None:
                task(key)
                enqueued += 1
    digests = send_due(db(), SETTINGS, now, coaches_only=True)  # claimed first: never twice, whoever sends
    if digests.sent or digests.failed or digests.maybe:
        log.info("%s", digests.line())
    for key in runs.overdue(db(), now, LEASE):
        {"morning": morning_task, "watch": watch_task, "insights": insights_task, "adapt": adapt_task}[
            key.split(":")[0]
        ](key)
        enqueued += 1
    if enqueued:
        log.info("dispatch: %d jobs enqueued", enqueued)
    return enqueued


@huey.periodic_task(crontab(minute="*"))
def every_minute() -> None:
    dispatch()


@huey.task()
def dispatch_now() -> int:
    """The same as the minute's dispatch, on demand (``trainer jobs run``)."""
    return dispatch()


@huey.task()
def morning_task(key: str) -> None:
    from trainer.jobs.morning import Outcome, run_morning
    from trainer.store.athletes import athlete_by_id

    holder = runs.worker_name()
    row = runs.take(db(), key, holder, lease=LEASE)
    if row is None:
        return  # done, or another worker has it (or has this athlete)
    athlete = athlete_by_id(db(), row["athlete_id"])
    if athlete is None:
        runs.finish(db(), key, holder, "failed", error="the athlete was deleted")
        return
    counted = True
    try:
        outcome = run_morning(
            db(),
            SETTINGS,
            athlete,
            row["day"],
            runs.now_utc(),
            gate(),
            lambda: runs.renew(db(), key, holder, LEASE),
            intervals_gate(),
        )
    except DBAPIError as outage:  # the database went away mid-morning: tried again, the try not counted
        outcome, counted = Outcome("retry", f"the database did not answer ({type(outage.orig).__name__})"), False
        log.error("morning %s: %s", athlete.name, outcome.result)
    except Exception as unforeseen:  # a step trainer did not foresee: said in one line, tried again, then stopped
        outcome = Outcome("retry", f"the morning stopped: {type(unforeseen).__name__}: {str(unforeseen)[:120]}")
        log.error("morning %s: %s", athlete.name, outcome.result)
    state, retry_at, error = outcome.state, outcome.retry_at, None
    if state == "retry" and not counted:
        retry_at, state, error = runs.now_utc() + OUTAGE_RETRY, "queued", outcome.result
    elif state == "retry":
        attempt = row["attempts"]
        if attempt <= len(RETRY_MINUTES):
            retry_at, state = runs.now_utc() + timedelta(minutes=RETRY_MINUTES[attempt - 1]), "queued"
            error = outcome.result
        else:
            state = "failed"
            error = f"stopped after {attempt} tries: {outcome.result}"
    elif state == "failed":
        error = outcome.result
    runs.finish(
        db(),
        key,
        holder,
        state,
        result=outcome.result if state != "failed" else None,
        error=error,
        requests=outcome.requests,
        next_try_at=retry_at,
        lease=LEASE,
        counted=counted,
    )
    log.info("morning %s: %s (%s; %d requests)", athlete.name, state, outcome.result, outcome.requests)
    if retry_at is not None:
        morning_task.schedule(args=(key,), eta=retry_at)


@huey.task()
def watch_task(key: str) -> None:
    """Today's workout on the watch after a check-in changed the day (``morning.run_watch``)."""
    from trainer.jobs.morning import run_watch
    from trainer.store.athletes import athlete_by_id

    holder = runs.worker_name()
    row = runs.take(db(), key, holder, lease=LEASE)
    if row is None:
        return
    athlete = athlete_by_id(db(), row["athlete_id"])
    if athlete is None:
        runs.finish(db(), key, holder, "failed", error="the athlete was deleted")
        return
    outcome = run_watch(db(), SETTINGS, athlete, row["day"], gate())
    state = "done" if outcome.state == "done" else "failed" if outcome.state == "failed" else "queued"
    if state == "queued" and row["attempts"] >= len(RETRY_MINUTES):
        state = "failed"
    retry_at = outcome.retry_at or (runs.now_utc() + timedelta(minutes=5) if state == "queued" else None)
    runs.finish(
        db(),
        key,
        holder,
        state,
        result=outcome.result if state == "done" else None,
        error=None if state == "done" else outcome.result,
        requests=outcome.requests,
        next_try_at=retry_at,
        lease=LEASE,
    )
    log.info("watch %s: %s (%s)", athlete.name, state, outcome.result)
    if retry_at is not None:
        watch_task.schedule(args=(key,), eta=retry_at)


@huey.task()
def insights_task(key: str) -> None:
    """The weekly insights: one Claude batch for everyone due, collected by later sweeps."""
    from trainer.insights.service import collect_batches, due_for_insights, submit_batch
    from trainer.store.athletes import all_athletes

    holder = runs.worker_name()
    row = runs.take(db(), key, holder, lease=LEASE)
    if row is None:
        return
    if not SETTINGS.anthropic_api_key:
        runs.finish(db(), key, holder, "done", result="no Claude key: the apps show the rule-based insights")
        return
    try:
        collected = collect_batches(db(), SETTINGS)
        batch = submit_batch(db(), due_for_insights(db(), all_athletes(db())), row["day"], SETTINGS)
    except Exception as error:  # noqa: BLE001  the API's own errors: recorded, tried again by the sweep
        runs.finish(db(), key, holder, "failed", error=f"Claude's batch API: {type(error).__name__}")
        return
    runs.finish(db(), key, holder, "done", result=f"batch {batch or 'not needed'}; {len(collected)} collected")


@huey.task()
def adapt_task(key: str) -> None:
    """The weekly plan adaptation for every athlete with a current plan."""
    from trainer.planning.service import adapt_plan
    from trainer.store.athletes import all_athletes

    holder = runs.worker_name()
    row = runs.take(db(), key, holder, lease=LEASE)
    if row is None:
        return
    changed = failed = 0
    for athlete in all_athletes(db()):
        try:
            changed += bool(adapt_plan(db(), athlete, row["day"] + timedelta(days=1)).changed)
        except Exception:  # noqa: BLE001  no plan, or a plan that cannot adapt: the others go on
            failed += 1
    runs.finish(db(), key, holder, "done", result=f"{changed} plans adapted, {failed} without a plan to adapt")
