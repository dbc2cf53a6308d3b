"""``trainer garmin`` (login, logout) and ``trainer sync``."""

from __future__ import annotations

from typing import Annotated

import typer

from trainer.cli.options import DbOption, FromOption, ToOption, open_db
from trainer.errors import TrainerError

app = typer.Typer(help="Garmin Connect login.", no_args_is_help=True)


@app.command("login")
def login(athlete: Annotated[str, typer.Option("--athlete", "-a", help="Athlete name.")], db: DbOption = None) -> None:
    """Log in to Garmin Connect for an athlete (asks for email, password and an MFA code if needed).

    The tokens are kept in the database, sealed with the site key (TRAINER_SECRET_KEY_FILE), so every
    machine of the site uses this one login; the password is not stored.
    """
    from trainer.ingest.garmin import session
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    record = get_athlete(database, athlete)
    email = typer.prompt("Garmin email")
    password = typer.prompt("Garmin password", hide_input=True)
    session.login(database, record, email, password, ask_mfa=lambda: typer.prompt("MFA code from Garmin"))
    typer.echo(f"logged in to Garmin for {athlete}")


@app.command("logout")
def logout(athlete: Annotated[str, typer.Option("--athlete", "-a", help="Athlete name.")], db: DbOption = None) -> None:
    """Remove the athlete's stored Garmin tokens."""
    from trainer.ingest.garmin.login_store import forget_login
    from trainer.settings import Settings
    from trainer.store.athletes import get_athlete

    settings = Settings.from_env()
    if settings.read_only:
        raise TrainerError("read-only (TRAINER_READ_ONLY=1): the stored Garmin login was left alone")
    database = open_db(db)
    record = get_athlete(database, athlete)
    typer.echo(
        "tokens removed" if forget_login(database, record.id, settings) else f"no stored Garmin login for {athlete}"
    )


def sync(
    athlete: Annotated[str | None, typer.Option("--athlete", "-a", help="Athlete name.")] = None,
    all_athletes: Annotated[
        bool, typer.Option("--all", help="Every athlete with a stored Garmin login (for cron or a systemd timer).")
    ] = False,
    days: Annotated[
        int | None,
        typer.Option(min=1, max=3650, help="Backfill this many days (default: resume; 30 days on a first run)."),
    ] = None,
    start: FromOption = None,
    end: ToOption = None,
    push: Annotated[
        bool,
        typer.Option(
            "--push", help="After syncing, put each athlete's next 7 days of plan on their watch (trainer plan push)."
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Sync whatever each athlete has connected: Garmin Connect (HRV, sleep, resting HR, stress, training
    readiness, activities) and intervals.icu (wellness, activities and their original files).

    Resumable: each kind continues from its last synced day. Exit status 1 if any athlete's sync (or push)
    stopped, or nothing a source sent could be read.
    """
    from trainer.ingest.connected import athletes_connected
    from trainer.settings import Settings
    from trainer.store.athletes import get_athlete, list_athletes

    database = open_db(db)
    if all_athletes:
        everyone = list_athletes(database)
        connected = athletes_connected(database, Settings.from_env())
        names = [name for name, athlete_id in zip(everyone["name"], everyone["id"]) if athlete_id in connected]
        if not names:
            typer.echo(
                "no athlete has connected a source: run `trainer garmin login --athlete NAME` or "
                "`trainer intervals connect --athlete NAME`"
            )
            return
    elif athlete:
        names = [athlete]
    else:
        raise typer.BadParameter("give --athlete NAME or --all", param_hint="--athlete")
    failed = 0
    for name in names:
        failed += not _sync_one(database, get_athlete(database, name), days, start, end, push)
    if failed:
        raise typer.Exit(1)


def _sync_one(database, athlete, days, start, end, push: bool = False) -> bool:
    """Every source the athlete has connected, intervals.icu first and Garmin last (so Garmin's own
    values win a field both give: ``ingest.connected``)."""
    from trainer.errors import TrainerError
    from trainer.ingest.garmin import session
    from trainer.ingest.garmin.login_store import has_login
    from trainer.ingest.intervals.connection import connected
    from trainer.settings import Settings

    ok = True
    if connected(database, athlete.id):
        ok = _sync_intervals(database, athlete, days, start)
        if not has_login(database, athlete.id, Settings.from_env()):
            return ok
    try:
        with session.login_held(database, athlete) as held:  # one use of the login at a time (a worker may hold it)
            return _sync_held(database, held, days, start, end, push) and ok
    except TrainerError as error:
        typer.echo(f"{athlete.name}: {error}", err=True)
        return False


def _sync_intervals(database, athlete, days, start) -> bool:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    from trainer.day.clock import local_today, now
    from trainer.ingest.intervals.sync import sync_intervals
    from trainer.settings import Settings

    settings = Settings.from_env()
    columns = (
        TextColumn(f"{athlete.name}: syncing intervals.icu"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
    )
    try:
        with Progress(*columns, transient=True, console=Console(stderr=True)) as progress:  # stdout says what happened
            task = progress.add_task("sync", total=None)
            result = sync_intervals(
                database,
                athlete,
                local_today(athlete.time_zone, now(settings)),
                settings,
                days=days,
                start=start,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except TrainerError as error:
        typer.echo(f"{athlete.name}: {error}", err=True)
        return False
    typer.echo(f"{athlete.name}: intervals.icu {result.line()}")
    for problem in result.warnings[:20]:
        typer.echo(f"{athlete.name}: {problem}", err=True)
    return result.stopped is None


def _sync_held(database, held, days, start, end, push: bool) -> bool:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from trainer.errors import TrainerError
    from trainer.ingest.garmin.source import ConnectSource
    from trainer.ingest.private import archive_dir
    from trainer.ingest.sync import plan_sync, run_sync

    athlete = held.athlete
    try:
        client = held.client()
    except TrainerError as error:
        typer.echo(f"{athlete.name}: {error}", err=True)
        return False
    from trainer.day.clock import local_today, now
    from trainer.settings import Settings

    plan = plan_sync(
        database, athlete, local_today(athlete.time_zone, now(Settings.from_env())), days=days, start=start, end=end
    )
    archive = archive_dir(athlete.id)
    columns = (
        TextColumn(f"{athlete.name}: syncing"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} requests"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True, console=Console(stderr=True)) as progress:  # stdout says what happened
        task = progress.add_task("sync", total=len(plan.steps()))
        result = run_sync(
            database,
            athlete,
            ConnectSource(client),
            plan,
            archive,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    typer.echo(f"{athlete.name}: {result.line()}")
    for problem in result.warnings[:20]:
        typer.echo(f"{athlete.name}: {problem}", err=True)
    if result.failed and not (result.days_added or result.days_updated or result.activities_added or result.no_data):
        typer.echo(f"{athlete.name}: nothing Garmin sent could be read; run the same command later", err=True)
        return False
    if not push or result.stopped is not None:
        return result.stopped is None
    from trainer.day.answer import todays_day
    from trainer.planning.watch.push import push_plan

    the_day = todays_day(database, athlete, now(Settings.from_env()))  # the plan as it stands after today's data
    report = push_plan(database, athlete, client, the_day.date, 7, the_day=the_day.advice)
    typer.echo(report.summary(athlete.name))
    return report.stopped is None
