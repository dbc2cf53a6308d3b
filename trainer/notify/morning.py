"""Who is told what each morning, and when: ``send_due`` sends every message that is due and not
yet sent, once.

An athlete's message goes once their morning is synced and scored, at or after their chosen local
time; if the watch has not uploaded by three hours later, it goes anyway and says so. By default
it says only that the morning is ready, with the links; ``details`` adds the score, status and
session (health data through a third party: the README says so). A coach's digest says how many
of their athletes need a look (with ``details``: who, and why). A receiver that does not answer
is reported and tried again on the next run; it never stops the others.
"""

from __future__ import annotations

import time as time_module
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl
from sqlalchemy import select

from trainer.day.answer import AthleteDay, athlete_day, session_words
from trainer.day.clock import local_now, local_today
from trainer.errors import TrainerError
from trainer.notify.sealed import scheme_of, seal, unseal
from trainer.settings import Settings
from trainer.store.database import Database, ReadOnlyError
from trainer.store.models import AccessGrant, AccessScope, Athlete, NotifySent, NotifyTarget, table_of
from trainer.store.models._base import utc_now

DEADLINE = timedelta(hours=3)  # after the chosen time, the message goes even without the watch's data
SLOW_SECONDS = (
    3.5  # a receiver that took this long may have the message though Apprise gave up (its read timeout is 4 s)
)
Sender = Callable[[str, str, str], bool]  # (url, title, body) -> delivered


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    maybe: list[str] = field(default_factory=list)
    waiting: int = 0

    def line(self) -> str:
        parts = [f"{len(self.sent)} sent", f"{self.waiting} not due yet"]
        if self.failed:
            parts.append(f"{len(self.failed)} not delivered ({', '.join(self.failed)}): tried again next run")
        if self.maybe:
            parts.append(
                f"{len(self.maybe)} may have been delivered ({', '.join(self.maybe)} answered too slowly): "
                "not sent again"
            )
        return "morning messages: " + ", ".join(parts)


def send_with_apprise(url: str, title: str, body: str) -> bool:
    """Deliver through Apprise. Its own log lines may quote parts of the URL (a user, a host, a
    token), so they are silenced: trainer reports each receiver by its id and scheme instead."""
    import logging

    import apprise

    logging.getLogger("apprise").setLevel(logging.CRITICAL + 1)
    box = apprise.Apprise()
    return bool(box.add(url)) and bool(box.notify(title=title, body=body))


def add_target(
    db: Database,
    settings: Settings,
    url: str,
    at: str,
    *,
    athlete: Athlete | None = None,
    grant: AccessGrant | None = None,
    time_zone: str | None = None,
    details: bool = False,
) -> int:
    """A receiver of an athlete's message or of a coach's digest; returns its id."""
    import apprise

    if db.read_only:
        raise ReadOnlyError()
    if (athlete is None) == (grant is None):
        raise TrainerError("give --athlete or --coach")
    if not apprise.Apprise().add(url):
        raise TrainerError(f"Apprise does not know this kind of URL ({scheme_of(url)}): see its list of services")
    try:
        hour, minute = (int(part) for part in at.split(":"))
        time(hour, minute)
    except ValueError:
        raise TrainerError(f"--at {at!r}: give the local time as HH:MM, e.g. 07:00") from None
    zone = time_zone or (athlete.time_zone if athlete is not None else "UTC")
    try:
        ZoneInfo(zone)
    except (KeyError, ValueError):
        raise TrainerError(f"unknown time zone {zone!r}: use an IANA name such as Europe/Oslo") from None
    with db.engine.begin() as connection:
        return connection.execute(
            table_of(NotifyTarget)
            .insert()
            .values(
                athlete_id=athlete.id if athlete else None,
                grant_id=grant.id if grant else None,
                url_sealed=seal(settings.key_file, url),
                scheme=scheme_of(url),
                at=f"{hour:02d}:{minute:02d}",
                time_zone=zone,
                details=details,
                created_at=utc_now(),
            )
        ).inserted_primary_key[0]  # type: ignore[index]


def targets_of(db: Database, athlete_id: int) -> list[int]:
    """The ids of the athlete's own receivers (their morning message)."""
    t = table_of(NotifyTarget)
    with db.engine.connect() as connection:
        return [row.id for row in connection.execute(select(t.c.id).where(t.c.athlete_id == athlete_id))]


def list_targets(db: Database) -> list[dict]:
    """Every receiver, as may be shown: id, who, scheme, time, details (never the URL)."""
    t, a, g = table_of(NotifyTarget), table_of(Athlete), table_of(AccessGrant)
    stmt = (
        select(t.c.id, t.c.scheme, t.c.at, t.c.time_zone, t.c.details, a.c.name, g.c.person)
        .outerjoin(a, a.c.id == t.c.athlete_id)
        .outerjoin(g, g.c.id == t.c.grant_id)
        .order_by(t.c.id)
    )
    with db.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(stmt)]


def remove_target(db: Database, target_id: int) -> None:
    with db.engine.begin() as connection:
        if (
            connection.execute(table_of(NotifyTarget).delete().where(table_of(NotifyTarget).c.id == target_id)).rowcount
            == 0
        ):
            raise TrainerError(f"there is no message receiver {target_id}: see `trainer notify list`")


def send_due(
    db: Database,
    settings: Settings,
    now: datetime,
    sender: Sender = send_with_apprise,
    only: int | None = None,
    test: bool = False,
    known: Mapping[int, AthleteDay] | None = None,
    coaches_only: bool = False,
) -> SendReport:
    """Send every message due at ``now`` (aware) and not sent yet today; with ``test``, send
    ``only``'s message now whatever the time (and record nothing). ``known``: athletes' days already
    computed this morning (the morning job's), by athlete id, so the message says what the watch got;
    ``coaches_only``: the coaches' digests alone (the worker's minute: athletes' come with their mornings)."""
    report = SendReport()
    with db.engine.connect() as connection:
        targets = [dict(row._mapping) for row in connection.execute(select(table_of(NotifyTarget)))]
    for target in targets:
        if (only is not None and target["id"] != only) or (coaches_only and target["athlete_id"] is not None):
            continue
        local = local_now(target["time_zone"], now)
        day = local.date()
        chosen = datetime.combine(day, time.fromisoformat(target["at"]), local.tzinfo)
        if not test:
            if _settled(db, target["id"], day):
                continue
            if local < chosen:
                report.waiting += 1
                continue
        message = _message(db, settings, target, now, late=local >= chosen + DEADLINE or test, known=known or {})
        if message is None:  # the watch has not uploaded yet, and it is not late
            report.waiting += 1
            continue
        if not test and not _claim(db, target["id"], day):
            continue  # another sender (cron, a worker's morning) has it
        title, body = message
        who = f"receiver {target['id']} ({target['scheme']})"
        started = time_module.monotonic()
        try:
            delivered = sender(unseal(settings.key_file, target["url_sealed"]), title, body)
        except Exception as problem:  # one receiver's failure never stops the others
            delivered = False
            who += f": {type(problem).__name__}"
        outcome = "sent" if delivered else "maybe" if time_module.monotonic() - started >= SLOW_SECONDS else "failed"
        {"sent": report.sent, "maybe": report.maybe, "failed": report.failed}[outcome].append(who)
        if not test:
            _note(db, target["id"], day, outcome)
    return report


def _message(
    db: Database, settings: Settings, target: dict, now: datetime, late: bool, known: Mapping[int, AthleteDay]
) -> tuple[str, str] | None:
    base = settings.public_url.rstrip("/")
    if target["athlete_id"] is not None:
        return _athlete_message(db, target, now, late, base, known.get(target["athlete_id"]))
    return _coach_digest(db, target, now, base)


def _athlete_message(
    db: Database, target: dict, now: datetime, late: bool, base: str, known: AthleteDay | None
) -> tuple[str, str] | None:
    """The athlete's morning, for their own today: what their page says (``day.answer``)."""
    from trainer.store.loaders import load_latest_check_ins, load_wellness

    athlete = _athlete(db, target["athlete_id"])
    day = local_today(athlete.time_zone, now)
    synced = not load_wellness(db, [target["athlete_id"]], start=day, end=day).is_empty()
    checked_in = not load_latest_check_ins(db, [target["athlete_id"]], end=day).filter(pl.col("date") == day).is_empty()
    if not synced and not late:
        return None
    check_in = "You have checked in today" if checked_in else f"Check in (15 seconds): {base}/check-in"
    links = f"{check_in}\nYour day: {base}/athlete/"
    the_day = known if known is not None and known.date == day else athlete_day(db, athlete, day)
    if not synced:
        advice = (
            f"Today: {session_words(the_day.recommendation)}, from what you told us."
            if checked_in and target["details"]
            else ("We'll plan from your check-in." if checked_in else "Check in and we'll plan from that.")
        )
        return "trainer: no data from your watch yet", f"No data from your watch yet. {advice}\n{links}"
    body = links
    if target["details"]:
        named = "Your score" if the_day.settings.source == "study" else "Recovery"
        score = the_day.score if the_day.score is not None else "-"
        body = f"{named} {score} ({the_day.status_words()}). Today: {session_words(the_day.recommendation)}.\n{links}"
    return "trainer: your morning is ready", body


def _coach_digest(db: Database, target: dict, now: datetime, base: str) -> tuple[str, str] | None:
    """How many of the coach's athletes need a look, and why: the squad's own rule and words
    (``day.attention``), on the squad's day. A withdrawn or expired link gets no digest."""
    ids = _grant_athletes(db, target["grant_id"], now)
    if ids is None:
        return None
    rows = _squad_rows(db, ids, now)
    looks = rows.filter(pl.col("needs_look")) if rows.height else rows
    head = (
        f"{looks.height} of your {len(ids)} athletes need a look this morning."
        if looks.height
        else f"All {len(ids)} of your athletes look fine this morning."
    )
    body = f"{head}\nSquad: {base}/squad/"
    if target["details"] and looks.height:
        body += "\n" + "\n".join(
            f"{row['athlete']}: {row['why']}" for row in looks.sort("athlete").iter_rows(named=True)
        )
    return "trainer: your squad this morning", body


def _squad_rows(db: Database, ids: list[int], now: datetime) -> pl.DataFrame:
    from trainer.day.attention import athletes_days, squad_morning
    from trainer.day.store_source import StoreSquad

    if not ids:
        return pl.DataFrame()
    source = StoreSquad(db, ids)
    return squad_morning(source, athletes_days(source, now), coach=True)  # each athlete's own today


def _athlete(db: Database, athlete_id: int) -> Athlete:
    from sqlmodel import Session

    with Session(db.engine) as session:
        found = session.get(Athlete, athlete_id)
    if found is None:
        raise TrainerError(f"athlete {athlete_id} is gone")
    return found


def _grant_athletes(db: Database, grant_id: int, now: datetime) -> list[int] | None:
    """The athletes a coach's link covers; None when the link is withdrawn, expired or gone."""
    from trainer.access.grants import grant_state

    g, s, a = table_of(AccessGrant), table_of(AccessScope), table_of(Athlete)
    with db.engine.connect() as connection:
        grant = connection.execute(select(g).where(g.c.id == grant_id)).first()
        if grant is None or grant_state(grant, now) != "active":
            return None
        if grant.all_athletes:
            return [row.id for row in connection.execute(select(a.c.id).order_by(a.c.id))]
        return [row.athlete_id for row in connection.execute(select(s.c.athlete_id).where(s.c.grant_id == grant_id))]


def _settled(db: Database, target_id: int, day: date) -> bool:
    """Sent, claimed by a sender (perhaps one that died holding it), or maybe delivered: not again."""
    n = table_of(NotifySent)
    with db.engine.connect() as connection:
        row = connection.execute(
            select(n.c.sent, n.c.outcome).where(n.c.target_id == target_id, n.c.day == day)
        ).first()
    return row is not None and (bool(row.sent) or row.outcome in ("sending", "sent", "maybe"))


def _claim(db: Database, target_id: int, day: date) -> bool:
    """Take the day's message for this sender, before sending: a row with the unique (target, day)
    key, or a failed one taken again. Of two senders at once, one gets it."""
    from sqlalchemy import or_, update
    from sqlalchemy.exc import IntegrityError

    n = table_of(NotifySent)
    try:
        with db.engine.begin() as connection:
            connection.execute(
                n.insert().values(
                    target_id=target_id, day=day, sent=False, tries=1, last_try_at=utc_now(), outcome="sending"
                )
            )
        return True
    except IntegrityError:
        pass
    retry = (n.c.outcome == "failed") | (n.c.outcome.is_(None) & n.c.sent.is_(False))
    with db.engine.begin() as connection:
        taken = connection.execute(
            update(n)
            .where(n.c.target_id == target_id, n.c.day == day, or_(retry))
            .values(outcome="sending", tries=n.c.tries + 1, last_try_at=utc_now())
        )
    return taken.rowcount == 1


def _note(db: Database, target_id: int, day: date, outcome: str) -> None:
    from sqlalchemy import update

    n = table_of(NotifySent)
    with db.engine.begin() as connection:
        connection.execute(
            update(n)
            .where(n.c.target_id == target_id, n.c.day == day)
            .values(sent=outcome == "sent", outcome=outcome, last_try_at=utc_now())
        )
