"""Reading a file an importer was given: only a regular file, and only up to a bound.

A pipe or a device (``/dev/urandom``, ``/dev/zero``, a FIFO) would hang an import or read until
memory ran out; a file far larger than any export of its kind is refused before it is read whole.
Both are ``OSError``s, so every importer already says them in one line naming the file.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

MiB = 1024 * 1024
LIMITS = {"json": 64 * MiB, "csv": 256 * MiB, "fit": 64 * MiB}  # far above any real body, export or activity


class FileRefused(OSError):
    """Not a regular file, or larger than its kind's bound."""

    def __init__(self, reason: str) -> None:
        super().__init__(errno.EINVAL, reason)

    def __str__(self) -> str:
        return self.strerror or "refused"


def require_regular(path: Path) -> int:
    """The file's size; ``FileRefused`` for a pipe, a device or anything else that is not a regular file."""
    info = path.stat()  # stat never blocks, even on a FIFO (opening one would)
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused("not a regular file (a pipe, a device or a folder): refused")
    return info.st_size


def read_bounded(path: Path, kind: str) -> bytes:
    """The file's bytes, refusing a non-regular file and one over ``LIMITS[kind]`` (read no further)."""
    limit = LIMITS[kind]
    if require_regular(path) > limit:
        raise FileRefused(f"larger than {limit // MiB} MB, more than any {kind} file trainer reads: refused")
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise FileRefused(f"larger than {limit // MiB} MB, more than any {kind} file trainer reads: refused")
    return data
