"""What illness and injury do to the day's advice: hard limits over whatever the score says.

Ill, or an injury that stops training: rest. An injury that limits training: no load on what
hurts (a leg injury gets no running; the session moves to the pool or the bike), easy only. A
niggle: easy, and stop if it hurts. After an illness ends, three days that ease back in (half,
then 70 %, then 85 % of the session, easy only). The reason is said in the athlete's words.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import date

from trainer.scoring.recommend import EASY_MINUTES, QUALITY_MINUTES, Recommendation
from trainer.scoring.zones import INTENSITIES, HeartRateProfile

LEG_PARTS = {"foot", "ankle", "calf", "shin", "knee", "thigh", "hip"}
UPPER_PARTS = {"shoulder", "arm", "hand"}
EASING_BACK = (0.5, 0.7, 0.85)  # share of the session on the first, second and third day after an illness
SPORT_WORDS = {"run": "run", "bike": "ride", "swim": "swim", "strength": "strength and mobility"}
# where a session goes when an injury rules its sport out, in order: a sport the athlete does, else strength
SWAPS = {"leg": ("swim",), "upper": ("bike", "run")}
STRENGTH_MINUTES = 30


def lasting(episodes: Iterable[Mapping], on: date) -> list[Mapping]:
    """The spells that cover ``on``."""
    return [e for e in episodes if e["start"] <= on and (e["end"] is None or e["end"] >= on)]


def within_limits(
    advice: Recommendation,
    episodes: Iterable[Mapping],
    on: date,
    heart_rate: HeartRateProfile,
    sports: Collection[str] = (),
) -> Recommendation:
    """``advice`` with the day's illness and injury limits applied (unchanged without any).
    ``sports``: what the athlete does (an injury's swap goes only to one of them)."""
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
        advice = _around_injury(advice, injury, heart_rate, sports)
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


def _around_injury(
    advice: Recommendation, injury: Mapping, heart_rate: HeartRateProfile, sports: Collection[str]
) -> Recommendation:
    part = _part(injury)
    if injury["severity"] == "niggle":
        eased = _easy(advice, heart_rate)
        return replace(
            eased,
            rationale=f"A niggle in your {part}: keep it easy and stop if it hurts. {_session_words(eased)}. "
            + score_reasons(advice),
        )
    sport = advice.workout_type
    ruled_out = (part in LEG_PARTS and sport == "run") or (part in UPPER_PARTS and sport == "swim")
    if ruled_out:
        choices = SWAPS["leg" if part in LEG_PARTS else "upper"]
        moved = _swap(advice, next((s for s in choices if s in sports), "strength"))
    else:
        moved = advice
    moved = _easy(moved, heart_rate) if moved.workout_type != "strength" else moved
    words = "no running" if part in LEG_PARTS and advice.workout_type == "run" else "nothing that loads it"
    return replace(
        moved,
        rationale=f"Your {part} injury limits training: {words} today; {_session_words(moved)} instead if it "
        f"does not hurt. " + score_reasons(advice),
    )


def _swap(advice: Recommendation, sport: str) -> Recommendation:
    """The session moved to ``sport``, its minutes scaled to that sport's easy session, in 5-minute steps."""
    if sport == "strength":
        return Recommendation("strength", STRENGTH_MINUTES, "easy", None, None, advice.rationale)
    scale = EASY_MINUTES.get(sport, 40) / EASY_MINUTES.get(advice.workout_type, 40)
    minutes = min(advice.minutes * scale, QUALITY_MINUTES.get(sport, 60))
    return replace(advice, workout_type=sport, minutes=max(10, 5 * math.floor(minutes / 5)))  # type: ignore[arg-type]


def _session_words(advice: Recommendation) -> str:
    target = f" at {advice.hr_low}-{advice.hr_high} bpm" if advice.hr_low and advice.hr_high else ""
    sport = SPORT_WORDS.get(advice.workout_type, advice.workout_type)
    return f"{advice.minutes} min {advice.intensity or 'easy'} {sport}{target}"


def score_reasons(advice: Recommendation) -> str:
    """The score's reasons from the rationale, without the session it recommended (a limit replaced
    that session, so naming it would contradict the new one)."""
    return advice.rationale.split(". ", 1)[0].rstrip(".") + "."


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
