"""The day's recommendation: what to do, how long, how hard, at what heart rate, and why.

Rules of SCORING.md: green does the plan (or a quality session); yellow caps at moderate and cuts
volume 20-30 %; red is recovery of at most 45 minutes or rest; ACWR above 1.5 caps intensity at
easy whatever the status; no score gives an easy session and says why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from trainer.scoring.config import ScoringConfig
from trainer.scoring.recovery import missing_in_words
from trainer.scoring.thresholds import Thresholds, pace_words
from trainer.scoring.zones import INTENSITIES, HeartRateProfile, Intensity

WorkoutType = Literal["run", "bike", "swim", "strength", "rest", "other"]
YELLOW_VOLUME_CUT = 0.25
RED_REST_BELOW = 35  # a red score under this is a rest day; otherwise a short recovery session
QUALITY_MINUTES = {"run": 60, "bike": 90, "swim": 50}
EASY_MINUTES = {"run": 40, "bike": 60, "swim": 40}


@dataclass(frozen=True)
class PlannedSession:
    sport: str
    minutes: int
    intensity: Intensity
    purpose: str = ""
    kind: str = "easy"  # the plan's kind of session (planning.sessions): long, tempo, intervals ...


@dataclass(frozen=True)
class Recommendation:
    workout_type: WorkoutType
    minutes: int
    intensity: Intensity | None
    hr_low: int | None
    hr_high: int | None
    rationale: str
    power_low: int | None = None  # W, a ride's target where FTP is known
    power_high: int | None = None
    pace_fast: int | None = None  # seconds per km, a run's target where threshold pace is known
    pace_slow: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def target_words(self) -> str:
        """ " at 189-223 W (140-150 bpm)", " at 5:10-5:30/km (...)", " at 140-150 bpm" or ""."""
        return session_target(
            self.hr_low, self.hr_high, self.power_low, self.power_high, self.pace_fast, self.pace_slow
        )


TARGET_COLUMNS = ("hr_low", "hr_high", "power_low", "power_high", "pace_fast", "pace_slow")  # session_target's order


def session_target(
    hr_low: int | None,
    hr_high: int | None,
    power_low: int | None = None,
    power_high: int | None = None,
    pace_fast: int | None = None,
    pace_slow: int | None = None,
) -> str:
    """A session's target in words: power or pace first with heart rate beside it, else heart rate."""
    heart = f"{hr_low}-{hr_high} bpm" if hr_low is not None and hr_high is not None else ""
    first = ""
    if power_low is not None and power_high is not None:
        first = f"{power_low}-{power_high} W"
    elif pace_fast is not None and pace_slow is not None:
        first = f"{pace_words(pace_fast)[:-3]}-{pace_words(pace_slow)}"
    if first:
        return f" at {first}" + (f" ({heart})" if heart else "")
    return f" at {heart}" if heart else ""


def recommend(
    day: dict,
    heart_rate: HeartRateProfile,
    main_sport: str = "run",
    planned: PlannedSession | None = None,
    config: ScoringConfig = ScoringConfig(),
    thresholds: Thresholds | None = None,
) -> Recommendation:
    """Recommend a session for one scored day (a row of ``score_days`` as a dict); a ride's target
    is power and a run's pace where ``thresholds`` know them, heart rate beside it."""
    sport = _workout_type(planned.sport if planned else main_sport)
    status, acwr = day["status"], day.get("acwr")
    reasons = _reasons(day, config)
    intensity: Intensity
    if status == "insufficient data":
        minutes, intensity = EASY_MINUTES.get(sport, 40), "easy"
        why = missing_in_words(day.get("missing")) or "too little history yet"
        verdict = f"Not enough data for a score ({why}): keep it easy."
    elif status == "red":
        if (day.get("total_score") or 0) < RED_REST_BELOW:
            return Recommendation("rest", 0, None, None, None, f"{_headline(day)}: {reasons}. Take a rest day.")
        minutes, intensity = min(45, planned.minutes if planned else 30), "recovery"
        verdict = "Recovery only, at most 45 minutes."
    elif status == "yellow":
        base_minutes = planned.minutes if planned else EASY_MINUTES.get(sport, 45) + 10
        minutes = round(base_minutes * (1 - YELLOW_VOLUME_CUT)) if planned else base_minutes
        intensity = _cap(planned.intensity if planned else "moderate", "moderate")
        verdict = "At most moderate" + (f", planned volume cut by {YELLOW_VOLUME_CUT:.0%}." if planned else ".")
    else:
        minutes = planned.minutes if planned else QUALITY_MINUTES.get(sport, 60)
        intensity = planned.intensity if planned else "hard"
        verdict = "Go ahead with the planned session." if planned else f"Good day for a quality {sport} session."
    if acwr is not None and acwr > config.acwr_danger and INTENSITIES.index(intensity) > INTENSITIES.index("easy"):
        intensity = "easy"
        verdict = f"Load is spiking (load ratio {acwr:.2f} > {config.acwr_danger}): easy only, whatever the score."
    low, high = heart_rate.hr_range(intensity) or (None, None)
    power = (thresholds.power_range(intensity) if thresholds and sport == "bike" else None) or (None, None)
    pace = (thresholds.pace_range(intensity) if thresholds and sport == "run" else None) or (None, None)
    target = session_target(low, high, *power, *pace)
    rationale = f"{_headline(day)}: {reasons}. {verdict} {minutes} min {intensity} {sport}{target}."
    return Recommendation(sport, minutes, intensity, low, high, rationale, *power, *pace)


def _workout_type(sport: str) -> WorkoutType:
    own: dict[str, WorkoutType] = {
        "run": "run",
        "bike": "bike",
        "swim": "swim",
        "strength": "strength",
        "triathlon": "run",
    }
    return own.get(sport, "other")


def _cap(intensity: Intensity, ceiling: Intensity) -> Intensity:
    return INTENSITIES[min(INTENSITIES.index(intensity), INTENSITIES.index(ceiling))]


def _headline(day: dict) -> str:
    if day.get("total_score") is None:
        return "No recovery score today"
    return f"Recovery {day['total_score']} ({day['status']})"


def _reasons(day: dict, config: ScoringConfig) -> str:
    """The numbers behind the score, in words: 'HRV 12 % below your 7-day average, ACWR 1.42'."""
    window = "7-day average" if config.method == "seed" else "60-day baseline"
    parts = []
    if day.get("hrv_ms") is not None and day.get("hrv_base"):
        parts.append(_versus(hrv_label(day.get("hrv_kind")), day["hrv_ms"], day["hrv_base"], window))
    elif day.get("hrv_ms") is None:
        parts.append("no HRV last night")
    if day.get("resting_hr") is not None and day.get("hr_base"):
        parts.append(_versus("resting HR", day["resting_hr"], day["hr_base"], window))
    if day.get("sleep_minutes") is not None:
        parts.append(
            f"sleep {day['sleep_minutes'] / 60:.1f} h"
            + (f" (score {day['sleep_score']:.0f})" if day.get("sleep_score") is not None else "")
        )
    if day.get("acwr") is not None:
        parts.append(f"load ratio {day['acwr']:.2f}")
    return ", ".join(parts) or "no inputs recorded"


def hrv_label(kind: str | None) -> str:
    """'HRV', or 'HRV (Apple, SDNN)' for an athlete whose only HRV is Apple's spot readings."""
    return "HRV (Apple, SDNN)" if kind == "sdnn" else "HRV"


def _versus(label: str, value: float, base: float, window: str) -> str:
    change = value / base - 1
    if abs(change) < 0.005:
        return f"{label} {value:.0f}, at your {window}"
    return f"{label} {value:.0f}, {abs(change):.0%} {'above' if change > 0 else 'below'} your {window}"
