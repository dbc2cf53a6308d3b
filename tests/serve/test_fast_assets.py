"""marimo's front-end files answered by the HTTP protocol itself (serve/fast_assets.py), on a real
uvicorn: the same bytes and headers the gate gives, on one connection after another request, and
everything else (other paths, methods, pipelined or escaped requests) left to the app."""

from __future__ import annotations

import gzip
import socket
import threading
import time

import pytest

JS = "const x = 1;\n" * 500


@pytest.fixture
def server(tmp_path):
    """uvicorn with the fast protocol in front of an app that records what reached it."""
    import uvicorn

    from tests.postgres import free_port
    from trainer.serve.assets import FrontEndFiles
    from trainer.serve.fast_assets import protocol_for
    from trainer.serve.gate import headers_for_static

    (tmp_path / "cells-AbC123.js").write_text(JS)
    reached: list[str] = []

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        more = scope["method"] == "POST"  # a form is read whole before it is answered, as /login does
        while more:
            more = (await receive()).get("more_body", False)
        reached.append(f"{scope['method']} {scope['path']}")
        body = f"app: {scope['path']}".encode()
        await send(
            {"type": "http.response.start", "status": 404, "headers": [(b"content-length", str(len(body)).encode())]}
        )
        await send({"type": "http.response.body", "body": body})

    protocol = protocol_for(FrontEndFiles(tmp_path), "/trainer", headers_for_static())
    assert protocol is not None, "uvicorn's httptools protocol changed: trainer/serve/fast_assets.py no longer fits"
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, http=protocol, log_level="warning", access_log=False, lifespan="off"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    yield port, reached
    running.should_exit = True
    thread.join(10)


def exchange(
    port: int, raw: bytes, responses: int = 1, heads: tuple[int, ...] = ()
) -> list[tuple[bytes, dict[bytes, bytes], bytes]]:
    """Send raw request bytes on one connection; read ``responses`` responses (status line, headers,
    body); the answers numbered in ``heads`` are to HEAD requests (no body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(raw)
        buffer, answers = b"", []
        while len(answers) < responses:
            while b"\r\n\r\n" not in buffer:
                chunk = connection.recv(65536)
                assert chunk, f"connection closed after {len(answers)} answers"
                buffer += chunk
            head, _, buffer = buffer.partition(b"\r\n\r\n")
            status, *lines = head.split(b"\r\n")
            headers = {k.lower(): v for k, v in (line.split(b": ", 1) for line in lines)}
            size = int(headers.get(b"content-length", b"0"))
            size = 0 if len(answers) in heads else size
            while len(buffer) < size:
                buffer += connection.recv(65536)
            body, buffer = buffer[:size], buffer[size:]
            answers.append((status, headers, body))
    return answers


def get(path: str, *headers: str, method: str = "GET", version: str = "1.1") -> bytes:
    return "\r\n".join([f"{method} {path} HTTP/{version}", "host: x", *headers, "", ""]).encode()


def test_a_front_end_file_is_answered_with_the_gates_headers(server):
    port, reached = server
    [(status, headers, body)] = exchange(
        port, get("/trainer/athlete/assets/cells-AbC123.js", "accept-encoding: gzip, br")
    )
    assert status == b"HTTP/1.1 200 OK" and gzip.decompress(body).decode() == JS
    assert headers[b"content-encoding"] == b"gzip" and int(headers[b"content-length"]) == len(body)
    assert (
        headers[b"cache-control"] == b"public, max-age=31536000, immutable" and headers[b"vary"] == b"accept-encoding"
    )
    assert headers[b"x-content-type-options"] == b"nosniff" and headers[b"x-frame-options"] == b"DENY"
    assert headers[b"content-security-policy"] == b"frame-ancestors 'none'" and b"date" in headers
    [(_, plain, body)] = exchange(port, get("/trainer/squad/assets/cells-AbC123.js"))
    assert body.decode() == JS and b"content-encoding" not in plain
    assert reached == []  # neither reached the app


def test_one_connection_serves_files_and_app_requests_in_order(server):
    port, reached = server
    requests = [
        get("/trainer/athlete/assets/cells-AbC123.js"),
        get("/trainer/athlete/"),
        get("/trainer/research/assets/cells-AbC123.js"),
        get("/trainer/athlete/assets/cells-AbC123.js", method="HEAD"),
    ]
    answers = exchange(port, b"".join(requests), responses=4, heads=(3,))  # pipelined: answered in the order asked
    assert [a[0].split()[1] for a in answers] == [b"200", b"404", b"404", b"404"]
    assert answers[0][2].decode() == JS and answers[1][2] == b"app: /trainer/athlete/"
    # requests queued behind one the app is answering wait for it and take the app's path
    assert reached == [
        "GET /trainer/athlete/",
        "GET /trainer/research/assets/cells-AbC123.js",
        "HEAD /trainer/athlete/assets/cells-AbC123.js",
    ]
    head = exchange(port, get("/trainer/athlete/assets/cells-AbC123.js", method="HEAD"), heads=(0,))
    assert head[0][0] == b"HTTP/1.1 200 OK" and int(head[0][1][b"content-length"]) == len(JS) and len(reached) == 3
    # and one request after another on a kept-alive connection
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        for _ in range(3):
            connection.sendall(get("/trainer/athlete/assets/cells-AbC123.js"))
            received = b""
            while len(received) < len(JS) or b"\r\n\r\n" not in received:
                received += connection.recv(65536)
            assert received.startswith(b"HTTP/1.1 200 OK") and received.endswith(JS.encode())


@pytest.mark.parametrize(
    "request_line",
    [
        "/trainer/athlete/assets/missing.js",  # not one of marimo's files
        "/trainer/athlete/assets/../assets/cells-AbC123.js",
        "/trainer/athlete/assets/cells%2DAbC123.js",  # escaped: left to the app
        "/athlete/assets/cells-AbC123.js",  # outside the base URL
        "/trainer/nobody/assets/cells-AbC123.js",  # not a page
    ],
)
def test_anything_else_goes_to_the_app(server, request_line):
    port, reached = server
    [(status, _, body)] = exchange(port, get(request_line))
    assert status.split()[1] == b"404" and body.startswith(b"app: ") and len(reached) == 1


def test_other_methods_and_http_1_0(server):
    port, reached = server
    [(status, _, _)] = exchange(
        port, b"POST /trainer/athlete/assets/cells-AbC123.js HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n"
    )
    assert status.split()[1] == b"404" and reached == ["POST /trainer/athlete/assets/cells-AbC123.js"]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(get("/trainer/athlete/assets/cells-AbC123.js", version="1.0"))
        received = b""
        while chunk := connection.recv(65536):  # HTTP/1.0 without keep-alive: the server closes when done
            received += chunk
    assert (
        received.startswith(b"HTTP/1.1 200 OK") and b"connection: close" in received and received.endswith(JS.encode())
    )


def test_names_that_are_not_files_are_not_remembered(tmp_path):
    from trainer.serve.assets import FrontEndFiles

    (tmp_path / "a-1.js").write_text("x")
    files = FrontEndFiles(tmp_path)
    assert all(files.find(f"missing-{n}.js") is None for n in range(1000))
    assert (
        files.find("a-1.js") is not None and len(files._cache) == 1
    )  # anyone can ask for any name: misses cost no memory


def test_dot_segments_never_reach_the_cache(tmp_path):
    """``aN/../cells.js`` with a new ``aN`` each time once read, gzipped and kept the file again."""
    from trainer.serve.assets import FrontEndFiles

    (tmp_path / "cells-AbC123.js").write_text(JS)
    files = FrontEndFiles(tmp_path)
    assert all(files.find(f"a{n}/../cells-AbC123.js") is None for n in range(500))
    assert files.find("./cells-AbC123.js") is None and files.find("..") is None and not files._cache
    assert files.find("cells-AbC123.js") is not None and len(files._cache) == 1


def test_a_request_with_a_body_or_a_transfer_coding_is_not_answered_twice(server):
    port, reached = server
    raw = (
        b"GET /trainer/athlete/assets/cells-AbC123.js HTTP/1.1\r\nhost: x\r\ntransfer-encoding: xchunked\r\n\r\n"
        b"GET /trainer/athlete/assets/cells-AbC123.js HTTP/1.1\r\nhost: x\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(raw)
        time.sleep(1)
        connection.settimeout(1)
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except TimeoutError:
            pass
    assert received.count(b"HTTP/1.1 ") == 1 and received.startswith(b"HTTP/1.1 4")


def test_a_huge_header_is_refused_and_the_connection_closed(server):
    from trainer.serve.fast_assets import MAX_HEADER_BYTES

    port, reached = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"GET /trainer/athlete/ HTTP/1.1\r\nhost: x\r\nx-big: ")
        sent, answer = 0, b""
        try:
            while sent < 4 * MAX_HEADER_BYTES:
                connection.sendall(b"a" * 8192)
                sent += 8192
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    assert sent < 4 * MAX_HEADER_BYTES or answer.startswith(b"HTTP/1.1 431")
    assert reached == []


def test_a_slow_header_is_cut_off(server, monkeypatch):
    import trainer.serve.fast_assets as fast_assets

    port, reached = server
    monkeypatch.setattr(fast_assets, "HEADER_TIMEOUT_S", 0.5)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"GET /trainer/athlete/ HTTP/1.1\r\nhost: x\r\n")  # and then nothing
        started = time.monotonic()
        answer = connection.recv(65536)
        assert connection.recv(65536) == b""  # closed
    assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5 and reached == []


def test_a_large_body_that_comes_with_its_headers_is_not_a_header(server):
    """A POST whose 100 KiB body arrives in the same read as its headers reaches the app (it was
    answered 431: the body was counted as header bytes)."""
    port, reached = server
    body = b"x" * (100 * 1024)
    head = b"POST /trainer/athlete/form HTTP/1.1\r\nhost: x\r\ncontent-length: %d\r\n\r\n" % len(body)
    [(status, _, _)] = exchange(port, head + body)
    assert status.startswith(b"HTTP/1.1 404") and reached == ["POST /trainer/athlete/form"]


def test_a_slow_body_is_cut_off(server, monkeypatch):
    """A body sent a byte every few seconds (to /login, say, with no sign-in) was held open without limit."""
    import trainer.serve.fast_assets as fast_assets

    port, reached = server
    monkeypatch.setattr(fast_assets, "BODY_TIMEOUT_S", 0.5)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"POST /trainer/login HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\ns")
        started = time.monotonic()
        answer = connection.recv(65536)
        assert connection.recv(65536) == b""  # closed
    assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5


def test_slow_requests_from_one_address_are_capped(server, monkeypatch):
    import trainer.serve.fast_assets as fast_assets

    port, reached = server
    monkeypatch.setattr(fast_assets, "MAX_INCOMPLETE_PER_ADDRESS", 5)
    held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(8)]
    try:
        for connection in held:
            connection.sendall(b"POST /trainer/login HTTP/1.1\r\nhost: x\r\ncontent-len")  # and no more
            time.sleep(0.05)
        answers = []
        for connection in held[5:]:
            answers.append(connection.recv(65536))
        assert all(answer.startswith(b"HTTP/1.1 429") for answer in answers)
        for connection in held[:5]:  # the first five are still waiting for the rest of their headers
            connection.setblocking(False)
            with pytest.raises(BlockingIOError):
                connection.recv(1)
    finally:
        for connection in held:
            connection.close()
    time.sleep(0.2)
    [(status, _, _)] = exchange(port, b"GET /trainer/athlete/ HTTP/1.1\r\nhost: x\r\n\r\n")  # the count went down
    assert status.startswith(b"HTTP/1.1 404") and reached == ["GET /trainer/athlete/"]
