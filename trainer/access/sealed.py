"""Secrets kept in the database encrypted (Fernet) with a key derived from the site key file, so a
copy of the database alone reveals none: message-service URLs, Garmin login tokens. Every machine
of one site reads them with the same key file (``TRAINER_SECRET_KEY_FILE``)."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from trainer.access.keys import site_key
from trainer.errors import TrainerError


class SealBroken(TrainerError):
    """A sealed value this machine's key cannot open (another key sealed it, or it was altered)."""


def _box(key_file: Path, purpose: str) -> Fernet:
    """One key per purpose, so a sealed value of one kind never opens as another."""
    key = hashlib.sha256(f"trainer-{purpose}:".encode() + site_key(key_file)).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(key_file: Path, purpose: str, text: str) -> str:
    return _box(key_file, purpose).encrypt(text.encode()).decode()


def unseal(key_file: Path, purpose: str, sealed: str) -> str:
    try:
        return _box(key_file, purpose).decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise SealBroken(f"cannot be read with the key in {key_file}") from None
