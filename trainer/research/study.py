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
from trainer.research.resampling import DEFAULT_RESAMPLING, Resampling, judged
from trainer.scoring.config import METHOD_NAMES

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
    """Permuted blocks within each main sport: in every full block of len(arms) athletes of one
    sport, each arm once, in a random order. The athletes a sport leaves over (fewer than a block)
    go, sport by sport, to the arms with the fewest athletes so far (ties drawn at random), never
    two to one arm: every arm is within one athlete of every other, overall and in each sport.
    ``athletes``: (id, main sport). The same seed (the allocation seed) gives the same allocation."""
    rng = random.Random(seed)
    allocation: list[Allocation] = []
    left_over: list[tuple[str, list[int]]] = []
    block = 0
    for stratum in sorted({sport for _, sport in athletes}):
        ids = sorted(athlete for athlete, sport in athletes if sport == stratum)
        rng.shuffle(ids)
        full = len(ids) - len(ids) % len(arms)
        for start in range(0, full, len(arms)):
            order = rng.sample(list(arms), len(arms))
            allocation += [Allocation(i, arm, stratum, block) for i, arm in zip(ids[start : start + len(arms)], order)]
            block += 1
        if full < len(ids):
            left_over.append((stratum, ids[full:]))
    counts = {arm: sum(1 for a in allocation if a.arm == arm) for arm in arms}
    for stratum, ids in left_over:
        fewest = sorted(arms, key=lambda arm: (counts[arm], rng.random()))[: len(ids)]
        for athlete, arm in zip(ids, fewest):
            allocation.append(Allocation(athlete, arm, stratum, block))
            counts[arm] += 1
        block += 1
    return sorted(allocation, key=lambda a: a.athlete_id)


ALLOCATION_WORDS = (
    "in blocks of one athlete per arm within each main sport, the athletes a sport left over going to the arms "
    "with the fewest so far"
)


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
            "practical_difference": resampling.practical,
        },
        "decision": "an arm tracks readiness better only when the interval of its difference excludes 0 and reaches "
        f"past {resampling.practical:g} in rmcorr (a smaller difference does not matter)",
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
    # a plan sealed before the practical threshold existed decided on "excludes 0" alone: kept as sealed
    resampling = Resampling(
        plan["ci"]["draws"], plan["ci"]["seed"], plan["ci"]["confidence"], plan["ci"].get("practical_difference", 0.0)
    )
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
                "verdict": _verdict(arm, first, low, high, resampling.practical),
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


def _verdict(arm: str, first: str, low: float, high: float, practical: float) -> str:
    said = judged(low, high, practical)
    a, b = f"the {METHOD_NAMES.get(arm, arm)} arm", f"the {METHOD_NAMES.get(first, first)} arm"
    return {
        "not comparable": "not comparable yet",
        "better": f"{a} tracks readiness better than {b}",
        "worse": f"{b} tracks readiness better than {a}",
        "detectable, too small to matter": f"{a} tracks readiness detectably better, but by too little to matter",
        "detectably worse, too small to matter": f"{b} tracks readiness detectably better, but by too little to matter",
        "no practical difference": "no practical difference",
        "no detectable difference": "no detectable difference",
    }[said]


def report_lines(result: dict) -> list[str]:
    """The result in words; before the end every line says it is interim. Nothing reads nan."""
    ci = result["plan"]["ci"]
    drawn = f"{ci['confidence']:.0%} CI".replace("%", " %") + f", {ci['draws']} draws, resampling seed {ci['seed']}"
    need = result["plan"]["minimum_check_ins"]
    lines = [
        f"Study {result['name']}: day {result['day']} of {result['of_days']} (through {result['as_of']}).",
        f"Primary outcome: {result['plan']['primary_outcome']}.",
    ]
    if result.get("demo_athletes"):
        lines.append(
            f"Demo data: {result['demo_athletes']} of the athletes are made-up demo athletes: this study shows how "
            "the report works and proves nothing about real athletes."
        )
    for arm in result["arms"]:
        figure = (
            f"not computable yet: needs {need} check-ins from each athlete analysed"
            if not arm["analysed"]
            else f"{arm['rmcorr']:.3f} over {arm['days']} days"
        )
        name = METHOD_NAMES.get(arm["arm"], arm["arm"])
        lines.append(f"  {name} arm: {arm['analysed']} of {arm['randomised']} athletes analysed; {figure}")
    for row in result["comparisons"]:
        a, b = (METHOD_NAMES.get(part, part) for part in row["comparison"].split(" minus "))
        if row["ci_low"] == row["ci_low"] and row["difference"] == row["difference"]:
            figure = f"{row['difference']:+.3f} ({drawn}: {row['ci_low']:.3f} to {row['ci_high']:.3f})"
        else:
            short = [arm for arm in result["arms"] if arm["analysed"] < 2]
            figure = (
                "not computable yet: needs at least 2 athletes with "
                + f"{need} check-ins in each arm, has "
                + (
                    ", ".join(
                        f"{arm['analysed']} in the {METHOD_NAMES.get(arm['arm'], arm['arm'])} arm" for arm in short
                    )
                )
            )
        lines.append(f"  {a} minus {b}: {figure}: {row['verdict']}")
    if result["interim"]:
        prefix = f"INTERIM (day {result['day']} of {result['of_days']}, not the planned answer): "
        return [prefix + line for line in lines]
    return lines
