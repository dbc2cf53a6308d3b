"""Power and pace: what an athlete has shown, the zones it gives, and a session's target from them.

- Best efforts (mean-maximal power) of a ride: its power stream on a one-second grid of the time
  it was recording (a gap of up to 5 s carries the last reading; a longer one is a stop and left
  out, as the timer leaves it out), the best mean over each of ``CURVE_SECONDS``.
- Critical power and W' from the best efforts of 3 to 20 minutes over the last 90 days, by the
  two-parameter model (work = CP x t + W', a straight line through (t, best power x t)).
- FTP estimate: the highest of three field rules (95 % of the best 20 minutes, 90 % of the best
  10, critical power): each underestimates when the efforts were not all-out.
- Weighted power (the 30-second rolling mean's fourth-power mean, its fourth root) and power
  load = hours x (weighted power / FTP)^2 x 100: a ride at FTP for an hour is 100.
- Threshold pace: Garmin's lactate-threshold speed, else the pace of a one-hour race predicted by
  Riegel's formula from the fastest recent run of 3 km or more.
- Zones as % of FTP and of threshold pace; Garmin's own power zones win where it gives them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

import polars as pl
from scipy import stats

from trainer.scoring.intensity import INTENSITIES, Intensity

CURVE_SECONDS = (5, 15, 30, 60, 120, 180, 300, 600, 1200, 1800, 3600)
CP_SECONDS = (180, 300, 600, 1200)  # the efforts critical power is fitted on
RECENT_DAYS = 90
CARRY_GAP_S = 5  # a gap up to this long carries the last reading; a longer one is a stop, left out
RIEGEL = 1.06
HOUR_S = 3600.0
# intensity -> share of FTP (low, high): recovery, endurance, tempo, threshold, VO2max
PERCENT_FTP: dict[Intensity, tuple[float, float]] = {
    "recovery": (0.45, 0.55),
    "easy": (0.56, 0.75),
    "moderate": (0.76, 0.90),
    "hard": (0.95, 1.05),
    "maximal": (1.06, 1.20),
}
# intensity -> time per km as a multiple of threshold pace (fast end, slow end)
PACE_OF_THRESHOLD: dict[Intensity, tuple[float, float]] = {
    "recovery": (1.30, 1.40),
    "easy": (1.14, 1.29),
    "moderate": (1.06, 1.13),
    "hard": (0.99, 1.05),
    "maximal": (0.90, 0.98),
}
GARMIN_ZONE_OF: dict[Intensity, int] = {"recovery": 1, "easy": 2, "moderate": 3, "hard": 4, "maximal": 5}


# --- one ride ----------------------------------------------------------------------------------


def one_second_power(records: pl.DataFrame) -> pl.Series:
    """The stream's power on a one-second grid (``records``: timestamp, power)."""
    readings = records.select("timestamp", "power").drop_nulls("timestamp").sort("timestamp")
    readings = readings.unique("timestamp", keep="first", maintain_order=True)
    if readings["power"].drop_nulls().is_empty():
        return pl.Series("power", [], pl.Float64)
    grid = readings.with_columns(pl.col("power").cast(pl.Float64), recorded=pl.lit(True))
    grid = grid.upsample("timestamp", every="1s").with_columns(
        pl.col("power").forward_fill(limit=CARRY_GAP_S), pl.col("recorded").forward_fill(limit=CARRY_GAP_S)
    )
    return grid.filter(pl.col("recorded")).select(pl.col("power").fill_null(0.0).clip(0, 2500))["power"]


def best_efforts(power: pl.Series) -> dict[int, int]:
    """Best mean power (W) over each of ``CURVE_SECONDS`` the ride is long enough for."""
    durations = [seconds for seconds in CURVE_SECONDS if seconds <= power.len()]
    if not durations:
        return {}
    means = pl.DataFrame({"power": power}).select(
        pl.col("power").rolling_mean(seconds).max().alias(str(seconds)) for seconds in durations
    )
    return {int(name): round(float(value)) for name, value in means.row(0, named=True).items()}


def weighted_power(power: pl.Series) -> float | None:
    """The fourth-power mean of the 30-second rolling mean: what the ride cost, steadiness counted."""
    if power.len() < 30:
        return None
    rolled = power.rolling_mean(30).drop_nulls()
    return round(cast(float, (rolled**4).mean()) ** 0.25, 1)


def power_load(seconds: float, weighted: float | None, ftp: float | None) -> float | None:
    """Hours x intensity^2 x 100, intensity = weighted power / FTP: an hour at FTP is 100."""
    if not weighted or not ftp or seconds <= 0:
        return None
    return round(seconds / HOUR_S * (weighted / ftp) ** 2 * 100, 1)


# --- what the athlete has shown ----------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One figure with its source in words and the day it was measured."""

    value: float
    source: str
    measured_on: date | None = None


@dataclass(frozen=True)
class Thresholds:
    """What targets come from; each figure None when not known."""

    ftp: Figure | None = None  # the one targets use: Garmin's, the bike computer's, else the estimate
    ftp_estimate: Figure | None = None
    critical_power: Figure | None = None
    w_prime_j: float | None = None
    power_zone_floors: tuple[int, ...] = ()  # Garmin's seven floors, when it gives them
    threshold_pace: Figure | None = None  # seconds per km
    others: tuple[tuple[str, Figure], ...] = ()  # VO2max, race predictions, lactate-threshold HR

    def power_range(self, intensity: str) -> tuple[int, int] | None:
        """(low, high) W for an intensity: Garmin's zone where it gives them, else % of FTP."""
        if intensity not in GARMIN_ZONE_OF:
            return None
        floors = self.power_zone_floors
        zone = GARMIN_ZONE_OF[intensity]
        if len(floors) > zone:
            return floors[zone - 1], floors[zone] - 1
        if self.ftp is None:
            return None
        low, high = PERCENT_FTP[intensity]
        return round(self.ftp.value * low), round(self.ftp.value * high)

    def pace_range(self, intensity: str) -> tuple[int, int] | None:
        """(fast, slow) seconds per km for an intensity, from threshold pace."""
        if self.threshold_pace is None or intensity not in PACE_OF_THRESHOLD:
            return None
        fast, slow = PACE_OF_THRESHOLD[intensity]
        return round(self.threshold_pace.value * fast), round(self.threshold_pace.value * slow)

    def power_table(self) -> pl.DataFrame:
        rows = [(name, *(self.power_range(name) or (None, None))) for name in INTENSITIES]
        return pl.DataFrame(rows, schema={"intensity": pl.String, "low_w": pl.Int64, "high_w": pl.Int64}, orient="row")

    def pace_table(self) -> pl.DataFrame:
        rows = [(name, *(self.pace_range(name) or (None, None))) for name in INTENSITIES]
        return pl.DataFrame(
            rows, schema={"intensity": pl.String, "fast_s_per_km": pl.Int64, "slow_s_per_km": pl.Int64}, orient="row"
        )


def athlete_curve(curves: pl.DataFrame, on: date, days: int = RECENT_DAYS) -> dict[int, int]:
    """The best of each duration over the last ``days`` days (``curves``: date, seconds, watts)."""
    recent = curves.filter(pl.col("date").is_between(on - timedelta(days=days - 1), on))
    best = recent.group_by("seconds").agg(pl.col("watts").max()).sort("seconds")
    return dict(zip(best["seconds"].to_list(), best["watts"].to_list()))


def critical_power(curve: dict[int, int]) -> tuple[float, float] | None:
    """(CP in W, W' in J) from the 3-20 minute bests; None with fewer than two of them."""
    points = [(seconds, curve[seconds]) for seconds in CP_SECONDS if seconds in curve]
    if len(points) < 2:
        return None
    seconds = [float(t) for t, _ in points]
    work = [float(t * watts) for t, watts in points]
    fit = stats.linregress(seconds, work)
    if fit.slope <= 0:
        return None
    return round(float(fit.slope), 1), round(max(float(fit.intercept), 0.0))


def ftp_estimate(curve: dict[int, int]) -> float | None:
    """The highest of 95 % of the best 20 minutes, 90 % of the best 10 and critical power."""
    fitted = critical_power(curve)
    rules = [0.95 * curve.get(1200, 0), 0.90 * curve.get(600, 0), fitted[0] if fitted else 0.0]
    return round(max(rules)) if max(rules) > 0 else None


def hour_pace_from_runs(activities: pl.DataFrame, on: date, days: int = RECENT_DAYS * 2) -> float | None:
    """Seconds per km of a one-hour race, by Riegel from the fastest recent run of 3 km or more."""
    runs = activities.filter(
        pl.col("sport") == "run",
        pl.col("distance_m") >= 3000,
        pl.col("duration_s") > 0,
        pl.col("date").is_between(on - timedelta(days=days - 1), on),
    )
    if runs.is_empty():
        return None
    moving = pl.coalesce("moving_s", "duration_s")
    hour_km = (pl.col("distance_m") / 1000) * (HOUR_S / moving) ** (1 / RIEGEL)
    best = runs.select(hour_km.max()).item()
    return round(HOUR_S / best, 1) if best else None


def thresholds(
    figures: pl.DataFrame,
    curves: pl.DataFrame,
    activities: pl.DataFrame,
    on: date,
) -> Thresholds:
    """The athlete's thresholds as of ``on``.

    ``figures``: Garmin's figures (name, sport, value, floors, measured_on), newest first;
    ``curves``: best efforts per ride (date, seconds, watts, device_ftp); ``activities``: the
    activity frame (date, sport, distance_m, duration_s, moving_s). The FTP targets use is
    Garmin's, else the one set on the bike computer (which Garmin's bike computers keep up to
    date from rides), else the estimate from best efforts; the estimate is always given beside it."""
    latest = figures.sort("measured_on", descending=True, nulls_last=True)  # Garmin's latest figures

    def garmin(name: str, sport: str | None = None) -> tuple[float, date | None, list | None] | None:
        rows = latest.filter(pl.col("name") == name, pl.col("sport") == sport if sport else pl.lit(True))
        return None if rows.is_empty() else (rows["value"][0], rows["measured_on"][0], rows["floors"].to_list()[0])

    curve, window = athlete_curve(curves, on), "the last 90 days"
    earlier = curves.filter(pl.col("date") <= on)
    if not curve and not earlier.is_empty():  # no ride with power lately: the 90 days up to the last one
        last = cast(date, earlier["date"].max())
        curve, window = athlete_curve(curves, last), f"the 90 days up to {last}"
    fitted = critical_power(curve)
    ftp: Figure | None = None
    floors: tuple[int, ...] = ()
    zones = garmin("power_zones", "bike")
    if zones and zones[2]:
        floors = tuple(int(x) for x in zones[2])
    if found := garmin("ftp", "bike"):
        ftp = Figure(found[0], "Garmin Connect", found[1])
    elif not (set_on := earlier.filter(pl.col("device_ftp").is_not_null()).sort("date")).is_empty():
        ftp = Figure(float(set_on["device_ftp"][-1]), "the FTP set on your bike computer", set_on["date"][-1])
    estimate = ftp_estimate(curve)
    estimated = Figure(estimate, f"estimated from your best efforts of {window}") if estimate else None
    pace: Figure | None = None
    if speed := garmin("threshold_speed", "run"):
        pace = Figure(round(1000 / speed[0], 1), "Garmin's lactate threshold", speed[1])
    elif hour := hour_pace_from_runs(activities, on):
        pace = Figure(hour, "estimated from your fastest recent run")
    others = []
    for name, label in OTHER_FIGURES.items():
        rows = latest.filter(pl.col("name") == name)
        for row in rows.unique("sport", keep="first").iter_rows(named=True):
            word = f"{label} ({SPORT_WORDS.get(row['sport'], row['sport'])})" if name == "vo2max" else label
            source = SOURCE_WORDS.get(row["source"] or "garmin", row["source"])
            others.append((word, Figure(row["value"], source, row["measured_on"])))
    return Thresholds(
        ftp=ftp or estimated,
        ftp_estimate=estimated,
        critical_power=Figure(fitted[0], f"from your best efforts of 3-20 minutes in {window}") if fitted else None,
        w_prime_j=fitted[1] if fitted else None,
        power_zone_floors=floors,
        threshold_pace=pace,
        others=tuple(others),
    )


OTHER_FIGURES = {
    "lactate_threshold_hr": "Lactate-threshold heart rate",
    "vo2max": "VO2max",
    "race_5k": "Predicted 5 km",
    "race_10k": "Predicted 10 km",
    "race_half": "Predicted half marathon",
    "race_marathon": "Predicted marathon",
    "intervals_fitness": "Fitness as intervals.icu computes it",  # kept beside trainer's own, never mixed in
    "intervals_fatigue": "Fatigue as intervals.icu computes it",
    "intervals_load": "The day's load as intervals.icu counts it",
}
SPORT_WORDS = {"run": "running", "bike": "cycling"}
FIGURE_SCHEMA: dict[str, Any] = {
    "name": pl.String,
    "sport": pl.String,
    "value": pl.Float64,
    "floors": pl.List(pl.Int64),
    "measured_on": pl.Date,
    "source": pl.String,
}
SOURCE_WORDS = {"garmin": "Garmin Connect", "intervals.icu": "intervals.icu"}  # where a stored figure came from
CURVE_SCHEMA: dict[str, Any] = {"date": pl.Date, "seconds": pl.Int64, "watts": pl.Int64, "device_ftp": pl.Int64}


def figure_lines(found: Thresholds) -> list[str]:
    """Each figure, where it came from, and the zones it gives, as an athlete reads them."""
    lines = []

    def said(figure: Figure) -> str:
        return f"{figure.source}" + (f", {figure.measured_on}" if figure.measured_on else "")

    if found.ftp:
        lines.append(f"FTP: {found.ftp.value:.0f} W ({said(found.ftp)})")
    if found.ftp_estimate and found.ftp_estimate != found.ftp:
        lines.append(f"FTP {found.ftp_estimate.source}: {found.ftp_estimate.value:.0f} W")
    if found.critical_power:
        w_prime = f", W' {found.w_prime_j / 1000:.1f} kJ" if found.w_prime_j else ""
        lines.append(f"Critical power: {found.critical_power.value:.0f} W{w_prime} ({found.critical_power.source})")
    if found.ftp or found.power_zone_floors:
        basis = "Garmin's power zones" if found.power_zone_floors else "% of FTP"
        ranges = [(name, found.power_range(name)) for name in INTENSITIES]
        lines.append(f"Power zones ({basis}): " + " · ".join(f"{n} {r[0]}-{r[1]} W" for n, r in ranges if r))
    if found.threshold_pace:
        lines.append(f"Threshold pace: {pace_words(found.threshold_pace.value)} ({said(found.threshold_pace)})")
        ranges = [(name, found.pace_range(name)) for name in INTENSITIES]
        lines.append(
            "Pace zones: " + " · ".join(f"{n} {pace_words(r[0])[:-3]}-{pace_words(r[1])}" for n, r in ranges if r)
        )
    for name, figure in found.others:
        lines.append(f"{name}: {figure_value_words(name, figure.value)} ({said(figure)})")
    return lines or ["No power or pace figures yet: a ride with a power meter or a run with distance gives them."]


def pace_words(seconds_per_km: float) -> str:
    """5:12/km."""
    whole = int(round(seconds_per_km))
    return f"{whole // 60}:{whole % 60:02d}/km"


def figure_value_words(name: str, value: float) -> str:
    """A figure's value as people write it."""
    if name.startswith("Predicted"):
        whole = int(round(value))
        hours, rest = divmod(whole, 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
    if name.startswith("Lactate"):
        return f"{value:.0f} bpm"
    return f"{value:.1f}" if not math.isclose(value, round(value)) else f"{value:.0f}"
