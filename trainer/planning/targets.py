"""Is a goal's target within reach? Checked against what the athlete has shown lately.

Running: Garmin's own race prediction for the distance where it gives one (by Riegel from the
nearest predicted distance), else the athlete's threshold pace (a one-hour race, by Riegel), else
each recent run of 3 km or more predicts the goal distance by Riegel's formula
(T2 = T1 x (D2 / D1)^1.06); the fastest prediction, with race-day effort 8 % faster to 5 %
slower, is the realistic range. Cycling with a known FTP: the speed that power holds on flat
roads for the event's length (``FLAT_RIDE``), its time to 15 % slower for terrain and wind; with
recent rides too, the slower of the two ranges.
Triathlon: each leg at the athlete's recent speed in that sport,
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
from trainer.scoring.thresholds import Thresholds, pace_words

RECENT_DAYS = 180
RIEGEL = 1.06
RACE_DAY = (0.92, 1.05)  # race effort against the best recent run's prediction
WORLD_BEST_5K_S = 755  # 12:35; other distances by Riegel, within a minute of the records
TRIATHLON_BEST_S = {"sprint": 50 * 60, "olympic": 99 * 60, "70.3": 205 * 60, "full": 440 * 60}
TRANSITIONS_MIN = {"sprint": 3, "olympic": 4, "70.3": 6, "full": 10}
FASTEST_KMH = {"gran-fondo": 42.0, "stage": 42.0, "time-trial": 56.0}
PREDICTED_KM = {"Predicted 5 km": 5.0, "Predicted 10 km": 10.0, "Predicted half marathon": 21.0975,
                "Predicted marathon": 42.195}  # fmt: skip
# flat-road riding: rider and bike 84 kg, CdA 0.32 m^2 (on the hoods; 0.25 on a time-trial bike),
# rolling resistance 0.005, air 1.2 kg/m^3, drivetrain 97 %; the share of FTP held for the event
FLAT_RIDE = {"mass_kg": 84.0, "cda": 0.32, "cda_tt": 0.25, "crr": 0.005, "rho": 1.2, "drivetrain": 0.97}
FTP_SHARE_FOR = {"time-trial": 0.95, "gran-fondo": 0.72, "stage": 0.70}


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


def check_target(
    goal: GoalSpec, activities: pl.DataFrame, on: date, thresholds: Thresholds | None = None
) -> TargetCheck:
    """The goal's target (and, for a cycling event, its length) against the last six months and
    what the athlete has shown (``thresholds``: FTP, threshold pace, Garmin's race predictions)."""
    recent = activities.filter(pl.col("date").is_between(on - timedelta(days=RECENT_DAYS - 1), on))
    if goal.is_base:
        return TargetCheck(True, None, None, "a base block has no target")
    if goal.sport == "triathlon":
        return _triathlon(goal, recent)
    if goal.sport == "bike":
        by_rides = _cycling(goal, recent, on)
        if thresholds is None or thresholds.ftp is None or not goal.distance_km or not goal.target_time_s:
            return by_rides
        by_power = _cycling_power(goal, thresholds)
        power_says = by_power.realistic[0] if by_power.realistic else 0
        rides_say = by_rides.realistic[0] if by_rides.realistic else None
        if by_rides.impossible or (rides_say is None and by_rides.warning) or (rides_say or 0) >= power_says:
            return by_rides  # the slower of the two (hills and wind are in the rides, not in the flat-road model)
        return by_power
    if goal.sport == "run" and goal.distance_km:
        return _running(goal, recent, thresholds)
    return TargetCheck(True, None, None, "no check for this sport yet")


def riegel(seconds: float, km: float, to_km: float) -> float:
    return seconds * (to_km / km) ** RIEGEL


def world_best_s(km: float) -> float:
    return riegel(WORLD_BEST_5K_S, 5.0, km)


def _running(goal: GoalSpec, recent: pl.DataFrame, thresholds: Thresholds | None = None) -> TargetCheck:
    km = goal.distance_km or 0.0
    predicted, basis = shown_run_prediction(thresholds, km)
    if predicted is None:
        predicted = run_prediction(recent, km)
        basis = "your recent runs" if predicted else "no run of 3 km or more in six months to check against"
    realistic = None if predicted is None else (round(predicted * RACE_DAY[0]), round(predicted * RACE_DAY[1]))
    return _judge(goal, world_best_s(km), realistic, basis)


def shown_run_prediction(thresholds: Thresholds | None, km: float) -> tuple[float | None, str]:
    """A race time for ``km`` from what the athlete has shown: Garmin's prediction for the nearest
    distance, else threshold pace held for an hour (both carried to ``km`` by Riegel)."""
    if thresholds is None:
        return None, ""
    predictions = [(PREDICTED_KM[name], figure.value) for name, figure in thresholds.others if name in PREDICTED_KM]
    if predictions:
        nearest_km, seconds = min(predictions, key=lambda pair: abs(pair[0] - km))
        return riegel(seconds, nearest_km, km), "Garmin's race predictions"
    if thresholds.threshold_pace is not None:
        pace = thresholds.threshold_pace.value
        return riegel(3600.0, 3600.0 / pace, km), f"your threshold pace ({pace_words(pace)})"
    return None, ""


def flat_speed_kmh(watts: float, time_trial: bool = False) -> float:
    """The speed ``watts`` holds on a flat road without wind (``FLAT_RIDE``), by bisection."""
    ride = FLAT_RIDE
    cda = ride["cda_tt"] if time_trial else ride["cda"]
    low, high = 0.0, 30.0  # m/s
    for _ in range(60):
        v = (low + high) / 2
        need = (0.5 * ride["rho"] * cda * v**3 + ride["crr"] * ride["mass_kg"] * 9.81 * v) / ride["drivetrain"]
        low, high = (v, high) if need < watts else (low, v)
    return low * 3.6


def _cycling_power(goal: GoalSpec, thresholds: Thresholds) -> TargetCheck:
    """The target's speed against what the athlete's FTP holds for the event on flat roads."""
    assert thresholds.ftp is not None and goal.distance_km and goal.target_time_s
    share = FTP_SHARE_FOR.get(goal.kind, 0.72)
    speed = flat_speed_kmh(share * thresholds.ftp.value, time_trial=goal.kind == "time-trial")
    fast = goal.distance_km / speed * 3600
    realistic = (round(fast), round(fast * 1.15))
    basis = f"your FTP ({thresholds.ftp.value:.0f} W)"
    target_kmh = goal.distance_km / (goal.target_time_s / 3600)
    if refused := _faster_than_anyone_rides(goal, basis):
        return refused
    if goal.target_time_s < realistic[0]:
        return TargetCheck(
            False,
            f"Your target means {target_kmh:.1f} km/h; {share:.0%} of your FTP ({thresholds.ftp.value:.0f} W), what "
            f"a {event_name(goal)} can be ridden at, holds about {speed:.1f} km/h on flat roads, so "
            f"{format_duration(realistic[0])}-{format_duration(realistic[1])} is realistic. Key sessions are "
            "paced for that instead.",
            realistic,
            basis,
        )
    return TargetCheck(True, None, realistic, basis)


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
        if refused := _faster_than_anyone_rides(goal, basis):
            return refused
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


def _faster_than_anyone_rides(goal: GoalSpec, basis: str) -> TargetCheck | None:
    """The refusal of a ride target faster than anyone rides the event; None for any other."""
    assert goal.distance_km and goal.target_time_s
    speed = goal.distance_km / (goal.target_time_s / 3600)
    if speed <= FASTEST_KMH.get(goal.kind, 42.0):
        return None
    said = f"{speed:.1f} km/h for {goal.distance_km:g} km is faster than anyone rides a {event_name(goal)}."
    return TargetCheck(False, said, None, basis, impossible=True)


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
            f"{format_duration(target)} is beyond what you have shown ({basis}): {format_duration(realistic[0])}-"
            f"{format_duration(realistic[1])} is realistic. Key sessions are paced for that instead.",
            realistic,
            basis,
        )
    return TargetCheck(True, None, realistic, basis)
