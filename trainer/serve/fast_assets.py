"""marimo's front-end files answered by the HTTP protocol itself, before any ASGI work.

A first visit fetches about 320 of them. Through ASGI each costs uvicorn a request cycle, an
asyncio task and the middleware stack: 0.2-0.3 ms of the server's one Python core per file, a
third of what a first visit costs the server in all. They are the same bytes for everyone and
free of data, so the published server's HTTP protocol (uvicorn's httptools protocol with one
method added) writes a remembered response for them as soon as their headers are parsed, with
the same headers the gate would add. Anything else, and anything unusual (a pipelined request, a
method other than GET/HEAD, an escaped path, a name that is not one of marimo's files), goes
through uvicorn and the gate as before.

Built on uvicorn internals (checked against uvicorn 0.54): :func:`protocol_for` returns None
when they no longer look as expected, and the server then serves these files through the gate.
"""

from __future__ import annotations

import logging

from trainer.serve.assets import FrontEndFiles, accepts_gzip
from trainer.serve.viewer import PAGES

log = logging.getLogger(__name__)
_NEEDED = ("on_headers_complete", "on_response_complete", "_unset_keepalive_if_required")
_STATUS = b"HTTP/1.1 200 OK\r\n"


class _NoEvent:
    def set(self) -> None:
        pass


class _Answered:
    """Stands in for uvicorn's request cycle once the protocol has answered a request itself
    (uvicorn reads these when the next bytes arrive or the connection ends)."""

    response_complete = True
    keep_alive = True
    disconnected = False
    more_body = False
    message_event = _NoEvent()


ANSWERED = _Answered()


def asset_prefixes(base_url: str) -> tuple[bytes, ...]:
    base = "/" + base_url.strip("/") if base_url.strip("/") else ""
    return tuple(f"{base}/{page}/assets/".encode() for page in sorted(PAGES))


def protocol_for(files: FrontEndFiles, base_url: str = "", extra_headers: list[tuple[bytes, bytes]] = ()):
    """uvicorn's httptools protocol answering marimo's files itself, or None if this uvicorn does not fit."""
    try:
        import httptools
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
        if not all(callable(getattr(HttpToolsProtocol, name, None)) for name in _NEEDED):
            raise AttributeError("uvicorn's httptools protocol changed")
    except (ImportError, AttributeError) as error:
        log.warning("marimo's files are served through the gate (this uvicorn does not fit: %s)", error)
        return None
    prefixes = asset_prefixes(base_url)
    extra = b"".join(name + b": " + value + b"\r\n" for name, value in extra_headers)

    class FrontEndFilesProtocol(HttpToolsProtocol):
        def on_headers_complete(self) -> None:
            if not self._answer_front_end_file():
                super().on_headers_complete()

        def _answer_front_end_file(self) -> bool:
            if self.pipeline or (self.cycle is not None and not self.cycle.response_complete):
                return False
            method = self.parser.get_method()
            if method not in (b"GET", b"HEAD") or self.parser.should_upgrade():
                return False
            path = httptools.parse_url(self.url).path
            prefix = next((p for p in prefixes if path.startswith(p)), None)
            if prefix is None or b"%" in path:
                return False
            asset = files.find(path[len(prefix):].decode("ascii", "replace"))
            if asset is None:
                return False
            gzipped = accepts_gzip(self.headers)
            head = [_STATUS, *(name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers),
                    *(name + b": " + value + b"\r\n" for name, value in asset.headers(gzipped)), extra, b"\r\n"]
            keep_alive = self.parser.get_http_version() != "1.0" and self.parser.should_keep_alive()
            if not keep_alive:
                head.insert(-1, b"connection: close\r\n")
            self.transport.writelines([b"".join(head)] if method == b"HEAD" else [b"".join(head), asset.payload(gzipped)])
            self.cycle = ANSWERED
            if keep_alive:
                self.on_response_complete()
            else:
                self.transport.close()
            return True

    return FrontEndFilesProtocol
