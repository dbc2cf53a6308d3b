"""Studies as pure functions: blocked randomisation balanced by sport, a seal that notices any
change, and an analysis that finds a true difference and, with none, covers 0 about 95 % of the time."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from trainer.research.study import analyse, analysis_plan, randomise, report_lines, seal

START = date(2026, 1, 5)
PLAN = analysis_plan("s", ["seed", "personal"], START, START + timedelta(days=55), {}, min_check_ins=14)


def test_blocks_balance_the_arms_within_each_sport_and_the_seed_repeats_them():
    athletes = [(i, "run") for i in range(1, 10)] + [(i, "bike") for i in range(10, 16)] + [(16, "swim")]
    allocation = randomise(athletes, ["seed", "personal"], seed=7)
    assert sorted(a.athlete_id for a in allocation) == list(range(1, 17))
    for sport in ("run", "bike", "swim"):
        arms = [a.arm for a in allocation if a.stratum == sport]
        assert abs(arms.count("seed") - arms.count("personal")) <= 1
    assert randomise(athletes, ["seed", "personal"], seed=7) == allocation
    others = [randomise(athletes, ["seed", "personal"], seed=s) for s in range(8, 12)]
    assert any(other != allocation for other in others)


def test_the_seal_changes_with_the_plan_or_any_allocation():
    allocation = randomise([(i, "run") for i in range(1, 7)], ["seed", "personal"], 1)
    sealed = seal(PLAN, allocation)
    assert len(sealed) == 64 and seal(PLAN, list(reversed(allocation))) == sealed
    swapped = [
        allocation[0].__class__(
            allocation[0].athlete_id, "seed" if allocation[0].arm == "personal" else "personal", "run", 0
        ),
        *allocation[1:],
    ]
    assert seal(PLAN, swapped) != sealed
    assert seal({**PLAN, "minimum_check_ins": 10}, allocation) != sealed


def simulated(rng: np.random.Generator, athletes: int, noise: dict[str, float], days: int = 56) -> pl.DataFrame:
    """Athletes whose readiness wanders (AR(1)); each arm's score is readiness plus noise of its own size."""
    rows = []
    for athlete in range(athletes):
        arm = "seed" if athlete % 2 == 0 else "personal"
        level = np.zeros(days)
        for d in range(1, days):
            level[d] = 0.6 * level[d - 1] + rng.normal()
        readiness = 6 + 1.5 * level
        score = 70 + 10 * level + rng.normal(0, noise[arm], days) * 10
        answered = rng.random(days) < 0.8
        rows.append(
            pl.DataFrame(
                {
                    "athlete_id": [athlete] * days,
                    "arm": [arm] * days,
                    "date": [START + timedelta(days=d) for d in range(days)],
                    "score": score,
                    "readiness": np.where(answered, readiness, np.nan),
                }
            ).with_columns(pl.col("readiness").fill_nan(None))
        )
    return pl.concat(rows)


def test_a_true_difference_is_found():
    rng = np.random.default_rng(3)
    result = analyse(simulated(rng, 30, {"seed": 3.0, "personal": 0.7}), PLAN, START + timedelta(days=60))
    row = result["comparisons"][0]
    assert (
        not result["interim"]
        and row["ci_low"] > 0
        and row["verdict"] == "the personal arm tracks readiness better than the standard arm"
    )
    by = {arm["arm"]: arm for arm in result["arms"]}
    assert by["personal"]["rmcorr"] > 0.7 > 0.4 > by["seed"]["rmcorr"] and by["seed"]["analysed"] == 15


def test_with_no_true_difference_the_interval_covers_zero_about_95_percent_of_the_time():
    """A calibration test: 200 seeded studies of 30 athletes (2000 draws each; a few seconds)."""
    rng = np.random.default_rng(11)
    covered = 0
    for _ in range(200):
        found = analyse(simulated(rng, 30, {"seed": 1.5, "personal": 1.5}), PLAN, START + timedelta(days=60))
        row = found["comparisons"][0]
        covered += row["ci_low"] <= 0 <= row["ci_high"]
    assert 0.90 <= covered / 200 <= 0.99, covered


def test_an_early_report_says_interim_on_every_line():
    rng = np.random.default_rng(5)
    result = analyse(simulated(rng, 8, {"seed": 1.0, "personal": 1.0}), PLAN, START + timedelta(days=20))
    lines = report_lines(result)
    assert result["interim"] and result["day"] == 21 and all(line.startswith("INTERIM (day 21 of 56") for line in lines)
    assert all(row["interim"] for row in (*result["arms"], *result["comparisons"]))
    # 21 days at 80 % is fewer than 14 check-ins for some: they are counted as randomised, not analysed
    assert all(arm["randomised"] == 4 for arm in result["arms"])


def test_every_arm_is_within_one_athlete_of_every_other_overall_and_in_each_sport():
    """15 athletes in many small sports once came out 9 against 6: each sport's left-over athlete
    drew an arm at random. The left-overs now go to the arms with the fewest so far."""
    rng = np.random.default_rng(5)
    sports = ["run", "bike", "swim", "triathlon", "row", "other"]
    for trial in range(300):
        arms = ["seed", "personal"] if trial % 3 else ["seed", "normal-range", "personal"]
        athletes = [(i, str(rng.choice(sports[: rng.integers(1, 7)]))) for i in range(1, int(rng.integers(2, 40)))]
        allocation = randomise(athletes, arms, seed=trial)
        assert sorted(a.athlete_id for a in allocation) == [i for i, _ in athletes]
        counts = [sum(a.arm == arm for a in allocation) for arm in arms]
        assert max(counts) - min(counts) <= 1, (trial, counts)
        for sport in {s for _, s in athletes}:
            per_sport = [sum(a.arm == arm and a.stratum == sport for a in allocation) for arm in arms]
            assert max(per_sport) - min(per_sport) <= 1, (trial, sport, per_sport)


def test_a_report_with_too_few_athletes_says_what_it_needs_and_never_nan():
    rng = np.random.default_rng(4)
    days = simulated(rng, 3, {"seed": 3.0, "personal": 0.7})
    lonely = days.filter(pl.col("arm") == "seed").head(1).vstack(days.filter(pl.col("arm") == "personal"))
    result = analyse(lonely, PLAN, START + timedelta(days=60)) | {"demo_athletes": 3}
    text = "\n".join(report_lines(result))
    assert "nan" not in text and "None" not in text and "n/a" not in text
    assert "standard arm: 0 of 1 athletes analysed; not computable yet: needs 14 check-ins from each athlete" in text
    assert (
        "personal minus standard: not computable yet: needs at least 2 athletes with 14 check-ins in each arm, "
        "has 0 in the standard arm" in text
    )
    assert "Demo data: 3 of the athletes are made-up demo athletes" in text and "proves nothing about real" in text
