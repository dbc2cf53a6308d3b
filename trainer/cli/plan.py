"""``trainer goal`` and ``trainer plan``: set goals, build a plan toward one, show it, adapt it weekly."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from trainer.cli.options import AthleteOption, DbOption, open_db, parse_date

goal_app = typer.Typer(help="Races and targets to plan toward.", no_args_is_help=True)
plan_app = typer.Typer(help="Periodized plans: create, show, adapt.", no_args_is_help=True)
OnOption = Annotated[
    date | None,
    typer.Option(
        "--on", parser=parse_date, metavar="YYYY-MM-DD", help="Act as if today were this day (default: today)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
GoalOption = Annotated[int | None, typer.Option("--goal", help="Goal id (default: the first active goal with a plan).")]


@goal_app.command("add")
def goal_add(
    athlete: AthleteOption,
    event_date: Annotated[
        date | None,
        typer.Option("--date", parser=parse_date, metavar="YYYY-MM-DD", help="Race day (a base block: its last day)."),
    ] = None,
    sport: Annotated[
        str, typer.Option(help="running, cycling, triathlon, swimming, or base (build my base, no event).")
    ] = "running",
    distance: Annotated[
        str | None,
        typer.Option(help="Running: 5k, 10k, half, marathon, ultra or km. Triathlon: sprint, olympic, 70.3, full."),
    ] = None,
    event: Annotated[str | None, typer.Option(help="Cycling: gran-fondo, time-trial or stage.")] = None,
    hours: Annotated[float | None, typer.Option(help="Cycling: how long the event (a stage) lasts, hours.")] = None,
    stage_days: Annotated[int | None, typer.Option("--stage-days", help="Cycling stage race: its days.")] = None,
    distance_km: Annotated[
        float | None, typer.Option("--km", help="Cycling: the event's distance in km (checks a target time).")
    ] = None,
    target_time: Annotated[
        str | None, typer.Option("--target-time", metavar="H:MM:SS", help="Target finish time.")
    ] = None,
    priority: Annotated[str, typer.Option(help="A, B or C.")] = "A",
    days_per_week: Annotated[int, typer.Option("--days-per-week", help="Training days a week, 3-7.")] = 5,
    max_minutes: Annotated[
        int | None, typer.Option("--max-minutes", help="Longest session you can do, minutes.")
    ] = None,
    days: Annotated[
        str, typer.Option(help="Weekdays you can train, e.g. mon,tue,thu,sat,sun.")
    ] = "mon,tue,wed,thu,fri,sat,sun",
    name: Annotated[str | None, typer.Option(help="A name for the goal (default: from the event).")] = None,
    on: OnOption = None,
    db: DbOption = None,
) -> None:
    """Add a goal in any endurance sport; prints its id and whether its target looks within reach."""
    from trainer.planning.goals import describe, goal_event, goal_from_event
    from trainer.planning.service import add_checked_goal
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    record = get_athlete(database, athlete)
    today = athlete_today(record, on)
    chosen = goal_event(sport, distance, event, hours, stage_days, distance_km, event_date, today, record.main_sport)
    spec = goal_from_event(
        chosen,
        name=name,
        target_time=target_time,
        priority=priority,
        days_per_week=days_per_week,
        days=days,
        max_minutes=max_minutes,
    )
    goal, notes = add_checked_goal(database, record, spec, today)
    typer.echo(goal.id)
    typer.echo(
        f"goal {goal.id}: {describe(spec)}, priority {spec.priority}; next: trainer plan create --athlete {athlete} "
        f"--goal {goal.id}",
        err=True,
    )
    for note in notes:
        typer.echo(f"note: {note}", err=True)


@goal_app.command("list")
def goal_list(athlete: AthleteOption, as_json: JsonOption = False, db: DbOption = None) -> None:
    """The athlete's goals, active first."""
    from trainer.planning.goals import titled
    from trainer.planning.store import goal_spec, list_goals
    from trainer.store.athletes import get_athlete

    database = open_db(db, read_only=True)
    goals = list_goals(database, get_athlete(database, athlete).id)
    if as_json:
        typer.echo(json.dumps([g.model_dump(mode="json") for g in goals], indent=2))
        return
    if not goals:
        typer.echo(
            f"no goals: add one with `trainer goal add --athlete {athlete} --distance marathon --date YYYY-MM-DD`"
        )
    for g in goals:
        typer.echo(f"{g.id:>4}  {g.status:9}  {g.priority}  {titled(goal_spec(g))}")


@goal_app.command("done")
def goal_done(
    athlete: AthleteOption,
    goal_id: Annotated[int, typer.Argument(help="Goal id.")],
    abandoned: Annotated[bool, typer.Option("--abandoned", help="Mark it abandoned rather than achieved.")] = False,
    db: DbOption = None,
) -> None:
    """Mark a goal achieved (or abandoned); its plan stops being the current one."""
    from trainer.planning.store import set_goal_status
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    goal = set_goal_status(
        database, get_athlete(database, athlete).id, goal_id, "abandoned" if abandoned else "achieved"
    )
    typer.echo(f"goal {goal.id} ({goal.name}) is now {goal.status}")


@plan_app.command("create")
def plan_create(
    athlete: AthleteOption,
    goal: Annotated[int, typer.Option("--goal", help="Goal id (see `trainer goal list`).")],
    on: OnOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Build a plan from current fitness to race day and save it."""
    from trainer.planning.report import plan_dict, plan_text
    from trainer.planning.service import create_plan
    from trainer.planning.today import athlete_zones
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    record = get_athlete(database, athlete)
    version, plan = create_plan(database, record, goal, athlete_today(record, on))
    if as_json:
        zones = athlete_zones(database, record, athlete_today(record, on))
        typer.echo(json.dumps(plan_dict(plan, goal_id=goal, version=version.version, zones=zones), indent=2))
    else:
        typer.echo(plan_text(plan))
        typer.echo(
            f"saved as version {version.version}; see a week with `trainer plan show --athlete {athlete} --week 1`"
        )


@plan_app.command("show")
def plan_show(
    athlete: AthleteOption,
    week: Annotated[int | None, typer.Option(help="Show this week's sessions (1 = first).")] = None,
    goal: GoalOption = None,
    on: OnOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """The current plan with what was done (done / moved / missed) and weekly compliance."""
    import polars as pl

    from trainer.errors import TrainerError
    from trainer.planning.report import plan_dict, plan_text
    from trainer.planning.service import plan_view
    from trainer.planning.today import athlete_zones
    from trainer.store.athletes import get_athlete

    database = open_db(db, read_only=True)
    record = get_athlete(database, athlete)
    view = plan_view(database, record, athlete_today(record, on), goal)
    if view is None:
        raise TrainerError(f"{athlete} has no plan: `trainer goal add` then `trainer plan create`")
    workouts = view.workouts if week is None else view.workouts.filter(pl.col("week") == week)
    if as_json:
        weeks = view.weeks if week is None else view.weeks.filter(pl.col("week") == week)
        zones = athlete_zones(
            database, record, athlete_today(record, on)
        )  # the steps' heart-rate ranges: the dashboard's
        typer.echo(
            json.dumps(
                plan_dict(view.plan, weeks, workouts, view.version.goal_id, view.version.version, zones), indent=2
            )
        )
    else:
        typer.echo(plan_text(view.plan, view.weeks, view.workouts, week))


def athlete_today(record, on: date | None) -> date:
    """``--on`` when given, else the athlete's own today (``day.clock``)."""
    from trainer.day.clock import local_today, now
    from trainer.settings import Settings

    return on or local_today(record.time_zone, now(Settings.from_env()))


@plan_app.command("ics")
def plan_ics(
    athlete: AthleteOption,
    out: Annotated[Path | None, typer.Option("--out", help="Write the calendar here (default: print it).")] = None,
    goal: GoalOption = None,
    on: OnOption = None,
    db: DbOption = None,
) -> None:
    """The plan as an iCalendar file: one event per session with its steps; importing it again
    updates, never duplicates."""
    from trainer.day.answer import athlete_day
    from trainer.errors import TrainerError
    from trainer.planning.service import plan_calendar_for
    from trainer.store.athletes import get_athlete

    database = open_db(db, read_only=True)
    record = get_athlete(database, athlete)
    day = athlete_today(record, on)
    text = plan_calendar_for(database, record, day, goal, athlete_day(database, record, day).advice)
    if text is None:
        raise TrainerError(f"{athlete} has no plan: `trainer goal add` then `trainer plan create`")
    if out is None:
        typer.echo(text.decode(), nl=False)
        return
    try:
        out.write_bytes(text)
    except OSError as error:
        raise TrainerError(f"{out}: cannot write the calendar ({error.strerror or error})") from None
    typer.echo(f"{out}: {text.count(b'BEGIN:VEVENT')} sessions of {athlete}'s plan")


@plan_app.command("push")
def plan_push(
    athlete: AthleteOption,
    days: Annotated[
        int, typer.Option(min=1, max=28, help="How many days from today (or --on) to put on the watch.")
    ] = 7,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the JSON that would be sent; send nothing.")
    ] = False,
    on: OnOption = None,
    db: DbOption = None,
) -> None:
    """Put the next days' sessions on Garmin Connect's calendar (the watch picks them up). Idempotent.

    New sessions are uploaded and scheduled, changed ones updated, removed ones unscheduled and
    deleted; only workouts trainer created are touched. Exit status 1 if Garmin stopped it early
    (run it again: it resumes)."""
    from trainer.day.answer import athlete_day
    from trainer.ingest.garmin import session
    from trainer.planning.watch.push import planned_calls, push_plan
    from trainer.store.athletes import get_athlete

    database = open_db(db, read_only=dry_run)
    record = get_athlete(database, athlete)
    day = athlete_today(record, on)
    the_day = athlete_day(database, record, day).advice  # the day as the athlete's page says it
    if dry_run:
        typer.echo(json.dumps(planned_calls(database, record, day, days, the_day), indent=2))
        return
    with session.login_held(database, record) as held:  # one use of the login at a time: the tokens read afresh
        report = push_plan(database, record, held.client(), day, days, the_day=the_day)
    typer.echo(report.summary(athlete))
    if report.stopped:
        raise typer.Exit(1)


@plan_app.command("adapt")
def plan_adapt(
    athlete: AthleteOption,
    goal: GoalOption = None,
    on: OnOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Adapt the coming week to last week's recovery and compliance (run it Sunday evening or Monday)."""
    from trainer.planning.report import plan_dict
    from trainer.planning.service import adapt_plan
    from trainer.planning.today import athlete_zones
    from trainer.store.athletes import get_athlete

    database = open_db(db)
    record = get_athlete(database, athlete)
    result = adapt_plan(database, record, athlete_today(record, on), goal)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "changed": result.changed,
                    "message": result.message,
                    "decision": result.decision.to_dict() if result.decision else None,
                    **plan_dict(
                        result.plan,
                        goal_id=result.version.goal_id,
                        version=result.version.version,
                        zones=athlete_zones(database, record, athlete_today(record, on)),
                    ),
                },
                indent=2,
            )
        )
    else:
        typer.echo(
            ("adapted: " if result.changed else "")
            + result.message
            + (f" (now version {result.version.version})" if result.changed else "")
        )
