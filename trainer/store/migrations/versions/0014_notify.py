"""notify_target and notify_sent: the morning message's receivers (URLs encrypted) and what was sent

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "notify_target",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athlete.id", ondelete="CASCADE"), nullable=True),
        sa.Column("grant_id", sa.Integer(), sa.ForeignKey("access_grant.id", ondelete="CASCADE"), nullable=True),
        sa.Column("url_sealed", text(length=4000), nullable=False),
        sa.Column("scheme", text(length=40), nullable=False),
        sa.Column("at", text(length=5), nullable=False),
        sa.Column("time_zone", text(length=64), nullable=False),
        sa.Column("details", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_table(
        "notify_sent",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("target_id", sa.Integer(), sa.ForeignKey("notify_target.id", ondelete="CASCADE"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent", sa.Boolean(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("last_try_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("target_id", "day", name="uq_notify_sent_day"),
    )


def downgrade() -> None:
    op.drop_table("notify_sent")
    op.drop_table("notify_target")
