"""The athlete's day as one value: the date, the settings that scored it, the score and status, the
advice with its reason and limits, and the words of its status line. ``trainer today``, the
morning job, the watch and the messages take it from ``athlete_day``; the apps draw the same words
with ``status_line`` from what their reader gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from trainer.day.clock import local_now, local_today
from trainer.day.settings import DaySettings, day_settings
from trainer.day.status import StatusStyle, style
from trainer.day.words import INJURY_WORDS
from trainer.planning.today import Today, today
from trainer.scoring.config import ScoringConfig
from trainer.scoring.recommend import Recommendation
from trainer.store.database import Database
from trainer.store.models import Athlete, id_of

NIGHT = ("hrv_ms", "resting_hr", "sleep_minutes")  # what the watch sends after a night


def status_line(status: str, recommendation: Recommendation, missing: str | None = None) -> tuple[StatusStyle, str]:
    """The status and the words beside it. They follow the advice: a day the advice makes a rest day
    (ill, an injury that stops training, a very low score) says "rest today" whatever the number; a
    morning without a score because nothing of last night has come yet says so."""
    shown = style(status)
    if recommendation.workout_type == "rest":
        return shown, "rest today"
    if status == "insufficient data" and all(part in (missing or "") for part in NIGHT):
        return shown, "last night's data has not arrived from your watch yet"
    return shown, shown.advice


def session_words(recommendation: Recommendation) -> str:
    """'Rest day', '45 min easy swim · 120-135 bpm' or '60 min moderate bike · 189-223 W (140-150 bpm)':
    what the card, the message and the squad say."""
    if recommendation.workout_type == "rest":
        return "Rest day"
    target = recommendation.target_words().replace(" at ", " · ", 1)
    what = "strength and mobility" if recommendation.workout_type == "strength" else recommendation.workout_type
    return f"{recommendation.minutes} min {recommendation.intensity or 'easy'} {what}{target}"


ITEM_WORDS = {"fatigue": "fresh", "soreness": "not sore", "mood": "mood", "stress": "relaxed", "sleep_quality": "slept"}


def check_in_words(check_in: dict | None, time_zone: str | None) -> str | None:
    """What the athlete said that morning, in one line: 'Checked in at 09:50: readiness 6/10, fresh
    2/5, not sore 3/5; injured: calf (limits training); note: "tight after the long run".'"""
    if check_in is None:
        return None
    sent = check_in["submitted_at"]
    at = local_now(time_zone, sent if sent.tzinfo else sent.replace(tzinfo=UTC))
    answers = [f"readiness {check_in['readiness']:g}/10"] if check_in.get("readiness") is not None else []
    answers += [f"{word} {check_in[name]:g}/5" for name, word in ITEM_WORDS.items() if check_in.get(name) is not None]
    health = (["ill"] if check_in.get("ill") else []) + (
        [f"injured: {check_in.get('injury_part')} ({INJURY_WORDS.get(check_in.get('injury_severity') or '', '')})"]
        if check_in.get("injured")
        else []
    )
    note = [f'note: "{check_in["note"]}"'] if check_in.get("note") else []
    return (
        f"Checked in at {at:%H:%M}: " + "; ".join(part for part in (", ".join(answers), *health, *note) if part) + "."
    )


@dataclass(frozen=True)
class AthleteDay:
    """One athlete's day. ``advice`` is ``planning.today.Today`` (the scored row, heart rate, the
    plan's session and the recommendation) scored with ``settings``."""

    settings: DaySettings
    advice: Today

    @property
    def date(self) -> date:
        return self.advice.date

    @property
    def score(self) -> int | None:
        return self.advice.day.get("total_score")

    @property
    def status(self) -> str:
        return self.advice.day["status"]

    @property
    def recommendation(self) -> Recommendation:
        return self.advice.recommendation

    def status_words(self) -> str:
        shown, words = status_line(self.status, self.recommendation, self.advice.day.get("missing"))
        return f"{shown.word}: {words}"

    def to_dict(self) -> dict:
        """``Today.to_dict`` (the JSON other tools read) with what scored the day and its words."""
        return {
            **self.advice.to_dict(),
            "scored_with": self.settings.source,
            "score_label": self.settings.label,
            "status_words": self.status_words(),
            "session": session_words(self.recommendation),
        }


def settings_of(db: Database, athlete_id: int, on: date, what_if: ScoringConfig | None = None) -> DaySettings:
    """``day_settings`` from the store: the team's levers and the study arm of that day."""
    from trainer.research.study_store import arm_on
    from trainer.store.team_scoring import load_team_levers

    return day_settings(load_team_levers(db), arm_on(db, athlete_id, on), what_if)


def athlete_day(db: Database, athlete: Athlete, on: date, what_if: ScoringConfig | None = None) -> AthleteDay:
    """The athlete's day ``on``, scored with the settings of their day (``what_if`` only where one
    person asked for it on their own page or command line)."""
    settings = settings_of(db, id_of(athlete), on, what_if)
    return AthleteDay(settings, today(db, athlete, on, settings.config))


def todays_day(db: Database, athlete: Athlete, at: datetime, what_if: ScoringConfig | None = None) -> AthleteDay:
    """The athlete's day for their local today at ``at``."""
    return athlete_day(db, athlete, local_today(athlete.time_zone, at), what_if)
