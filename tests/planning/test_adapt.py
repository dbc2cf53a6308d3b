"""Weekly adaptation: each rule on constructed weeks, and what applying it does to the plan."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from tests.planning.helpers import HR, marathon_plan
from trainer.planning.adapt import Decision, apply, coming_week, decide
from trainer.planning.fitness import Fitness

PLAN = marathon_plan()
WEEK6 = PLAN.weeks.row(5, named=True)


def last_week(statuses: list[str] | None = None, hrv_below: list[bool | None] | None = None) -> pl.DataFrame:
    start = WEEK6["week_start"] - timedelta(days=7)
    return pl.DataFrame(
        {
            "date": [start + timedelta(days=i) for i in range(7)],
            "status": statuses or ["green"] * 7,
            "hrv_below": hrv_below or [False] * 7,
        },
        schema={"date": pl.Date, "status": pl.String, "hrv_below": pl.Boolean},
    )


@pytest.mark.parametrize(
    ("statuses", "hrv_below", "compliance", "action"),
    [
        (["red", "red", "red"] + ["green"] * 4, None, 1.0, "deload"),
        (["red", "green", "red", "green", "red", "yellow", "green"], None, 1.0, "deload"),  # not in a row: still three
        (["red", "red"] + ["yellow"] * 5, None, 1.0, "progress"),
        (None, [False, True, True, False, False, False, False], 1.0, "deload"),
        (None, [True, False, True, False, True, False, None], 1.0, "progress"),  # never two days running
        (None, [False, True, None, True, False, False, False], 1.0, "progress"),  # a missing night breaks the run
        (None, None, 0.79, "repeat"),
        (None, None, 0.80, "progress"),
        (None, None, 1.10, "progress"),
        (None, None, 1.11, "hold"),
        (None, None, None, "progress"),
        (["red"] * 3 + ["green"] * 4, None, 0.5, "deload"),  # recovery comes before compliance
    ],
)
def test_each_rule_decides_the_coming_week(statuses, hrv_below, compliance, action):
    decision = decide(6, WEEK6["week_start"], last_week(statuses, hrv_below), compliance)
    assert decision.action == action
    assert decision.week == 6


def test_reasons_name_the_numbers():
    assert (
        decide(6, WEEK6["week_start"], last_week(["red"] * 4 + ["green"] * 3), 1.0).reason
        == "4 red days last week (deload at 3)"
    )
    assert decide(6, WEEK6["week_start"], last_week(), 0.62).reason.startswith("compliance 62% last week (under 80%)")


def _apply(action: str) -> pl.DataFrame:
    fitness = Fitness(ctl=60, weekly_minutes=300, load_per_minute=1.4)
    return apply(PLAN, Decision(6, WEEK6["week_start"], action, "test"), fitness, HR).weeks


def test_a_red_week_turns_the_coming_week_into_a_deload_and_the_build_resumes_from_there():
    weeks = _apply("deload")
    before = PLAN.weeks
    assert weeks.filter(pl.col("week") < 6).equals(before.filter(pl.col("week") < 6))  # the past is kept
    week6 = weeks.row(5, named=True)
    assert week6["deload"] and week6["change"] == "deload: test"
    assert week6["planned_minutes"] <= round(
        0.7 * before.row(4, named=True)["planned_minutes"]
    )  # 30 % under the last loading week
    assert weeks.row(6, named=True)["planned_minutes"] <= before.row(4, named=True)["planned_minutes"] * 1.10
    assert (
        weeks.filter(pl.col("deload"), pl.col("week") > 6)["week"][0] == 10
    )  # three loading weeks, then the next deload
    assert weeks["week"].to_list() == list(range(1, 21)) and weeks.filter(pl.col("phase") == "taper").height == 3


def test_low_compliance_repeats_last_week_and_high_compliance_holds_it():
    last = PLAN.weeks.row(4, named=True)
    repeated, held = _apply("repeat").row(5, named=True), _apply("hold").row(5, named=True)
    assert (
        repeated["planned_minutes"] <= last["planned_minutes"]
        and repeated["planned_minutes"] >= last["planned_minutes"] - 5  # one 5-minute step
    )
    assert repeated["phase"] == last["phase"] and held["phase"] == WEEK6["phase"]
    assert held["planned_minutes"] <= min(last["planned_minutes"], WEEK6["planned_minutes"])
    assert WEEK6["planned_minutes"] > last["planned_minutes"]  # so holding really withheld progression


def test_the_taper_is_never_repeated_or_grown():
    taper_week = PLAN.weeks.filter(pl.col("phase") == "taper").row(1, named=True)
    fitness = Fitness(ctl=80, weekly_minutes=400, load_per_minute=1.4)
    held = apply(PLAN, Decision(taper_week["week"], taper_week["week_start"], "repeat", "test"), fitness, HR).weeks
    assert held.filter(pl.col("week") == taper_week["week"])["planned_minutes"][0] == taper_week["planned_minutes"]


def test_the_coming_week_is_the_next_to_start():
    assert coming_week(PLAN.weeks, WEEK6["week_start"])["week"] == 6  # on its Monday morning, the week itself
    assert coming_week(PLAN.weeks, WEEK6["week_start"] - timedelta(days=1))["week"] == 6  # on the Sunday before
    assert coming_week(PLAN.weeks, WEEK6["week_start"] + timedelta(days=1))["week"] == 7
    assert coming_week(PLAN.weeks, PLAN.goal.event_date) is None


def test_illness_or_an_injury_that_limits_training_makes_the_coming_week_a_way_back():
    start = WEEK6["week_start"]
    ill = {"kind": "illness", "body_part": None, "severity": None}
    two_days = [{**ill, "start": start - timedelta(days=4), "end": start - timedelta(days=3)}]
    decision = decide(6, start, last_week(), 1.0, episodes=two_days)
    assert (decision.action, decision.reason) == (
        "deload",
        "ill or injured on 2 days last week: an easier week to come back",
    )
    one_day = [{**ill, "start": start - timedelta(days=2), "end": start - timedelta(days=2)}]
    assert decide(6, start, last_week(), 1.0, episodes=one_day).action == "progress"
    calf = [
        {"kind": "injury", "body_part": "calf", "severity": "limits", "start": start - timedelta(days=1), "end": None}
    ]
    assert (
        decide(6, start, last_week(), 1.0, episodes=calf).reason
        == "still injured (calf) as the week starts: an easier week to come back"
    )
    niggle = [
        {"kind": "injury", "body_part": "calf", "severity": "niggle", "start": start - timedelta(days=6), "end": None}
    ]
    assert decide(6, start, last_week(), 1.0, episodes=niggle).action == "progress"  # a niggle does not stop the build
