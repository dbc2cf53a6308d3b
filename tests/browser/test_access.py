"""Three people, three links, three worlds: the published app in Debian's chromium.

Each test opens a fresh browser context (no cookies) and signs in by opening a private link.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.access import sign_in
from tests.conftest import run_trainer

pytestmark = pytest.mark.browser
RENDER_MS = 60_000


@pytest.fixture(scope="module")
def digest_before(published_site):
    return hashlib.sha256(published_site.db_path.read_bytes()).hexdigest()


def athlete_options(page: Page) -> list[str]:
    return page.locator("select").first.locator("option").all_inner_texts()


def test_an_athletes_link_opens_only_their_dashboard_and_leaves_no_secret_behind(
    page: Page, published_site, digest_before, artifacts
):
    secret = published_site.links["cyclist"]
    sign_in(page, published_site, "cyclist")
    expect(page).to_have_url(f"{published_site.url}/athlete/")  # the athlete lands on their dashboard
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    expect(page.get_by_text("demo-cyclist,").first).to_be_visible()
    assert [o.strip() for o in athlete_options(page)] == ["demo-cyclist"]
    assert "demo-marathoner" not in page.inner_text("body") and "demo-triathlete" not in page.inner_text("body")
    assert secret not in page.url and "#" not in page.url
    history = page.evaluate("() => [history.length, document.referrer, location.href]")
    assert secret not in str(history)
    page.go_back()
    assert secret not in page.url  # the login page's history entry lost its secret too
    page.goto(f"{published_site.url}/athlete/")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    page.screenshot(path=artifacts / "front-door-athlete.png")


def test_an_athlete_asking_for_someone_else_gets_their_own_page_and_a_refusal(page: Page, published_site):
    sign_in(page, published_site, "cyclist")
    page.goto(f"{published_site.url}/athlete/?athlete=demo-marathoner")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    expect(
        page.get_by_text("There is no athlete called demo-marathoner among the athletes you can see").first
    ).to_be_visible()
    expect(page.get_by_text("demo-cyclist,").first).to_be_visible()
    assert "demo-marathoner," not in page.inner_text("body")
    page.goto(f"{published_site.url}/squad/")  # the coach's squad link: not theirs
    expect(page).to_have_url(f"{published_site.url}/athlete/")
    assert page.get_by_text("What would change").count() == 0


def test_a_forged_cookie_opens_nothing(page: Page, published_site):
    page.context.add_cookies(
        [
            {
                "name": "trainer_session",
                "value": "eyJnIjoxLCJoIjoiYWJjZGVmMDEyMzQ1Njc4OSJ9.awwqFA.forged",
                "url": published_site.url,
            }
        ]
    )
    page.goto(f"{published_site.url}/athlete/?athlete=demo-cyclist")
    expect(page).to_have_url(f"{published_site.url}/")
    expect(page.get_by_text("open the private link you were sent")).to_be_visible()
    assert page.locator(".trainer-score").count() == 0


def test_a_coach_sees_exactly_their_athletes(page: Page, published_site, artifacts):
    sign_in(page, published_site, "carla")
    expect(page.get_by_role("heading", name="Hello, Carla")).to_be_visible()
    doors = page.locator("ul.doors a strong").all_inner_texts()
    assert doors == ["Squad", "demo-cyclist", "demo-marathoner"]
    page.screenshot(path=artifacts / "front-door-coach.png", full_page=True)
    page.get_by_role("link", name=re.compile("^Squad")).click()
    expect(page.get_by_text("What would change").first).to_be_visible(timeout=RENDER_MS)
    table = page.locator("table").first.inner_text()
    assert "demo-cyclist" in table and "demo-marathoner" in table and "demo-triathlete" not in page.inner_text("body")
    page.goto(f"{published_site.url}/athlete/?athlete=demo-triathlete")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    expect(page.get_by_text("There is no athlete called demo-triathlete").first).to_be_visible()
    assert sorted(o.strip() for o in athlete_options(page)) == ["demo-cyclist", "demo-marathoner"]


def test_a_researcher_sees_pseudonyms_never_names(page: Page, published_site, artifacts):
    sign_in(page, published_site, "rita")
    expect(page.get_by_role("link", name=re.compile("^Research"))).to_be_visible()
    page.screenshot(path=artifacts / "front-door-researcher.png", full_page=True)
    page.get_by_role("link", name=re.compile("^Research")).click()
    expect(page.get_by_text("Does the score track how ready athletes feel?").first).to_be_visible(timeout=RENDER_MS)
    expect(page.get_by_text(re.compile(r"repeated-measures correlation")).first).to_be_visible(timeout=RENDER_MS)
    page.wait_for_timeout(1000)
    html = page.content()  # the whole page, the widgets' option lists and chart data included
    assert "demo-" not in html
    assert len(set(re.findall(r"P-[A-Z2-7]{6}", html))) == 3
    page.screenshot(path=artifacts / "research-published.png", full_page=True)
    page.goto(f"{published_site.url}/athlete/?athlete=demo-cyclist")
    expect(page).to_have_url(f"{published_site.url}/")


def test_the_page_a_person_followed_survives_their_login(page: Page, published_site, artifacts):
    page.goto(f"{published_site.url}/squad/")
    expect(page).to_have_url(f"{published_site.url}/")
    expect(page.get_by_text("open the private link you were sent")).to_be_visible()
    page.screenshot(path=artifacts / "front-door-signed-out.png")
    sign_in(page, published_site, "carla")
    expect(page).to_have_url(f"{published_site.url}/squad/")
    expect(page.get_by_text("What would change").first).to_be_visible(timeout=RENDER_MS)


def test_a_bad_link_says_so_and_what_to_do(page: Page, published_site, artifacts):
    page.goto(f"{published_site.url}/login#not-a-real-secret-at-all")
    expect(page.get_by_role("status")).to_contain_text("may be mistyped, expired or withdrawn", timeout=10_000)
    expect(page.get_by_role("status")).to_contain_text("Ask the person who runs trainer for a new one")
    assert "not-a-real-secret" not in page.url
    page.screenshot(path=artifacts / "front-door-bad-link.png")


def test_signing_out_ends_the_session(page: Page, published_site):
    sign_in(page, published_site, "carla")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("open the private link you were sent")).to_be_visible()
    page.goto(f"{published_site.url}/squad/")
    expect(page).to_have_url(f"{published_site.url}/")


def test_revoking_takes_effect_in_an_open_page(page: Page, published_site, digest_before):
    sign_in(page, published_site, "marathoner")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    # every published session so far (this module's, whatever their order) left the database's bytes as they were
    assert hashlib.sha256(published_site.db_path.read_bytes()).hexdigest() == digest_before
    # the first write in this module: the tests above must not depend on it
    revoked = run_trainer(
        "access", "revoke", "2", "--db", f"sqlite:///{published_site.db_path}", env=published_site.env
    )
    assert revoked.returncode == 0, revoked.stderr
    page.reload()
    expect(page).to_have_url(f"{published_site.url}/")
    expect(page.get_by_text("open the private link you were sent")).to_be_visible()


def test_chart_data_files_are_read_only_by_the_grant_they_were_sent_to(page: Page, published_site):
    import httpx

    answered: dict[str, tuple[int, str]] = {}
    page.on(
        "response",
        lambda r: (
            answered.__setitem__(r.url, (r.status, r.headers.get("cache-control", ""))) if "/@file/" in r.url else None
        ),
    )
    sign_in(page, published_site, "cyclist")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    page.wait_for_timeout(3000)  # the history charts ask for their rows after the card
    chart_files = [url for url in answered if not url.endswith("/empty.txt")]
    assert chart_files, "the dashboard's charts read no data file"
    assert all(status == 200 and cache == "no-store, private" for status, cache in answered.values()), answered
    own = {c["name"]: c["value"] for c in page.context.cookies()}
    with httpx.Client(base_url=published_site.url, cookies=own, timeout=30) as mine:
        assert mine.get(chart_files[0]).status_code == 200
        assert mine.get("/athlete/@file/962-5531-AAAAAAAA.arrow").status_code == 404  # never sent to anyone
    from trainer.access.grants import issue_grant
    from trainer.store.database import open_database

    db = open_database(f"sqlite:///{published_site.db_path}")
    _, another_athlete = issue_grant(db, "athlete", None, ["demo-triathlete"])  # (an earlier test revoked one)
    db.engine.dispose()
    # another athlete; even the cyclist's own coach, under her own grant
    for person, secret in (("another athlete", another_athlete), ("coach", published_site.links["carla"])):
        with httpx.Client(base_url=published_site.url, timeout=30) as other:
            assert other.post("/login", data={"secret": secret}).status_code == 200
            assert other.get(chart_files[0]).status_code == 404, person
    with httpx.Client(base_url=published_site.url, timeout=30) as nobody:
        assert nobody.get(chart_files[0]).status_code == 401
