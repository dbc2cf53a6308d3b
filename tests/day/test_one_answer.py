"""One athlete, one day, one answer: the same date, number, status and session through every face
that asks the day room: ``trainer today --json``, the early card (the dashboard's own first view),
the athlete's morning message, the watch push (dry run), the coach's front door, the squad and the
coach's digest.

The demo squad at 17:00 UTC on the demo's last day: the marathoner (Oslo, 18:00) and the cyclist
(Denver, 10:00) are in a study, one in each arm, the marathoner checked in ill; the triathlete
(Sydney, 04:00 on the next day) is scored with the team's settings, has no device data for her
today yet, and has checked in a calf injury that limits training.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from icalendar import Calendar

from tests.conftest import DEMO_END, run_trainer
from trainer.access.grants import issue_grant
from trainer.access.viewer import OWNER, Viewer
from trainer.day.answer import athlete_day, session_words
from trainer.day.attention import athletes_days, squad_morning
from trainer.day.status import label
from trainer.day.store_source import StoreSquad
from trainer.ingest.check_in import Answers, record_check_in
from trainer.notify.morning import add_target, send_due
from trainer.planning.watch.push import planned_calls
from trainer.research.study_store import create_study
from trainer.scoring.config import ScoringConfig
from trainer.settings import Settings
from trainer.store.athletes import add_athlete, get_athlete
from trainer.store.database import open_database
from trainer.views.first_card import first_card_html
from trainer.views.reader import open_for_viewer
from trainer.views.squad import attention_today

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
SYDNEY_DAY = DEMO_END + timedelta(days=1)
STUDY_SEED = 2  # puts the marathoner and the cyclist in different arms (asserted)


@pytest.fixture
def squad(demo_sqlite_url, tmp_path):
    db = open_database(demo_sqlite_url)
    ids = {name: get_athlete(db, name).id for name in ("demo-marathoner", "demo-cyclist", "demo-triathlete")}
    others = [add_athlete(db, "runner-two", main_sport="run").id, add_athlete(db, "rider-two", main_sport="bike").id]
    _, allocation = create_study(
        db,
        "spring",
        ["seed", "personal"],
        [ids["demo-marathoner"], ids["demo-cyclist"], *others],
        8,
        STUDY_SEED,
        ScoringConfig(),
        DEMO_END - timedelta(days=20),
        False,
    )
    arms = {a.athlete_id: a.arm for a in allocation if a.athlete_id in ids.values()}
    record_check_in(db, ids["demo-marathoner"], DEMO_END, Answers(readiness=3, ill=True), "link 1")
    injured = Answers(readiness=5, injured=True, injury_part="calf", injury_severity="limits", note="calf tight")
    record_check_in(db, ids["demo-triathlete"], SYDNEY_DAY, injured, "link 3")
    settings = Settings(
        database_url=demo_sqlite_url,
        data_dir=tmp_path / "data",
        config_home=tmp_path / "config",
        secret_key_file=tmp_path / "key",
        public_url="https://trainer.example.org",
        clock=NOW.isoformat(),
    )
    return db, settings, ids, arms


def test_every_face_gives_one_date_one_number_one_status_one_session(squad, monkeypatch):
    db, settings, ids, arms = squad
    assert sorted(arms.values()) == ["personal", "seed"]  # one athlete in each arm
    monkeypatch.setenv("TRAINER_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("TRAINER_NOW", settings.clock)
    monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
    grant, _ = issue_grant(db, "coach", "Carla", list(ids), now=NOW)
    digest_target = add_target(db, settings, "json://127.0.0.1:9/coach", "07:00", grant=grant, details=True)
    owner, _, _ = open_for_viewer(settings, OWNER)
    front_door = attention_today(owner, NOW)
    squad_rows = {row["athlete"]: row for row in squad_morning(owner, athletes_days(owner, NOW)).iter_rows(named=True)}
    said: list[str] = []
    send_due(
        db, settings, NOW, sender=lambda _url, _title, body: said.append(body) or True, only=digest_target, test=True
    )
    digest = said[0]

    expected_days = {"demo-marathoner": DEMO_END, "demo-cyclist": DEMO_END, "demo-triathlete": SYDNEY_DAY}
    for name, athlete_id in ids.items():
        athlete = get_athlete(db, name)
        the_day = athlete_day(db, athlete, expected_days[name])
        assert the_day.date == expected_days[name]
        assert the_day.settings.source == ("study" if athlete_id in arms else "team")
        if athlete_id in arms:
            assert the_day.settings.config.method == arms[athlete_id]
        session = session_words(the_day.recommendation)

        cli = run_trainer(
            "today", "-a", name, "--json", "--db", settings.database_url, env={"TRAINER_NOW": settings.clock}
        )
        answer = json.loads(cli.stdout)
        assert answer["date"] == the_day.date.isoformat(), name
        assert (answer["total_score"], answer["status"], answer["session"]) == (the_day.score, the_day.status, session)

        card = html.unescape(first_card_html(settings, OWNER, {"athlete": name}) or "")
        assert f"{the_day.date:%A %d %B %Y}" in card, name
        number = the_day.score if the_day.score is not None else "–"
        assert f'line-height:1">{number}</div>' in card
        assert f"<b>Today:</b> {session}</p>" in card and the_day.settings.label in card

        message_to = add_target(
            db, settings, f"json://127.0.0.1:9/{athlete_id}", "07:00", athlete=athlete, details=True
        )
        said.clear()
        send_due(
            db, settings, NOW, sender=lambda _url, _title, body: said.append(body) or True, only=message_to, test=True
        )
        checked_in = name != "demo-cyclist"
        assert session in said[0] and ("You have checked in today" in said[0]) == checked_in, said[0]
        assert ("Check in (15 seconds)" in said[0]) != checked_in

        calendar = run_trainer(
            "plan", "ics", "-a", name, "--db", settings.database_url, env={"TRAINER_NOW": settings.clock}
        )
        if calendar.returncode == 0:  # an athlete with a plan: the day's event is the day's session, or none
            events = Calendar.from_ical(calendar.stdout).walk("VEVENT")
            today = [e for e in events if e.decoded("dtstart").date() == the_day.date]
            if the_day.recommendation.workout_type == "rest":
                assert today == [], name
            elif today:
                assert str(today[0]["summary"]).startswith(f"{the_day.recommendation.minutes} min "), name

        row = squad_rows[name]
        assert row["day"] == the_day.date and row["score"] == the_day.score and row["status"] == label(the_day.status)
        assert front_door[athlete_id]["score"] == the_day.score and front_door[athlete_id]["status"] == row["status"]
        assert (front_door[athlete_id]["rank"] == 0) == row["needs_look"] == (f"{name}:" in digest), name

    # what they said rules the day: the ill marathoner rests, whatever the number, and says so
    marathoner = athlete_day(db, get_athlete(db, "demo-marathoner"), DEMO_END)
    assert marathoner.recommendation.workout_type == "rest" and marathoner.status_words().endswith("rest today")
    assert "ill" in squad_rows["demo-marathoner"]["why"]
    # the triathlete before her watch: no score yet, a swim or a ride instead of the run, flagged for the coach
    triathlete = athlete_day(db, get_athlete(db, "demo-triathlete"), SYDNEY_DAY)
    assert triathlete.score is None and triathlete.recommendation.workout_type != "run"
    assert "injured: calf (limits training)" in squad_rows["demo-triathlete"]["why"]
    assert "calf tight" in squad_rows["demo-triathlete"]["why"]
    assert f"{sum(squad_rows[name]['needs_look'] for name in ids)} of your 3 athletes need a look" in digest

    # the calendar too: the plan has a session on the ill marathoner's day, her calendar feed has none
    from trainer.planning.service import plan_calendar_for

    plain = Calendar.from_ical(plan_calendar_for(db, get_athlete(db, "demo-marathoner"), DEMO_END) or b"")
    assert any(e.decoded("dtstart").date() == DEMO_END for e in plain.walk("VEVENT"))
    feed = plan_calendar_for(db, get_athlete(db, "demo-marathoner"), DEMO_END, the_day=marathoner.advice) or b""
    assert not any(e.decoded("dtstart").date() == DEMO_END for e in Calendar.from_ical(feed).walk("VEVENT"))

    # the watch gets the day's answer: the ill marathoner's day is taken off it
    marathoner_record = get_athlete(db, "demo-marathoner")
    calls = planned_calls(db, marathoner_record, DEMO_END, 1, marathoner.advice)
    assert all(call["action"] in ("remove",) for call in calls) and not [
        c for c in calls if c["action"] in ("create", "update")
    ]
    dry = run_trainer(
        "plan",
        "push",
        "-a",
        "demo-marathoner",
        "--dry-run",
        "--db",
        settings.database_url,
        env={"TRAINER_NOW": settings.clock},
    )
    assert dry.returncode == 0 and DEMO_END.isoformat() not in [
        c["date"] for c in json.loads(dry.stdout) if c["action"] == "create"
    ]


def test_a_revoked_coach_link_gets_no_digest(squad):
    db, settings, ids, _ = squad
    from trainer.access.grants import revoke_grant

    grant, _ = issue_grant(db, "coach", "Carla", list(ids), now=NOW)
    target = add_target(db, settings, "json://127.0.0.1:9/coach", "07:00", grant=grant, details=True)
    revoke_grant(db, grant.id)
    said: list[str] = []
    report = send_due(db, settings, NOW + timedelta(hours=1), sender=lambda *_: said.append("x") or True, only=target)
    assert said == [] and report.sent == []


def test_a_coach_sees_each_athletes_own_today(squad):
    """At 17:00 UTC the triathlete is already in Monday: the squad looks at her Monday and the others' Sunday."""
    db, settings, ids, _ = squad
    coach = Viewer(role="coach", person="Carla", athlete_ids=frozenset(ids.values()), grant_id=1)
    reader, _, _ = open_for_viewer(settings, coach)
    days = dict(athletes_days(reader, NOW).iter_rows())
    assert days == {ids["demo-marathoner"]: DEMO_END, ids["demo-cyclist"]: DEMO_END, ids["demo-triathlete"]: SYDNEY_DAY}
    store = squad_morning(StoreSquad(db, list(ids.values())), athletes_days(StoreSquad(db, list(ids.values())), NOW))
    shown = squad_morning(reader, days_frame := athletes_days(reader, NOW), coach=True)
    assert days_frame.height == 3
    assert (
        store.select("athlete", "day", "score", "status", "why")
        .sort("athlete")
        .equals(shown.select("athlete", "day", "score", "status", "why").sort("athlete"))
    )
    assert "no data today" in shown.filter(pl.col("athlete") == "demo-triathlete")["why"][0]
