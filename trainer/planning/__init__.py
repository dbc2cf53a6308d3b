"""Goals and periodized plans: build a plan toward a race, match it to what was done, adapt it weekly.

``build_plan(goal, fitness, heart_rate, rules)`` is pure (frames in, frames out); ``service``
is the database edge the CLI and the apps call.
"""

from trainer.planning.goals import GoalSpec, parse_distance, parse_target_time
from trainer.planning.rules import PlanRules

__all__ = ["GoalSpec", "PlanRules", "parse_distance", "parse_target_time"]
