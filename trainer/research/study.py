"""A prospective A/B study of scoring methods, as pure functions: randomise athletes to arms,
freeze the analysis plan, seal both with a hash, and run exactly that plan on the days observed.

Each athlete sees their own arm's score as "your score" (``study_store.arm_on``). The primary
outcome is how well that score, as it stood before the day's check-in, tracked the readiness the
athlete reported that day: the repeated-measures correlation of each arm's athletes pooled, and
the difference between arms with a cluster-bootstrap CI that resamples athletes within each arm
(athletes, not days, are the unit randomised).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from trainer.research.bootstrap import athlete_sums
from trainer.research.resampling import DEFAULT_RESAMPLING, Resampling

ARM_SCORE = {"seed": "total_score", "normal-range": "total_score", "personal": "forecast"}
MIN_CHECK_INS = 14
PRIMARY_OUTCOME = (
    "the within-athlete (repeated-measures) correlation between the score each athlete was shown that "
    "morning, as it stood before the day's check-in (the personal method's forecast), and the readiness "
    "they reported the same day"
)


@dataclass(frozen=True)
class Allocation:
    athlete_id: int
    arm: str
    stratum: str
    block: int


def randomise(athletes: Sequence[tuple[int, str]], arms: Sequence[str], seed: int) -> list[Allocation]:
    """Permuted blocks within each main sport: in every block of len(arms) athletes of one sport,
    each arm once, in a random order; so arms stay balanced by sport (within one athlete per
    sport). ``athletes``: (id, main sport). The same seed gives the same allocation."""
    rng = random.Random(seed)
    allocation = []
    block = 0
    for stratum in sorted({sport for _, sport in athletes}):
        ids = sorted(athlete for athlete, sport in athletes if sport == stratum)
        rng.shuffle(ids)
        for start in range(0, len(ids), len(arms)):
            order = rng.sample(list(arms), len(arms))
            allocation += [Allocation(i, arm, stratum, block) for i, arm in zip(ids[start : start + len(arms)], order)]
            block += 1
    return sorted(allocation, key=lambda a: a.athlete_id)


def analysis_plan(
    name: str,
    arms: Sequence[str],
    start: date,
    end: date,
    configs: dict[str, dict],
    resampling: Resampling = DEFAULT_RESAMPLING,
    min_check_ins: int = MIN_CHECK_INS,
    trainer_version: str = "",
) -> dict:
    """The plan written down before the first day: what is measured, on whom, compared how."""
    return {
        "name": name,
        "arms": list(arms),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "primary_outcome": PRIMARY_OUTCOME,
        "score_shown": {arm: ARM_SCORE[arm] for arm in arms},
        "minimum_check_ins": min_check_ins,
        "analysed": f"athletes with at least {min_check_ins} check-ins between start and end, in the arm they were "
        "randomised to (intention to treat)",
        "comparison": [f"{arm} minus {arms[0]}" for arm in arms[1:]],
        "ci": {
            "method": "cluster bootstrap over athletes, resampled within each arm; percentile interval",
            "draws": resampling.draws,
            "seed": resampling.seed,
            "confidence": resampling.confidence,
        },
        "decision": "an arm tracks readiness better only when the interval of its difference excludes 0",
        "configs": configs,
        "trainer_version": trainer_version,
    }


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def seal(plan: dict, allocation: Sequence[Allocation]) -> str:
    """SHA-256 of the plan and the allocation together: any later change to either shows."""
    rows = sorted([a.athlete_id, a.arm, a.stratum, a.block] for a in allocation)
    return hashlib.sha256(canonical({"plan": plan, "allocation": rows}).encode()).hexdigest()


def _r(sums: pl.DataFrame, picks: np.ndarray | None = None) -> np.ndarray:
    columns = [sums[name].to_numpy().astype(float) for name in ("xy", "xx", "yy")]
    if picks is None:
        xy, xx, yy = (np.array([c.sum()]) for c in columns)
    else:
        xy, xx, yy = (c[picks].sum(axis=1) for c in columns)
    with np.errstate(invalid="ignore", divide="ignore"):
        return xy / np.sqrt(xx * yy)


def analyse(days: pl.DataFrame, plan: dict, as_of: date) -> dict:
    """Exactly the plan, on ``days`` (athlete_id, arm, date, score, readiness: one row per
    athlete-day of the study, score the arm's as shown, readiness null without a check-in),
    counting days up to ``as_of``. Before the end the result is interim."""
    start, end = date.fromisoformat(plan["start"]), date.fromisoformat(plan["end"])
    last = min(end, as_of)
    inside = days.filter(pl.col("date").is_between(start, last))
    counts = inside.group_by("athlete_id", "arm").agg(pl.col("readiness").is_not_null().sum().alias("check_ins"))
    analysed = counts.filter(pl.col("check_ins") >= plan["minimum_check_ins"])["athlete_id"]
    rows = inside.filter(pl.col("athlete_id").is_in(analysed.implode()))
    resampling = Resampling(plan["ci"]["draws"], plan["ci"]["seed"], plan["ci"]["confidence"])
    rng = np.random.default_rng(resampling.seed)
    arms = []
    draws = {}
    for arm in plan["arms"]:
        sums = athlete_sums(rows.filter(pl.col("arm") == arm), "score", "readiness")
        k = sums.height
        draws[arm] = _r(sums, rng.integers(0, k, size=(resampling.draws, k))) if k >= 2 else None
        arms.append(
            {
                "arm": arm,
                "randomised": counts.filter(pl.col("arm") == arm).height,
                "analysed": k,
                "days": int(sums["n"].sum()) if k else 0,
                "rmcorr": float(_r(sums)[0]) if k else float("nan"),
            }
        )
    comparisons = []
    first = plan["arms"][0]
    for arm in plan["arms"][1:]:
        a, b = draws[arm], draws[first]
        low, high = resampling.percentiles(a - b) if a is not None and b is not None else (float("nan"),) * 2
        by = {row["arm"]: row for row in arms}
        difference = by[arm]["rmcorr"] - by[first]["rmcorr"]
        comparisons.append(
            {
                "comparison": f"{arm} minus {first}",
                "difference": difference,
                "ci_low": low,
                "ci_high": high,
                "verdict": _verdict(arm, first, low, high),
            }
        )
    elapsed = max(0, (last - start).days + 1)
    for row in (*arms, *comparisons):
        row["interim"] = as_of < end
    return {
        "name": plan["name"],
        "interim": as_of < end,
        "day": elapsed,
        "of_days": (end - start).days + 1,
        "as_of": last.isoformat(),
        "arms": arms,
        "comparisons": comparisons,
        "plan": plan,
    }


def _verdict(arm: str, first: str, low: float, high: float) -> str:
    if not (low == low and high == high):
        return "not enough athletes with check-ins in each arm to compare"
    if low > 0:
        return f"{arm} tracks readiness better than {first}"
    if high < 0:
        return f"{first} tracks readiness better than {arm}"
    return "no detectable difference"


def report_lines(result: dict) -> list[str]:
    """The result in words; before the end every line says it is interim."""
    ci = result["plan"]["ci"]
    drawn = f"{ci['confidence']:.0%} CI".replace("%", " %") + f", {ci['draws']} draws, seed {ci['seed']}"
    lines = [
        f"Study {result['name']}: day {result['day']} of {result['of_days']} (through {result['as_of']}).",
        f"Primary outcome: {result['plan']['primary_outcome']}.",
    ]
    for arm in result["arms"]:
        figure = "no analysable athletes" if not arm["analysed"] else f"{arm['rmcorr']:.3f} over {arm['days']} days"
        lines.append(f"  {arm['arm']}: {arm['analysed']} of {arm['randomised']} athletes analysed; {figure}")
    for row in result["comparisons"]:
        interval = (
            f"{row['ci_low']:.3f} to {row['ci_high']:.3f}" if row["ci_low"] == row["ci_low"] else "not computable"
        )
        lines.append(f"  {row['comparison']}: {row['difference']:+.3f} ({drawn}: {interval}): {row['verdict']}")
    if result["interim"]:
        prefix = f"INTERIM (day {result['day']} of {result['of_days']}, not the planned answer): "
        return [prefix + line for line in lines]
    return lines
