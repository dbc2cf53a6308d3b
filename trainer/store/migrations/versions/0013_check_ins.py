"""check_in and health_episode: the morning check-in (every version kept) and spells of illness
and injury

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _athlete() -> sa.Column:
    return sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "check_in",
        sa.Column("id", sa.Integer(), primary_key=True),
        _athlete(),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("via", text(length=40), nullable=False),
        *(
            sa.Column(name, sa.Float(), nullable=True)
            for name in ("readiness", "fatigue", "soreness", "mood", "stress", "sleep_quality")
        ),
        sa.Column("ill", sa.Boolean(), nullable=False),
        sa.Column("injured", sa.Boolean(), nullable=False),
        sa.Column("injury_part", text(length=40), nullable=True),
        sa.Column("injury_severity", text(length=20), nullable=True),
        sa.Column("injury_since", sa.Date(), nullable=True),
        sa.Column("note", text(length=500), nullable=True),
        sa.UniqueConstraint("athlete_id", "date", "version", name="uq_check_in_version"),
    )
    op.create_index("ix_check_in_athlete_date", "check_in", ["athlete_id", "date"])
    op.create_table(
        "health_episode",
        sa.Column("id", sa.Integer(), primary_key=True),
        _athlete(),
        sa.Column("kind", text(length=10), nullable=False),
        sa.Column("body_part", text(length=40), nullable=True),
        sa.Column("severity", text(length=20), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("source", text(length=40), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_health_episode_athlete", "health_episode", ["athlete_id", "start"])


def downgrade() -> None:
    op.drop_table("health_episode")
    op.drop_table("check_in")
