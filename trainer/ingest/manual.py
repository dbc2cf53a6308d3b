"""Entries typed by hand: a workout, or the morning's perceived readiness."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from trainer.ingest.merge import merge_activities
from trainer.scoring.load import session_rpe_load
from trainer.store.database import Database
from trainer.store.models import Athlete, id_of


def workout_load(minutes: float, rpe: float | None) -> tuple[float | None, str | None]:
    """Session RPE (CR-10 x minutes) when an RPE is given; otherwise the load is unknown."""
    return (session_rpe_load(rpe, minutes), "srpe") if rpe is not None else (None, None)


def log_workout(
    db: Database,
    athlete: Athlete,
    day: date,
    sport: str,
    minutes: float,
    rpe: float | None = None,
    avg_hr: float | None = None,
) -> dict:
    """Store a manual workout. With an average HR the load is Banister TRIMP; else session RPE.
    The same entry twice is one workout."""
    from trainer.errors import TrainerError
    from trainer.ingest.heart_rate_basis import DEFAULT_REST_HR
    from trainer.ingest.plausible import EARLIEST, plausible_day
    from trainer.scoring.load import banister_trimp_from_average

    if not plausible_day(day):  # the importers' rule: said, not silently dropped by the merge
        raise TrainerError(
            f"date {day}: not a plausible day for a workout (from {EARLIEST} to tomorrow); nothing logged"
        )

    if avg_hr is not None:
        rest = athlete.resting_hr or DEFAULT_REST_HR
        hr_max = athlete.max_hr or (208 - 0.7 * (day.year - athlete.birth_year) if athlete.birth_year else 190)
        load: float | None = banister_trimp_from_average(avg_hr, minutes, rest, hr_max, athlete.sex)
        source: str | None = "trimp"
    else:
        load, source = workout_load(minutes, rpe)
    row = {
        "source": "manual",
        "source_id": f"{athlete.id}:{day}:{sport}:{minutes:g}:{rpe}:{avg_hr}",
        "sport": sport,
        "name": f"{sport} (manual)",
        "start_time": datetime.combine(day, time(12), tzinfo=UTC),
        "local_date": day,
        "duration_s": minutes * 60,
        "distance_m": None,
        "avg_hr": avg_hr,
        "max_hr": None,
        "load": None if load is None else round(load, 1),
        "load_source": source,
        "fallback_load": None if load is None else round(load, 1),
        "fallback_kind": source,
        "rpe": rpe,
        "manual": True,
    }
    with db.engine.begin() as connection:
        merge_activities(connection, id_of(athlete), [row])
    return row
