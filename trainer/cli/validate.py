"""``trainer validate``: how well the score tracks perceived readiness, beside simple baselines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trainer.cli.options import DbOption, open_db
from trainer.cli.score import AcwrOption, MethodOption, WeightsOption, scoring_config
from trainer.research.resampling import DEFAULT_RESAMPLING


def validate(
    athletes: Annotated[
        str | None, typer.Option(help="Comma-separated athlete names (default: everyone with readiness).")
    ] = None,
    method: MethodOption = "seed",
    weights: WeightsOption = None,
    acwr: AcwrOption = None,
    lag: Annotated[int, typer.Option(min=0, max=1, help="0: readiness of the same day; 1: of the next day.")] = 0,
    fit: Annotated[
        bool, typer.Option("--fit", help="Fit weights; judge them on held-out athletes and on later weeks.")
    ] = False,
    draws: Annotated[
        int, typer.Option(min=100, max=100_000, help="Bootstrap draws for every CI.")
    ] = DEFAULT_RESAMPLING.draws,
    seed: Annotated[
        int, typer.Option(min=0, help="Resampling seed: where the bootstrap's random draws of athletes start.")
    ] = DEFAULT_RESAMPLING.seed,
    practical: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="The smallest difference in rmcorr that matters: a CI inside it is no practical difference.",
        ),
    ] = DEFAULT_RESAMPLING.practical,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print strict JSON (null where a figure cannot be computed).")
    ] = False,
    export_dir: Annotated[
        Path | None, typer.Option("--export", help="Write the joined daily table, config, version and input hash here.")
    ] = None,
    report_dir: Annotated[
        Path | None, typer.Option("--report", help="Write a self-contained HTML report here (includes --fit).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Repeated-measures correlation of the score with perceived readiness (cluster-bootstrap CI),
    the score beside simple baselines with paired CIs, per athlete and per component; optionally
    fitted weights judged out of sample."""
    from trainer.errors import TrainerError
    from trainer.research.bootstrap import Resampling
    from trainer.research.report import export, load_inputs, to_json
    from trainer.research.report import validate as run_validation
    from trainer.store.athletes import get_athlete

    database = open_db(db, read_only=True)
    names = [name.strip() for name in athletes.split(",")] if athletes is not None else None
    if names is not None and not all(names):
        raise TrainerError(
            f"--athletes {athletes!r} has an empty name: give names separated by commas, e.g. --athletes ana,bo"
        )
    ids = [get_athlete(database, name).id for name in names] if names is not None else None
    config = scoring_config(method, weights, acwr)
    inputs = load_inputs(database, ids)
    if inputs["readiness"].is_empty():
        raise TrainerError(
            "no perceived readiness recorded for these athletes: log some with `trainer log readiness` or import PMData"
        )
    fit = fit or report_dir is not None
    resampling = Resampling(draws=draws, seed=seed, practical=practical)
    result, table = run_validation(inputs, config, lag, fit, resampling, fit_progress())
    if export_dir:
        for path in export(export_dir, result, table, config, inputs):
            typer.echo(f"wrote {path}", err=True)
    if report_dir:
        from trainer.research.html_report import write_report
        from trainer.research.report import reproduce_command

        command = reproduce_command(config, lag, resampling, names, report_dir.name)
        typer.echo(f"wrote {write_report(report_dir, result, table, config, inputs, command)}", err=True)
    for warning in result["warnings"]:
        typer.echo(f"warning: {warning}", err=True)
    if as_json:
        typer.echo(to_json(result))
        return
    for line in text_lines(result):
        typer.echo(line)


def fit_progress():
    """On a terminal, one line that counts the held-out athletes of the fit; nothing in a pipe or a log."""
    import sys

    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\rfitting weights: {done} of {total} held-out athletes" + ("\n" if done == total else ""))
        sys.stderr.flush()

    return show


def text_lines(result: dict) -> list[str]:
    from trainer.research import story

    lines = [
        f"{result.get('method_name', result['method'])} method ({result['weights']}), lag {result['lag']}:",
        story.headline(result),
        "",
        "Beside other predictors:",
    ]
    for row in result["predictors"]:
        figure = (
            "no data"
            if not row["n_days"]
            else f"{story.number(row['rmcorr'])} ({story.ci(row['ci_low'], row['ci_high'], result)})"
        )
        lines.append(f"  {row['label']:<36} {figure}")
    subject = f"The {story.name_of(result)} score"
    lines += ["", "Compared on the same days (each pair on the days both exist):"]
    lines += [f"  {story.comparison(row, result, subject)}" for row in result["comparisons"]]
    lines += ["", *story.verdict(result), "", "Components (rmcorr with readiness):"]
    for name, component in result["components"].items():
        figure = (
            "no data"
            if component["rmcorr"] is None
            else f"{story.number(component['rmcorr'])} ({story.ci(component['ci_low'], component['ci_high'], result)})"
        )
        lines.append(f"  {name:>6}: {figure}")
    fit = story.fit_lines(result)
    return lines + (["", *fit] if fit else []) + story.personal_lines(result)
