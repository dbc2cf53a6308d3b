"""One athlete's requests to intervals.icu: a fresh httpx client per use (opened for a sync or a
write, closed after it, so no connection outlives a key), its answers turned into the seam's four
failures (``ingest.source``), and at most ten requests a second from this process.

The key goes in the basic-auth header (user ``API_KEY``), never in a URL, a log line or an error.
"""

from __future__ import annotations

import json
import threading
import time
from types import TracebackType

import httpx

from trainer.ingest.source import LoginExpired, RateLimited, Transient, Unreadable

SPACING_SECONDS = 0.1  # intervals.icu allows about 10 requests a second from one address
TIMEOUT_SECONDS = 30.0
_pace = threading.Lock()
_last_sent = [0.0]


def _wait_turn() -> None:
    with _pace:
        wait = _last_sent[0] + SPACING_SECONDS - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        _last_sent[0] = time.monotonic()


class IntervalsClient:
    """``with IntervalsClient(url, key) as client: client.get("/athlete/0/wellness", oldest=...)``.
    The athlete id 0 means "whoever the key belongs to"."""

    def __init__(self, base_url: str, api_key: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.http = httpx.Client(
            base_url=f"{base_url.rstrip('/')}/api/v1",
            auth=("API_KEY", api_key),
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": "trainer (self-hosted)"},
        )

    def __enter__(self) -> IntervalsClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None):
        self.http.close()

    def get(self, path: str, **params: object) -> object:
        """The JSON answer; None for 404 (nothing there)."""
        answer = self._send("GET", path, params=params)
        if answer is None:
            return None
        try:
            return answer.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            text = answer.text
            what = "a web page instead of data" if text.lstrip()[:1] == "<" else "an answer cut short or damaged"
            raise Unreadable(text, f"intervals.icu's answer was not readable JSON ({what})") from None

    def get_bytes(self, path: str) -> bytes | None:
        answer = self._send("GET", path)
        return None if answer is None else answer.content

    def put(self, path: str, body: object) -> object:
        answer = self._send("PUT", path, json=body)
        return None if answer is None else answer.json()

    def post(self, path: str, body: object, **params: object) -> object:
        answer = self._send("POST", path, json=body, params=params)
        return None if answer is None else answer.json()

    def _send(self, method: str, path: str, **kwargs) -> httpx.Response | None:
        _wait_turn()
        try:
            answer = self.http.request(method, path, **kwargs)
        except httpx.TimeoutException:
            raise Transient("no answer in time") from None
        except httpx.TransportError as error:
            raise Transient(f"could not connect: {type(error).__name__}") from None
        if answer.status_code == 429:
            raise RateLimited()
        if answer.status_code in (401, 403):
            raise LoginExpired()
        if answer.status_code == 404:
            return None
        if answer.status_code >= 500:
            raise Transient(f"HTTP {answer.status_code}")
        if answer.status_code >= 400:
            raise Unreadable(answer.text[:2000], f"intervals.icu refused the request (HTTP {answer.status_code})")
        return answer
