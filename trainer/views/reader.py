"""The one door through which the apps read data: every read checks the viewer's scope first.

A notebook gets an :class:`AppData` for its viewer (``open_for_viewer``) and never the database
itself. Each method that takes an athlete refuses one outside the viewer's scope
(:class:`NotYours`); the squad and research reads return only the viewer's athletes; a
researcher sees pseudonyms in place of names. The caches behind it (``views.data``) are shared
by every viewer, which is safe because the filtering happens here, after them.

    >>> data, athletes, problem = open_for_viewer(settings, viewer)
    >>> data.scores(athlete_id, config, data.version(athlete_id))   # NotYours if not theirs
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from trainer.access.viewer import Viewer
from trainer.errors import TrainerError
from trainer.scoring import ScoringConfig
from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.models import table_of
from trainer.views import data as cached


class NotYours(TrainerError):
    """A read outside the viewer's scope. Says nothing about whether that athlete exists."""

    def __init__(self) -> None:
        super().__init__("that is not one of the athletes you can see")


@dataclass(frozen=True)
class AppData:
    db: Database
    viewer: Viewer
    pseudonym_key: bytes | None = None

    def require(self, athlete_id: int) -> int:
        if not isinstance(athlete_id, int) or not self.viewer.sees(athlete_id):
            raise NotYours()
        return athlete_id

    @property
    def ids(self) -> list[int] | None:
        return None if self.viewer.athlete_ids is None else sorted(self.viewer.athlete_ids)

    def athletes(self) -> pl.DataFrame:
        """The viewer's athletes (id, name, settings), by name; researchers get pseudonyms as names."""
        from trainer.store.athletes import list_athletes

        athletes = list_athletes(self.db).filter(pl.col("id").is_in(self.ids) if self.ids is not None else pl.lit(True))
        if not self.viewer.pseudonymous:
            return athletes
        from trainer.access.keys import pseudonym

        names = [pseudonym(self.pseudonym_key or b"", i) for i in athletes["id"]]
        return athletes.with_columns(name=pl.Series(names, dtype=pl.String)).sort("name")

    def athlete(self, athlete_id: int):
        """The athlete's record (settings for zones, sport, time zone)."""
        return cached._athlete(self.db, self.require(athlete_id))

    def version(self, athlete_id: int | None = None) -> tuple:
        """The data's version: of one athlete, or of everything (the squad's caches)."""
        return cached.data_version(self.db, None if athlete_id is None else self.require(athlete_id))

    def frames(self, athlete_id: int, version: tuple) -> dict[str, pl.DataFrame]:
        return cached.athlete_frames(self.db.url, self.db.read_only, self.require(athlete_id), version)

    def scores(self, athlete_id: int, config: ScoringConfig, version: tuple) -> pl.DataFrame:
        return cached.athlete_scores(self.db.url, self.db.read_only, self.require(athlete_id), config, version)

    def day_row(self, athlete_id: int, config: ScoringConfig, version: tuple, day: date) -> dict | None:
        """The scored row of ``day``. A day past the athlete's records (this morning, before the watch
        has sent last night) is scored from what there is: their check-in, their spells, the load."""
        found = self.scores(athlete_id, config, version).filter(pl.col("date") == day)
        if found.is_empty():
            from trainer.planning.today import score_from_db

            found = score_from_db(self.db, [self.require(athlete_id)], config, through=day).filter(
                pl.col("date") == day
            )
        return None if found.is_empty() else found.row(0, named=True)

    def load_metrics(self, athlete_id: int, version: tuple) -> pl.DataFrame:
        return cached.athlete_load_metrics(self.db.url, self.db.read_only, self.require(athlete_id), version)

    def on_watch(self, athlete_id: int) -> frozenset:
        """The days whose session ``trainer plan push`` put on the athlete's Garmin calendar."""
        from sqlalchemy import select

        from trainer.store.models import PushedWorkout

        table = table_of(PushedWorkout)
        with self.db.engine.connect() as connection:
            rows = (
                connection.execute(
                    select(table.c.date).where(
                        table.c.athlete_id == self.require(athlete_id), table.c.garmin_schedule_id.is_not(None)
                    )
                )
                .scalars()
                .all()
            )
        return frozenset(rows)

    def coach_notes(self, athlete_id: int, day: date) -> list[dict]:
        """Coaches' notes on the day: an athlete sees only those shown to them."""
        from trainer.store.loaders import load_coach_notes

        return load_coach_notes(self.db, self.require(athlete_id), day, shown_only=self.viewer.role == "athlete")

    def check_in(self, athlete_id: int, day: date) -> dict | None:
        """The athlete's standing check-in of ``day`` (its latest version), or None."""
        from trainer.store.loaders import load_check_in

        return load_check_in(self.db, self.require(athlete_id), day)

    def squad_notes(self, start: date, end: date) -> pl.DataFrame:
        """Coaches' notes on the viewer's athletes' days ``start``..``end``, for every coach of the squad
        to see (an athlete sees only those shown to them)."""
        from trainer.store.loaders import load_squad_coach_notes

        notes = load_squad_coach_notes(self.db, self.ids, start, end)
        return notes.filter(pl.col("shown")) if self.viewer.role == "athlete" else notes

    def health_episodes(self, athlete_id: int, day: date) -> list[dict]:
        from trainer.store.loaders import load_health_episodes

        return load_health_episodes(self.db, self.require(athlete_id), through=day)

    def team_levers(self) -> dict:
        """The team's scoring settings (``trainer settings set``): what every viewer sees by default."""
        from trainer.store.team_scoring import load_team_levers

        return load_team_levers(self.db)

    def study_arm(self, athlete_id: int, day: date) -> dict | None:
        """The study arm the athlete is in on ``day`` (name, arm, blind_coaches, config), or None."""
        from trainer.research.study_store import arm_on

        return arm_on(self.db, self.require(athlete_id), day)

    def study_arms(self, day: date) -> dict[int, dict]:
        """The viewer's athletes who are in a study on ``day`` (as ``study_arm``)."""
        from trainer.research.study_store import arms_on

        return arms_on(self.db, day, self.ids)

    def sync_health(self) -> pl.DataFrame:
        """The viewer's athletes' last synced morning and how many mornings in a row have failed."""
        from trainer.day.attention import sync_health
        from trainer.store.job_history import failing_mornings, job_runs

        return sync_health(failing_mornings(job_runs(self.db, self.ids)))

    def study_reports(self, as_of: date) -> list[dict]:
        """Each study whose athletes the viewer may all see, analysed by its frozen plan up to
        ``as_of``: name, lines (interim on every line before the end). A study that reaches
        outside the viewer's scope is left out rather than shown in part."""
        from trainer.research.study import analyse, report_lines
        from trainer.research.study_store import demo_athletes, load_study, studies, study_days

        out = []
        for row in studies(self.db):
            try:
                _, plan, allocation = load_study(self.db, row["name"])
            except TrainerError as problem:
                out.append({"name": row["name"], "lines": [str(problem)]})
                continue
            if not all(self.viewer.sees(a.athlete_id) for a in allocation):
                continue
            result = analyse(study_days(self.db, plan, allocation), plan, as_of)
            result["demo_athletes"] = demo_athletes(self.db, allocation)
            out.append({"name": row["name"], "lines": report_lines(result)})
        return out

    def heart_rate_zones(self, athlete_id: int) -> dict[str, dict]:
        from trainer.store.loaders import load_heart_rate_zones

        return load_heart_rate_zones(self.db, self.require(athlete_id))

    def thresholds(self, athlete_id: int, day: date):
        """The athlete's FTP, threshold pace and Garmin's figures as of ``day`` (``store.performance``)."""
        from trainer.store.performance import athlete_thresholds

        return athlete_thresholds(self.db, self.require(athlete_id), day)

    def planned_session(self, athlete_id: int, day: date) -> dict | None:
        from trainer.store.loaders import load_planned_session

        return load_planned_session(self.db, self.require(athlete_id), day)

    def plan_view(self, athlete_id: int, day: date, version: tuple):
        self.require(athlete_id)
        return cached.athlete_plan_view(
            self.db.url, self.db.read_only, athlete_id, day, version, cached.plan_version(self.db, athlete_id)
        )

    def goal_check(self, athlete_id: int, spec, day: date, version: tuple):
        return cached.goal_check(self.db.url, self.db.read_only, self.require(athlete_id), spec, day, version)

    def plan_preview(self, athlete_id: int, spec, day: date, version: tuple):
        return cached.plan_preview(self.db.url, self.db.read_only, self.require(athlete_id), spec, day, version)

    def insights(self, athlete_id: int, day: date, settings: Settings, fresh: bool = False):
        from trainer.views.insights import insights_for_app

        return insights_for_app(self.db, self.athlete(athlete_id), day, settings, fresh=fresh and self.may_write)

    def squad_scores(self, config: ScoringConfig, version: tuple) -> pl.DataFrame:
        """Every score of the viewer's athletes (the shared cache holds everyone's; this filters)."""
        scores = cached.squad_scores(self.db.url, self.db.read_only, config, version)
        return scores if self.ids is None else scores.filter(pl.col("athlete_id").is_in(self.ids))

    def squad_mornings(self, on: date) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The viewer's athletes' standing check-ins up to ``on`` and their spells of illness and injury."""
        from trainer.store.loaders import load_episodes_frame, load_latest_check_ins

        return load_latest_check_ins(self.db, self.ids, end=on), load_episodes_frame(self.db, self.ids)

    def research_inputs(self) -> dict[str, pl.DataFrame]:
        """Wellness, loads and readiness of the viewer's athletes, for validation."""
        from trainer.research.report import load_inputs

        return load_inputs(self.db, self.ids)

    @property
    def may_write(self) -> bool:
        return self.viewer.role == "owner" and not self.db.read_only

    @property
    def writable_db(self) -> Database:
        """The database for the local app's writes (readiness, goals, sync); refused anywhere else."""
        if not self.may_write:
            raise TrainerError("this app is read-only")
        return self.db


def open_for_viewer(settings: Settings, viewer: Viewer) -> tuple[AppData | None, pl.DataFrame | None, str | None]:
    """(data, the viewer's athletes, problem): a problem is a sentence to show instead of a traceback."""
    try:
        db = cached.database(settings.database_url, settings.read_only)
        key = None
        if viewer.pseudonymous:
            from trainer.access.keys import site_key

            key = site_key(settings.key_file)
        data = AppData(db, viewer, key)
        return data, data.athletes(), None
    except TrainerError as error:
        return None, None, str(error)
