"""The fuzz guard: damaged copies of real files through every importer (FIT, Garmin JSON, CSV,
PMData), one by one.

Every file gets a verdict and no traceback (any exception fails the test: that is the point); a
rejected file is named in every line trainer says about it and leaves the database exactly as it
was. Seeded and bounded; ``benchmarks/fuzz_importers.py`` runs 10,000.
"""

from __future__ import annotations

import random

import pytest

from tests.ingest.fuzzing import Fuzz
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database


@pytest.mark.parametrize(("kind", "count"), [("fit", 200), ("json", 600), ("csv", 300), ("pmdata", 60)])
def test_damaged_files_get_a_verdict_and_a_rejected_one_is_named_and_changes_nothing(tmp_path, kind, count):
    db = open_database(f"sqlite:///{tmp_path / 'fuzz.db'}")
    fuzz = Fuzz(kind, db, add_athlete(db, "ana"), tmp_path, random.Random(20261129), small_fit_only=True)
    verdicts = [fuzz.one(number) for number in range(count)]
    rejected = [v for v in verdicts if v.rejected]
    assert all(v.named for v in rejected), f"{sum(not v.named for v in rejected)} rejected files not named"
    assert not any(v.changed for v in rejected), (
        f"{sum(v.changed for v in rejected)} rejected files changed the database"
    )
    assert count // 20 < len(rejected) < count - count // 20  # the mutations both break and spare files
