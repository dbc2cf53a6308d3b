"""What one of marimo's front-end files costs the published server: the HTTP protocol answering it
itself (``serve/fast_assets.py``) against the same request through uvicorn and trainer's gate, and
against the plainest ASGI app that answers with bytes it holds (uvicorn's floor for any request).

Each runs in this process under a real uvicorn (httptools, uvloop) on loopback; curl, in another
process, fetches 300 of marimo's files three times over six kept-alive connections at once, as a
browser does. Prints the median server-thread CPU per request over 7 rounds (from /proc: 10 ms
ticks over 900 requests) and the ratios. A first visit fetches about 320 of these files.

    .venv/bin/python benchmarks/bench_front_end_files.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.postgres import free_port  # noqa: E402

ROUNDS = 7


def thread_cpu_seconds(thread_id: int) -> float:
    fields = Path(f"/proc/{os.getpid()}/task/{thread_id}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def published_app(folder: Path):
    """trainer's published app (gate, marimo mounted) on an empty database, as ``serve`` builds it."""
    from trainer.access.keys import site_key
    from trainer.serve import marimo_once
    from trainer.serve.app import build_app
    from trainer.serve.seen import SeenLog
    from trainer.serve.site import Site
    from trainer.store.database import open_database

    url = f"sqlite:///{folder / 'trainer.db'}"
    open_database(url)
    os.environ |= {
        "TRAINER_DATABASE_URL": url,
        "TRAINER_READ_ONLY": "1",
        "TRAINER_PUBLISHED": "grants",
        "TRAINER_CONFIG_HOME": str(folder / "config"),
        "TRAINER_DATA_DIR": str(folder / "data"),
    }
    marimo_once.install()
    return build_app(
        Site(db=open_database(url, read_only=True), key=site_key(folder / "key"), seen=SeenLog(folder / "seen.sqlite"))
    )


def plain_app(size: int = 6000):
    body = b"x" * size

    async def app(scope, receive, send):
        if scope["type"] == "http":
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"text/javascript"), (b"content-length", str(size).encode())],
                }
            )
            await send({"type": "http.response.body", "body": body})

    return app


def cpu_per_request_ms(app, http, names: list[str]) -> float:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            http=http,
            loop="uvloop",
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    urls = [f"http://127.0.0.1:{port}/athlete/assets/{name}" for name in names] * 3
    fetch = [
        "curl",
        "-s",
        "--parallel",
        "--parallel-max",
        "6",
        "-H",
        "accept-encoding: gzip, deflate, br",
        "-H",
        "user-agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/120",
        "-H",
        "accept-language: en",
        "-H",
        "sec-fetch-mode: cors",
        "-H",
        "referer: http://127.0.0.1/athlete/",
        *urls,
    ]
    subprocess.run(
        fetch, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )  # warm: files read and gzipped once
    rounds = []
    for _ in range(ROUNDS):
        before = thread_cpu_seconds(thread.native_id)
        subprocess.run(fetch, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rounds.append((thread_cpu_seconds(thread.native_id) - before) / len(urls) * 1000)
    server.should_exit = True
    thread.join(10)
    return statistics.median(rounds)


def main() -> None:
    from trainer.serve.assets import ASSETS, front_end_files
    from trainer.serve.fast_assets import protocol_for
    from trainer.serve.gate import headers_for_static

    names = sorted(p.name for p in ASSETS.iterdir() if p.suffix in (".js", ".css"))[:300]
    app = published_app(Path(tempfile.mkdtemp(prefix="trainer-bench-files-")))
    fast = protocol_for(front_end_files(), "", headers_for_static())
    rows = [
        ("through uvicorn and the gate (ASGI)", cpu_per_request_ms(app, "httptools", names)),
        ("answered by the HTTP protocol (fast_assets)", cpu_per_request_ms(app, fast, names)),
        ("plain ASGI app answering held bytes", cpu_per_request_ms(plain_app(), "httptools", names)),
    ]
    gate = rows[0][1]
    print(f"server CPU per front-end file request, median of {ROUNDS} rounds of {3 * len(names)} (6 connections):")
    for label, ms in rows:
        print(f"  {label:<46} {ms:6.3f} ms   x{ms / gate:.2f} of the gate's")
    print(
        f"a first visit's ~320 files: {gate * 320 / 1000:.3f} CPU-s through the gate, {rows[1][1] * 320 / 1000:.3f} "
        f"CPU-s answered by the protocol"
    )


if __name__ == "__main__":
    main()
