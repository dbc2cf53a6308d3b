"""What the apps load and compute, cached once per server process.

marimo runs every app session as a thread of one process, so a process-wide cache keyed by
primitives (database URL, athlete, config) and the data's version is shared by all viewers.
The version (row counts and the latest update of that athlete's data) changes when new data
arrives, so a sync or import is seen on the next interaction; frames are immutable, so sharing
them between sessions is safe. (``mo.cache`` was measured at 100-200 ms per call here, spent
hashing the notebook; this costs one small query.)
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl
from sqlalchemy import func, select

from trainer.scoring import ScoringConfig, prepare_inputs, score_prepared
from trainer.scoring.config import BaselineSettings
from trainer.scoring.load import training_load_metrics
from trainer.scoring.personal import with_check_ins
from trainer.scoring.score import NormalRangeBaselines, normal_range_baselines
from trainer.store.database import Database, open_database
from trainer.store.loaders import (
    load_activities,
    load_check_in_answers,
    load_daily_loads,
    load_readiness,
    load_wellness,
)
from trainer.store.models import Activity, DailyWellness, HealthEpisode, PerceivedReadiness, table_of


@lru_cache(maxsize=8)
def database(url: str, read_only: bool) -> Database:
    """One checked engine per database and mode, shared by every session."""
    return open_database(url, read_only=read_only)


def data_version(db: Database, athlete_id: int | None = None) -> tuple:
    """Counts and latest updates of wellness, activities and the athletes' own reports (of one
    athlete, or everyone): a check-in changes the personal method's score."""
    w, a = table_of(DailyWellness), table_of(Activity)
    r, e = table_of(PerceivedReadiness), table_of(HealthEpisode)
    queries = [
        (select(func.count(), func.max(w.c.updated_at)), w),
        (select(func.count(), func.max(a.c.id)), a),
        (select(func.count(), func.max(r.c.created_at), func.sum(r.c.readiness)), r),
        (select(func.count(), func.max(e.c.id), func.max(e.c.end)), e),
    ]
    if athlete_id is not None:
        queries = [(query.where(table.c.athlete_id == athlete_id), table) for query, table in queries]
    with db.engine.connect() as connection:
        return tuple(value for query, _ in queries for value in connection.execute(query).one())


@lru_cache(maxsize=64)
def athlete_frames(url: str, read_only: bool, athlete_id: int, version: tuple) -> dict[str, pl.DataFrame]:
    db = database(url, read_only)
    return {
        "wellness": load_wellness(db, [athlete_id]),
        "check_ins": load_check_in_answers(db, [athlete_id]),
        "loads": load_daily_loads(db, [athlete_id]).select("athlete_id", "date", "load"),
        "activities": load_activities(db, [athlete_id]),
        "readiness": load_readiness(db, [athlete_id]),
    }


@lru_cache(maxsize=64)
def athlete_scoring_inputs(
    url: str, read_only: bool, athlete_id: int, version: tuple
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Wellness and loads checked once per data version: a lever change then only re-scores."""
    frames = athlete_frames(url, read_only, athlete_id, version)
    return prepare_inputs(with_check_ins(frames["wellness"], frames["check_ins"]), frames["loads"])


@lru_cache(maxsize=256)
def athlete_scores(url: str, read_only: bool, athlete_id: int, config: ScoringConfig, version: tuple) -> pl.DataFrame:
    inputs = athlete_scoring_inputs(url, read_only, athlete_id, version)
    shared = config.method in ("normal-range", "personal")  # both read the same 60-day ranges
    kept = athlete_baselines(url, read_only, athlete_id, config, version) if shared else None
    kinds = athlete_frames(url, read_only, athlete_id, version)["wellness"]["hrv_kind"].drop_nulls()
    return score_prepared(*inputs, config, baselines=kept).with_columns(
        hrv_kind=pl.lit(kinds[-1] if kinds.len() else "rmssd")
    )


def athlete_baselines(
    url: str, read_only: bool, athlete_id: int, config: ScoringConfig, version: tuple
) -> NormalRangeBaselines:
    """The normal-range baselines once per data version and baseline settings: moving a weight
    slider then re-scores without them (``score.normal_range_baselines``)."""
    return _athlete_baselines(url, read_only, athlete_id, config.normal_range_baseline_settings(), version)


@lru_cache(maxsize=32)
def _athlete_baselines(
    url: str, read_only: bool, athlete_id: int, settings: BaselineSettings, version: tuple
) -> NormalRangeBaselines:
    return normal_range_baselines(*athlete_scoring_inputs(url, read_only, athlete_id, version), settings.config())


@lru_cache(maxsize=64)
def athlete_load_metrics(url: str, read_only: bool, athlete_id: int, version: tuple) -> pl.DataFrame:
    """Fitness, fatigue and form over the athlete's whole history (rest days count as 0)."""
    loads = athlete_frames(url, read_only, athlete_id, version)["loads"]
    if loads.is_empty():
        return pl.DataFrame(
            schema={
                "athlete_id": pl.Int64,
                "date": pl.Date,
                "load": pl.Float64,
                "ctl": pl.Float64,
                "atl": pl.Float64,
                "tsb": pl.Float64,
            }
        )
    daily = loads.group_by("date").agg(pl.col("load").sum())
    days = pl.DataFrame({"date": pl.date_range(daily["date"].min(), daily["date"].max(), eager=True)})
    grid = days.join(daily, on="date", how="left").with_columns(
        athlete_id=pl.lit(athlete_id), load=pl.col("load").fill_null(0.0)
    )
    return training_load_metrics(grid)


@lru_cache(maxsize=8)
def squad_frames(url: str, read_only: bool, version: tuple) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every athlete's wellness and loads, checked once per data version."""
    db = database(url, read_only)
    wellness = with_check_ins(load_wellness(db), load_check_in_answers(db))
    return prepare_inputs(wellness, load_daily_loads(db).select("athlete_id", "date", "load"))


@lru_cache(maxsize=64)
def squad_scores(url: str, read_only: bool, config: ScoringConfig, version: tuple) -> pl.DataFrame:
    kept = (
        _squad_baselines(url, read_only, config.normal_range_baseline_settings(), version)
        if config.method in ("normal-range", "personal")
        else None
    )
    return score_prepared(*squad_frames(url, read_only, version), config, baselines=kept)


@lru_cache(maxsize=8)
def _squad_baselines(url: str, read_only: bool, settings: BaselineSettings, version: tuple) -> NormalRangeBaselines:
    """Every athlete's normal-range baselines once per data version and baseline settings."""
    return normal_range_baselines(*squad_frames(url, read_only, version), settings.config())


def plan_version(db: Database, athlete_id: int) -> tuple:
    """Plan versions and goal edits of one athlete: changes when a plan is created or adapted."""
    from trainer.store.models import Goal, TrainingPlan

    p, g = table_of(TrainingPlan), table_of(Goal)
    with db.engine.connect() as connection:
        plans = connection.execute(select(func.count(), func.max(p.c.id)).where(p.c.athlete_id == athlete_id)).one()
        goals = connection.execute(
            select(func.count(), func.max(g.c.updated_at)).where(g.c.athlete_id == athlete_id)
        ).one()
    return tuple(plans) + tuple(goals)


@lru_cache(maxsize=64)
def athlete_plan_view(url: str, read_only: bool, athlete_id: int, day, version: tuple, plans: tuple):
    """``planning.service.plan_view`` for the app, shared by every session until data or plans change."""
    from trainer.planning.service import plan_view

    db = database(url, read_only)
    return plan_view(db, _athlete(db, athlete_id), day)


@lru_cache(maxsize=128)
def plan_preview(url: str, read_only: bool, athlete_id: int, spec, day, version: tuple):
    """The plan a goal would get (the goal editor's preview); raises TrainerError for a goal that cannot be planned."""
    from trainer.planning.service import preview_plan

    db = database(url, read_only)
    return preview_plan(db, _athlete(db, athlete_id), spec, day)


@lru_cache(maxsize=128)
def goal_check(url: str, read_only: bool, athlete_id: int, spec, day, version: tuple):
    """Whether the goal's target is within reach of the athlete's recent efforts (``planning.targets``)."""
    from trainer.planning.service import check_goal

    db = database(url, read_only)
    return check_goal(db, _athlete(db, athlete_id), spec, day)


def _athlete(db: Database, athlete_id: int):
    from sqlmodel import Session

    from trainer.store.models import Athlete

    with Session(db.engine) as session:
        return session.get(Athlete, athlete_id)
