"""The rule engine: deterministic insights from the daily frame, always available.

Each rule looks at the last days of ``InsightInputs.days`` (DAY_COLUMNS) and returns an insight
naming its numbers, or None. ``rule_insights`` keeps the most pressing three to five; two
summary rules always have something to say, so there are never fewer than three.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import polars as pl

from trainer.insights.context import InsightInputs
from trainer.insights.model import InsightBody

SEVERITY = {"overtraining_warning": 3, "recovery_pattern": 2, "workout_effectiveness": 1, "frequency_recommendation": 0}


@dataclass(frozen=True)
class RuleThresholds:
    hrv_low_days: int = 3  # of the last 7
    acwr_danger: float = 1.5
    monotony: float = 2.0
    hard_day_ratio: float = 1.5  # a day's load over the chronic (28-day) daily mean
    hard_days_in_row: int = 3
    sleep_need_minutes: float = 450  # 7.5 h
    sleep_debt_minutes: float = 300  # over the last 7 nights
    rhr_rise_bpm: float = 3.0  # 7-day mean over the 28 days before
    ctl_ramp: float = 5.0  # per 7 days
    low_compliance: float = 0.80
    illness_rhr_bpm: float = 5.0
    easy_day_ratio: float = 0.7  # a day at or under this x chronic is easy (or rest)
    days_without_easy: int = 7
    readiness_gap: float = 20.0  # points between felt readiness x 10 and the score
    readiness_days: int = 5


Rule = Callable[[InsightInputs, RuleThresholds], InsightBody | None]


def _last(days: pl.DataFrame, n: int) -> pl.DataFrame:
    return days.sort("date").tail(n)


def _run_length(flags: list[bool]) -> int:
    """Length of the run of True that ends the list."""
    run = 0
    for flag in reversed(flags):
        if not flag:
            break
        run += 1
    return run


def hrv_below_range(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    week = _last(inp.days, 7)
    low = int(week["hrv_below"].fill_null(False).sum())
    if low < t.hrv_low_days:
        return None
    mean_hrv, floor = week["hrv_ms"].mean(), week["hrv_low"].drop_nulls().tail(1)
    floor_text = f" (normal range from {floor[0]:.0f} ms)" if floor.len() else ""
    return InsightBody(
        type="recovery_pattern",
        title=f"HRV below your normal range on {low} of the last 7 days",
        content=f"Your 7-day HRV has sat under your normal range on {low} days; this week's nights average "
        f"{mean_hrv:.0f} ms{floor_text}. A run like this usually means accumulated fatigue, poor sleep, illness or "
        f"life stress.",
        supporting_data={
            "days_below": low,
            "hrv_week_mean_ms": round(mean_hrv or 0, 1),
            "range_low_ms": round(floor[0], 1) if floor.len() else None,
        },
        action_items=["Keep the next 2-3 days easy or rest", "Prioritise sleep and check for signs of illness"],
    )


def acwr_spike(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    recent = _last(inp.days, 3).drop_nulls("acwr")
    if recent.is_empty() or recent["acwr"].max() <= t.acwr_danger:
        return None
    peak = recent["acwr"].max()
    return InsightBody(
        type="overtraining_warning",
        title=f"Load spike: load ratio {peak:.2f}",
        content=f"Your load ratio (this week's training against your usual four weeks) reached {peak:.2f}, above "
        f"{t.acwr_danger}: this week's load is far "
        "ahead of what the last four weeks prepared you for, the zone where injury risk rises.",
        supporting_data={"acwr_max_3d": round(peak, 2), "threshold": t.acwr_danger},
        action_items=[
            "Cap intensity at easy until the load ratio is back under 1.3",
            "Cut this week's remaining volume by about a quarter",
        ],
    )


def monotony_strain(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    last = _last(inp.days, 1).row(0, named=True)
    if last["monotony"] is None or last["monotony"] <= t.monotony:
        return None
    return InsightBody(
        type="overtraining_warning",
        title=f"Training monotony {last['monotony']:.1f}: every day looks the same",
        content=f"Over the last 7 days your load was very even (monotony {last['monotony']:.1f}, strain "
        f"{last['strain'] or 0:.0f}). Foster's work links monotony above {t.monotony} with illness and staleness: "
        f"hard days need easy days around them.",
        supporting_data={"monotony": round(last["monotony"], 2), "strain": round(last["strain"] or 0, 0)},
        action_items=["Make easy days clearly easy (or rest)", "Keep hard days hard and fewer"],
    )


def hard_days_in_row(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    days = _last(inp.days, 14)
    hard = (
        (days["load"].fill_null(0) > t.hard_day_ratio * days["chronic"].fill_null(float("inf")))
        & (days["chronic"].fill_null(0) > 0)
    ).to_list()
    run = _run_length(hard)
    if run < t.hard_days_in_row:
        return None
    loads = days["load"].tail(run).round(0).to_list()
    return InsightBody(
        type="overtraining_warning",
        title=f"{run} hard days in a row",
        content=f"Each of the last {run} days carried more than {t.hard_day_ratio}x your usual daily load "
        f"({', '.join(f'{x:.0f}' for x in loads)}). Back-to-back hard days stack fatigue faster than fitness.",
        supporting_data={
            "hard_days": run,
            "loads": ", ".join(f"{x:.0f}" for x in loads),
            "chronic_daily_load": round(days["chronic"][-1] or 0, 1),
        },
        action_items=["Make tomorrow easy or a rest day", "Space hard sessions at least 48 hours apart"],
    )


def sleep_debt(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    nights = _last(inp.days, 7).drop_nulls("sleep_minutes")
    if nights.height < 5:
        return None
    debt = float((t.sleep_need_minutes - nights["sleep_minutes"]).sum())
    if debt <= t.sleep_debt_minutes:
        return None
    mean_h = nights["sleep_minutes"].mean() / 60
    return InsightBody(
        type="recovery_pattern",
        title=f"Sleep debt of {debt / 60:.1f} hours this week",
        content=f"You averaged {mean_h:.1f} h a night over {nights.height} nights, {debt / 60:.1f} h short of "
        f"{t.sleep_need_minutes / 60:.1f} h a night. Sleep is when training turns into fitness.",
        supporting_data={"nights": nights.height, "mean_sleep_h": round(mean_h, 2), "debt_h": round(debt / 60, 1)},
        action_items=["Go to bed 30-45 minutes earlier this week", "Keep hard sessions for after a full night"],
    )


def resting_hr_rising(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    days = inp.days.sort("date")
    week = days.tail(7)["resting_hr"].drop_nulls()
    before = days.filter(pl.col("date").is_between(inp.on - timedelta(days=34), inp.on - timedelta(days=7)))[
        "resting_hr"
    ].drop_nulls()
    if week.len() < 4 or before.len() < 14:
        return None
    rise = week.mean() - before.mean()
    if rise < t.rhr_rise_bpm:
        return None
    return InsightBody(
        type="recovery_pattern",
        title=f"Resting heart rate up {rise:.1f} bpm",
        content=f"Your resting HR averaged {week.mean():.1f} bpm this week against {before.mean():.1f} bpm over the "
        f"four weeks before. A sustained rise often comes before a cold or with accumulated fatigue, heat or poor "
        f"sleep.",
        supporting_data={
            "rhr_7d": round(week.mean(), 1),
            "rhr_28d_before": round(before.mean(), 1),
            "rise_bpm": round(rise, 1),
        },
        action_items=["Swap the next hard session for an easy one", "Check for illness, heat, alcohol or late meals"],
    )


def ctl_ramp_steep(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    last = _last(inp.days, 1).row(0, named=True)
    if last["ctl_ramp"] is None or last["ctl_ramp"] <= t.ctl_ramp:
        return None
    return InsightBody(
        type="overtraining_warning",
        title=f"Fitness climbing fast: +{last['ctl_ramp']:.1f} in a week",
        content=f"Your fitness (your six-week training load) rose {last['ctl_ramp']:.1f} in 7 days to "
        f"{last['ctl']:.0f}; more than {t.ctl_ramp} a week is hard to absorb for long.",
        supporting_data={
            "ctl": round(last["ctl"], 1),
            "ctl_ramp_7d": round(last["ctl_ramp"], 1),
            "threshold": t.ctl_ramp,
        },
        action_items=["Hold volume steady next week", "Plan a deload within the next two weeks"],
    )


def low_compliance(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    c = inp.plan.compliance
    if c is None or c >= t.low_compliance:
        return None
    return InsightBody(
        type="workout_effectiveness",
        title=f"Plan compliance {c:.0%} last week",
        content=f"You completed {c:.0%} of the planned minutes in plan week {inp.plan.compliance_week}. Under "
        f"{t.low_compliance:.0%}, the plan repeats the week rather than build on training that did not happen.",
        supporting_data={"compliance": round(c, 3), "plan_week": inp.plan.compliance_week},
        action_items=[
            "Have the coming week adapted to what you managed (the weekly plan adaptation does it)",
            "If the days do not suit you, change the goal's available days",
        ],
    )


def illness_pattern(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    days = _last(inp.days, 3)
    both = ((days["hrv_ms"] < days["hrv_low"]) & (days["resting_hr"] >= days["hr_base"] + t.illness_rhr_bpm)).fill_null(
        False
    )
    if both.sum() < 2:
        return None
    hit = days.filter(both)
    return InsightBody(
        type="overtraining_warning",
        title="HRV down and resting HR up together: possible illness",
        content=f"On {both.sum()} of the last 3 days your HRV was under its normal range while resting HR was "
        f"{t.illness_rhr_bpm:.0f}+ bpm above baseline (latest: HRV {hit['hrv_ms'][-1]:.0f} ms, resting HR "
        f"{hit['resting_hr'][-1]:.0f} bpm vs {hit['hr_base'][-1]:.0f}). This pairing is the classic early sign of "
        f"illness.",
        supporting_data={
            "days": int(both.sum()),
            "hrv_ms": hit["hrv_ms"][-1],
            "resting_hr": hit["resting_hr"][-1],
            "rhr_base": round(hit["hr_base"][-1], 1),
        },
        action_items=[
            "Rest today; no intensity until both are back to normal",
            "If you have symptoms below the neck, stop training",
        ],
    )


def no_easy_day(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    days = _last(inp.days, 21)
    easy = (days["load"].fill_null(0) <= t.easy_day_ratio * days["chronic"].fill_null(0)).to_list()
    run = _run_length([not e for e in easy])
    if run < t.days_without_easy:
        return None
    return InsightBody(
        type="frequency_recommendation",
        title=f"{run} days without an easy day",
        content=f"None of the last {run} days was easy or rest (under {t.easy_day_ratio}x your usual daily load). "
        "Adaptation happens in the easy days.",
        supporting_data={"days_without_easy": run},
        action_items=["Take an easy day or rest tomorrow", "Build one easy day into every three"],
    )


def recovered_before_key_session(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    key = inp.plan.key_session
    last2 = _last(inp.days, 2)
    if key is None or last2.height < 2 or (last2["status"] != "green").any():
        return None
    return InsightBody(
        type="workout_effectiveness",
        title=f"Well recovered before your {key['kind'].replace('_', ' ')} on {key['date']}",
        content=f"Your last two mornings were green ({', '.join(str(s) for s in last2['total_score'].to_list())}), "
        f"and the plan has a {key['minutes']}-minute {key['intensity']} {key['kind'].replace('_', ' ')} on "
        f"{key['date']}. This is the window to get the most from it.",
        supporting_data={
            "scores": ", ".join(str(s) for s in last2["total_score"].to_list()),
            "key_session": str(key["date"]),
        },
        action_items=["Do the key session as planned", "Keep the day before it easy and sleep well"],
    )


def readiness_disagrees(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    week = _last(inp.days, 7).drop_nulls(["readiness", "total_score"])
    if week.height < t.readiness_days:
        return None
    gap = float((week["readiness"] * 10 - week["total_score"]).mean())
    if abs(gap) <= t.readiness_gap:
        return None
    felt = "better" if gap > 0 else "worse"
    return InsightBody(
        type="recovery_pattern",
        title=f"You feel {felt} than your score says",
        content=f"Over {week.height} mornings your own readiness (x10) ran {abs(gap):.0f} points "
        f"{'above' if gap > 0 else 'below'} the recovery score (felt {week['readiness'].mean():.1f}/10, score "
        f"{week['total_score'].mean():.0f}). When the two disagree for a week, something the watch cannot see is at "
        f"play, or a weight needs tuning.",
        supporting_data={
            "days": week.height,
            "mean_gap_points": round(gap, 1),
            "felt_mean": round(week["readiness"].mean(), 1),
            "score_mean": round(week["total_score"].mean(), 1),
        },
        action_items=[
            "Note what feels different (soreness, stress, motivation)",
            "Ask your coach to review the score weights",
        ],
    )


def week_summary(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    week = _last(inp.days, 7)
    sessions = int((week["load"].fill_null(0) > 0).sum())
    load, acwr = float(week["load"].fill_null(0).sum()), week["acwr"].drop_nulls().tail(1)
    ratio = f"{acwr[0]:.2f}" if acwr.len() else "n/a"
    return InsightBody(
        type="frequency_recommendation",
        title=f"This week: {sessions} training days, load {load:.0f}",
        content=f"You trained on {sessions} of the last 7 days for a total load of {load:.0f}; load ratio {ratio}. "
        + (
            "That sits in the 0.8-1.3 sweet spot."
            if acwr.len() and 0.8 <= acwr[0] <= 1.3
            else "Aim for a load ratio between 0.8 and 1.3 (this week against your usual four)."
        ),
        supporting_data={
            "training_days": sessions,
            "weekly_load": round(load, 0),
            "acwr": round(acwr[0], 2) if acwr.len() else None,
        },
        action_items=["Keep 1-2 rest or easy days a week", "Change load by no more than ~10 % a week"],
    )


def recovery_trend(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    days = inp.days.sort("date")
    recent, before = days.tail(28)["total_score"].drop_nulls(), days.head(days.height - 28)["total_score"].drop_nulls()
    if recent.len() < 7:
        return None
    change = recent.mean() - before.mean() if before.len() >= 7 else 0.0
    direction = "up" if change > 2 else "down" if change < -2 else "steady"
    return InsightBody(
        type="recovery_pattern",
        title=f"Recovery {direction}: {recent.mean():.0f} on average over 4 weeks",
        content=f"Your recovery score averaged {recent.mean():.0f} over the last 4 weeks"
        + (f", {change:+.0f} on the 4 weeks before." if before.len() >= 7 else ".")
        + f" Green on {int((days.tail(28)['status'] == 'green').sum())} days, red on "
        f"{int((days.tail(28)['status'] == 'red').sum())}.",
        supporting_data={"mean_28d": round(recent.mean(), 1), "change": round(change, 1)},
        action_items=[
            "Keep logging how you feel each morning",
            "Look at the days that dropped: what came the day before?",
        ],
    )


def fitness_and_form(inp: InsightInputs, t: RuleThresholds) -> InsightBody | None:
    days = inp.days.sort("date").drop_nulls("ctl")
    if days.height < 29:
        return None
    now, before = days.row(-1, named=True), days.row(-29, named=True)
    tsb = now["tsb"] or 0.0
    form = (
        "fresh"
        if tsb > 5
        else "in productive training"
        if tsb > -10
        else "carrying heavy fatigue"
        if tsb > -30
        else "overreaching"
    )
    return InsightBody(
        type="workout_effectiveness",
        title=f"Fitness {now['ctl']:.0f} ({now['ctl'] - before['ctl']:+.0f} in 4 weeks), form {tsb:+.0f}",
        content=f"Your chronic load (fitness) is {now['ctl']:.0f}, {now['ctl'] - before['ctl']:+.1f} over 4 weeks; "
        f"fatigue is {now['atl']:.0f} and form (fitness minus fatigue) {tsb:+.0f}: you are {form}.",
        supporting_data={
            "ctl": round(now["ctl"], 1),
            "ctl_change_28d": round(now["ctl"] - before["ctl"], 1),
            "atl": round(now["atl"], 1),
            "tsb": round(tsb, 1),
        },
        action_items=["Build fitness slowly: 3-5 points a week at most", "Arrive at races fresh: form above 0"],
    )


RULES: tuple[Rule, ...] = (
    illness_pattern,
    acwr_spike,
    hard_days_in_row,
    monotony_strain,
    ctl_ramp_steep,
    hrv_below_range,
    resting_hr_rising,
    sleep_debt,
    readiness_disagrees,
    low_compliance,
    recovered_before_key_session,
    no_easy_day,
)
SUMMARIES: tuple[Rule, ...] = (week_summary, recovery_trend, fitness_and_form)


def rule_insights(
    inp: InsightInputs, thresholds: RuleThresholds = RuleThresholds(), limit: int = 5
) -> list[InsightBody]:
    """The most pressing findings (warnings first, in rule order), topped up to three with summaries."""
    found = [i for rule in RULES if (i := rule(inp, thresholds)) is not None]
    found.sort(key=lambda i: -SEVERITY[i.type])
    for summary in SUMMARIES:
        if len(found) >= 3:
            break
        if (i := summary(inp, thresholds)) is not None:
            found.append(i)
    return found[:limit]
