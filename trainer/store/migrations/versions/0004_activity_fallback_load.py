"""activity.fallback_load / fallback_kind: TRIMP or session-RPE load kept beside Garmin's

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.add_column(sa.Column("fallback_load", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("fallback_kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_column("fallback_kind")
        batch_op.drop_column("fallback_load")
