"""``trainer validate``: every validation figure for a set of athletes, as a JSON-ready dict, and
an export a second lab can reproduce the numbers from."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl

import trainer
from trainer.research.baselines import BASELINES, with_baselines
from trainer.research.bootstrap import (
    DEFAULT_RESAMPLING,
    Difference,
    Resampling,
    cluster_bootstrap_ci,
    paired_difference,
)
from trainer.research.fit import EARLIER_SHARE, Progress, nested_fit, time_forward
from trainer.research.resampling import PRACTICAL_DIFFERENCE, VERDICTS
from trainer.research.rmcorr import rmcorr
from trainer.research.validation import (
    bland_altman,
    check_enough,
    component_rmcorr,
    joined_days,
    per_athlete_spearman,
    pooled_spearman,
    summary,
)
from trainer.scoring import ScoringConfig, score_days
from trainer.scoring.config import METHOD_NAMES
from trainer.store.database import Database
from trainer.store.loaders import load_check_in_answers, load_daily_loads, load_readiness, load_wellness

SCORE_INPUTS = [
    "athlete_id",
    "date",
    "hrv_ms",
    "resting_hr",
    "sleep_minutes",
    "sleep_score",
    "stress_level",
    "hrv_baseline_low",
    "hrv_baseline_high",
]


def load_inputs(db: Database, athlete_ids: Sequence[int] | None) -> dict[str, pl.DataFrame]:
    """The frames a validation reads, and which of the athletes are demo athletes (made up)."""
    from trainer.store.athletes import list_athletes

    athletes = list_athletes(db)
    demo = athletes.filter(pl.col("is_demo") & (pl.col("id").is_in(athlete_ids) if athlete_ids is not None else True))
    return {
        "wellness": load_wellness(db, athlete_ids),
        "loads": load_daily_loads(db, athlete_ids).select("athlete_id", "date", "load"),
        "readiness": load_readiness(db, athlete_ids),
        "check_ins": load_check_in_answers(db, athlete_ids),
        "demo_athletes": demo.select(pl.col("id").alias("athlete_id")),
    }


def demo_count(inputs: dict[str, pl.DataFrame], athletes: pl.Series) -> int:
    """How many of the athletes analysed are demo athletes."""
    demo = inputs.get("demo_athletes")
    return 0 if demo is None else int(athletes.unique().is_in(demo["athlete_id"].implode()).sum())


def validate(
    inputs: dict[str, pl.DataFrame],
    config: ScoringConfig = ScoringConfig(),
    lag: int = 0,
    fit: bool = False,
    resampling: Resampling = DEFAULT_RESAMPLING,
    progress: Progress | None = None,
) -> tuple[dict, pl.DataFrame]:
    """(result, daily table) for the scores of ``config`` against readiness on D + ``lag``: the
    headline rmcorr, the score beside the other method and the baselines, each difference with its
    paired CI and a verdict, per athlete and per component; with ``fit``, weights fitted and judged
    on held-out athletes and on later weeks. Raises NotEnoughData (one line) when nothing can be
    computed. Every float that cannot be computed is NaN here and null in ``to_json``."""
    wellness = inputs["wellness"].select(SCORE_INPUTS)
    if config.method == "personal":
        scores = personal_held_out(wellness, inputs, config, progress)
    else:
        scores = score_days(wellness, inputs["loads"], config)
    joined = joined_days(scores, inputs["readiness"], lag)
    check_enough(joined)
    others = [method for method in ("seed", "normal-range") if method != config.method]
    table = joined
    for key, method in zip(("other_score", "second_other_score"), others):
        other = score_days(wellness, inputs["loads"], replace(config, method=method, acwr_variant=None))
        table = table.join(
            other.select("athlete_id", "date", pl.col("total_score").alias(key)), on=["athlete_id", "date"], how="left"
        )
    table = with_baselines(table, inputs["readiness"], lag)
    result = {
        **summary(joined, resampling=resampling),
        "method": config.method,
        "method_name": METHOD_NAMES[config.method],
        "demo_athletes": demo_count(inputs, joined["athlete_id"]),
        "weights": (
            "its own weights, fitted each time on the other athletes"
            if config.method == "personal"
            else config.weights.describe()
        ),
        "lag": lag,
        "bootstrap": {
            "draws": resampling.draws,
            "seed": resampling.seed,
            "confidence": resampling.confidence,
            "practical_difference": resampling.practical,
            "unit": "athlete",
        },
        "pooled_spearman": pooled_spearman(joined, "total_score", "readiness"),
    }
    result["warnings"] = few_athletes_warning(result["n_athletes"])
    result["per_athlete"] = per_athlete_spearman(joined, "total_score", "readiness").to_dicts()
    result["components"] = component_rmcorr(joined, resampling)
    labels = {
        "total_score": (
            "personal forecast (held-out athletes)"
            if config.method == "personal"
            else f"{METHOD_NAMES[config.method]} score"
        ),
        **{key: f"{METHOD_NAMES[method]} score" for key, method in zip(("other_score", "second_other_score"), others)},
        **BASELINES,
    }
    if fit:
        result["fit"], held_out = _fit(wellness, inputs, config, lag, resampling, progress)
        table = table.join(held_out, on=["athlete_id", "date"], how="left")
        labels["fitted_score"] = "fitted weights (held-out athletes)"
    result["predictors"] = predictor_table(table, labels, resampling)
    # fitted weights are compared with the seed weights in their own section, on the days of the fit
    result["comparisons"] = [
        _difference(paired_difference(table, "total_score", row["key"], resampling=resampling), labels)
        for row in result["predictors"]
        if row["key"] not in ("total_score", "fitted_score") and row["n_days"]
    ]
    result["verdict"] = verdict(result["predictors"], result["comparisons"], table, labels, resampling)
    if config.method == "personal":
        result["personal"] = personal_sections(wellness, inputs, config, scores, resampling)
    garmin = (
        inputs["wellness"].select("athlete_id", "date", "training_readiness")
        if "training_readiness" in inputs["wellness"].columns
        else None
    )
    agreement = None if garmin is None else bland_altman(scores.join(garmin, on=["athlete_id", "date"], how="inner"))
    result["garmin_training_readiness"] = None if agreement is None else agreement.__dict__
    return result, table


FEW_ATHLETES = 5


def personal_held_out(
    wellness: pl.DataFrame, inputs: dict[str, pl.DataFrame], config: ScoringConfig, progress: Progress | None
) -> pl.DataFrame:
    """The personal method's scores with ``total_score`` its forecast from weights fitted on the
    other athletes (components and basis as scored), and ``with_checkin`` likewise held out."""
    from trainer.research.personal_fit import held_out
    from trainer.scoring.personal import with_check_ins
    from trainer.scoring.score import personal_signals

    answered = with_check_ins(wellness, inputs.get("check_ins"))
    scored = score_days(answered, inputs["loads"], config)
    signals = personal_signals(answered, inputs["loads"], config)
    forecasts = held_out(signals, inputs["readiness"], config, False, progress)
    return (
        scored.drop("forecast", "with_checkin")
        .join(forecasts, on=["athlete_id", "date"], how="left")
        .with_columns(total_score=pl.col("forecast"))
    )


def personal_sections(
    wellness: pl.DataFrame,
    inputs: dict[str, pl.DataFrame],
    config: ScoringConfig,
    scores: pl.DataFrame,
    resampling: Resampling,
) -> dict:
    """The personal method's other questions: "with your check-in" against the next day's
    readiness (never the answers it contains), whether load earns a place in the forecast
    (held out, paired CI), and the weights fitted on every athlete given."""
    from trainer.research.personal_fit import fit_weights, held_out, training_rows
    from trainer.scoring.personal import SIGNAL_COLUMNS, with_check_ins
    from trainer.scoring.score import personal_signals

    seed = score_days(wellness, inputs["loads"], ScoringConfig())
    next_day = joined_days(
        scores.select("athlete_id", "date", "with_checkin", "forecast").join(
            seed.select("athlete_id", "date", pl.col("total_score").alias("seed_score")), on=["athlete_id", "date"]
        ),
        inputs["readiness"],
        lag=1,
    ).join(
        inputs["readiness"].select("athlete_id", "date", pl.col("readiness").alias("today_readiness")),
        on=["athlete_id", "date"],
        how="left",
    )
    labels = {
        "with_checkin": "with your check-in",
        "forecast": "the forecast alone",
        "seed_score": f"{METHOD_NAMES['seed']} score",
        "today_readiness": "today's readiness alone",
    }
    signals = personal_signals(with_check_ins(wellness, inputs.get("check_ins")), inputs["loads"], config)
    with_load = held_out(signals, inputs["readiness"], config, with_load=True).select(
        "athlete_id", "date", pl.col("forecast").alias("with_load")
    )
    load_table = joined_days(
        scores.select("athlete_id", "date", "forecast").join(with_load, on=["athlete_id", "date"]),
        inputs["readiness"],
    )
    weights, shrinkage, _ = fit_weights(training_rows(signals, inputs["readiness"], SIGNAL_COLUMNS))
    return {
        "with_checkin": {
            "against": "the next day's readiness",
            "predictors": predictor_table(next_day, labels, resampling),
            "comparisons": [
                _difference(paired_difference(next_day, "with_checkin", key, resampling=resampling), labels)
                for key in ("seed_score", "today_readiness", "forecast")
            ],
        },
        "load_check": _difference(
            paired_difference(load_table, "with_load", "forecast", resampling=resampling),
            {"forecast": "the forecast without load", "with_load": "with the load ratio"},
        ),
        "weights_all_athletes": {name: getattr(weights, name) for name in weights.__dataclass_fields__},
        "shrinkage": shrinkage,
    }


def few_athletes_warning(athletes: int) -> list[str]:
    if athletes >= FEW_ATHLETES:
        return []
    return [
        f"Only {athletes} athletes: the confidence intervals resample athletes, and with fewer than {FEW_ATHLETES} the "
        "between-athlete uncertainty is poorly estimated (the intervals are likely too narrow)."
    ]


def predictor_table(table: pl.DataFrame, labels: dict[str, str], resampling: Resampling) -> list[dict]:
    """rmcorr with readiness and its CI for each predictor, on the days it is present."""
    rows = []
    for key, label in labels.items():
        found = rmcorr(table, key, "readiness")
        low, high = (
            cluster_bootstrap_ci(table, key, "readiness", resampling) if found.n else (float("nan"), float("nan"))
        )
        rows.append(
            {
                "key": key,
                "label": label,
                "n_days": found.n,
                "n_athletes": found.athletes,
                "rmcorr": found.r,
                "ci_low": low,
                "ci_high": high,
            }
        )
    return rows


def _difference(found: Difference, labels: dict[str, str]) -> dict:
    return {
        "against": found.b,
        "label": labels[found.b],
        "n_days": found.n_days,
        "n_athletes": found.n_athletes,
        "score_rmcorr": found.r_a,
        "other_rmcorr": found.r_b,
        "difference": found.difference,
        "ci_low": found.ci_low,
        "ci_high": found.ci_high,
        "verdict": found.verdict,
    }


def verdict(
    predictors: list[dict], comparisons: list[dict], table: pl.DataFrame, labels: dict[str, str], resampling: Resampling
) -> dict:
    """The best of the predictors compared (highest rmcorr), whether its lead over the runner-up
    is detectable, and the score's standing against each of the others."""
    ranked = sorted((row for row in predictors if row["rmcorr"] == row["rmcorr"]), key=lambda row: -row["rmcorr"])
    best, runner_up = ranked[0], ranked[1] if len(ranked) > 1 else None
    lead = (
        None
        if runner_up is None
        else _difference(paired_difference(table, best["key"], runner_up["key"], resampling=resampling), labels)
    )
    standing = {word: [row["label"] for row in comparisons if row["verdict"] == word] for word in VERDICTS}
    return {
        "best": best["key"],
        "best_label": best["label"],
        "runner_up": None if runner_up is None else runner_up["key"],
        "lead": lead,
        "score_is": standing,
    }


def _fit(
    wellness: pl.DataFrame,
    inputs: dict[str, pl.DataFrame],
    config: ScoringConfig,
    lag: int,
    resampling: Resampling,
    progress: Progress | None,
) -> tuple[dict, pl.DataFrame]:
    """Fitted weights judged on held-out athletes (nested LOAO) and on later weeks (time-forward)."""
    seed_days = joined_days(
        score_days(wellness, inputs["loads"], ScoringConfig(weights=config.weights)), inputs["readiness"], lag
    )
    nr_days = joined_days(
        score_days(wellness, inputs["loads"], ScoringConfig(method="normal-range")), inputs["readiness"], lag
    )
    fitted = nested_fit(seed_days, nr_days, config.weights, progress)
    forward = time_forward(seed_days, config.weights)
    later = forward.later
    labels = {
        "fitted_score": "fitted weights",
        "seed_score": "the standard weights",
        "normal_range_score": "normal-range",
    }
    result = {
        "weights": fitted.weights.describe(),
        "shrinkage": fitted.shrinkage,
        "cv_rmcorr_seed": fitted.cv_rmcorr_seed,
        "cv_rmcorr_fitted": fitted.cv_rmcorr_fitted,
        "cv_rmcorr_normal_range": fitted.cv_rmcorr_normal_range,
        "n_days": fitted.n_days,
        "n_athletes": fitted.n_athletes,
        "fitted_components": list(fitted.fitted_components),
        "fitted_vs_seed": _difference(
            paired_difference(fitted.held_out, "fitted_score", "seed_score", resampling=resampling), labels
        ),
        "normal_range_vs_seed": _difference(
            paired_difference(fitted.held_out, "normal_range_score", "seed_score", resampling=resampling), labels
        ),
        "time_forward": {
            "earlier_share": EARLIER_SHARE,
            "weights": forward.weights.describe(),
            "shrinkage": forward.shrinkage,
            "train_days": forward.train_days,
            "test_days": later.height,
            "n_athletes": later["athlete_id"].n_unique(),
            "fitted_vs_seed": _difference(
                paired_difference(later, "fitted_score", "seed_score", resampling=resampling), labels
            ),
        },
    }
    return result, fitted.held_out.select("athlete_id", "date", "fitted_score")


def reproduce_command(
    config: ScoringConfig, lag: int, resampling: Resampling, athletes: Sequence[str] | None, report_name: str
) -> str:
    """The command line that gives the same report from the same data. The database is left out
    (its address can hold a password); the report identifies the data by the input hash instead."""
    parts = ["trainer validate"] + ([f"--athletes {','.join(athletes)}"] if athletes is not None else [])
    parts += [f"--method {config.method}", f"--weights {config.weights.describe()}"]
    parts += [f"--acwr {config.acwr_variant}"] if config.acwr_variant else []
    parts += [f"--lag {lag}", f"--draws {resampling.draws}", f"--seed {resampling.seed}"]
    if resampling.practical != PRACTICAL_DIFFERENCE:
        parts.append(f"--practical {resampling.practical:g}")
    parts.append(f"--report {report_name}")
    return " ".join(parts)


def to_json(result: dict) -> str:
    """Strict JSON: NaN and infinities become null, dates become ISO strings."""
    return json.dumps(_finite(result), indent=2, allow_nan=False, default=str)


def _finite(value):
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def input_hash(inputs: dict[str, pl.DataFrame]) -> str:
    """SHA-256 of the inputs as sorted CSV: the same data gives the same hash anywhere."""
    digest = hashlib.sha256()
    for name in sorted(inputs):
        frame = inputs[name]
        digest.update(name.encode())
        digest.update(frame.sort(frame.columns[:2]).write_csv().encode())
    return digest.hexdigest()


def export(
    directory: Path, result: dict, joined: pl.DataFrame, config: ScoringConfig, inputs: dict[str, pl.DataFrame]
) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / "daily.parquet", directory / "daily.csv", directory / "config.json", directory / "result.json"]
    joined.write_parquet(paths[0])
    joined.write_csv(paths[1])
    paths[2].write_text(
        json.dumps(
            {
                "trainer_version": trainer.__version__,
                "input_sha256": input_hash(inputs),
                "config": config.to_dict(),
                "lag": result["lag"],
            },
            indent=2,
            default=str,
        )
    )
    paths[3].write_text(to_json(result))
    return paths
