"""One row per athlete and calendar date: the morning's recovery inputs."""

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from trainer.store.models._base import athlete_fk, utc_now


class DailyWellness(SQLModel, table=True):
    """Wellness of the morning of ``date`` (HRV and sleep of the night that ends on it).

    Missing is null, never 0. The Garmin-only columns stay null for other sources.
    """

    __tablename__ = "daily_wellness"
    __table_args__ = (
        UniqueConstraint("athlete_id", "date", name="uq_wellness_athlete_date"),
        Index("ix_wellness_athlete_date", "athlete_id", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = athlete_fk()
    date: date
    hrv_ms: float | None = Field(default=None, description="overnight rMSSD (Garmin, intervals.icu)")
    hrv_sdnn_ms: float | None = Field(
        default=None, description="SDNN from spot readings (Apple Health): never mixed with rMSSD in a baseline"
    )
    resting_hr: float | None = None
    sleep_minutes: float | None = None
    sleep_score: float | None = None
    stress_level: float | None = None
    hrv_baseline_low: float | None = Field(default=None, description="Garmin balancedLow")
    hrv_baseline_high: float | None = Field(default=None, description="Garmin balancedUpper")
    hrv_status: str | None = Field(default=None, max_length=20)
    training_readiness: float | None = Field(default=None, description="Garmin's morning score")
    body_battery: float | None = None
    garmin_acwr: float | None = Field(
        default=None, description="Garmin's dailyAcuteChronicWorkloadRatio (truncated to 0.1)"
    )
    garmin_acute_load: float | None = None
    garmin_chronic_load: float | None = None
    source: str = Field(default="manual", max_length=20)
    updated_at: datetime = Field(default_factory=utc_now)
