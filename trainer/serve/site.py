"""What the published server knows once, shared by its routes and its gate.

The read-only database, the site key (cookie signing), the failed-login throttle, the
last-used log and the sessions (ended by logout, an idle fortnight or 30 days). Session cookies
carry a session id, a grant id and the first characters of that grant's hash, signed with the
site key; the grant itself is looked up on every request, so a revoked or
expired grant stops working at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from trainer.access.grants import viewer_for_grant, viewer_for_secret
from trainer.access.viewer import Viewer
from trainer.serve.seen import SeenLog
from trainer.serve.sessions import Sessions
from trainer.store.database import Database

SESSION_COOKIE = "trainer_session"
NEXT_COOKIE = "trainer_next"
SESSION_DAYS = 30
FAILED_LOGINS_PER_ADDRESS = parse("10/minute")
FAILED_LOGINS_OVERALL = parse("100/minute")
_HASH_PREFIX = 16


@dataclass
class Site:
    db: Database
    key: bytes
    seen: SeenLog
    open_access: bool = False  # --no-auth: everyone sees everything
    writer: Database | None = None  # --check-ins: the one writable connection, for check-ins only
    sessions: Sessions = field(init=False)  # where sign-ins can be ended: beside the seen log
    limiter: MovingWindowRateLimiter = field(default_factory=lambda: MovingWindowRateLimiter(MemoryStorage()))

    def __post_init__(self) -> None:
        self.sessions = Sessions(self.seen.path.with_name("sessions.sqlite"))

    @property
    def _signer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.key, salt="trainer-session")

    def session_cookie(self, viewer: Viewer, secret_hash: str) -> str:
        """A new session's cookie: its id, the grant and the first characters of the grant's hash, signed."""
        return self._signer.dumps({"g": viewer.grant_id, "h": secret_hash[:_HASH_PREFIX], "s": self.sessions.start()})

    def session_id(self, cookie: str | None) -> str | None:
        """The id of a live session's cookie (what its CSRF token is made from)."""
        data = self._cookie_data(cookie)
        return data["s"] if data is not None and self.sessions.is_live(data["s"]) else None

    def end_session(self, cookie: str | None) -> None:
        """Logout: the cookie's session ends on the server, so a copy of the cookie no longer works."""
        data = self._cookie_data(cookie)
        if data is not None:
            self.sessions.end(data["s"])

    def _cookie_data(self, cookie: str | None) -> dict | None:
        if not cookie or len(cookie) > 500:
            return None
        try:
            data = self._signer.loads(cookie, max_age=SESSION_DAYS * 86400)
        except BadSignature:
            return None
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("g"), int)
            or not isinstance(data.get("h"), str)
            or not isinstance(data.get("s"), str)
        ):
            return None
        return data

    def viewer_from_cookie(self, cookie: str | None) -> Viewer | None:
        """The viewer of a session cookie, or None (missing, forged, too old, revoked, expired)."""
        if self.open_access:
            return Viewer(role="owner", person="everyone", athlete_ids=None)
        data = self._cookie_data(cookie)
        if data is None or not self.sessions.is_live(data["s"]):
            return None
        viewer = viewer_for_grant(self.db, data["g"], data["h"])
        if viewer is not None and viewer.grant_id is not None:
            self.seen.note(viewer.grant_id)
        return viewer

    def login(self, secret: str) -> Viewer | None:
        return viewer_for_secret(self.db, secret)

    def throttled_after_failure(self, address: str, kind: str = "login") -> bool:
        """Count a failed try from ``address``; True if it had already failed too often lately.
        Only failures are counted and throttled, so a valid secret always works whatever others
        send; sign-ins and calendar-feed addresses are counted apart."""
        throttled = not (
            self.limiter.test(FAILED_LOGINS_PER_ADDRESS, kind, "address", address)
            and self.limiter.test(FAILED_LOGINS_OVERALL, kind, "overall")
        )
        self.limiter.hit(FAILED_LOGINS_PER_ADDRESS, kind, "address", address)
        self.limiter.hit(FAILED_LOGINS_OVERALL, kind, "overall")
        return throttled


def seen_path(database_url: str, data_dir: Path) -> Path:
    """Where the server notes last uses (and, beside it, its sessions): beside a SQLite database
    file, wherever ``--db`` or ``TRAINER_DATABASE_URL`` puts it; under the data folder for
    PostgreSQL."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / "access-seen.sqlite"
    return data_dir / "access-seen.sqlite"
