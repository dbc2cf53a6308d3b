"""``trainer demo``: write the demo athletes."""

from datetime import date
from typing import Annotated

import typer

from trainer.cli.options import DbOption, open_db, parse_date


def demo(
    db: DbOption = None,
    end: Annotated[
        date | None, typer.Option(parser=parse_date, metavar="YYYY-MM-DD", help="Last demo day (default: today).")
    ] = None,
    days: Annotated[int, typer.Option(min=60, max=4000, help="Days of history per athlete.")] = 760,
    squad: Annotated[
        int, typer.Option(min=0, max=500, help="Also write N varied squad athletes (demo-squad-001...).")
    ] = 0,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same data.")] = 7,
) -> None:
    """Write the demo athletes (a marathoner, a cyclist, a triathlete), clearly marked as demo data.

    Deterministic: the same --end and --seed give identical rows. Running it again updates the
    demo athletes in place and never touches real athletes.
    """

    from rich.progress import Progress

    from trainer.demo.profiles import DEMO_PROFILES
    from trainer.demo.squad import squad_profiles
    from trainer.demo.writer import write_demo

    database = open_db(db)
    profiles = [*DEMO_PROFILES, *squad_profiles(squad)]
    with Progress(transient=True) as progress:
        task = progress.add_task("writing demo athletes", total=len(profiles))
        counts = write_demo(
            database, end or date.today(), profiles, days=days, seed=seed, progress=lambda _name: progress.advance(task)
        )
    typer.echo(
        f"demo data written: {counts['athletes']} athletes, {counts['wellness']} wellness days, "
        f"{counts['activities']} activities, {counts['readiness']} readiness entries"
    )
    for name in counts["skipped"]:
        typer.echo(
            f"left {name} alone: that athlete is real (not written by `trainer demo`), so no demo data went to them",
            err=True,
        )
