"""Plan speed: generating a 24-week plan and adapting a week, pure and through the database.

Targets (issue 6): a 24-week plan generated in <= 200 ms; adapting a week <= 50 ms. The plain
alternative for adapting is regenerating the whole plan (what adaptation would cost without
resuming from the week it changes).

    .venv/bin/python benchmarks/bench_plans.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import polars as pl  # noqa: E402
from timing import median_ms  # noqa: E402

from trainer.demo.writer import write_demo  # noqa: E402
from trainer.planning.adapt import Decision, apply  # noqa: E402
from trainer.planning.fitness import Fitness  # noqa: E402
from trainer.planning.generate import build_plan  # noqa: E402
from trainer.planning.goals import GoalSpec  # noqa: E402
from trainer.planning.service import adapt_plan, create_plan  # noqa: E402
from trainer.planning.store import add_goal  # noqa: E402
from trainer.scoring.zones import HeartRateProfile  # noqa: E402
from trainer.store.athletes import get_athlete  # noqa: E402
from trainer.store.database import open_database  # noqa: E402

END = date(2026, 11, 24)
HR = HeartRateProfile(188, "setting", 50, "setting", None)
FITNESS = Fitness(ctl=55, weekly_minutes=300, load_per_minute=1.4)
GOAL = GoalSpec("marathon", 42.195, END + timedelta(days=1 + 24 * 7 - 1), target_time_s=12600)


def main() -> None:
    plan = build_plan(GOAL, FITNESS, HR, END + timedelta(days=1))
    assert plan.weeks.height == 24
    week = plan.weeks.row(11, named=True)
    decision = Decision(week["week"], week["week_start"], "deload", "benchmark")
    generate = median_ms(lambda: build_plan(GOAL, FITNESS, HR, END + timedelta(days=1)), repeat=30)
    adapt = median_ms(lambda: apply(plan, decision, FITNESS, HR), repeat=30)
    print(f"24-week marathon plan, pure:        {generate:7.1f} ms median (target <= 200)")
    print(
        f"adapt week 12 of 24, pure:          {adapt:7.1f} ms median (target <= 50); "
        f"regenerating the whole plan instead: {generate:.1f} ms ({generate / adapt:.1f}x)"
    )
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{folder}/bench.db")
        write_demo(db, END)
        athlete = get_athlete(db, "demo-triathlete")
        goal = add_goal(db, athlete.id, GOAL)
        created = median_ms(lambda: create_plan(db, athlete, goal.id, END), repeat=10)
        create_plan(db, athlete, goal.id, END - timedelta(days=35))
        with db.engine.connect() as connection:
            plan_start = connection.exec_driver_sql("select start_date from training_plan where is_current").scalar()
        plan_start = date.fromisoformat(str(plan_start))
        sunday = plan_start + timedelta(days=6 + 7 * 3)
        first = adapt_plan(db, athlete, sunday)
        decide_only = median_ms(lambda: adapt_plan(db, athlete, sunday), repeat=10)
        print(f"create + save a 24-week plan, SQLite (fitness, zones, write): {created:7.1f} ms median")
        print(
            f"plan adapt end to end, SQLite (score the week, compliance, decide{', save' if first.changed else ''}): "
            f"{decide_only:7.1f} ms median (decision: {first.decision.action if first.decision else '-'})"
        )
    print(f"polars {pl.__version__}")


if __name__ == "__main__":
    main()
