"""``trainer score`` and ``trainer today``."""

from __future__ import annotations

import json
import warnings
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import polars as pl

from trainer.cli.options import DbOption, FromOption, ToOption, open_db, parse_date
from trainer.errors import InputError, TrainerError
from trainer.scoring import ScoringConfig, Weights
from trainer.scoring.config import ACWR_VARIANTS, METHODS

MethodOption = Annotated[str, typer.Option("--method", help="seed | normal-range | personal.")]
WeightsOption = Annotated[
    str | None, typer.Option("--weights", help="e.g. hrv=0.4,hr=0.3,sleep=0.2,stress=0.1 (normalised).")
]
AcwrOption = Annotated[
    str | None, typer.Option("--acwr", help="rolling | uncoupled | ewma (default: the method's own).")
]


def scoring_config(method: str, weights: str | None, acwr: str | None) -> ScoringConfig:
    if method not in METHODS:
        raise TrainerError(f"unknown method {method!r}: use {' or '.join(METHODS)}")
    if acwr is not None and acwr not in ACWR_VARIANTS:
        raise TrainerError(f"unknown ACWR variant {acwr!r}: use {', '.join(ACWR_VARIANTS)}")
    return ScoringConfig(method=method, weights=Weights.parse(weights) if weights else Weights(), acwr_variant=acwr)


def score(
    wellness: Annotated[
        Path | None, typer.Option("--wellness", help="Wellness file (.csv or .parquet) with the export columns.")
    ] = None,
    loads: Annotated[Path | None, typer.Option("--loads", help="Loads file: athlete_id,date,load.")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Scores to .csv or .parquet (default: a table / CSV on standard output)."),
    ] = None,
    athlete: Annotated[
        str | None, typer.Option("--athlete", "-a", help="Score an athlete from the database instead of files.")
    ] = None,
    start: FromOption = None,
    end: ToOption = None,
    method: MethodOption = "seed",
    weights: WeightsOption = None,
    acwr: AcwrOption = None,
    db: DbOption = None,
) -> None:
    """Score recovery for every day: from your own files (no database) or for a database athlete."""

    import polars as pl

    if start and end and start > end:
        raise TrainerError(f"--from {start} is after --to {end}")
    config = scoring_config(method, weights, acwr)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if athlete:
            scores = _score_athlete(athlete, config, db)
        elif wellness and loads:
            scores = _score_files(wellness, loads, config)
        else:
            raise TrainerError("give --wellness and --loads files, or --athlete NAME")
    for warning in caught:
        typer.echo(f"warning: {warning.message}", err=True)
    if start:
        scores = scores.filter(pl.col("date") >= start)
    if end:
        scores = scores.filter(pl.col("date") <= end)
    _write_scores(scores, out, table=athlete is not None)


def _score_files(wellness: Path, loads: Path, config: ScoringConfig) -> pl.DataFrame:
    from trainer.scoring.inputs import align_athlete_ids, prepare_loads, prepare_wellness
    from trainer.scoring.score import score_prepared

    days = prepare_wellness(read_table(wellness), source=str(wellness), line_offset=_line_offset(wellness))
    load = prepare_loads(read_table(loads), source=str(loads), line_offset=_line_offset(loads))
    return score_prepared(*align_athlete_ids(days, load), config)


def _score_athlete(name: str, config: ScoringConfig, db: str | None) -> pl.DataFrame:
    from trainer.planning.today import score_from_db
    from trainer.store.athletes import get_athlete

    database = open_db(db, read_only=True)
    # the scores file is the same whichever way it was made: the kind of HRV is for words, not the file
    return score_from_db(database, [get_athlete(database, name).id], config).drop("hrv_kind", strict=False)


def read_table(path: Path) -> pl.DataFrame:
    """CSV (every column read as text, so bad values are reported by line) or Parquet."""

    import polars as pl

    if not path.exists():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pl.read_csv(path, infer_schema=False)
        if suffix == ".parquet":
            return pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"{path}: cannot read it: {str(exc).splitlines()[0]}") from None
    raise InputError(f"{path}: use a .csv or .parquet file")


def _line_offset(path: Path) -> int:
    return 2 if path.suffix.lower() == ".csv" else 0


def _write_scores(scores: pl.DataFrame, out: Path | None, table: bool) -> None:
    import polars as pl

    from trainer.export import write_table

    if out is None and table:
        shown = scores.select(
            "date",
            "total_score",
            "status",
            "hrv_component",
            "hr_component",
            "sleep_component",
            "stress_component",
            "acwr",
            "acwr_factor",
            "missing",
        )
        with pl.Config(
            tbl_rows=-1,
            tbl_cols=-1,
            tbl_hide_dataframe_shape=True,
            tbl_hide_column_data_types=True,
            float_precision=2,
            tbl_width_chars=200,
        ):
            typer.echo(shown)
        return
    write_table(scores, out)


def today(
    athlete: Annotated[str, typer.Option("--athlete", "-a", help="Athlete name.")],
    on: Annotated[
        date | None, typer.Option("--date", parser=parse_date, metavar="YYYY-MM-DD", help="Day (default: today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    method: Annotated[
        str | None,
        typer.Option("--method", help="seed | normal-range | personal (default: the team's, `trainer settings`)."),
    ] = None,
    weights: WeightsOption = None,
    acwr: AcwrOption = None,
    db: DbOption = None,
) -> None:
    """Today's recovery score, its components and status, and the recommended session: the athlete's own
    day (their local today, scored with the settings of their day: the team's, or their study arm's), as
    their page shows it, unless --method, --weights or --acwr ask for a what-if."""
    from trainer.day.answer import athlete_day
    from trainer.day.clock import local_today, now
    from trainer.settings import Settings
    from trainer.store.athletes import get_athlete

    database = open_db(db, read_only=True)
    given = method is not None or weights is not None or acwr is not None
    what_if = scoring_config(method or "seed", weights, acwr) if given else None
    record = get_athlete(database, athlete)
    day = on or local_today(record.time_zone, now(Settings.from_env()))
    with warnings.catch_warnings(record=True) as caught:  # said as one line each, never with a source path
        warnings.simplefilter("always")
        result = athlete_day(database, record, day, what_if)
    for warning in caught:
        typer.echo(f"warning: {warning.message}", err=True)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    data = result.to_dict()
    score_text = "no score" if data["total_score"] is None else f"{data['total_score']}/100"
    scored_with = {"team": "the team's settings", "study": "your study arm (your score)", "what-if": "a what-if"}
    typer.echo(
        f"{data['athlete']} on {data['date']}: {score_text} ({data['status']}), "
        f"scored with {scored_with[data['scored_with']]}"
    )
    typer.echo(f"today: {data['session']} ({data['status_words']})")
    typer.echo(
        "components: "
        + ", ".join(f"{k} {'-' if v is None else f'{v:.0f}'}" for k, v in data["components"].items())
        + (f"; ACWR {data['acwr']:.2f} (x{data['acwr_factor']})" if data["acwr"] is not None else "; ACWR undefined")
    )
    if data["missing"]:
        typer.echo("missing: " + ", ".join(data["missing"]))
    if data.get("basis") is not None:
        checked = "not yet" if data["with_checkin"] is None else data["with_checkin"]
        typer.echo(f"forecast {data['forecast']}, with the check-in {checked}; rests on {data['basis']}")
    typer.echo(result.recommendation.rationale)
