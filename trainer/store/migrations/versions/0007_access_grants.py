"""access_grant and access_scope: who may open the published app, and which athletes they see

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("person", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=True),
        sa.Column("all_athletes", sa.Boolean(), nullable=False),
        sa.Column("secret_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["athlete_id"], ["athlete.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_access_grant_secret_hash", "access_grant", ["secret_hash"], unique=True)
    op.create_table(
        "access_scope",
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["athlete_id"], ["athlete.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["grant_id"], ["access_grant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("grant_id", "athlete_id"),
    )


def downgrade() -> None:
    op.drop_table("access_scope")
    op.drop_index("ix_access_grant_secret_hash", table_name="access_grant")
    op.drop_table("access_grant")
