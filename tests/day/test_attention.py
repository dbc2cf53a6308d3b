"""What the coach's squad table says about the athletes' mornings: ill or injured, silent for
three days, readiness three or more below their own usual, and the note they left."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from tests.conftest import DEMO_END
from trainer.day.attention import morning_flags

ON = date(2026, 11, 24)


def check_ins(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema={"athlete_id": pl.Int64, "date": pl.Date, "readiness": pl.Float64, "note": pl.String}, orient="row"
    )


def episodes(rows: list[tuple]) -> pl.DataFrame:
    schema = {
        "athlete_id": pl.Int64,
        "kind": pl.String,
        "body_part": pl.String,
        "severity": pl.String,
        "start": pl.Date,
        "end": pl.Date,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def test_each_kind_of_morning_flag():
    days = [ON - timedelta(days=n) for n in range(6)]
    flags = morning_flags(
        check_ins(
            [
                (1, days[3], 8.0, None),
                (1, days[2], 7.0, None),
                (1, days[1], 8.0, None),
                (1, days[0], 4.0, "slept badly, sore throat"),  # 4 below their usual 8, a note
                (2, days[4], 6.0, None),  # silent for 4 days
                (3, days[3], 7.0, None),
                (3, days[2], 6.0, None),
                (3, days[1], 7.0, None),
                (3, days[0], 5.0, None),  # 2 below their usual 7: no flag
                (6, days[1], 9.0, None),
                (6, days[0], 4.0, None),  # one answer before: no usual yet, no flag
            ]
        ),
        episodes(
            [
                (1, "illness", None, None, days[0], None),
                (4, "injury", "calf", "limits", days[3], None),
                (5, "injury", "knee", "niggle", days[5], days[2]),
            ]
        ),  # 5's ended: no flag
        ON,
    )
    said = dict(zip(flags["athlete_id"], flags["morning"]))
    assert said == {
        1: f"ill; readiness 4 against their usual 8; note ({ON}): slept badly, sore throat",
        2: "no check-in for 4 days",
        3: "",  # nothing to flag, but they said how ready they are: the coach sees it
        4: "injured: calf (limits training)",
        6: "",
    }
    assert dict(zip(flags["athlete_id"], flags["said"])) == {1: 4.0, 2: None, 3: 5.0, 4: None, 6: 4.0}


def test_the_squad_notebook_shows_them(demo_sqlite_url, monkeypatch):
    from tests.notebooks.test_dashboard import load_app
    from trainer.ingest.check_in import Answers, record_check_in
    from trainer.store.athletes import get_athlete
    from trainer.store.database import open_database

    db = open_database(demo_sqlite_url)
    cyclist = get_athlete(db, "demo-cyclist")
    record_check_in(db, cyclist.id, DEMO_END, Answers(readiness=3, ill=True, note="fever"), "link 1")
    monkeypatch.setenv("TRAINER_DATABASE_URL", demo_sqlite_url)
    monkeypatch.delenv("TRAINER_READ_ONLY", raising=False)
    _, defs = load_app("squad").run()
    row = defs["table"].filter(pl.col("athlete") == "demo-cyclist").row(0, named=True)
    assert row["flags"].startswith(f"ill; note ({DEMO_END}): fever")


def scored(rows: list[tuple]) -> pl.DataFrame:
    """score_days-shaped rows: athlete_id, date, total_score, status, acwr, hrv_z, missing."""
    schema = {
        "athlete_id": pl.Int64,
        "date": pl.Date,
        "total_score": pl.Float64,
        "status": pl.String,
        "acwr": pl.Float64,
        "hrv_z": pl.Float64,
        "missing": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def test_who_needs_a_look_comes_first_in_the_coachs_order():
    from trainer.day.attention import needs_attention, squad_today
    from trainer.views.squad import attention_html

    names = ["fine", "red", "ill", "silent watch", "spiking", "dropped", "falling off"]
    athletes = pl.DataFrame({"id": list(range(1, 8)), "name": names, "is_demo": [True] + [False] * 6})
    history = [
        (a, ON - timedelta(days=n), 80.0, "green", 1.0, 0.0, "") for a in range(1, 8) for n in range(1, 14) if a != 4
    ]
    today = [
        (1, ON, 78.0, "green", 1.0, 0.0, ""),
        (2, ON, 30.0, "red", 1.0, 0.0, ""),
        (3, ON, 70.0, "green", 1.0, 0.0, ""),
        (5, ON, 75.0, "green", 1.7, 0.0, ""),
        (6, ON, 55.0, "yellow", 1.0, 0.0, ""),
        (7, ON, 79.0, "green", 0.6, 0.0, ""),
    ]  # the silent watch (4) has nothing today
    mornings = morning_flags(check_ins([]), episodes([(3, "illness", None, None, ON, None)]), ON)
    rows = needs_attention(squad_today(scored(history + today), athletes, ON, 1.5, mornings))
    assert rows["athlete"].to_list() == ["red", "ill", "silent watch", "spiking", "falling off", "dropped", "fine"]
    why = dict(zip(rows["athlete"], rows["why"]))
    assert why["spiking"] == "load spiking: load ratio 1.7 (above 1.5)"
    assert why["falling off"] == "load falling off: load ratio 0.6 (below 0.8)"
    assert why["dropped"] == "score 25 below their usual (80)"
    assert why["silent watch"] == "no data today" and why["fine"] == ""  # the demo marker is no reason
    assert rows.filter(athlete="fine")["needs_look"].to_list() == [False]
    assert rows.filter(athlete="red")["trend_status"].to_list()[0][-1] == "red"
    assert len(rows.filter(athlete="red")["trend_status"].to_list()[0]) == 14
    page = attention_html(rows, lambda name: f"?athlete={name}", lambda name: f"../note?athlete={name}")
    assert page.count("<li class='look'>") == 6 and page.count("<li class='fine'>") == 1
    assert "6 of 7 need a look today" in page and "Write a note" in page
    assert "aria-label='last 14 days: Green, Green" in page


def test_a_sync_failing_two_mornings_running_is_flagged_in_the_coachs_words():
    from trainer.day.attention import needs_attention, squad_today, sync_health
    from trainer.store.job_history import failing_mornings

    runs = pl.DataFrame(
        {
            "athlete_id": [1, 1, 1, 2, 2, 3],
            "kind": ["morning"] * 6,
            "day": [ON - timedelta(days=2), ON - timedelta(days=1), ON, ON - timedelta(days=1), ON, ON],
            "state": ["done", "failed", "failed", "failed", "done", "failed"],
            "error": [None, "x", "Garmin login expired: run trainer garmin login --athlete ana", "y", None, "z: run a"],
        }
    )
    failing = failing_mornings(runs).sort("athlete_id")
    assert failing["failed_mornings"].to_list() == [2, 0, 1]
    assert failing["last_synced"].to_list() == [ON - timedelta(days=2), ON, None]
    athletes = pl.DataFrame({"id": [1, 2, 3], "name": ["ana", "bo", "cy"]})
    today = [(a, ON, 80.0, "green", 1.0, 0.0, "") for a in (1, 2, 3)]
    table = squad_today(scored(today), athletes, ON, 1.5, None, None, sync_health(failing))
    flags = dict(zip(table["athlete"], table["flags"]))
    assert flags["ana"] == (
        "Garmin sync failing 2 mornings running: their Garmin login has expired; ask them to log in to Garmin again"
    )
    assert flags["bo"] == "" and flags["cy"] == ""  # one failed morning is not yet a pattern
    assert dict(zip(table["athlete"], table["last_synced"]))["ana"] == ON - timedelta(days=2)
    assert needs_attention(table).row(0, named=True)["athlete"] == "ana"
