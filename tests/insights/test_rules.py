"""The rule engine on constructed histories: each rule fires when it should and stays quiet when it should not."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from trainer.insights import rules
from trainer.insights.context import DAY_COLUMNS, InsightInputs, PlanFacts
from trainer.insights.rules import RuleThresholds, rule_insights

ON = date(2026, 11, 24)
T = RuleThresholds()


def healthy(days: int = 56) -> pl.DataFrame:
    """A steady athlete: green-ish scores, HRV in range, 60-load days with a rest day each week."""
    dates = [ON - timedelta(days=days - 1 - i) for i in range(days)]
    load = [0.0 if d.weekday() == 0 else 60.0 for d in dates]
    return pl.DataFrame(
        {
            "date": dates,
            "total_score": [75] * days,
            "status": ["yellow"] * days,
            "hrv_ms": [60.0] * days,
            "hrv_low": [52.0] * days,
            "hrv_below": [False] * days,
            "resting_hr": [48.0] * days,
            "hr_base": [48.0] * days,
            "sleep_minutes": [460.0] * days,
            "stress_level": [25.0] * days,
            "load": load,
            "chronic": [51.4] * days,
            "acwr": [1.0] * days,
            "ctl": [50.0] * days,
            "atl": [52.0] * days,
            "tsb": [-2.0] * days,
            "monotony": [1.2] * days,
            "strain": [500.0] * days,
            "ctl_ramp": [1.0] * days,
            "readiness": [7.5] * days,
        },
        schema=DAY_COLUMNS,
    )


def with_last(frame: pl.DataFrame, n: int, **values) -> pl.DataFrame:
    """Set columns on the last ``n`` days (a value, or a list of n values)."""
    cut = frame.height - n
    out = frame
    for name, value in values.items():
        column = out[name].to_list()
        column[cut:] = value if isinstance(value, list) else [value] * n
        out = out.with_columns(pl.Series(name, column, dtype=DAY_COLUMNS[name]))
    return out


def fires(rule, frame: pl.DataFrame, plan: PlanFacts = PlanFacts()):
    return rule(InsightInputs(ON, frame, plan), T)


CASES = [
    # rule, history where it fires, history where it stays quiet
    (
        rules.hrv_below_range,
        with_last(healthy(), 7, hrv_below=[False, True, False, True, True, False, False]),
        with_last(healthy(), 7, hrv_below=[True, True, False, False, False, False, None]),
    ),
    (rules.acwr_spike, with_last(healthy(), 3, acwr=[1.2, 1.45, 1.51]), with_last(healthy(), 3, acwr=[1.4, 1.5, 1.5])),
    (
        rules.monotony_strain,
        with_last(healthy(), 1, monotony=2.3, strain=3200.0),
        with_last(healthy(), 1, monotony=2.0),
    ),
    (
        rules.hard_days_in_row,
        with_last(healthy(), 3, load=[80.0, 90.0, 85.0]),
        with_last(healthy(), 3, load=[80.0, 40.0, 85.0]),
    ),
    (
        rules.sleep_debt,
        with_last(healthy(), 7, sleep_minutes=[400.0] * 7),
        with_last(healthy(), 7, sleep_minutes=[410.0] * 7),
    ),
    (
        rules.resting_hr_rising,
        with_last(healthy(), 7, resting_hr=[51.0] * 7),
        with_last(healthy(), 7, resting_hr=[50.5] * 7),
    ),
    (rules.ctl_ramp_steep, with_last(healthy(), 1, ctl_ramp=6.2), with_last(healthy(), 1, ctl_ramp=5.0)),
    (
        rules.illness_pattern,
        with_last(healthy(), 3, hrv_ms=[58.0, 45.0, 44.0], resting_hr=[48.0, 54.0, 55.0]),
        with_last(healthy(), 3, hrv_ms=[45.0, 58.0, 44.0], resting_hr=[54.0, 54.0, 50.0]),
    ),  # never both on two days
    (
        rules.no_easy_day,
        with_last(healthy(), 8, load=[60.0] * 8),
        with_last(healthy(), 8, load=[60.0] * 4 + [30.0] + [60.0] * 3),
    ),
    (
        rules.readiness_disagrees,
        with_last(healthy(), 7, readiness=[4.0] * 7),
        with_last(healthy(), 7, readiness=[5.5] * 7),
    ),
]


@pytest.mark.parametrize(("rule", "firing", "quiet"), CASES, ids=[c[0].__name__ for c in CASES])
def test_each_rule_fires_when_it_should_and_not_otherwise(rule, firing, quiet):
    insight = fires(rule, firing)
    assert insight is not None and insight.type in rules.SEVERITY and insight.action_items
    assert any(ch.isdigit() for ch in insight.title + insight.content)  # names its numbers
    assert insight.supporting_data
    assert fires(rule, quiet) is None
    assert fires(rule, healthy()) is None


def test_the_numbers_in_the_words_are_the_data():
    acwr = fires(rules.acwr_spike, with_last(healthy(), 3, acwr=[1.2, 1.45, 1.62]))
    assert acwr.title == "Load spike: load ratio 1.62" and acwr.supporting_data["acwr_max_3d"] == 1.62
    debt = fires(rules.sleep_debt, with_last(healthy(), 7, sleep_minutes=[390.0] * 7))
    assert debt.title == "Sleep debt of 7.0 hours this week" and debt.supporting_data["mean_sleep_h"] == 6.5
    felt = fires(rules.readiness_disagrees, with_last(healthy(), 7, readiness=[10.0] * 7))
    assert felt.title == "You feel better than your score says" and felt.supporting_data["mean_gap_points"] == 25.0


def test_plan_rules_use_the_plan_facts():
    assert (
        fires(rules.low_compliance, healthy(), PlanFacts(compliance=0.62, compliance_week=5)).title
        == "Plan compliance 62% last week"
    )
    assert fires(rules.low_compliance, healthy(), PlanFacts(compliance=0.80, compliance_week=5)) is None
    assert fires(rules.low_compliance, healthy(), PlanFacts()) is None
    key = {"date": ON + timedelta(days=2), "kind": "long", "minutes": 150, "intensity": "easy"}
    green = with_last(healthy(), 2, status="green", total_score=[84, 88])
    window = fires(rules.recovered_before_key_session, green, PlanFacts(key_session=key))
    assert window.title == f"Well recovered before your long on {ON + timedelta(days=2)}"
    assert (
        fires(rules.recovered_before_key_session, with_last(green, 1, status="yellow"), PlanFacts(key_session=key))
        is None
    )
    assert fires(rules.recovered_before_key_session, green, PlanFacts()) is None


def test_three_to_five_warnings_first():
    calm = rule_insights(InsightInputs(ON, healthy()))
    assert len(calm) == 3 and [i.type for i in calm] == [
        "frequency_recommendation",
        "recovery_pattern",
        "workout_effectiveness",
    ]
    stormy = with_last(
        healthy(),
        7,
        acwr=[1.6] * 7,
        monotony=[2.5] * 7,
        ctl_ramp=[7.0] * 7,
        sleep_minutes=[360.0] * 7,
        hrv_below=[True] * 7,
        readiness=[3.0] * 7,
    )
    found = rule_insights(InsightInputs(ON, stormy, PlanFacts(compliance=0.5, compliance_week=3)))
    assert len(found) == 5
    assert [i.type for i in found[:3]] == ["overtraining_warning"] * 3
    assert found == rule_insights(
        InsightInputs(ON, stormy, PlanFacts(compliance=0.5, compliance_week=3))
    )  # deterministic


def test_at_least_twelve_rules_cover_the_four_types():
    assert len(rules.RULES) >= 12
    types = {rule(InsightInputs(ON, firing), T).type for rule, firing, _ in CASES}
    assert types >= {"recovery_pattern", "overtraining_warning", "frequency_recommendation"}
    assert (
        fires(rules.low_compliance, healthy(), PlanFacts(compliance=0.5, compliance_week=1)).type
        == "workout_effectiveness"
    )
