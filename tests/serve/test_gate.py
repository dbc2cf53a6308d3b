"""The published server over plain HTTP: sign-in, throttling, headers, closed marimo endpoints, scopes.

One real server (``trainer app --publish``) on a copy of the demo database, with four people's links.
"""

from __future__ import annotations

import hashlib

import httpx
import pytest

from tests.conftest import run_trainer
from trainer.settings import PROJECT_ROOT

SECURITY = {"x-frame-options": "DENY", "referrer-policy": "no-referrer", "x-content-type-options": "nosniff"}


def client(site, address: str = "127.0.0.1") -> httpx.Client:
    # the server trusts X-Forwarded-For from loopback (as behind a proxy): each test gets its own address
    return httpx.Client(base_url=site.url, headers={"x-forwarded-for": address}, timeout=30, follow_redirects=False)


def signed_in(site, person: str, address: str = "127.0.0.1") -> httpx.Client:
    browser = client(site, address)
    answer = browser.post("/login", data={"secret": site.links[person]})
    assert answer.status_code == 200, answer.text
    return browser


@pytest.fixture(scope="module")
def digest_before(published_site):
    return hashlib.sha256(published_site.db_path.read_bytes()).hexdigest()


def test_every_response_carries_the_security_headers(published_site, digest_before):
    browser = signed_in(published_site, "carla", "10.0.0.1")
    for path in (
        "/",
        "/login",
        "/static/trainer.css",
        "/athlete/",
        "/squad/",
        "/nowhere",
        "/athlete/api/kernel/read_code",
    ):
        response = browser.get(path)
        for header, value in SECURITY.items():
            assert response.headers.get(header) == value, (path, header)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path


def test_the_link_signs_in_with_a_safe_cookie_and_never_echoes_the_secret(published_site):
    browser = client(published_site, "10.0.0.2")
    answer = browser.post("/login", data={"secret": published_site.links["carla"]})
    cookie = answer.headers["set-cookie"]
    assert answer.json() == {"location": "/"} and published_site.links["carla"] not in answer.text + cookie
    assert "trainer_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    behind_tls = client(published_site, "10.0.0.2").post(
        "/login", data={"secret": published_site.links["carla"]}, headers={"x-forwarded-proto": "https"}
    )
    assert "Secure" in behind_tls.headers["set-cookie"]
    assert "Hello, Carla" in browser.get("/").text


def test_nobody_signed_in_reaches_no_notebook(published_site):
    anonymous = client(published_site, "10.0.0.3")
    front = anonymous.get("/")
    assert (
        front.status_code == 200
        and "open the private link you were sent" in front.text
        and "marimo" not in front.text.lower()
    )
    for path in (
        "/athlete/",
        "/squad/",
        "/research/",
        "/athlete/?athlete=demo-cyclist",
        "/athlete/?access_token=anything",
        "/athlete",
    ):
        response = anonymous.get(path)
        assert response.status_code in (303, 308) and response.headers["location"] in ("/", "/athlete/"), path
    for path in (
        "/athlete/api/kernel/instantiate",
        "/squad/api/kernel/set_ui_element_value",
        "/athlete/api/kernel/function_call",
    ):
        assert anonymous.post(path, json={}).status_code == 401, path
    assert anonymous.get("/?file=dashboard.py").text == front.text  # marimo's gallery is not there


def test_a_forged_or_foreign_cookie_is_refused(published_site):
    browser = signed_in(published_site, "cyclist", "10.0.0.4")
    cookie = browser.cookies["trainer_session"]
    payload, stamp, signature = cookie.split(".")
    for forged in (
        f"{payload}.{stamp}.{signature[:-2]}xx",
        "eyJnIjoxLCJoIjoiMDAwMDAwMDAwMDAwMDAwMCJ9.awwqFA.bogus",
        "x" * 600,
    ):
        stranger = client(published_site, "10.0.0.4")
        stranger.cookies.set("trainer_session", forged)
        response = stranger.get("/athlete/")
        assert response.status_code == 303 and response.headers["location"] == "/"


@pytest.mark.parametrize(
    "path",
    [
        "/api/kernel/read_code",
        "/api/files/save",
        "/api/export/html",
        "/auth/login",
        "/api/kernel/run",
        "/api/home/workspace_files",
        "/api/files/file_details",
        "/api/status",
        "/api/sessions",
        "/api/kernel/restart_session",
        "/api/datasources/preview_column",
        "/terminal/ws",
        "/ws_sync",
    ],
)
def test_marimos_own_endpoints_are_closed_even_when_signed_in(published_site, path):
    browser = signed_in(published_site, "carla", "10.0.0.5")
    assert browser.post(f"/squad{path}", json={}).status_code == 404
    assert browser.get(f"/squad{path}").status_code == 404


def test_each_role_opens_only_its_pages(published_site):
    athlete = signed_in(published_site, "cyclist", "10.0.0.6")
    assert athlete.get("/").headers["location"] == "/athlete/"  # an athlete lands on their dashboard
    assert athlete.get("/athlete/").status_code == 200
    assert athlete.get("/squad/").headers["location"] == "/" and athlete.get("/research/").headers["location"] == "/"
    assert athlete.post("/squad/api/kernel/instantiate", json={}).status_code == 403
    coach = signed_in(published_site, "carla", "10.0.0.6")
    home = coach.get("/").text
    assert "demo-cyclist" in home and "demo-marathoner" in home and "demo-triathlete" not in home
    assert coach.get("/squad/").status_code == 200 and coach.get("/research/").headers["location"] == "/"
    researcher = signed_in(published_site, "rita", "10.0.0.6")
    page = researcher.get("/").text
    assert "Research" in page and "demo-" not in page  # no names on the researcher's front door
    assert researcher.get("/athlete/").headers["location"] == "/"


def test_the_page_asked_for_survives_the_login(published_site):
    browser = client(published_site, "10.0.0.7")
    assert browser.get("/squad/?x=1").headers["location"] == "/"
    assert browser.post("/login", data={"secret": published_site.links["carla"]}).json() == {"location": "/squad/?x=1"}
    again = client(published_site, "10.0.0.7")  # a page the person may not open is not honoured
    again.get("/research/")
    assert again.post("/login", data={"secret": published_site.links["carla"]}).json() == {"location": "/"}
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil"):
        assert client(published_site, "10.0.0.7").post(
            "/login", data={"secret": published_site.links["carla"], "next": evil}
        ).json() == {"location": "/"}


def test_a_marimo_session_cannot_be_driven_by_someone_else(published_site):
    carla, marathoner = (
        signed_in(published_site, "carla", "10.0.0.8"),
        signed_in(published_site, "marathoner", "10.0.0.8"),
    )
    headers = {"marimo-session-id": "s_carla_private_session"}
    assert carla.post("/athlete/api/kernel/set_ui_element_value", json={}, headers=headers).status_code != 403
    stolen = marathoner.post("/athlete/api/kernel/set_ui_element_value", json={}, headers=headers)
    assert stolen.status_code == 403 and "someone else" in stolen.text


def test_a_sign_in_from_another_site_is_refused(published_site):
    answer = client(published_site, "10.0.0.9").post(
        "/login", data={"secret": published_site.links["carla"]}, headers={"origin": "http://evil.example"}
    )
    assert answer.status_code == 403 and "set-cookie" not in answer.headers


def test_the_server_wrote_nothing(published_site, digest_before):
    """Every request above (sign-ins, pages, refusals) left the database's bytes as they were."""
    assert hashlib.sha256(published_site.db_path.read_bytes()).hexdigest() == digest_before


def test_revoking_ends_a_live_session_at_its_next_request(
    published_site,
):  # writes (the revoke): keep it after the check above
    from trainer.access.grants import issue_grant, revoke_grant
    from trainer.store.database import open_database

    db = open_database(f"sqlite:///{published_site.db_path}")
    grant, secret = issue_grant(db, "athlete", None, ["demo-triathlete"])
    browser = client(published_site, "10.0.0.10")
    assert browser.post("/login", data={"secret": secret}).status_code == 200
    assert browser.get("/athlete/").status_code == 200
    revoke_grant(db, grant.id)
    db.engine.dispose()
    assert browser.get("/athlete/").headers["location"] == "/"
    assert browser.post("/athlete/api/kernel/set_ui_element_value", json={}).status_code == 401
    assert client(published_site, "10.0.0.10").post("/login", data={"secret": secret}).status_code == 401


def test_pages_carry_no_server_paths_and_errors_no_tracebacks(published_site):
    from urllib.parse import quote

    browser = signed_in(published_site, "carla", "10.0.0.11")
    for path in ("/squad/", "/athlete/", "/athlete/?athlete=demo-cyclist", "/research/"):  # the early card's page too
        page = browser.get(path).text
        for secret in (str(PROJECT_ROOT), quote(str(PROJECT_ROOT), safe=""), str(published_site.db_path), "sqlite"):
            assert secret not in page, (path, secret)
    broken = client(published_site, "10.0.0.11").post(
        "/login", content=b"\xff" * 100, headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert broken.status_code in (400, 401, 422, 500) and "Traceback" not in broken.text and 'File "' not in broken.text


def test_last_use_is_noted_beside_the_database_not_in_it(published_site):
    from pathlib import Path

    from trainer.serve.seen import read_seen
    from trainer.serve.site import seen_path

    signed_in(published_site, "carla", "10.0.0.12").get("/")
    url = f"sqlite:///{published_site.db_path}"
    seen = read_seen(seen_path(url, Path(published_site.env["TRAINER_DATA_DIR"])))
    assert seen_path(url, Path("/elsewhere")) == published_site.db_path.parent / "access-seen.sqlite"  # beside it
    assert 3 in seen  # carla's grant (the third issued)
    listed = run_trainer("access", "list", "--db", f"sqlite:///{published_site.db_path}", env=published_site.env)
    assert "Carla" in listed.stdout and f"last used {seen[3]:%Y-%m-%d}" in listed.stdout


def test_failed_logins_are_throttled_per_address_and_overall_and_a_valid_link_always_works(published_site):
    first = client(published_site, "10.1.0.1")
    codes = [first.post("/login", data={"secret": f"wrong-{n}"}).status_code for n in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    assert (
        first.post("/login", data={"secret": published_site.links["carla"]}).status_code == 200
    )  # a valid link always works
    for n in range(3, 12):  # 9 more addresses x 10 failures: past 100 in a minute over all addresses
        for _ in range(10):
            client(published_site, f"10.1.0.{n}").post("/login", data={"secret": "wrong"})
    assert client(published_site, "10.1.0.99").post("/login", data={"secret": "wrong"}).status_code == 429
    assert (
        client(published_site, "10.1.0.98").post("/login", data={"secret": published_site.links["carla"]}).status_code
        == 200
    )
    for n in range(110):  # bad calendar-feed addresses are throttled apart: sign-ins are not locked by them
        client(published_site, f"10.2.0.{n}").get(f"/feed/guess{n}.ics")
    assert client(published_site, "10.2.1.1").get("/feed/guess.ics").status_code == 429
    assert (
        client(published_site, "10.2.1.2").post("/login", data={"secret": published_site.links["carla"]}).status_code
        == 200
    )


def websocket_status(site, browser: httpx.Client, origin: str | None) -> bytes:
    """The status line a raw websocket handshake to the athlete page gets, with the browser's cookie."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(site.url)
    cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    lines = [
        f"GET {where.path.rstrip('/')}/athlete/ws?session_id=s_origin{abs(hash(origin)) % 10**6}&file=dashboard.py "
        f"HTTP/1.1",
        f"host: {where.netloc}",
        "upgrade: websocket",
        "connection: Upgrade",
        "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version: 13",
        f"cookie: {cookie}",
    ] + ([f"origin: {origin}"] if origin is not None else [])
    with socket.create_connection((where.hostname, where.port), timeout=20) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return connection.recv(4096).split(b"\r\n", 1)[0]


def test_a_websocket_opened_by_another_site_is_refused(published_site):
    """SameSite=Lax still sends the cookie from a sibling subdomain: the Origin decides."""
    browser = signed_in(published_site, "carla", "10.0.0.21")
    own = published_site.url.split("/", 3)[:3]
    assert b" 101 " in websocket_status(published_site, browser, "/".join(own))
    for foreign in ("https://evil.example", "null", None, "http://127.0.0.1.evil.example"):
        assert b" 403 " in websocket_status(published_site, browser, foreign), foreign


def test_a_published_page_stays_connected(published_site):
    """The websocket of a published page holds for 30 s, three times the 10 s after which the header
    timer of the fast protocol once closed it (for ever, on every published page), with no close."""
    import time
    from urllib.parse import urlsplit

    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    browser = signed_in(published_site, "marathoner", "10.0.0.25")
    where = urlsplit(published_site.url)
    cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    address = f"ws://{where.netloc}{where.path.rstrip('/')}/athlete/ws?session_id=s_held60"
    headers = {"cookie": cookie, "x-forwarded-for": "10.0.0.25"}
    messages, started = 0, time.monotonic()
    with connect(
        address, origin=f"http://{where.netloc}", additional_headers=headers, open_timeout=30, max_size=None
    ) as socket:
        while (left := 30 - (time.monotonic() - started)) > 0:
            try:
                socket.recv(timeout=min(left, 5))
                messages += 1
            except TimeoutError:
                continue
            except ConnectionClosed as closed:
                pytest.fail(f"the page's connection closed after {time.monotonic() - started:.1f} s: {closed}")
        socket.ping().wait(10)  # still answering at the end
    assert messages > 0  # the page's kernel spoke to it


def test_state_changing_requests_from_another_site_are_refused(published_site):
    browser = signed_in(published_site, "carla", "10.0.0.22")
    for path in ("/logout", "/athlete/api/kernel/set_ui_element_value"):
        answer = browser.post(path, json={}, headers={"origin": "https://evil.example"})
        assert answer.status_code == 403 and "another site" in answer.text, path
    assert browser.get("/athlete/").status_code == 200  # still signed in: the forged logout did nothing


def test_logout_ends_the_session_on_the_server_even_for_a_copied_cookie(published_site):
    browser = signed_in(published_site, "carla", "10.0.0.23")
    copied = dict(browser.cookies.items())
    assert browser.get("/athlete/").status_code == 200
    own = "/".join(published_site.url.split("/", 3)[:3])
    assert browser.post("/logout", headers={"origin": own}).status_code == 303
    thief = client(published_site, "10.0.0.24")
    thief.cookies.update(copied)
    assert thief.get("/athlete/").status_code == 303  # to the front door: the session has ended
    assert thief.get("/athlete/ws?session_id=s_thief").status_code in (401, 403)
    again = signed_in(published_site, "carla", "10.0.0.23")  # signing in again starts a new session
    assert again.get("/athlete/").status_code == 200


def test_sessions_end_when_idle_and_the_file_says_so(tmp_path, monkeypatch):
    import time

    from trainer.serve import sessions as module
    from trainer.serve.sessions import Sessions

    sessions = Sessions(tmp_path / "sessions.sqlite")
    live, ended = sessions.start(), sessions.start()
    sessions.end(ended)
    assert sessions.is_live(live) and not sessions.is_live(ended) and not sessions.is_live("made-up")
    other_worker = Sessions(tmp_path / "sessions.sqlite")  # workers share the file
    assert other_worker.is_live(live) and not other_worker.is_live(ended)
    later = time.time() + (module.IDLE_DAYS + 1) * 86400
    monkeypatch.setattr(module.time, "time", lambda: later)
    assert not other_worker.is_live(live)  # an idle fortnight ends it


def test_a_null_origin_counts_as_this_site_only_when_the_browser_says_same_origin(published_site):
    """Chromium posts a form under Referrer-Policy: no-referrer with Origin: null, to its own site too."""
    browser = signed_in(published_site, "carla", "10.0.0.25")
    for fetch_site in ("cross-site", "same-site"):
        answer = browser.post("/logout", headers={"origin": "null", "sec-fetch-site": fetch_site})
        assert answer.status_code == 403, fetch_site
    assert browser.get("/athlete/").status_code == 200
    assert browser.post("/logout", headers={"origin": "null", "sec-fetch-site": "same-origin"}).status_code == 303
    assert browser.get("/athlete/").status_code == 303
