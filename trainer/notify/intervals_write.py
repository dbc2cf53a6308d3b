"""The morning's answer written back to intervals.icu, for an athlete who turned writes on: the day's
score and check-in into that day's wellness, and the coming week's sessions onto its calendar (which
carries them to COROS, Wahoo, Suunto and Garmin watches). Like the message and the watch, it renders
the one day (``day.answer``) and never decides anything of its own.

Calendar events carry trainer's own ``external_id`` ("trainer:2026-11-24"), so writing the week again
updates them in place and a day that lost its session loses its event; events the athlete made
themselves are never touched. A check-in that came from intervals.icu is not written back to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from trainer.day.answer import AthleteDay
from trainer.ingest.intervals.bodies import FELT, intervals_scale
from trainer.ingest.intervals.client import IntervalsClient
from trainer.ingest.intervals.connection import stored_key
from trainer.ingest.intervals.source import SOURCE
from trainer.ingest.source import LoginExpired, RateLimited, Transient, Unreadable
from trainer.planning.coming import ComingSession, coming_sessions
from trainer.planning.steps import Step
from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.loaders import load_check_in
from trainer.store.models import Athlete, id_of

WEEK = 7
TYPES = {"run": "Run", "bike": "Ride", "swim": "Swim", "strength": "WeightTraining", "row": "Rowing"}
NOUNS = {"run": "run", "bike": "ride", "swim": "swim", "strength": "strength session", "row": "row"}


@dataclass
class WriteReport:
    wellness: bool = False
    events: int = 0
    removed: int = 0
    stopped: str | None = None
    said: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.stopped:
            return f"intervals.icu: not written ({self.stopped})"
        return f"intervals.icu: {'score written, ' if self.wellness else ''}{self.events} sessions on its calendar"


def write_back(db: Database, settings: Settings, athlete: Athlete, the_day: AthleteDay) -> WriteReport | None:
    """Write the day to intervals.icu when the athlete turned writes on; None when they did not."""
    found = stored_key(db, id_of(athlete), settings)
    if found is None or not found[1]:
        return None
    report = WriteReport()
    sessions = coming_sessions(db, athlete, the_day.date, WEEK, the_day.advice)
    try:
        with IntervalsClient(settings.intervals_url, found[0]) as client:
            client.put(f"/athlete/0/wellness/{the_day.date.isoformat()}", wellness_body(db, athlete, the_day))
            report.wellness = True
            events = calendar_events(sessions, the_day.advice.heart_rate.max_hr)
            if events:
                client.post("/athlete/0/events/bulk", events, upsert="true")
            report.events = len(events)
            gone = [
                {"external_id": external_id(day)}
                for day in (the_day.date + timedelta(days=n) for n in range(WEEK))
                if day not in sessions
            ]
            if gone:
                client.put("/athlete/0/events/bulk-delete", gone)
            report.removed = len(gone)
    except LoginExpired:
        report.stopped = "it refused the stored API key: connect again"
    except RateLimited:
        report.stopped = "it asked to slow down; written next morning"
    except (Transient, Unreadable) as error:
        report.stopped = f"it did not answer ({error}); written next morning"
    return report


def wellness_body(db: Database, athlete: Athlete, the_day: AthleteDay) -> dict:
    """The day's score as intervals.icu's readiness (0-100), and the athlete's own check-in (not one
    that came from intervals.icu) on its 1-4 scales."""
    body: dict[str, object] = {"id": the_day.date.isoformat()}
    if the_day.score is not None:
        body["readiness"] = the_day.score
    check_in = load_check_in(db, id_of(athlete), the_day.date)
    if check_in is not None and check_in["via"] != SOURCE:
        for theirs, ours in FELT.items():
            if check_in.get(ours) is not None:
                body[theirs] = intervals_scale(check_in[ours])
    return body


def external_id(day: date) -> str:
    return f"trainer:{day.isoformat()}"


def calendar_events(sessions: dict[date, ComingSession], max_hr: float | None) -> list[dict]:
    """One planned workout per day, its steps in intervals.icu's workout text (which it turns into
    the workout it sends to the watch)."""
    return [
        {
            "category": "WORKOUT",
            "start_date_local": f"{day.isoformat()}T00:00:00",
            "type": TYPES.get(s.sport, "Workout"),
            "name": f"{s.minutes} min {s.intensity} {NOUNS.get(s.sport, s.sport)}",
            "description": "\n".join(part for part in (s.purpose, workout_text(s.steps, max_hr)) if part),
            "moving_time": s.minutes * 60,
            "external_id": external_id(day),
        }
        for day, s in sorted(sessions.items())
    ]


def workout_text(steps: list[Step], max_hr: float | None) -> str:
    """Steps as intervals.icu's workout builder writes them: "- 15m 150-180w", "- 4m 4:40/km-4:55/km
    Pace", "- 10m 70-78% HR"; a work-and-recovery pair repeated as one "Main set 6x" block."""
    lines: list[str] = []
    index = 0
    while index < len(steps):
        step = steps[index]
        if step.kind == "work" and step.repeat is not None:
            repeats = sum(1 for s in steps if s.kind == "work" and s.repeat is not None)
            lines += ["", f"Main set {repeats}x", *(_line(s, max_hr) for s in steps[index : index + 2]), ""]
            index += 2 * repeats
            continue
        lines.append(_line(step, max_hr))
        index += 1
    return "\n".join(lines).strip()


def _line(step: Step, max_hr: float | None) -> str:
    label = {"warmup": "Warm up", "cooldown": "Cool down", "recovery": "Recover"}.get(step.kind, "")
    return " ".join(part for part in ("-", label, f"{step.minutes}m", _target(step, max_hr)) if part)


def _target(step: Step, max_hr: float | None) -> str:
    if step.power_low is not None and step.power_high is not None:
        return f"{step.power_low}-{step.power_high}w"
    if step.pace_fast is not None and step.pace_slow is not None:
        return f"{_pace(step.pace_fast)}/km-{_pace(step.pace_slow)}/km Pace"
    if step.hr_low is not None and step.hr_high is not None and max_hr:
        return f"{round(100 * step.hr_low / max_hr)}-{round(100 * step.hr_high / max_hr)}% HR"
    return ""


def _pace(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"
