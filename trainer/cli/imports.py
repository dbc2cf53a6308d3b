"""``trainer import``: bring files in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from trainer.cli.options import AthleteOption, DbOption, open_db

app = typer.Typer(help="Import data from files.", no_args_is_help=True)


@app.command("garmin-json")
def garmin_json(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of Garmin Connect response bodies (*.json).", exists=True)],
    athlete: AthleteOption,
    db: DbOption = None,
) -> None:
    """Import Garmin Connect response bodies (HRV, sleep, resting HR, stress, readiness, activities).

    The kind of each body is read from its content, whatever tool saved it. Importing the same
    files again changes nothing. Exit status 1 if any file failed.
    """
    from trainer.ingest.garmin_json import import_garmin_json, json_files
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    athlete_row = get_athlete(database, athlete)
    files = json_files(paths)
    with Progress(transient=True) as progress:
        task = progress.add_task("importing Garmin bodies", total=len(files))
        summary = import_garmin_json(database, athlete_row.id, files, progress=lambda _path: progress.advance(task))
    for warning in summary.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(summary.line())
    if summary.failed:
        raise typer.Exit(1)


@app.command("fit")
def fit(
    paths: Annotated[list[Path], typer.Argument(help="FIT files or folders of them.", exists=True)],
    athlete: AthleteOption,
    db: DbOption = None,
) -> None:
    """Import FIT files: activities (multisport legs linked to a parent) and daily monitoring files
    (resting HR). Damaged files are salvaged and marked; files with nothing usable are rejected
    with the reason. Exit status 1 if any file was rejected."""
    from trainer.ingest.fit_import import fit_files, import_fit
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    athlete_row = get_athlete(database, athlete)
    files = fit_files(paths)
    with Progress(transient=True) as progress:
        task = progress.add_task("importing FIT files", total=len(files))
        summary = import_fit(database, athlete_row, files, progress=lambda _path: progress.advance(task))
    for warning in summary.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(summary.line())
    if summary.rejected:
        raise typer.Exit(1)
