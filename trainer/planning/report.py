"""A plan as JSON and as text: what `trainer plan create|show|adapt` print."""

from __future__ import annotations

import polars as pl

from trainer.planning.generate import Plan
from trainer.planning.goals import describe, event_name, format_days, format_duration
from trainer.planning.steps import session_steps
from trainer.scoring.recommend import TARGET_COLUMNS, session_target
from trainer.scoring.zones import HeartRateProfile, SportZones

WEEKDAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def goal_dict(plan: Plan, goal_id: int | None = None) -> dict:
    g = plan.goal
    return {
        "id": goal_id,
        "name": g.name,
        "sport": g.sport,
        "distance_km": None if g.distance_km is None else round(g.distance_km, 3),
        "kind": g.kind,
        "event": event_name(g),
        "event_hours": g.event_hours,
        "stage_days": g.stage_days,
        "event_date": g.event_date.isoformat(),
        "target_time": format_duration(g.target_time_s) if g.target_time_s else None,
        "priority": g.priority,
        "days_per_week": g.days_per_week,
        "available_days": format_days(g.available_days),
        "max_minutes": g.max_minutes,
    }


def plan_dict(
    plan: Plan,
    weeks: pl.DataFrame | None = None,
    workouts: pl.DataFrame | None = None,
    goal_id: int | None = None,
    version: int | None = None,
    zones: HeartRateProfile | SportZones | None = None,
) -> dict:
    """``{goal, version, weeks: [{week_start, phase, planned_minutes, planned_load, deload, ...}],
    workouts: [{date, sport, minutes, intensity, hr_low, hr_high, purpose, ..., steps}]}``; ``weeks`` and
    ``workouts`` default to the plan's own (pass a view's to include compliance and status); with the
    athlete's ``zones`` each workout carries its steps (``planning.steps``)."""
    weeks = plan.weeks if weeks is None else weeks
    workouts = (plan.workouts if workouts is None else workouts).drop("workout_id", "activity_id", strict=False)
    records = _records(workouts)
    if zones is not None:
        for record in records:
            record["steps"] = [
                step.as_dict()
                for step in session_steps(
                    record["kind"], record["minutes"], record["intensity"], zones, record["sport"]
                )
            ]
    out = {
        "goal": goal_dict(plan, goal_id),
        "version": version,
        "weeks": _records(weeks),
        "workouts": records,
    }
    if isinstance(zones, SportZones):  # which heart rate each sport's targets come from, and what they are
        sports = sorted(set(workouts["sport"]) - {"triathlon"})
        out["heart_rate_zones"] = {sport: zones.source(sport) for sport in sports}
        out["targets"] = {sport: zones.target_source(sport) for sport in sports}
    return out


def _records(frame: pl.DataFrame) -> list[dict]:
    floats = [name for name, dtype in frame.schema.items() if dtype.is_float()]
    rounded = frame.with_columns(pl.col(floats).round(3)).with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d"))
    return rounded.to_dicts()


def plan_text(
    plan: Plan, weeks: pl.DataFrame | None = None, workouts: pl.DataFrame | None = None, week: int | None = None
) -> str:
    """Weeks as a table; with ``week``, that week's sessions day by day."""
    weeks = plan.weeks if weeks is None else weeks
    lines = [f"Plan for a {describe(plan.goal)}: {weeks.height} weeks from {plan.start}"]
    if week is None:
        lines.append(f"{'week':>4}  {'starts':10}  {'phase':6} {'minutes':>7} {'load':>6}  note")
        for w in weeks.rows(named=True):
            done = w.get("minutes_compliance")
            note = "deload" if w["deload"] else ""
            note += f"  done {done:.0%}" if done is not None else ""
            note += f"  [{w['change']}]" if w.get("change") else ""
            lines.append(
                f"{w['week']:>4}  {w['week_start']}  {w['phase']:6} {w['planned_minutes']:>7} "
                f"{w['planned_load']:>6.0f}  {note.strip()}"
            )
        return "\n".join(lines)
    rows = (plan.workouts if workouts is None else workouts).filter(pl.col("week") == week)
    if rows.is_empty():
        return f"week {week} has no sessions (the plan has weeks 1-{weeks.height})"
    for s in rows.rows(named=True):
        hr = session_target(*(s.get(name) for name in TARGET_COLUMNS)).replace(" at ", " ", 1)
        status = f"  [{s['status']}]" if s.get("status") else ""
        lines.append(
            f"{WEEKDAY[s['date'].weekday()]} {s['date']}  {s['sport']:9} {s['minutes']:>3} min {s['intensity']:8}{hr}"
            f"{status}\n    "
            f"{s['purpose']}"
        )
    return "\n".join(lines)
