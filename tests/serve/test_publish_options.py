"""`trainer app --publish` behind a path prefix, and the demos-only --no-auth."""

from __future__ import annotations

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
