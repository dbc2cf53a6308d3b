"""The team's scoring settings in the database: read by every app and message, written only by
``trainer settings set`` (the person who runs trainer)."""

from __future__ import annotations

from sqlalchemy import delete, select

from trainer.scoring.config import DEFAULT_LEVERS, ScoringConfig, config_from_levers
from trainer.store.database import Database, ReadOnlyError
from trainer.store.models import TeamScoring, table_of
from trainer.store.models._base import utc_now


def load_team_levers(db: Database) -> dict:
    """The team's levers (``DEFAULT_LEVERS``' keys), with ``set_by`` and ``set_at`` when someone set them;
    SCORING.md's defaults until then."""
    t = table_of(TeamScoring)
    with db.engine.connect() as connection:
        row = connection.execute(select(t).order_by(t.c.id.desc()).limit(1)).first()
    if row is None:
        return dict(DEFAULT_LEVERS)
    return {
        "method": row.method,
        "weights": tuple(float(w) for w in row.weights.split(",")),
        "acwr": row.acwr,
        "green_from": row.green_from,
        "yellow_from": row.yellow_from,
        "set_by": row.set_by,
        "set_at": row.set_at,
    }


def team_config(db: Database) -> ScoringConfig:
    return config_from_levers(lever_values(load_team_levers(db)))


def lever_values(levers: dict) -> dict:
    """Only the levers (no who and when)."""
    return {key: levers[key] for key in DEFAULT_LEVERS}


def save_team_levers(db: Database, levers: dict, set_by: str) -> dict:
    """Replace the team's settings (checked first: an invalid set is refused, the old one stays)."""
    if db.read_only:
        raise ReadOnlyError()
    values = {**DEFAULT_LEVERS, **lever_values({**load_team_levers(db), **levers})}
    config_from_levers(values)  # raises InputError on all-zero weights or crossed cut-offs
    t = table_of(TeamScoring)
    with db.engine.begin() as connection:
        connection.execute(delete(t))
        connection.execute(
            t.insert().values(
                method=values["method"],
                weights=",".join(f"{float(w):g}" for w in values["weights"]),
                acwr=values["acwr"],
                green_from=int(values["green_from"]),
                yellow_from=int(values["yellow_from"]),
                set_by=set_by[:80],
                set_at=utc_now(),
            )
        )
    return load_team_levers(db)


def describe_levers(levers: dict) -> str:
    """'seed method; weights HRV 0.4, resting HR 0.3, sleep 0.2, stress 0.1; load ratio the method's own;
    green from 80, yellow from 50'."""
    hrv, hr, sleep, stress = levers["weights"]
    acwr = "the method's own" if levers["acwr"] == "method default" else levers["acwr"]
    return (
        f"{levers['method']} method; weights HRV {hrv:g}, resting HR {hr:g}, sleep {sleep:g}, stress {stress:g}; "
        f"load ratio {acwr}; green from {levers['green_from']}, yellow from {levers['yellow_from']}"
    )
