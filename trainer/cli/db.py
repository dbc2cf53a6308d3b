"""``trainer db``: schema migrations."""

import typer

from trainer.cli.options import DbOption
from trainer.settings import Settings

app = typer.Typer(help="Create or migrate the database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Migrate the database to this version's schema (creating it if empty)."""

    from trainer.store import database

    url = db or Settings.from_env().database_url
    engine = database.make_engine(url)
    before, after = database.upgrade(engine)
    if before == after:
        typer.echo(f"schema is current ({after})")
    else:
        typer.echo(f"schema upgraded from {before or 'empty'} to {after}")


@app.command("status")
def status(db: DbOption = None) -> None:
    """Show the database's schema version and the one this trainer needs."""

    from trainer.store import database

    url = db or Settings.from_env().database_url
    engine = database.make_engine(url)
    state = database.schema_state(engine)
    current = database.current_revision(engine) if state != "empty" else None
    typer.echo(
        f"database: {database._safe(url)}\nschema: {current or 'empty'} (this trainer: "
        f"{database.head_revision()})\nstate: {state}"
    )
