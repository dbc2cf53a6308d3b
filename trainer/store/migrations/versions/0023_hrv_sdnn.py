"""daily_wellness.hrv_sdnn_ms: Apple Health's HRV (SDNN from spot readings), kept apart from the
overnight rMSSD in hrv_ms so the two never meet in one baseline

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("daily_wellness") as batch_op:
        batch_op.add_column(sa.Column("hrv_sdnn_ms", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("daily_wellness") as batch_op:
        batch_op.drop_column("hrv_sdnn_ms")
