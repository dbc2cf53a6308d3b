"""Logging in to Garmin Connect and reopening a stored login (tokens only; never the password)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.errors import TrainerError
from trainer.ingest.garmin.private import make_private, token_dir
from trainer.log_lines import route_into_trainer
from trainer.store.models import Athlete, id_of


class NeedsLogin(TrainerError):
    def __init__(self, athlete: str, why: str = "no Garmin login stored"):
        super().__init__(f"{why} for {athlete}: run `trainer garmin login --athlete {athlete}`")
        self.in_words = f"{why[0].upper()}{why[1:]} for {athlete}: log in to Garmin below."  # what an app says


@dataclass
class PendingLogin:
    """A login Garmin wants an MFA code for: the same client must finish it (``finish_login``)."""

    athlete: Athlete
    client: Any = field(repr=False)
    state: Any = field(repr=False)


def _client_class():
    """garminconnect's client, or the one ``TRAINER_GARMIN_CLIENT`` names (``module:Class``, a
    garminconnect-compatible client: the tests' and benchmarks' fake Garmin)."""
    import importlib

    from trainer.settings import Settings

    named = Settings.from_env().garmin_client
    if named:
        module, _, name = named.partition(":")
        return getattr(importlib.import_module(module), name)
    from garminconnect import Garmin

    route_into_trainer("garminconnect")
    return Garmin


def login(athlete: Athlete, email: str, password: str, ask_mfa: Callable[[], str], client_class=None) -> Path:
    """Log in (asking for an MFA code when Garmin wants one) and store the tokens privately.

    The password is used once and never stored, logged or put in an error message.
    """
    started = start_login(athlete, email, password, client_class)
    return finish_login(started, ask_mfa()) if isinstance(started, PendingLogin) else started


def start_login(athlete: Athlete, email: str, password: str, client_class=None) -> Path | PendingLogin:
    """The first step, for an app's form: the tokens' folder when Garmin asks for nothing more, or
    the login waiting for its MFA code."""
    client = (client_class or _client_class())(email, password, return_on_mfa=True)
    with _garmin_refusals():
        status, state = client.login()
    if status == "needs_mfa":
        return PendingLogin(athlete, client, state)
    return _store_tokens(athlete, client)


def finish_login(pending: PendingLogin, code: str) -> Path:
    """The MFA code, on the client that started the login."""
    with _garmin_refusals():
        pending.client.resume_login(pending.state, code.strip())
    return _store_tokens(pending.athlete, pending.client)


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


def _store_tokens(athlete: Athlete, client) -> Path:
    folder = make_private(token_dir(id_of(athlete)))
    try:
        with login_held(athlete):
            client.client.dump(str(folder))
            for path in folder.iterdir():
                os.chmod(path, 0o600)
    except OSError as error:
        raise TrainerError(
            f"the Garmin login worked, but its tokens cannot be written in {folder} ({error.strerror}): "
            "make that folder writable for trainer, then log in again"
        ) from None
    if not tokens_writable(id_of(athlete)):
        raise TrainerError(f"the Garmin tokens in {folder} cannot be rewritten: make that folder writable for trainer")
    return folder


LOGIN_WAIT_S = 600.0  # how long a use of an athlete's login waits for another to finish


@contextmanager
def login_held(athlete: Athlete, wait_s: float = LOGIN_WAIT_S) -> Iterator[None]:
    """One use at a time of an athlete's Garmin login on this machine (the worker, the app's "sync
    now", ``trainer sync``, ``trainer plan push``): garminconnect rotates the refresh token at each
    refresh, so a second process holding the old tokens would find them dead and the athlete would
    have to log in again with MFA. Open the client (``reopen``: the tokens read afresh) inside it."""
    import fcntl
    import time

    folder = token_dir(id_of(athlete))
    make_private(folder.parent)
    handle = os.open(folder.parent / f"{folder.name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + wait_s
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TrainerError(
                        f"another use of {athlete.name}'s Garmin login is still under way: try again later"
                    ) from None
                time.sleep(0.2)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def tokens_writable(athlete_id: int) -> bool:
    """Whether the athlete's stored tokens can be rewritten (garminconnect saves each refreshed one,
    and says nothing when it cannot: the next use then needs a new login)."""
    folder = token_dir(athlete_id)
    return os.access(folder, os.W_OK) and all(os.access(path, os.W_OK) for path in folder.iterdir())


def reopen(athlete: Athlete, client_class=None):
    """A logged-in client from the stored tokens, or ``NeedsLogin``."""
    from garminconnect import (
        GarminConnectAuthenticationError,
        GarminConnectConnectionError,
        GarminConnectTooManyRequestsError,
    )

    folder = token_dir(id_of(athlete))
    if not folder.exists() or not any(folder.iterdir()):
        raise NeedsLogin(athlete.name)
    client = (client_class or _client_class())()
    try:
        client.login(tokenstore=str(folder))
    except GarminConnectAuthenticationError:
        raise NeedsLogin(athlete.name, "Garmin asked for a new login") from None
    except (GarminConnectConnectionError, GarminConnectTooManyRequestsError) as error:
        raise TrainerError(
            f"could not reach Garmin Connect for {athlete.name} ({type(error).__name__}): try again later"
        ) from None
    return client
