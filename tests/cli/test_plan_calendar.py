"""`trainer plan ics`: the plan as a calendar file, read back by two independent iCalendar parsers."""

from __future__ import annotations

import json
from datetime import date, timedelta

import icalendar
import vobject

from tests.conftest import DEMO_END, run_trainer


def test_the_plan_becomes_a_calendar_that_imports_the_same_every_time(demo_db_url, tmp_path):
    first, second = tmp_path / "plan.ics", tmp_path / "again.ics"
    for out in (first, second):
        done = run_trainer(
            "plan", "ics", "-a", "demo-marathoner", "--on", DEMO_END.isoformat(), "--out", str(out), "--db", demo_db_url
        )
        assert done.returncode == 0, done.stderr
    assert first.read_bytes() == second.read_bytes()  # same plan, same file: a re-import changes nothing
    shown = run_trainer(
        "plan", "show", "-a", "demo-marathoner", "--on", DEMO_END.isoformat(), "--json", "--db", demo_db_url
    )
    sessions = {w["date"]: w for w in json.loads(shown.stdout)["workouts"] if w["minutes"] > 0}

    parsed = icalendar.Calendar.from_ical(first.read_bytes())
    events = list(parsed.walk("VEVENT"))
    assert len(events) == len(sessions) and len({str(e["uid"]) for e in events}) == len(events)
    for event in events:
        start = event.decoded("dtstart")
        session = sessions[start.date().isoformat()]
        assert str(start.tzinfo) == "Europe/Oslo" and (start.hour, start.minute) == (7, 0)  # the athlete's own zone
        assert event.decoded("duration") == timedelta(minutes=session["minutes"])
        assert str(event["uid"]) == f"trainer-athlete-1-{session['date']}@trainer"
        description = str(event["description"])
        for step in session["steps"]:  # every step, with its heart-rate range
            assert f"{step['minutes']} min {step['intensity']}" in description
            if step["hr_low"] is not None:
                assert f"{step['hr_low']}-{step['hr_high']} bpm" in description

    other = vobject.readOne(first.read_text())  # a second, independent parser agrees
    assert sorted(e.uid.value for e in other.vevent_list) == sorted(str(e["uid"]) for e in events)
    assert {e.dtstart.value.date() for e in other.vevent_list} == {date.fromisoformat(d) for d in sessions}
    assert other.vtimezone.tzid.value == "Europe/Oslo"


def test_the_calendar_goes_to_standard_output_and_a_missing_plan_is_one_line(demo_db_url):
    printed = run_trainer("plan", "ics", "-a", "demo-marathoner", "--on", DEMO_END.isoformat(), "--db", demo_db_url)
    assert printed.returncode == 0 and printed.stdout.startswith("BEGIN:VCALENDAR")
    nobody = run_trainer("plan", "ics", "-a", "demo-cyclist", "--db", demo_db_url)
    assert nobody.returncode == 2 and len(nobody.stderr.strip().splitlines()) == 1 and "no plan" in nobody.stderr
