"""Which sources each athlete has connected, and the rule for a field two of them give.

Garmin's own value of a day's field stands where intervals.icu (or an Apple Health export) gives
one too, whichever syncs first: the deferring source fills only what Garmin left empty
(``merge.DEFERS_TO``); a field only one gives comes from that one. Activities the two both hold
are recognised as one workout (``merge.recorded_twin``) and counted once. Files imported by hand
(FIT, CSV) overwrite what they give. Sources sync intervals.icu first and Garmin last.
"""

from __future__ import annotations

from sqlalchemy import select

from trainer.ingest.garmin.login_store import athletes_with_login, has_login
from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.models import SourceConnection, table_of

SYNC_ORDER = ("intervals.icu", "garmin")
SOURCE_NAMES = {"intervals.icu": "intervals.icu", "garmin": "Garmin Connect"}


def sources_of(db: Database, athlete_id: int, settings: Settings) -> list[str]:
    """The athlete's connected sources, in the order they are synced."""
    table = table_of(SourceConnection)
    with db.engine.connect() as connection:
        found = set(connection.execute(select(table.c.source).where(table.c.athlete_id == athlete_id)).scalars())
    if has_login(db, athlete_id, settings):
        found.add("garmin")
    return [source for source in SYNC_ORDER if source in found]


def athletes_connected(db: Database, settings: Settings) -> set[int]:
    """Everyone with at least one source connected (an expired login counts: it is a failure to report)."""
    table = table_of(SourceConnection)
    with db.engine.connect() as connection:
        others = set(connection.execute(select(table.c.athlete_id)).scalars())
    return others | athletes_with_login(db, settings)
