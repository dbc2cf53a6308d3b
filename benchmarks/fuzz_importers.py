"""The importers' long fuzz run: thousands of damaged copies of every real FIT and Garmin JSON fixture.

Prints, per kind: files tried, written, rejected, tracebacks (must be 0), rejected files that
changed the database (must be 0), and files per second. The suite runs a short seeded version
(tests/ingest/test_fuzz.py); this one takes every fixture, large files included.

    .venv/bin/python benchmarks/fuzz_importers.py [--fit 1000] [--json 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.ingest.mutations import mutated  # noqa: E402
from tests.ingest.test_fuzz import row_counts  # noqa: E402
from trainer.ingest.fit_import import import_fit  # noqa: E402
from trainer.ingest.garmin_json import import_garmin_json  # noqa: E402
from trainer.store.athletes import add_athlete  # noqa: E402
from trainer.store.database import open_database  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def run(kind: str, count: int, seed: int, folder: Path) -> int:
    sources = sorted((FIXTURES / ("fit" if kind == "fit" else "garmin_json")).glob(f"*.{kind}"))
    db = open_database(f"sqlite:///{folder / f'{kind}.db'}")
    athlete = add_athlete(db, "fuzz")
    rng, tally, started = (
        random.Random(seed),
        {"written": 0, "rejected": 0, "tracebacks": 0, "changed": 0},
        time.perf_counter(),
    )
    for number in range(count):
        source = rng.choice(sources)
        path = folder / f"{kind}-{number}.{kind}"
        path.write_bytes(mutated(kind, source.read_bytes(), rng))
        before = row_counts(db)
        try:
            summary = import_fit(db, athlete, [path]) if kind == "fit" else import_garmin_json(db, athlete.id, [path])
        except Exception:  # noqa: BLE001  counted, and shown once
            tally["tracebacks"] += 1
            if tally["tracebacks"] == 1:
                traceback.print_exc()
            continue
        rejected = summary.rejected == 1 if kind == "fit" else (summary.failed == 1 or summary.unknown == 1)
        tally["rejected" if rejected else "written"] += 1
        tally["changed"] += rejected and row_counts(db) != before
        path.unlink()
        if (number + 1) % 100 == 0:
            print(f"  {kind}: {number + 1}/{count}", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(
        f"{kind}: {count} damaged files: {tally['written']} written, {tally['rejected']} rejected, "
        f"{tally['tracebacks']} tracebacks, {tally['changed']} rejected files changed the database; "
        f"{count / seconds:.1f} files/s"
    )
    return tally["tracebacks"] + tally["changed"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fit", type=int, default=1000)
    parser.add_argument("--json", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bad = run("fit", args.fit, args.seed, Path(folder)) + run("json", args.json, args.seed, Path(folder))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
