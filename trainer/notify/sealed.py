"""Message-service URLs carry secrets (a bot token, a mail password): they are kept encrypted
with a key in the config home (``<config home>/notify-key``, 0600, made on first use), so a copy
of the database alone reveals none, and shown only as their scheme ("mailto://...")."""

from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from trainer.access.keys import site_key
from trainer.errors import TrainerError


def _box(key_file: Path) -> Fernet:
    import base64
    import hashlib

    key = hashlib.sha256(b"trainer-notify:" + site_key(key_file)).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(key_file: Path, url: str) -> str:
    return _box(key_file).encrypt(url.encode()).decode()


def unseal(key_file: Path, sealed: str) -> str:
    try:
        return _box(key_file).decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise TrainerError(
            f"a message receiver cannot be read with the key in {key_file} (was the key replaced?): remove it and "
            f"add it again"
        ) from None


def scheme_of(url: str) -> str:
    """What may be shown of a URL: its scheme, never its secrets."""
    return url.split("://", 1)[0][:20] + "://..." if "://" in url else "(not a URL)"
