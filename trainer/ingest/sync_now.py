"""One call for the local app's "sync now" button: sync an athlete with their stored login."""

from __future__ import annotations

from datetime import date

from trainer.errors import TrainerError
from trainer.ingest.garmin import session
from trainer.ingest.garmin.source import ConnectSource
from trainer.ingest.private import archive_dir
from trainer.ingest.sync import plan_sync, run_sync
from trainer.store.database import Database, ReadOnlyError
from trainer.store.models import Athlete, id_of


def sync_now(
    db: Database, athlete: Athlete, today: date | None = None, client_class=None, throttle_seconds: float = 0.5
) -> str:
    """Sync and say what happened in one sentence; refused on a read-only (published) database."""
    if db.read_only:
        raise ReadOnlyError()
    try:
        with session.login_held(db, athlete, client_class=client_class) as held:  # one use at a time (a worker too)
            client = held.client()
            plan = plan_sync(db, athlete, today or date.today())
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
    return line.replace(f"run `trainer garmin login --athlete {name}`", "log in to Garmin below").replace(
        "run the same command later to resume", "press Sync again later to carry on where it stopped"
    )
