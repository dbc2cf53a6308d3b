"""Where trainer keeps things. The only module that reads environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_INSIGHTS_MODEL = "claude-haiku-5-5"  # the current Haiku (Haiku 4.5 is legacy since October 2026)


@dataclass(frozen=True)
class Settings:
    """Paths and URLs, resolved once from the environment.

    - ``TRAINER_DATABASE_URL``: SQLAlchemy URL; default SQLite at ``data/trainer.db``.
    - ``TRAINER_DATA_DIR``: demo data and the raw Garmin archive; default ``data/``.
    - ``TRAINER_ARCHIVE_DIR``: the raw archive of what sources sent (default ``<data dir>/raw``); with
      workers on several machines, a folder every one of them reaches (an NFS or SMB share).
    - ``TRAINER_CONFIG_HOME``: per-user secrets (Garmin tokens); default
      ``$XDG_CONFIG_HOME/trainer`` or ``~/.config/trainer``, never inside the repo.
    - ``TRAINER_READ_ONLY=1``: the published app; the database is opened read-only.
    - ``ANTHROPIC_API_KEY``: turns on Claude-written insights (never stored, logged or shown).
    - ``TRAINER_INSIGHTS_MODEL``: the Claude model (default: the current Haiku).
    - ``ANTHROPIC_BASE_URL``: another Messages API endpoint (a proxy, or the tests' fake server).
    - ``TRAINER_INSIGHTS_TIMEOUT``: seconds before a Claude call counts as timed out (default 30).
    - ``TRAINER_PUBLISHED=1``: set by the published server for its notebooks; every viewer then
      needs a grant (or the server says ``open`` for --no-auth).
    - ``TRAINER_CHECK_INS=1``: set by the published server started with ``--check-ins``, so the
      dashboard links to the check-in page.
    - ``TRAINER_PUBLIC_URL``: where the published app is reached, for the private links
      ``trainer access add`` prints (default ``http://127.0.0.1:2718``).
    - ``TRAINER_MORNING_AT`` (default 06:00, each athlete's local time), ``TRAINER_GARMIN_CONCURRENCY``
      (Garmin requests in flight at once per outgoing address, default 4), ``TRAINER_GARMIN_ADDRESS``
      (machines behind one address share the name; default the host name), ``TRAINER_GARMIN_CLIENT``
      (``module:Class`` of a garminconnect-compatible client: the tests' and benchmark's fake Garmin),
      ``TRAINER_JOB_LEASE_SECONDS`` (default 120: how soon another worker takes over a killed one's job).
    - ``TRAINER_NOW``: the moment trainer takes as now (ISO 8601; without an offset, UTC), so a
      test or a demo can set the clock; unset, the real time. Which day is an athlete's today
      follows from it (``trainer.day.clock``).
    - ``TRAINER_SECRET_KEY_FILE``: the key that signs session cookies and makes pseudonyms; every
      worker of one site must share it (default ``<config home>/app-secret-key``, made on first use).
    """

    database_url: str
    data_dir: Path
    config_home: Path
    read_only: bool = False
    anthropic_api_key: str | None = field(default=None, repr=False)
    anthropic_base_url: str | None = None
    insights_model: str = DEFAULT_INSIGHTS_MODEL
    insights_timeout_s: float = 30.0
    published: str = ""
    check_ins: bool = False  # the published server takes athletes' check-ins (--check-ins)
    public_url: str = "http://127.0.0.1:2718"
    secret_key_file: Path | None = None
    archive_dir: Path | None = None  # TRAINER_ARCHIVE_DIR; None: <data dir>/raw
    # the scheduled jobs (``trainer worker``)
    morning_at: str = "06:00"  # each athlete's local time for the morning job
    garmin_concurrency: int = 4  # Garmin requests in flight at once from this address
    garmin_address: str = ""  # which outgoing address this machine is (default: its host name)
    garmin_client: str = ""  # "module:Class": a garminconnect-compatible client (a fake Garmin for tests)
    intervals_url: str = "https://intervals.icu"  # TRAINER_INTERVALS_URL: the service, or a proxy or a test's fake
    job_lease_seconds: int = 120  # a running job renews its lease; a killed worker's runs out after this
    clock: str = ""  # TRAINER_NOW: a fixed "now" (ISO 8601) for tests and demos; empty for the real time

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("TRAINER_DATA_DIR", DEFAULT_DATA_DIR))
        xdg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        return cls(
            database_url=os.environ.get("TRAINER_DATABASE_URL") or sqlite_url(data_dir / "trainer.db"),
            data_dir=data_dir,
            config_home=Path(os.environ.get("TRAINER_CONFIG_HOME", Path(xdg) / "trainer")),
            read_only=os.environ.get("TRAINER_READ_ONLY", "") in ("1", "true", "yes"),
            anthropic_api_key=os.environ.get("ANTHROPIC_API_KEY") or None,
            anthropic_base_url=os.environ.get("ANTHROPIC_BASE_URL") or None,
            insights_model=os.environ.get("TRAINER_INSIGHTS_MODEL") or DEFAULT_INSIGHTS_MODEL,
            insights_timeout_s=float(os.environ.get("TRAINER_INSIGHTS_TIMEOUT") or 30),
            published=os.environ.get("TRAINER_PUBLISHED", ""),
            check_ins=os.environ.get("TRAINER_CHECK_INS", "") == "1",
            public_url=(os.environ.get("TRAINER_PUBLIC_URL") or "http://127.0.0.1:2718").rstrip("/"),
            morning_at=os.environ.get("TRAINER_MORNING_AT") or "06:00",
            garmin_concurrency=int(os.environ.get("TRAINER_GARMIN_CONCURRENCY") or 4),
            garmin_address=os.environ.get("TRAINER_GARMIN_ADDRESS", ""),
            garmin_client=os.environ.get("TRAINER_GARMIN_CLIENT", ""),
            intervals_url=(os.environ.get("TRAINER_INTERVALS_URL") or "https://intervals.icu").rstrip("/"),
            job_lease_seconds=int(os.environ.get("TRAINER_JOB_LEASE_SECONDS") or 120),
            clock=os.environ.get("TRAINER_NOW", ""),
            secret_key_file=Path(os.environ["TRAINER_SECRET_KEY_FILE"])
            if os.environ.get("TRAINER_SECRET_KEY_FILE")
            else None,
            archive_dir=Path(os.environ["TRAINER_ARCHIVE_DIR"]) if os.environ.get("TRAINER_ARCHIVE_DIR") else None,
        )

    @property
    def key_file(self) -> Path:
        return self.secret_key_file or self.config_home / "app-secret-key"

    @property
    def archive_root(self) -> Path:
        return self.archive_dir or self.data_dir / "raw"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"
