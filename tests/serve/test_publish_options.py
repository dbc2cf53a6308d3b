"""`trainer app --publish` behind a path prefix, and the demos-only --no-auth."""

from __future__ import annotations

import contextlib
import re

import httpx

from tests.servers import start_published_site, start_server, stop_server


def test_behind_a_path_prefix_every_path_and_cookie_stays_under_it(demo_sqlite_url, tmp_path):
    site = start_published_site(tmp_path / "demo.db", tmp_path, "--base-url", "/trainer")
    try:
        browser = httpx.Client(base_url=site.url, timeout=30)
        assert browser.get("/trainer").status_code == 308
        assert browser.get("/trainer/squad/").headers["location"] == "/trainer/"
        answer = browser.post("/trainer/login", data={"secret": site.links["carla"]})
        assert answer.json() == {"location": "/trainer/squad/"} and "Path=/trainer;" in answer.headers["set-cookie"]
        page = browser.get("/trainer/squad/")
        assert page.status_code == 200
        entry = re.search(r"\./assets/(index-[\w-]+\.js)", page.text).group(1)
        script = browser.get(
            f"/trainer/squad/assets/{entry}", headers={"accept-encoding": "gzip"}
        )  # answered by the HTTP protocol itself
        assert (
            script.status_code == 200
            and script.headers["content-encoding"] == "gzip"
            and "immutable" in script.headers["cache-control"]
        )
        assert script.headers["x-content-type-options"] == "nosniff" and len(script.content) > 1000
        assert (
            httpx.get(f"{site.url}/squad/assets/{entry}").status_code == 404
        )  # nothing outside the prefix, files included
        assert browser.get("/trainer/research/").headers["location"] == "/trainer/"
        assert browser.get("/squad/").status_code == 404  # nothing outside the prefix
    finally:
        stop_server(site)


def test_no_auth_serves_everyone_everything_and_says_so(demo_sqlite_url, tmp_path):
    server = start_server(
        tmp_path / "demo.db",
        "--publish",
        "--no-auth",
        env={"TRAINER_CONFIG_HOME": str(tmp_path / "c"), "TRAINER_DATA_DIR": str(tmp_path / "d")},
    )
    try:
        anonymous = httpx.Client(base_url=server.url, timeout=30)
        assert anonymous.get("/squad/").status_code == 200 and anonymous.get("/research/").status_code == 200
        home = anonymous.get("/").text
        assert all(name in home for name in ("demo-cyclist", "demo-marathoner", "demo-triathlete"))
        assert anonymous.get("/squad/api/kernel/read_code").status_code == 404  # still closed
    finally:
        output = stop_server(server)
    assert "EVERY VIEWER SEES EVERY ATHLETE" in output


def test_ctrl_c_stops_the_published_server_within_seconds_with_pages_open(demo_sqlite_url, tmp_path):
    """It said "Ctrl+C to stop" and was still running 7 s after Ctrl-C while pages were open (each open
    page's marimo session kept a kernel thread the interpreter waited for)."""
    import signal
    import time
    from urllib.parse import urlsplit

    from websockets.sync.client import connect

    site = start_published_site(tmp_path / "demo.db", tmp_path)
    try:
        browser = httpx.Client(base_url=site.url, timeout=30, headers={"x-forwarded-for": "10.3.0.1"})
        assert browser.post("/login", data={"secret": site.links["marathoner"]}).status_code == 200
        where = urlsplit(site.url)
        cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
        with contextlib.ExitStack() as pages:  # closed at the end (their keepalive pings stopped with them)
            for n in range(2):
                page = pages.enter_context(
                    connect(
                        f"ws://{where.netloc}/athlete/ws?session_id=s_open{n}",
                        origin=f"http://{where.netloc}",
                        additional_headers={"cookie": cookie, "x-forwarded-for": "10.3.0.1"},
                        max_size=None,
                        open_timeout=30,
                        ping_interval=None,
                    )
                )
                page.recv(timeout=30)  # its kernel runs
            started = time.monotonic()
            site.process.send_signal(signal.SIGINT)
            site.process.wait(timeout=10)
            assert time.monotonic() - started < 5 and site.process.returncode == 130
    finally:
        if site.process.poll() is None:
            site.process.kill()
        stop_server(site)
