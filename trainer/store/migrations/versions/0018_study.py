"""study, study_allocation: prospective A/B studies of scoring methods

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "study",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", text(length=80), nullable=False, unique=True),
        sa.Column("arms", text(length=80), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("blind_coaches", sa.Boolean(), nullable=False),
        sa.Column("plan", text(), nullable=False),
        sa.Column("sealed_sha256", text(length=64), nullable=False),
        sa.Column("created_by", text(length=80), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_table(
        "study_allocation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("study_id", sa.Integer(), sa.ForeignKey("study.id", ondelete="CASCADE"), nullable=False),
        sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False),
        sa.Column("arm", text(length=20), nullable=False),
        sa.Column("stratum", text(length=20), nullable=False),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.UniqueConstraint("study_id", "athlete_id", name="uq_study_athlete"),
    )


def downgrade() -> None:
    op.drop_table("study_allocation")
    op.drop_table("study")
