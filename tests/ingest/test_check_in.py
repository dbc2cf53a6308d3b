"""The morning check-in: every version kept, illness and injury as spells that change the day's
advice, and nothing written when an answer is out of range. Both backends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import DEMO_END, run_trainer
from trainer.errors import TrainerError
from trainer.ingest.check_in import Answers, log_episode, record_check_in
from trainer.planning.today import today
from trainer.store.athletes import get_athlete
from trainer.store.database import ReadOnlyError, open_database
from trainer.store.loaders import load_health_episodes, load_readiness
from trainer.store.models import CheckIn, table_of


def versions(db, athlete_id: int, day: date) -> list[tuple]:
    c = table_of(CheckIn)
    with db.engine.connect() as connection:
        return connection.execute(
            select(c.c.version, c.c.readiness, c.c.via)
            .where(c.c.athlete_id == athlete_id, c.c.date == day)
            .order_by(c.c.version)
        ).all()


def test_a_correction_is_a_new_version_and_the_latest_is_the_days_readiness(demo_db_writable_url):
    db = open_database(demo_db_writable_url)
    athlete = get_athlete(db, "demo-cyclist")
    day = DEMO_END
    assert record_check_in(db, athlete.id, day, Answers(readiness=4, fatigue=2, soreness=3), "link 7") == 1
    assert record_check_in(db, athlete.id, day, Answers(readiness=6, fatigue=3, soreness=3), "app") == 2
    assert versions(db, athlete.id, day) == [(1, 4.0, "link 7"), (2, 6.0, "app")]
    stored = load_readiness(db, [athlete.id], start=day, end=day).row(0, named=True)
    assert (stored["readiness"], stored["fatigue"]) == (6.0, 3.0)


def test_feeling_ill_means_rest_then_three_days_easing_back(demo_db_writable_url):
    db = open_database(demo_db_writable_url)
    athlete = get_athlete(db, "demo-marathoner")
    ill_day = DEMO_END - timedelta(days=3)
    record_check_in(db, athlete.id, ill_day, Answers(readiness=2, ill=True), "link 3")
    advice = today(db, athlete, ill_day).recommendation
    assert advice.workout_type == "rest" and advice.rationale.startswith("You said you feel ill: rest today")
    record_check_in(db, athlete.id, ill_day + timedelta(days=1), Answers(readiness=5, ill=False), "link 3")
    assert load_health_episodes(db, athlete.id) == [
        {"kind": "illness", "body_part": None, "severity": None, "start": ill_day, "end": ill_day}
    ]
    back = today(db, athlete, ill_day + timedelta(days=1)).recommendation
    assert back.intensity in ("easy", "recovery") or back.workout_type == "rest"
    if back.workout_type != "rest":
        assert "Easing back in after your illness (day 1 of 3)" in back.rationale
    assert "Easing back" not in today(db, athlete, ill_day + timedelta(days=4)).recommendation.rationale


def test_a_leg_injury_gets_no_running(demo_db_writable_url):
    db = open_database(demo_db_writable_url)
    athlete = get_athlete(db, "demo-marathoner")
    before = today(db, athlete, DEMO_END).recommendation
    assert before.workout_type == "run" and before.minutes > 0
    record_check_in(
        db,
        athlete.id,
        DEMO_END,
        Answers(readiness=7, injured=True, injury_part="calf", injury_severity="limits"),
        "link 3",
    )
    after = today(db, athlete, DEMO_END).recommendation
    # a marathoner who never swims is not handed a swim: strength and mobility, and no word of the run
    assert after.workout_type == "strength" and after.minutes == 30 and after.intensity == "easy"
    assert after.rationale.startswith("Your calf injury limits training: no running today; 30 min easy strength")
    assert " run" not in after.rationale.split("today;", 1)[1] and "bpm" not in after.rationale
    log_episode(db, athlete.id, "injury", DEMO_END, None, "knee", "cannot train")
    assert today(db, athlete, DEMO_END).recommendation.workout_type == "rest"


def test_a_triathletes_leg_injury_moves_the_run_to_the_pool_in_swim_minutes(demo_db_writable_url):
    from trainer.scoring.recommend import QUALITY_MINUTES

    db = open_database(demo_db_writable_url)
    athlete = get_athlete(db, "demo-triathlete")
    day = next(
        d
        for d in (DEMO_END - timedelta(days=n) for n in range(14))
        if today(db, athlete, d).recommendation.workout_type == "run"
    )
    run = today(db, athlete, day).recommendation
    log_episode(db, athlete.id, "injury", day, None, "calf", "limits")
    swim = today(db, athlete, day).recommendation
    assert swim.workout_type == "swim" and swim.intensity in ("easy", "recovery")
    assert swim.minutes % 5 == 0 and 10 <= swim.minutes <= min(run.minutes, QUALITY_MINUTES["swim"])
    assert f"{swim.minutes} min easy swim" in swim.rationale and " run" not in swim.rationale.split("today;", 1)[1]


@pytest.mark.parametrize(
    "answers, problem",
    [
        (Answers(readiness=11), "readiness is 0 to 10"),
        (Answers(readiness=5, fatigue=0), "fatigue is 1 to 5"),
        (Answers(), "nothing was answered"),
        (Answers(readiness=5, injured=True), "say where the injury is"),
        (Answers(readiness=5, injured=True, injury_part="calf", injury_severity="awful"), "say how bad"),
        (Answers(readiness=5, note="x" * 501), "at most 500 characters"),
        (Answers(readiness=5, note="sore\x00throat"), "control character \\(such as NUL\\)"),  # a 500 on PostgreSQL
    ],
)
def test_a_bad_check_in_writes_nothing(demo_db_writable_url, answers, problem):
    db = open_database(demo_db_writable_url)
    athlete = get_athlete(db, "demo-cyclist")
    with pytest.raises(TrainerError, match=problem):
        record_check_in(db, athlete.id, DEMO_END, answers, "link 7")
    with db.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(table_of(CheckIn))).scalar() == 0
    assert load_health_episodes(db, athlete.id) == []


def test_a_read_only_database_takes_no_check_in(demo_sqlite_url):
    with pytest.raises(ReadOnlyError):
        record_check_in(open_database(demo_sqlite_url, read_only=True), 1, DEMO_END, Answers(readiness=5), "x")


def test_log_illness_and_injury_from_the_command_line(demo_sqlite_url):
    done = run_trainer(
        "log",
        "illness",
        "--athlete",
        "demo-cyclist",
        "--from",
        "2026-11-20",
        "--to",
        "2026-11-22",
        "--db",
        demo_sqlite_url,
    )
    assert done.returncode == 0 and "illness logged from 2026-11-20 to 2026-11-22" in done.stdout
    bad = run_trainer(
        "log",
        "injury",
        "--athlete",
        "demo-cyclist",
        "--from",
        "2026-11-20",
        "--part",
        "elbow",
        "--severity",
        "limits",
        "--db",
        demo_sqlite_url,
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "needs --part" in bad.stderr
    db = open_database(demo_sqlite_url, read_only=True)
    assert [e["kind"] for e in load_health_episodes(db, get_athlete(db, "demo-cyclist").id)] == ["illness"]


def test_a_coachs_note_with_a_nul_is_refused_in_words_on_every_backend(demo_db_writable_url):
    from trainer.ingest.check_in import record_coach_note

    db = open_database(demo_db_writable_url)
    athlete = get_athlete(db, "demo-cyclist")
    with pytest.raises(TrainerError, match="not saved: the note has a control character"):
        record_coach_note(db, athlete.id, DEMO_END, "easy\x00week", "Carla", None, True)
    record_coach_note(db, athlete.id, DEMO_END, "easy week,\nwell done\tagain", "Carla", None, True)  # breaks are fine
