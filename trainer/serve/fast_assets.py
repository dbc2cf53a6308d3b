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
from collections import Counter
from collections.abc import Sequence

from trainer.access.viewer import PAGES
from trainer.serve.assets import FrontEndFiles, accepts_gzip
from trainer.serve.marimo_once import takes

log = logging.getLogger(__name__)
UVICORN_CHECKED = "0.54-0.55"  # the uvicorn these internals were read against (pyproject.toml bounds it)
# the protocol's methods this one calls or overrides, with the parameters it gives them
_NEEDED = {
    "on_headers_complete": ("self",),
    "on_response_complete": ("self",),
    "_unset_keepalive_if_required": ("self",),
    "connection_made": ("self", "transport"),
    "data_received": ("self", "data"),
    "on_message_complete": ("self",),
    "connection_lost": ("self", "exc"),
    "handle_websocket_upgrade": ("self",),
}
_STATUS = b"HTTP/1.1 200 OK\r\n"
MAX_HEADER_BYTES = 64 * 1024  # nginx's default is 4 x 8 KB; a browser's requests here are under 4 KB
HEADER_TIMEOUT_S = 10.0
BODY_TIMEOUT_S = 10.0  # a request body (a sign-in, a check-in: a few KB) must arrive within this
MAX_INCOMPLETE_PER_ADDRESS = 64  # requests still arriving from one address at once (a slow-body flood)


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


def _has_body(headers) -> bool:
    """A request announcing a body (or any transfer coding): only a plain GET/HEAD is answered here."""
    return any(
        name == b"transfer-encoding" or (name == b"content-length" and value.strip() != b"0") for name, value in headers
    )


def asset_prefixes(base_url: str) -> tuple[bytes, ...]:
    base = "/" + base_url.strip("/") if base_url.strip("/") else ""
    return tuple(f"{base}/{page}/assets/".encode() for page in sorted(PAGES))


def protocol_for(files: FrontEndFiles, base_url: str = "", extra_headers: Sequence[tuple[bytes, bytes]] = ()):
    """uvicorn's httptools protocol answering marimo's files itself, or None if this uvicorn does not fit."""
    try:
        import httptools
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        for name, parameters in _NEEDED.items():
            takes(getattr(HttpToolsProtocol, name), *parameters)
    except (ImportError, AttributeError, TypeError, ValueError) as error:
        log.warning("marimo's files are served through the gate (this uvicorn does not fit: %s)", error)
        return None
    prefixes = asset_prefixes(base_url)
    extra = b"".join(name + b": " + value + b"\r\n" for name, value in extra_headers)

    arriving: Counter[str] = Counter()  # per client address: requests whose headers or body are still coming

    class FrontEndFilesProtocol(HttpToolsProtocol):
        """Also holds the connection to limits uvicorn's httptools protocol lacks: request headers of
        at most MAX_HEADER_BYTES, arriving within HEADER_TIMEOUT_S (a slow or endless header), a
        body within BODY_TIMEOUT_S, and at most MAX_INCOMPLETE_PER_ADDRESS requests still arriving
        from one address (a flood of slow requests holds no more than that)."""

        _header_bytes = 0
        _header_tail = b""
        _header_timer = None
        _counted: str | None = None  # the address this connection's arriving request is counted under

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._expect_headers()

        def data_received(self, data: bytes) -> None:
            if data and self._counted is None and self._header_bytes == 0 and not self._arriving():
                return self._close(b"429 Too Many Requests")
            if self._header_bytes >= 0:  # count the headers only: a body in the same read is not a header
                seen = self._header_tail + data
                end = seen.find(b"\r\n\r\n")
                self._header_bytes += len(data) if end < 0 else max(0, end + 4 - len(self._header_tail))
                self._header_tail = seen[-3:]
                if self._header_bytes > MAX_HEADER_BYTES:
                    return self._close(b"431 Request Header Fields Too Large")
            super().data_received(data)

        def on_message_complete(self) -> None:
            self._arrived()
            super().on_message_complete()
            if not self.parser.should_upgrade():  # a websocket's frames are not the next request's headers
                self._expect_headers()

        def on_headers_complete(self) -> None:
            self._header_bytes = -1  # the body (if any) is not counted
            self._stop_header_timer()
            if _has_body(self.headers) and not self.parser.should_upgrade():
                self._header_timer = self.loop.call_later(BODY_TIMEOUT_S, self._body_too_slow)
            if not self._answer_front_end_file():
                super().on_headers_complete()

        def connection_lost(self, exc) -> None:
            self._stop_header_timer()
            self._arrived()
            super().connection_lost(exc)

        def _arriving(self) -> bool:
            """Count this connection's request as arriving; False when its address has too many."""
            address = self.client[0] if self.client else "unknown"
            if arriving[address] >= MAX_INCOMPLETE_PER_ADDRESS:
                return False
            arriving[address] += 1
            self._counted = address
            return True

        def _arrived(self) -> None:
            if self._counted is not None:
                arriving[self._counted] -= 1
                if arriving[self._counted] <= 0:
                    del arriving[self._counted]
                self._counted = None

        def _body_too_slow(self) -> None:
            self._header_timer = None
            if self.transport.get_protocol() is not self or self.transport.is_closing():
                return
            if self.cycle is not None and getattr(self.cycle, "response_started", False):
                self.transport.close()  # the answer began: no status line can follow it
            else:
                self._close(b"408 Request Timeout")

        def handle_websocket_upgrade(self) -> None:
            """The connection becomes a websocket that lives for hours: no header limits from here on
            (a timer left running closed every published page's websocket 10 s after it opened)."""
            self._stop_header_timer()
            self._arrived()
            self._header_bytes = -1
            super().handle_websocket_upgrade()

        def _stop_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _expect_headers(self) -> None:
            self._header_bytes, self._header_tail = 0, b""
            self._stop_header_timer()
            self._header_timer = self.loop.call_later(HEADER_TIMEOUT_S, self._headers_too_slow)

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if self.transport.get_protocol() is not self:  # handed over (a websocket): not ours to close
                return
            if (
                self._header_bytes > 0
            ):  # part of a request came, the rest did not (an idle connection is uvicorn's keep-alive)
                self._close(b"408 Request Timeout")
            elif self.cycle is None:  # connected and said nothing
                self.transport.close()

        def _close(self, status: bytes) -> None:
            if not self.transport.is_closing():
                self.transport.write(b"HTTP/1.1 " + status + b"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                self.transport.close()

        def _answer_front_end_file(self) -> bool:
            if self.pipeline or (self.cycle is not None and not self.cycle.response_complete):
                return False
            method = self.parser.get_method()
            if method not in (b"GET", b"HEAD") or self.parser.should_upgrade() or _has_body(self.headers):
                return False
            path = httptools.parse_url(self.url).path
            prefix = next((p for p in prefixes if path.startswith(p)), None)
            if prefix is None or b"%" in path:
                return False
            asset = files.find(path[len(prefix) :].decode("ascii", "replace"))
            if asset is None:
                return False
            gzipped = accepts_gzip(self.headers)
            head = [
                _STATUS,
                *(name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers),
                *(name + b": " + value + b"\r\n" for name, value in asset.headers(gzipped)),
                extra,
                b"\r\n",
            ]
            keep_alive = self.parser.get_http_version() != "1.0" and self.parser.should_keep_alive()
            if not keep_alive:
                head.insert(-1, b"connection: close\r\n")
            self.transport.writelines(
                [b"".join(head)] if method == b"HEAD" else [b"".join(head), asset.payload(gzipped)]
            )
            self.cycle = ANSWERED  # type: ignore[assignment]  # uvicorn reads only these fields
            if keep_alive:
                self.on_response_complete()
            else:
                self.transport.close()
            return True

    return FrontEndFilesProtocol
