"""goal.available_days (the weekdays an athlete can train) and planned_workout.kind

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("goal") as batch_op:
        batch_op.add_column(
            sa.Column(
                "available_days",
                sqlmodel.sql.sqltypes.AutoString(length=27),
                nullable=False,
                server_default="mon,tue,wed,thu,fri,sat,sun",
            )
        )
    with op.batch_alter_table("planned_workout") as batch_op:
        batch_op.add_column(
            sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default="easy")
        )


def downgrade() -> None:
    with op.batch_alter_table("planned_workout") as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("goal") as batch_op:
        batch_op.drop_column("available_days")
