"""source_connection: an athlete's connection to a source other than Garmin (intervals.icu), its
API key sealed with the site key, and whether trainer may write back to it

Revision ID: 0024
Revises: 0023
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_connection",
        sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athlete.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), primary_key=True),
        sa.Column("secret_sealed", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("writes", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("saved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("source_connection")
