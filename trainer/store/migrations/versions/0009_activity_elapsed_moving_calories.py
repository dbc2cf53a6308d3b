"""activity.elapsed_s, moving_s, calories: duration_s is timer time (Garmin Connect's duration) from now on

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.add_column(sa.Column("elapsed_s", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("moving_s", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("calories", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_column("calories")
        batch_op.drop_column("moving_s")
        batch_op.drop_column("elapsed_s")
