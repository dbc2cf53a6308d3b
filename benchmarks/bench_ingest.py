"""Ingest speed: rebuilding two years of one athlete from the raw Garmin archive, importing the
1 MB triathlon FIT file and an archive of 500 activities, and how many requests a sync needs
(counted, not timed).

FIT imports are timed with fitfast (the native decoder) and, in the same process, with fitdecode
alone (the plain alternative, as without the ``fast`` extra). Targets: rebuild <= 10 s; the
triathlon FIT <= 0.3 s end to end (issue 24); requests no more than the data needs.

    .venv/bin/python benchmarks/bench_ingest.py [--archive N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from trainer.demo.generator import generate  # noqa: E402
from trainer.demo.profiles import MARATHONER  # noqa: E402
from trainer.ingest.fit_import import import_fit  # noqa: E402
from trainer.ingest.garmin_json import import_garmin_json, json_files  # noqa: E402
from trainer.ingest.sync import plan_sync, run_sync  # noqa: E402
from trainer.store.athletes import add_athlete  # noqa: E402
from trainer.store.database import open_database  # noqa: E402
from trainer.store.loaders import load_wellness  # noqa: E402

END = date(2026, 11, 24)
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "fit"
TRIATHLON = FIXTURES / "triathlon_garmin-fenix2_hr_gps_2015-08-29.fit"


class DemoConnect:
    """Serves two years of the demo marathoner in Garmin Connect's shapes, counting requests."""

    def __init__(self):
        data = generate(MARATHONER, END, days=731)
        self.days = {row["date"]: row for row in data.wellness.to_dicts()}
        self.requests = 0

    def fetch(self, kind, start, end):
        self.requests += 1
        days = [
            self.days[start + timedelta(days=i)]
            for i in range((end - start).days + 1)
            if start + timedelta(days=i) in self.days
        ]
        if kind == "hrv":
            return {
                "hrvSummaries": [
                    {
                        "calendarDate": d["date"].isoformat(),
                        "lastNightAvg": d["hrv_ms"],
                        "status": d["hrv_status"],
                        "baseline": {"balancedLow": d["hrv_baseline_low"], "balancedUpper": d["hrv_baseline_high"]},
                    }
                    for d in days
                    if d["hrv_ms"] is not None
                ]
            }
        if kind == "stress":
            return [
                {
                    "calendarDate": d["date"].isoformat(),
                    "values": {"overallStressLevel": d["stress_level"] if d["stress_level"] is not None else -1},
                }
                for d in days
            ]
        if kind == "activities":
            return []
        day = days[0] if days else None
        if day is None:
            return None
        if kind == "sleep":
            return {
                "dailySleepDTO": {
                    "calendarDate": day["date"].isoformat(),
                    "sleepTimeSeconds": None if day["sleep_minutes"] is None else day["sleep_minutes"] * 60,
                    "sleepScores": {"overall": {"value": day["sleep_score"]}},
                }
            }
        if kind == "heart_rate":
            return {
                "calendarDate": day["date"].isoformat(),
                "restingHeartRate": day["resting_hr"],
                "heartRateValues": [],
            }
        return []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--archive", type=int, default=500, help="activities in the archive import")
    archive = parser.parse_args().archive
    triathlon: dict[str, float] = {}
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-ingest-"))
    db = open_database(f"sqlite:///{work / 'synced.db'}")
    athlete = add_athlete(db, "bench")
    source = DemoConnect()
    plan = plan_sync(db, athlete, END, days=731)
    start = time.perf_counter()
    run_sync(db, athlete, source, plan, work / "raw", throttle_seconds=0)
    print(
        f"sync of 731 days (network replaced): {source.requests} requests = {len(plan.steps())} planned (zones once "
        f"+ 3 range kinds x {-(-731 // 28)} chunks of 28 days + 4 day kinds x 731 days), "
        f"{time.perf_counter() - start:.1f} s"
    )
    incremental = plan_sync(db, athlete, END + timedelta(days=1))
    print(f"next day's incremental sync: {len(incremental.steps())} requests")
    files = json_files([work / "raw"])  # run_sync archives into the folder it is given
    rebuild_times = []
    for run in range(3):
        fresh = open_database(f"sqlite:///{work / f'rebuilt{run}.db'}")
        target = add_athlete(fresh, "bench")
        start = time.perf_counter()
        summary = import_garmin_json(fresh, target.id, files)
        rebuild_times.append(time.perf_counter() - start)
    same = load_wellness(fresh).drop("athlete_id").equals(load_wellness(db).drop("athlete_id"))
    print(
        f"rebuild two years from the raw archive ({len(files)} files, {summary.added} days): median "
        f"{statistics.median(rebuild_times):.2f} s (target <= 10 s); identical to the synced database: {same}"
    )
    for decoder in ("fitfast", "fitdecode"):
        with decoded_by(decoder):
            fit_times = []
            for run in range(5):
                fresh = open_database(f"sqlite:///{work / f'fit-{decoder}{run}.db'}")
                rider = add_athlete(fresh, "rider", max_hr=190, resting_hr=50)
                start = time.perf_counter()
                import_fit(fresh, rider, [TRIATHLON])
                fit_times.append(time.perf_counter() - start)
        triathlon[decoder] = statistics.median(fit_times)
        print(
            f"import the 1 MB triathlon FIT ({TRIATHLON.stat().st_size / 1e6:.2f} MB, 8 activities) with {decoder}: "
            f"median {triathlon[decoder]:.2f} s" + (" (target <= 0.3 s)" if decoder == "fitfast" else "")
        )
    print(f"  fitfast {triathlon['fitdecode'] / triathlon['fitfast']:.1f}x faster end to end")
    archive_import(work, archive)
    shutil.rmtree(work, ignore_errors=True)


@contextmanager
def decoded_by(decoder: str):
    """fitfast as installed, or hidden so that every file goes to fitdecode."""
    hidden = decoder == "fitdecode"
    saved = sys.modules.get("fitfast")
    if hidden:
        sys.modules["fitfast"] = None  # type: ignore[assignment]  # import fitfast now fails
    try:
        yield
    finally:
        if hidden:
            if saved is None:
                del sys.modules["fitfast"]
            else:
                sys.modules["fitfast"] = saved


def archive_import(work: Path, activities: int) -> None:
    """An archive of ``activities`` real activity files: the fixtures' activities, once per athlete
    (an activity is known by its file and athlete), as an athlete's first import of their history."""
    files = [path for path in sorted(FIXTURES.glob("*.fit")) if not path.name.startswith(("monitoring", "CORRUPT"))]
    rounds = -(-activities // len(files))
    times = {}
    for decoder in ("fitfast", "fitdecode"):
        fresh = open_database(f"sqlite:///{work / f'archive-{decoder}.db'}")
        riders = [add_athlete(fresh, f"rider{n}", max_hr=190, resting_hr=50) for n in range(rounds)]
        with decoded_by(decoder):
            start = time.perf_counter()
            for rider in riders:
                import_fit(fresh, rider, files)
            times[decoder] = time.perf_counter() - start
        print(
            f"an archive of {rounds * len(files)} activity files ({rounds} x the {len(files)} fixtures) "
            f"with {decoder}: {times[decoder]:.1f} s ({rounds * len(files) / times[decoder]:.1f} files/s)"
        )
    print(f"  fitfast {times['fitdecode'] / times['fitfast']:.1f}x faster")


if __name__ == "__main__":
    main()
