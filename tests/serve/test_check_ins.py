"""The only write a published server makes: an athlete's own check-in, through trainer's own
endpoint, when started with --check-ins. Every refusal writes nothing, and a check-in changes
nothing but the check-in, the day's readiness and the athlete's spells of illness or injury."""

from __future__ import annotations

import re
import sqlite3

import httpx
import pytest

from tests.servers import start_published_site, stop_server
from trainer.access.grants import issue_grant, revoke_grant
from trainer.store.database import open_database

WRITTEN = {"check_in", "perceived_readiness", "health_episode"}


@pytest.fixture(scope="module")
def site(demo_sqlite_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("check-ins")
    db_path = folder / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    running = start_published_site(db_path, folder, "--check-ins")
    yield running
    stop_server(running)


def tables(db_path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db_path) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"'))) for name in names}


def browser(site, person: str | None = None, address: str = "127.0.0.1", secret: str | None = None) -> httpx.Client:
    client = httpx.Client(base_url=site.url, headers={"x-forwarded-for": address}, timeout=30)
    if person or secret:
        assert client.post("/login", data={"secret": secret or site.links[person]}).status_code == 200
    return client


def form_of(client: httpx.Client) -> dict[str, str]:
    page = client.get("/check-in")
    assert page.status_code == 200, page.text
    return {
        "csrf": re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1),
        "date": re.search(r'name="date" value="([0-9-]+)"', page.text).group(1),
    }


def test_an_athlete_checks_in_and_nothing_else_changes(site):
    client = browser(site, "cyclist", "10.1.0.1")
    page = client.get("/check-in")
    assert "How ready do you feel to train?" in page.text and "5 is always the best" in page.text
    assert site.links["cyclist"] not in page.text and "checked" not in page.text  # nothing prefilled
    before = tables(site.db_path)
    sent = client.post(
        "/check-in",
        data={
            **form_of(client),
            "readiness": "4",
            "fatigue": "2",
            "soreness": "3",
            "ill": "yes",
            "note": "sore throat",
        },
    )
    assert sent.status_code == 200 and "Saved." in sent.text, sent.text
    after = tables(site.db_path)
    assert {name for name in after if after[name] != before[name]} == WRITTEN
    row = sqlite3.connect(site.db_path).execute("SELECT readiness, ill, note, via FROM check_in").fetchall()
    assert row == [(4.0, 1, "sore throat", "link 1")]
    again = client.get("/check-in")
    assert "Still ill?" in again.text  # asked, not assumed
    corrected = client.post("/check-in", data={**form_of(client), "readiness": "5", "ill": "yes"})
    assert "this version stands" in corrected.text
    assert sqlite3.connect(site.db_path).execute("SELECT count(*) FROM check_in").fetchone() == (2,)


def db_url_of(site) -> str:
    return getattr(site, "url_of_db", None) or f"sqlite:///{site.db_path}"


def snapshot(site) -> dict[str, list]:
    """Every table's rows, but the grants (the revoked-link case issues one)."""
    found = pg_tables(site.url_of_db) if hasattr(site, "url_of_db") else tables(site.db_path)
    return {name: rows for name, rows in found.items() if name not in ("access_grant", "access_scope")}


def refusals(site):
    """(what, a client, the form to post): each must be refused and write nothing."""
    from trainer.store.athletes import get_athlete

    cyclist = browser(site, "cyclist", "10.1.0.2")
    good = {**form_of(cyclist), "readiness": "6"}
    yield "no CSRF token", cyclist, {key: value for key, value in good.items() if key != "csrf"}
    yield "a forged CSRF token", cyclist, {**good, "csrf": "0" * 64}
    db = open_database(db_url_of(site))
    yield "another athlete's id", cyclist, {**good, "athlete": str(get_athlete(db, "demo-marathoner").id)}
    yield "readiness out of range", cyclist, {**good, "readiness": "11"}
    yield "a date long ago", cyclist, {**good, "date": "2020-01-01"}
    yield "not a number", cyclist, {**good, "readiness": "lots"}
    yield "a huge body", cyclist, {**good, "note": "x" * 20_000}
    coach = browser(site, "carla", "10.1.0.3")
    yield "a coach's link", coach, {**form_of(cyclist), "readiness": "6"}
    yield "a researcher's link", browser(site, "rita", "10.1.0.4"), good
    yield "nobody signed in", browser(site, None, "10.1.0.5"), good
    logged_out = browser(site, "cyclist", "10.1.0.6")
    stale = {**form_of(logged_out), "readiness": "6"}
    logged_out.post("/logout")
    yield "a second tab after logout", logged_out, stale
    grant, secret = issue_grant(db, "athlete", None, ["demo-marathoner"])
    withdrawn = browser(site, None, "10.1.0.7", secret=secret)
    stale = {**form_of(withdrawn), "readiness": "6"}
    revoke_grant(db, grant.id)
    db.engine.dispose()
    yield "a revoked link", withdrawn, stale


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_every_refusal_says_why_in_one_sentence_and_writes_nothing(backend, request):
    site = request.getfixturevalue("site" if backend == "sqlite" else "pg_site")
    for what, client, form in refusals(site):
        before = snapshot(site)
        answer = client.post("/check-in", data=form)
        assert answer.status_code in (400, 401, 403, 413), (what, answer.status_code)
        assert "Not saved" in answer.text or "not saved" in answer.text.lower(), what
        assert "Traceback" not in answer.text
        assert snapshot(site) == before, what


def test_without_check_ins_the_server_writes_nothing(published_site):
    client = browser(published_site, "cyclist", "10.1.0.9")
    assert client.get("/check-in").status_code == 404
    assert client.post("/check-in", data={"readiness": "5"}).status_code == 404


def test_a_post_from_another_site_is_refused(site):
    client = browser(site, "cyclist", "10.1.0.10")
    form = {**form_of(client), "readiness": "6"}
    answer = client.post("/check-in", data=form, headers={"origin": "https://evil.example"})
    assert answer.status_code == 403


def note_form(client: httpx.Client, athlete: str) -> dict[str, str]:
    page = client.get("/note", params={"athlete": athlete})
    assert page.status_code == 200, page.text
    return {
        "csrf": re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1),
        "athlete": athlete,
        "date": re.search(r'name="date" value="([0-9-]+)"', page.text).group(1),
    }


def test_a_coach_writes_a_note_on_one_of_their_athletes_and_nothing_else(site):
    coach = browser(site, "carla", "10.2.0.1")
    before = tables(site.db_path)
    saved = coach.post(
        "/note", data={**note_form(coach, "demo-cyclist"), "text": "Easy week, well done", "shown": "yes"}
    )
    assert saved.status_code == 200 and "Saved, shown to them on their day." in saved.text
    after = tables(site.db_path)
    assert {name for name in after if after[name] != before[name]} == {"coach_note"}
    rows = sqlite3.connect(site.db_path).execute("SELECT author, text, shown_to_athlete FROM coach_note").fetchall()
    assert rows == [("Carla", "Easy week, well done", 1)]
    second = browser(site, secret=issue_coach_link(site, "Dana", ["demo-cyclist"]), address="10.2.0.9")
    page = second.get("/note?athlete=demo-cyclist")  # a second coach sees the first one's note
    assert "Notes on this day" in page.text and "<b>Carla</b>: Easy week, well done (shown to them)" in page.text


def test_a_second_check_in_opens_with_the_first_and_keeps_its_note(site):
    client = browser(site, "marathoner", "10.1.0.77")
    answers = {"readiness": "4", "ill": "yes", "note": "sore throat"}
    assert client.post("/check-in", data={**form_of(client), **answers}).status_code == 200
    page = client.get("/check-in").text
    assert "You checked in at" in page and ">sore throat</textarea>" in page
    assert 'name="ill" value="yes" checked' in page and 'name="readiness" value="4" checked' in page


def issue_coach_link(site, person: str, athletes: list[str]) -> str:
    db = open_database(f"sqlite:///{site.db_path}")
    secret = issue_grant(db, "coach", person, athletes)[1]
    db.engine.dispose()
    return secret


def test_notes_only_from_a_coach_and_only_on_their_athletes(site):
    coach = browser(site, "carla", "10.2.0.2")
    form = note_form(coach, "demo-cyclist")
    cases = [
        ("an athlete outside the coach's scope", coach, {**form, "athlete": "demo-triathlete", "text": "hi"}),
        ("an athlete's link", browser(site, "cyclist", "10.2.0.3"), {**form, "text": "hi"}),
        ("a researcher's link", browser(site, "rita", "10.2.0.4"), {**form, "text": "hi"}),
        ("a forged token", coach, {**form, "csrf": "1" * 64, "text": "hi"}),
        ("an empty note", coach, {**form, "text": "   "}),
    ]
    for what, client, data in cases:
        before = tables(site.db_path)
        answer = client.post("/note", data=data)
        assert answer.status_code in (400, 403), (what, answer.status_code)
        assert tables(site.db_path) == before, what
    assert browser(site, "cyclist", "10.2.0.5").get("/note", params={"athlete": "demo-cyclist"}).status_code == 403


@pytest.fixture(scope="module")
def pg_site(postgres, tmp_path_factory):
    """The same server on PostgreSQL."""
    import os

    from tests.conftest import DEMO_END
    from tests.servers import issue_links, start_server
    from trainer.demo.writer import write_demo

    url = postgres.create_database(f"check_ins_{os.getpid()}")
    write_demo(open_database(url), DEMO_END)
    folder = tmp_path_factory.mktemp("check-ins-pg")
    links = issue_links(folder / "unused.db", url)
    env = {"TRAINER_CONFIG_HOME": str(folder / "config"), "TRAINER_DATA_DIR": str(folder / "data")}
    running = start_server(folder / "unused.db", "--publish", "--check-ins", env=env, url=url)
    running.links, running.url_of_db = links, url
    yield running
    stop_server(running)


def pg_tables(url: str) -> dict[str, list[str]]:
    from sqlalchemy import MetaData, select

    db = open_database(url, read_only=True)
    meta = MetaData()
    meta.reflect(db.engine)
    with db.engine.connect() as connection:
        found = {name: sorted(map(repr, connection.execute(select(table)))) for name, table in meta.tables.items()}
    db.engine.dispose()
    return found


@pytest.mark.postgres
def test_on_postgresql_a_check_in_writes_only_its_tables_and_a_refusal_nothing(pg_site):
    client = browser(pg_site, "cyclist", "10.3.0.1")
    before = pg_tables(pg_site.url_of_db)
    sent = client.post("/check-in", data={**form_of(client), "readiness": "5", "ill": "yes"})
    assert sent.status_code == 200 and "Saved." in sent.text
    after = pg_tables(pg_site.url_of_db)
    assert {name for name in after if after[name] != before[name]} == WRITTEN
    for what, data in (
        ("a forged token", {**form_of(client), "csrf": "0" * 64, "readiness": "5"}),
        ("out of range", {**form_of(client), "readiness": "12"}),
    ):
        answer = client.post("/check-in", data=data)
        assert answer.status_code in (400, 403) and pg_tables(pg_site.url_of_db) == after, what
    coach = browser(pg_site, "carla", "10.3.0.2")
    assert coach.post("/check-in", data={**form_of(client), "readiness": "5"}).status_code == 403
    assert pg_tables(pg_site.url_of_db) == after


def test_the_hourly_limit_holds_across_workers(demo_sqlite_template, tmp_path):
    """30 check-ins an hour per link, counted in the database: two workers no longer double it."""
    db_path = tmp_path / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    running = start_published_site(db_path, tmp_path, "--check-ins", "--workers", "2")
    try:
        statuses = []
        for n in range(32):
            client = browser(running, "cyclist", f"10.9.0.{n}")  # a new connection each: either worker
            statuses.append(client.post("/check-in", data={**form_of(client), "readiness": "6"}).status_code)
            client.close()
    finally:
        stop_server(running)
    assert statuses[:30] == [200] * 30 and statuses[30:] == [429, 429]
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM check_in").fetchone() == (30,)
