"""The importers' long fuzz run: 10,000 damaged copies of real files through every importer (FIT,
Garmin JSON, CSV, PMData), every fixture included (large FIT files too).

Prints, per importer: files tried, written, rejected, tracebacks (must be 0), rejected files not
named in what trainer said (must be 0), rejected files that changed the database (must be 0), and
files per second. The suite runs a short seeded version (tests/ingest/test_fuzz.py).

    .venv/bin/python benchmarks/fuzz_importers.py [--fit 2500] [--json 4000] [--csv 2500] [--pmdata 1000] [--seed 1]
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
from tests.ingest.fuzzing import KINDS, Fuzz  # noqa: E402
from trainer.store.athletes import add_athlete  # noqa: E402
from trainer.store.database import open_database  # noqa: E402


def run(kind: str, count: int, seed: int, folder: Path) -> int:
    db = open_database(f"sqlite:///{folder / f'{kind}.db'}")
    fuzz = Fuzz(kind, db, add_athlete(db, "fuzz"), folder, random.Random(seed))
    tally = dict.fromkeys(("written", "rejected", "tracebacks", "unnamed", "changed"), 0)
    started = time.perf_counter()
    for number in range(count):
        try:
            verdict = fuzz.one(number)
        except Exception:  # noqa: BLE001  counted, and the first shown
            tally["tracebacks"] += 1
            if tally["tracebacks"] == 1:
                traceback.print_exc()
            continue
        tally["rejected" if verdict.rejected else "written"] += 1
        tally["unnamed"] += verdict.rejected and not verdict.named
        tally["changed"] += verdict.changed
        for leftover in folder.glob(f"{number}*"):
            leftover.unlink()
        if (number + 1) % 250 == 0:
            print(f"  {kind}: {number + 1}/{count}", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(
        f"{kind}: {count} damaged files: {tally['written']} written, {tally['rejected']} rejected, "
        f"{tally['tracebacks']} tracebacks, {tally['unnamed']} rejected files not named, "
        f"{tally['changed']} rejected files changed the database; {count / seconds:.1f} files/s"
    )
    return tally["tracebacks"] + tally["unnamed"] + tally["changed"]


def main() -> None:
    parser = argparse.ArgumentParser()
    defaults = {"fit": 2500, "json": 4000, "csv": 2500, "pmdata": 1000}
    for kind in KINDS:
        parser.add_argument(f"--{kind}", type=int, default=defaults[kind])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bad = sum(run(kind, getattr(args, kind), args.seed, Path(folder)) for kind in KINDS)
    print(f"all: {sum(getattr(args, kind) for kind in KINDS)} files, {bad} problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
