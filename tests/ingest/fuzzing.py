"""One damaged file through one importer, and its verdict: the fuzz guard (tests/ingest/test_fuzz.py)
and its 10,000-file run (benchmarks/fuzz_importers.py) share it.

Every importer: FIT, Garmin JSON, CSV (wellness, readiness and activities, whose seeds are rows of
the real PMData participant p01 written as trainer's CSV) and PMData (a copy of participant p12,
the smallest, with one of its files damaged). A verdict says whether the file was written or
rejected, whether a rejected file was named in what trainer said, and whether it changed the
database (a rejected file must not)."""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from sqlalchemy import inspect, text

from tests.ingest.mutations import mutated
from trainer.errors import InputError
from trainer.ingest.csv_import import import_csv
from trainer.ingest.fit_import import import_fit
from trainer.ingest.garmin_json import import_garmin_json
from trainer.ingest.pmdata import import_pmdata

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KINDS = ("fit", "json", "csv", "pmdata")


@dataclass(frozen=True)
class Verdict:
    rejected: bool
    named: bool  # a rejected file: named in every line trainer said about it
    changed: bool  # a rejected file: changed the database (must not)


def row_counts(db) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            name: connection.execute(text(f"SELECT count(*) FROM {name}")).scalar()
            for name in inspect(db.engine).get_table_names()
            if name != "alembic_version"
        }


def csv_seeds() -> dict[str, str]:
    """Trainer's three CSV kinds, from PMData p01's own rows (real values, trainer's columns)."""
    p01 = FIXTURES / "pmdata" / "p01"
    answers = pl.read_csv(p01 / "pmsys" / "wellness.csv").head(40)
    readiness = answers.select(
        pl.col("effective_time_frame").str.slice(0, 10).alias("date"),
        "readiness",
        "fatigue",
        "mood",
        "soreness",
        "stress",
        "sleep_quality",
    ).unique("date", keep="first")
    resting = json.loads((p01 / "fitbit" / "resting_heart_rate.json").read_text())[:40]
    wellness = pl.DataFrame(
        {"date": [r["dateTime"][:10] for r in resting], "resting_hr": [round(r["value"]["value"], 1) for r in resting]}
    ).filter(pl.col("resting_hr") > 25)
    sessions = pl.read_csv(p01 / "pmsys" / "srpe.csv").head(30)
    activities = sessions.select(
        pl.col("end_date_time").str.slice(0, 10).alias("date"),
        pl.lit("run").alias("sport"),
        pl.col("duration_min").alias("minutes"),
        pl.col("perceived_exertion").alias("rpe"),
    )
    return {"wellness": wellness.write_csv(), "readiness": readiness.write_csv(), "activities": activities.write_csv()}


class Fuzz:
    """Damaged files of one kind, one at a time, into ``db`` for ``athlete``."""

    def __init__(self, kind: str, db, athlete, folder: Path, rng: random.Random, small_fit_only: bool = False) -> None:
        self.kind, self.db, self.athlete, self.folder, self.rng = kind, db, athlete, folder, rng
        if kind == "fit":
            fits = sorted((FIXTURES / "fit").glob("*.fit"))
            self.sources = [p for p in fits if p.stat().st_size < 60_000] if small_fit_only else fits
        elif kind == "json":
            self.sources = sorted((FIXTURES / "garmin_json").glob("*.json"))
        self.seeds = csv_seeds() if kind == "csv" else {}

    def one(self, number: int) -> Verdict:
        before = row_counts(self.db)
        rejected, named = getattr(self, f"_{self.kind}")(number)
        return Verdict(rejected, named, rejected and row_counts(self.db) != before)

    def _fit(self, number: int) -> tuple[bool, bool]:
        path = self._damaged(self.rng.choice(self.sources), f"{number}.fit", "fit")
        summary = import_fit(self.db, self.athlete, [path])
        return summary.rejected == 1, _all_name(summary.warnings, path)

    def _json(self, number: int) -> tuple[bool, bool]:
        path = self._damaged(self.rng.choice(self.sources), f"{number}.json", "json")
        summary = import_garmin_json(self.db, self.athlete.id, [path])
        return summary.failed == 1 or summary.unknown == 1, _all_name(summary.warnings, path)

    def _csv(self, number: int) -> tuple[bool, bool]:
        kind = self.rng.choice(sorted(self.seeds))
        path = self.folder / f"{number}-{kind}.csv"
        path.write_bytes(mutated("csv", self.seeds[kind].encode(), self.rng))
        try:
            report = import_csv(self.db, self.athlete.id, path, kind)  # type: ignore[arg-type]
        except InputError as refused:
            return True, str(refused).startswith(f"{path}: ")
        # the command line prints each problem as "<file>: line N, column C: reason"
        return bool(report.problems), all(problem.startswith("line ") for problem in report.problems)

    def _pmdata(self, number: int) -> tuple[bool, bool]:
        root = self.folder / f"pmdata-{number}"
        participant = root / "p12"
        shutil.copytree(FIXTURES / "pmdata" / "p12", participant)
        victim = self.rng.choice(sorted(p for p in participant.rglob("*") if p.is_file()))
        victim.write_bytes(mutated("json" if victim.suffix == ".json" else "csv", victim.read_bytes(), self.rng))
        said = import_pmdata(self.db, root)["p12"]
        shutil.rmtree(root)
        return "error" in said, str(participant) in said.get("error", str(participant))

    def _damaged(self, source: Path, name: str, kind: str) -> Path:
        path = self.folder / name
        path.write_bytes(mutated(kind, source.read_bytes(), self.rng))
        return path


def _all_name(warnings: list[str], path: Path) -> bool:
    return all(str(path) in warning for warning in warnings)
