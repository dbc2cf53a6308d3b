"""The "personal" method of SCORING.md: a forecast of how ready the athlete will feel, and the
same number once today's check-in is in.

Every signal is today's value against the athlete's own past (higher = more ready), in units of
their own spread, computed only from what was known that morning:

- ``hrv_week``: mean ln HRV over D-6..D (3 nights or more) against the 60-day robust normal range
  (Garmin's band on a cold start), as Plews 2012 reads HRV;
- ``hrv_cv``: the coefficient of variation of ln HRV over D-6..D against its own 60-day range,
  negated (an unsettled week counts against, Flatt & Esco 2016);
- ``resting_hr``: the 3-day mean resting HR against its range, negated;
- ``sleep``: the device's sleep (the seed's sleep component) against its range (the questionnaire's
  sleep item never enters);
- ``readiness_yesterday``, ``readiness_recent`` (mean of D-7..D-1), ``items_yesterday`` (fatigue
  and soreness of D-1): the athlete's own check-ins on their own scale ((readiness - 5) / 2,
  items - 3): a week of feeling low is the best single predictor of feeling low, and a moving
  range would subtract it;
- ``unwell_yesterday``: -2 when the athlete was ill, or injured and unable to train, on D-1.

A signal that cannot be computed counts as 0 ("as usual"): the forecast degrades to what it has
and ``basis`` says what that was. The forecast is ``centre + slope x sum(weight x signal)`` (80 +
30 s by default: an ordinary day sits at the edge of green, a day predicted one spread below it
(two points of readiness) is red), clamped to 0..100. On PMData's held-out athletes 80/30 kept
more days off the clamps than 85/40 (rmcorr with the seed score's lead +0.158 against +0.151). With today's check-in:
``with_checkin = centre + slope x ((1 - share) s + share x today)``, where ``today`` is today's
answers on the same scale (readiness twice, fatigue and soreness once each): monotone in
the forecast and in every answer, and capped at 49 when the athlete is ill or cannot train.
"""

from __future__ import annotations

import math
from functools import lru_cache

import polars as pl

from trainer.scoring.config import SIGNALS, ScoringConfig
from trainer.scoring.inputs import CHECK_IN_COLUMNS
from trainer.scoring.load import BY_ATHLETE, acute_chronic, ewma
from trainer.scoring.recovery import (
    missing_inputs,
    robust_baseline,
    sleep_component,
    sleep_duration,
    stress_before,
    stress_component,
)

SIGNAL_COLUMNS = tuple(f"signal_{name}" for name in SIGNALS)
UNWELL_SIGNAL = -2.0
SIGNAL_LIMIT = 3.0
SLEEP_SIGMA_FLOOR = 5.0
# Check-ins are read on their own scale, not against a moving range: on PMData the mean of the
# last 7 days' raw readiness tracked the next day at rmcorr 0.50, the same mean minus a 60-day
# median at 0.25 (how an athlete has felt for a week or two is the signal a range removes).
READINESS_ANCHOR, READINESS_SPREAD = 5.0, 2.0  # 0-10: 5 is the middle of the scale (and PMData's median)
ITEMS_ANCHOR, ITEMS_SPREAD = 3.0, 1.0  # 1-5, 5 best
RECENT_DAYS = 7
CV_SIGMA_FLOOR = 0.005
PROVISIONAL_BELOW = 14
UNWELL_CAP = 49

SIGNAL_WORDS = {
    "hrv_week": "your HRV over the last 7 nights",
    "hrv_cv": "how steady your HRV was",
    "resting_hr": "your resting heart rate",
    "sleep": "last night's sleep",
    "readiness_yesterday": "how ready you felt yesterday",
    "readiness_recent": "your check-ins of the last 7 days",
    "items_yesterday": "yesterday's fatigue and soreness",
    "unwell_yesterday": "being unwell yesterday",
}


def with_check_ins(wellness: pl.DataFrame, check_ins: pl.DataFrame | None) -> pl.DataFrame:
    """``wellness`` with the check-in columns (``CHECK_IN_COLUMNS``), a row added for a day that
    has a check-in but no device data (not for a day that only lies inside a spell of illness).
    ``check_ins``: athlete_id, date and any of readiness (0-10), fatigue, soreness (1-5, 5 best),
    unwell (true when ill or unable to train)."""
    if check_ins is None or check_ins.is_empty():
        return wellness.with_columns(
            *(pl.lit(None, pl.Float64).alias(name) for name in CHECK_IN_COLUMNS if name not in wellness.columns)
        )
    answers = check_ins.select(
        pl.col("athlete_id").cast(wellness.schema["athlete_id"]),
        pl.col("date").cast(pl.Date),
        *(
            (pl.col(name).cast(pl.Float64) if name in check_ins.columns else pl.lit(None, pl.Float64)).alias(
                f"checkin_{name}"
            )
            for name in ("readiness", "fatigue", "soreness", "unwell")
        ),
    ).unique(["athlete_id", "date"], keep="last")
    base = wellness.drop([name for name in CHECK_IN_COLUMNS if name in wellness.columns])
    # a day with answers gets a row; a spell of illness alone marks the days that have one
    said = pl.any_horizontal(pl.col(name).is_not_null() for name in CHECK_IN_COLUMNS[:3])
    keys = pl.concat([base.select("athlete_id", "date"), answers.filter(said).select("athlete_id", "date")]).unique()
    return (
        base.join(keys, on=["athlete_id", "date"], how="right")
        .join(answers, on=["athlete_id", "date"], how="left")
        .select(*base.columns, *CHECK_IN_COLUMNS)
        .sort("athlete_id", "date")
    )


def _on_own_scale(value: pl.Expr, anchor: float, spread: float) -> pl.Expr:
    return ((value - anchor) / spread).clip(-SIGNAL_LIMIT, SIGNAL_LIMIT)


def _z(value: pl.Expr, prefix: str) -> pl.Expr:
    return ((value - pl.col(f"{prefix}_mu")) / pl.col(f"{prefix}_sigma")).clip(-SIGNAL_LIMIT, SIGNAL_LIMIT)


def personal_windows(
    padded: pl.LazyFrame, config: ScoringConfig, baselines: pl.DataFrame | None = None
) -> pl.LazyFrame:
    """The padded grid with every signal (``SIGNAL_COLUMNS``) and today's answers on their scale
    (``today_z``); rolling windows read no athlete's neighbour thanks to the padding.
    ``baselines``: the normal-range method's ranges of ln HRV and resting HR for the same frames
    and settings (athlete_id, date, hrv_mu, hrv_sigma, hrv_n, hr_mu, hr_sigma, hr_n), which this
    method shares; given, they are not computed again (half the work)."""
    week = config.nr_week_days
    h = pl.col("hrv_ms").log()
    nights = pl.col("hrv_ms").is_not_null().cast(pl.Int32).rolling_sum(week, min_samples=1)
    padded = padded.with_columns(
        hrv_log=h,
        hrv_week_log=pl.when(nights >= 3).then(h.rolling_mean(week, min_samples=1)),
        hrv_cv=pl.when(nights >= 3).then(h.rolling_std(week, min_samples=3) / h.rolling_mean(week, min_samples=3)),
        sleep_duration=sleep_duration(),
        stress_prev=stress_before(),
        items=pl.mean_horizontal("checkin_fatigue", "checkin_soreness"),
    ).with_columns(sleep_component=sleep_component())
    if baselines is None:
        padded = robust_baseline(padded, "hrv_log", "hrv", config, config.nr_hrv_sigma_floor)
        padded = robust_baseline(padded, "resting_hr", "hr", config, config.nr_rhr_sigma_floor)
    else:
        padded = padded.join(baselines.lazy(), on=[BY_ATHLETE, "date"], how="left", maintain_order="left")
    padded = robust_baseline(padded, "hrv_cv", "cv", config, CV_SIGMA_FLOOR)
    padded = robust_baseline(padded, "sleep_component", "sleep", config, SLEEP_SIGMA_FLOOR)
    low, high = pl.col("hrv_baseline_low").log(), pl.col("hrv_baseline_high").log()
    band = pl.col("hrv_baseline_low").is_not_null() & (high > low)
    hrv_mu = pl.coalesce(pl.col("hrv_mu"), pl.when(band).then((low + high) / 2))
    hrv_sigma = pl.coalesce(
        pl.col("hrv_sigma"), pl.when(band).then(((high - low) / 2).clip(lower_bound=config.nr_hrv_sigma_floor))
    )
    rhr_mean = pl.col("resting_hr").rolling_mean(config.nr_rhr_days, min_samples=1)
    recent = pl.col("checkin_readiness").rolling_mean(RECENT_DAYS, min_samples=2)
    ready_z = _on_own_scale(pl.col("checkin_readiness"), READINESS_ANCHOR, READINESS_SPREAD)
    items_z = _on_own_scale(pl.col("items"), ITEMS_ANCHOR, ITEMS_SPREAD)
    return padded.with_columns(
        *acute_chronic(config),
        hrv_week_z=((pl.col("hrv_week_log") - hrv_mu) / hrv_sigma),
        hrv_provisional=pl.col("hrv_mu").is_null() & band,
        signal_hrv_week=((pl.col("hrv_week_log") - hrv_mu) / hrv_sigma).clip(-SIGNAL_LIMIT, SIGNAL_LIMIT),
        signal_hrv_cv=-_z(pl.col("hrv_cv"), "cv"),
        signal_resting_hr=pl.when(pl.col("resting_hr").is_not_null()).then(-_z(rhr_mean, "hr")),
        signal_sleep=_z(pl.col("sleep_component"), "sleep"),
        _ready_z=ready_z,
        _recent_z=_on_own_scale(recent, READINESS_ANCHOR, READINESS_SPREAD),
        _items_z=items_z,
        _unwell=pl.col("checkin_unwell").fill_null(0.0) > 0,
        _answered=pl.any_horizontal(pl.col(name).is_not_null() for name in CHECK_IN_COLUMNS),
        stress_component=stress_component(),
        acwr_context=pl.when(ewma("load", 28) > 0).then(ewma("load", 7) / ewma("load", 28)),
        seen=(pl.col("hrv_ms").is_not_null() | pl.col("resting_hr").is_not_null()).cast(pl.Int32).cum_sum(),
    ).with_columns(
        signal_readiness_yesterday=pl.col("_ready_z").shift(1),
        signal_readiness_recent=pl.col("_recent_z").shift(1),
        signal_items_yesterday=pl.col("_items_z").shift(1),
        signal_unwell_yesterday=pl.when(pl.col("_unwell").shift(1)).then(UNWELL_SIGNAL),
        today_z=pl.when(pl.col("_ready_z").is_not_null() | pl.col("_items_z").is_not_null()).then(
            (2 * pl.col("_ready_z").fill_null(pl.col("_items_z")) + pl.col("_items_z").fill_null(pl.col("_ready_z")))
            / 3
        ),
        unwell_today=pl.col("_unwell"),
        answered_today=pl.col("_answered"),
        # the count of days with HRV or resting HR so far, per athlete (padding rows hold none)
        seen=pl.col("seen") - pl.col("seen").filter(pl.col("day_index") < 0).first().over(BY_ATHLETE).fill_null(0),
    )


def predicted(config: ScoringConfig) -> pl.Expr:
    """sum(weight x signal), a missing signal counting as 0 (as usual)."""
    return pl.sum_horizontal(
        pl.col(column).fill_null(0.0) * weight for column, weight in zip(SIGNAL_COLUMNS, config.personal.as_tuple())
    )


# The scale: a prediction is read against the athlete's own usual (the mean of their past
# predictions, every day before D, with USUAL_DAYS days' worth of "as usual" (0) to start from: an
# expanding window, so a week of feeling low is not subtracted as a moving one would), in units of
# the spread the weights imply, then put on 0-100 by a logistic curve fixed by the bands: a usual
# day reads 84 (green), a quarter spread below usual is the edge of green, 1.28 spreads below the
# edge of red. A day reads 100 only 2.7 spreads above usual and 0 never: a number that moves, where
# a straight line clamped to 0..100 sat at 100 on a third of the demo days. Nothing here is fitted
# to how athletes felt. Reading each athlete against their own spread too (tried) spread the bands
# more evenly but cost the held-out forecast 0.14 of its rmcorr on PMData, so the spread is the
# weights' own.
GREEN_EDGE_Z, RED_EDGE_Z = -0.25, -1.28
_B = (math.log(79.5 / 20.5) - math.log(49.5 / 50.5)) / (GREEN_EDGE_Z - RED_EDGE_Z)
_A = math.log(79.5 / 20.5) - _B * GREEN_EDGE_Z
USUAL_DAYS = 30  # until an athlete has about this many days, their usual leans on "as usual"


def _expected_spread(config: ScoringConfig, share: float = 0.0) -> float:
    """The spread a prediction would have if every signal varied by one of its own spreads,
    independently."""
    forecast = math.sqrt(sum(w * w for w in config.personal.as_tuple())) or 1.0
    return math.sqrt(((1 - share) * forecast) ** 2 + share**2) if share else forecast


def calibrated(value: pl.Expr, spread: float) -> pl.Expr:
    """``value`` (a prediction; null on days it does not exist) on 0-100 against the athlete's own
    usual, from days before D only. Rows are one athlete's days in order, per athlete."""
    seen = value.is_not_null().cast(pl.Float64).cum_sum().shift(1, fill_value=0.0).over(BY_ATHLETE)
    total = value.fill_null(0.0).cum_sum().shift(1, fill_value=0.0).over(BY_ATHLETE)
    usual = total / (seen + USUAL_DAYS)
    return 100 / (1 + (-(_A + _B * (value - usual) / spread)).exp())


def forecast_columns(config: ScoringConfig, extra: pl.Expr | None = None) -> list[pl.Expr]:
    """``forecast`` and ``with_checkin`` (unrounded) from the signal columns, ``today_z``,
    ``unwell_today`` and ``answered_today``: the method's whole rule, in one place. ``extra``: a
    candidate signal's part of the prediction (research's check of load)."""
    share = config.personal_checkin_share
    s = predicted(config) if extra is None else predicted(config) + extra
    combined = pl.when(pl.col("answered_today")).then((1 - share) * s + share * pl.col("today_z").fill_null(s))
    checked = calibrated(combined, _expected_spread(config, share))
    with_checkin = (
        pl.when(pl.col("unwell_today"))
        .then(pl.min_horizontal(checked, pl.lit(float(UNWELL_CAP))))
        .when(pl.col("answered_today"))
        .then(checked)
    )
    return [calibrated(s, _expected_spread(config)).alias("forecast"), with_checkin.alias("with_checkin")]


def personal_scores(days: pl.LazyFrame, config: ScoringConfig) -> pl.LazyFrame:
    """Forecast, with_checkin and the shared score columns from ``personal_windows``' frame.

    ``raw_score`` is the number in force (with the check-in once there is one, else the
    forecast), ``acwr_factor`` is 1 (load is context: PMData's time-forward check found no gain),
    and the components are the signals on the 0-100 scale (80 + 20 x signal) for the charts.
    """
    component = lambda column: (80 + 20 * pl.col(column)).clip(0, 100)  # noqa: E731
    return days.with_columns(
        *forecast_columns(config),
        hrv_component=component("signal_hrv_week"),
        hr_component=component("signal_resting_hr"),
        sleep_component=component("signal_sleep"),
        hrv_base=pl.col("hrv_mu").exp(),
        hr_base=pl.col("hr_mu"),
        hrv_z=pl.col("hrv_week_z"),
        provisional=pl.col("seen") < PROVISIONAL_BELOW,
        acwr=pl.col("acwr_context"),
        acwr_factor=pl.lit(1.0),
    ).with_columns(
        raw_score=pl.coalesce("with_checkin", "forecast"),
        forecast=_rounded("forecast"),
        with_checkin=_rounded("with_checkin"),
        basis=basis_words(config),
        missing=missing_inputs(pl.col("hrv_mu"), pl.col("hr_mu")),
        flags=pl.concat_str(
            [
                pl.when(pl.col("provisional")).then(pl.lit("provisional")),
                pl.when(pl.col("hrv_z") > 2).then(pl.lit("hrv unusually high")),
            ],
            separator=",",
            ignore_nulls=True,
        ).fill_null(""),
    )


def _rounded(column: str) -> pl.Expr:
    return (pl.col(column) + 0.5).floor().cast(pl.Int32)


_SAID = [name for name in SIGNALS if name != "hrv_cv"]  # the week's steadiness is said with the week's HRV
WATCH_SIGNALS = ("hrv_week", "hrv_cv", "resting_hr", "sleep")  # the rest are the athlete's own check-ins


def lean_words(watch: float, said: float) -> str:
    """How much of the number comes from the watch and how much from what the athlete said, by the
    weights of what entered: on PMData's held-out athletes the athlete's own answers carried most
    of the signal, and the words say so."""
    if watch + said <= 0:
        return ""
    watch_share = round(100 * watch / (watch + said) / 5) * 5
    if watch_share == 0:
        return "all from your own check-ins"
    if watch_share == 100:
        return "all from your watch"
    if watch_share <= 35:
        return f"mostly your own check-ins (your watch adds about {watch_share} %)"
    if watch_share >= 65:
        return f"mostly your watch (your check-ins add about {100 - watch_share} %)"
    return "your check-ins and your watch about equally"


def _basis_text(mask: int, weights: tuple[float, ...], share: float) -> str:
    """The words for one combination of signals present (bits in ``_SAID`` order), no HRV
    recorded (the next bit) and today's check-in added (the last)."""
    present = [name for bit, name in enumerate(_SAID) if mask >> bit & 1]
    used = [SIGNAL_WORDS[name] for name in present]
    listed = (
        "nothing yet: no device data or check-ins known before today"
        if not used
        else used[0]
        if len(used) == 1
        else ", ".join(used[:-1]) + " and " + used[-1]
    )
    ready = {_SAID.index("readiness_yesterday"), _SAID.index("readiness_recent")}
    checked_in = bool(mask >> (len(_SAID) + 1) & 1)
    weight = dict(zip(SIGNALS, (abs(w) for w in weights)))
    entered = set(present) | ({"hrv_cv"} if "hrv_week" in present else set())
    watch = sum(weight[name] for name in entered if name in WATCH_SIGNALS)
    said = sum(weight[name] for name in entered if name not in WATCH_SIGNALS)
    if checked_in:  # today's answers carry ``share`` of the second number
        watch, said = (1 - share) * watch, (1 - share) * said + share
    gaps = [
        "no HRV recorded" if mask >> len(_SAID) & 1 else None,
        "no recent check-ins" if not any(mask >> bit & 1 for bit in ready) else None,
        "today's check-in added" if checked_in else None,
        lean_words(watch, said) or None,
    ]
    return listed + "".join(f"; {gap}" for gap in gaps if gap)


@lru_cache(maxsize=32)
def _basis_texts(weights: tuple[float, ...], share: float) -> pl.Series:
    return pl.Series([_basis_text(mask, weights, share) for mask in range(2 ** (len(_SAID) + 2))])


def basis_words(config: ScoringConfig) -> pl.Expr:
    """What today's number rests on, in words: "your HRV over the last 7 nights, last night's
    sleep and how ready you felt yesterday; no HRV recorded; mostly your own check-ins (your watch:
    about 20 %)". A bit mask looked up in a table of every possible text for these weights
    (building strings row by row cost a second per 100 athletes x 5 years)."""
    conditions = [pl.col(f"signal_{name}").is_not_null() for name in _SAID] + [
        pl.col("hrv_ms").is_null() & pl.col("signal_hrv_week").is_null(),
        pl.col("with_checkin").is_not_null(),
    ]
    mask = pl.sum_horizontal(pl.when(c).then(1 << bit).otherwise(0) for bit, c in enumerate(conditions))
    return pl.lit(_basis_texts(config.personal.as_tuple(), config.personal_checkin_share)).gather(mask)
