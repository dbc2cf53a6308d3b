"""The local app's Garmin login: email and password, then the MFA code when Garmin asks for one,
each step one sentence; the password lives only in the login call, never in a message or log."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.errors import TrainerError
from trainer.ingest.garmin import session
from trainer.store.database import Database
from trainer.store.models import Athlete


@dataclass(frozen=True)
class LoginSaid:
    message: str
    kind: str  # the callout's look: success, info, danger
    pending: session.PendingLogin | None = None


def login_step(db: Database, athlete: Athlete, email: str, password: str, client_class=None) -> LoginSaid:
    if not email.strip() or not password:
        return LoginSaid("Give the Garmin email and password.", "danger")
    try:
        started = session.start_login(db, athlete, email.strip(), password, client_class)
    except TrainerError as error:
        return LoginSaid(f"Not logged in: {error}.", "danger")
    if isinstance(started, session.PendingLogin):
        return LoginSaid("Garmin sent a code (MFA): type it below.", "info", started)
    return LoginSaid(f"Logged in to Garmin for {athlete.name}: press *Sync now*.", "success")


def mfa_step(pending: session.PendingLogin, code: str) -> LoginSaid:
    if not code.strip().isdigit():
        return LoginSaid("The code from Garmin is digits only: type it again.", "danger", pending)
    try:
        session.finish_login(pending, code)
    except TrainerError as error:
        return LoginSaid(f"Not logged in: {error}.", "danger")
    return LoginSaid(f"Logged in to Garmin for {pending.athlete.name}: press *Sync now*.", "success")
