"""Logging in to Garmin Connect and using a stored login, one use at a time (tokens only, sealed in
the database; never the password)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from trainer.errors import TrainerError
from trainer.ingest.garmin import login_store
from trainer.log_lines import route_into_trainer
from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.models import Athlete, id_of


class NeedsLogin(TrainerError):
    def __init__(self, athlete: str, why: str = "no Garmin login stored"):
        super().__init__(f"{why} for {athlete}: run `trainer garmin login --athlete {athlete}`")
        self.in_words = f"{why[0].upper()}{why[1:]} for {athlete}: log in to Garmin below."  # what an app says


@dataclass
class PendingLogin:
    """A login Garmin wants an MFA code for: the same client must finish it (``finish_login``)."""

    db: Database = field(repr=False)
    athlete: Athlete
    client: Any = field(repr=False)
    state: Any = field(repr=False)


def _client_class():
    """garminconnect's client, or the one ``TRAINER_GARMIN_CLIENT`` names (``module:Class``, a
    garminconnect-compatible client: the tests' and benchmarks' fake Garmin)."""
    import importlib

    named = Settings.from_env().garmin_client
    if named:
        module, _, name = named.partition(":")
        return getattr(importlib.import_module(module), name)
    from garminconnect import Garmin

    route_into_trainer("garminconnect")
    return Garmin


def login(
    db: Database, athlete: Athlete, email: str, password: str, ask_mfa: Callable[[], str], client_class=None
) -> None:
    """Log in (asking for an MFA code when Garmin wants one) and store the tokens, sealed, in the database.

    The password is used once and never stored, logged or put in an error message.
    """
    started = start_login(db, athlete, email, password, client_class)
    if isinstance(started, PendingLogin):
        finish_login(started, ask_mfa())


def start_login(db: Database, athlete: Athlete, email: str, password: str, client_class=None) -> PendingLogin | None:
    """The first step, for an app's form: None when the login is done, or the login waiting for its MFA code."""
    client = (client_class or _client_class())(email, password, return_on_mfa=True)
    with _garmin_refusals():
        status, state = client.login()
    if status == "needs_mfa":
        return PendingLogin(db, athlete, client, state)
    _store_tokens(db, athlete, client)
    return None


def finish_login(pending: PendingLogin, code: str) -> None:
    """The MFA code, on the client that started the login."""
    with _garmin_refusals():
        pending.client.resume_login(pending.state, code.strip())
    _store_tokens(pending.db, pending.athlete, pending.client)


@contextmanager
def _garmin_refusals() -> Iterator[None]:
    from garminconnect import (
        GarminConnectAuthenticationError,
        GarminConnectConnectionError,
        GarminConnectTooManyRequestsError,
    )

    try:
        yield
    except GarminConnectAuthenticationError:
        raise TrainerError("Garmin refused the login: check the email, password and MFA code, then try again") from None
    except GarminConnectTooManyRequestsError:
        raise TrainerError("Garmin is limiting login attempts: wait a while, then try again") from None
    except GarminConnectConnectionError as error:
        raise TrainerError(f"could not reach Garmin Connect ({type(error).__name__}): try again later") from None


def _store_tokens(db: Database, athlete: Athlete, client) -> None:
    settings = Settings.from_env()
    with login_store.held(db, id_of(athlete), athlete.name, LOGIN_WAIT_S):
        login_store.save_tokens(db, id_of(athlete), client.client.dumps(), settings)


LOGIN_WAIT_S = 600.0  # how long a use of an athlete's login waits for another to finish


class HeldLogin:
    """An athlete's Garmin login, held for one use (``login_held``): ``client()`` opens it from the
    tokens as they are now, and the tokens Garmin rotated during the use are saved when it ends."""

    def __init__(self, db: Database, athlete: Athlete, client_class=None) -> None:
        self.db, self.athlete, self.client_class = db, athlete, client_class
        self.opened: Any = None
        self.tokens: str | None = None

    def client(self):
        """A logged-in client from the stored tokens, or ``NeedsLogin``."""
        if self.opened is None:
            self.tokens = login_store.read_tokens(self.db, id_of(self.athlete), Settings.from_env())
            self.opened = _reopen(self.athlete, self.tokens, self.client_class)
            self.keep_rotated()  # opening may have refreshed them: stored at once, not only when the use ends
        return self.opened

    def keep_rotated(self) -> None:
        """garminconnect refreshes the tokens when they near their end and rotates the refresh
        token each time: the new ones must be stored, or the next use holds a dead token."""
        if self.opened is None or self.db.read_only:
            return
        now = self.opened.client.dumps()
        if now != self.tokens:
            login_store.save_tokens(self.db, id_of(self.athlete), now, Settings.from_env())
            self.tokens = now


@contextmanager
def login_held(db: Database, athlete: Athlete, wait_s: float = LOGIN_WAIT_S, client_class=None) -> Iterator[HeldLogin]:
    """One use at a time of an athlete's Garmin login, on every machine of the site (the workers, the
    app's "sync now", ``trainer sync``, ``trainer plan push``): garminconnect rotates the refresh
    token at each refresh, so a second process holding the old tokens would find them dead and the
    athlete would have to log in again with MFA."""
    with login_store.held(db, id_of(athlete), athlete.name, wait_s):
        held = HeldLogin(db, athlete, client_class)
        try:
            yield held
        finally:
            held.keep_rotated()


def _reopen(athlete: Athlete, tokens: str | None, client_class=None):
    from garminconnect import (
        GarminConnectAuthenticationError,
        GarminConnectConnectionError,
        GarminConnectTooManyRequestsError,
    )

    if not tokens:
        raise NeedsLogin(athlete.name)
    if not tokens.lstrip().startswith("{"):  # garminconnect would take anything else for a path
        raise NeedsLogin(athlete.name, "the stored Garmin login cannot be read")
    client = (client_class or _client_class())()
    try:
        client.login(tokenstore=tokens)
    except GarminConnectAuthenticationError:
        raise NeedsLogin(athlete.name, "Garmin asked for a new login") from None
    except (GarminConnectConnectionError, GarminConnectTooManyRequestsError) as error:
        raise TrainerError(
            f"could not reach Garmin Connect for {athlete.name} ({type(error).__name__}): try again later"
        ) from None
    return client
