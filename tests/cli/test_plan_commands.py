"""`trainer goal` and `trainer plan` on the demo athletes, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from sqlalchemy import update

from tests.conftest import DEMO_END, run_trainer
from trainer.store.database import open_database
from trainer.store.models import DailyWellness

RACE = DEMO_END + timedelta(weeks=20)  # a Tuesday


def trainer_json(*args: str) -> dict | list:
    result = run_trainer(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def add_marathon(url: str, *extra: str) -> int:
    result = run_trainer(
        "goal",
        "add",
        "-a",
        "demo-triathlete",
        "--distance",
        "marathon",
        "--date",
        RACE.isoformat(),
        "--target-time",
        "3:30:00",
        "--db",
        url,
        *extra,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip())


def test_a_marathon_twenty_weeks_out_for_a_demo_athlete(demo_db_writable_url):
    url = demo_db_writable_url
    goal_id = add_marathon(url, "--days", "mon,tue,thu,sat,sun", "--days-per-week", "5", "--max-minutes", "150")
    plan = trainer_json(
        "plan", "create", "-a", "demo-triathlete", "--goal", str(goal_id), "--on", DEMO_END.isoformat(), "--db", url
    )
    assert plan["goal"]["event_date"] == RACE.isoformat() and plan["goal"]["target_time"] == "3:30:00"
    assert {"week_start", "phase", "planned_minutes", "planned_load", "deload"} <= set(plan["weeks"][0])
    assert {"date", "sport", "minutes", "intensity", "hr_low", "hr_high", "purpose"} <= set(plan["workouts"][0])
    assert len(plan["weeks"]) == 20 and plan["weeks"][0]["week_start"] == (DEMO_END + timedelta(days=1)).isoformat()
    assert [w["phase"] for w in plan["weeks"]][-3:] == ["taper"] * 3
    assert plan["workouts"][-1]["date"] == RACE.isoformat() and "Race day" in plan["workouts"][-1]["purpose"]
    assert all(w["hr_low"] and w["hr_high"] > w["hr_low"] for w in plan["workouts"])  # zones from the athlete's data
    assert max(w["minutes"] for w in plan["workouts"][:-1]) <= 150
    weekdays = {__import__("datetime").date.fromisoformat(w["date"]).weekday() for w in plan["workouts"][:-1]}
    assert weekdays <= {0, 1, 3, 5, 6}
    week1 = trainer_json(
        "plan", "show", "-a", "demo-triathlete", "--week", "1", "--on", DEMO_END.isoformat(), "--db", url
    )
    assert len(week1["weeks"]) == 1 and all(w["status"] == "planned" for w in week1["workouts"])
    for workout in week1["workouts"]:  # each session as the steps a watch would walk through
        assert sum(s["minutes"] for s in workout["steps"]) == workout["minutes"]
        work = [s for s in workout["steps"] if s["kind"] in ("work", "steady")]
        assert work and {(s["hr_low"], s["hr_high"]) for s in work if s["intensity"] == workout["intensity"]} <= {
            (workout["hr_low"], workout["hr_high"])
        }
    text = run_trainer("plan", "show", "-a", "demo-triathlete", "--on", DEMO_END.isoformat(), "--db", url).stdout
    assert "Plan for a marathon on" in text and " taper " in text
    goals = trainer_json("goal", "list", "-a", "demo-triathlete", "--db", url)
    assert [(g["id"], g["status"], g["available_days"]) for g in goals] == [(goal_id, "active", "mon,tue,thu,sat,sun")]
    done = run_trainer("goal", "done", "-a", "demo-triathlete", str(goal_id), "--db", url)
    assert done.returncode == 0 and "achieved" in done.stdout
    gone = run_trainer("plan", "show", "-a", "demo-triathlete", "--db", url)
    assert gone.returncode == 2 and "has no plan" in gone.stderr


def test_adaptation_reacts_to_a_red_week_and_keeps_the_old_version(demo_db_writable_url):
    url = demo_db_writable_url
    started = DEMO_END - timedelta(days=22)
    goal_id = add_marathon(url)
    trainer_json(
        "plan", "create", "-a", "demo-triathlete", "--goal", str(goal_id), "--on", started.isoformat(), "--db", url
    )
    plan = trainer_json("plan", "show", "-a", "demo-triathlete", "--on", DEMO_END.isoformat(), "--db", url)
    coming = next(w for w in plan["weeks"] if w["week_start"] >= DEMO_END.isoformat())
    sunday = __import__("datetime").date.fromisoformat(coming["week_start"]) - timedelta(days=1)
    db = open_database(url)
    with db.engine.begin() as connection:  # a bad week: HRV crashed, resting HR up, short sleep, stressed
        connection.execute(
            update(DailyWellness)
            .where(
                DailyWellness.athlete_id == 3,
                DailyWellness.date.between(sunday - timedelta(days=6), sunday),
            )
            .values(hrv_ms=25, resting_hr=70, sleep_minutes=250, sleep_score=35, stress_level=85)
        )
    adapted = trainer_json("plan", "adapt", "-a", "demo-triathlete", "--on", sunday.isoformat(), "--db", url)
    assert adapted["changed"] and adapted["decision"]["action"] == "deload"
    assert adapted["decision"]["reason"].startswith("7 red days last week")
    assert adapted["version"] == 2
    week = next(w for w in adapted["weeks"] if w["week"] == coming["week"])
    assert week["deload"] and week["change"].startswith("deload: 7 red days")
    assert week["planned_minutes"] < coming["planned_minutes"]
    again = trainer_json("plan", "adapt", "-a", "demo-triathlete", "--on", sunday.isoformat(), "--db", url)
    assert not again["changed"] and again["version"] == 2  # the same evidence never stacks a second deload
    from trainer.planning.store import plan_versions

    versions = plan_versions(db, goal_id)
    assert versions["version"].to_list() == [1, 2] and versions["is_current"].to_list() == [False, True]
    assert versions["change_reason"][1].startswith(f"week {coming['week']} ({coming['week_start']}): deload")


def test_the_daily_recommendation_follows_the_planned_session(demo_db_writable_url):
    url = demo_db_writable_url
    goal_id = add_marathon(url)
    plan = trainer_json(
        "plan",
        "create",
        "-a",
        "demo-triathlete",
        "--goal",
        str(goal_id),
        "--on",
        (DEMO_END - timedelta(days=10)).isoformat(),
        "--db",
        url,
    )
    session = [w for w in plan["workouts"] if w["date"] <= DEMO_END.isoformat()][-1]  # the last planned day with data
    today = trainer_json("today", "-a", "demo-triathlete", "--date", session["date"], "--db", url)
    assert today["planned"]["minutes"] == session["minutes"] and today["planned"]["intensity"] == session["intensity"]
    rec = today["recommendation"]
    assert sum(step["minutes"] for step in rec["steps"]) == rec["minutes"]  # the day's session as steps, too
    assert all(step["hr_low"] is not None for step in rec["steps"])
    if today["status"] == "green":
        assert rec["minutes"] == session["minutes"]
    elif today["status"] == "yellow":
        assert rec["minutes"] == round(session["minutes"] * 0.75)


def test_goal_mistakes_are_one_line_errors(demo_sqlite_url):
    cases = [
        (
            ("--distance", "ultramarathon"),
            "distance 'ultramarathon': use 5k, 10k, half, marathon, ultra or a number of km",
        ),
        (("--distance", "10k", "--target-time", "45"), "target time '45': use H:MM:SS"),
        (("--distance", "10k", "--days", "mon,funday"), "'funday' is not a weekday"),
        (
            ("--distance", "10k", "--days-per-week", "6", "--days", "mon,wed,fri"),
            "6 days a week asked but only 3 available",
        ),
    ]
    for args, message in cases:
        result = run_trainer(
            "goal", "add", "-a", "demo-triathlete", "--date", RACE.isoformat(), *args, "--db", demo_sqlite_url
        )
        assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    goal_id = add_marathon(demo_sqlite_url)
    too_close = run_trainer(
        "plan",
        "create",
        "-a",
        "demo-triathlete",
        "--goal",
        str(goal_id),
        "--on",
        (RACE - timedelta(days=20)).isoformat(),
        "--db",
        demo_sqlite_url,
    )
    assert too_close.returncode == 2 and "needs at least 4 whole weeks" in too_close.stderr
    read_only = run_trainer(
        "plan",
        "create",
        "-a",
        "demo-triathlete",
        "--goal",
        str(goal_id),
        "--db",
        demo_sqlite_url,
        env={"TRAINER_READ_ONLY": "1"},
    )
    assert read_only.returncode == 2 and "read-only" in read_only.stderr


def test_goals_in_every_sport_from_the_command_line(demo_sqlite_url):
    """A cyclist's gran fondo, a triathlete's 70.3, a runner's marathon and a base block: each plan
    in its own sports, the first week near what the athlete does now, the watch push in the sport."""
    on = DEMO_END.isoformat()

    def add(athlete: str, *args: str) -> tuple[int, str]:
        result = run_trainer("goal", "add", "-a", athlete, "--on", on, *args, "--db", demo_sqlite_url)
        assert result.returncode == 0, result.stderr
        return int(result.stdout.strip()), result.stderr

    def plan(athlete: str, goal_id: int) -> dict:
        return trainer_json(
            "plan", "create", "-a", athlete, "--goal", str(goal_id), "--on", on, "--db", demo_sqlite_url
        )

    fondo, _ = add(
        "demo-cyclist", "--sport", "cycling", "--event", "gran-fondo", "--hours", "5", "--date", RACE.isoformat()
    )
    ride = plan("demo-cyclist", fondo)
    assert ride["goal"]["event"] == "5 h gran fondo" and ride["goal"]["kind"] == "gran-fondo"
    assert {w["sport"] for w in ride["workouts"]} == {"bike"}
    assert all(step["hr_low"] for w in ride["workouts"] for step in w["steps"] if step["kind"] != "warmup")
    assert ride["workouts"][-1]["kind"] == "race" and ride["workouts"][-1]["minutes"] == 300
    assert ride["heart_rate_zones"] == {
        "bike": "no cycling zones known: your maximum and resting heart rate, the same for every sport"
    }  # the demo has no Garmin zones: says which were used
    first = (DEMO_END - timedelta(days=27)).isoformat()
    recent = run_trainer(
        "export", "activities", "-a", "demo-cyclist", "--from", first, "--to", on, "--db", demo_sqlite_url
    )  # the cyclist's last four weeks
    assert recent.returncode == 0, recent.stderr
    rides = [row for row in csv.DictReader(io.StringIO(recent.stdout)) if row["sport"] == "bike"]
    bike_minutes = sum(float(row["duration_s"]) for row in rides) / 60 / 4
    assert 0.9 * bike_minutes <= ride["weeks"][0]["planned_minutes"] <= 1.1 * bike_minutes
    dry = run_trainer("plan", "push", "-a", "demo-cyclist", "--on", on, "--dry-run", "--db", demo_sqlite_url)
    assert dry.returncode == 0, dry.stderr
    calls = json.loads(dry.stdout)
    assert calls and {c["call"] for c in calls if c["action"] == "create"} == {"upload_cycling_workout"}

    tri_id, _ = add("demo-triathlete", "--sport", "triathlon", "--distance", "70.3", "--date", RACE.isoformat())
    tri = plan("demo-triathlete", tri_id)
    sports = {w["sport"] for w in tri["workouts"]}
    assert sports == {"swim", "bike", "run", "triathlon"} and any(w["kind"] == "brick" for w in tri["workouts"])
    assert tri["goal"]["distance_km"] == 113.0
    first = tri["workouts"][0]["date"]
    pushed = run_trainer(
        "plan", "push", "-a", "demo-triathlete", "--on", first, "--days", "14", "--dry-run", "--db", demo_sqlite_url
    )
    assert pushed.returncode == 0, pushed.stderr
    sent = [c for c in json.loads(pushed.stdout) if c["action"] == "create"]
    assert len({c["date"] for c in sent}) == len(sent)  # one workout a day on the watch: the day's main one
    assert {"upload_cycling_workout", "upload_running_workout", "upload_swimming_workout"} >= {c["call"] for c in sent}
    by_day: dict[str, list] = {}
    for w in tri["workouts"]:
        by_day.setdefault(w["date"], []).append(w)
    for call in sent:
        longest = max(by_day[call["date"]], key=lambda w: w["minutes"])
        assert call["call"] == {"bike": "upload_cycling_workout", "run": "upload_running_workout"}.get(
            longest["sport"], "upload_swimming_workout"
        )

    marathon, _ = add("demo-marathoner", "--sport", "running", "--distance", "marathon", "--date", RACE.isoformat())
    assert {w["sport"] for w in plan("demo-marathoner", marathon)["workouts"]} == {"run"}
    base, _ = add("demo-cyclist", "--sport", "base")
    block = plan("demo-cyclist", base)
    assert block["goal"]["kind"] == "base" and len(block["weeks"]) == 12
    assert not any(w["kind"] == "race" for w in block["workouts"]) and {w["sport"] for w in block["workouts"]} == {
        "bike"
    }
    assert {w["phase"] for w in block["weeks"]} == {"base"} and any(w["deload"] for w in block["weeks"])


def test_an_implausible_target_is_warned_in_words_and_bad_sports_are_one_line_errors(demo_sqlite_url):
    on = DEMO_END.isoformat()
    fast = run_trainer(
        "goal", "add", "-a", "demo-marathoner", "--distance", "half", "--target-time", "0:50:00",
        "--date", RACE.isoformat(), "--on", on, "--db", demo_sqlite_url,
    )  # fmt: skip
    assert fast.returncode == 2 and fast.stderr.count("\n") == 1, fast.stderr  # refused in one line, not stored
    assert "--target-time: 0:50:00 for a half marathon is faster than the world's best" in fast.stderr
    assert "Nothing was saved." in fast.stderr
    cases = [
        (
            ("--sport", "curling", "--distance", "10k"),
            "sport 'curling': use running, cycling, triathlon, swimming or base",
        ),
        (
            ("--sport", "triathlon", "--distance", "middle"),
            "triathlon distance 'middle': use sprint, olympic, 70.3 or full",
        ),
        (("--sport", "cycling", "--event", "criterium", "--hours", "1"), "cycling event 'criterium'"),
        (("--sport", "cycling", "--event", "gran-fondo"), "a cycling event needs its length in hours"),
    ]
    for args, message in cases:
        result = run_trainer(
            "goal", "add", "-a", "demo-cyclist", "--date", RACE.isoformat(), *args, "--db", demo_sqlite_url
        )
        assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    no_date = run_trainer("goal", "add", "-a", "demo-cyclist", "--distance", "10k", "--db", demo_sqlite_url)
    assert no_date.returncode == 2 and "only a base block goes without one" in no_date.stderr


def test_goal_add_refuses_the_impossible_and_the_past_and_warns_of_two_a_races(demo_sqlite_url):
    """These were all stored as active A goals with at most a note: a 70.3 in 2:00:00, 150 km in
    2 h (75 km/h), a gran fondo dated in the past, two A 70.3s on one day; and a ride's length was
    asked for though its distance and target time give it."""

    def add(*args: str):
        return run_trainer("goal", "add", "-a", "demo-cyclist", *args, "--db", demo_sqlite_url)

    race = RACE.isoformat()
    refused = [
        (("--sport", "triathlon", "--distance", "70.3", "--target-time", "2:00:00", "--date", race), "world's best"),
        (
            ("--sport", "cycling", "--event", "gran-fondo", "--km", "150", "--target-time", "2:00:00", "--date", race),
            "75.0 km/h for 150 km is faster than anyone rides a 2 h gran fondo",
        ),
        (("--sport", "cycling", "--event", "gran-fondo", "--hours", "5", "--date", "2026-10-04"), "not ahead"),
    ]
    for args, message in refused:
        result = add(*args)
        assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert "no goals" in run_trainer("goal", "list", "-a", "demo-cyclist", "--db", demo_sqlite_url).stdout
    later = (RACE + timedelta(days=60)).isoformat()
    ride = ("--sport", "cycling", "--event", "gran-fondo", "--km", "150", "--target-time", "5:30:00")
    derived = add(*ride, "--date", later)
    assert derived.returncode == 0, derived.stderr
    assert "5.5 h gran fondo" in derived.stderr  # its length from the distance and the target time
    first = add("--sport", "triathlon", "--distance", "70.3", "--date", race)
    assert first.returncode == 0 and "Another A race" not in first.stderr
    second = add("--sport", "triathlon", "--distance", "70.3", "--date", (RACE - timedelta(days=13)).isoformat())
    assert second.returncode == 0
    assert f"note: Another A race, 70.3 triathlon on {race}, is 13 days from this one" in second.stderr
    listed = run_trainer("goal", "list", "-a", "demo-cyclist", "--db", demo_sqlite_url).stdout
    assert f"  A  70.3 triathlon on {race}\n" in listed  # said once, not "70.3 triathlon: 70.3 triathlon on ..."
