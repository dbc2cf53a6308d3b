"""Garmin's daily ACWR and loads, activity time in HR zones, the athlete's Garmin HR zones

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("daily_wellness") as batch_op:
        batch_op.add_column(sa.Column("garmin_acwr", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("garmin_acute_load", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("garmin_chronic_load", sa.Float(), nullable=True))
    with op.batch_alter_table("activity") as batch_op:
        batch_op.add_column(sa.Column("hr_zone_seconds", sa.JSON(), nullable=True))
    op.create_table(
        "heart_rate_zones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("sport", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("resting_hr", sa.Integer(), nullable=True),
        sa.Column("max_hr", sa.Integer(), nullable=True),
        sa.Column("lthr", sa.Integer(), nullable=True),
        sa.Column("zone_floors", sa.JSON(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["athlete_id"], ["athlete.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("athlete_id", "sport", name="uq_zones_athlete_sport"),
    )


def downgrade() -> None:
    op.drop_table("heart_rate_zones")
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_column("hr_zone_seconds")
    with op.batch_alter_table("daily_wellness") as batch_op:
        batch_op.drop_column("garmin_chronic_load")
        batch_op.drop_column("garmin_acute_load")
        batch_op.drop_column("garmin_acwr")
