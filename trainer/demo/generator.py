"""Generate a demo athlete's days: training, physiology that answers to it, and perceived readiness.

Training follows a periodized season (3:1 loading, build to each race, a taper with intensity
kept, recovery after). Physiology follows the Banister fitness-fatigue model: form
TSB = CTL - ATL (42- and 7-day exponentially weighted loads) lowers HRV and raises resting HR
when fatigue outruns fitness. An illness week, a watch left at home and random missing nights
make the gaps real data has. Everything comes from one seeded generator: same seed, same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from trainer.demo.profiles import DemoProfile

DAYS = 760  # a little over two years
INTENSITY_LOAD_PER_MIN = {"recovery": 0.8, "easy": 1.25, "moderate": 1.8, "hard": 2.5, "race": 2.2}
INTENSITY_HR_FRACTION = {"recovery": 0.66, "easy": 0.73, "moderate": 0.82, "hard": 0.88, "race": 0.86}
SPEED_M_PER_S = {"run": 3.0, "bike": 8.0, "swim": 0.95, "triathlon": 4.5, "strength": 0.0}
MESOCYCLE = np.array([1.0, 1.07, 1.14, 0.72])  # 3:1 loading, ~30 % deload


@dataclass(frozen=True)
class DemoData:
    wellness: pl.DataFrame
    activities: pl.DataFrame
    readiness: pl.DataFrame


def generate(profile: DemoProfile, end: date, days: int = DAYS, seed: int = 7) -> DemoData:
    """All demo rows for one athlete over ``days`` days ending on ``end`` (inclusive)."""
    rng = np.random.default_rng([seed, *profile.name.encode()])
    dates = pl.date_range(end - timedelta(days=days - 1), end, eager=True)
    days_before_end = np.arange(days - 1, -1, -1)
    ill = _illness_days(days_before_end, profile.illness_days_before_end)
    activities = _activities(profile, dates, days_before_end, ill, rng)
    daily_load = _daily_load(activities, dates)
    wellness = _wellness(profile, dates, daily_load, ill, rng)
    readiness = _readiness(wellness, daily_load, ill, rng)
    return DemoData(wellness=wellness.drop("tsb_rel", "illness"), activities=activities, readiness=readiness)


def season_multiplier(days_before_end: np.ndarray, race_days_before_end: tuple[int, ...]) -> np.ndarray:
    """Weekly-volume multiplier: build toward each race, taper 14 days, recover after it."""
    multiplier = np.full(days_before_end.shape, 0.85)
    for race in race_days_before_end:
        t = race - days_before_end  # days relative to race day (negative = before)
        build = (t >= -112) & (t <= -15)
        multiplier[build] = 0.85 + 0.30 * (t[build] + 112) / 97
        multiplier[(t >= -14) & (t <= -1)] = 0.55
        multiplier[(t >= 1) & (t <= 10)] = 0.3
        recover = (t >= 11) & (t <= 40)
        multiplier[recover] = 0.55 + 0.30 * (t[recover] - 11) / 29
    week = (days_before_end.max() - days_before_end) // 7
    loading = ~np.isin(multiplier, (0.55, 0.3))
    multiplier[loading] *= MESOCYCLE[week[loading] % 4]
    return multiplier


def _illness_days(days_before_end: np.ndarray, illness_start: int) -> np.ndarray:
    """1.0 for the seven sick days, tapering over five more; 0 elsewhere."""
    t = illness_start - days_before_end
    return np.where((t >= 0) & (t < 7), 1.0, np.where((t >= 7) & (t < 12), 0.4, 0.0))


def _activities(
    profile: DemoProfile, dates: pl.Series, days_before_end: np.ndarray, ill: np.ndarray, rng
) -> pl.DataFrame:
    multiplier = season_multiplier(days_before_end, profile.race_days_before_end)
    multiplier = np.where(ill >= 1.0, 0.0, np.where(ill > 0, 0.5, 1.0)) * multiplier
    days = pl.DataFrame({"date": dates, "multiplier": multiplier, "days_before_end": days_before_end})
    days = days.with_columns(weekday=pl.col("date").dt.weekday() - 1)
    week = pl.DataFrame(profile.week, schema=["weekday", "sport", "intensity", "share", "hour"], orient="row")
    week = week.with_columns(pl.col("weekday").cast(pl.Int8))
    sessions = days.with_columns(pl.col("weekday").cast(pl.Int8)).join(week, on="weekday")
    sessions = sessions.filter(~pl.col("days_before_end").is_in(list(profile.race_days_before_end)))
    races = (
        days.filter(pl.col("days_before_end").is_in(list(profile.race_days_before_end)))
        .with_columns(
            sport=pl.lit(profile.race_sport),
            intensity=pl.lit("race"),
            share=pl.lit(0.0),
            hour=pl.lit(7.0),
            weekday=pl.col("weekday").cast(pl.Int8),
        )
        .select(sessions.columns)
    )
    sessions = pl.concat([sessions, races]).sort("date", "hour")
    n = sessions.height
    noise = rng.lognormal(0.0, 0.15, n)
    skipped = rng.random(n) < 0.05
    load = sessions["share"].to_numpy() * profile.weekly_load * sessions["multiplier"].to_numpy() * noise
    is_race = (sessions["intensity"] == "race").to_numpy()
    race_load = profile.race_minutes * INTENSITY_LOAD_PER_MIN["race"] * rng.uniform(0.95, 1.05, n)
    load = np.where(is_race, race_load, np.where(skipped, 0.0, load))
    hr_noise, max_noise, minute_jitter = rng.normal(0, 2.5, n), rng.uniform(8, 18, n), rng.integers(0, 40, n)
    sessions = (
        sessions.with_columns(load=pl.Series(load).round(1))
        .with_columns(
            hr_noise=pl.Series(hr_noise), max_noise=pl.Series(max_noise), minute_jitter=pl.Series(minute_jitter)
        )
        .filter(pl.col("load") >= 5)
    )
    return _describe_sessions(sessions, profile)


def _describe_sessions(sessions: pl.DataFrame, profile: DemoProfile) -> pl.DataFrame:
    """Duration, heart rate, distance and start time that fit each session's load and intensity."""
    per_min = pl.col("intensity").replace_strict(INTENSITY_LOAD_PER_MIN, return_dtype=pl.Float64)
    hr_fraction = pl.col("intensity").replace_strict(INTENSITY_HR_FRACTION, return_dtype=pl.Float64)
    speed = pl.col("sport").replace_strict(SPEED_M_PER_S, return_dtype=pl.Float64)
    local_start = pl.col("date").cast(pl.Datetime("us")) + pl.duration(
        minutes=(pl.col("hour") * 60).cast(pl.Int64) + pl.col("minute_jitter")
    )
    return (
        sessions.with_columns(
            duration_s=(pl.col("load") / per_min * 60).round(0),
            avg_hr=(hr_fraction * profile.max_hr + pl.col("hr_noise")).round(0),
            start_time=local_start.dt.replace_time_zone(
                profile.time_zone, ambiguous="earliest", non_existent="null"
            ).dt.convert_time_zone("UTC"),
        )
        .with_columns(
            max_hr=pl.min_horizontal(pl.col("avg_hr") + pl.col("max_noise").round(0), pl.lit(float(profile.max_hr))),
            distance_m=pl.when(speed > 0).then((pl.col("duration_s") * speed * (0.85 + 0.3 * hr_fraction)).round(0)),
            source_id=pl.format("{}:{}:{}", pl.lit(profile.name), pl.col("date"), pl.int_range(pl.len()).over("date")),
            name=pl.format("{} {}", pl.col("intensity"), pl.col("sport")),
        )
        .filter(pl.col("start_time").is_not_null())
        .select(
            "source_id",
            "date",
            "sport",
            "intensity",
            "name",
            "start_time",
            "duration_s",
            "distance_m",
            "avg_hr",
            "max_hr",
            "load",
        )
    )


def _daily_load(activities: pl.DataFrame, dates: pl.Series) -> np.ndarray:
    per_day = activities.group_by("date").agg(pl.col("load").sum())
    return pl.DataFrame({"date": dates}).join(per_day, on="date", how="left")["load"].fill_null(0.0).to_numpy()


def fitness_fatigue(
    daily_load: np.ndarray, start_ctl: float, ctl_days: float = 42, atl_days: float = 7
) -> tuple[np.ndarray, np.ndarray]:
    """CTL and ATL: each day moves 1/tau of the way toward that day's load, from ``start_ctl``."""
    series = pl.Series(np.concatenate([[start_ctl], daily_load]))

    def ewma(tau: float) -> np.ndarray:
        return series.ewm_mean(alpha=1.0 / tau, adjust=False).to_numpy()[1:]

    return ewma(ctl_days), ewma(atl_days)


def autocorrelated_noise(white: np.ndarray, phi: float) -> np.ndarray:
    """AR(1) noise e_t = phi * e_(t-1) + w_t (an EWMA of the white noise, rescaled)."""
    return pl.Series(white).ewm_mean(alpha=1.0 - phi, adjust=False).to_numpy() / (1.0 - phi)


def _wellness(profile: DemoProfile, dates: pl.Series, daily_load: np.ndarray, ill: np.ndarray, rng) -> pl.DataFrame:
    n = len(dates)
    ctl0 = profile.weekly_load * 0.85 / 7
    ctl, atl = fitness_fatigue(daily_load, ctl0)
    tsb = np.concatenate([[0.0], (ctl - atl)[:-1]])  # form on the morning of D uses loads to D-1
    tsb_rel = tsb / np.maximum(np.concatenate([[ctl0], ctl[:-1]]), 20.0)
    fitness = np.concatenate([[1.0], ctl[:-1] / ctl0]) - 1.0
    ar_noise = autocorrelated_noise(rng.normal(0, 0.065, n), phi=0.35)
    hrv = profile.hrv_base * np.exp(0.30 * tsb_rel + 0.08 * fitness + ar_noise - 0.25 * ill)
    rhr = profile.rhr_base - 7.0 * tsb_rel - 2.0 * fitness + 9.0 * ill + rng.normal(0, 1.3, n)
    weekend = np.isin(dates.dt.weekday().to_numpy(), (6, 7))
    hard_yesterday = np.concatenate([[False], daily_load[:-1] > 1.5 * ctl0])
    sleep = 445 + 20 * weekend + 12 * hard_yesterday - 40 * ill + rng.normal(0, 38, n)
    sleep_score = np.clip(76 + (sleep - 445) / 5 + 10 * tsb_rel - 18 * ill + rng.normal(0, 6, n), 25, 98)
    stress = np.clip(27 + 35 * np.maximum(0, -tsb_rel) + 15 * ill + rng.normal(0, 5, n), 5, 85)
    frame = pl.DataFrame(
        {
            "date": dates,
            "hrv_ms": hrv.round(0),
            "resting_hr": rhr.round(0),
            "sleep_minutes": sleep.round(0),
            "sleep_score": sleep_score.round(0),
            "stress_level": stress.round(0),
            "tsb_rel": tsb_rel,
            "illness": ill,
        }
    )
    return _with_garmin_baseline(_with_gaps(frame, rng))


def _with_gaps(wellness: pl.DataFrame, rng) -> pl.DataFrame:
    """Missing nights (no HRV), nights without a sleep score, off-wrist days, and a watch left at home."""
    n = wellness.height
    off_wrist = rng.random(n) < 0.02
    low, high = (60, n - 60) if n > 120 else (n // 4, max(n // 4 + 1, n - n // 4))  # short histories too (--days 60)
    start = int(rng.integers(low, high))
    off_wrist[start : start + 5] = True
    no_hrv = off_wrist | (rng.random(n) < 0.04)
    no_score = off_wrist | (rng.random(n) < 0.03)
    no_rhr = off_wrist | (rng.random(n) < 0.01)

    def null_where(name: str, mask: np.ndarray) -> pl.Expr:
        return pl.when(pl.Series(mask)).then(None).otherwise(pl.col(name)).alias(name)

    return wellness.with_columns(
        null_where("hrv_ms", no_hrv),
        null_where("resting_hr", no_rhr),
        null_where("sleep_minutes", off_wrist),
        null_where("sleep_score", no_score),
        null_where("stress_level", off_wrist),
    )


def _with_garmin_baseline(wellness: pl.DataFrame) -> pl.DataFrame:
    """Garmin-style HRV baseline band (from the last 3 weeks of nights) and status."""
    log_mean = pl.col("hrv_ms").log().shift(1).rolling_mean(21, min_samples=14)
    week = pl.col("hrv_ms").rolling_mean(7, min_samples=3)
    wellness = wellness.with_columns(
        hrv_baseline_low=(log_mean - 0.10).exp().round(0), hrv_baseline_high=(log_mean + 0.10).exp().round(0)
    )
    return wellness.with_columns(
        hrv_status=pl.when(pl.col("hrv_baseline_low").is_null() | week.is_null())
        .then(None)
        .when(week < pl.col("hrv_baseline_low") * 0.9)
        .then(pl.lit("LOW"))
        .when((week < pl.col("hrv_baseline_low")) | (week > pl.col("hrv_baseline_high")))
        .then(pl.lit("UNBALANCED"))
        .otherwise(pl.lit("BALANCED"))
    )


def _readiness(wellness: pl.DataFrame, daily_load: np.ndarray, ill: np.ndarray, rng) -> pl.DataFrame:
    """Perceived readiness on most mornings, answering to form, sleep and illness, with noise."""
    n = wellness.height
    tsb_rel = wellness["tsb_rel"].to_numpy()
    sleep_h = wellness["sleep_minutes"].fill_null(445).to_numpy() / 60
    sleep_score = wellness["sleep_score"].fill_null(75).to_numpy()
    stress = wellness["stress_level"].fill_null(30).to_numpy()

    def item(centre: np.ndarray, low: int, high: int, sd: float) -> np.ndarray:
        return np.clip(np.round(centre + rng.normal(0, sd, n)), low, high)

    frame = pl.DataFrame(
        {
            "date": wellness["date"],
            "readiness": item(6.4 + 6 * tsb_rel + 0.7 * (sleep_h - 7.4) - 2.5 * ill, 0, 10, 1.0),
            "fatigue": item(3.2 + 3 * tsb_rel - 1.5 * ill, 1, 5, 0.6),
            "mood": item(3.5 + 2 * tsb_rel - ill, 1, 5, 0.7),
            "soreness": item(3.3 + 3 * tsb_rel, 1, 5, 0.7),
            "stress": item(3.4 - (stress - 30) / 15, 1, 5, 0.6),
            "sleep_quality": item(3 + (sleep_score - 75) / 12, 1, 5, 0.5),
        }
    )
    return frame.filter(pl.Series(rng.random(n) < 0.85))
