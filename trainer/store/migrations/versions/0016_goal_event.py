"""goal.event, goal.event_hours, goal.stage_days: goals in every endurance sport (a gran fondo of
5 hours, a 3-day stage race, a 70.3, a base block), not only running distances

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("goal") as batch:
        batch.add_column(sa.Column("event", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch.add_column(sa.Column("event_hours", sa.Float(), nullable=True))
        batch.add_column(sa.Column("stage_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("goal") as batch:
        batch.drop_column("stage_days")
        batch.drop_column("event_hours")
        batch.drop_column("event")
