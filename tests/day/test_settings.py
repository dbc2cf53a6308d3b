"""Which settings score an athlete's day: the team's, the study arm's, or a marked what-if."""

from __future__ import annotations

from trainer.day.settings import RECOVERY, YOUR_SCORE, day_settings
from trainer.scoring.config import DEFAULT_LEVERS, ScoringConfig

TEAM = {**DEFAULT_LEVERS, "method": "normal-range", "green_from": 75, "yellow_from": 45}
ARM = {"name": "spring", "arm": "personal", "blind_coaches": True, "config": ScoringConfig(method="personal")}


def test_the_team_scores_a_day_outside_a_study():
    settings = day_settings(TEAM, None)
    assert settings.source == "team" and settings.config.method == "normal-range" and settings.label == RECOVERY
    assert settings.config.green_from == 75 and settings.study_shown_to(coach=True) is None


def test_a_study_arm_scores_its_athletes_day_with_the_teams_bands():
    settings = day_settings(TEAM, ARM)
    assert settings.source == "study" and settings.config.method == "personal" and settings.label == YOUR_SCORE
    assert (settings.config.green_from, settings.config.yellow_from) == (75, 45)
    assert settings.study_shown_to(coach=True) == "spring"  # blinded coaches see the study, not the arm
    assert settings.study_shown_to(coach=False) == "spring: personal arm"


def test_a_what_if_wins_and_says_so():
    mine = ScoringConfig(method="seed")
    settings = day_settings(TEAM, ARM, mine)
    assert settings.source == "what-if" and settings.config is mine and settings.label == RECOVERY
