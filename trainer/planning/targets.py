"""Is a goal's target within reach? Checked against what the athlete has shown lately.

Running: each recent run of 3 km or more predicts the goal distance by Riegel's formula
(T2 = T1 x (D2 / D1)^1.06); the fastest prediction, with race-day effort 8 % faster to 5 %
slower, is the realistic range. Triathlon: each leg at the athlete's recent speed in that sport,
plus transitions. Cycling: the event's length against the longest recent ride, and a target's
speed against recent rides'. Any target faster than the best in the world is refused in words.
Training runs are slower than races, so the range leans generous: the check warns; only a target
faster than anyone has gone is refused (``impossible``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

import polars as pl

from trainer.planning.goals import GoalSpec, event_name, format_duration
from trainer.planning.rules import TRIATHLON_KM

RECENT_DAYS = 180
RIEGEL = 1.06
RACE_DAY = (0.92, 1.05)  # race effort against the best recent run's prediction
WORLD_BEST_5K_S = 755  # 12:35; other distances by Riegel, within a minute of the records
TRIATHLON_BEST_S = {"sprint": 50 * 60, "olympic": 99 * 60, "70.3": 205 * 60, "full": 440 * 60}
TRANSITIONS_MIN = {"sprint": 3, "olympic": 4, "70.3": 6, "full": 10}
FASTEST_KMH = {"gran-fondo": 42.0, "stage": 42.0, "time-trial": 56.0}


@dataclass(frozen=True)
class TargetCheck:
    """``plausible`` False comes with a ``warning`` in plain words; ``realistic`` is (fast, slow)
    seconds where recent efforts give one; ``basis`` says what the target was checked against."""

    plausible: bool
    warning: str | None
    realistic: tuple[int, int] | None
    basis: str
    impossible: bool = False  # faster than anyone has gone: refused, never stored

    def as_dict(self) -> dict:
        out = asdict(self)
        out["realistic"] = [format_duration(s) for s in self.realistic] if self.realistic else None
        return out

    @property
    def pace_time_s(self) -> int | None:
        """The time key sessions are paced at when the target is out of reach: the realistic fast end."""
        return None if self.plausible or self.realistic is None else self.realistic[0]


def check_target(goal: GoalSpec, activities: pl.DataFrame, on: date) -> TargetCheck:
    """The goal's target (and, for a cycling event, its length) against the last six months."""
    recent = activities.filter(pl.col("date").is_between(on - timedelta(days=RECENT_DAYS - 1), on))
    if goal.is_base:
        return TargetCheck(True, None, None, "a base block has no target")
    if goal.sport == "triathlon":
        return _triathlon(goal, recent)
    if goal.sport == "bike":
        return _cycling(goal, recent, on)
    if goal.sport == "run" and goal.distance_km:
        return _running(goal, recent)
    return TargetCheck(True, None, None, "no check for this sport yet")


def riegel(seconds: float, km: float, to_km: float) -> float:
    return seconds * (to_km / km) ** RIEGEL


def world_best_s(km: float) -> float:
    return riegel(WORLD_BEST_5K_S, 5.0, km)


def _running(goal: GoalSpec, recent: pl.DataFrame) -> TargetCheck:
    km = goal.distance_km or 0.0
    predicted = run_prediction(recent, km)
    realistic = None if predicted is None else (round(predicted * RACE_DAY[0]), round(predicted * RACE_DAY[1]))
    basis = "your recent runs" if predicted else "no run of 3 km or more in six months to check against"
    return _judge(goal, world_best_s(km), realistic, basis)


def run_prediction(recent: pl.DataFrame, km: float) -> float | None:
    """The fastest Riegel prediction for ``km`` from runs of 3 km or more (None without any)."""
    runs = recent.filter(pl.col("sport") == "run", pl.col("distance_m") >= 3000, pl.col("duration_s") > 0)
    if runs.is_empty():
        return None
    moving = pl.coalesce("moving_s", "duration_s")
    predictions = runs.select(moving * (km / (pl.col("distance_m") / 1000)) ** RIEGEL)
    return float(predictions.to_series().min())  # type: ignore[arg-type]


def _triathlon(goal: GoalSpec, recent: pl.DataFrame) -> TargetCheck:
    swim_km, bike_km, run_km = TRIATHLON_KM[goal.kind]
    swim, bike = _speed_kmh(recent, "swim", 400, 10), _speed_kmh(recent, "bike", 5000, 30)
    run = run_prediction(recent, run_km)
    missing = [name for name, value in (("swims", swim), ("rides", bike), ("runs", run)) if value is None]
    realistic, basis = None, "your recent swims, rides and runs"
    if not missing:
        total = swim_km / swim * 3600 + bike_km / bike * 3600 + run * 1.05 + TRANSITIONS_MIN[goal.kind] * 60  # type: ignore[operator]
        realistic = (round(total * 0.93), round(total * 1.07))
    else:
        basis = f"no recent {' or '.join(missing)} with distance to check each leg against"
    return _judge(goal, TRIATHLON_BEST_S[goal.kind], realistic, basis)


def _speed_kmh(recent: pl.DataFrame, sport: str, min_m: float, min_minutes: float) -> float | None:
    """Median speed of the sport's recent sessions long enough to mean something."""
    rows = recent.filter(
        pl.col("sport") == sport, pl.col("distance_m") >= min_m, pl.col("duration_s") >= min_minutes * 60
    )
    if rows.is_empty():
        return None
    moving = pl.coalesce("moving_s", "duration_s")
    return float(rows.select((pl.col("distance_m") / 1000) / (moving / 3600)).to_series().median())  # type: ignore[arg-type]


def _cycling(goal: GoalSpec, recent: pl.DataFrame, on: date) -> TargetCheck:
    hours = goal.event_hours or 0.0
    rides = recent.filter(pl.col("sport") == "bike", pl.col("date") >= on - timedelta(days=55))
    longest = float(rides["duration_s"].max() or 0) / 3600  # type: ignore[arg-type]
    weeks = max(0, (goal.event_date - on).days // 7)
    warning, realistic = None, None
    basis = f"your longest ride in the last 8 weeks ({format_duration(round(longest * 3600))})"
    if hours > max(2 * longest, longest + 1.5) and weeks < 8 + 2 * hours:
        warning = (
            f"A {event_name(goal)} in {weeks} weeks is a big step from your longest recent ride "
            f"({format_duration(round(longest * 3600))}): the plan builds your long ride as far as the time allows."
        )
    if goal.target_time_s and goal.distance_km:
        speed = goal.distance_km / (goal.target_time_s / 3600)
        usual = _speed_kmh(recent, "bike", 5000, 60)
        if speed > FASTEST_KMH.get(goal.kind, 42.0):
            return TargetCheck(
                False,
                f"{speed:.1f} km/h for {goal.distance_km:g} km is faster than anyone rides a {event_name(goal)}.",
                None,
                basis,
                impossible=True,
            )
        if usual:
            lift = 1.12 if goal.kind == "time-trial" else 1.05
            fast = goal.distance_km / (usual * lift) * 3600
            realistic = (round(fast), round(fast * 1.15))
            if goal.target_time_s < realistic[0]:
                return TargetCheck(
                    False,
                    f"Your target means {speed:.1f} km/h; your recent rides average {usual:.1f} km/h, so "
                    f"{format_duration(realistic[0])}-{format_duration(realistic[1])} is realistic.",
                    realistic,
                    "your recent rides' speed",
                )
    return TargetCheck(warning is None, warning, realistic, basis)


def _judge(goal: GoalSpec, world_best: float, realistic: tuple[int, int] | None, basis: str) -> TargetCheck:
    target = goal.target_time_s
    if target is None:
        return TargetCheck(True, None, realistic, basis)
    if target < world_best:
        return TargetCheck(
            False,
            f"{format_duration(target)} for a {event_name(goal)} is faster than the world's best "
            f"(about {format_duration(round(world_best))}).",
            realistic,
            basis,
            impossible=True,
        )
    if realistic is not None and target < realistic[0]:
        return TargetCheck(
            False,
            f"{format_duration(target)} is beyond what {basis} show: {format_duration(realistic[0])}-"
            f"{format_duration(realistic[1])} is realistic. Key sessions are paced for that instead.",
            realistic,
            basis,
        )
    return TargetCheck(True, None, realistic, basis)
