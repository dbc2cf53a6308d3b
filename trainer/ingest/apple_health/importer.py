"""``trainer import apple-health``: an Apple Health export into the athlete's days and workouts.

Read as a stream (``export``), then written through the shared write path (``ingest.merge``) in
batches, one transaction each: a run stopped half-way keeps the batches it wrote, and importing
the same export again changes nothing (days merge field by field, workouts are keyed by their
kind and start). Workouts with an average heart rate get a Banister TRIMP load, as other files
without Garmin's load do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trainer.ingest.apple_health.export import ExportContents, read_export, utc
from trainer.ingest.fit.activities import HeartRateBasis
from trainer.ingest.heart_rate_basis import heart_rate_basis
from trainer.ingest.merge import merge_activities, merge_wellness
from trainer.scoring.load import banister_trimp_from_average
from trainer.store.database import Database
from trainer.store.models import Athlete, id_of

SOURCE = "apple_health"
BATCH = 500  # days or workouts per transaction


@dataclass
class AppleSummary:
    records: int = 0
    days_added: int = 0
    days_updated: int = 0
    days_unchanged: int = 0
    workouts_added: int = 0
    workouts_updated: int = 0
    workouts_unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.records:,} records read: days {self.days_added} added, {self.days_updated} updated, "
            f"{self.days_unchanged} unchanged; workouts {self.workouts_added} added, {self.workouts_updated} "
            f"updated, {self.workouts_unchanged} unchanged"
        )


def import_apple_health(
    db: Database, athlete: Athlete, path: Path, progress: Callable[[int, int], None] = lambda _d, _t: None
) -> AppleSummary:
    """Read the export at ``path`` and write it; raises ``ExportUnreadable`` (nothing written) when it is no export."""
    contents = read_export(path, progress)
    summary = AppleSummary(records=contents.records)
    summary.warnings += [f"{path}: {line}: left out" for line in contents.skipped_lines()]
    days = contents.days()
    for start in range(0, len(days), BATCH):
        with db.engine.begin() as connection:
            counts = merge_wellness(connection, id_of(athlete), days[start : start + BATCH], SOURCE, summary.warnings)
        summary.days_added, summary.days_updated, summary.days_unchanged = (
            a + b for a, b in zip((summary.days_added, summary.days_updated, summary.days_unchanged), counts)
        )
    rows = workout_rows(contents, heart_rate_basis(db, athlete, days[-1]["date"] if days else date.today()))
    for start in range(0, len(rows), BATCH):
        with db.engine.begin() as connection:
            counts = merge_activities(connection, id_of(athlete), rows[start : start + BATCH], summary.warnings)
        summary.workouts_added, summary.workouts_updated, summary.workouts_unchanged = (
            a + b
            for a, b in zip((summary.workouts_added, summary.workouts_updated, summary.workouts_unchanged), counts)
        )
    return summary


def workout_rows(contents: ExportContents, basis: HeartRateBasis) -> list[dict]:
    """Activity rows of the export's workouts; a workout's identity is its kind and start."""
    rows = []
    for w in contents.workouts:
        trimp = (
            banister_trimp_from_average(w["avg_hr"], w["minutes"], basis.rest, basis.max, basis.sex)
            if w["avg_hr"]
            else None
        )
        rows.append(
            {
                "source": SOURCE,
                "source_id": f"{w['kind']}:{utc(w['start']).isoformat()}",
                "sport": w["sport"],
                "name": w["kind"] or "workout",
                "start_time": utc(w["start"]),
                "local_date": w["start"].date(),
                "duration_s": round(w["minutes"] * 60, 3),
                "elapsed_s": round((w["end"] - w["start"]).total_seconds(), 3),
                "distance_m": w["distance_m"],
                "calories": None if w["calories"] is None else round(w["calories"], 1),
                "avg_hr": w["avg_hr"],
                "max_hr": w["max_hr"],
                "load": None if trimp is None else round(trimp, 3),
                "load_source": "trimp" if trimp is not None else None,
                "fallback_load": None if trimp is None else round(trimp, 3),
                "fallback_kind": "trimp" if trimp is not None else None,
            }
        )
    return rows
