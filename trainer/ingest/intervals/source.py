"""intervals.icu as a source of the sync engine (``ingest.sync``): wellness and activities in
28-day chunks, and each new activity's original FIT file after them.

An activity intervals.icu has the original file of (``file_type`` fit) is also read from that file
(``import_originals``): its power, best efforts and heart-rate load join the summary's row (the
shared write path recognises the two as one workout), and the file is kept in the raw archive.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from trainer.ingest.intervals.bodies import ACTIVITIES, WELLNESS, extract_body
from trainer.ingest.intervals.client import IntervalsClient
from trainer.ingest.source import SourceShape

SOURCE = "intervals.icu"
INTERVALS = SourceShape(
    name=SOURCE,
    label="intervals.icu",
    day_kinds=(),
    range_kinds=(WELLNESS, ACTIVITIES),
    once_kinds=(),
    chunk_days=28,
    extract=extract_body,
    again="run the same command later to resume",
    relogin="intervals.icu refused the stored API key: run `trainer intervals connect --athlete {name}` with a new one",
)
GZIP = b"\x1f\x8b"


class IntervalsSource:
    """The athlete's bodies, fetched with their key; remembers which activities have an original FIT file."""

    def __init__(self, client: IntervalsClient) -> None:
        self.client = client
        self.with_files: list[str] = []

    def fetch(self, kind: str, start: date, end: date) -> object:
        path = {WELLNESS: "/athlete/0/wellness", ACTIVITIES: "/athlete/0/activities"}[kind]
        body = self.client.get(path, oldest=start.isoformat(), newest=end.isoformat())
        if kind == ACTIVITIES and isinstance(body, list):
            self.with_files += [
                str(item["id"]) for item in body if isinstance(item, dict) and item.get("file_type") == "fit"
            ]
        return body

    def original(self, activity_id: str) -> bytes | None:
        """The activity's original file as uploaded (intervals.icu may send it gzipped)."""
        import gzip

        content = self.client.get_bytes(f"/activity/{activity_id}/file")
        if content and content[:2] == GZIP:
            content = gzip.decompress(content)
        return content


def fit_archive_path(archive: Path, activity_id: str) -> Path:
    return archive / "intervals.files" / f"{activity_id}.fit"
