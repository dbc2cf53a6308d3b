"""coach_note: a coach's note on a day of an athlete, private or shown to the athlete

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "coach_note",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("author", text(length=80), nullable=False),
        sa.Column("grant_id", sa.Integer(), sa.ForeignKey("access_grant.id", ondelete="SET NULL"), nullable=True),
        sa.Column("text", text(length=500), nullable=False),
        sa.Column("shown_to_athlete", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_coach_note_athlete_date", "coach_note", ["athlete_id", "date"])


def downgrade() -> None:
    op.drop_table("coach_note")
