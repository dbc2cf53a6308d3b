"""What the coach's squad table says about the athletes' mornings: ill or injured, silent for
three days, readiness down three or more, and the note they left."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from tests.conftest import DEMO_END
from trainer.views.squad import morning_flags

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
                (1, days[1], 8.0, None),
                (1, days[0], 4.0, "slept badly, sore throat"),  # down 4, a note
                (2, days[4], 6.0, None),  # silent for 4 days
                (3, days[1], 7.0, None),
                (3, days[0], 5.0, None),  # down 2: no flag
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
        1: f"ill; readiness down 4.0 (8.0 → 4.0); note ({ON}): slept badly, sore throat",
        2: "no check-in for 4 days",
        4: "injured: calf (limits training)",
    }


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
