"""The shape every insight has, whoever wrote it; Claude's output is validated into it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

InsightType = Literal["recovery_pattern", "overtraining_warning", "workout_effectiveness", "frequency_recommendation"]
Source = Literal["claude", "rules"]
Scalar = float | int | str | bool | None


class InsightBody(BaseModel):
    """One insight as written (by a rule, or by Claude in JSON)."""

    model_config = ConfigDict(extra="forbid")

    type: InsightType
    title: str = Field(min_length=3, max_length=120)
    content: str = Field(min_length=10, max_length=1200)
    supporting_data: dict[str, Scalar] = Field(default_factory=dict)
    action_items: list[str] = Field(min_length=1, max_length=4)


class InsightAnswer(BaseModel):
    """What Claude must return: 3-5 insights."""

    model_config = ConfigDict(extra="forbid")

    insights: list[InsightBody] = Field(min_length=3, max_length=5)


class Insight(InsightBody):
    """An insight as stored and shown: who wrote it, when, and until when it holds."""

    model_config = ConfigDict(extra="ignore")

    source: Source
    generated_at: datetime
    valid_until: datetime
    model: str | None = None

    def to_dict(self) -> dict:
        return {
            "type": self.type,
            "title": self.title,
            "content": self.content,
            "supporting_data": self.supporting_data,
            "action_items": self.action_items,
            "source": self.source,
            "generated_at": self.generated_at.isoformat(),
            "valid_until": self.valid_until.isoformat(),
        }
