"""One athlete's morning: sync each connected source (has the watch uploaded last night? one cheap
request), score, put the day's session on the watch, write it to intervals.icu when the athlete
asked, and send the morning message. Every step is the one the
commands use (resumable sync, idempotent push, a message sent once a day)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from trainer.errors import TrainerError
from trainer.ingest.connected import sources_of
from trainer.ingest.garmin import login_store, session
from trainer.ingest.garmin.source import ConnectSource
from trainer.ingest.private import archive_dir
from trainer.ingest.source import LoginExpired, Transient, Unreadable
from trainer.ingest.sync import SyncPlan, plan_sync, run_sync
from trainer.jobs.gate import AddressGate, GatedSource, Paused
from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.models import Athlete, id_of

POLL = timedelta(minutes=15)
LATE_MORNING = time(11, 0)  # after this the morning goes ahead with whatever the watch has sent


@dataclass(frozen=True)
class Outcome:
    state: str  # done | waiting | paused | retry | failed
    result: str
    requests: int = 0
    retry_at: datetime | None = None


def last_night(source, day: date) -> tuple[bool, object]:
    """(has the watch uploaded last night's sleep, the body): the one cheap request of a poll. A body
    of another shape (``{"dailySleepDTO": "x"}``) means nothing has come yet; the sync judges it."""
    body = source.fetch("sleep", day, day)
    sleep = body.get("dailySleepDTO") if isinstance(body, dict) else None
    seconds = sleep.get("sleepTimeSeconds") if isinstance(sleep, dict) else None
    return isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds > 0, body


class Prefetched:
    """A source that answers the poll's request from its body instead of asking again."""

    def __init__(self, source, kind: str, day: date, body: object) -> None:
        self.source, self.key, self.body = source, (kind, day, day), body

    def fetch(self, kind, start, end):
        return self.body if (kind, start, end) == self.key else self.source.fetch(kind, start, end)


SETTLED = {"sleep": "sleep_minutes", "training_readiness": "training_readiness"}


def morning_plan(db: Database, athlete: Athlete, day: date) -> SyncPlan:
    """The sync's plan, less what a morning need not ask again: a night's sleep or a training
    readiness already stored is final (sync resumes every kind from its last day, in case that
    day was incomplete; for these two, a stored value says it was not)."""
    from trainer.store.loaders import load_wellness

    plan = plan_sync(db, athlete, day)
    starts = dict(plan.starts)
    stored = load_wellness(db, [id_of(athlete)], start=min(starts.values()), end=day)
    for kind, column in SETTLED.items():
        if column in stored.columns and kind in starts:
            has = stored.filter((stored["date"] == starts[kind]) & stored[column].is_not_null())
            if has.height and starts[kind] < day:
                starts[kind] = starts[kind] + timedelta(days=1)
    return SyncPlan(starts, plan.end, plan.retries)


def local_now(athlete: Athlete, now: datetime) -> datetime:
    from trainer.day.clock import local_now as in_zone

    return in_zone(athlete.time_zone, now)


def run_morning(
    db: Database,
    settings: Settings,
    athlete: Athlete,
    day: date,
    now: datetime,
    gate: AddressGate,
    alive: Callable[[], None] = lambda: None,
    intervals_gate: AddressGate | None = None,
) -> Outcome:
    """What happened, as an Outcome; never raises for a source's answers. Each source the athlete has
    connected is synced (intervals.icu first, Garmin last: ``ingest.connected``); an athlete with none
    (files, CSV or entries by hand) still gets their day scored and their message."""
    sources = sources_of(db, id_of(athlete), settings)
    first: list[str] = []
    requests = 0
    if "intervals.icu" in sources:
        early = _intervals_morning(db, settings, athlete, day, now, intervals_gate, alive, "garmin" not in sources)
        if early.state != "done" and "garmin" not in sources:
            return early
        # with Garmin beside it, intervals.icu's trouble is said and the morning goes on with Garmin's data
        first = [early.result]  # each of its outcomes names intervals.icu
        requests = early.requests
    if "garmin" not in sources:
        said = _after_sync(db, settings, athlete, None, day, now, alive)
        return Outcome("done", "; ".join([*(first or ["no Garmin login: message only"]), *said]), requests)
    try:
        with session.login_held(db, athlete) as held:  # the app's "sync now" or a push may hold it: one at a time
            garmin = _garmin_morning(db, settings, held, day, now, gate, alive)
    except TrainerError as error:
        garmin = Outcome("retry", str(error))
    return replace(garmin, result="; ".join([*first, garmin.result]), requests=garmin.requests + requests)


def _intervals_morning(
    db: Database,
    settings: Settings,
    athlete: Athlete,
    day: date,
    now: datetime,
    gate: AddressGate | None,
    alive: Callable[[], None],
    waits_for_the_night: bool,
) -> Outcome:
    """intervals.icu's sync through the address's gate. Without Garmin beside it, a morning whose
    night has not reached intervals.icu yet waits for it, as a Garmin morning waits for the watch."""
    from trainer.ingest.intervals.sync import sync_intervals
    from trainer.store.loaders import load_wellness

    def gated(source):
        return source if gate is None else GatedSource(source, gate)

    try:
        result = sync_intervals(db, athlete, day, settings, gated=gated, progress=lambda _done, _total: alive())
    except Paused as paused:
        return Outcome("paused", str(paused), 1, paused.until)
    except TrainerError as error:
        return Outcome("retry", str(error))
    if result.stopped is not None:
        if result.needs_login:
            return Outcome(
                "failed",
                f"intervals.icu refused the stored API key: run trainer intervals connect --athlete {athlete.name}",
                result.requests,
            )
        return Outcome("retry", result.stopped, result.requests)
    arrived = not load_wellness(db, [id_of(athlete)], start=day, end=day).is_empty()
    if waits_for_the_night and not arrived and local_now(athlete, now).time() < LATE_MORNING:
        return Outcome("waiting", "last night has not reached intervals.icu yet", result.requests, now + POLL)
    return Outcome("done", f"intervals.icu {result.line()}", result.requests)


def _garmin_morning(
    db: Database,
    settings: Settings,
    held: session.HeldLogin,
    day: date,
    now: datetime,
    gate: AddressGate,
    alive: Callable[[], None],
) -> Outcome:
    """The morning with the athlete's login held: the tokens read afresh, then poll, sync, score, push, message."""
    athlete = held.athlete
    name = athlete.name
    try:
        client = held.client()
    except session.NeedsLogin:
        return Outcome("failed", f"Garmin login expired: run trainer garmin login --athlete {name}")
    except TrainerError as error:
        return Outcome("retry", str(error))
    source = GatedSource(ConnectSource(client), gate)
    try:
        uploaded, night = last_night(source, day)
    except Paused as paused:
        return Outcome("paused", str(paused), 1, paused.until)
    except LoginExpired:
        return Outcome("failed", f"Garmin login expired: run trainer garmin login --athlete {name}", 1)
    except (Transient, Unreadable) as error:
        return Outcome("retry", f"Garmin did not answer ({error})", 1)
    if not uploaded and local_now(athlete, now).time() < LATE_MORNING:
        return Outcome("waiting", "the watch has not uploaded last night yet", 1, now + POLL)
    try:
        result = run_sync(
            db,
            athlete,
            Prefetched(source, "sleep", day, night),
            morning_plan(db, athlete, day),
            archive_dir(id_of(athlete), settings),
            throttle_seconds=0,  # the gate paces this address
            progress=lambda _done, _total: alive(),
        )
    except Paused as paused:
        return Outcome("paused", str(paused), 1, paused.until)
    requests = result.requests  # the poll's request answered the sync's first sleep step
    if result.stopped is not None:
        if result.needs_login:
            return Outcome("failed", f"Garmin login expired: run trainer garmin login --athlete {name}", requests)
        return Outcome("retry", result.stopped, requests)
    said = _after_sync(db, settings, athlete, client, day, now, alive)
    return Outcome("done", "; ".join([result.line(), *said]), requests)


def _after_sync(
    db: Database,
    settings: Settings,
    athlete: Athlete,
    client,
    day: date,
    now: datetime,
    alive: Callable[[], None] = lambda: None,
) -> list[str]:
    """The athlete's day, computed once (``day.answer``) and handed to the watch (``client``; None
    without a Garmin login) and the message; the job's lease renewed (``alive``) after each."""
    from trainer.day.answer import athlete_day
    from trainer.notify.intervals_write import write_back
    from trainer.notify.morning import send_due, targets_of
    from trainer.planning.watch.push import push_plan

    said = []
    the_day = athlete_day(db, athlete, day)
    alive()
    said.append(f"score {the_day.score if the_day.score is not None else '-'} ({the_day.status})")
    if client is not None:
        report = push_plan(db, athlete, client, day, 1, the_day=the_day.advice)
        alive()
        done = len(report.created + report.updated)
        said.append(f"watch: {report.stopped}" if report.stopped else f"watch: {done} set")
    written = write_back(db, settings, athlete, the_day)  # None: no intervals.icu, or writes off
    if written is not None:
        alive()
        said.append(written.line())
    for target in targets_of(db, id_of(athlete)):
        sent = send_due(db, settings, now, only=target, known={id_of(athlete): the_day})
        said.append(f"message {'sent' if sent.sent else 'not due'}")
    return said


def changed_days(db: Database, settings: Settings, now: datetime) -> list[tuple[int, date, int]]:
    """(athlete, their today, check-in version) for each athlete with a Garmin login whose morning has
    run today (it put the day's workout on the watch) and who has checked in today: the watch must
    follow what they said (an ill day's workout comes off, an injury's swap replaces it, a correction
    puts it back). One job per version (``run_watch``); before the morning, the morning does it."""
    from sqlalchemy import func, select

    from trainer.day.clock import local_today
    from trainer.store.models import CheckIn, JobRun, table_of

    c, j, a = table_of(CheckIn), table_of(JobRun), table_of(Athlete)
    query = (
        select(c.c.athlete_id, c.c.date, func.max(c.c.version), a.c.time_zone)
        .join(j, (j.c.athlete_id == c.c.athlete_id) & (j.c.day == c.c.date))
        .where(j.c.kind == "morning", j.c.state == "done")
        .join(a, a.c.id == c.c.athlete_id)
        .where(c.c.date >= (now - timedelta(days=1)).date(), c.c.date <= (now + timedelta(days=1)).date())
        .group_by(c.c.athlete_id, c.c.date, a.c.time_zone)
    )
    with db.engine.connect() as connection:
        rows = connection.execute(query).all()
    logged_in = login_store.athletes_with_login(db, settings)
    return [
        (athlete_id, day, version)
        for athlete_id, day, version, zone in rows
        if day == local_today(zone, now) and athlete_id in logged_in
    ]


def run_watch(db: Database, settings: Settings, athlete: Athlete, day: date, gate: AddressGate) -> Outcome:
    """Bring today's workout on the watch in line with the athlete's day after a check-in changed it,
    through the address's gate like the sync; nothing to send when it did not change."""
    from trainer.day.answer import athlete_day
    from trainer.jobs.gate import GatedClient
    from trainer.planning.watch.push import push_plan

    the_day = athlete_day(db, athlete, day)
    try:
        with session.login_held(db, athlete) as held:
            report = push_plan(db, athlete, GatedClient(held.client(), gate), day, 1, the_day=the_day.advice)
    except session.NeedsLogin:
        return Outcome("failed", f"Garmin login expired: run trainer garmin login --athlete {athlete.name}")
    except TrainerError as error:
        return Outcome("retry", str(error))
    except Paused as paused:
        return Outcome("paused", str(paused), 0, paused.until)
    if report.stopped:
        return Outcome("retry", report.stopped)
    changed = len(report.created) + len(report.updated) + len(report.removed)
    words = "removed (a rest day)" if report.removed else "replaced" if changed else "unchanged"
    return Outcome("done", f"after the check-in: today's workout {words}", changed)
