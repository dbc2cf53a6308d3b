"""What a TRIMP load needs to know about the athlete (resting and highest heart rate, sex), once for
every importer that computes one from heart rate (FIT files, Apple Health workouts)."""

from __future__ import annotations

from datetime import date

from trainer.ingest.fit.activities import HeartRateBasis
from trainer.scoring.zones import heart_rate_profile
from trainer.store.database import Database
from trainer.store.loaders import load_activities, load_wellness
from trainer.store.models import Athlete, id_of

DEFAULT_REST_HR = 60.0  # when neither a setting nor 30 days of resting HR are known
DEFAULT_MAX_HR = 190.0  # when neither a setting, nor data, nor a birth year say


def heart_rate_basis(
    db: Database, athlete: Athlete, on: date, seen_max: float | None = None, ftp: float | None = None
) -> HeartRateBasis:
    """HRrest and HRmax as of ``on``: the athlete's settings, else estimates from stored data (and
    ``seen_max``, the file's own highest heart rate), else the age formula and the defaults."""
    profile = heart_rate_profile(
        on=on,
        max_hr_setting=athlete.max_hr,
        rest_hr_setting=athlete.resting_hr,
        lthr_setting=athlete.lthr,
        birth_year=athlete.birth_year,
        activities=load_activities(db, [id_of(athlete)]),
        wellness=load_wellness(db, [id_of(athlete)]),
    )
    candidates = [value for value in (profile.max_hr, seen_max) if value]
    top = athlete.max_hr or (max(candidates) if candidates else DEFAULT_MAX_HR)
    return HeartRateBasis(rest=profile.rest_hr or DEFAULT_REST_HR, max=float(top), sex=athlete.sex, ftp=ftp)
