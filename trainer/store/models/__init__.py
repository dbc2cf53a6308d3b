"""The database schema, one module per concern. Importing this package registers every table."""

from trainer.store.models._base import id_of, table_of
from trainer.store.models.access import AccessGrant, AccessScope
from trainer.store.models.activity import Activity
from trainer.store.models.athlete import Athlete, HeartRateZones, PerformanceFigure
from trainer.store.models.check_in import CheckIn, CoachNote, HealthEpisode
from trainer.store.models.insight import Insight, InsightRequest, InsightUsage
from trainer.store.models.jobs import GarminPause, JobRun
from trainer.store.models.notify import NotifySent, NotifyTarget
from trainer.store.models.planning import Goal, PlannedWorkout, PushedWorkout, TrainingPlan
from trainer.store.models.readiness import PerceivedReadiness
from trainer.store.models.recommendation import Recommendation
from trainer.store.models.study import Study, StudyAllocation
from trainer.store.models.sync import GarminLogin, SourceConnection, SyncFailure, SyncRun, SyncState
from trainer.store.models.team import TeamScoring
from trainer.store.models.wellness import DailyWellness

__all__ = [
    "GarminPause",
    "JobRun",
    "Study",
    "StudyAllocation",
    "TeamScoring",
    "NotifySent",
    "NotifyTarget",
    "CheckIn",
    "CoachNote",
    "HealthEpisode",
    "id_of",
    "table_of",
    "AccessGrant",
    "AccessScope",
    "Activity",
    "Athlete",
    "DailyWellness",
    "Goal",
    "HeartRateZones",
    "Insight",
    "InsightRequest",
    "InsightUsage",
    "PerceivedReadiness",
    "PerformanceFigure",
    "PlannedWorkout",
    "PushedWorkout",
    "Recommendation",
    "GarminLogin",
    "SyncFailure",
    "SyncRun",
    "SyncState",
    "SourceConnection",
    "TrainingPlan",
]
