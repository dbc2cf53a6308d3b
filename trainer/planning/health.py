"""What illness and injury do to the day's advice: hard limits over whatever the score says.

Ill, or an injury that stops training: rest. An injury that limits training: no load on what
hurts (a leg injury gets no running; the session moves to the pool or the bike), easy only. A
niggle: easy, and stop if it hurts. After an illness ends, three days that ease back in (half,
then 70 %, then 85 % of the session, easy only). The reason is said in the athlete's words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

from trainer.scoring.recommend import Recommendation
from trainer.scoring.zones import INTENSITIES, HeartRateProfile

LEG_PARTS = {"foot", "ankle", "calf", "shin", "knee", "thigh", "hip"}
UPPER_PARTS = {"shoulder", "arm", "hand"}
EASING_BACK = (0.5, 0.7, 0.85)  # share of the session on the first, second and third day after an illness
SPORT_WORDS = {"run": "run", "bike": "ride", "swim": "swim"}


def lasting(episodes: Iterable[Mapping], on: date) -> list[Mapping]:
    """The spells that cover ``on``."""
    return [e for e in episodes if e["start"] <= on and (e["end"] is None or e["end"] >= on)]


def within_limits(
    advice: Recommendation, episodes: Iterable[Mapping], on: date, heart_rate: HeartRateProfile
) -> Recommendation:
    """``advice`` with the day's illness and injury limits applied (unchanged without any)."""
    episodes = list(episodes)
    now = lasting(episodes, on)
    if any(e["kind"] == "illness" for e in now):
        return _rest("You said you feel ill: rest today; we'll ease you back in once you are better.")
    injuries = [e for e in now if e["kind"] == "injury"]
    stopping = next((e for e in injuries if e["severity"] == "cannot train"), None)
    if stopping is not None:
        return _rest(
            f"You said your {_part(stopping)} injury stops you training: rest today, and have it seen to if "
            f"it does not ease."
        )
    if advice.workout_type == "rest":
        return advice
    for injury in sorted(injuries, key=lambda e: e["severity"] != "limits"):  # "limits" first
        advice = _around_injury(advice, injury, heart_rate)
    since = [(on - e["end"]).days for e in episodes if e["kind"] == "illness" and e["end"] is not None]
    days_back = min((d for d in since if 1 <= d <= len(EASING_BACK)), default=None)
    if days_back is not None:
        share = EASING_BACK[days_back - 1]
        minutes = max(10, round(advice.minutes * share))
        eased = _easy(replace(advice, minutes=minutes), heart_rate)
        return replace(
            eased,
            rationale=f"Easing back in after your illness (day {days_back} of 3): {minutes} min "
            f"easy only. " + advice.rationale,
        )
    return advice


def _around_injury(advice: Recommendation, injury: Mapping, heart_rate: HeartRateProfile) -> Recommendation:
    part = _part(injury)
    if injury["severity"] == "niggle":
        eased = _easy(advice, heart_rate)
        return replace(
            eased, rationale=f"A niggle in your {part}: keep it easy and stop if it hurts. " + advice.rationale
        )
    sport = advice.workout_type
    if part in LEG_PARTS and sport == "run":
        sport = "swim"  # no impact on the leg; a ride still loads it
    elif part in UPPER_PARTS and sport == "swim":
        sport = "bike"
    moved = _easy(replace(advice, workout_type=sport), heart_rate)
    words = "no running" if part in LEG_PARTS and advice.workout_type == "run" else "nothing that loads it"
    session = f"{moved.minutes} min easy {SPORT_WORDS.get(sport, sport)}"
    return replace(
        moved,
        rationale=f"Your {part} injury limits training: {words} today, {session} instead if it "
        f"does not hurt. " + advice.rationale,
    )


def _easy(advice: Recommendation, heart_rate: HeartRateProfile) -> Recommendation:
    if advice.intensity is not None and INTENSITIES.index(advice.intensity) <= INTENSITIES.index("easy"):
        return advice
    low_high = heart_rate.hr_range("easy")
    return replace(
        advice, intensity="easy", hr_low=low_high[0] if low_high else None, hr_high=low_high[1] if low_high else None
    )


def _rest(reason: str) -> Recommendation:
    return Recommendation("rest", 0, None, None, None, reason)


def _part(episode: Mapping) -> str:
    return episode.get("body_part") or "body"
