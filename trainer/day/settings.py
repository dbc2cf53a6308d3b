"""Which settings score an athlete's day: the team's; while a study runs, the athlete's arm's
(shown as "your score", never named by its method); or a what-if one person made on their own
page, marked as such and seen by nobody else. Every face asks ``day_settings``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from trainer.scoring.config import ScoringConfig, config_from_levers

YOUR_SCORE = "your score / 100"
RECOVERY = "recovery / 100"
Source = Literal["team", "study", "what-if"]


@dataclass(frozen=True)
class DaySettings:
    """The config that scores the day and where it comes from. ``study`` and ``arm`` name the
    study while one runs (a coach blinded to arms sees the study only: ``shown_to``)."""

    config: ScoringConfig
    source: Source
    study: str | None = None
    arm: str | None = None
    blind_coaches: bool = False

    @property
    def label(self) -> str:
        """What the number is called under it."""
        return YOUR_SCORE if self.source == "study" else RECOVERY

    def study_shown_to(self, coach: bool) -> str | None:
        """The study as a viewer may see it: its name, and the arm unless coaches are blinded."""
        if self.study is None:
            return None
        return self.study if self.blind_coaches and coach else f"{self.study}: {self.arm} arm"


def team_settings(team_levers: dict) -> DaySettings:
    return DaySettings(config_from_levers(team_levers), "team")


def day_settings(team_levers: dict, arm: dict | None, what_if: ScoringConfig | None = None) -> DaySettings:
    """The settings of one athlete's day. ``team_levers``: the team's (``store.team_scoring``);
    ``arm``: the study arm the athlete is in that day (``research.study_store.arm_on``) or None;
    ``what_if``: a config one person chose on their own page (it wins, and is marked)."""
    team = team_settings(team_levers)
    if what_if is not None:
        return DaySettings(what_if, "what-if")
    if arm is None:
        return team
    config = replace(arm["config"], green_from=team.config.green_from, yellow_from=team.config.yellow_from)
    return DaySettings(config, "study", arm["name"], arm["arm"], bool(arm["blind_coaches"]))
