"""Studies in the database: created once (allocation and plan sealed), never changed, read back
with the seal checked, and asked which arm an athlete is in on a day."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import cast

import polars as pl
from sqlalchemy import insert, select

import trainer
from trainer.errors import TrainerError
from trainer.research.study import Allocation, analysis_plan, canonical, randomise, seal
from trainer.scoring.config import METHODS, Method, ScoringConfig
from trainer.store.database import Database
from trainer.store.models import Athlete, Study, StudyAllocation, table_of
from trainer.store.models._base import utc_now


def parse_arms(text: str) -> list[str]:
    arms = [arm.strip() for arm in text.split(",") if arm.strip()]
    unknown = [arm for arm in arms if arm not in METHODS]
    if unknown:
        raise TrainerError(f"--arms: unknown method {unknown[0]!r}: use {', '.join(METHODS)}")
    if len(arms) < 2 or len(set(arms)) != len(arms):
        raise TrainerError(f"--arms {text!r}: give two or more different methods, e.g. --arms seed,personal")
    return arms


def create_study(
    db: Database,
    name: str,
    arms: Sequence[str],
    athlete_ids: Sequence[int] | None,
    weeks: int,
    seed: int,
    base: ScoringConfig,
    start: date,
    blind_coaches: bool = False,
    by: str = "",
) -> tuple[dict, list[Allocation]]:
    """Randomise, freeze the plan, seal both and store them in one transaction; refuses a name in
    use (a started study cannot change) and an athlete already in a study that overlaps."""
    s, a, people = table_of(Study), table_of(StudyAllocation), table_of(Athlete)
    end = start + timedelta(days=7 * weeks - 1)
    with db.engine.begin() as connection:
        existing = connection.execute(select(s.c.start).where(s.c.name == name)).first()
        if existing is not None:
            raise TrainerError(
                f"study {name!r} already exists (it starts {existing.start}): a study's allocation and analysis plan "
                "cannot change once made; create a study with another name"
            )
        query = select(people.c.id, people.c.main_sport, people.c.name).order_by(people.c.id)
        if athlete_ids is not None:
            query = query.where(people.c.id.in_(list(athlete_ids)))
        athletes = connection.execute(query).all()
        if len(athletes) < 2 * len(arms):
            raise TrainerError(
                f"{len(athletes)} athletes for {len(arms)} arms: a study needs at least two athletes per arm "
                "(its intervals resample athletes within each arm)"
            )
        busy = connection.execute(
            select(people.c.name, s.c.name.label("study"))
            .join(a, a.c.athlete_id == people.c.id)
            .join(s, s.c.id == a.c.study_id)
            .where(a.c.athlete_id.in_([row.id for row in athletes]), s.c.end >= start, s.c.start <= end)
        ).first()
        if busy is not None:
            raise TrainerError(f"{busy.name} is already in study {busy.study!r} at that time: one study at a time")
        allocation = randomise([(row.id, row.main_sport) for row in athletes], arms, seed)
        configs = {arm: replace(base, method=cast(Method, arm), acwr_variant=None).to_dict() for arm in arms}
        plan = analysis_plan(name, arms, start, end, configs, trainer_version=trainer.__version__)
        sealed = seal(plan, allocation)
        inserted = connection.execute(
            insert(s).values(
                name=name,
                arms=",".join(arms),
                start=start,
                end=end,
                seed=seed,
                blind_coaches=blind_coaches,
                plan=canonical(plan),
                sealed_sha256=sealed,
                created_by=by,
                created_at=utc_now(),
            )
        ).inserted_primary_key
        assert inserted is not None
        study_id = inserted[0]
        connection.execute(
            insert(a),
            [
                {"study_id": study_id, "athlete_id": x.athlete_id, "arm": x.arm, "stratum": x.stratum, "block": x.block}
                for x in allocation
            ],
        )
    return plan | {"sealed_sha256": sealed}, allocation


def studies(db: Database) -> list[dict]:
    s = table_of(Study)
    with db.engine.connect() as connection:
        rows = connection.execute(select(s).order_by(s.c.start, s.c.id)).all()
    return [dict(row._mapping) for row in rows]


def load_study(db: Database, name: str) -> tuple[dict, dict, list[Allocation]]:
    """(row, plan, allocation), the seal checked: a plan or allocation edited after the start is
    refused rather than reported."""
    s, a = table_of(Study), table_of(StudyAllocation)
    with db.engine.connect() as connection:
        row = connection.execute(select(s).where(s.c.name == name)).first()
        if row is None:
            known = [r.name for r in connection.execute(select(s.c.name).order_by(s.c.name))]
            raise TrainerError(f"no study called {name!r}" + (f": studies are {', '.join(known)}" if known else ""))
        found = connection.execute(
            select(a.c.athlete_id, a.c.arm, a.c.stratum, a.c.block).where(a.c.study_id == row.id)
        ).all()
    allocation = [Allocation(*item) for item in found]
    plan = json.loads(row.plan)
    if seal(plan, allocation) != row.sealed_sha256:
        raise TrainerError(
            f"study {name!r} was changed after it started (its plan or allocation no longer matches the seal "
            f"{row.sealed_sha256[:12]}...): its report would not be the pre-registered one"
        )
    return dict(row._mapping), plan, allocation


def arms_on(db: Database, day: date, athlete_ids: Sequence[int] | None = None) -> dict[int, dict]:
    """Every athlete in a study running on ``day``: athlete_id -> name, arm, blind_coaches and
    config (the arm's, frozen in the plan: what "your score" is scored with)."""
    s, a = table_of(Study), table_of(StudyAllocation)
    query = (
        select(a.c.athlete_id, s.c.name, a.c.arm, s.c.blind_coaches, s.c.plan)
        .join(a, a.c.study_id == s.c.id)
        .where(s.c.start <= day, s.c.end >= day)
    )
    if athlete_ids is not None:
        query = query.where(a.c.athlete_id.in_(list(athlete_ids)))
    with db.engine.connect() as connection:
        rows = connection.execute(query).all()
    return {
        row.athlete_id: {
            "name": row.name,
            "arm": row.arm,
            "blind_coaches": row.blind_coaches,
            "config": ScoringConfig.from_dict(json.loads(row.plan)["configs"][row.arm]),
        }
        for row in rows
    }


def arm_on(db: Database, athlete_id: int, day: date) -> dict | None:
    """The study running on ``day`` that the athlete is in (as ``arms_on``), else None."""
    return arms_on(db, day, [athlete_id]).get(athlete_id)


def study_days(db: Database, plan: dict, allocation: Sequence[Allocation]) -> pl.DataFrame:
    """Each athlete's days of the study scored by their arm's frozen config, beside their
    check-ins: athlete_id, arm, date, score, readiness."""
    from trainer.planning.today import score_from_db
    from trainer.research.study import ARM_SCORE
    from trainer.store.loaders import load_readiness

    start, end = date.fromisoformat(plan["start"]), date.fromisoformat(plan["end"])
    parts = []
    for arm in plan["arms"]:
        ids = [x.athlete_id for x in allocation if x.arm == arm]
        if not ids:
            continue
        scores = score_from_db(db, ids, ScoringConfig.from_dict(plan["configs"][arm]))
        parts.append(
            scores.filter(pl.col("date").is_between(start, end)).select(
                "athlete_id", pl.lit(arm).alias("arm"), "date", pl.col(ARM_SCORE[arm]).cast(pl.Float64).alias("score")
            )
        )
    schema = {"athlete_id": pl.Int64, "arm": pl.String, "date": pl.Date, "score": pl.Float64}
    days = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
    readiness = load_readiness(db, [x.athlete_id for x in allocation], start, end).select(
        "athlete_id", "date", "readiness"
    )
    return days.join(readiness, on=["athlete_id", "date"], how="left").sort("athlete_id", "date")


def demo_athletes(db: Database, allocation: Sequence[Allocation]) -> int:
    """How many of the study's athletes are made-up demo athletes (its report says so)."""
    from trainer.store.athletes import list_athletes

    ids = [x.athlete_id for x in allocation]
    return int(list_athletes(db).filter(pl.col("id").is_in(ids) & pl.col("is_demo")).height)


def adherence(db: Database, plan: dict, allocation: Sequence[Allocation], as_of: date) -> list[dict]:
    """Per arm: athletes, and the share of elapsed study days with a check-in."""
    from trainer.store.loaders import load_readiness

    start, end = date.fromisoformat(plan["start"]), date.fromisoformat(plan["end"])
    last = min(end, as_of)
    elapsed = max(0, (last - start).days + 1)
    answered = load_readiness(db, [x.athlete_id for x in allocation], start, last).filter(
        pl.col("readiness").is_not_null()
    )
    counts = dict(answered.group_by("athlete_id").len().iter_rows())
    rows = []
    for arm in plan["arms"]:
        ids = [x.athlete_id for x in allocation if x.arm == arm]
        done = sum(counts.get(i, 0) for i in ids)
        rows.append(
            {
                "arm": arm,
                "athletes": len(ids),
                "check_ins": done,
                "adherence": done / (len(ids) * elapsed) if ids and elapsed else None,
            }
        )
    return rows
