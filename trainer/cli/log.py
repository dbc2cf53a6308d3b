"""``trainer log``: a workout or the morning's readiness, typed by hand."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from trainer.cli.options import AthleteOption, DbOption, open_db, parse_date

app = typer.Typer(help="Log a workout, perceived readiness, illness or injury by hand.", no_args_is_help=True)
DayOption = Annotated[date, typer.Option("--date", parser=parse_date, metavar="YYYY-MM-DD", help="The day.")]


@app.command("workout")
def workout(
    athlete: AthleteOption,
    day: DayOption,
    sport: Annotated[str, typer.Option(help="run, bike, swim, triathlon, row, strength or other.")],
    minutes: Annotated[float, typer.Option(min=1, max=2880, help="Duration in minutes.")],
    rpe: Annotated[float | None, typer.Option(min=0, max=10, help="Session RPE, CR-10 scale.")] = None,
    avg_hr: Annotated[float | None, typer.Option("--avg-hr", min=30, max=230, help="Average heart rate, bpm.")] = None,
    db: DbOption = None,
) -> None:
    """Log a workout: load from the average HR (TRIMP), else session RPE x minutes."""
    from trainer.errors import TrainerError
    from trainer.ingest.csv_import import SPORTS
    from trainer.ingest.manual import log_workout
    from trainer.store.athletes import get_athlete

    if sport not in SPORTS:
        raise TrainerError(f"unknown sport {sport!r}: use {', '.join(SPORTS)}")
    database = open_db(db)
    row = log_workout(database, get_athlete(database, athlete), day, sport, minutes, rpe, avg_hr)
    load = "unknown (give --rpe or --avg-hr)" if row["load"] is None else f"{row['load']:g} ({row['load_source']})"
    typer.echo(f"logged {minutes:g} min {sport} on {day}; load {load}")


@app.command("readiness")
def readiness(
    athlete: AthleteOption,
    day: DayOption,
    readiness_value: Annotated[float, typer.Option("--readiness", help="How ready you feel, 0-10.")],
    fatigue: Annotated[float | None, typer.Option(help="1-5, 5 = very fresh.")] = None,
    mood: Annotated[float | None, typer.Option(help="1-5, 5 = very good.")] = None,
    soreness: Annotated[float | None, typer.Option(help="1-5, 5 = not sore.")] = None,
    stress: Annotated[float | None, typer.Option(help="1-5, 5 = relaxed.")] = None,
    sleep_quality: Annotated[float | None, typer.Option(help="1-5, 5 = excellent.")] = None,
    db: DbOption = None,
) -> None:
    """Log perceived readiness (before looking at the score): a check-in like the phone's, kept as a
    version, its ranges checked by the check-in's one table."""
    from trainer.ingest.check_in import log_readiness
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    replaced = log_readiness(
        database,
        get_athlete(database, athlete).id,
        day,
        readiness_value,
        fatigue=fatigue,
        mood=mood,
        soreness=soreness,
        stress=stress,
        sleep_quality=sleep_quality,
    )
    typer.echo(f"readiness {readiness_value:g}/10 logged for {day}" + (f"; {replaced.sentence()}" if replaced else ""))


FromDay = Annotated[date, typer.Option("--from", parser=parse_date, metavar="YYYY-MM-DD", help="The first day.")]
ToDay = Annotated[
    date | None,
    typer.Option("--to", parser=parse_date, metavar="YYYY-MM-DD", help="The last day (leave out while it lasts)."),
]


@app.command("illness")
def illness(athlete: AthleteOption, start: FromDay, end: ToDay = None, db: DbOption = None) -> None:
    """A spell of illness: rest while it lasts, then three days easing back in."""
    from trainer.ingest.check_in import log_episode
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    log_episode(database, get_athlete(database, athlete).id, "illness", start, end)
    typer.echo(f"illness logged from {start}" + (f" to {end}" if end else ", still going"))


@app.command("injury")
def injury(
    athlete: AthleteOption,
    start: FromDay,
    part: Annotated[str, typer.Option(help="Where: foot, ankle, calf, shin, knee, thigh, hip, back, shoulder, ...")],
    severity: Annotated[str, typer.Option(help="niggle, limits (it limits training) or 'cannot train'.")],
    end: ToDay = None,
    db: DbOption = None,
) -> None:
    """An injury: no load on what hurts while it lasts (a leg injury gets no running)."""
    from trainer.ingest.check_in import log_episode
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    log_episode(database, get_athlete(database, athlete).id, "injury", start, end, part, severity)
    typer.echo(f"{severity} {part} injury logged from {start}" + (f" to {end}" if end else ", still going"))
