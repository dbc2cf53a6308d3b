"""``trainer study``: a prospective A/B study of scoring methods on your athletes, pre-registered."""

from __future__ import annotations

import getpass
import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from trainer.cli.options import DbOption, open_db

app = typer.Typer(help="Prospective A/B studies of scoring methods: randomise, run, report the frozen plan.")

OnOption = Annotated[str | None, typer.Option("--on", help="Count days up to this date (default: today).")]


def _day(text: str | None, option: str) -> date:
    from trainer.errors import InputError

    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} {text!r} is not a date: use YYYY-MM-DD") from None


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="The study's name (it cannot be reused).")],
    arms: Annotated[str, typer.Option(help="Methods compared, first is the reference, e.g. seed,personal.")],
    athletes: Annotated[str | None, typer.Option(help="Comma-separated athlete names.")] = None,
    everyone: Annotated[bool, typer.Option("--all", help="Every athlete in the database.")] = False,
    weeks: Annotated[int, typer.Option(min=1, max=104, help="How long it runs.")] = 8,
    seed: Annotated[
        int, typer.Option(min=0, help="Allocation seed: the same seed gives the same random allocation.")
    ] = 1,
    start: Annotated[str | None, typer.Option(help="First day (default: today).")] = None,
    blind_coaches: Annotated[
        bool, typer.Option("--blind-coaches", help="Coaches do not see which arm an athlete is in.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Randomise athletes to arms (permuted blocks by main sport), freeze the analysis plan and seal
    both with a SHA-256. Athletes then see their arm's score as "your score", never the arm."""
    from trainer.errors import InputError
    from trainer.research.study_store import create_study, parse_arms
    from trainer.store.athletes import get_athlete
    from trainer.store.team_scoring import team_config

    if everyone == (athletes is not None):
        raise InputError("give --athletes a,b or --all (one of them)")
    database = open_db(db)
    chosen = [name.strip() for name in athletes.split(",")] if athletes is not None else None
    if chosen is not None and not all(chosen):
        raise InputError(f"--athletes {athletes!r} has an empty name: give names separated by commas")
    ids = [get_athlete(database, person).id for person in chosen] if chosen is not None else None
    plan, allocation = create_study(
        database,
        name,
        parse_arms(arms),
        ids,
        weeks,
        seed,
        team_config(database),
        _day(start, "--start"),
        blind_coaches,
        getpass.getuser(),
    )
    from trainer.research.study import ALLOCATION_WORDS
    from trainer.scoring.config import METHOD_NAMES

    counts = {arm: sum(1 for a in allocation if a.arm == arm) for arm in plan["arms"]}
    typer.echo(
        f"study {name}: {len(allocation)} athletes allocated at random ("
        + ", ".join(f"{METHOD_NAMES.get(arm, arm)} arm {n}" for arm, n in counts.items())
        + f"; {ALLOCATION_WORDS}), {plan['start']} to {plan['end']}; plan sealed {plan['sealed_sha256']}"
    )


@app.command("status")
def status(
    name: Annotated[str | None, typer.Argument(help="One study (default: all).")] = None,
    on: OnOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Enrolment, check-in adherence per arm and days left."""
    from trainer.research.study_store import adherence, load_study, studies

    database = open_db(db, read_only=True)
    today = _day(on, "--on")
    names = [name] if name else [row["name"] for row in studies(database)]
    if not names:
        typer.echo("no studies yet: start one with trainer study create NAME --arms seed,personal --all")
        return
    out = []
    for study in names:
        row, plan, allocation = load_study(database, study)
        days_left = max(0, (row["end"] - today).days)
        state = "not started" if today < row["start"] else "running" if today <= row["end"] else "finished"
        out.append(
            {
                "name": study,
                "state": state,
                "start": row["start"].isoformat(),
                "end": row["end"].isoformat(),
                "days_left": days_left,
                "blind_coaches": row["blind_coaches"],
                "arms": adherence(database, plan, allocation, today),
            }
        )
    if as_json:
        typer.echo(json.dumps(out, indent=2))
        return
    for item in out:
        typer.echo(f"{item['name']}: {item['state']}, {item['start']} to {item['end']}, {item['days_left']} days left")
        for arm in item["arms"]:
            share = "no days yet" if arm["adherence"] is None else f"{arm['adherence']:.0%} of days with a check-in"
            typer.echo(f"  {arm['arm']}: {arm['athletes']} athletes, {arm['check_ins']} check-ins ({share})")


@app.command("report")
def report(
    name: Annotated[str, typer.Argument(help="The study.")],
    on: OnOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print strict JSON.")] = False,
    report_dir: Annotated[Path | None, typer.Option("--report", help="Write index.html and result.json here.")] = None,
    db: DbOption = None,
) -> None:
    """Run exactly the frozen plan; before the last day every line is marked interim."""
    from trainer.research.report import to_json
    from trainer.research.study import analyse, report_lines
    from trainer.research.study_store import demo_athletes, load_study, study_days

    database = open_db(db, read_only=True)
    _, plan, allocation = load_study(database, name)
    result = analyse(study_days(database, plan, allocation), plan, _day(on, "--on"))
    result["demo_athletes"] = demo_athletes(database, allocation)
    if report_dir:
        from trainer.research.study_page import write_study_page

        typer.echo(f"wrote {write_study_page(report_dir, result)}", err=True)
    if as_json:
        typer.echo(to_json(result))
        return
    for line in report_lines(result):
        typer.echo(line)
