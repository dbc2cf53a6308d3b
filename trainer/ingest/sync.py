"""``trainer sync``: the one sync engine every source plugs into (``ingest.source``), resumable and throttled.

A source's kinds are walked as its ``SourceShape`` says: range kinds (Garmin's HRV, stress and
activities; intervals.icu's wellness and activities) in chunks, day kinds a day at a time, and once
kinds (the athlete's zones and figures) once per run. Every raw body is archived before it is
parsed. Each chunk or day is one transaction that also moves that kind's sync state, so a run
that stops (killed, rate limited, logged out) resumes where it stopped and doubles nothing.
A chunk or day whose answer cannot be read (cut short, a web page, a shape trainer does not
know) is archived as it came, counted as failed with the reason, and passed over; every later
run asks for it again first, until it reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, select

from trainer.errors import TrainerError
from trainer.ingest.check_in import import_felt
from trainer.ingest.garmin.source import GARMIN
from trainer.ingest.merge import merge_activities, merge_wellness, store_figures, store_zones
from trainer.ingest.private import make_private, write_private, write_private_text
from trainer.ingest.source import BodyError, LoginExpired, RateLimited, Source, SourceShape, Transient, Unreadable
from trainer.store.database import Database
from trainer.store.models import Athlete, SyncFailure, SyncRun, SyncState, id_of, table_of
from trainer.store.models._base import utc_now
from trainer.store.upsert import upsert

BACKOFF_SECONDS = (1, 2, 4, 8, 16)


class SyncStopped(TrainerError):
    exit_code = 1


@dataclass
class SyncResult:
    requests: int = 0
    days_added: int = 0
    days_updated: int = 0
    activities_added: int = 0
    no_data: int = 0
    failed: list[str] = field(default_factory=list)
    stopped: str | None = None
    needs_login: bool = False  # stopped because the service refused the stored login or key
    warnings: list[str] = field(default_factory=list)
    synced_to: dict[str, date] = field(default_factory=dict)

    def line(self) -> str:
        state = f"stopped: {self.stopped}" if self.stopped else "complete"
        unread = f"; {len(self.failed)} could not be read (tried again next run)" if self.failed else ""
        return (
            f"sync {state}: {self.requests} requests; days {self.days_added} added, {self.days_updated} updated; "
            f"activities {self.activities_added} added; {self.no_data} without data{unread}"
        )


@dataclass
class SyncPlan:
    """What to fetch: the steps earlier runs could not read, then each kind from its start date to ``end``."""

    starts: dict[str, date]
    end: date
    retries: list[tuple[str, date, date]] = field(default_factory=list)
    shape: SourceShape = GARMIN

    def steps(self) -> list[tuple[str, date, date]]:
        ahead = {(kind, start) for kind, start, _ in self._ahead()}
        return [step for step in self.retries if step[:2] not in ahead] + self._ahead()

    def _ahead(self) -> list[tuple[str, date, date]]:
        steps = [(kind, self.end, self.end) for kind in self.shape.once_kinds]
        for kind, start in self.starts.items():
            step = self.shape.chunk_days if kind in self.shape.range_kinds else 1
            day = start
            while day <= self.end:
                last = min(day + timedelta(days=step - 1), self.end)
                steps.append((kind, day, last))
                day = last + timedelta(days=1)
        return steps


def plan_sync(
    db: Database,
    athlete: Athlete,
    today: date,
    days: int | None = None,
    start: date | None = None,
    end: date | None = None,
    shape: SourceShape = GARMIN,
) -> SyncPlan:
    """Explicit dates win; else each kind resumes from its last synced day (that day again, as it
    may have been incomplete); a kind never synced backfills ``days`` (default 30)."""
    end = end or today
    retries = failed_steps(db, id_of(athlete), shape)
    if start is not None:
        return SyncPlan({kind: start for kind in shape.dated_kinds}, end, retries, shape)
    last = synced_dates(db, id_of(athlete))
    backfill_from = end - timedelta(days=(days or 30) - 1)
    starts = {kind: last.get(kind, backfill_from) if days is None else backfill_from for kind in shape.dated_kinds}
    return SyncPlan(starts, end, retries, shape)


def failed_steps(db: Database, athlete_id: int, shape: SourceShape = GARMIN) -> list[tuple[str, date, date]]:
    """The chunks and days earlier runs of this source could not read, oldest first."""
    table = table_of(SyncFailure)
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(table.c.kind, table.c.start_date, table.c.end_date)
            .where(table.c.athlete_id == athlete_id, table.c.kind.in_((*shape.dated_kinds, *shape.once_kinds)))
            .order_by(table.c.start_date, table.c.kind)
        ).all()
    return [(kind, start, end) for kind, start, end in rows]


def synced_dates(db: Database, athlete_id: int) -> dict[str, date]:
    table = table_of(SyncState)
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(table.c.kind, table.c.last_synced_date).where(table.c.athlete_id == athlete_id)
        ).all()
    return {kind: day for kind, day in rows if day is not None}


def run_sync(
    db: Database,
    athlete: Athlete,
    source: Source,
    plan: SyncPlan,
    archive: Path,
    throttle_seconds: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> SyncResult:
    """Fetch, archive (into the athlete's private folder ``archive``), store. Stops cleanly
    (state saved) on repeated 429 or an expired login."""
    shape = plan.shape
    make_private(archive)
    result = SyncResult()
    steps = plan.steps()
    run_id = _start_run(db, id_of(athlete))
    try:
        for number, (kind, start, end) in enumerate(steps, start=1):
            try:
                body = _fetch_with_retries(source, kind, start, end, result, sleep)
            except Unreadable as unreadable:
                _archive_text(archive, kind, start, end, unreadable.text)
                _store_failure(db, id_of(athlete), shape, kind, start, end, unreadable.reason, result)
            else:
                _archive(archive, kind, start, end, body)
                try:
                    _store(db, id_of(athlete), shape, kind, start, end, body, result)
                except (LookupError, TypeError, ValueError, AttributeError, ArithmeticError) as error:
                    # a body of a shape trainer did not foresee: archived above, said, and the sync goes on
                    reason = f"trainer could not read it ({type(error).__name__}: {str(error)[:80]})"
                    _store_failure(db, id_of(athlete), shape, kind, start, end, reason, result)
            if number < len(steps) and throttle_seconds:
                sleep(throttle_seconds)
            if kind not in shape.once_kinds:
                result.synced_to[kind] = max(end, result.synced_to.get(kind, end))
            progress(number, len(steps))
    except RateLimited:
        result.stopped = f"{shape.label} kept answering 429 (too many requests) after 5 retries; {shape.again}"
    except LoginExpired:
        result.stopped, result.needs_login = shape.relogin.format(name=athlete.name), True
    except Transient as error:
        result.stopped = f"{shape.label} did not answer ({error}) after 5 retries; {shape.again}"
    except BaseException:
        result.stopped = "interrupted"
        raise
    finally:
        _finish_run(db, run_id, result)
    return result


def _fetch_with_retries(source: Source, kind: str, start: date, end: date, result: SyncResult, sleep) -> object:
    for attempt in range(len(BACKOFF_SECONDS) + 1):
        try:
            result.requests += 1
            return source.fetch(kind, start, end)
        except (RateLimited, Transient):
            if attempt == len(BACKOFF_SECONDS):
                raise
            sleep(BACKOFF_SECONDS[attempt])
    raise AssertionError("unreachable")


def _archive(folder: Path, kind: str, start: date, end: date, body: object) -> None:
    """Keep the raw body before parsing it (0600 in 0700 folders), so the database can be rebuilt offline."""
    write_private(_archive_path(folder, kind, start, end), body)


def _archive_text(folder: Path, kind: str, start: date, end: date, text: str) -> None:
    """Keep an answer that is not JSON exactly as it came, where its JSON would have gone (a later
    run that reads it replaces it; rebuilding from the archive names the file it cannot read)."""
    write_private_text(_archive_path(folder, kind, start, end), text)


def _archive_path(folder: Path, kind: str, start: date, end: date) -> Path:
    name = start.isoformat() if start == end else f"{start.isoformat()}_{end.isoformat()}"
    return folder / kind / f"{name}.json"


def _store(
    db: Database,
    athlete_id: int,
    shape: SourceShape,
    kind: str,
    start: date,
    end: date,
    body: object,
    result: SyncResult,
) -> None:
    """One transaction: the rows of this chunk and the kind's new sync state. A body trainer
    cannot read is archived, counted in the warnings, and passed over: the sync goes on."""
    try:
        extracted = shape.extract(body, kind) if body is not None else None
    except BodyError as problem:
        _store_failure(db, athlete_id, shape, kind, start, end, str(problem), result)
        return
    with db.engine.begin() as connection:
        _forget_failure(connection, athlete_id, kind, start)
        if extracted is None or extracted.empty:
            result.no_data += 1
        else:
            added, updated, _ = merge_wellness(connection, athlete_id, extracted.wellness, shape.name, result.warnings)
            a_added, _, _ = merge_activities(connection, athlete_id, extracted.activities, result.warnings)
            store_zones(connection, athlete_id, extracted.zones)
            store_figures(connection, athlete_id, extracted.figures, shape.name)
            result.days_added += added
            result.days_updated += updated
            result.activities_added += a_added
        if kind not in shape.once_kinds:
            _move_state(connection, athlete_id, kind, end)
    if extracted is not None and extracted.check_ins:
        import_felt(db, athlete_id, extracted.check_ins, shape.name)


def _store_failure(
    db: Database,
    athlete_id: int,
    shape: SourceShape,
    kind: str,
    start: date,
    end: date,
    reason: str,
    result: SyncResult,
) -> None:
    """One transaction: the failure (a try more if it failed before) and the kind's sync state,
    which moves past it so the days after it still sync."""
    result.failed.append(f"{kind} {_span(start, end)}")
    result.warnings.append(
        f"{kind} {_span(start, end)}: {reason}; kept in the raw archive, not stored; tried again next run"
    )
    table = table_of(SyncFailure)
    with db.engine.begin() as connection:
        tries = (
            connection.execute(
                select(table.c.tries).where(
                    table.c.athlete_id == athlete_id, table.c.kind == kind, table.c.start_date == start
                )
            ).scalar()
            or 0
        )
        upsert(
            connection,
            table,
            [
                {
                    "athlete_id": athlete_id,
                    "kind": kind,
                    "start_date": start,
                    "end_date": end,
                    "reason": reason[:300],
                    "tries": tries + 1,
                    "last_tried_at": utc_now(),
                }
            ],
            ("athlete_id", "kind", "start_date"),
        )
        if kind not in shape.once_kinds:
            _move_state(connection, athlete_id, kind, end)


def _forget_failure(connection, athlete_id: int, kind: str, start: date) -> None:
    table = table_of(SyncFailure)
    connection.execute(
        delete(table).where(table.c.athlete_id == athlete_id, table.c.kind == kind, table.c.start_date == start)
    )


def _move_state(connection, athlete_id: int, kind: str, end: date) -> None:
    """The kind's sync state moves forward only: a retried old day never pulls it back."""
    table = table_of(SyncState)
    current = connection.execute(
        select(table.c.last_synced_date).where(table.c.athlete_id == athlete_id, table.c.kind == kind)
    ).scalar()
    if current is None or end > current:
        upsert(
            connection,
            table,
            [{"athlete_id": athlete_id, "kind": kind, "last_synced_date": end, "updated_at": utc_now()}],
            ("athlete_id", "kind"),
        )


def _span(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start}..{end}"


def _start_run(db: Database, athlete_id: int) -> int:
    with db.engine.begin() as connection:
        inserted = connection.execute(
            table_of(SyncRun).insert().values(athlete_id=athlete_id, started_at=utc_now(), status="running")
        ).inserted_primary_key
        assert inserted is not None
        return inserted[0]


def _finish_run(db: Database, run_id: int, result: SyncResult) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            table_of(SyncRun)
            .update()
            .where(table_of(SyncRun).c.id == run_id)
            .values(
                finished_at=utc_now(),
                status="stopped" if result.stopped else "ok",
                added=result.days_added + result.activities_added,
                updated=result.days_updated,
                skipped=result.no_data,
                failed=len(result.failed),
                requests=result.requests,
                message=result.stopped
                or (f"could not read: {', '.join(result.failed)}"[:1000] if result.failed else None),
            )
        )
