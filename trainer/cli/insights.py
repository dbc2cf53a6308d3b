"""``trainer insights``: three to five insights about an athlete's last weeks (Claude, or the rules),
batches for a whole squad, and what Claude has cost."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from trainer.cli.options import DbOption, open_db, parse_date


def insights(
    athlete: Annotated[str | None, typer.Option("--athlete", "-a", help="Athlete name.")] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="Ignore cached insights and write new ones.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Use the rule engine, not Claude.")] = False,
    all_athletes: Annotated[bool, typer.Option("--all", help="Every athlete due for insights (with --batch).")] = False,
    batch: Annotated[
        bool, typer.Option("--batch", help="Submit through the Message Batches API (half price).")
    ] = False,
    collect: Annotated[
        bool, typer.Option("--collect", help="Fetch finished batches and store their insights.")
    ] = False,
    usage: Annotated[bool, typer.Option("--usage", help="Tokens and cost of Claude calls, per month.")] = False,
    on: Annotated[
        date | None, typer.Option("--on", parser=parse_date, metavar="YYYY-MM-DD", help="The day (default: today).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Insights for an athlete (Claude when ANTHROPIC_API_KEY is set, else the rule engine)."""
    from trainer.errors import TrainerError
    from trainer.settings import Settings

    settings = Settings.from_env()
    modes = sum([usage, collect, batch or all_athletes, athlete is not None])
    if modes != 1:
        raise TrainerError("use one of: --athlete NAME, --all --batch, --collect, --usage")
    if usage:
        return _usage(open_db(db, read_only=True), as_json)
    if (batch or all_athletes or collect) and settings.anthropic_api_key is None:
        raise TrainerError("batches need Claude: set ANTHROPIC_API_KEY (see the README's Insights section)")
    if batch != all_athletes:
        raise TrainerError("--all and --batch go together: `trainer insights --all --batch`")
    database = open_db(db)
    try:
        if collect:
            return _collect(database, settings)
        if batch:
            return _submit(database, settings, on or date.today())
    except Exception as error:  # noqa: BLE001  the API's errors can echo what was sent: say only what kind of failure
        if type(error).__module__.split(".")[0] != "anthropic":
            raise
        raise TrainerError(
            f"the Claude API could not be used ({type(error).__name__}); nothing was submitted or collected: "
            "check the network and the key, then run it again"
        ) from None
    _one(database, settings, athlete, on or date.today(), fresh, rules_only, as_json)


def _one(database, settings, name: str, on: date, fresh: bool, rules_only: bool, as_json: bool) -> None:
    from trainer.insights.service import insights_for
    from trainer.store.athletes import get_athlete

    result = insights_for(database, get_athlete(database, name), on, settings, fresh=fresh, rules_only=rules_only)
    if as_json:
        typer.echo(json.dumps([i.to_dict() for i in result.insights], indent=2))
        return
    typer.echo(f"{len(result.insights)} insights for {name} ({result.note})\n")
    for i in result.insights:
        typer.echo(f"[{i.type}] {i.title}\n  {i.content}")
        for action in i.action_items:
            typer.echo(f"  - {action}")
        typer.echo("")


def _submit(database, settings, on: date) -> None:
    from rich.progress import Progress
    from sqlalchemy import select
    from sqlmodel import Session

    from trainer.insights.service import due_for_insights, submit_batch
    from trainer.store.models import Athlete

    with Session(database.engine) as session:
        athletes = list(session.exec(select(Athlete).order_by(Athlete.name)).scalars().all())
    due = due_for_insights(database, athletes)
    if not due:
        typer.echo("every athlete has fresh Claude insights: nothing to submit")
        return
    with Progress(transient=True) as progress:
        task = progress.add_task("preparing requests", total=len(due))
        batch_id = submit_batch(database, due, on, settings, progress=lambda _name: progress.advance(task))
    typer.echo(f"submitted batch {batch_id} for {len(due)} athletes; fetch it later with `trainer insights --collect`")


def _collect(database, settings) -> None:
    from rich.progress import Progress

    from trainer.insights.service import collect_batches
    from trainer.insights.store import requests_with_status

    waiting = {r.batch_id for r in requests_with_status(database, "submitted")}
    if not waiting:
        typer.echo("no batches waiting")
        return
    with Progress(transient=True) as progress:
        task = progress.add_task("fetching batches", total=len(waiting))
        results = collect_batches(database, settings, progress=lambda _id: progress.advance(task))
    for r in results:
        if r.status == "ended":
            typer.echo(
                f"batch {r.batch_id}: ended; insights stored for {r.stored} athletes, {r.failed} failed (the rules "
                f"cover them)"
            )
        else:
            typer.echo(
                f"batch {r.batch_id}: {r.status} ({r.counts['processing']} processing, {r.counts['succeeded']} "
                f"done); try again later"
            )


def _usage(database, as_json: bool) -> None:
    from trainer.insights.store import usage_by_month

    table = usage_by_month(database)
    if as_json:
        typer.echo(json.dumps(table.to_dicts(), indent=2))
        return
    if table.is_empty():
        typer.echo("no Claude calls recorded")
        return
    typer.echo(
        f"{'month':8} {'calls':>5} {'athletes':>8} {'input':>9} {'output':>8} {'cache rd':>9} {'cache wr':>9} "
        f"{'cost $':>9} {'$/athlete':>9}"
    )
    for r in table.rows(named=True):
        typer.echo(
            f"{r['month']:8} {r['calls']:>5} {r['athletes']:>8} {r['input_tokens']:>9} {r['output_tokens']:>8} "
            f"{r['cache_read_tokens']:>9} {r['cache_write_tokens']:>9} {r['cost_usd'] or 0:>9.4f} "
            f"{r['cost_per_athlete_usd'] or 0:>9.4f}"
        )
