"""Heart-rate zones: HRmax, HRrest and LTHR from settings or data, and the intensity -> HR table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import polars as pl

from trainer.scoring.intensity import INTENSITIES, Intensity
from trainer.scoring.thresholds import Thresholds, pace_words

ZoneMethod = Literal["lthr", "hrr", "max"]

# SCORING.md's table, as fractions (low, high). Where the table gives one bound ("< 80", ">= 103"),
# the other is ours: recovery from 70 % LTHR, maximal up to HRmax (or 106 % LTHR without one).
PERCENT_LTHR = {
    "recovery": (0.70, 0.79),
    "easy": (0.80, 0.89),
    "moderate": (0.90, 0.94),
    "hard": (0.95, 1.02),
    "maximal": (1.03, 1.06),
}
PERCENT_HRR = {
    "recovery": (0.50, 0.60),
    "easy": (0.60, 0.70),
    "moderate": (0.70, 0.80),
    "hard": (0.80, 0.90),
    "maximal": (0.90, 1.00),
}
PERCENT_MAX = {
    "recovery": (0.60, 0.70),
    "easy": (0.70, 0.80),
    "moderate": (0.82, 0.87),
    "hard": (0.88, 0.93),
    "maximal": (0.94, 1.00),
}


@dataclass(frozen=True)
class HeartRateProfile:
    """What is known of an athlete's heart rate, and where each number came from."""

    max_hr: float | None
    max_hr_source: str
    rest_hr: float | None
    rest_hr_source: str
    lthr: float | None

    @property
    def method(self) -> ZoneMethod:
        """LTHR (Friel) if known, else heart-rate reserve (Karvonen), else % of max."""
        if self.lthr:
            return "lthr"
        if self.max_hr and self.rest_hr:
            return "hrr"
        return "max"

    def hr_range(self, intensity: Intensity, method: ZoneMethod | None = None) -> tuple[int, int] | None:
        """(low, high) bpm for an intensity; None when nothing is known to anchor it."""
        method = method or self.method
        if method == "lthr" and self.lthr:
            low, high = PERCENT_LTHR[intensity]
            top = self.max_hr if intensity == "maximal" and self.max_hr else self.lthr * high
            return round(self.lthr * low), round(top)
        if not self.max_hr:
            return None
        if method == "hrr" and self.rest_hr:
            low, high = PERCENT_HRR[intensity]
            reserve = self.max_hr - self.rest_hr
            return round(self.rest_hr + low * reserve), round(self.rest_hr + high * reserve)
        low, high = PERCENT_MAX[intensity]
        return round(self.max_hr * low), round(self.max_hr * high)

    def for_sport(self, sport: str) -> HeartRateProfile:
        """The same profile for every sport (``SportZones`` tells sports apart)."""
        return self

    def power_range(self, sport: str, intensity: str) -> tuple[int, int] | None:
        """No power without thresholds (``SportZones`` carries them)."""
        return None

    def pace_range(self, sport: str, intensity: str) -> tuple[int, int] | None:
        return None

    def table(self) -> pl.DataFrame:
        rows = [(name, *(self.hr_range(name) or (None, None))) for name in INTENSITIES]
        return pl.DataFrame(
            rows, schema={"intensity": pl.String, "hr_low": pl.Int64, "hr_high": pl.Int64}, orient="row"
        )


GARMIN_SPORT = {"run": "running", "bike": "cycling", "swim": "swimming"}


@dataclass(frozen=True)
class SportZones:
    """An athlete's heart rate per sport: each sport's own profile where one is known (Garmin's
    zones for that sport), else ``default``; ``sources`` says, per sport, which was used and why."""

    default: HeartRateProfile
    by_sport: tuple[tuple[str, HeartRateProfile], ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    thresholds: Thresholds | None = None  # FTP and threshold pace: rides take power, runs pace

    def for_sport(self, sport: str) -> HeartRateProfile:
        return dict(self.by_sport).get(sport, self.default)

    def power_range(self, sport: str, intensity: str) -> tuple[int, int] | None:
        """(low, high) W for a ride at ``intensity`` where FTP or Garmin's power zones are known."""
        return self.thresholds.power_range(intensity) if sport == "bike" and self.thresholds else None

    def pace_range(self, sport: str, intensity: str) -> tuple[int, int] | None:
        """(fast, slow) seconds per km for a run at ``intensity`` where threshold pace is known."""
        return self.thresholds.pace_range(intensity) if sport == "run" and self.thresholds else None

    def target_source(self, sport: str) -> str:
        """What a sport's targets come from, in words."""
        found = self.thresholds
        if sport == "bike" and found and found.ftp:
            return f"power, from your FTP ({found.ftp.value:.0f} W, {found.ftp.source})"
        if sport == "run" and found and found.threshold_pace:
            pace = found.threshold_pace
            return f"pace, from your threshold pace ({pace_words(pace.value)}, {pace.source})"
        return f"heart rate, from {self.source(sport)}"

    def source(self, sport: str) -> str:
        return dict(self.sources).get(sport, "your general heart-rate settings")


def sport_zones(default: HeartRateProfile, garmin_zones: dict[str, dict], sports: tuple[str, ...]) -> SportZones:
    """Each of ``sports`` with its own LTHR and HRmax from Garmin's zones for it (``garmin_zones``:
    Garmin's sport name, lower case -> {lthr, max_hr, resting_hr}); a sport without its own zones
    uses ``default``, and says so: a cyclist's threshold is not their running threshold."""
    by_sport, sources = [], []
    for sport in sports:
        own = garmin_zones.get(GARMIN_SPORT.get(sport, sport)) or {}
        word = {"run": "running", "bike": "cycling", "swim": "swimming"}.get(sport, sport)
        if own.get("lthr") or own.get("max_hr"):
            profile = HeartRateProfile(
                max_hr=own.get("max_hr") or default.max_hr,
                max_hr_source=f"Garmin's {word} zones" if own.get("max_hr") else default.max_hr_source,
                rest_hr=default.rest_hr,
                rest_hr_source=default.rest_hr_source,
                lthr=own.get("lthr") or None,
            )
            by_sport.append((sport, profile))
            sources.append((sport, f"Garmin's {word} zones"))
        else:
            basis = "your threshold setting" if default.lthr else "your maximum and resting heart rate"
            sources.append((sport, f"no {word} zones known: {basis}, the same for every sport"))
    return SportZones(default, tuple(by_sport), tuple(sources))


def heart_rate_profile(
    *,
    on: date,
    max_hr_setting: float | None = None,
    rest_hr_setting: float | None = None,
    lthr_setting: float | None = None,
    birth_year: int | None = None,
    activities: pl.DataFrame | None = None,
    wellness: pl.DataFrame | None = None,
) -> HeartRateProfile:
    """Estimate the profile as of ``on``.

    HRmax: the setting, else the highest sustained HR of the last 12 months of activities
    (``max_hr`` per activity, which importers store as the best 10-second HR), else
    208 - 0.7 * age. HRrest: the setting, else the median resting HR of the last 30 days.
    """
    max_hr, max_source = max_hr_setting, "setting"
    if max_hr is None and activities is not None and not activities.is_empty():
        recent = activities.filter(pl.col("date").is_between(on - timedelta(days=365), on))
        observed = recent["max_hr"].cast(pl.Float64).max() if not recent.is_empty() else None
        if observed is not None:
            max_hr, max_source = float(observed), "highest HR in the last 12 months"  # type: ignore[arg-type]
    if max_hr is None and birth_year:
        max_hr, max_source = round(208 - 0.7 * (on.year - birth_year)), "208 - 0.7 x age"
    rest_hr, rest_source = rest_hr_setting, "setting"
    if rest_hr is None and wellness is not None and not wellness.is_empty():
        resting = wellness.filter(pl.col("date").is_between(on - timedelta(days=29), on))["resting_hr"].drop_nulls()
        if resting.len():
            rest_hr, rest_source = float(resting.cast(pl.Float64).median()), "30-day median resting HR"  # type: ignore[arg-type]
    return HeartRateProfile(
        max_hr=max_hr,
        max_hr_source=max_source if max_hr else "unknown",
        rest_hr=rest_hr,
        rest_hr_source=rest_source if rest_hr else "unknown",
        lthr=lthr_setting,
    )


def sustained_max_hr(hr: pl.Series, seconds: pl.Series, window_s: int = 10) -> float | None:
    """Highest HR held for at least ``window_s`` seconds: the max over the stream of the rolling
    minimum across each 10-second window (a single spike does not count). Samples of 0 are missing."""
    frame = pl.DataFrame({"t": seconds, "hr": hr}).filter(pl.col("hr") > 0).sort("t")
    if frame.is_empty():
        return None
    frame = frame.with_columns(pl.from_epoch(pl.col("t").cast(pl.Int64), time_unit="s").alias("ts"))
    held = frame.rolling(index_column="ts", period=f"{window_s}s").agg(
        pl.col("hr").min().alias("held"), (pl.col("t").max() - pl.col("t").min()).alias("span")
    )
    held = held.filter(pl.col("span") >= window_s - 1)
    return float(held["held"].max()) if not held.is_empty() else None  # type: ignore[arg-type]
