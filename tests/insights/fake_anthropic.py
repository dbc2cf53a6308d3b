"""A fake Messages API: a real HTTP server on 127.0.0.1 that records requests and plays scripted
responses, so the real ``anthropic`` SDK can be pointed at it (``base_url``) with no internet."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def message(
    text: str,
    stop_reason: str = "end_turn",
    input_tokens: int = 1800,
    output_tokens: int = 420,
    cache_read: int = 0,
    cache_write: int = 1500,
) -> dict:
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": "claude-haiku-5-5",
        "content": [{"type": "text", "text": text}] if text else [],
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "cache_read_input_tokens": cache_read,
            "cache_creation_input_tokens": cache_write,
        },
    }


def error(status: int, kind: str, text: str) -> tuple[int, dict]:
    return status, {"type": "error", "error": {"type": kind, "message": text}}


@dataclass
class Reply:
    status: int = 200
    body: dict | None = None
    delay_s: float = 0.0


@dataclass
class FakeAnthropic:
    """Scripted replies for POST /v1/messages (in order), and one batch whose status is scripted too."""

    replies: deque = field(default_factory=deque)
    requests: list = field(default_factory=list)
    batch_statuses: deque = field(default_factory=deque)  # processing_status per retrieve, e.g. in_progress, ended
    batch_results: list = field(default_factory=list)  # JSONL items
    url: str = ""

    def reply(self, status: int = 200, body: dict | None = None, delay_s: float = 0.0) -> None:
        self.replies.append(Reply(status, body, delay_s))

    def message_requests(self) -> list[dict]:
        return [r["body"] for r in self.requests if r["path"] == "/v1/messages"]

    def batch(self, status: str) -> dict:
        ended = status == "ended"
        counts = {
            "processing": 0 if ended else 2,
            "succeeded": sum(1 for i in self.batch_results if i["result"]["type"] == "succeeded") if ended else 0,
            "errored": sum(1 for i in self.batch_results if i["result"]["type"] == "errored") if ended else 0,
            "canceled": 0,
            "expired": 0,
        }
        return {
            "id": "msgbatch_fake1",
            "type": "message_batch",
            "processing_status": status,
            "request_counts": counts,
            "created_at": "2026-11-24T08:00:00Z",
            "expires_at": "2026-11-25T08:00:00Z",
            "ended_at": "2026-11-24T09:00:00Z" if ended else None,
            "archived_at": None,
            "cancel_initiated_at": None,
            "results_url": f"{self.url}/v1/messages/batches/msgbatch_fake1/results" if ended else None,
        }


def serve(fake: FakeAnthropic) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _send(self, status: int, body: dict | str, content_type: str = "application/json") -> None:
            data = body if isinstance(body, str) else json.dumps(body)
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(data.encode())))
            self.end_headers()
            self.wfile.write(data.encode())

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            if self.path == "/v1/messages/batches":
                return self._send(200, fake.batch("in_progress"))
            reply = (
                fake.replies.popleft() if fake.replies else Reply(500, error(500, "api_error", "no reply scripted")[1])
            )
            if reply.delay_s:
                time.sleep(reply.delay_s)
            try:
                self._send(reply.status, reply.body or {})
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self) -> None:
            fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": None})
            if self.path.endswith("/results"):
                return self._send(
                    200, "\n".join(json.dumps(i) for i in fake.batch_results) + "\n", "application/binary"
                )
            status = fake.batch_statuses.popleft() if fake.batch_statuses else "ended"
            self._send(200, fake.batch(status))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
