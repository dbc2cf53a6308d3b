"""team_scoring: one set of scoring settings per team, shown to everyone unless marked "what if"

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "team_scoring",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("method", text(length=20), nullable=False),
        sa.Column("weights", text(length=60), nullable=False),
        sa.Column("acwr", text(length=20), nullable=False),
        sa.Column("green_from", sa.Integer(), nullable=False),
        sa.Column("yellow_from", sa.Integer(), nullable=False),
        sa.Column("set_by", text(length=80), nullable=False),
        sa.Column("set_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("team_scoring")
