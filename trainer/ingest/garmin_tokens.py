"""Where an athlete's Garmin tokens live: a private folder under the user's config home.

Never inside the repository and never in the database; folder mode 0700, files 0600.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from trainer.settings import Settings


def token_dir(athlete_name: str, settings: Settings | None = None) -> Path:
    settings = settings or Settings.from_env()
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in athlete_name)
    return settings.config_home / "garmin" / safe


def delete_tokens(athlete_name: str, settings: Settings | None = None) -> bool:
    """Remove the athlete's stored tokens; True if there were any."""
    folder = token_dir(athlete_name, settings)
    if not folder.exists():
        return False
    shutil.rmtree(folder)
    return True
