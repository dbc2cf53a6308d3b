"""Many demo athletes for squad views and benchmarks: the three profiles, varied per athlete."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from trainer.demo.profiles import DEMO_PROFILES, DemoProfile


def squad_profiles(count: int, seed: int = 11) -> list[DemoProfile]:
    """``count`` distinct profiles named ``demo-squad-001``...; deterministic for a seed."""
    rng = np.random.default_rng(seed)
    profiles = []
    for number in range(1, count + 1):
        base = DEMO_PROFILES[(number - 1) % len(DEMO_PROFILES)]
        profiles.append(
            replace(
                base,
                name=f"demo-squad-{number:03d}",
                description=f"Demo squad member ({base.description.removeprefix('Demo: ')})",
                hrv_base=round(float(base.hrv_base * rng.uniform(0.6, 1.5)), 1),
                rhr_base=round(float(base.rhr_base + rng.uniform(-6, 8)), 1),
                weekly_load=round(float(base.weekly_load * rng.uniform(0.6, 1.3)), 1),
                race_days_before_end=tuple(int(d + rng.integers(-40, 40)) for d in base.race_days_before_end),
                illness_days_before_end=int(rng.integers(20, 700)),
            )
        )
    return profiles
