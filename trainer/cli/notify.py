"""``trainer notify``: the morning message, through Apprise (email, ntfy, Telegram, Signal, ...)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from trainer.cli.options import DbOption, open_db

app = typer.Typer(help="The morning message: who is told, where, and when.", no_args_is_help=True)


@app.command("add")
def add(
    url: Annotated[
        str, typer.Option(help="An Apprise URL (mailto://, ntfy://, tgram://, json://, ...). Kept encrypted.")
    ],
    at: Annotated[str, typer.Option(help="Local time, HH:MM: the message goes once the morning is synced.")] = "07:00",
    athlete: Annotated[str | None, typer.Option("--athlete", "-a", help="The athlete to tell.")] = None,
    coach: Annotated[str | None, typer.Option(help="A coach's digest: the person of their access link.")] = None,
    time_zone: Annotated[str | None, typer.Option(help="For a coach's digest (an athlete's own is used).")] = None,
    details: Annotated[
        bool, typer.Option(help="Put the score, status and session in the message (health data through a third party).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Tell an athlete (or a coach) each morning."""
    from trainer.errors import TrainerError
    from trainer.notify.morning import add_target
    from trainer.settings import Settings
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    grant = _coach_grant(database, coach) if coach else None
    if athlete is None and grant is None:
        raise TrainerError("give --athlete NAME or --coach NAME")
    who = get_athlete(database, athlete) if athlete else None
    target = add_target(
        database, Settings.from_env(), url, at, athlete=who, grant=grant, time_zone=time_zone, details=details
    )
    typer.echo(f"receiver {target} added: {athlete or coach}, at {at}" + (", with details" if details else ""))


@app.command("list")
def list_(db: DbOption = None) -> None:
    """Every receiver (the URL itself is never shown)."""
    from trainer.notify.morning import list_targets

    for row in list_targets(open_db(db, read_only=True)):
        who = row["name"] or f"coach {row['person']}"
        typer.echo(
            f"{row['id']}  {who}  {row['scheme']}  at {row['at']} {row['time_zone']}"
            + ("  with details" if row["details"] else "")
        )


@app.command("remove")
def remove(target: int, db: DbOption = None) -> None:
    """Stop one receiver."""
    from trainer.notify.morning import remove_target

    remove_target(open_db(db), target)
    typer.echo(f"receiver {target} removed")


@app.command("test")
def test(target: int, db: DbOption = None) -> None:
    """Send one receiver its message now, to see that it arrives (nothing is recorded)."""
    from trainer.errors import TrainerError
    from trainer.notify.morning import list_targets, send_due
    from trainer.settings import Settings

    database = open_db(db)
    if target not in {row["id"] for row in list_targets(database)}:
        raise TrainerError(f"there is no message receiver {target}: see `trainer notify list`")
    report = send_due(database, Settings.from_env(), datetime.now().astimezone(), only=target, test=True)
    _finish(report)


@app.command("send")
def send(
    due: Annotated[bool, typer.Option("--due", help="Send what is due now and was not sent yet (cron runs this).")],
    now: Annotated[str | None, typer.Option(help="Pretend it is this moment (ISO, with offset).")] = None,
    db: DbOption = None,
) -> None:
    """Send every morning message that is due: once each, a receiver down is tried again next run."""
    from trainer.errors import TrainerError
    from trainer.notify.morning import send_due
    from trainer.settings import Settings

    if not due:
        raise TrainerError("say --due: trainer notify send --due")
    try:
        moment = datetime.fromisoformat(now).astimezone() if now else datetime.now().astimezone()
    except ValueError:
        raise TrainerError(f"--now {now!r}: use ISO, e.g. 2026-12-03T07:30:00+01:00") from None
    _finish(send_due(open_db(db), Settings.from_env(), moment))


def _finish(report) -> None:
    typer.echo(report.line())
    if report.failed:
        raise typer.Exit(1)


def _coach_grant(database, person: str):
    from sqlmodel import Session, col, select

    from trainer.errors import TrainerError
    from trainer.store.models import AccessGrant

    with Session(database.engine) as session:
        grants = session.exec(
            select(AccessGrant).where(col(AccessGrant.person) == person, col(AccessGrant.role) == "coach")
        ).all()
    live = [g for g in grants if g.revoked_at is None]
    if not live:
        raise TrainerError(f"no coach's link for {person!r}: see `trainer access list`")
    return live[0]
