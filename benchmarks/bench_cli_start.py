"""How long a `trainer` command takes to start, against Python itself starting in the same venv.

Each command runs as a new process (as a person or cron runs it), on a demo database; medians of
seven runs. A command imports what it needs when it runs, so the start-up left is Python, typer,
and for a command that opens the database SQLAlchemy, SQLModel and polars.

    .venv/bin/python benchmarks/bench_cli_start.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAINER = [sys.executable, "-m", "trainer"]


def median_s(command: list[str], env: dict, repeat: int = 7) -> float:
    subprocess.run(command, env=env, capture_output=True, check=False)  # warm the file cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    env = {**os.environ, "TRAINER_DATABASE_URL": f"sqlite:///{folder / 'trainer.db'}"}
    subprocess.run([*TRAINER, "demo", "--end", "2026-11-24"], env=env, capture_output=True, check=True)
    plain = median_s([sys.executable, "-c", "pass"], env)
    rows = [
        ("python -c pass (the plain alternative)", plain),
        ("python -c 'import typer'", median_s([sys.executable, "-c", "import typer"], env)),
        ("trainer --help", median_s([*TRAINER, "--help"], env)),
        ("trainer import fit --help", median_s([*TRAINER, "import", "fit", "--help"], env)),
        ("trainer athlete list", median_s([*TRAINER, "athlete", "list"], env)),
    ]
    print(f"{'command':<42} {'median':>8} {'x python':>9}")
    for name, seconds in rows:
        print(f"{name:<42} {seconds:>6.2f} s {seconds / plain:>8.1f}x")


if __name__ == "__main__":
    main()
