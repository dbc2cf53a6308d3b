"""power: each activity's average and weighted power, power load, best efforts and the FTP set on
its device; performance_figure: the figures Garmin holds (FTP, power zones, lactate threshold,
VO2max, race predictions) with the day each was measured; planned_workout: a ride's power and a
run's pace targets

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.add_column(sa.Column("avg_power", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("weighted_power", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("power_load", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("device_ftp", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("power_curve", sa.JSON(), nullable=True))
    with op.batch_alter_table("planned_workout") as batch_op:
        for name in ("power_low", "power_high", "pace_fast", "pace_slow"):
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))
    op.create_table(
        "performance_figure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("sport", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("floors", sa.JSON(), nullable=True),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("athlete_id", "name", "sport", "measured_on", name="uq_figure_athlete_name_day"),
    )
    op.create_index("ix_performance_figure_athlete_id", "performance_figure", ["athlete_id"])


def downgrade() -> None:
    op.drop_index("ix_performance_figure_athlete_id", "performance_figure")
    op.drop_table("performance_figure")
    with op.batch_alter_table("planned_workout") as batch_op:
        for name in ("pace_slow", "pace_fast", "power_high", "power_low"):
            batch_op.drop_column(name)
    with op.batch_alter_table("activity") as batch_op:
        for name in ("power_curve", "device_ftp", "power_load", "weighted_power", "avg_power"):
            batch_op.drop_column(name)
