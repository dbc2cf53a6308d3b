"""Insights, their usage records and the batch queue in the database."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import polars as pl
from sqlalchemy import select, update
from sqlmodel import Session, col

from trainer.insights.claude import Usage
from trainer.insights.model import Insight, InsightBody, Source
from trainer.store.database import Database, ReadOnlyError
from trainer.store.models import Athlete, Goal, InsightRequest, InsightUsage, table_of
from trainer.store.models import Insight as InsightRow

VALID_FOR = timedelta(days=7)


def context_key(db: Database, athlete_id: int) -> str:
    """A fingerprint of what insights depend on besides the data: the athlete's goals and profile."""
    with Session(db.engine) as session:
        athlete = session.get(Athlete, athlete_id)
        goals = session.scalars(select(Goal).where(col(Goal.athlete_id) == athlete_id).order_by(col(Goal.id))).all()
    profile = {
        k: getattr(athlete, k)
        for k in ("sex", "birth_year", "max_hr", "resting_hr", "lthr", "main_sport", "zone_method")
    }
    goal_rows = [
        {
            k: str(getattr(g, k))
            for k in (
                "id",
                "status",
                "priority",
                "event_date",
                "distance_km",
                "target_time_s",
                "days_per_week",
                "available_days",
                "max_minutes",
                "updated_at",
            )
        }
        for g in goals
    ]
    return hashlib.sha256(json.dumps([profile, goal_rows], sort_keys=True).encode()).hexdigest()


def save_insights(
    db: Database,
    athlete_id: int,
    bodies: Sequence[InsightBody],
    source: Source,
    model: str | None,
    key: str,
    now: datetime,
) -> list[Insight]:
    _writable(db)
    insights = [
        Insight(**body.model_dump(), source=source, model=model, generated_at=now, valid_until=now + VALID_FOR)
        for body in bodies
    ]
    with Session(db.engine) as session:
        session.add_all(InsightRow(athlete_id=athlete_id, **i.model_dump(), context_key=key) for i in insights)
        session.commit()
    return insights


def latest_insights(
    db: Database, athlete_id: int, sources: Sequence[str] = ("claude", "rules")
) -> tuple[list[Insight], str | None]:
    """The athlete's most recent set (all written at the same moment), with its context key."""
    t = table_of(InsightRow)
    with db.engine.connect() as connection:
        newest = connection.execute(
            select(t.c.generated_at)
            .where(t.c.athlete_id == athlete_id, t.c.source.in_(sources))
            .order_by(t.c.generated_at.desc())
            .limit(1)
        ).scalar()
        if newest is None:
            return [], None
        rows = (
            connection.execute(
                select(t)
                .where(t.c.athlete_id == athlete_id, t.c.generated_at == newest, t.c.source.in_(sources))
                .order_by(t.c.id)
            )
            .mappings()
            .all()
        )
    return [Insight.model_validate(dict(row)) for row in rows], rows[0]["context_key"]


def record_usage(db: Database, athlete_id: int | None, usage: Sequence[Usage], kind: str = "call") -> None:
    if not usage or db.read_only:
        return
    with Session(db.engine) as session:
        session.add_all(
            InsightUsage(
                athlete_id=athlete_id,
                model=u.model,
                kind=kind,
                outcome=u.outcome,
                input_tokens=u.input_tokens,
                output_tokens=u.output_tokens,
                cache_read_tokens=u.cache_read_tokens,
                cache_write_tokens=u.cache_write_tokens,
                cost_usd=u.cost_usd,
            )
            for u in usage
        )
        session.commit()


def usage_by_month(db: Database) -> pl.DataFrame:
    """Per month: calls, athletes, tokens (input, output, cache read / write), cost, cost per athlete."""
    t = table_of(InsightUsage)
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(
                t.c.created_at,
                t.c.athlete_id,
                t.c.input_tokens,
                t.c.output_tokens,
                t.c.cache_read_tokens,
                t.c.cache_write_tokens,
                t.c.cost_usd,
            )
        ).all()
    frame = pl.DataFrame(
        [tuple(r) for r in rows],
        orient="row",
        schema={
            "created_at": pl.Datetime("us", "UTC"),
            "athlete_id": pl.Int64,
            "input_tokens": pl.Int64,
            "output_tokens": pl.Int64,
            "cache_read_tokens": pl.Int64,
            "cache_write_tokens": pl.Int64,
            "cost_usd": pl.Float64,
        },
    )
    return (
        frame.group_by(pl.col("created_at").dt.strftime("%Y-%m").alias("month"))
        .agg(
            pl.len().alias("calls"),
            pl.col("athlete_id").n_unique().alias("athletes"),
            pl.col("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens").sum(),
            pl.col("cost_usd").sum().round(8),
        )
        .with_columns(cost_per_athlete_usd=(pl.col("cost_usd") / pl.col("athletes")).round(8))
        .sort("month")
    )


def queue_request(db: Database, athlete_id: int, on: date, reason: str) -> None:
    """Queue the athlete for the next batch (once: an already queued request is left alone)."""
    if db.read_only:
        return
    with Session(db.engine) as session:
        waiting = session.scalars(
            select(InsightRequest).where(
                col(InsightRequest.athlete_id) == athlete_id, col(InsightRequest.status) == "queued"
            )
        ).first()
        if waiting is None:
            session.add(InsightRequest(athlete_id=athlete_id, reason=reason[:200], on_date=on.isoformat()))
            session.commit()


def requests_with_status(db: Database, status: str) -> list[InsightRequest]:
    with Session(db.engine) as session:
        return list(
            session.scalars(
                select(InsightRequest).where(col(InsightRequest.status) == status).order_by(col(InsightRequest.id))
            ).all()
        )


def mark_requests(db: Database, request_ids: Sequence[int], status: str, batch_id: str | None = None) -> None:
    values = {"status": status} | ({"batch_id": batch_id} if batch_id else {})
    with db.engine.begin() as connection:
        connection.execute(update(InsightRequest).where(col(InsightRequest.id).in_(list(request_ids))).values(**values))


def add_submitted(db: Database, athlete_ids: Sequence[int], on: date, batch_id: str, reason: str) -> None:
    with Session(db.engine) as session:
        session.add_all(
            InsightRequest(athlete_id=a, reason=reason, status="submitted", batch_id=batch_id, on_date=on.isoformat())
            for a in athlete_ids
        )
        session.commit()


def _writable(db: Database) -> None:
    if db.read_only:
        raise ReadOnlyError()
