"""Which day is today, for an athlete: their local date, in their time zone, from midnight.

One function gives "now" (``TRAINER_NOW`` sets it for tests and demos), and one turns it into an
athlete's local date, so the morning job, the messages, ``trainer today`` and the apps agree on the
day even for an athlete in Sydney checking in while it is still yesterday in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from trainer.errors import TrainerError
from trainer.settings import Settings

# an athlete whose records ended this long before today is not being tracked day by day (an
# imported history, a study that ended): their pages open on the last day they have
QUIET_AFTER = timedelta(days=14)


def now(settings: Settings) -> datetime:
    """The current moment, aware: ``TRAINER_NOW`` when set (UTC without an offset), else the real time."""
    if not settings.clock:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(settings.clock)
    except ValueError:
        raise TrainerError(
            f"TRAINER_NOW={settings.clock!r} is not a moment: give e.g. 2026-12-07T04:00+11:00"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def zone(time_zone: str | None) -> ZoneInfo:
    """The athlete's time zone; UTC when they have none (or an unknown one)."""
    try:
        return ZoneInfo(time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_now(time_zone: str | None, at: datetime) -> datetime:
    return at.astimezone(zone(time_zone))


def local_today(time_zone: str | None, at: datetime) -> date:
    """The athlete's date at ``at``.

    >>> local_today("Australia/Sydney", datetime(2026, 12, 6, 17, 0, tzinfo=UTC))
    datetime.date(2026, 12, 7)
    """
    return local_now(time_zone, at).date()


def opening_day(today: date, last_recorded: date | None) -> date:
    """The day an athlete's page opens on: their today, even before the watch has sent anything
    (a check-in or a coach's note shows at once), unless their records ended more than
    ``QUIET_AFTER`` before it: then the last day they have."""
    if last_recorded is not None and last_recorded < today - QUIET_AFTER:
        return last_recorded
    return today


def squad_day(todays: Iterable[date], last_recorded: date | None) -> date | None:
    """The day a coach's squad, front door and digest look at: the latest of their athletes' own
    todays (an athlete already in tomorrow is not left out of the morning), as ``opening_day``
    has it for the squad's last recorded day."""
    latest = max(todays, default=None)
    return None if latest is None else opening_day(latest, last_recorded)
