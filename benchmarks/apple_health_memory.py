"""Apple Health: a 1 GB export imported in bounded memory.

Writes exports in the real ones' shapes (``tests/ingest/apple_health_exports.py``), imports each
in a fresh process (SQLite) and prints its peak memory (max RSS) and time; beside it, the plain
alternative, ``ElementTree.parse`` reading the whole document into memory, on the smaller size
(it needs several times the file's size). Median of ``--runs`` for the import.

    .venv/bin/python benchmarks/apple_health_memory.py [--megabytes 1000] [--plain-megabytes 100] [--runs 1]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.ingest.apple_health_exports import write_export  # noqa: E402

IMPORT = """
import resource, sys, time
from pathlib import Path
from trainer.store.database import open_database
from trainer.store.athletes import add_athlete
from trainer.ingest.apple_health.importer import import_apple_health
db = open_database(sys.argv[2]); athlete = add_athlete(db, "apple")
started = time.perf_counter()
summary = import_apple_health(db, athlete, Path(sys.argv[1]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter() - started, summary.line())
"""
PLAIN = """
import resource, sys, time
from xml.etree import ElementTree
started = time.perf_counter()
tree = ElementTree.parse(sys.argv[1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter() - started, len(tree.getroot()))
"""


def measure(script: str, *args: str) -> tuple[float, float, str]:
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True)
    peak_kb, seconds, *rest = done.stdout.split(maxsplit=2)
    return int(peak_kb) / 1024, float(seconds), " ".join(rest)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=1000)
    parser.add_argument("--plain-megabytes", type=float, default=100)
    parser.add_argument("--runs", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        big, small = Path(folder) / "big.xml", Path(folder) / "small.xml"
        days = write_export(big, date(2000, 1, 1), megabytes=options.megabytes)
        write_export(small, date(2000, 1, 1), megabytes=options.plain_megabytes)
        size = big.stat().st_size / 1e6
        runs = []
        for number in range(options.runs):
            runs.append(measure(IMPORT, str(big), f"sqlite:///{folder}/run{number}.db"))
        peak = statistics.median(r[0] for r in runs)
        seconds = statistics.median(r[1] for r in runs)
        print(f"export: {size:,.0f} MB, {days:,} days; {runs[0][2]}")
        print(f"trainer import apple-health: peak memory {peak:,.0f} MB, {seconds:,.0f} s ({size / seconds:,.0f} MB/s)")
        ours_small = measure(IMPORT, str(small), f"sqlite:///{folder}/small.db")
        plain = measure(PLAIN, str(small))
        print(
            f"on {small.stat().st_size / 1e6:,.0f} MB: trainer {ours_small[0]:,.0f} MB, ElementTree.parse "
            f"{plain[0]:,.0f} MB ({plain[0] / ours_small[0]:.1f} x)"
        )


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:,.0f} s in all)")
