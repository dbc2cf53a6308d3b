"""Message-service URLs carry secrets (a bot token, a mail password): they are kept sealed with
the site key (``trainer.access.sealed``), so a copy of the database alone reveals none, and shown
only as their scheme ("mailto://...")."""

from __future__ import annotations

from pathlib import Path

from trainer.access import sealed
from trainer.errors import TrainerError


def seal(key_file: Path, url: str) -> str:
    return sealed.seal(key_file, "notify", url)


def unseal(key_file: Path, url_sealed: str) -> str:
    try:
        return sealed.unseal(key_file, "notify", url_sealed)
    except sealed.SealBroken:
        raise TrainerError(
            f"a message receiver cannot be read with the key in {key_file} (was the key replaced?): remove it and "
            f"add it again"
        ) from None


def scheme_of(url: str) -> str:
    """What may be shown of a URL: its scheme, never its secrets."""
    return url.split("://", 1)[0][:20] + "://..." if "://" in url else "(not a URL)"
