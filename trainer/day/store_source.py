"""The day's reads straight from the store, for the faces that run on the server's side with no
viewer (``trainer today``, the morning job, the watch, the messages): the same questions the
apps' reader answers for a viewer, over the given athletes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from trainer.scoring import ScoringConfig
from trainer.store.database import Database


@dataclass(frozen=True)
class StoreSquad:
    """A ``day.attention.SquadSource`` over ``ids`` (all athletes when None)."""

    db: Database
    ids: Sequence[int] | None = None

    def team_levers(self) -> dict:
        from trainer.store.team_scoring import load_team_levers

        return load_team_levers(self.db)

    def study_arms(self, day: date) -> dict[int, dict]:
        from trainer.research.study_store import arms_on

        return arms_on(self.db, day, self.ids)

    def version(self) -> tuple:
        return ()

    def squad_scores(self, config: ScoringConfig, version: tuple) -> pl.DataFrame:
        from trainer.planning.today import score_from_db

        if self.ids is not None and not self.ids:
            return score_from_db(self.db, [-1], config)
        return score_from_db(self.db, None if self.ids is None else list(self.ids), config)

    def athletes(self) -> pl.DataFrame:
        from trainer.store.athletes import list_athletes

        athletes = list_athletes(self.db)
        return athletes if self.ids is None else athletes.filter(pl.col("id").is_in(list(self.ids)))

    def squad_mornings(self, on: date) -> tuple[pl.DataFrame, pl.DataFrame]:
        from trainer.store.loaders import load_episodes_frame, load_latest_check_ins

        ids = None if self.ids is None else list(self.ids)
        return load_latest_check_ins(self.db, ids, end=on), load_episodes_frame(self.db, ids)

    def sync_health(self) -> pl.DataFrame:
        from trainer.day.attention import sync_health
        from trainer.store.job_history import failing_mornings, job_runs

        return sync_health(failing_mornings(job_runs(self.db, None if self.ids is None else list(self.ids))))
