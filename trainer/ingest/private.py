"""An athlete's private files: the raw archive of each source's synced bodies (one folder per
source), and the folder where an older trainer kept the Garmin login tokens (they now live sealed
in the database: ``login_store``).

Both are keyed by the athlete's id, never their name (names like "a b" and "a_b", or "..", must
not share or escape a folder). Folders are 0700 and files 0600. Deleting only ever removes the
athlete's own folder inside the root trainer owns.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from trainer.settings import Settings


def token_dir(athlete_id: int, settings: Settings | None = None) -> Path:
    """Where the athlete's Garmin login tokens live (under the config home, never the repo)."""
    return _own_folder((settings or Settings.from_env()).config_home / "garmin", athlete_id)


def archive_dir(athlete_id: int, settings: Settings | None = None, source: str = "garmin") -> Path:
    """Where the athlete's raw bodies from ``source`` are archived (``TRAINER_ARCHIVE_DIR``, default
    under the data folder): one folder per source and athlete."""
    return _own_folder((settings or Settings.from_env()).archive_root / source, athlete_id)


def _own_folder(root: Path, athlete_id: int) -> Path:
    if not isinstance(athlete_id, int) or isinstance(athlete_id, bool) or athlete_id < 1:
        raise ValueError(f"not an athlete id: {athlete_id!r}")
    return root / f"athlete-{athlete_id}"


def make_private(folder: Path) -> Path:
    """Create ``folder`` (and its parents) with 0700 on the folder itself."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def write_private(path: Path, body: object) -> None:
    """Write JSON to ``path`` as 0600 from the start (never briefly world-readable)."""
    write_private_text(path, json.dumps(body))


def write_private_bytes(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` as 0600 from the start (a source's original file)."""
    make_private(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as 0600 from the start (never briefly world-readable)."""
    make_private(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


def delete_private(athlete_id: int, settings: Settings | None = None) -> list[str]:
    """Remove the athlete's tokens and raw archives; returns what was removed ("tokens", "archive")."""
    settings = settings or Settings.from_env()
    removed = []
    folders = (
        ("tokens", token_dir(athlete_id, settings)),
        ("archive", archive_dir(athlete_id, settings)),
        ("archive", archive_dir(athlete_id, settings, "intervals.icu")),
    )
    for label, folder in folders:
        if _remove_inside(folder, folder.parent) and label not in removed:
            removed.append(label)
    return removed


def delete_tokens(athlete_id: int, settings: Settings | None = None) -> bool:
    folder = token_dir(athlete_id, settings)
    return _remove_inside(folder, folder.parent)


def _remove_inside(folder: Path, root: Path) -> bool:
    """Remove ``folder`` only if it really is a folder directly inside ``root`` (not a link out of it)."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    if folder.resolve().parent != root.resolve():
        return False
    shutil.rmtree(folder)
    return True
