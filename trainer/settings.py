"""Where trainer keeps things. The only module that reads environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Settings:
    """Paths and URLs, resolved once from the environment.

    - ``TRAINER_DATABASE_URL``: SQLAlchemy URL; default SQLite at ``data/trainer.db``.
    - ``TRAINER_DATA_DIR``: demo data and the raw Garmin archive; default ``data/``.
    - ``TRAINER_CONFIG_HOME``: per-user secrets (Garmin tokens); default
      ``$XDG_CONFIG_HOME/trainer`` or ``~/.config/trainer``, never inside the repo.
    - ``TRAINER_READ_ONLY=1``: the published app; the database is opened read-only.
    """

    database_url: str
    data_dir: Path
    config_home: Path
    read_only: bool = False

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("TRAINER_DATA_DIR", DEFAULT_DATA_DIR))
        xdg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        return cls(
            database_url=os.environ.get("TRAINER_DATABASE_URL") or sqlite_url(data_dir / "trainer.db"),
            data_dir=data_dir,
            config_home=Path(os.environ.get("TRAINER_CONFIG_HOME", Path(xdg) / "trainer")),
            read_only=os.environ.get("TRAINER_READ_ONLY", "") in ("1", "true", "yes"),
        )


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"
