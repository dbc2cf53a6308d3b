"""The seam every source plugs into: what a source is to the sync engine (``ingest.sync``).

A source is one folder under ``ingest/`` (``garmin/``, ``intervals/``). It offers a ``Source``:
``fetch`` one kind of body over a span of days, raising one of the four failures below, and a
``SourceShape`` saying which kinds it has, how they are walked (a day at a time, in chunks, or once
per run) and how a body becomes rows (an ``Extracted``). The engine does the rest for all of them
alike: archive every raw body first, write through ``ingest.merge`` one transaction per step with
the kind's sync state, resume where a stopped run stopped, and ask again for what could not be read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from trainer.ingest.extracted import Extracted


class RateLimited(Exception):
    """HTTP 429: wait and retry, then stop with the state saved."""


class LoginExpired(Exception):
    """The service rejected the stored login or key: the athlete must log in or connect again."""


class Transient(Exception):
    """5xx or a timeout: retry."""


class Unreadable(Exception):
    """The service answered, but not with what it should (cut short, or an HTML page): keep what
    came back, count the step as failed and go on; later runs try it again."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(reason)
        self.text, self.reason = text, reason


class Source(Protocol):
    def fetch(self, kind: str, start: date, end: date) -> object:
        """The body for ``kind`` over start..end (one day for per-day kinds); None for no data."""


@dataclass(frozen=True)
class SourceShape:
    """How the engine walks one source. Kinds are stored in the sync state as they are named here,
    so a second source names its kinds with its own prefix ("intervals.wellness")."""

    name: str  # stored on the rows it writes ("garmin", "intervals.icu")
    label: str  # how a sentence names it ("Garmin", "intervals.icu")
    day_kinds: tuple[str, ...]
    range_kinds: tuple[str, ...]
    once_kinds: tuple[str, ...]
    chunk_days: int
    extract: Callable[[object, str], Extracted]  # raises BodyError for a body it cannot read
    again: str  # what to do after a stopped run, in the command line's words
    relogin: str  # what to do when the login or key is refused; {name} is the athlete

    @property
    def dated_kinds(self) -> tuple[str, ...]:
        return (*self.range_kinds, *self.day_kinds)


class BodyError(Exception):
    """A body a source's extraction cannot read (its shape, in one line)."""
