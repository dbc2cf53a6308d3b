"""``trainer validate``: how well the score tracks perceived readiness."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated

import typer

from trainer.cli.options import DbOption, open_db
from trainer.cli.score import AcwrOption, MethodOption, WeightsOption, scoring_config


def validate(
    athletes: Annotated[str | None, typer.Option(help="Comma-separated athlete names (default: everyone with readiness).")] = None,
    method: MethodOption = "seed",
    weights: WeightsOption = None,
    acwr: AcwrOption = None,
    lag: Annotated[int, typer.Option(min=0, max=1, help="0: readiness of the same day; 1: of the next day.")] = 0,
    fit: Annotated[bool, typer.Option("--fit", help="Fit weights by nested leave-one-athlete-out cross-validation.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    export_dir: Annotated[Path | None, typer.Option("--export", help="Write the joined daily table, config, version and input hash here.")] = None,
    db: DbOption = None,
) -> None:
    """Repeated-measures correlation of the score with perceived readiness (cluster-bootstrap CI),
    per athlete, per component, and optionally fitted weights judged out of sample."""
    from trainer.errors import TrainerError
    from trainer.research.report import export, load_inputs
    from trainer.research.report import validate as run_validation
    from trainer.store.athletes import get_athlete

    database = open_db(db, read_only=True)
    ids = [get_athlete(database, name.strip()).id for name in athletes.split(",")] if athletes else None
    config = scoring_config(method, weights, acwr)
    inputs = load_inputs(database, ids)
    if inputs["readiness"].is_empty():
        raise TrainerError("no perceived readiness recorded for these athletes: log some with `trainer log readiness` or import PMData")
    result, joined = run_validation(inputs, config, lag, fit)
    if export_dir:
        for path in export(export_dir, result, joined, config, inputs):
            typer.echo(f"wrote {path}", err=True)
    if as_json:
        typer.echo(json.dumps(result, indent=2, default=lambda v: None if isinstance(v, float) and math.isnan(v) else str(v)))
        return
    typer.echo(f"{result['method']} ({result['weights']}), lag {lag}: rmcorr {result['rmcorr']:.3f} "
               f"[{result['ci_low']:.3f}, {result['ci_high']:.3f}] (cluster bootstrap), p = {result['p_value']:.2g}; "
               f"{result['n_days']} days, {result['n_athletes']} athletes; pooled Spearman {result['pooled_spearman']:.3f}")
    for name, component in result["components"].items():
        value = "no data" if component["rmcorr"] is None else f"{component['rmcorr']:.3f} [{component['ci_low']:.3f}, {component['ci_high']:.3f}]"
        typer.echo(f"  {name:>6}: {value}")
    if fit:
        f = result["fit"]
        typer.echo(f"fitted weights {f['weights']} (shrinkage {f['shrinkage']:g}); out of sample on {f['n_athletes']} held-out athletes: "
                   f"seed {f['cv_rmcorr_seed']:.3f}, fitted {f['cv_rmcorr_fitted']:.3f}, normal-range {f['cv_rmcorr_normal_range']:.3f}"
                   f" -> fitted {'beats' if f['beats_seed'] else 'does not beat'} the seed weights")
