"""Each job's row in ``job_run``: created once per key (a second scheduler's insert changes
nothing), taken with a lease (one worker at a time; a killed worker's lease runs out and the
sweeper hands the job to another), renewed while it works, finished with what happened."""

from __future__ import annotations

import os
import socket
import threading
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, exists, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from trainer.store.database import Database
from trainer.store.models import JobRun, table_of

LEASE = timedelta(minutes=2)  # a running job renews it after every Garmin request (Settings.job_lease_seconds)
QUEUED_LEASE = 5  # leases: a queued job no worker took within 5 leases is enqueued again
OPEN_STATES = ("queued", "waiting", "paused")


def worker_name() -> str:
    """Who holds a job: the machine, the process and the thread (a worker runs several threads, and
    two threads of one process must not both hold the same morning)."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}:{threading.get_native_id()}"[:80]


def job_key(kind: str, athlete_id: int | None, day: date, version: int | None = None) -> str:
    """``morning:12:2026-12-03``; with ``version`` (a check-in's), ``watch:12:2026-12-03:v2``."""
    key = f"{kind}:{athlete_id if athlete_id is not None else 'team'}:{day.isoformat()}"
    return key if version is None else f"{key}:v{version}"


def now_utc() -> datetime:
    return datetime.now(UTC)


def create(
    db: Database,
    kind: str,
    athlete_id: int | None,
    day: date,
    now: datetime | None = None,
    lease: timedelta = LEASE,
    version: int | None = None,
) -> str | None:
    """The job's key if this call created it, None if it already existed (then someone else
    enqueued it: nothing to do)."""
    now = now or now_utc()
    key = job_key(kind, athlete_id, day, version)
    try:
        with db.engine.begin() as connection:
            connection.execute(
                insert(table_of(JobRun)).values(
                    key=key,
                    kind=kind,
                    athlete_id=athlete_id,
                    day=day,
                    state="queued",
                    attempts=0,
                    requests=0,
                    lease_until=now + QUEUED_LEASE * lease,
                    updated_at=now,
                )
            )
    except IntegrityError:
        return None
    return key


def take(db: Database, key: str, holder: str, now: datetime | None = None, lease: timedelta = LEASE) -> dict | None:
    """Start the job if it is open, or running under a lease that ran out (its worker died), and
    no other job of the same athlete runs under a live lease. The row, or None if not taken."""
    now = now or now_utc()
    j = table_of(JobRun)
    other = aliased(j)
    busy = exists().where(
        other.c.athlete_id == j.c.athlete_id,
        other.c.key != key,
        other.c.state == "running",
        other.c.lease_until > now,
    )
    with db.engine.begin() as connection:
        taken = connection.execute(
            update(j)
            .where(
                j.c.key == key,
                or_(j.c.state.in_(OPEN_STATES), and_(j.c.state == "running", j.c.lease_until < now)),
                ~busy,
            )
            .values(
                state="running",
                holder=holder,
                lease_until=now + lease,
                attempts=j.c.attempts + 1,
                started_at=now,
                updated_at=now,
            )
        ).rowcount
        if taken != 1:
            return None
        row = connection.execute(select(j).where(j.c.key == key)).one()
    return dict(row._mapping)


def renew(db: Database, key: str, holder: str, lease: timedelta = LEASE) -> None:
    j = table_of(JobRun)
    now = now_utc()
    with db.engine.begin() as connection:
        connection.execute(
            update(j).where(j.c.key == key, j.c.holder == holder).values(lease_until=now + lease, updated_at=now)
        )


def finish(
    db: Database,
    key: str,
    holder: str,
    state: str,
    result: str | None = None,
    error: str | None = None,
    requests: int = 0,
    next_try_at: datetime | None = None,
    lease: timedelta = LEASE,
    counted: bool = True,
) -> None:
    """Record the outcome; a job to try again keeps a lease until shortly after its next try, so
    the sweeper enqueues it if the scheduled retry is lost. A try that is not ``counted`` (the
    database went away under it) is given back, so an outage does not use up the athlete's tries."""
    j = table_of(JobRun)
    now = now_utc()
    with db.engine.begin() as connection:
        connection.execute(
            update(j)
            .where(j.c.key == key, j.c.holder == holder)
            .values(
                state=state,
                result=None if result is None else result[:500],
                error=None if error is None else error[:500],
                requests=j.c.requests + requests,
                attempts=j.c.attempts if counted else j.c.attempts - 1,
                next_try_at=next_try_at,
                lease_until=None if next_try_at is None else next_try_at + QUEUED_LEASE * lease,
                finished_at=now if state in ("done", "failed") else None,
                updated_at=now,
            )
        )


def overdue(db: Database, now: datetime | None = None, lease: timedelta = LEASE) -> list[str]:
    """Jobs nobody is working on that should be: queued or retried but never picked up, or
    running under a lease that ran out. Each is claimed for re-enqueueing by one sweeper only."""
    now = now or now_utc()
    j = table_of(JobRun)
    lapsed = and_(j.c.state.in_((*OPEN_STATES, "running")), j.c.lease_until < now)
    with db.engine.connect() as connection:
        keys = [row.key for row in connection.execute(select(j.c.key).where(lapsed))]
    claimed = []
    for key in keys:
        with db.engine.begin() as connection:
            won = connection.execute(
                update(j)
                .where(j.c.key == key, lapsed)
                .values(state="queued", lease_until=now + QUEUED_LEASE * lease, updated_at=now)
            ).rowcount
        if won == 1:
            claimed.append(key)
    return claimed


def load(db: Database, key: str) -> dict | None:
    j = table_of(JobRun)
    with db.engine.connect() as connection:
        row = connection.execute(select(j).where(j.c.key == key)).first()
    return dict(row._mapping) if row else None
