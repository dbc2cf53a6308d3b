"""Private links: issue, list, revoke, and turn a link's secret or a session back into a viewer.

A link carries 256 random bits (``secrets.token_urlsafe(32)``); only its SHA-256 is stored, so the
database alone never lets anyone in. A grant is active until it expires or is revoked; the gate
looks it up on every request, so revoking ends its sessions at their next request.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
from sqlalchemy import Connection, Row, delete, select
from sqlmodel import Session, col

from trainer.access.viewer import ROLES, Viewer
from trainer.errors import TrainerError
from trainer.store.athletes import get_athlete
from trainer.store.database import Database
from trainer.store.models import AccessGrant, AccessScope, Athlete, id_of, table_of

_EXPIRY = re.compile(r"^\s*(\d{1,4})\s*([hdw])\s*$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_expiry(text: str) -> timedelta:
    """``90d``, ``12h`` or ``4w`` as a duration."""
    match = _EXPIRY.match(text or "")
    if not match or int(match.group(1)) == 0:
        raise TrainerError(f"--expires {text!r} is not a duration: use e.g. 90d, 12h or 4w")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def issue_grant(
    db: Database,
    role: str,
    person: str | None,
    athletes: Sequence[str] = (),
    *,
    all_athletes: bool = False,
    expires_in: timedelta | None = None,
    now: datetime | None = None,
) -> tuple[AccessGrant, str]:
    """Store a grant and return it with its secret (shown once, never stored)."""
    now = now or datetime.now(UTC)
    ids = _check_scope(db, role, athletes, all_athletes)
    if role == "athlete":
        person = person or athletes[0]
    if not person or not person.strip() or len(person) > 80:
        raise TrainerError("say who the link is for (1-80 characters)")
    secret = new_secret()
    grant = AccessGrant(
        role=role,
        person=person.strip(),
        athlete_id=ids[0] if role == "athlete" else None,
        all_athletes=all_athletes or (role == "researcher" and not ids),
        secret_hash=hash_secret(secret),
        created_at=now,
        expires_at=now + expires_in if expires_in else None,
    )
    with Session(db.engine) as session:
        session.add(grant)
        session.flush()
        if role != "athlete":
            session.add_all(AccessScope(grant_id=id_of(grant), athlete_id=i) for i in ids)
        session.commit()
        session.refresh(grant)
    return grant, secret


def issue_feed(db: Database, grant_id: int) -> str:
    """A calendar feed secret for an athlete's link (replacing an earlier one); only its hash is stored.

    Calendar apps send no cookies, so the feed has its own secret address. It opens that athlete's
    plan calendar and nothing else, and it stops with the link: revoked or expired, both end."""
    secret = new_secret()
    with Session(db.engine) as session:
        grant = session.get(AccessGrant, grant_id)
        if grant is None or grant.role != "athlete":
            raise TrainerError(
                f"access {grant_id} is not an athlete's link: only an athlete's link has a calendar feed"
            )
        grant.feed_hash = hash_secret(secret)
        session.add(grant)
        session.commit()
    return secret


def athlete_for_feed(db: Database, secret: str, now: datetime | None = None) -> int | None:
    """The athlete whose calendar a feed secret opens, while its link is active; else None."""
    if not secret or len(secret) > 100:
        return None
    with Session(db.engine) as session:
        grant = session.scalars(select(AccessGrant).where(col(AccessGrant.feed_hash) == hash_secret(secret))).first()
        if grant is None or grant.role != "athlete" or grant_state(grant, now or datetime.now(UTC)) != "active":
            return None
        return grant.athlete_id


def _check_scope(db: Database, role: str, athletes: Sequence[str], all_athletes: bool) -> list[int]:
    if role not in ROLES:
        raise TrainerError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if role == "athlete" and (len(athletes) != 1 or all_athletes):
        raise TrainerError("an athlete's link covers exactly one athlete: --athlete NAME")
    if role == "coach" and bool(athletes) == all_athletes:
        raise TrainerError("a coach's link needs --athletes a,b or --all-athletes (one of the two)")
    if role == "researcher" and athletes and all_athletes:
        raise TrainerError("give --athletes or --all-athletes, not both")
    return sorted({id_of(get_athlete(db, name.strip())) for name in athletes})


def revoke_grant(db: Database, grant_id: int, now: datetime | None = None) -> AccessGrant:
    with Session(db.engine) as session:
        grant = session.get(AccessGrant, grant_id)
        if grant is None:
            raise TrainerError(f"no access grant {grant_id}: see `trainer access list`")
        if grant.revoked_at is None:
            grant.revoked_at = now or datetime.now(UTC)
            session.add(grant)
            session.commit()
            session.refresh(grant)
        return grant


def delete_grant(db: Database, grant_id: int) -> None:
    with db.engine.begin() as connection:
        connection.execute(delete(table_of(AccessGrant)).where(table_of(AccessGrant).c.id == grant_id))


def grant_state(grant: AccessGrant | Row, now: datetime) -> str:
    """active | expired | revoked"""
    if grant.revoked_at is not None:
        return "revoked"
    if grant.expires_at is not None and _aware(grant.expires_at) <= now:
        return "expired"
    return "active"


def list_grants(
    db: Database, last_used: dict[int, datetime] | None = None, now: datetime | None = None
) -> pl.DataFrame:
    """One row per grant: id, person, role, scope, created, last_used, expires, state."""
    now, last_used = now or datetime.now(UTC), last_used or {}
    with Session(db.engine) as session:
        grants = session.scalars(select(AccessGrant).order_by(col(AccessGrant.id))).all()
        names = dict(session.execute(select(col(Athlete.id), col(Athlete.name))).all())
        scopes = session.execute(select(col(AccessScope.grant_id), col(AccessScope.athlete_id))).all()
    members: dict[int, list[str]] = {}
    for grant_id, athlete_id in scopes:
        members.setdefault(grant_id, []).append(names.get(athlete_id, "?"))
    rows = [
        {
            "id": g.id,
            "person": g.person,
            "role": g.role,
            "scope": "all athletes"
            if g.all_athletes
            else names.get(g.athlete_id, "?")
            if g.role == "athlete"
            else ", ".join(sorted(members.get(id_of(g), []))) or "no athletes",
            "created": _aware(g.created_at),
            "last_used": last_used.get(id_of(g)),
            "expires": _aware(g.expires_at) if g.expires_at else None,
            "state": grant_state(g, now),
        }
        for g in grants
    ]
    schema: dict[str, Any] = {
        "id": pl.Int64,
        "person": pl.String,
        "role": pl.String,
        "scope": pl.String,
        "created": pl.Datetime("us", "UTC"),
        "last_used": pl.Datetime("us", "UTC"),
        "expires": pl.Datetime("us", "UTC"),
        "state": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def viewer_for_secret(db: Database, secret: str, now: datetime | None = None) -> Viewer | None:
    """The viewer a private link's secret opens, or None (unknown, expired or revoked)."""
    if not secret or len(secret) > 200:
        return None
    grants = table_of(AccessGrant)
    with db.engine.connect() as connection:
        grant = connection.execute(select(grants).where(grants.c.secret_hash == hash_secret(secret))).first()
        return _viewer(connection, grant, now or datetime.now(UTC))


def viewer_for_grant(db: Database, grant_id: int, hash_prefix: str, now: datetime | None = None) -> Viewer | None:
    """The viewer of a session cookie's grant, while that grant is still active.

    Asked on every request, so read with one plain query on a pooled connection (about half of what
    an ORM session costs: 0.3 against 0.55 ms)."""
    if len(hash_prefix) < 16:
        return None
    grants = table_of(AccessGrant)
    with db.engine.connect() as connection:
        grant = connection.execute(select(grants).where(grants.c.id == grant_id)).first()
        if grant is None or not secrets.compare_digest(grant.secret_hash[: len(hash_prefix)], hash_prefix):
            return None
        return _viewer(connection, grant, now or datetime.now(UTC))


def _viewer(connection: Connection, grant: Row | None, now: datetime) -> Viewer | None:
    """The viewer of a grant's row (``access_grant``), while it is active."""
    if grant is None or grant_state(grant, now) != "active":
        return None
    if grant.role == "athlete":
        ids = frozenset({grant.athlete_id}) if grant.athlete_id is not None else frozenset()
    elif grant.all_athletes:
        ids = None
    else:
        scopes = table_of(AccessScope)
        ids = frozenset(
            connection.execute(select(scopes.c.athlete_id).where(scopes.c.grant_id == grant.id)).scalars().all()
        )
    return Viewer(role=grant.role, person=grant.person, athlete_ids=ids, grant_id=grant.id)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
