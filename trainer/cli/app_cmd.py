"""``trainer app``: serve the marimo dashboard, creating demo data first if there is no database."""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import Annotated

import typer

from trainer.settings import PROJECT_ROOT, Settings

NOTEBOOKS = PROJECT_ROOT / "notebooks"


def run_app(
    db: Annotated[str | None, typer.Option("--db", help="Database URL.")] = None,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 2718,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    headless: Annotated[bool, typer.Option(help="Do not open a browser.")] = False,
) -> None:
    """Serve the athlete dashboard on demo data or your own (http://HOST:PORT)."""
    from trainer.demo.writer import write_demo
    from trainer.store.athletes import list_athletes
    from trainer.store.database import open_database

    url = db or Settings.from_env().database_url
    database = open_database(url)
    if list_athletes(database).is_empty():
        typer.echo("no athletes yet: writing the demo athletes first (`trainer demo`)")
        write_demo(database, date.today())
    env = {**os.environ, "TRAINER_DATABASE_URL": url}
    command = [sys.executable, "-m", "marimo", "run", str(NOTEBOOKS / "dashboard.py"),
               "--host", host, "--port", str(port), "--no-token"]
    if headless:
        command.append("--headless")
    typer.echo(f"trainer app: http://{host}:{port}  (Ctrl+C to stop)", err=True)
    sys.stderr.flush()
    os.execve(sys.executable, command, env)  # the server replaces this process, so signals reach it
