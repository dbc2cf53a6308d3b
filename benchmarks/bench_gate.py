"""What trainer's gate costs a published request, against the same marimo app without it.

Both apps run in this process over httpx's ASGI transport (no network): the marimo notebooks
mounted with ``marimo.create_asgi_app()`` alone, and the same mount behind trainer's gate with a
signed-in coach. Prints the median time of a notebook page, a static asset (served without a
session lookup) and the front door, and what the gate's own lookups cost a request: the grant,
the session (the cookie's signature, then whether the server has ended it), and noting the chart
file addresses in a websocket message.

    .venv/bin/python benchmarks/bench_gate.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.timing import median_ms  # noqa: E402
from trainer.access.grants import hash_secret, issue_grant, viewer_for_grant  # noqa: E402
from trainer.demo.writer import write_demo  # noqa: E402
from trainer.serve.chart_files import ChartFiles  # noqa: E402
from trainer.store.database import open_database  # noqa: E402


async def median_request_ms(client: httpx.AsyncClient, path: str, repeat: int = 40) -> float:
    await client.get(path)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = await client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times)


async def main() -> None:
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'trainer.db'}"
    db = open_database(url)
    write_demo(db, date(2026, 11, 24), days=120)
    _, secret = issue_grant(db, "coach", "Carla", all_athletes=True)
    os.environ |= {
        "TRAINER_DATABASE_URL": url,
        "TRAINER_READ_ONLY": "1",
        "TRAINER_PUBLISHED": "grants",
        "TRAINER_CONFIG_HOME": str(folder / "config"),
        "TRAINER_DATA_DIR": str(folder / "data"),
    }
    import marimo

    from trainer.access.keys import site_key
    from trainer.serve.app import NOTEBOOK_OF, NOTEBOOKS, build_app
    from trainer.serve.seen import SeenLog
    from trainer.serve.site import Site

    plain = marimo.create_asgi_app(quiet=True)
    for page, notebook in NOTEBOOK_OF.items():
        plain = plain.with_app(path=f"/{page}", root=str(NOTEBOOKS / notebook))
    read_only = open_database(url, read_only=True)
    site = Site(db=read_only, key=site_key(folder / "key"), seen=SeenLog(folder / "seen.sqlite"))
    gated = build_app(site)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=plain.build()), base_url="http://bench") as bare,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=gated), base_url="http://bench") as front,
    ):
        assert (await front.post("/login", data={"secret": secret})).status_code == 200
        page = (await bare.get("/squad/")).text
        asset = next(part.split('"')[0] for part in page.split('src="')[1:] if "assets/" in part).lstrip("./")
        rows = [
            (
                "notebook page /squad/",
                await median_request_ms(bare, "/squad/"),
                await median_request_ms(front, "/squad/"),
            ),
            (
                f"static asset /squad/{asset[:24]}...",
                await median_request_ms(bare, f"/squad/{asset}"),
                await median_request_ms(front, f"/squad/{asset}"),
            ),
        ]
        home = await median_request_ms(front, "/")
    print(f"{'request':<44} {'marimo alone':>13} {'behind gate':>12} {'ratio':>6}")
    for name, alone, behind in rows:
        print(f"{name:<44} {alone:>10.2f} ms {behind:>9.2f} ms {behind / alone:>6.2f}")
    print(f"{'front door / (coach, 3 athletes)':<44} {'-':>13} {home:>9.2f} ms")
    grant_hash = hash_secret(secret)[:16]
    print(
        f"grant lookup per request (SQLite): "
        f"{median_ms(lambda: viewer_for_grant(read_only, 1, grant_hash), repeat=200):.2f} ms median"
    )
    cookie = front.cookies.get("trainer_session")
    session_id = site._cookie_data(cookie)["s"]
    signature = median_ms(lambda: site._cookie_data(cookie), repeat=500)
    live = median_ms(lambda: site.sessions.is_live(session_id), repeat=500)
    whole = median_ms(lambda: site.viewer_from_cookie(cookie), repeat=500)
    print(
        f"session per request: cookie signature {signature:.3f} ms + ended? (sessions.sqlite) {live:.3f} ms; whole "
        f"cookie -> viewer {whole:.3f} ms (ratio of the session check to the signature alone {live / signature:.2f})"
    )
    message = (
        '{"op": "cell-op", "data": {"output": {"data": "' + "x" * 20_000 + ' ./@file/962-5531-13qJkGG5.arrow"}}}'
    ).encode()
    files = ChartFiles()
    note = median_ms(lambda: files.note(message, 1), repeat=500)
    scan = median_ms(lambda: b"@file/" in message, repeat=500)
    print(
        f"chart file addresses noted in a 20 kB websocket message: {note:.4f} ms (a plain search for '@file/': "
        f"{scan:.4f} ms)"
    )


if __name__ == "__main__":
    asyncio.run(main())
