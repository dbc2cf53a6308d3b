"""Insights for athletes in the database: the fallback chain, the cache, batches and usage.

Fallback chain (never an exception for the app): fresh cached insights are served as they are;
otherwise Claude is asked when a key is set. Rate limited: the athlete is queued for the next
batch and the cached insights are shown (the rules when there are none). Timed out twice, or
output invalid twice, or a refusal: the rules answer. Any other API error: cached insights if
still fresh, else the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import polars as pl

from trainer.insights import claude, store
from trainer.insights.context import InsightInputs, PlanFacts, daily_frame, history_table
from trainer.insights.model import Insight
from trainer.insights.rules import rule_insights
from trainer.planning.today import score_from_db
from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.loaders import load_daily_loads, load_readiness, load_wellness
from trainer.store.models import Athlete
from trainer.store.models._base import utc_now

KEY_KINDS = ("long", "intervals", "race_pace", "race")


@dataclass(frozen=True)
class InsightsResult:
    insights: list[Insight]
    source: str  # claude | rules | cache
    note: str  # why this source, in words (for the CLI and the app)


def gather(db: Database, athlete: Athlete, on: date) -> InsightInputs:
    """The daily frame and the plan facts for ``athlete`` up to ``on``."""
    ids = [athlete.id]
    scores = score_from_db(db, ids, through=on)
    loads = load_daily_loads(db, ids, end=on).select("date", "load")
    days = daily_frame(scores, loads, load_wellness(db, ids, end=on), load_readiness(db, ids, end=on), on)
    return InsightInputs(on, days, _plan_facts(db, athlete, on))


def _plan_facts(db: Database, athlete: Athlete, on: date) -> PlanFacts:
    from trainer.planning.goals import describe
    from trainer.planning.service import plan_view

    view = plan_view(db, athlete, on)
    if view is None:
        return PlanFacts()
    done = view.weeks.filter(pl.col("week_start") + timedelta(days=6) < on, pl.col("minutes_compliance").is_not_null())
    key = view.workouts.filter(
        pl.col("date").is_between(on + timedelta(days=1), on + timedelta(days=3)),
        pl.col("kind").is_in(KEY_KINDS) | pl.col("intensity").is_in(["hard", "maximal"]),
    )
    return PlanFacts(
        compliance=done["minutes_compliance"][-1] if done.height else None,
        compliance_week=done["week"][-1] if done.height else None,
        key_session=key.select("date", "kind", "minutes", "intensity").row(0, named=True) if key.height else None,
        goal=describe(view.plan.goal),  # distance and date only: a goal's name is the user's free text
    )


def question(inp: InsightInputs) -> str:
    """This week's question: the only part of the prompt that is not cached."""
    plan = inp.plan
    facts = []
    if plan.goal:
        facts.append(f"The athlete trains toward a goal ({plan.goal}).")
    if plan.compliance is not None:
        facts.append(f"Last completed plan week: {plan.compliance:.0%} of planned minutes done.")
    if plan.key_session:
        k = plan.key_session
        facts.append(f"Next key session: {k['kind']} {k['minutes']} min {k['intensity']} on {k['date']}.")
    return (
        f"Today is {inp.on.isoformat()}. "
        + " ".join(facts)
        + " Write 3-5 insights about the last 4-8 weeks as JSON, most important first."
    )


def insights_for(
    db: Database,
    athlete: Athlete,
    on: date,
    settings: Settings,
    fresh: bool = False,
    rules_only: bool = False,
    now: datetime | None = None,
) -> InsightsResult:
    """The athlete's insights for ``on`` by the fallback chain; stores what it generates (unless read-only)."""
    now = now or utc_now()
    key = store.context_key(db, athlete.id)
    # the published app never calls Claude (it could not store the answer): fresh cache, else the rules
    use_claude = settings.anthropic_api_key is not None and not rules_only and not db.read_only
    sources = ("claude",) if use_claude else ("rules",) if rules_only else ("claude", "rules")
    cached, cached_key = store.latest_insights(db, athlete.id, sources)
    cache_fresh = bool(cached) and cached_key == key and cached[0].valid_until > now
    if cache_fresh and not fresh:
        return InsightsResult(
            cached, "cache", f"written {cached[0].generated_at:%Y-%m-%d %H:%M} UTC by {cached[0].source}"
        )
    inputs = gather(db, athlete, on)
    if not use_claude:
        why = (
            "rules only, as asked"
            if rules_only
            else "written by trainer's rules (Claude-written insights are off: no Claude key is set up)"
        )
        return _rules(db, athlete, inputs, key, now, why)
    params = claude.request_params(settings.insights_model, history_table(inputs.days), question(inputs))
    outcome = claude.ask(
        claude.make_client(settings.anthropic_api_key, settings.anthropic_base_url, settings.insights_timeout_s), params
    )
    store.record_usage(db, athlete.id, outcome.usage)
    if outcome.insights is not None:
        saved = _save(db, athlete, outcome.insights, "claude", settings.insights_model, key, now)
        return InsightsResult(saved, "claude", f"written by {settings.insights_model}")
    if outcome.failure == "rate_limited":
        store.queue_request(db, athlete.id, on, outcome.detail)
        if cached:
            return InsightsResult(
                cached,
                "cache",
                f"Claude is rate limited: queued for the next batch; showing insights from "
                f"{cached[0].generated_at:%Y-%m-%d}",
            )
        return _rules(
            db,
            athlete,
            inputs,
            key,
            now,
            "Claude is rate limited (queued for the next batch): written by the rule engine",
        )
    if outcome.failure == "api_error" and cache_fresh:
        return InsightsResult(
            cached,
            "cache",
            f"Claude unavailable ({outcome.detail}): showing insights from {cached[0].generated_at:%Y-%m-%d}",
        )
    return _rules(db, athlete, inputs, key, now, f"Claude failed ({outcome.detail}): written by the rule engine")


def _rules(db: Database, athlete: Athlete, inputs: InsightInputs, key: str, now: datetime, why: str) -> InsightsResult:
    return InsightsResult(_save(db, athlete, rule_insights(inputs), "rules", None, key, now), "rules", why)


def _save(
    db: Database, athlete: Athlete, bodies, source: str, model: str | None, key: str, now: datetime
) -> list[Insight]:
    if db.read_only:  # the published app: shown, never written
        until = now + store.VALID_FOR
        return [
            Insight(**b.model_dump(), source=source, model=model, generated_at=now, valid_until=until) for b in bodies
        ]
    return store.save_insights(db, athlete.id, bodies, source, model, key, now)


def due_for_insights(db: Database, athletes: Sequence[Athlete], now: datetime | None = None) -> list[Athlete]:
    """Athletes without fresh Claude insights, or queued after a rate limit."""
    now = now or utc_now()
    queued = {r.athlete_id for r in store.requests_with_status(db, "queued")}
    due = []
    for athlete in athletes:
        cached, key = store.latest_insights(db, athlete.id, ("claude",))
        if (
            athlete.id in queued
            or not cached
            or cached[0].valid_until <= now
            or key != store.context_key(db, athlete.id)
        ):
            due.append(athlete)
    return due


def submit_batch(
    db: Database,
    athletes: Sequence[Athlete],
    on: date,
    settings: Settings,
    progress: Callable[[str], None] = lambda _name: None,
) -> str | None:
    """One Message Batch for every athlete given; returns its id (None when nobody is due)."""
    if not athletes:
        return None
    requests = []
    for athlete in athletes:
        inputs = gather(db, athlete, on)
        params = claude.request_params(settings.insights_model, history_table(inputs.days), question(inputs))
        requests.append({"custom_id": f"athlete-{athlete.id}", "params": params})
        progress(athlete.name)
    client = claude.make_client(settings.anthropic_api_key, settings.anthropic_base_url, settings.insights_timeout_s)
    batch = client.messages.batches.create(requests=requests)
    queued = [r.id for r in store.requests_with_status(db, "queued") if r.athlete_id in {a.id for a in athletes}]
    store.mark_requests(db, queued, "submitted", batch.id)
    store.add_submitted(
        db,
        [
            a.id
            for a in athletes
            if a.id not in {r.athlete_id for r in store.requests_with_status(db, "submitted") if r.batch_id == batch.id}
        ],
        on,
        batch.id,
        "batch",
    )
    return batch.id


@dataclass(frozen=True)
class CollectResult:
    batch_id: str
    status: str  # in_progress | ended
    stored: int = 0  # athletes whose insights were stored
    failed: int = 0
    counts: dict | None = None


def collect_batches(
    db: Database, settings: Settings, progress: Callable[[str], None] = lambda _id: None
) -> list[CollectResult]:
    """Fetch every submitted batch; store the results of those that ended."""
    client = claude.make_client(settings.anthropic_api_key, settings.anthropic_base_url, settings.insights_timeout_s)
    submitted = store.requests_with_status(db, "submitted")
    results = []
    for batch_id in dict.fromkeys(r.batch_id for r in submitted):
        batch = client.messages.batches.retrieve(batch_id)
        counts = batch.request_counts.model_dump()
        if batch.processing_status != "ended":
            results.append(CollectResult(batch_id, batch.processing_status, counts=counts))
            progress(batch_id)
            continue
        requests = {f"athlete-{r.athlete_id}": r for r in submitted if r.batch_id == batch_id}
        stored = failed = 0
        now = utc_now()
        for item in client.messages.batches.results(batch_id):
            request = requests.get(item.custom_id)
            if request is None:
                continue
            ok = _store_batch_item(db, request.athlete_id, item, settings.insights_model, now)
            store.mark_requests(db, [request.id], "done" if ok else "failed")
            stored, failed = stored + ok, failed + (not ok)
        results.append(CollectResult(batch_id, "ended", stored, failed, counts))
        progress(batch_id)
    return results


def _store_batch_item(db: Database, athlete_id: int, item, model: str, now: datetime) -> bool:
    if item.result.type != "succeeded":
        return False
    message = item.result.message
    insights, failure, _ = claude.parse_message(message)
    store.record_usage(db, athlete_id, [claude.usage_of(message, model, failure or "ok", batch=True)], kind="batch")
    if insights is None:
        return False
    store.save_insights(db, athlete_id, insights, "claude", model, store.context_key(db, athlete_id), now)
    return True
