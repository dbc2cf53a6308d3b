"""``trainer import``: bring files in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trainer.cli.options import AthleteOption, DbOption, open_db

app = typer.Typer(help="Import data from files.", no_args_is_help=True)


@app.command("garmin-json")
def garmin_json(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders of Garmin Connect response bodies (*.json).", exists=True)
    ],
    athlete: AthleteOption,
    db: DbOption = None,
) -> None:
    """Import Garmin Connect response bodies (HRV, sleep, resting HR, stress, readiness, activities).

    The kind of each body is read from its content, whatever tool saved it. Importing the same
    files again changes nothing. Exit status 2 if any file failed.
    """

    from rich.progress import Progress

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
        raise typer.Exit(2)


@app.command("fit")
def fit(
    paths: Annotated[list[Path], typer.Argument(help="FIT files or folders of them.", exists=True)],
    athlete: AthleteOption,
    db: DbOption = None,
) -> None:
    """Import FIT files: activities (multisport legs linked to a parent) and daily monitoring files
    (resting HR). Damaged files are salvaged and marked; files with nothing usable are rejected
    with the reason. Exit status 2 if any file was rejected."""

    from rich.progress import Progress

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
        raise typer.Exit(2)


@app.command("csv")
def csv(
    kind: Annotated[str, typer.Argument(help="wellness | activities | readiness")],
    file: Annotated[Path, typer.Argument(help="The CSV file.", exists=True, dir_okay=False)],
    athlete: AthleteOption,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Import the good rows even if some are bad.")] = False,
    db: DbOption = None,
) -> None:
    """Import a CSV of wellness (date,hrv_ms,resting_hr,sleep_minutes,sleep_score,stress_level),
    activities (date,sport,minutes[,avg_hr,max_hr,load,rpe,distance_m]) or readiness
    (date,readiness[,fatigue,mood,soreness,stress,sleep_quality]). Every bad row is reported with
    its line, column and reason; nothing is written unless all rows are good or --skip-bad is given."""
    from trainer.errors import TrainerError
    from trainer.ingest.csv_import import COLUMNS, import_csv
    from trainer.store.athletes import get_athlete

    if kind not in COLUMNS:
        raise TrainerError(f"unknown CSV kind {kind!r}: use {', '.join(COLUMNS)}")
    database = open_db(db)
    report = import_csv(database, get_athlete(database, athlete).id, file, kind, skip_bad)
    for problem in report.problems[:50]:
        typer.echo(f"{file}: {problem}", err=True)
    if len(report.problems) > 50:
        typer.echo(f"{file}: ... and {len(report.problems) - 50} more problems", err=True)
    if report.problems and not skip_bad:
        typer.echo(f"{report.bad_rows} of {report.rows} rows are bad: nothing written (fix them, or pass --skip-bad)")
        raise typer.Exit(2)
    left = [name for name in COLUMNS[kind] if name not in report.columns]
    typer.echo(
        f"{report.written} rows written ({', '.join(report.columns) or 'dates only'}), {report.bad_rows} bad rows "
        f"skipped"
        + (f"; {', '.join(left)} left as they were (not in the file)" if left and kind != "activities" else "")
    )
    for name, count in report.emptied.items():
        typer.echo(f"{file}: column {name}: {count} empty cells stored as no value", err=True)
    if report.bad_rows:
        raise typer.Exit(2)


@app.command("pmdata")
def pmdata(
    folder: Annotated[
        Path, typer.Argument(help="The PMData folder holding p01, p02, ...", exists=True, file_okay=False)
    ],
    db: DbOption = None,
) -> None:
    """Import the PMData dataset: one athlete per participant (pmdata-p01, ...): Fitbit resting HR,
    sleep and sleep score, PMSys session-RPE loads, readiness and wellness items. No HRV in PMData."""
    from trainer.ingest.pmdata import import_pmdata

    counts = import_pmdata(open_db(db), folder)
    failed = 0
    for participant, numbers in counts.items():
        if "error" in numbers:
            failed += 1
            typer.echo(numbers["error"], err=True)
            continue
        typer.echo(
            f"pmdata-{participant}: {numbers['days']} days, {numbers['sessions']} sessions, {numbers['readiness']} "
            f"readiness entries"
        )
        for problem in numbers["warnings"]:
            typer.echo(f"pmdata-{participant}: {problem}", err=True)
    if failed:
        typer.echo(
            f"{failed} of {len(counts)} participants could not be read (named above); the others were written", err=True
        )
        raise typer.Exit(2)


@app.command("apple-health")
def apple_health(
    path: Annotated[Path, typer.Argument(help="The export.zip the Health app writes, or its export.xml.", exists=True)],
    athlete: AthleteOption,
    db: DbOption = None,
) -> None:
    """Import an Apple Health export: resting heart rate, HRV (Apple's SDNN, kept apart from the
    overnight rMSSD of other watches), sleep and workouts. Read as a stream, so an export of
    several GB imports in bounded memory; importing it again changes nothing. Exit status 2 if it
    is not a readable export."""

    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from trainer.ingest.apple_health.export import ExportUnreadable
    from trainer.ingest.apple_health.importer import import_apple_health
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    athlete_row = get_athlete(database, athlete)
    columns = (TextColumn("reading the export"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    try:
        with Progress(*columns, transient=True) as progress:
            task = progress.add_task("export", total=None)
            summary = import_apple_health(
                database,
                athlete_row,
                path,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except ExportUnreadable as problem:
        typer.echo(f"trainer: {path}: {problem}; nothing from it was written", err=True)
        raise typer.Exit(2) from None
    for warning in summary.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(summary.line())
