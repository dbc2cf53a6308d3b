"""The morning check-in and spells of illness or injury: every entry path (the published
check-in page, the local app, ``trainer log readiness|illness|injury``) writes through here, one
transaction each, with one table of ranges (``problems_with``) and the importers' plausible-day rule.

A check-in is kept as a new version of its day (a correction never overwrites: who sent what,
when and through which link stays on record); the latest version is the day's perceived readiness.
Saying "I feel ill" opens a spell of illness that lasts until a later check-in says otherwise
(the page then asks "still ill?"); an injury likewise, with where it hurts and how much.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, delete, func, select, update

from trainer.errors import TrainerError
from trainer.ingest.plausible import EARLIEST, RANGES, plausible_day
from trainer.ingest.readiness import ITEMS, Replaced, hold_the_day
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
# the questions every check-in form asks, in the athlete's words: (question, the low end, the high end)
READINESS_LABEL = ("How ready do you feel to train?", "not at all", "fully ready")  # 0-10
ITEM_LABELS = {  # PMSys's items, 1-5 where 5 is the best state
    "fatigue": ("How fresh are you?", "very tired", "very fresh"),
    "soreness": ("How sore are your muscles?", "very sore", "not sore at all"),
    "mood": ("Mood", "very low", "very good"),
    "stress": ("Stress", "very stressed", "very relaxed"),
    "sleep_quality": ("How did you sleep?", "very badly", "very well"),
}
SEVERITY_WORDS = ("a niggle", "it limits training", "I cannot train")  # SEVERITIES, as the athlete says them


@dataclass(frozen=True)
class Answers:
    """One check-in as sent. Items left out are None; nothing is prefilled. ``ill`` and ``injured``
    are None where the entry path did not ask (``trainer log readiness``): spells are left as they are."""

    readiness: float | None = None
    fatigue: float | None = None
    soreness: float | None = None
    mood: float | None = None
    stress: float | None = None
    sleep_quality: float | None = None
    ill: bool | None = False
    injured: bool | None = False
    injury_part: str | None = None
    injury_severity: str | None = None
    injury_since: date | None = None
    note: str | None = None


def answers_from(values: Mapping[str, object]) -> Answers:
    """A form's values as answers, from any face: the check-in page's fields (text; a ticked box is
    "yes") or the local app's widgets (numbers as text, booleans). A number that is not one is a
    ValueError, which the faces refuse in words."""

    def number(name: str) -> float | None:
        value = values.get(name)
        return None if value is None or str(value).strip() == "" else float(str(value).strip())

    def ticked(name: str) -> bool:
        return values.get(name) in (True, "yes")

    injured = ticked("injured")
    since = values.get("injury_since")
    return Answers(
        readiness=number("readiness"),
        **{name: number(name) for name in ITEMS},
        ill=ticked("ill"),
        injured=injured,
        injury_part=str(values.get("injury_part") or "") or None if injured else None,
        injury_severity=str(values.get("injury_severity") or "") or None if injured else None,
        injury_since=(since if isinstance(since, date) else date.fromisoformat(str(since).strip()))
        if injured and since
        else None,
        note=str(values.get("note") or "").strip() or None,
    )


def printable(text: str) -> bool:
    """No control characters but line breaks and tabs (PostgreSQL cannot store a NUL in text)."""
    return all(ch in "\n\r\t" or unicodedata.category(ch) != "Cc" for ch in text)


def problems_with(day: date, answers: Answers) -> list[str]:
    """Everything wrong with a check-in, in words (empty when it can be saved)."""
    found = []
    if not plausible_day(day):
        found.append(f"{day} is not a plausible day (from {EARLIEST} to tomorrow)")
    for name in ("readiness", *ITEMS):  # the importers' one table of ranges (plausible.RANGES)
        value, (low, high) = getattr(answers, name), RANGES[name]
        if value is not None and not (isinstance(value, int | float) and math.isfinite(value) and low <= value <= high):
            found.append(f"{name.replace('_', ' ')} is {low:g} to {high:g}")
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
    if answers.note is not None and not printable(answers.note):
        found.append("the note has a control character (such as NUL) that cannot be stored")
    return found


def record_check_in(db: Database, athlete_id: int, day: date, answers: Answers, via: str) -> int:
    """Save the day's check-in as its next version; returns the version (``save_check_in``)."""
    return save_check_in(db, athlete_id, day, answers, via)[0]


def log_readiness(
    db: Database,
    athlete_id: int,
    day: date,
    readiness: float | None,
    note: str | None = None,
    source: str = "manual",
    **items: float | None,
) -> Replaced | None:
    """Readiness 0-10 and the 1-5 items, without the health questions (``trainer log readiness``):
    a check-in like any other, kept as a version. Returns the answer it replaced, if any."""
    unknown = set(items) - set(ITEMS)
    if unknown:
        raise TrainerError(f"unknown readiness item(s): {', '.join(sorted(unknown))}; use {', '.join(ITEMS)}")
    answers = Answers(readiness=readiness, note=note, ill=None, injured=None, **items)  # type: ignore[arg-type]
    return save_check_in(db, athlete_id, day, answers, source)[1]


def save_check_in(db: Database, athlete_id: int, day: date, answers: Answers, via: str) -> tuple[int, Replaced | None]:
    """Save the day's check-in as its next version: (the version, the readiness it replaced). One
    transaction: the version, the day's perceived readiness (whatever of it was answered), and the
    spells of illness and injury it opens or ends. Two saves at once are taken one after the other,
    so exactly one of them says it replaced the other and that one stands."""
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
            "ill": bool(answers.ill),
            "injured": bool(answers.injured),
        }
        connection.execute(table.insert().values(**row))
        replaced = None
        if any(getattr(answers, n) is not None for n in ("readiness", *ITEMS)):  # items alone count too
            standing = table_of(PerceivedReadiness)
            earlier = connection.execute(
                select(standing.c.readiness, standing.c.created_at, standing.c.source).where(
                    standing.c.athlete_id == athlete_id, standing.c.date == day
                )
            ).first()
            if earlier is not None and earlier.readiness is not None:
                replaced = Replaced(earlier.readiness, earlier.created_at, earlier.source)
            readiness = {
                "athlete_id": athlete_id,
                "date": day,
                "readiness": answers.readiness,
                "note": answers.note,
                "source": "check-in" if via.startswith("link") else via[:20],
                "created_at": utc_now(),
                **{n: getattr(answers, n) for n in ITEMS},
            }
            upsert(connection, standing, [readiness], ("athlete_id", "date"))
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
    return version, replaced


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
    now: bool | None,
    part: str | None,
    severity: str | None,
    since: date,
    via: str,
) -> None:
    """Open a spell the athlete reports, update it (where and how bad may change), or end the one
    they no longer report the day before this check-in; a spell this same day's answer opened is
    taken back whole (a correction: the earlier version stays on record in ``check_in``)."""
    if now is None:  # not asked: the spells stand as they are
        return
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
    elif open_one is not None and open_one.start >= day:  # opened by this morning's answer, now corrected
        connection.execute(delete(table).where(table.c.id == open_one.id))
    elif open_one is not None:
        connection.execute(update(table).where(table.c.id == open_one.id).values(end=day - timedelta(days=1)))


def record_coach_note(
    db: Database, athlete_id: int, day: date, text: str, author: str, grant_id: int | None, shown: bool
) -> None:
    """A coach's note on a day of an athlete (the caller has checked the coach may see them)."""
    if db.read_only:
        raise ReadOnlyError()
    text = text.strip()
    if not text or len(text) > NOTE_CHARS:
        raise TrainerError(f"not saved: a note is 1 to {NOTE_CHARS} characters")
    if not printable(text):
        raise TrainerError("not saved: the note has a control character (such as NUL) that cannot be stored")
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


def import_felt(db: Database, athlete_id: int, days: list[dict], via: str) -> int:
    """How the athlete said they felt in another app (intervals.icu's wellness), as check-ins on
    the days they did not check in with trainer: a day answered in trainer keeps trainer's answer,
    and the same answers again add no version. Returns how many days were saved."""
    table, saved = table_of(CheckIn), 0
    for row in days:
        day = row["date"]
        with db.engine.connect() as connection:
            latest = connection.execute(
                select(table)
                .where(table.c.athlete_id == athlete_id, table.c.date == day)
                .order_by(table.c.version.desc())
                .limit(1)
            ).first()
        items = {name: row.get(name) for name in ITEMS}
        if latest is not None and (
            latest.via != via or all(latest._mapping[name] == value for name, value in items.items())
        ):
            continue
        answers = Answers(ill=None, injured=None, **items)
        if not problems_with(day, answers):
            save_check_in(db, athlete_id, day, answers, via)
            saved += 1
    return saved
