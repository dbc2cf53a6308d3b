"""A planned session as a Garmin Connect workout, built with garminconnect's own typed models.

The models (``garminconnect.workout``) check the payload's shape before anything is sent. Each
step of ``planning.steps`` becomes one Garmin step with a time end condition and its target: a
power range (W) for a ride where FTP is known, a pace range (m/s, slower end first, as Garmin
takes it) for a run where threshold pace is, with the heart-rate range as the second target;
else the heart-rate range alone. Interval repeats become one repeat group of work and recovery.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from garminconnect.workout import (
    CustomHeartRateTarget,
    CustomPowerTarget,
    CyclingWorkout,
    ExecutableStep,
    PaceTarget,
    RepeatGroup,
    RunningWorkout,
    SwimmingWorkout,
    WorkoutSegment,
    create_cooldown_step,
    create_interval_step,
    create_recovery_step,
    create_repeat_group,
    create_targeted_interval_step,
    create_warmup_step,
)

from trainer.planning.sessions import NOUNS
from trainer.planning.steps import Step

MODELS: dict[str, type[RunningWorkout | CyclingWorkout | SwimmingWorkout]] = {
    "run": RunningWorkout,
    "bike": CyclingWorkout,
    "swim": SwimmingWorkout,
}
UPLOAD = {"run": "upload_running_workout", "bike": "upload_cycling_workout", "swim": "upload_swimming_workout"}
NAME_PREFIX = "trainer"
Target = CustomPowerTarget | PaceTarget | CustomHeartRateTarget


@dataclass(frozen=True)
class GarminSession:
    """One day's workout ready to send: the typed model, the upload method, and its fingerprint."""

    day: date
    sport: str
    workout: RunningWorkout | CyclingWorkout | SwimmingWorkout

    @property
    def upload(self) -> str:
        return UPLOAD[self.sport]

    @property
    def payload(self) -> dict:
        return self.workout.to_dict()

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(self.payload, sort_keys=True).encode()).hexdigest()


def garmin_session(
    day: date, sport: str, minutes: int, intensity: str, purpose: str, steps: list[Step]
) -> GarminSession | None:
    """The workout of one planned session; None for a sport Garmin workouts do not cover or a rest day."""
    model = MODELS.get(sport)
    if model is None or not steps:
        return None
    garmin_steps: list[ExecutableStep | RepeatGroup] = []
    order, index = 1, 0
    while index < len(steps):
        step = steps[index]
        if step.kind == "work" and step.repeat is not None:  # work + recovery, repeated: one repeat group
            pair = steps[index : index + 2]
            repeats = sum(1 for s in steps if s.kind == "work" and s.repeat is not None)
            inner = [_garmin_step(s, order + 1 + n) for n, s in enumerate(pair)]
            garmin_steps.append(create_repeat_group(repeats, inner, order))
            order += 1 + len(inner)
            index += 2 * repeats
            continue
        garmin_steps.append(_garmin_step(step, order))
        order += 1
        index += 1
    noun = NOUNS.get(sport, sport)
    name = f"{NAME_PREFIX}: {minutes} min {intensity} {noun} {day:%a %d %b}"
    sport_type = model.model_fields["sportType"].default_factory()  # type: ignore[call-arg,misc]
    workout = model(
        workoutName=name[:80],
        estimatedDurationInSecs=minutes * 60,
        description=(purpose or "")[:500] or None,
        workoutSegments=[WorkoutSegment(segmentOrder=1, sportType=sport_type, workoutSteps=garmin_steps)],
    )
    return GarminSession(day, sport, workout)


def step_targets(step: Step) -> tuple[Target | None, Target | None]:
    """(first target, second target): power or pace with heart rate second, else heart rate alone."""
    heart = (
        CustomHeartRateTarget(lower_limit=step.hr_low, upper_limit=step.hr_high)
        if step.hr_low is not None and step.hr_high is not None
        else None
    )
    if step.power_low is not None and step.power_high is not None:
        return CustomPowerTarget(lower_limit=step.power_low, upper_limit=step.power_high), heart
    if step.pace_fast is not None and step.pace_slow is not None:  # m/s: the slower pace is the lower limit
        pace = PaceTarget(lower_limit=round(1000 / step.pace_slow, 3), upper_limit=round(1000 / step.pace_fast, 3))
        return pace, heart
    return heart, None


def _garmin_step(step: Step, order: int):
    seconds = float(step.minutes * 60)
    first, second = step_targets(step)
    if step.kind in ("work", "steady"):
        if first is None:
            return create_interval_step(seconds, order)
        return create_targeted_interval_step(seconds, order, first, second)
    make = {"warmup": create_warmup_step, "cooldown": create_cooldown_step, "recovery": create_recovery_step}[step.kind]
    garmin_step = make(seconds, order)
    # the warm-up, recovery and cool-down helpers take no range: set it as the targeted helper does
    update: dict = {}
    for prefix, target, place in (("t", first, 1), ("secondaryT", second, 2)):
        if target is not None:
            update[f"{prefix}argetType"] = {
                "workoutTargetTypeId": target.target_type,
                "workoutTargetTypeKey": target.target_type_key,
                "displayOrder": place,
            }
            update[f"{prefix}argetValueOne"] = float(target.lower_limit)
            update[f"{prefix}argetValueTwo"] = float(target.upper_limit)
    return garmin_step.model_copy(update=update) if update else garmin_step
