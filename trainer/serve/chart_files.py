"""Chart data files (marimo's ``@file/<length>-<name>``) readable only by the grant that made them.

marimo keeps a chart's rows in a virtual file and tells the page its address, in the websocket's
messages or the page itself. marimo's own route serves any such name to anyone signed in (and,
before the first kernel has run, any file of that name in shared memory); the name carries about
48 bits from a non-cryptographic generator. So the gate notes each address as it goes out to a
viewer and serves it only to the same grant (or, with open access, to anyone on the open site):
an address someone else saw, or one nobody was sent, answers 404.
"""

from __future__ import annotations

import re
from collections import OrderedDict

# marimo's addresses: "./@file/962-5531-13qJkGG5.arrow" (byte length, then the name)
ADDRESS = re.compile(rb"@file/([0-9]{1,12}-[A-Za-z0-9_.\-]{1,200})")
EMPTY = "empty.txt"  # marimo's shared empty file: free of data
NO_STORE = (b"cache-control", b"no-store, private")


class ChartFiles:
    """Which grant each chart file address was sent to, the most recent ``limit`` addresses."""

    def __init__(self, limit: int = 100_000):
        self.limit = limit
        self.owner: OrderedDict[str, object] = OrderedDict()

    def note(self, body: bytes | str | None, owner: object) -> None:
        """Remember the addresses in a message sent to ``owner``."""
        if not body:
            return
        data = body.encode() if isinstance(body, str) else body
        if b"@file/" not in data:
            return
        for match in ADDRESS.finditer(data):
            name = match.group(1).decode()
            self.owner[name] = owner
            self.owner.move_to_end(name)
        while len(self.owner) > self.limit:
            self.owner.popitem(last=False)

    def may_read(self, name: str, owner: object) -> bool:
        return name == EMPTY or (name in self.owner and self.owner[name] == owner)

    def watching(self, send, owner: object):
        """``send`` noting the addresses it carries to ``owner`` (websocket messages and page bodies)."""

        async def sending(message):
            kind = message["type"]
            if kind == "websocket.send":
                self.note(message.get("bytes") or message.get("text"), owner)
            elif kind == "http.response.body":
                self.note(message.get("body"), owner)
            await send(message)

        return sending


def never_stored(send):
    """A chart file response that no browser or proxy keeps (marimo says max-age=86400)."""

    async def sending(message):
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
            message = {**message, "headers": [*headers, NO_STORE]}
        await send(message)

    return sending
