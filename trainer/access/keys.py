"""The site key: signs session cookies and derives research pseudonyms.

Every worker of one site must use the same key (a cookie signed by one must verify on another),
so it lives in a file (``TRAINER_SECRET_KEY_FILE``, default ``<config home>/app-secret-key``),
made on first use with 0600 in a 0700 folder. Replacing the file signs everyone out and changes
the pseudonyms.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from trainer.errors import TrainerError


def site_key(path: Path) -> bytes:
    """The key in ``path``, made (32 random bytes) when the file does not exist yet."""
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32))
        key = path.read_text().strip()
    except FileExistsError:
        key = path.read_text().strip()  # another worker made it first
    except OSError as exc:
        raise TrainerError(f"cannot read or create the site key file {path}: {exc.strerror}") from None
    if len(key) < 32:
        raise TrainerError(
            f"the site key in {path} is too short (fewer than 32 characters): delete the file to make a new one"
        )
    return key.encode()


def pseudonym(key: bytes, athlete_id: int) -> str:
    """A stable, unguessable name for an athlete: the same on every visit, never the name.

    >>> pseudonym(b"k" * 32, 1) == pseudonym(b"k" * 32, 1)
    True
    """
    digest = hmac.new(key, f"pseudonym:{athlete_id}".encode(), hashlib.sha256).digest()
    return "P-" + base64.b32encode(digest)[:6].decode()
