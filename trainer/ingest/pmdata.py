"""``trainer import pmdata``: the PMData sports logging dataset (Thambawita et al., ACM MMSys 2020).

One athlete per participant folder (``p01`` becomes ``pmdata-p01``): Fitbit resting HR (0 means
no data), main-sleep minutes and sleep score, PMSys session-RPE loads, and PMSys readiness and
wellness items (the first entry of a day; a 0 on a 1-5 item means missing). Times are UTC in
the files; days are Norwegian calendar days. PMData has no HRV and no stress.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import polars as pl
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from trainer.errors import InputError
from trainer.ingest.files import LIMITS, FileRefused, require_regular
from trainer.ingest.merge import merge_activities, merge_wellness
from trainer.ingest.plausible import clean_rows
from trainer.store.database import Database
from trainer.store.models import Athlete, PerceivedReadiness, table_of
from trainer.store.models._base import utc_now
from trainer.store.upsert import upsert

TIME_ZONE = "Europe/Oslo"
ITEMS = ("fatigue", "mood", "soreness", "stress", "sleep_quality")


@dataclass
class ParticipantData:
    wellness: pl.DataFrame
    loads: pl.DataFrame
    readiness: pl.DataFrame


READ_FROM_FITBIT = ("resting_heart_rate.json", "sleep.json", "sleep_score.csv")
READ_FROM_PMSYS = ("srpe.csv", "wellness.csv")


def participant_folders(root: Path) -> list[Path]:
    folders = sorted(p for p in root.iterdir() if p.is_dir() and p.name[:1] == "p" and p.name[1:].isdigit())
    if not folders:
        raise InputError(f"{root}: no PMData participant folders (p01, p02, ...) in it")
    return folders


def _local_day(column: str) -> pl.Expr:
    return pl.col(column).str.to_datetime(time_zone="UTC", strict=False).dt.convert_time_zone(TIME_ZONE).dt.date()


def read_participant(folder: Path) -> ParticipantData:
    fitbit, pmsys = folder / "fitbit", folder / "pmsys"
    for path in (*READ_FROM_FITBIT, *READ_FROM_PMSYS):  # a pipe or a device would hang the read
        file = (fitbit if path in READ_FROM_FITBIT else pmsys) / path
        if file.exists() and require_regular(file) > LIMITS["csv"]:
            raise FileRefused(f"{file.name} is larger than any PMData file: refused")
    frames = [frame for frame in (_resting_hr(fitbit), _sleep(fitbit), _sleep_score(fitbit)) if frame is not None]
    wellness = (
        pl.concat(frames, how="diagonal_relaxed").group_by("date").agg(pl.all().drop_nulls().first()).sort("date")
        if frames
        else pl.DataFrame()
    )
    return ParticipantData(wellness=wellness, loads=_srpe(pmsys, folder.name), readiness=_readiness(pmsys))


def _resting_hr(fitbit: Path) -> pl.DataFrame | None:
    path = fitbit / "resting_heart_rate.json"
    if not path.exists():
        return None
    frame = pl.read_json(path).unnest("value", separator=".") if path.stat().st_size > 2 else None
    if frame is None or frame.is_empty():
        return None
    return frame.select(
        pl.col("dateTime").str.slice(0, 10).str.to_date().alias("date"),
        pl.when(pl.col("value.value") > 0).then(pl.col("value.value").round(1)).alias("resting_hr"),
    )


def _sleep(fitbit: Path) -> pl.DataFrame | None:
    path = fitbit / "sleep.json"
    if not path.exists():
        return None
    frame = pl.read_json(path, infer_schema_length=None)
    if frame.is_empty():
        return None
    return (
        frame.filter(pl.col("mainSleep"))
        .group_by(pl.col("dateOfSleep").str.to_date().alias("date"))
        .agg(pl.col("minutesAsleep").max().cast(pl.Float64).alias("sleep_minutes"))
    )


def _sleep_score(fitbit: Path) -> pl.DataFrame | None:
    path = fitbit / "sleep_score.csv"
    if not path.exists():
        return None
    frame = pl.read_csv(path, infer_schema=False).with_columns(pl.col("overall_score").cast(pl.Float64, strict=False))
    return (
        frame.select(
            _local_day("timestamp").alias("date"), pl.col("overall_score").cast(pl.Float64).alias("sleep_score")
        )
        .group_by("date")
        .agg(pl.col("sleep_score").first())
    )


def _srpe(pmsys: Path, participant: str) -> pl.DataFrame:
    path = pmsys / "srpe.csv"
    if not path.exists():
        return pl.DataFrame()
    frame = pl.read_csv(path, infer_schema=False).with_columns(
        pl.col("perceived_exertion", "duration_min").str.strip_chars().cast(pl.Float64, strict=False)
    )
    return frame.filter(pl.col("perceived_exertion").is_not_null() & pl.col("duration_min").is_not_null()).select(
        pl.format("{}:{}", pl.lit(participant), pl.col("end_date_time")).alias("source_id"),
        _local_day("end_date_time").alias("date"),
        pl.col("end_date_time").str.to_datetime(time_zone="UTC").alias("end_time"),
        pl.when(pl.col("activity_names").str.contains("running"))
        .then(pl.lit("run"))
        .otherwise(pl.lit("other"))
        .alias("sport"),
        pl.col("activity_names").str.replace_all(r"[\[\]']", "").alias("name"),
        (pl.col("duration_min") * 60).cast(pl.Float64).alias("duration_s"),
        (pl.col("perceived_exertion") * pl.col("duration_min")).cast(pl.Float64).alias("load"),
    )


def _readiness(pmsys: Path) -> pl.DataFrame:
    path = pmsys / "wellness.csv"
    if not path.exists():
        return pl.DataFrame()
    frame = pl.read_csv(path, infer_schema=False).with_columns(
        pl.col("readiness", *ITEMS).str.strip_chars().cast(pl.Float64, strict=False)
    )
    return (
        frame.with_columns(_local_day("effective_time_frame").alias("date"))
        .sort("effective_time_frame")
        .group_by("date", maintain_order=True)
        .first()
        .select(
            "date",
            pl.col("readiness").cast(pl.Float64),
            *(pl.when(pl.col(name) > 0).then(pl.col(name).cast(pl.Float64)).alias(name) for name in ITEMS),
        )
    )


def import_pmdata(db: Database, root: Path) -> dict[str, dict]:
    """Import every participant, one transaction each; a participant whose files cannot be read is
    reported (``error``) and the others go on. Returns per participant how many days, sessions and
    readiness rows were read, and the warnings (implausible values stored as missing)."""
    counts: dict[str, dict] = {}
    for folder in participant_folders(root):
        try:
            data = read_participant(folder)
        except (pl.exceptions.PolarsError, OSError, ValueError, TypeError, KeyError) as error:
            counts[folder.name] = {
                "error": f"{folder}: cannot read this participant's files ({str(error).splitlines()[0][:200]}); "
                f"nothing of this participant was written"
            }
            continue
        try:
            counts[folder.name] = _write_participant(db, folder, data)
        except (
            OverflowError,
            ValueError,
            TypeError,
            SQLAlchemyError,
        ) as error:  # one transaction: nothing half-written
            counts[folder.name] = {
                "error": f"{folder}: a value cannot be stored ({type(error).__name__}: "
                f"{str(error).splitlines()[0][:120]}); nothing of this participant was written"
            }
    return counts


def _write_participant(db: Database, folder: Path, data: ParticipantData) -> dict:
    """One transaction: the participant's days, sessions and readiness."""
    problems: list[str] = []
    readiness, readiness_problems = clean_rows(data.readiness.to_dicts())
    problems += readiness_problems
    with db.engine.begin() as connection:
        athlete_id = _athlete(connection, f"pmdata-{folder.name}")
        if not data.wellness.is_empty():
            merge_wellness(connection, athlete_id, data.wellness.to_dicts(), "pmdata", problems)
        sessions = [
            {
                "source": "pmdata",
                "source_id": row["source_id"],
                "sport": row["sport"],
                "name": row["name"],
                "start_time": row["end_time"] - timedelta(seconds=row["duration_s"]),
                "local_date": row["date"],
                "duration_s": row["duration_s"],
                "distance_m": None,
                "avg_hr": None,
                "max_hr": None,
                "load": row["load"],
                "load_source": "srpe",
                "fallback_load": row["load"],
                "fallback_kind": "srpe",
            }
            for row in data.loads.to_dicts()
        ]
        merge_activities(connection, athlete_id, sessions, problems)
        now = utc_now()
        upsert(
            connection,
            table_of(PerceivedReadiness),
            [
                {"athlete_id": athlete_id, "source": "pmdata", "note": None, "created_at": now, **row}
                for row in readiness
            ],
            ("athlete_id", "date"),
            keep=("created_at",),  # a re-import of the same files changes nothing
        )
    return {
        "days": data.wellness.height,
        "sessions": data.loads.height,
        "readiness": len(readiness),
        "warnings": problems,
    }


def _athlete(connection, name: str) -> int:
    table = table_of(Athlete)
    existing = connection.execute(select(table.c.id).where(table.c.name == name)).scalar()
    if existing is not None:
        return existing
    return connection.execute(
        table.insert().values(
            name=name, main_sport="run", zone_method="auto", time_zone=TIME_ZONE, is_demo=False, created_at=utc_now()
        )
    ).inserted_primary_key[0]
