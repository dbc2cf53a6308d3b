"""``trainer settings``: the team's scoring settings, which every athlete, coach and message sees."""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer

from trainer.cli.options import DbOption, open_db

app = typer.Typer(help="The team's scoring settings (what everyone sees unless they try a marked what-if).")


@app.command("set")
def settings_set(
    method: Annotated[str | None, typer.Option(help="seed | normal-range | personal.")] = None,
    weights: Annotated[
        str | None, typer.Option(help="e.g. hrv=0.4,hr=0.3,sleep=0.2,stress=0.1 (those left out keep the team's).")
    ] = None,
    acwr: Annotated[str | None, typer.Option(help="rolling | uncoupled | ewma | default (the method's own).")] = None,
    green_from: Annotated[
        int | None, typer.Option("--green-from", min=50, max=100, help="Green from this score.")
    ] = None,
    yellow_from: Annotated[
        int | None, typer.Option("--yellow-from", min=0, max=80, help="Yellow from this score.")
    ] = None,
    by: Annotated[str | None, typer.Option(help="Who set them (default: your user name).")] = None,
    db: DbOption = None,
) -> None:
    """Set the team's scoring settings; what is not given stays as it is."""
    from trainer.errors import InputError
    from trainer.scoring.config import ACWR_VARIANTS, COMPONENTS, METHODS, Weights
    from trainer.store.team_scoring import describe_levers, load_team_levers, save_team_levers

    database = open_db(db)
    current = load_team_levers(database)
    changes: dict = {}
    if method is not None:
        if method not in METHODS:
            raise InputError(f"--method {method!r}: use {' or '.join(METHODS)}")
        changes["method"] = method
    if acwr is not None:
        if acwr not in (*ACWR_VARIANTS, "default"):
            raise InputError(f"--acwr {acwr!r}: use {', '.join(ACWR_VARIANTS)} or default")
        changes["acwr"] = "method default" if acwr == "default" else acwr
    if weights is not None:
        given = dict(zip(COMPONENTS, current["weights"]))
        parsed = Weights.parse(weights)
        named = {part.split("=")[0].strip() for part in weights.split(",") if "=" in part}
        changes["weights"] = tuple(getattr(parsed, c) if c in named else given[c] for c in COMPONENTS)
    if green_from is not None:
        changes["green_from"] = green_from
    if yellow_from is not None:
        changes["yellow_from"] = yellow_from
    if not changes:
        raise InputError("nothing to set: give --method, --weights, --acwr, --green-from or --yellow-from")
    saved = save_team_levers(database, changes, by or getpass.getuser())
    typer.echo(f"team settings: {describe_levers(saved)}")


@app.command("show")
def settings_show(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """The team's scoring settings, and who set them when."""
    from trainer.store.team_scoring import describe_levers, load_team_levers

    levers = load_team_levers(open_db(db, read_only=True))
    if as_json:
        typer.echo(json.dumps({**levers, "set_at": str(levers.get("set_at") or "") or None}, indent=2))
        return
    who = f" (set by {levers['set_by']} on {levers['set_at']:%Y-%m-%d})" if levers.get("set_by") else " (the defaults)"
    typer.echo(f"team settings: {describe_levers(levers)}{who}")
