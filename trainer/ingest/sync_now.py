"""One call for the local app's "sync now" button: sync whatever the athlete has connected
(intervals.icu first, Garmin last: ``ingest.connected``), said in one paragraph."""

from __future__ import annotations

from datetime import date

from trainer.errors import TrainerError
from trainer.ingest.garmin import session
from trainer.ingest.garmin.login_store import has_login
from trainer.ingest.garmin.source import ConnectSource
from trainer.ingest.intervals.connection import connected
from trainer.ingest.intervals.sync import sync_intervals
from trainer.ingest.private import archive_dir
from trainer.ingest.sync import plan_sync, run_sync
from trainer.settings import Settings
from trainer.store.database import Database, ReadOnlyError
from trainer.store.models import Athlete, id_of


def sync_now(
    db: Database, athlete: Athlete, today: date | None = None, client_class=None, throttle_seconds: float = 0.5
) -> str:
    """Sync and say what happened; refused on a read-only (published) database."""
    if db.read_only:
        raise ReadOnlyError()
    settings, today = Settings.from_env(), today or date.today()
    with_intervals = connected(db, id_of(athlete))
    if not with_intervals and not has_login(db, id_of(athlete), settings):
        return f"Nothing is connected for {athlete.name} yet: log in to Garmin or connect intervals.icu below."
    said = []
    if with_intervals:
        try:
            said.append(
                "intervals.icu " + in_app_words(sync_intervals(db, athlete, today, settings).line(), athlete.name)
            )
        except TrainerError as error:
            said.append(str(error))
    if has_login(db, id_of(athlete), settings):
        said.append(_garmin(db, athlete, today, client_class, throttle_seconds))
    return " ".join(said)


def _garmin(db: Database, athlete: Athlete, today: date, client_class, throttle_seconds: float) -> str:
    try:
        with session.login_held(db, athlete, client_class=client_class) as held:  # one use at a time (a worker too)
            client = held.client()
            plan = plan_sync(db, athlete, today)
            result = run_sync(
                db, athlete, ConnectSource(client), plan, archive_dir(id_of(athlete)), throttle_seconds=throttle_seconds
            )
    except session.NeedsLogin as needed:
        return needed.in_words
    except TrainerError as error:
        return str(error)
    return in_app_words(result.line(), athlete.name)


def in_app_words(line: str, name: str) -> str:
    """The sync's summary as the app says it: what to do there, not what to type."""
    return (
        line.replace(f"run `trainer garmin login --athlete {name}`", "log in to Garmin below")
        .replace(
            f"run `trainer intervals connect --athlete {name}` with a new one", "connect intervals.icu again below"
        )
        .replace("run the same command later to resume", "press Sync again later to carry on where it stopped")
    )
