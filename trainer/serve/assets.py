"""marimo's front-end files, served from memory: compressed once, cached by browsers for a year.

A page load fetches about 300 of them (7 MB). Through marimo's own static route each one is read
from disk and written uncompressed with no cache header, so every visit, even a returning
athlete's, cost the server about half a CPU-second of copying. Their names carry a content hash
(``cells-BRkCaSsh.js``), so a browser may keep them for good ("immutable"), and a gzip copy made
once per process serves every later visitor.

The published server's HTTP protocol answers them from here before any ASGI work
(``fast_assets``); the gate answers them through :meth:`FrontEndFiles.send` when that protocol
does not fit the installed uvicorn. Both share the one copy, :func:`front_end_files`.
"""

from __future__ import annotations

import functools
import gzip
import mimetypes
from dataclasses import dataclass
from pathlib import Path

import marimo

ASSETS = Path(marimo.__file__).parent / "_static" / "assets"
COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".map", ".txt", ".html", ".wasm", ".mjs")
CACHE_FOR_GOOD = b"public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    content_type: bytes

    def payload(self, gzipped: bool) -> bytes:
        return self.gzipped if gzipped and self.gzipped is not None else self.body

    def headers(self, gzipped: bool) -> list[tuple[bytes, bytes]]:
        body = self.payload(gzipped)
        headers = [
            (b"content-type", self.content_type),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", CACHE_FOR_GOOD),
            (b"vary", b"accept-encoding"),
        ]
        return headers + [(b"content-encoding", b"gzip")] if body is self.gzipped else headers


class FrontEndFiles:
    """Hashed front-end files from one folder, kept in memory once asked for."""

    def __init__(self, folder: Path = ASSETS):
        self.folder = folder.resolve()
        self._cache: dict[str, Asset] = {}

    def find(self, name: str) -> Asset | None:
        """The file, read once; a name that is not a file is not remembered (anyone may ask for any name)."""
        if not is_plain_name(name):  # "a1/../x.js" would read and keep x.js again under a new name
            return None
        found = self._cache.get(name)
        if found is None:
            found = self._load(name)
            if found is not None:
                self._cache[name] = found
        return found

    def _load(self, name: str) -> Asset | None:
        try:
            path = (self.folder / name).resolve()
            if not path.is_relative_to(self.folder) or not path.is_file():
                return None
            body = path.read_bytes()
        except (OSError, ValueError):  # a name no file can have ("\x00", too long)
            return None
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
        gzipped = gzip.compress(body, 6) if path.suffix in COMPRESSIBLE and len(body) > 1024 else None
        return Asset(body, gzipped, content_type.encode())

    async def send(self, scope, send, name: str) -> bool:
        """Answer with the file, or return False (not one of ours) so marimo answers instead."""
        asset = self.find(name) if scope["method"] in ("GET", "HEAD") else None
        if asset is None:
            return False
        gzipped = accepts_gzip(scope.get("headers", []))
        await send({"type": "http.response.start", "status": 200, "headers": asset.headers(gzipped)})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else asset.payload(gzipped)})
        return True


def is_plain_name(name: str) -> bool:
    """One file of the (flat) folder: no folders, no dot segments, no escapes."""
    return bool(name) and not ({"/", "\\", "%", "\x00"} & set(name)) and name not in (".", "..")


def accepts_gzip(headers) -> bool:
    return any(name == b"accept-encoding" and b"gzip" in value for name, value in headers)


@functools.cache
def front_end_files() -> FrontEndFiles:
    """The process's one copy of marimo's files (the gate and the HTTP protocol share it)."""
    return FrontEndFiles()
