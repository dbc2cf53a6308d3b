"""marimo's front-end files, served from memory: compressed once, cached by browsers for a year.

A page load fetches about 300 of them (7 MB). Through marimo's own static route each one is read
from disk and written uncompressed with no cache header, so every visit, even a returning
athlete's, cost the server about half a CPU-second of copying. Their names carry a content hash
(``cells-BRkCaSsh.js``), so a browser may keep them for good ("immutable"), and a gzip copy made
once per process serves every later visitor.
"""

from __future__ import annotations

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


class FrontEndFiles:
    """Hashed front-end files from one folder, kept in memory once asked for."""

    def __init__(self, folder: Path = ASSETS):
        self.folder = folder.resolve()
        self._cache: dict[str, Asset | None] = {}

    def find(self, name: str) -> Asset | None:
        if name not in self._cache:
            self._cache[name] = self._load(name)
        return self._cache[name]

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
        accepts_gzip = b"gzip" in dict(scope.get("headers", [])).get(b"accept-encoding", b"")
        body = asset.gzipped if asset.gzipped is not None and accepts_gzip else asset.body
        headers = [(b"content-type", asset.content_type), (b"content-length", str(len(body)).encode()),
                   (b"cache-control", CACHE_FOR_GOOD), (b"vary", b"accept-encoding")]
        if body is asset.gzipped:
            headers.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
        return True
