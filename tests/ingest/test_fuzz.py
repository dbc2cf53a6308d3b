"""The fuzz guard: damaged copies of the real FIT and Garmin JSON fixtures, imported one by one.

Every file gets a verdict and no traceback; a file that is rejected leaves the database exactly as
it was. Seeded, bounded to well under a minute; ``benchmarks/fuzz_importers.py`` runs thousands.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from tests.ingest.mutations import mutated
from trainer.ingest.fit_import import import_fit
from trainer.ingest.garmin_json import import_garmin_json
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SMALL_FIT = sorted(path for path in (FIXTURES / "fit").glob("*.fit") if path.stat().st_size < 60_000)
JSON = sorted((FIXTURES / "garmin_json").glob("*.json"))


def row_counts(db) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            name: connection.execute(text(f"SELECT count(*) FROM {name}")).scalar()
            for name in inspect(db.engine).get_table_names()
            if name != "alembic_version"
        }


@pytest.fixture
def athlete_db(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'fuzz.db'}")
    return db, add_athlete(db, "ana")


@pytest.mark.parametrize(("kind", "sources", "count"), [("fit", SMALL_FIT, 200), ("json", JSON, 600)])
def test_damaged_files_get_a_verdict_and_a_rejected_one_changes_nothing(athlete_db, tmp_path, kind, sources, count):
    db, ana = athlete_db
    rng = random.Random(20261129)
    verdicts = {"written": 0, "rejected": 0}
    for number in range(count):
        source = rng.choice(sources)
        path = tmp_path / f"m{number}.{kind}"
        path.write_bytes(mutated(kind, source.read_bytes(), rng))
        before = row_counts(db)
        if kind == "fit":
            summary = import_fit(db, ana, [path])  # any exception fails the test: that is the point
            rejected = summary.rejected == 1
        else:
            summary = import_garmin_json(db, ana.id, [path])
            rejected = summary.failed == 1 or summary.unknown == 1
        assert summary.files == 1
        if rejected:
            assert row_counts(db) == before, f"{path.name} (from {source.name}) was rejected but changed the database"
            assert all(str(path) in warning for warning in summary.warnings)
        verdicts["rejected" if rejected else "written"] += 1
    assert (
        verdicts["rejected"] > count // 20 and verdicts["written"] > count // 20
    )  # the mutations both break and spare files
