"""Who may open the published app: one grant per person and private link.

The link's secret is never stored, only its SHA-256 (a 256-bit random secret needs no slow hash:
there is nothing to guess). An athlete's own grant points at them (``athlete_id``), so erasing the
athlete erases it; a coach's or researcher's athletes are rows of ``access_scope`` unless
``all_athletes`` is set.
"""

from datetime import datetime

from sqlmodel import Field, SQLModel

from trainer.store.models._base import ATHLETE_FK, utc_now


class AccessGrant(SQLModel, table=True):
    """``role``: athlete | coach | researcher."""

    __tablename__ = "access_grant"

    id: int | None = Field(default=None, primary_key=True)
    role: str = Field(max_length=12)
    person: str = Field(max_length=80, description="who holds the link, for `trainer access list`")
    athlete_id: int | None = Field(
        default=None, foreign_key=ATHLETE_FK, ondelete="CASCADE", description="the athlete role's athlete"
    )
    all_athletes: bool = False
    secret_hash: str = Field(max_length=64, unique=True, index=True)
    feed_hash: str | None = Field(
        default=None,
        max_length=64,
        unique=True,
        index=True,
        description="an athlete's calendar feed secret (its SHA-256); the feed dies with the grant",
    )
    created_at: datetime = Field(default_factory=utc_now)
    expires_at: datetime | None = None
    revoked_at: datetime | None = None


class AccessScope(SQLModel, table=True):
    """One athlete a coach's or researcher's grant covers."""

    __tablename__ = "access_scope"

    grant_id: int = Field(foreign_key="access_grant.id", ondelete="CASCADE", primary_key=True)
    athlete_id: int = Field(foreign_key=ATHLETE_FK, ondelete="CASCADE", primary_key=True)
