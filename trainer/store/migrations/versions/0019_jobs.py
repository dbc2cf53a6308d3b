"""job_run, garmin_pause: the scheduled jobs' state, leases and Garmin's pause per address

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    when = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "job_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", text(length=120), nullable=False, unique=True),
        sa.Column("kind", text(length=20), nullable=False),
        sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athlete.id", ondelete="CASCADE"), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("state", text(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("holder", text(length=80), nullable=True),
        sa.Column("lease_until", when(), nullable=True),
        sa.Column("next_try_at", when(), nullable=True),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("result", text(length=500), nullable=True),
        sa.Column("error", text(length=500), nullable=True),
        sa.Column("started_at", when(), nullable=True),
        sa.Column("finished_at", when(), nullable=True),
        sa.Column("updated_at", when(), nullable=False),
    )
    op.create_table(
        "garmin_pause",
        sa.Column("address", text(length=80), primary_key=True),
        sa.Column("until", when(), nullable=False),
        sa.Column("reason", text(length=200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("garmin_pause")
    op.drop_table("job_run")
