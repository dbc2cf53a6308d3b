"""``trainer athlete``: add, list, show and delete athletes."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from trainer.cli.options import DbOption, open_db

app = typer.Typer(help="Manage athletes.", no_args_is_help=True)


@app.command("add")
def add(
    name: str,
    db: DbOption = None,
    sex: Annotated[str | None, typer.Option(help="male | female (used by TRIMP).")] = None,
    birth_year: Annotated[int | None, typer.Option(help="Year of birth (for the age-based max HR).")] = None,
    max_hr: Annotated[int | None, typer.Option(help="Max HR override, bpm.")] = None,
    resting_hr: Annotated[int | None, typer.Option(help="Resting HR override, bpm.")] = None,
    lthr: Annotated[int | None, typer.Option(help="Lactate-threshold HR, bpm.")] = None,
    sport: Annotated[str, typer.Option(help="Main sport: run, bike, swim, triathlon, row, strength, other.")] = "run",
    zone_method: Annotated[str, typer.Option(help="auto | lthr | hrr | max.")] = "auto",
    time_zone: Annotated[str, typer.Option(help="IANA time zone, e.g. Europe/Oslo.")] = "UTC",
) -> None:
    """Add an athlete."""

    from trainer.store.athletes import add_athlete

    athlete = add_athlete(
        open_db(db),
        name,
        sex=sex,
        birth_year=birth_year,
        max_hr=max_hr,
        resting_hr=resting_hr,
        lthr=lthr,
        main_sport=sport,
        zone_method=zone_method,
        time_zone=time_zone,
    )
    typer.echo(f"added athlete {athlete.name} (id {athlete.id})")


@app.command("list")
def list_(db: DbOption = None) -> None:
    """List athletes."""

    from trainer.store.athletes import list_athletes

    athletes = list_athletes(open_db(db, read_only=True))
    if athletes.is_empty():
        typer.echo("no athletes yet: `trainer demo` writes demo athletes, `trainer athlete add NAME` adds one")
        return
    for row in athletes.iter_rows(named=True):
        demo = "  [demo]" if row["is_demo"] else ""
        typer.echo(f"{row['id']:>4}  {row['name']:<24} {row['main_sport']:<10} {row['time_zone']}{demo}")


@app.command("show")
def show(name: str, db: DbOption = None) -> None:
    """Show an athlete's settings and how much data trainer has for them."""

    from trainer.day.clock import local_today, now
    from trainer.ingest.connected import SOURCE_NAMES, sources_of
    from trainer.scoring.thresholds import figure_lines
    from trainer.settings import Settings
    from trainer.store.athletes import get_athlete
    from trainer.store.loaders import load_activities, load_readiness, load_wellness
    from trainer.store.performance import athlete_thresholds

    database = open_db(db, read_only=True)
    athlete = get_athlete(database, name)
    for field in type(athlete).model_fields:
        value = getattr(athlete, field)
        typer.echo(f"{field:>12}: {value if value is not None else '-'}")
    for label, frame in (
        ("wellness", load_wellness(database, [athlete.id])),
        ("activities", load_activities(database, [athlete.id])),
        ("readiness", load_readiness(database, [athlete.id])),
    ):
        span = f"{frame['date'].min()} .. {frame['date'].max()}" if frame.height else "none"
        typer.echo(f"{label:>12}: {frame.height} rows ({span})")
    connected = sources_of(database, athlete.id, Settings.from_env())
    typer.echo(f"{'sources':>12}: {', '.join(SOURCE_NAMES[s] for s in connected) if connected else 'none connected'}")
    typer.echo("\nPower and pace:")
    on = local_today(athlete.time_zone, now(Settings.from_env()))
    for line in figure_lines(athlete_thresholds(database, athlete.id, on)):
        typer.echo(f"  {line}")


@app.command("delete")
def delete(
    name: str,
    db: DbOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase an athlete: every row about them and their stored Garmin tokens (right to erasure)."""

    from trainer.ingest.private import delete_private
    from trainer.store.athletes import delete_athlete, get_athlete

    database = open_db(db)
    get_athlete(database, name)
    if not yes:
        if not sys.stdin.isatty():
            raise typer.BadParameter("refusing to delete without confirmation: pass --yes", param_hint="--yes")
        typer.confirm(f"Delete athlete {name!r} and all their data? This cannot be undone.", abort=True)
    athlete_id = get_athlete(database, name).id
    counts = delete_athlete(database, name)
    files = delete_private(athlete_id)
    if counts.pop("garmin_login", 0) and "tokens" not in files:  # the login sealed in the database
        files.insert(0, "tokens")
    rows = sum(counts.values())
    said = {"tokens": "their Garmin tokens", "archive": "their raw Garmin archive"}
    typer.echo(
        f"deleted athlete {name}: {rows} row{'' if rows == 1 else 's'}" + "".join(f", and {said[f]}" for f in files)
    )
