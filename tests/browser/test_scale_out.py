"""Two published workers behind Debian's nginx with trainer's sticky-cookie config, in a real browser.

Pages load and sliders work through the proxy, every request of a browser reaches one worker,
a sign-in made on one worker holds on the other, and access control still holds.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.access import sign_in
from tests.servers import start_scaled_site, stop_scaled_site

pytestmark = pytest.mark.browser
RENDER_MS = 60_000


@pytest.fixture(scope="module")
def scaled_site(demo_sqlite_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("scaled")
    db_path = folder / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    site = start_scaled_site(db_path, folder, workers=2)
    yield site
    stop_scaled_site(site)


def routed_requests(site) -> dict[str, set[str]]:
    """Which workers (upstream addresses) answered the requests of each route cookie, from nginx's log."""
    seen = defaultdict(set)
    for line in site.log.read_text().splitlines():
        found = re.search(r"upstream=(\S+) route=(\S+)", line)
        if found and found.group(2) != "-":
            seen[found.group(2)].add(found.group(1))
    return seen


def open_card(page: Page, url: str) -> str:
    page.goto(url)
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    return page.locator("#root .trainer-score").first.inner_text()


def test_each_worker_serves_the_dashboard_and_its_sliders(browser: Browser, scaled_site):
    for worker in ("trainer_w0", "trainer_w1"):
        context = browser.new_context()
        context.add_cookies([{"name": "trainer_route", "value": worker, "url": scaled_site.url}])
        page = context.new_page()
        sign_in(page, scaled_site, "marathoner")
        before = open_card(page, f"{scaled_site.url}/athlete/")
        page.get_by_text("Scoring settings").click()
        slider = page.get_by_role("slider").nth(0)
        slider.focus()
        slider.press("End")  # HRV weight 0.4 -> 1.0: the update travels the websocket through nginx
        expect(page.locator("#root .trainer-score").first).not_to_have_text(before, timeout=20_000)
        context.close()
    routes = routed_requests(scaled_site)
    assert len(routes["trainer_w0"]) == 1 and len(routes["trainer_w1"]) == 1  # every request of a browser: one worker
    assert routes["trainer_w0"] != routes["trainer_w1"]  # and the two browsers: two workers
    assert {a.rsplit(":", 1)[1] for a in routes["trainer_w0"] | routes["trainer_w1"]} == {
        str(p) for p in scaled_site.worker_ports
    }


def test_a_new_browser_gets_a_worker_and_keeps_it(browser: Browser, scaled_site):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, scaled_site, "carla")
    open_card(page, f"{scaled_site.url}/athlete/?athlete=demo-cyclist")
    route = [c for c in context.cookies() if c["name"] == "trainer_route"]
    assert len(route) == 1 and route[0]["value"] in ("trainer_w0", "trainer_w1") and route[0]["httpOnly"]
    open_card(page, f"{scaled_site.url}/athlete/?athlete=demo-marathoner")
    assert [c["value"] for c in context.cookies() if c["name"] == "trainer_route"] == [
        route[0]["value"]
    ]  # not re-picked
    assert len(routed_requests(scaled_site)[route[0]["value"]]) == 1
    context.close()


def test_a_sign_in_on_one_worker_holds_on_the_other_and_scopes_still_hold(browser: Browser, scaled_site):
    context = browser.new_context()
    context.add_cookies([{"name": "trainer_route", "value": "trainer_w0", "url": scaled_site.url}])
    page = context.new_page()
    sign_in(page, scaled_site, "cyclist")  # the session cookie is signed by worker 0 ...
    context.add_cookies([{"name": "trainer_route", "value": "trainer_w1", "url": scaled_site.url}])
    page.goto(f"{scaled_site.url}/athlete/?athlete=demo-marathoner")  # ... read by worker 1, asking for someone else
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    expect(page.get_by_text("demo-cyclist,").first).to_be_visible()  # their own dashboard, never the other athlete
    assert page.get_by_text("demo-marathoner,").count() == 0
    page.goto(f"{scaled_site.url}/squad/")
    assert "/squad" not in page.url  # an athlete has no squad view: sent home instead
    anonymous = browser.new_context()
    assert anonymous.request.get(f"{scaled_site.url}/athlete/ws?session_id=s_x", max_redirects=0).status in (401, 403)
    anonymous.close()
    context.close()


def test_a_forged_route_cookie_is_ignored(browser: Browser, scaled_site):
    context = browser.new_context()
    context.add_cookies([{"name": "trainer_route", "value": "evil.example:80", "url": scaled_site.url}])
    answer = context.request.get(f"{scaled_site.url}/health")
    assert answer.status == 200 and answer.text() == "ok"  # routed to a worker of ours, never to the cookie's value
    context.close()
