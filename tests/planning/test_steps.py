"""Session steps: what a watch walks an athlete through, over generated sessions and zones."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trainer.planning.steps import INTERVAL_RECOVERY, INTERVAL_WORK, session_steps, steps_text
from trainer.scoring.zones import HeartRateProfile

KINDS = ["long", "easy", "recovery", "tempo", "intervals", "race_pace", "shakeout", "race"]
INTENSITIES = ["recovery", "easy", "moderate", "hard", "maximal"]


@st.composite
def zones_strategy(draw) -> HeartRateProfile:
    """Any mix of known and unknown anchors; a threshold, when known, sits below max HR (0.80-0.95 of it)."""
    max_hr = draw(st.one_of(st.none(), st.floats(150, 215)))
    rest_hr = draw(st.one_of(st.none(), st.floats(35, 75)))
    lthr = draw(st.one_of(st.none(), st.floats(0.80, 0.95).map(lambda f: f * (max_hr or 185))))
    return HeartRateProfile(max_hr=max_hr, max_hr_source="test", rest_hr=rest_hr, rest_hr_source="test", lthr=lthr)


@given(
    kind=st.sampled_from(KINDS),
    minutes=st.integers(0, 400),
    intensity=st.sampled_from(INTENSITIES),
    zones=zones_strategy(),
)
def test_steps_add_up_and_sit_in_the_athletes_zones(kind, minutes, intensity, zones):
    steps = session_steps(kind, minutes, intensity, zones)
    if minutes == 0:
        assert steps == []  # a rest day has no workout
        return
    assert sum(s.minutes for s in steps) == minutes and all(s.minutes > 0 for s in steps)
    for s in steps:
        assert (s.hr_low, s.hr_high) == (zones.hr_range(s.intensity) or (None, None))  # the dashboard's numbers
        if s.hr_low is not None:
            assert s.hr_low <= s.hr_high
    if len(steps) > 1:
        assert steps[0].kind == "warmup" and steps[-1].kind == "cooldown"


@given(minutes=st.integers(35, 400), intensity=st.sampled_from(["hard", "maximal"]), zones=zones_strategy())
def test_intervals_are_repeats_of_work_and_recovery(minutes, intensity, zones):
    steps = session_steps("intervals", minutes, intensity, zones)
    work = [s for s in steps if s.kind == "work"]
    recovery = [s for s in steps if s.kind == "recovery"]
    assert work and len(work) == len(recovery)
    assert [s.repeat for s in work] == [s.repeat for s in recovery] == list(range(1, len(work) + 1))
    assert all(s.minutes == INTERVAL_WORK and s.intensity == intensity for s in work)
    assert all(s.minutes == INTERVAL_RECOVERY and s.intensity == "easy" for s in recovery)
    assert steps[-1].minutes < 10 + INTERVAL_WORK + INTERVAL_RECOVERY  # no whole repeat left in the cool-down


def test_a_tempo_session_reads_as_a_coach_writes_it():
    zones = HeartRateProfile(max_hr=190, max_hr_source="set", rest_hr=50, rest_hr_source="set", lthr=170)
    steps = session_steps("tempo", 60, "moderate", zones)
    assert [(s.kind, s.minutes, s.intensity) for s in steps] == [
        ("warmup", 15, "easy"),
        ("work", 35, "moderate"),
        ("cooldown", 10, "recovery"),
    ]
    assert steps_text(steps).splitlines() == [
        "Warm-up: 15 min easy at 136-151 bpm",
        "Work: 35 min moderate at 153-160 bpm",
        "Cool-down: 10 min recovery at 119-134 bpm",
    ]
    assert [(s.kind, s.minutes) for s in session_steps("easy", 20, "easy", zones)] == [
        ("steady", 20)
    ]  # too short for a warm-up
