"""``trainer worker`` runs the scheduled jobs; ``trainer jobs`` says what they did."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer

from trainer.cli.options import DbOption, open_db

app = typer.Typer(help="What the scheduled jobs did: the last and next morning per athlete, and failures.")


def worker(
    processes: Annotated[int, typer.Option(min=1, max=64, help="Consumer processes on this machine.")] = 1,
    threads: Annotated[int, typer.Option(min=1, max=64, help="Jobs at once in each process.")] = 8,
    no_scheduler: Annotated[
        bool, typer.Option("--no-scheduler", help="Only run jobs; another worker enqueues the schedule.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Run the scheduled jobs (Huey): each athlete's morning at their local time (sync, score, the
    day's session on the watch, the morning message), the weekly insights batch and plan
    adaptation. Several workers (and machines, on one PostgreSQL) share one queue."""
    import logging

    if db:
        os.environ["TRAINER_DATABASE_URL"] = db
    open_db(db)  # a missing or old database is one line, before any worker starts
    if processes > 1:
        children = [
            subprocess.Popen(
                [sys.executable, "-m", "trainer", "worker", "--threads", str(threads)]
                + (["--no-scheduler"] if no_scheduler or number > 0 else [])
            )
            for number in range(processes)
        ]
        try:
            raise typer.Exit(max(child.wait() for child in children))
        finally:
            for child in children:
                child.terminate()
            for child in children:
                child.wait()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(processName)s %(name)s: %(message)s")
    from trainer.jobs.tasks import huey
    from trainer.log_lines import one_line_logs

    one_line_logs()  # a PostgreSQL restart is one line per failed task, never a traceback each
    _say_unreadable_logins(open_db(db))

    consumer = huey.create_consumer(
        workers=threads, worker_type="thread", periodic=not no_scheduler, initial_delay=0.05, max_delay=1.0
    )
    consumer.run()


def _say_unreadable_logins(database) -> None:
    """One line per athlete whose stored Garmin login this worker's key cannot open: every machine of
    a site needs the same key file (TRAINER_SECRET_KEY_FILE), or its mornings fail for them."""
    import logging

    from trainer.ingest.garmin.login_store import unreadable_logins
    from trainer.settings import Settings
    from trainer.store.athletes import list_athletes

    settings = Settings.from_env()
    unreadable = set(unreadable_logins(database, settings))
    for athlete_id, name in list_athletes(database).select("id", "name").iter_rows():
        if athlete_id in unreadable:
            logging.getLogger("trainer.jobs").warning(
                "%s: this worker cannot open the stored Garmin login with the key in %s; give every machine "
                "the site's key file (TRAINER_SECRET_KEY_FILE)",
                name,
                settings.key_file,
            )


@app.callback(invoke_without_command=True)
def jobs(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Per athlete: the last morning and its result, the next one, and what has failed and why."""
    if ctx.invoked_subcommand is not None:
        return
    from trainer.jobs.status import overview
    from trainer.settings import Settings

    rows = overview(open_db(db, read_only=True), Settings.from_env(), datetime.now(UTC))
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("no athletes yet")
        return
    for row in rows:
        last = "no morning run yet" if row["last_morning"] is None else f"{row['last_morning']} {row['state']}"
        typer.echo(f"{row['athlete']}: {last}; next {row['next_morning']}")
        if row["problem"]:
            typer.echo(f"  {row['problem']}")
        elif row["result"]:
            typer.echo(f"  {row['result']}")


@app.command("run")
def run_now(db: DbOption = None) -> None:
    """Enqueue the dispatch now (the mornings that are due, and anything lapsed); a worker runs it."""
    if db:
        os.environ["TRAINER_DATABASE_URL"] = db
    open_db(db)
    from trainer.jobs.tasks import dispatch_now

    dispatch_now()
    typer.echo("dispatch enqueued: a running trainer worker picks it up")
