"""Who is looking at the published app, and what they may open and see.

A viewer travels from the gate to the notebooks as a plain dict (``scope["user"]``, read in a
cell with ``mo.app_meta().request.user``); :func:`viewer_from_user` turns it back. The local app
has no gate: its one person is the ``owner`` and sees everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["owner", "athlete", "coach", "researcher"]
Page = Literal["athlete", "squad", "research"]
PAGES: tuple[Page, ...] = ("athlete", "squad", "research")
PAGES_OF: dict[str, tuple[Page, ...]] = {
    "owner": PAGES,
    "athlete": ("athlete",),
    "coach": ("squad", "athlete"),
    "researcher": ("research",),
}
ROLES: tuple[Role, ...] = ("athlete", "coach", "researcher")


@dataclass(frozen=True)
class Viewer:
    """``athlete_ids`` None means every athlete; an empty set means none."""

    role: Role
    person: str
    athlete_ids: frozenset[int] | None
    grant_id: int | None = None

    def sees(self, athlete_id: int) -> bool:
        return self.athlete_ids is None or athlete_id in self.athlete_ids

    def may_open(self, page: str) -> bool:
        return page in PAGES_OF.get(self.role, ())

    @property
    def pseudonymous(self) -> bool:
        """Researchers see athletes by a stable pseudonym, never by name."""
        return self.role == "researcher"

    def to_user(self) -> dict:
        ids = None if self.athlete_ids is None else sorted(self.athlete_ids)
        return {
            "trainer_viewer": {"role": self.role, "person": self.person, "athlete_ids": ids, "grant_id": self.grant_id},
            "is_authenticated": True,
            "username": self.person,
        }


OWNER = Viewer(role="owner", person="you", athlete_ids=None)
NOBODY = Viewer(role="athlete", person="", athlete_ids=frozenset())


def viewer_from_user(user: object, published: bool) -> Viewer:
    """The viewer the gate put on the request; without a gate (the local app) the owner.

    A published server without a viewer on the request shows nothing: failing closed.
    """
    data = user.get("trainer_viewer") if isinstance(user, dict) else None
    if not isinstance(data, dict):
        return NOBODY if published else OWNER
    ids = data.get("athlete_ids")
    role = data.get("role")
    if role not in PAGES_OF:
        return NOBODY
    return Viewer(
        role=role,
        person=str(data.get("person", "")),
        grant_id=data.get("grant_id"),
        athlete_ids=None if ids is None else frozenset(int(i) for i in ids),
    )


def viewer_of_request(request: object, published: str) -> Viewer:
    """The viewer of a notebook session, from marimo's request (``mo.app_meta().request``)."""
    return viewer_from_user(getattr(request, "user", None) if request is not None else None, published=bool(published))
