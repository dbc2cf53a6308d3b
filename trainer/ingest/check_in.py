"""The morning check-in and spells of illness or injury: every entry path (the published
check-in page, the local app, ``trainer log illness|injury``) writes through here, one
transaction each, with the importers' plausible-value rules.

A check-in is kept as a new version of its day (a correction never overwrites: who sent what,
when and through which link stays on record); the latest version is the day's perceived readiness.
Saying "I feel ill" opens a spell of illness that lasts until a later check-in says otherwise
(the page then asks "still ill?"); an injury likewise, with where it hurts and how much.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, func, select, update

from trainer.errors import TrainerError
from trainer.ingest.plausible import EARLIEST, plausible_day
from trainer.ingest.readiness import ITEMS, hold_the_day
from trainer.store.database import Database, ReadOnlyError
from trainer.store.models import CheckIn, CoachNote, HealthEpisode, PerceivedReadiness, table_of
from trainer.store.models._base import utc_now
from trainer.store.upsert import upsert

SEVERITIES = ("niggle", "limits", "cannot train")  # how bad an injury is, as intervals.icu asks it
BODY_PARTS = (
    "foot",
    "ankle",
    "calf",
    "shin",
    "knee",
    "thigh",
    "hip",
    "back",
    "shoulder",
    "arm",
    "hand",
    "head",
    "other",
)
LEG_PARTS = {"foot", "ankle", "calf", "shin", "knee", "thigh", "hip"}
NOTE_CHARS = 500


@dataclass(frozen=True)
class Answers:
    """One check-in as sent. Items left out are None; nothing is prefilled."""

    readiness: float | None = None
    fatigue: float | None = None
    soreness: float | None = None
    mood: float | None = None
    stress: float | None = None
    sleep_quality: float | None = None
    ill: bool = False
    injured: bool = False
    injury_part: str | None = None
    injury_severity: str | None = None
    injury_since: date | None = None
    note: str | None = None


def problems_with(day: date, answers: Answers) -> list[str]:
    """Everything wrong with a check-in, in words (empty when it can be saved)."""
    found = []
    if not plausible_day(day):
        found.append(f"{day} is not a plausible day (from {EARLIEST} to tomorrow)")
    if answers.readiness is not None and not 0 <= answers.readiness <= 10:
        found.append("readiness is 0 to 10")
    for name in ITEMS:
        value = getattr(answers, name)
        if value is not None and not 1 <= value <= 5:
            found.append(f"{name.replace('_', ' ')} is 1 to 5")
    if all(getattr(answers, name) is None for name in ("readiness", *ITEMS)) and not (answers.ill or answers.injured):
        found.append("nothing was answered")
    if answers.injured:
        if answers.injury_part not in BODY_PARTS:
            found.append("say where the injury is")
        if answers.injury_severity not in SEVERITIES:
            found.append("say how bad the injury is")
        if answers.injury_since is not None and not (EARLIEST <= answers.injury_since <= day):
            found.append("the injury cannot start after the day of the check-in")
    if answers.note is not None and len(answers.note) > NOTE_CHARS:
        found.append(f"the note is at most {NOTE_CHARS} characters")
    return found


def record_check_in(db: Database, athlete_id: int, day: date, answers: Answers, via: str) -> int:
    """Save the day's check-in as its next version; returns the version. One transaction: the
    version, the day's perceived readiness, and the spells of illness and injury it opens or ends."""
    if db.read_only:
        raise ReadOnlyError()
    problems = problems_with(day, answers)
    if problems:
        raise TrainerError("not saved: " + "; ".join(problems))
    table = table_of(CheckIn)
    with db.engine.begin() as connection:
        hold_the_day(connection, athlete_id, day)
        version = (
            connection.execute(
                select(func.max(table.c.version)).where(table.c.athlete_id == athlete_id, table.c.date == day)
            ).scalar()
            or 0
        ) + 1
        row = {
            "athlete_id": athlete_id,
            "date": day,
            "version": version,
            "submitted_at": utc_now(),
            "via": via[:40],
            **{name: getattr(answers, name) for name in (*Answers.__dataclass_fields__,)},
        }
        connection.execute(table.insert().values(**row))
        if answers.readiness is not None:
            readiness = {
                "athlete_id": athlete_id,
                "date": day,
                "readiness": answers.readiness,
                "note": answers.note,
                "source": "check-in",
                "created_at": utc_now(),
                **{n: getattr(answers, n) for n in ITEMS},
            }
            upsert(connection, table_of(PerceivedReadiness), [readiness], ("athlete_id", "date"))
        _follow_episode(connection, athlete_id, day, "illness", answers.ill, None, None, day, via)
        since = answers.injury_since or day
        _follow_episode(
            connection,
            athlete_id,
            day,
            "injury",
            answers.injured,
            answers.injury_part,
            answers.injury_severity,
            since,
            via,
        )
    return version


def log_episode(
    db: Database,
    athlete_id: int,
    kind: str,
    start: date,
    end: date | None,
    body_part: str | None = None,
    severity: str | None = None,
    source: str = "command line",
) -> None:
    """A spell of illness or injury said after the fact (``trainer log illness|injury``)."""
    if db.read_only:
        raise ReadOnlyError()
    if kind not in ("illness", "injury"):
        raise TrainerError(f"unknown kind {kind!r}: illness or injury")
    if not plausible_day(start) or (end is not None and not (start <= end and plausible_day(end))):
        raise TrainerError(f"{start} to {end}: not a plausible span (from {EARLIEST} to tomorrow, start first)")
    if kind == "injury" and (body_part not in BODY_PARTS or severity not in SEVERITIES):
        raise TrainerError(f"an injury needs --part ({', '.join(BODY_PARTS)}) and --severity ({', '.join(SEVERITIES)})")
    with db.engine.begin() as connection:
        connection.execute(
            table_of(HealthEpisode)
            .insert()
            .values(
                athlete_id=athlete_id,
                kind=kind,
                body_part=body_part,
                severity=severity,
                start=start,
                end=end,
                source=source,
                created_at=utc_now(),
            )
        )


def _follow_episode(
    connection: Connection,
    athlete_id: int,
    day: date,
    kind: str,
    now: bool,
    part: str | None,
    severity: str | None,
    since: date,
    via: str,
) -> None:
    """Open a spell the athlete reports, update it (where and how bad may change), or end the one
    they no longer report, the day before this check-in."""
    table = table_of(HealthEpisode)
    open_one = connection.execute(
        select(table.c.id, table.c.start).where(
            table.c.athlete_id == athlete_id, table.c.kind == kind, table.c.end.is_(None), table.c.start <= day
        )
    ).first()
    if now and open_one is None:
        connection.execute(
            table.insert().values(
                athlete_id=athlete_id,
                kind=kind,
                body_part=part,
                severity=severity,
                start=since,
                end=None,
                source=via[:40],
                created_at=utc_now(),
            )
        )
    elif now and open_one is not None:
        connection.execute(update(table).where(table.c.id == open_one.id).values(body_part=part, severity=severity))
    elif open_one is not None:
        connection.execute(
            update(table).where(table.c.id == open_one.id).values(end=max(open_one.start, day - timedelta(days=1)))
        )


def record_coach_note(
    db: Database, athlete_id: int, day: date, text: str, author: str, grant_id: int | None, shown: bool
) -> None:
    """A coach's note on a day of an athlete (the caller has checked the coach may see them)."""
    if db.read_only:
        raise ReadOnlyError()
    text = text.strip()
    if not text or len(text) > NOTE_CHARS:
        raise TrainerError(f"not saved: a note is 1 to {NOTE_CHARS} characters")
    if not plausible_day(day):
        raise TrainerError(f"not saved: {day} is not a plausible day")
    with db.engine.begin() as connection:
        connection.execute(
            table_of(CoachNote)
            .insert()
            .values(
                athlete_id=athlete_id,
                date=day,
                author=author[:80],
                grant_id=grant_id,
                text=text,
                shown_to_athlete=shown,
                created_at=utc_now(),
            )
        )
