"""The team's scoring settings: what every athlete, coach and morning message sees unless someone
tries a marked "what if". One row, set by the person who runs trainer (``trainer settings set``)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from trainer.store.models._base import utc_now


class TeamScoring(SQLModel, table=True):
    __tablename__ = "team_scoring"

    id: int | None = Field(default=None, primary_key=True)
    method: str = Field(default="seed", max_length=20)
    weights: str = Field(default="0.4,0.3,0.2,0.1", max_length=60, description="hrv,hr,sleep,stress")
    acwr: str = Field(default="method default", max_length=20)
    green_from: int = 80
    yellow_from: int = 50
    set_by: str = Field(default="", max_length=80)
    set_at: datetime = Field(default_factory=utc_now)
