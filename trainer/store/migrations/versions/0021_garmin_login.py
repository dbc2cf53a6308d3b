"""garmin_login: each athlete's Garmin tokens, sealed, in the database (every machine of a site
uses one login); tokens found in a config home's folder move in on their first use

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "garmin_login",
        sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athlete.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tokens_sealed", sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
        sa.Column("saved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("garmin_login")
