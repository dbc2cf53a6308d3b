"""Options and argument parsers shared by the commands."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from trainer.store.database import Database


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD") from None


DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: TRAINER_DATABASE_URL or data/trainer.db).", show_default=False),
]
AthleteOption = Annotated[str, typer.Option("--athlete", "-a", help="Athlete name.")]
FromOption = Annotated[
    date | None, typer.Option("--from", parser=parse_date, metavar="YYYY-MM-DD", help="First date (inclusive).")
]
ToOption = Annotated[
    date | None, typer.Option("--to", parser=parse_date, metavar="YYYY-MM-DD", help="Last date (inclusive).")
]


def open_db(url: str | None, *, read_only: bool = False) -> Database:
    """Open the database; read-only when asked or when TRAINER_READ_ONLY is set (a published install)."""

    from trainer.settings import Settings
    from trainer.store.database import open_database

    return open_database(url, read_only=read_only or Settings.from_env().read_only)
