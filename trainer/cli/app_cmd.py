"""``trainer app``: serve the marimo apps, locally (writes allowed) or published to a team."""

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
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    athlete: Annotated[str | None, typer.Option("--athlete", "-a", help="Open this athlete's dashboard.")] = None,
    headless: Annotated[bool, typer.Option(help="Do not open a browser.")] = False,
    publish: Annotated[
        bool, typer.Option(help="Serve the apps read-only to the people given a link (trainer access add).")
    ] = False,
    base_url: Annotated[
        str | None, typer.Option(help="Published: path prefix behind a reverse proxy, e.g. /trainer.")
    ] = None,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="Published, demos only: no sign-in, EVERYONE SEES EVERY ATHLETE.")
    ] = False,
    check_ins: Annotated[
        bool,
        typer.Option(
            "--check-ins",
            help="Published: athletes may send their morning check-in (the only thing the server then writes).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Published: this many worker processes on PORT, PORT+1, ... behind nginx (deploy/nginx.conf).",
        ),
    ] = 1,
) -> None:
    """Serve the athlete dashboard, the coach's squad view and the research notebook.

    Locally (one person) the database is writable and is created with the demo athletes if there
    is none. With --publish the database is opened read-only and each person sees only what
    their private link grants (trainer access add).
    """
    from trainer.store.athletes import get_athlete, list_athletes
    from trainer.store.database import open_database

    url = db or Settings.from_env().database_url
    if publish and workers > 1:
        return _publish_workers(workers, url, host, port, base_url, no_auth, check_ins)
    if publish:
        return _publish(url, host, port, base_url or "", no_auth, check_ins)
    if no_auth or base_url or workers > 1 or check_ins:
        raise typer.BadParameter("--no-auth, --base-url, --check-ins and --workers go with --publish")
    read_only = Settings.from_env().read_only
    database = open_database(url, read_only=read_only)
    if not read_only and list_athletes(database).is_empty():
        from trainer.demo.writer import write_demo

        typer.echo("no athletes yet: writing the demo athletes first (`trainer demo`)")
        write_demo(database, date.today())
    if athlete:
        get_athlete(database, athlete)
    env = {**os.environ, "TRAINER_DATABASE_URL": url, "TRAINER_READ_ONLY": "1" if read_only else "0"}
    env.pop("TRAINER_PUBLISHED", None)
    command = [
        sys.executable,
        "-m",
        "marimo",
        "-q",
        "run",
        str(NOTEBOOKS),
        "--host",
        host,
        "--port",
        str(port),
        "--no-token",
    ]
    if headless:
        command.append("--headless")
    prefix = f"http://{host}:{port}"
    query = f"&athlete={athlete}" if athlete else ""
    typer.echo(
        f"trainer app (local{', read-only' if read_only else ''}): {prefix}/?file=dashboard.py{query}  squad: "
        f"{prefix}/?file=squad.py  (Ctrl+C to stop)",
        err=True,
    )
    sys.stderr.flush()
    os.execve(sys.executable, command, env)  # the server replaces this process, so signals reach it


def _publish(url: str, host: str, port: int, base_url: str, no_auth: bool, check_ins: bool = False) -> None:
    from trainer.serve.app import serve

    prefix = f"http://{host}:{port}{'/' + base_url.strip('/') if base_url.strip('/') else ''}"
    if no_auth:
        typer.echo(
            "WARNING: --no-auth: there is no sign-in and EVERY VIEWER SEES EVERY ATHLETE'S HEALTH DATA. Use it for "
            "demos only.",
            err=True,
        )
    if check_ins and no_auth:
        raise typer.BadParameter("--check-ins needs sign-in: a check-in is written for the athlete whose link sent it")
    mode = "read-only, check-ins on" if check_ins else "read-only"
    typer.echo(
        f"trainer app (published {mode}{', NO sign-in' if no_auth else ''}): {prefix}/  (people sign in with "
        f"links from `trainer access add`; Ctrl+C to stop)",
        err=True,
    )
    sys.stderr.flush()
    serve(url, host=host, port=port, base_url=base_url, open_access=no_auth, check_ins=check_ins)


def _publish_workers(
    workers: int, url: str, host: str, port: int, base_url: str | None, no_auth: bool, check_ins: bool = False
) -> None:
    """Run ``workers`` published servers on consecutive ports until stopped; nginx routes between them.

    The workers share what a browser's requests must find the same on each: trainer's signing key
    (one key file), and marimo's per-process secrets, which would otherwise differ (its server
    token comes from Python's randomised ``hash()``)."""
    import secrets
    import signal
    import subprocess

    shared = {
        **os.environ,
        "PYTHONHASHSEED": str(secrets.randbelow(2**32)),
        "MARIMO_SESSION_SECRET": secrets.token_hex(32),
    }
    ports = list(range(port, port + workers))
    command = [sys.executable, "-m", "trainer", "app", "--publish", "--headless", "--db", url, "--host", host]
    command += (["--base-url", base_url] if base_url else []) + (["--no-auth"] if no_auth else [])
    command += ["--check-ins"] if check_ins else []
    children = [subprocess.Popen([*command, "--port", str(p)], env=shared) for p in ports]
    typer.echo(
        f"trainer app: {workers} published workers on {host}:{ports[0]}-{ports[-1]}; put nginx in front of them "
        f"(deploy/nginx.conf). Ctrl+C stops them all.",
        err=True,
    )

    def stop(*_):
        for child in children:
            child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        os.wait()  # the first worker to end (a crash, or a signal) ends them all: a process manager restarts the set
    except ChildProcessError:
        pass
    stop()
    codes = [child.wait() for child in children]
    raise typer.Exit(0 if all(code == 0 for code in codes) else 1)
