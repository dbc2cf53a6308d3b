"""Bad input: structural problems name the column and rows; impossible values become missing."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from tests.scoring.helpers import no_loads, wellness
from trainer.errors import InputError
from trainer.scoring import score_days
from trainer.scoring.inputs import ScoringInputWarning, prepare_loads, prepare_wellness


def test_missing_columns_are_named():
    with pytest.raises(InputError, match="missing column\\(s\\) hrv_ms, stress_level"):
        prepare_wellness(wellness(2).drop("hrv_ms", "stress_level"))


def test_unparseable_dates_name_the_lines():
    frame = pl.DataFrame(
        {"athlete_id": ["1", "1", "1"], "date": ["2026-01-01", "2026-13-01", "yesterday"], "load": ["10", "20", "30"]}
    )
    with pytest.raises(
        InputError, match=r"loads.csv: column date is not a date .*line 3 \('2026-13-01'\), line 4 \('yesterday'\)"
    ):
        prepare_loads(frame, source="loads.csv", line_offset=2)


def test_text_in_a_number_column_names_the_row():
    frame = wellness(3).with_columns(pl.Series("hrv_ms", ["60", "sixty", ""]))
    with pytest.raises(InputError, match=r"column hrv_ms is not a number: row 1 \('sixty'\)"):
        prepare_wellness(frame)


def test_the_same_day_twice_is_refused():
    frame = pl.concat([wellness(2), wellness(1)])
    with pytest.raises(InputError, match=r"more than once: row 0 \(1, 2026-01-01\), row 2 \(1, 2026-01-01\)"):
        prepare_wellness(frame)


def test_impossible_values_become_missing_with_a_warning():
    frame = wellness(
        4,
        hrv_ms=[0, 350, 60, 61],
        resting_hr=[20, 130, 50, 50],
        sleep_minutes=[1500, 400, 400, 400],
        sleep_score=[80, 80, 101, 80],
        stress_level=[101, 20, 20, 20],
    )
    with pytest.warns(ScoringInputWarning) as caught:
        out = prepare_wellness(frame)
    message = str(caught[0].message)
    assert "2 in hrv_ms" in message and "2 in resting_hr" in message and "1 in sleep_minutes" in message
    assert "1 in sleep_score" in message and "1 in stress_level" in message
    assert out["hrv_ms"].to_list() == [None, None, 60, 61]
    assert out["resting_hr"].to_list() == [None, None, 50, 50]


def test_negative_stress_is_garmins_not_measured():
    out = prepare_wellness(wellness(2, stress_level=[-1, 25]))
    assert out["stress_level"].to_list() == [None, 25]


def test_lazy_frames_string_ids_and_datetimes_are_accepted():
    frame = wellness(8, hrv_ms=[59] * 7 + [65], resting_hr=55, sleep_minutes=480, sleep_score=85, stress_level=30)
    frame = frame.with_columns(
        pl.col("athlete_id").cast(pl.String).replace("1", "p01"), pl.col("date").cast(pl.Datetime)
    )
    loads = pl.DataFrame({"athlete_id": ["p01"], "date": [date(2026, 1, 1)], "load": [0.0]})
    scored = score_days(frame.lazy(), loads.lazy())
    assert scored["athlete_id"][0] == "p01" and scored["total_score"][-1] == 81


def test_negative_load_is_impossible():
    with pytest.warns(ScoringInputWarning, match="1 in load"):
        out = prepare_loads(pl.DataFrame({"athlete_id": [1, 1], "date": [date(2026, 1, 1)] * 2, "load": [-5.0, 40.0]}))
    assert out["load"].to_list() == [None, 40.0]


def test_empty_inputs_give_an_empty_score():
    empty = wellness(0)
    assert score_days(empty, no_loads()).is_empty()
