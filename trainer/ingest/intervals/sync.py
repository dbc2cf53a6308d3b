"""One intervals.icu sync of one athlete, through the shared engine: the key opened, a fresh client
for this run, the kinds walked (``INTERVALS``), then the original FIT files of new activities."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from trainer.ingest.fit_import import import_fit
from trainer.ingest.intervals.client import IntervalsClient
from trainer.ingest.intervals.connection import NotConnected, stored_key
from trainer.ingest.intervals.source import INTERVALS, SOURCE, IntervalsSource, fit_archive_path
from trainer.ingest.private import archive_dir, write_private_bytes
from trainer.ingest.source import LoginExpired, RateLimited, Source, Transient, Unreadable
from trainer.ingest.sync import SyncResult, plan_sync, run_sync
from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.models import Athlete, id_of


def sync_intervals(
    db: Database,
    athlete: Athlete,
    today: date,
    settings: Settings,
    days: int | None = None,
    start: date | None = None,
    end: date | None = None,
    gated: Callable[[IntervalsSource], Source] = lambda source: source,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    sleep: Callable[[float], None] = time.sleep,
) -> SyncResult:
    """Sync the athlete's intervals.icu data; ``gated`` wraps the source in a worker's address gate."""
    found = stored_key(db, id_of(athlete), settings)
    if found is None:
        raise NotConnected(f"{athlete.name} has not connected intervals.icu: run trainer intervals connect first")
    archive = archive_dir(id_of(athlete), settings, SOURCE)
    with IntervalsClient(settings.intervals_url, found[0]) as client:
        source = IntervalsSource(client)
        plan = plan_sync(db, athlete, today, days=days, start=start, end=end, shape=INTERVALS)
        result = run_sync(db, athlete, gated(source), plan, archive, throttle_seconds=0, sleep=sleep, progress=progress)
        if result.stopped is None:
            import_originals(db, athlete, source, archive, result)
    return result


def import_originals(db: Database, athlete: Athlete, source: IntervalsSource, archive, result: SyncResult) -> None:
    """Each new activity's original FIT file, kept in the archive and read like an imported file; one
    intervals.icu could not send is said, and asked for again when a later sync lists its activity."""
    for activity_id in dict.fromkeys(source.with_files):
        path = fit_archive_path(archive, activity_id)
        missing = path.with_suffix(".missing")  # intervals.icu had no file after all: not asked again
        if path.exists() or missing.exists():
            continue
        try:
            content = source.original(activity_id)
        except (RateLimited, Transient, Unreadable, LoginExpired) as error:
            result.warnings.append(f"the original file of activity {activity_id} did not come ({type(error).__name__})")
            return
        result.requests += 1
        if not content:
            write_private_bytes(missing, b"")
            continue
        write_private_bytes(path, content)
        summary = import_fit(db, athlete, [path])
        result.warnings += summary.warnings
