"""Scores and today's recommendation for athletes in the database (the I/O edge of scoring)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import polars as pl

from trainer.planning.health import within_limits
from trainer.scoring import ScoringConfig, score_days
from trainer.scoring.inputs import CHECK_IN_COLUMNS
from trainer.scoring.personal import with_check_ins
from trainer.scoring.recommend import PlannedSession, Recommendation, recommend
from trainer.scoring.thresholds import Thresholds
from trainer.scoring.zones import HeartRateProfile, SportZones, heart_rate_profile, sport_zones
from trainer.store.database import Database
from trainer.store.loaders import (
    load_activities,
    load_check_in_answers,
    load_daily_loads,
    load_health_episodes,
    load_heart_rate_zones,
    load_planned_session,
    load_wellness,
)
from trainer.store.models import Athlete, id_of
from trainer.store.performance import athlete_thresholds


def score_from_db(
    db: Database,
    athlete_ids: Sequence[int] | None = None,
    config: ScoringConfig = ScoringConfig(),
    through: date | None = None,
) -> pl.DataFrame:
    """``score_days`` over the athletes' whole history (baselines need it).

    ``through`` extends each athlete's days to that date, so a morning with nothing synced yet
    still gets its row (and says what is missing).
    """
    wellness = load_wellness(db, athlete_ids)
    loads = load_daily_loads(db, athlete_ids)
    if config.method == "personal":
        wellness = with_check_ins(wellness.select(_SCORING_INPUTS), load_check_in_answers(db, athlete_ids))
    if through is not None and athlete_ids:
        extra = pl.DataFrame({"athlete_id": list(athlete_ids), "date": [through] * len(athlete_ids)})
        extra = extra.join(wellness.select("athlete_id", "date"), on=["athlete_id", "date"], how="anti")
        wellness = pl.concat([wellness, extra], how="diagonal")
    columns = [*_SCORING_INPUTS, *(CHECK_IN_COLUMNS if config.method == "personal" else ())]
    return score_days(wellness.select(columns), loads.select("athlete_id", "date", "load"), config)


_SCORING_INPUTS = [
    "athlete_id",
    "date",
    "hrv_kind",
    "hrv_ms",
    "resting_hr",
    "sleep_minutes",
    "sleep_score",
    "stress_level",
    "hrv_baseline_low",
    "hrv_baseline_high",
]


@dataclass(frozen=True)
class Today:
    athlete: str
    date: date
    day: dict
    heart_rate: HeartRateProfile
    planned: PlannedSession | None
    recommendation: Recommendation
    thresholds: Thresholds | None = None

    def recommended_kind(self) -> str | None:
        """What kind of session the recommendation is (``planning.steps``); None for rest."""
        from trainer.planning.steps import recommended_kind

        planned_kind = self.planned.kind if self.planned is not None else None
        planned_intensity = self.planned.intensity if self.planned is not None else None
        return recommended_kind(self.recommendation.intensity, planned_kind, planned_intensity)

    def recommended_steps(self) -> list:
        """The recommended session as steps with heart-rate ranges (none on a rest day)."""
        from trainer.planning.steps import session_steps

        kind = self.recommended_kind()
        if kind is None:
            return []
        zones = SportZones(self.heart_rate, thresholds=self.thresholds)
        sport = self.recommendation.workout_type
        return session_steps(kind, self.recommendation.minutes, self.recommendation.intensity, zones, sport)

    def to_dict(self) -> dict:
        components = {name: _round(self.day[f"{name}_component"]) for name in ("hrv", "hr", "sleep", "stress")}
        return {
            "athlete": self.athlete,
            "date": self.date.isoformat(),
            "total_score": self.day["total_score"],
            "status": self.day["status"],
            "components": components,
            "raw_score": _round(self.day["raw_score"]),
            "acwr": _round(self.day["acwr"], 3),
            "acwr_factor": self.day["acwr_factor"],
            "missing": [part for part in self.day["missing"].split(",") if part],
            "flags": [part for part in self.day["flags"].split(",") if part],
            **(
                {
                    "forecast": self.day.get("forecast"),
                    "with_checkin": self.day.get("with_checkin"),
                    "basis": self.day.get("basis"),
                }
                if self.day.get("basis") is not None
                else {}
            ),
            "planned": None if self.planned is None else self.planned.__dict__,
            "recommendation": {
                **self.recommendation.to_dict(),
                "steps": [step.as_dict() for step in self.recommended_steps()],
            },
            "heart_rate": {
                "max": self.heart_rate.max_hr,
                "max_source": self.heart_rate.max_hr_source,
                "rest": self.heart_rate.rest_hr,
                "rest_source": self.heart_rate.rest_hr_source,
                "zone_method": self.heart_rate.method,
            },
        }


def today(db: Database, athlete: Athlete, on: date, config: ScoringConfig = ScoringConfig()) -> Today:
    """Score ``on`` for the athlete and recommend the day's session."""
    scores = score_from_db(db, [id_of(athlete)], config, through=on)
    day = scores.filter(pl.col("date") == on).row(0, named=True)
    activities = load_activities(db, [id_of(athlete)], end=on)
    wellness = load_wellness(db, [id_of(athlete)], end=on)
    planned_row = load_planned_session(db, id_of(athlete), on)
    episodes = load_health_episodes(db, id_of(athlete), through=on)
    thresholds = athlete_thresholds(db, id_of(athlete), on)
    profile, planned, recommendation = day_advice(
        athlete.model_dump(),
        on,
        day,
        activities,
        wellness,
        planned_row,
        config,
        episodes,
        load_heart_rate_zones(db, id_of(athlete)),
        thresholds,
    )
    return Today(athlete.name, on, day, profile, planned, recommendation, thresholds)


def day_advice(
    athlete: Mapping,
    on: date,
    scored_day: dict,
    activities: pl.DataFrame,
    wellness: pl.DataFrame,
    planned_row: dict | None,
    config: ScoringConfig,
    episodes: Sequence[Mapping] = (),
    garmin_zones: Mapping[str, dict] | None = None,
    thresholds: Thresholds | None = None,
) -> tuple[HeartRateProfile, PlannedSession | None, Recommendation]:
    """The morning of ``on``: heart-rate zones from what was known that day, the plan's session of
    the day, and the recommendation for the scored morning. The one function behind the day's card
    wherever it is shown: ``trainer today``, the dashboard and the early card.

    ``athlete`` holds the athlete's settings (max_hr, resting_hr, lthr, birth_year, main_sport);
    ``episodes`` their spells of illness and injury, whose limits win over the score (``health``);
    ``garmin_zones`` Garmin's zones by sport: the day's sport uses its own where there are some;
    ``thresholds`` the athlete's FTP and threshold pace (a ride's target in watts, a run's in pace)."""
    profile = heart_rate_profile(
        on=on,
        max_hr_setting=athlete["max_hr"],
        rest_hr_setting=athlete["resting_hr"],
        lthr_setting=athlete["lthr"],
        birth_year=athlete["birth_year"],
        activities=activities.filter(pl.col("date") <= on),
        wellness=wellness.filter(pl.col("date") <= on),
    )
    planned = PlannedSession(**planned_row) if planned_row else None
    sport = planned.sport if planned is not None else athlete["main_sport"]
    profile = sport_zones(profile, dict(garmin_zones or {}), (sport,)).for_sport(sport)
    advice = recommend(scored_day, profile, athlete["main_sport"], planned, config, thresholds)
    return profile, planned, within_limits(advice, episodes, on, profile, sports_done(athlete, activities, on))


def sports_done(athlete: Mapping, activities: pl.DataFrame, on: date) -> set[str]:
    """The sports the athlete trains in: their main sport (a triathlete's three) and any they did
    in the year before ``on``."""
    year = activities.filter(pl.col("date").is_between(on - timedelta(days=365), on))
    done = set(year["sport"].drop_nulls().unique().to_list()) if "sport" in year.columns else set()
    main = athlete.get("main_sport") or "run"
    return done | ({"swim", "bike", "run"} if main == "triathlon" else {main})


def athlete_heart_rate(db: Database, athlete: Athlete, on: date) -> HeartRateProfile:
    """HRmax, HRrest and LTHR as of ``on``: the athlete's settings, else estimated from their data."""
    return heart_rate_profile(
        on=on,
        max_hr_setting=athlete.max_hr,
        rest_hr_setting=athlete.resting_hr,
        lthr_setting=athlete.lthr,
        birth_year=athlete.birth_year,
        activities=load_activities(db, [id_of(athlete)], end=on),
        wellness=load_wellness(db, [id_of(athlete)], end=on),
    )


def athlete_zones(
    db: Database, athlete: Athlete, on: date, sports: tuple[str, ...] = ("run", "bike", "swim")
) -> SportZones:
    """The athlete's heart rate per sport: Garmin's zones for each sport where synced, else
    ``athlete_heart_rate`` (and which was used, per sport); with their FTP and threshold pace."""
    zones = sport_zones(athlete_heart_rate(db, athlete, on), load_heart_rate_zones(db, id_of(athlete)), sports)
    return replace(zones, thresholds=athlete_thresholds(db, id_of(athlete), on))


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
