"""``trainer app``: serve the marimo apps, locally (writes allowed) or published read-only."""

from __future__ import annotations

import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from trainer.errors import TrainerError
from trainer.settings import PROJECT_ROOT, Settings

NOTEBOOKS = PROJECT_ROOT / "notebooks"


def run_app(
    db: Annotated[str | None, typer.Option("--db", help="Database URL.")] = None,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 2718,
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    athlete: Annotated[str | None, typer.Option("--athlete", "-a", help="Open this athlete's dashboard.")] = None,
    headless: Annotated[bool, typer.Option(help="Do not open a browser.")] = False,
    publish: Annotated[bool, typer.Option(help="Serve both apps read-only for a browser audience.")] = False,
    base_url: Annotated[str | None, typer.Option(help="Path prefix behind a reverse proxy, e.g. /trainer.")] = None,
    no_auth: Annotated[bool, typer.Option("--no-auth", help="Published: serve without a password (explicit opt-out).")] = False,
    password_file: Annotated[Path | None, typer.Option(help="Published: read the password from this file (else TRAINER_APP_PASSWORD, else a prompt).")] = None,
) -> None:
    """Serve the athlete dashboard and the coach's squad view.

    Locally the database is writable (log readiness) and is created with the demo athletes if
    there is none. With --publish the database is opened read-only, write controls are absent,
    the code is hidden, and a password is required unless --no-auth is given.
    """
    from trainer.demo.writer import write_demo
    from trainer.store.athletes import get_athlete, list_athletes
    from trainer.store.database import open_database

    url = db or Settings.from_env().database_url
    database = open_database(url, read_only=publish)
    if not publish and list_athletes(database).is_empty():
        typer.echo("no athletes yet: writing the demo athletes first (`trainer demo`)")
        write_demo(database, date.today())
    if athlete:
        get_athlete(database, athlete)
    env = {key: value for key, value in os.environ.items() if key != "TRAINER_APP_PASSWORD"}
    env |= {"TRAINER_DATABASE_URL": url, "TRAINER_READ_ONLY": "1" if publish else "0"}
    # -q: marimo would print its URL with the access token (the password) in it
    command = [sys.executable, "-m", "marimo", "-q", "run", str(NOTEBOOKS), "--host", host, "--port", str(port)]
    if headless:
        command.append("--headless")
    if base_url:
        command += ["--base-url", base_url]
    password = _published_password(password_file) if publish and not no_auth else None
    command += ["--token", "--token-password-file", "-"] if password else ["--no-token"]
    prefix = f"http://{host}:{port}{base_url or ''}"
    query = f"&athlete={athlete}" if athlete else ""
    mode = "published read-only" + ("" if password else ", NO password") if publish else "local"
    typer.echo(f"trainer app ({mode}): {prefix}/?file=dashboard.py{query}  squad: {prefix}/?file=squad.py  (Ctrl+C to stop)", err=True)
    sys.stderr.flush()
    if password:
        _password_on_stdin(password)
    os.execve(sys.executable, command, env)  # the server replaces this process, so signals reach it


def _published_password(password_file: Path | None) -> str:
    """The password from a file, the environment, or a prompt; never echoed or logged."""
    if password_file is not None:
        try:
            password = password_file.read_text().strip()
        except OSError as exc:
            raise TrainerError(f"cannot read the password file {password_file}: {exc.strerror}") from None
    elif os.environ.get("TRAINER_APP_PASSWORD"):
        password = os.environ["TRAINER_APP_PASSWORD"]
    elif sys.stdin.isatty():
        password = getpass.getpass("Password for the published app: ")
        if password != getpass.getpass("Again: "):
            raise TrainerError("the passwords differ; nothing was started")
    else:
        raise TrainerError("a published app needs a password: --password-file F, TRAINER_APP_PASSWORD, or --no-auth to serve without one")
    if len(password) < 8:
        raise TrainerError("the password must have at least 8 characters")
    return password


def _password_on_stdin(password: str) -> None:
    """Hand the password to marimo through a pipe on standard input (not argv, not the environment)."""
    read_end, write_end = os.pipe()
    os.write(write_end, password.encode())
    os.close(write_end)
    os.dup2(read_end, 0)
    os.close(read_end)
