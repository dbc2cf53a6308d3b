"""`trainer access add | list | revoke` through the real command."""

from __future__ import annotations

import re

from tests.conftest import run_trainer
from trainer.access.grants import athlete_for_feed, hash_secret, viewer_for_secret
from trainer.store.database import open_database

LINK = re.compile(r"^(https?://\S+)/login#([A-Za-z0-9_-]{43,})$", re.MULTILINE)
FEED = re.compile(r"^(https?://\S+)/feed/([A-Za-z0-9_-]{43,})\.ics$", re.MULTILINE)


def test_add_prints_a_private_link_once_and_stores_only_its_hash(demo_sqlite_url):
    added = run_trainer(
        "access",
        "add",
        "--coach",
        "Carla",
        "--athletes",
        "demo-cyclist,demo-marathoner",
        "--expires",
        "90d",
        "--url",
        "https://example.org/trainer/",
        "--db",
        demo_sqlite_url,
    )
    assert added.returncode == 0, added.stderr
    base, secret = LINK.search(added.stdout).groups()
    assert base == "https://example.org/trainer"
    viewer = viewer_for_secret(open_database(demo_sqlite_url), secret)
    assert viewer.role == "coach" and len(viewer.athlete_ids) == 2
    raw = open(demo_sqlite_url.removeprefix("sqlite:///"), "rb").read()
    assert secret.encode() not in raw and hash_secret(secret).encode() in raw
    listed = run_trainer("access", "list", "--db", demo_sqlite_url)
    assert listed.returncode == 0 and secret not in listed.stdout
    assert re.search(
        r"1\s+Carla\s+coach\s+active\s+sees: demo-cyclist, demo-marathoner; created \d{4}-\d\d-\d\d, last used "
        r"never, \d{4}-",
        listed.stdout,
    )


def test_revoke_withdraws_the_link_and_its_calendar_feed(demo_sqlite_url):
    added = run_trainer("access", "add", "--athlete", "demo-cyclist", "--db", demo_sqlite_url).stdout
    secret, feed = (
        LINK.search(added).group(2),
        FEED.search(added).group(2),
    )  # an athlete's link comes with a calendar address
    db = open_database(demo_sqlite_url)
    assert (
        feed != secret
        and {athlete_for_feed(db, feed)} == viewer_for_secret(db, secret).athlete_ids
        and athlete_for_feed(db, secret) is None
    )
    assert feed.encode() not in open(demo_sqlite_url.removeprefix("sqlite:///"), "rb").read()  # only its hash is kept
    revoked = run_trainer("access", "revoke", "1", "--db", demo_sqlite_url)
    assert revoked.returncode == 0 and "no longer work" in revoked.stdout
    assert viewer_for_secret(open_database(demo_sqlite_url), secret) is None
    assert athlete_for_feed(open_database(demo_sqlite_url), feed) is None
    assert "revoked" in run_trainer("access", "list", "--db", demo_sqlite_url).stdout


def test_mistakes_get_one_line_and_exit_2(demo_sqlite_url):
    for args, message in (
        (["--coach", "Carla"], "--athletes a,b or --all-athletes"),
        (["--athlete", "nobody"], "no athlete named 'nobody'"),
        (["--athlete", "demo-cyclist", "--coach", "C"], "exactly one of"),
        (["--athlete", "demo-cyclist", "--all-athletes"], "go with --coach or --researcher"),
        (["--researcher", "R", "--expires", "soon"], "not a duration"),
    ):
        result = run_trainer("access", "add", *args, "--db", demo_sqlite_url)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert run_trainer("access", "revoke", "42", "--db", demo_sqlite_url).returncode == 2
    assert "no access links yet" in run_trainer("access", "list", "--db", demo_sqlite_url).stdout
