"""The app in an athlete's hand: a phone (390x844) and a laptop (1400x1000), published and local,
on the demo data and on a database whose first athlete has no data yet."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.access import sign_in
from tests.servers import start_server, stop_server
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database

pytestmark = pytest.mark.browser
RENDER_MS = 60_000
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1400, "height": 1000}}
SECTIONS = ("Recovery history", "Body", "Training load", "Plan", "Insights")
# what the code calls things; none of it may reach an athlete's eyes
CODE_WORDS = re.compile(
    r"hrv_ms|resting_hr|sleep_minutes|stress_level|_component|total_score|\(D-1\)|ANTHROPIC|`trainer|\bi32\b|\bf64\b|\bi64\b"
    r"|\bACWR\b|\bCTL\b|\bATL\b|\bTSB\b|ci_low|ci_high|\brmcorr\b|rule engine|frequency recommendation|trainer garmin"
    r"|Garmin units|seed \(default\)"
)
# every page each role can open, published (person, path, what shows once it has drawn) and local
PUBLISHED_PAGES = (
    ("cyclist", "/", "demo-cyclist"),
    ("cyclist", "/athlete/", ".trainer-score"),
    ("carla", "/", "demo-marathoner"),
    ("carla", "/athlete/?athlete=demo-marathoner", ".trainer-score"),
    ("carla", "/squad/", ".attention li"),
    ("rita", "/", "research"),
    ("rita", "/research/", "What carries the signal"),
)
LOCAL_PAGES = (
    ("/?file=dashboard.py", ".trainer-score"),
    ("/?file=squad.py", ".attention li"),
    ("/?file=research.py", "What carries the signal"),
)


@pytest.fixture(scope="module")
def first_athlete_without_data(demo_sqlite_template, tmp_path_factory):
    """The demo athletes and, first in the picker, one who has synced nothing yet."""
    db_path = tmp_path_factory.mktemp("nodata") / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    db = open_database(f"sqlite:///{db_path}")
    add_athlete(db, "Aaron New")
    db.engine.dispose()
    server = start_server(db_path)
    yield server
    stop_server(server)


def page_overflow(page: Page) -> int:
    """How far the page itself scrolls sideways (0: it does not)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_published_dashboard_fits_speaks_plainly_and_warns_of_nothing(
    page: Page, published_site, artifacts, viewport
):
    messages = []
    page.on("console", lambda message: message.type in ("warning", "error") and messages.append(message.text))
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, published_site, "carla")
    page.goto(f"{published_site.url}/athlete/?athlete=demo-marathoner")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    page.screenshot(path=artifacts / f"{viewport}-dashboard-top.png")
    for heading in SECTIONS:
        section = page.get_by_role("heading", name=heading, exact=True)
        section.scroll_into_view_if_needed()
        expect(section).to_be_visible(timeout=RENDER_MS)
        page.wait_for_timeout(800)  # lazy sections draw when shown
    expect(page.locator(".vega-embed").nth(6)).to_be_visible(timeout=RENDER_MS)  # every chart drew
    assert page_overflow(page) <= 0
    text = page.inner_text("body")
    assert not CODE_WORDS.search(text), CODE_WORDS.search(text).group(0)
    page.screenshot(path=artifacts / f"{viewport}-dashboard-full.png", full_page=True)
    assert not messages, messages


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_athlete_without_data_is_no_dead_end(page: Page, first_athlete_without_data, artifacts, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{first_athlete_without_data.url}/?file=dashboard.py")
    expect(page.get_by_text("No data for Aaron New yet.")).to_be_visible(timeout=RENDER_MS)
    expect(page.get_by_text("Pick another athlete above meanwhile.")).to_be_visible()
    picker = page.locator("select").first
    assert [o.strip() for o in picker.locator("option").all_inner_texts()][:2] == ["Aaron New", "demo-cyclist"]
    assert page_overflow(page) <= 0
    page.screenshot(path=artifacts / f"{viewport}-no-data.png")
    picker.select_option(label="demo-cyclist")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    expect(page.get_by_text("demo-cyclist,").first).to_be_visible()


def test_logging_readiness_for_an_athlete_without_data_says_saved(page: Page, first_athlete_without_data):
    page.goto(f"{first_athlete_without_data.url}/?file=dashboard.py")
    expect(page.get_by_text("No data for Aaron New yet.")).to_be_visible(timeout=RENDER_MS)
    page.get_by_text("Check in: how do you feel today?").click()  # folded below the card
    expect(page.get_by_role("radio", name="7", exact=True).first).to_be_visible(timeout=RENDER_MS)
    page.get_by_role("button", name="Send my check-in").click()  # nothing answered: refused in words
    expect(page.get_by_text("Not saved: nothing was answered")).to_be_visible(timeout=20_000)
    page.get_by_role("radio", name="7", exact=True).first.check()  # the readiness question comes first
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_text(re.compile(r"Check-in of Aaron New for \w+day \d+ \w+ \d{4} saved\."))).to_be_visible(
        timeout=20_000
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_squad_fits_and_its_levers_have_names(page: Page, published_site, artifacts, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, published_site, "carla")
    page.goto(f"{published_site.url}/squad/")
    first = page.locator(".attention li").first
    expect(first).to_be_visible(timeout=RENDER_MS)
    expect(page.get_by_text(re.compile(r"need a look today|fine today")).first).to_be_visible()
    page.wait_for_timeout(1500)  # the rest of the page draws; the list must stay where it is
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= VIEWPORTS[viewport]["height"], box  # first screen
    assert page.locator(".attention .strip i").count() >= 14  # each day a mark a phone can read
    page.screenshot(path=artifacts / f"{viewport}-squad-first-screen.png")
    page.get_by_text("What if: other scoring settings").click()
    for name in ("HRV weight", "Resting HR weight", "Sleep weight", "Stress weight", "Green from", "Yellow from"):
        expect(page.get_by_role("slider", name=name, exact=True)).to_have_count(1)
    expect(page.get_by_text("What would change").first).to_be_visible(timeout=RENDER_MS)
    assert page_overflow(page) <= 0
    assert not CODE_WORDS.search(page.inner_text("body"))
    page.screenshot(path=artifacts / f"{viewport}-squad.png", full_page=True)
    name = first.locator("b").inner_text()
    first.locator("a").first.click()  # one tap opens that athlete's day
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    assert f"athlete={name}" in page.url and "day=" in page.url
    expect(page.get_by_text(f"{name},").first).to_be_visible(timeout=RENDER_MS)


def test_something_branded_shows_before_marimo_has_drawn(page: Page, published_site):
    sign_in(page, published_site, "carla")
    page.route(re.compile(r".*/assets/index-.*\.js$"), lambda route: route.abort())  # marimo's code never arrives
    before_root = "() => getComputedStyle(document.querySelector('#root'), '::before').content"
    page.goto(f"{published_site.url}/squad/", wait_until="domcontentloaded")
    assert page.evaluate(before_root) == '"trainer · loading your recovery…"'
    page.goto(f"{published_site.url}/athlete/", wait_until="domcontentloaded")  # the athlete's card itself, then a line
    expect(page.locator("#trainer-first-card .trainer-status")).to_be_visible()
    assert page.evaluate(before_root) == '"Loading the rest of your dashboard…"'


def drawn(page: Page, shows: str) -> None:
    """Wait for the page's own words (a selector or a text), then scroll it all so lazy parts draw."""
    if shows.startswith("."):
        page.wait_for_selector(shows, timeout=RENDER_MS)
    else:
        expect(page.get_by_text(shows).first).to_be_visible(timeout=RENDER_MS)
    for _ in range(8):
        page.mouse.wheel(0, 1400)
        page.wait_for_timeout(400)
    page.wait_for_timeout(1000)


@pytest.mark.parametrize("person, path, shows", PUBLISHED_PAGES)
def test_every_published_page_for_every_role_speaks_plainly(page: Page, published_site, person, path, shows):
    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in(page, published_site, person)
    page.goto(f"{published_site.url}{path}")
    drawn(page, shows)
    text = page.inner_text("body")
    found = CODE_WORDS.search(text)
    assert not found, (path, found.group(0), text[max(0, found.start() - 80) : found.end() + 80])


@pytest.mark.parametrize("path, shows", LOCAL_PAGES)
def test_every_local_page_speaks_plainly(page: Page, local_app, path, shows):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{local_app.url}{path}")
    drawn(page, shows)
    text = page.inner_text("body")
    found = CODE_WORDS.search(text)
    assert not found, (path, found.group(0), text[max(0, found.start() - 80) : found.end() + 80])


@pytest.fixture(scope="module")
def sport_plans(demo_sqlite_template, tmp_path_factory):
    """The demo cyclist with a gran fondo and the demo triathlete with a 70.3, planned from the command line."""
    from tests.conftest import DEMO_END, run_trainer

    db_path = tmp_path_factory.mktemp("sports") / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    url, on, race = f"sqlite:///{db_path}", DEMO_END.isoformat(), "2027-04-18"
    for athlete, goal in (
        ("demo-cyclist", ("--sport", "cycling", "--event", "gran-fondo", "--hours", "5")),
        ("demo-triathlete", ("--sport", "triathlon", "--distance", "70.3")),
    ):
        added = run_trainer("goal", "add", "-a", athlete, *goal, "--date", race, "--on", on, "--db", url)
        assert added.returncode == 0, added.stderr
        made = run_trainer("plan", "create", "-a", athlete, "--goal", added.stdout.strip(), "--on", on, "--db", url)
        assert made.returncode == 0, made.stderr
    server = start_server(db_path)
    yield server
    stop_server(server)


@pytest.mark.parametrize("athlete, event", [("demo-cyclist", "5 h gran fondo"), ("demo-triathlete", "70.3 triathlon")])
def test_a_cyclist_and_a_triathlete_see_plans_in_their_own_sports(page: Page, sport_plans, artifacts, athlete, event):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{sport_plans.url}/?file=dashboard.py&athlete={athlete}")
    page.wait_for_selector("#root .trainer-score", timeout=RENDER_MS)
    page.get_by_role("heading", name="Plan", exact=True).scroll_into_view_if_needed()
    expect(page.get_by_text(re.compile(f"{event} on 2027-04-18")).first).to_be_visible(timeout=RENDER_MS)
    page.get_by_text("Next sessions").first.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    sessions = page.locator("table").last.inner_text()
    words = {"demo-cyclist": ("ride",), "demo-triathlete": ("swim", "ride", "run")}[athlete]
    assert any(word in sessions.lower() for word in words), sessions
    page.screenshot(path=artifacts / f"phone-plan-{athlete}.png")
