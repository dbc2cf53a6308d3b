"""The morning of many athletes on the real task queue: ``trainer worker`` processes on a real
PostgreSQL against a fake Garmin that is a real HTTP server (300 ms a request, one request at a
time per account, 429 above a rate per address), beside the sequential ``trainer sync --all``
on a sample, in the same run. Prints wall time, requests, 429s and the workers' CPU.

Each athlete last synced yesterday (a normal morning: one request for last night's sleep, then
the dozen of the sync). With the default cap of 4 requests in flight per address and 300 ms per
request, no number of workers can beat requests x 0.3 s / 4: that bound is printed too.

    .venv/bin/python benchmarks/bench_morning.py [--athletes 1000] [--workers 1,2,4] [--sample 20]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.fake_garmin import FakeGarmin  # noqa: E402
from tests.jobs.fleet import Fleet  # noqa: E402
from tests.postgres import PostgresServer, find_bin_dir  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def mornings(server: PostgresServer, athletes: int, processes: int, rate: int) -> dict:
    fake = FakeGarmin(latency=0.3, rate=rate)
    folder = Path(tempfile.mkdtemp(prefix="bench-morning-"))
    fleet = Fleet(server.create_database(f"morning_{processes}"), folder, fake, athletes, lease_seconds=120)
    cpu = children_cpu()
    began = time.monotonic()
    try:
        fleet.start_worker("--processes", str(processes))
        fleet.run_dispatch()
        done = 0
        while True:
            rows = fleet.jobs()
            finished = sum(row["state"] in ("done", "failed") for row in rows)
            if finished != done:
                done = finished
                print(f"\r  {processes} worker processes: {done}/{athletes} mornings", end="", flush=True)
            if len(rows) == athletes and finished == athletes:
                break
            time.sleep(1)
        wall = time.monotonic() - began
    finally:
        fleet.stop()
    print()
    stats = fake.stats()
    fake.stop()
    rows = fleet.jobs()
    return {
        "wall": wall,
        "requests": stats["requests"],
        "rate_limited": stats["rate_limited"],
        "twice": sum(n > 1 for n in stats["zones"].values()),
        "failed": sum(row["state"] == "failed" for row in rows),
        "cpu": children_cpu() - cpu,
    }


def sequential(server: PostgresServer, sample: int) -> dict:
    """``trainer sync --all`` (one athlete after another, 0.5 s between requests) on ``sample`` athletes."""
    fake = FakeGarmin(latency=0.3, rate=1000)
    folder = Path(tempfile.mkdtemp(prefix="bench-sequential-"))
    fleet = Fleet(server.create_database("sequential"), folder, fake, sample)
    began = time.monotonic()
    subprocess.run([sys.executable, "-m", "trainer", "sync", "--all"], env=fleet.env, cwd=ROOT, capture_output=True)
    wall = time.monotonic() - began
    stats = fake.stats()
    fake.stop()
    return {"wall": wall, "requests": stats["requests"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--athletes", type=int, default=1000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--rate", type=int, default=20, help="requests per second per address before Garmin says 429")
    args = parser.parse_args()
    server = PostgresServer(find_bin_dir())
    server.start()
    try:
        line = sequential(server, args.sample)
        per = line["wall"] / args.sample
        print(
            f"sequential trainer sync --all, {args.sample} athletes: {line['wall']:.1f} s ({per:.1f} s an athlete, "
            f"{line['requests'] / args.sample:.1f} requests each) -> {args.athletes} athletes about "
            f"{per * args.athletes / 60:.0f} min"
        )
        for processes in (int(w) for w in args.workers.split(",")):
            found = mornings(server, args.athletes, processes, args.rate)
            bound = found["requests"] * 0.3 / 4
            print(
                f"{processes} worker processes x 8 jobs, cap 4 requests in flight: {args.athletes} mornings in "
                f"{found['wall'] / 60:.1f} min ({found['wall']:.0f} s; the cap's bound {bound:.0f} s); "
                f"{found['requests']} requests, {found['rate_limited']} answered 429, {found['twice']} athletes "
                f"synced twice, {found['failed']} failed; workers' CPU {found['cpu']:.0f} s; "
                f"{found['wall'] and per * args.athletes / found['wall']:.1f}x the sequential path"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
