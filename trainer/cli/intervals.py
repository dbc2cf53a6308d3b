"""``trainer intervals`` (connect, disconnect, writes): an athlete's intervals.icu API key."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from trainer.cli.options import DbOption, open_db

app = typer.Typer(help="intervals.icu: connect an athlete with their API key.", no_args_is_help=True)
AthleteOption = Annotated[str, typer.Option("--athlete", "-a", help="Athlete name.")]


@app.command("connect")
def connect(
    athlete: AthleteOption,
    writes: Annotated[
        bool,
        typer.Option(
            "--writes/--no-writes",
            help="Also write the morning's score and check-in to intervals.icu's wellness, and the coming week's "
            "sessions to its calendar.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Connect an athlete's intervals.icu account with their API key (its Settings page, at the bottom).

    The key is read from standard input when one is piped in, else asked for without showing it; it is
    checked once with intervals.icu, then kept in the database sealed with the site key, never shown again.
    """
    from trainer.ingest.intervals.connection import connect as keep
    from trainer.settings import Settings
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    record = get_athlete(database, athlete)
    key = sys.stdin.readline() if not sys.stdin.isatty() else typer.prompt("intervals.icu API key", hide_input=True)
    name = keep(database, record.id, key, Settings.from_env(), writes)
    said = "; writes on" if writes else ""
    typer.echo(f"{athlete}: connected to intervals.icu ({name}){said}")


@app.command("disconnect")
def disconnect(athlete: AthleteOption, db: DbOption = None) -> None:
    """Forget the athlete's intervals.icu key (what was synced stays)."""
    from trainer.ingest.intervals.connection import disconnect as forget
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    record = get_athlete(database, athlete)
    typer.echo(f"{athlete}: key removed" if forget(database, record.id) else f"{athlete} was not connected")


@app.command("writes")
def writes(
    athlete: AthleteOption,
    on: Annotated[bool, typer.Option("--on/--off", help="Write back to intervals.icu, or stop.")],
    db: DbOption = None,
) -> None:
    """Turn writing back to intervals.icu on or off for a connected athlete."""
    from trainer.ingest.intervals.connection import set_writes
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    set_writes(database, get_athlete(database, athlete).id, on)
    typer.echo(f"{athlete}: writes to intervals.icu {'on' if on else 'off'}")
